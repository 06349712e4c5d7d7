package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Who may read and change what: a person's runs and submissions are theirs alone; a recruiter sees only their own
 * assessments, candidates and candidates' code; every admin action needs ADMIN; a role taken away or an account
 * deleted stops working on the very next request.
 */
class AuthorizationIT {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";

    private static void refused(Reply reply, String what) {
        assertThat(reply.status()).as(what + ": " + reply.raw()).isIn(403, 404);
        assertThat(reply.raw()).as(what).doesNotContain("print(");
    }

    @Test
    void aPersonsRunsAndSubmissionsAreTheirsAlone() {
        ArenaClient owner = ArenaClient.signedUp();
        ArenaClient stranger = ArenaClient.signedUp();
        long runId = owner.post("api/v1/runs", Map.of("language", "python", "source", "print('secret')"))
                .body().get("id").asLong();
        long submissionId = owner.submit("sum-of-two", "python", SUM);

        assertThat(owner.get("api/v1/runs/" + runId).status()).isEqualTo(200);
        refused(stranger.get("api/v1/runs/" + runId), "another's run");
        assertThat(owner.get("api/v1/submissions/" + submissionId).status()).isEqualTo(200);
        refused(stranger.get("api/v1/submissions/" + submissionId), "another's submission");
        assertThat(stranger.get("api/v1/submissions").raw()).doesNotContain("\"id\":" + submissionId + ",");
        assertThat(new ArenaClient().get("api/v1/runs/" + runId).status()).isEqualTo(401);
    }

    @Test
    void aRecruiterSeesOnlyTheirOwnAssessments() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        ArenaClient otherRecruiter = ArenaClient.signedUp().grant("RECRUITER");
        ArenaClient candidate = ArenaClient.signedUp();
        Instant now = Instant.now();
        long id = recruiter.post("api/v1/assessments", Map.of("title", "Hiring", "tasks", List.of("sum-of-two"),
                        "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                        "closesAt", now.plus(Duration.ofHours(1)).toString()))
                .body().get("id").asLong();
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses",
                "candidate@example.org"));
        String link = invited.body().get("links").get(0).get("link").asText();
        String token = link.substring(link.indexOf("token=") + 6);
        assertThat(candidate.post("api/v1/invitations/" + token + "/start", Map.of()).status()).isEqualTo(200);

        for (String path : List.of("", "/candidates", "/candidates.csv")) {
            assertThat(recruiter.get("api/v1/assessments/" + id + path).status()).as(path).isEqualTo(200);
            refused(otherRecruiter.get("api/v1/assessments/" + id + path), "another recruiter: " + path);
            refused(candidate.get("api/v1/assessments/" + id + path), "a candidate: " + path);
        }
        refused(otherRecruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses",
                "intruder@example.org")), "another recruiter inviting");
        assertThat(otherRecruiter.get("api/v1/assessments").raw()).doesNotContain("\"id\":" + id + ",");
        // the invitation is the candidate's once started: nobody else takes it over
        refused(otherRecruiter.post("api/v1/invitations/" + token + "/start", Map.of()), "another person starting");
    }

    @Test
    void everyAdminActionNeedsAdmin() {
        ArenaClient plain = ArenaClient.signedUp();
        refused(plain.get("api/v1/admin/matchmaker"), "matchmaker view");
        refused(plain.get("api/v1/admin/replica"), "replica view");
        refused(plain.post("api/v1/admin/tasks/sum-of-two/rejudge", Map.of()), "rejudge");
        refused(plain.put("api/v1/admin/tasks/sum-of-two/tests/1", Map.of("input", "1 1\n",
                "expectedOutput", "3\n")), "changing a test");
        refused(plain.post("api/v1/contests", Map.of("slug", "mine", "title", "x")), "creating a contest");
    }

    @Test
    void aRoleTakenAwayStopsWorkingOnTheNextRequest() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        assertThat(admin.get("api/v1/admin/matchmaker").status()).isEqualTo(200);
        revoke(admin.username(), "ADMIN");
        refused(admin.get("api/v1/admin/matchmaker"), "after the role was taken away");
    }

    @Test
    void aRoleTakenAwayOrAnAccountDeletedStopsAnOpenPageToo() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        java.net.URI base = java.net.URI.create(ArenaClient.BASE_URL);
        java.net.http.HttpClient page = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).build();
        java.net.http.HttpResponse<String> login = page.send(java.net.http.HttpRequest.newBuilder(
                        base.resolve("api/v1/auth/session")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\": \"" + admin.username()
                        + "\", \"password\": \"" + admin.password() + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        java.util.function.Function<String, Integer> pageGet = path -> {
            try {
                return page.send(java.net.http.HttpRequest.newBuilder(base.resolve(path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(pageGet.apply("api/v1/admin/matchmaker")).isEqualTo(200);

        revoke(admin.username(), "ADMIN");
        assertThat(pageGet.apply("api/v1/admin/matchmaker")).as("the page after the role was taken away")
                .isEqualTo(403);

        assertThat(admin.delete("api/v1/accounts/me", Map.of("password", admin.password())).status())
                .isBetween(200, 204);
        assertThat(pageGet.apply("api/v1/auth/me")).as("the page after the account was deleted").isEqualTo(401);
    }

    @Test
    void aDeletedAccountsTokenStopsWorking() {
        ArenaClient leaving = ArenaClient.signedUp();
        assertThat(leaving.get("api/v1/auth/me").status()).isEqualTo(200);
        assertThat(leaving.delete("api/v1/accounts/me", Map.of("password", leaving.password())).status())
                .isBetween(200, 204);
        assertThat(leaving.get("api/v1/auth/me").status()).isEqualTo(401);
    }

    private static void revoke(String username, String role) throws Exception {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                System.getProperty("codearena.db.url"), System.getProperty("codearena.db.user"),
                System.getProperty("codearena.db.password"));
             java.sql.PreparedStatement update = connection.prepareStatement(
                     "update account set roles = array_to_string(array_remove(string_to_array(roles, ','), ?), ',') "
                             + "where username = ?")) {
            update.setString(1, role);
            update.setString(2, username);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
