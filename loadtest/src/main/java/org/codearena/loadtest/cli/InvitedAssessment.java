package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.codearena.loadtest.client.ArenaHttpClient;

/**
 * The set-up of the scenarios around an assessment: the recruiter creates one, open now and for four hours, and
 * invites the candidates without mail (the links come back in the answer; a mailing of thousands in the background
 * would share the machine with what is measured). Then each candidate's invitation token by their address.
 *
 * @param id          the assessment
 * @param tokenByEmail each candidate's invitation token, by the address they were invited at
 */
record InvitedAssessment(long id, Map<String, String> tokenByEmail) {

    /**
     * @param settings the assessment's own fields (title, tasks, durationMinutes, proctoring...); opensAt and
     *                 closesAt are set here
     */
    static InvitedAssessment create(ArenaHttpClient client, String recruiterToken, Map<String, Object> settings,
                                    List<Users.User> candidates) {
        Instant now = Instant.now();
        Map<String, Object> assessment = new HashMap<>(settings);
        assessment.put("opensAt", now.minusSeconds(60).toString());
        assessment.put("closesAt", now.plus(Duration.ofHours(4)).toString());
        ArenaHttpClient.Reply created = client.post("api/v1/assessments", assessment, recruiterToken).join();
        if (!created.is(201)) {
            throw new IllegalStateException("could not create the assessment: " + created.error());
        }
        long id = created.body().get("id").asLong();
        String addresses = candidates.stream().map(InvitedAssessment::email).collect(Collectors.joining("\n"));
        ArenaHttpClient.Reply invited = client.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", addresses, "sendEmail", false), recruiterToken).join();
        if (!invited.is(200) || invited.body().get("invited").asInt() != candidates.size()) {
            throw new IllegalStateException("could not invite everyone: " + invited.error());
        }
        Map<String, String> tokenByEmail = new LinkedHashMap<>();
        for (JsonNode link : invited.body().get("links")) {
            String url = link.get("link").asText();
            tokenByEmail.put(link.get("email").asText(), url.substring(url.indexOf("token=") + 6));
        }
        return new InvitedAssessment(id, tokenByEmail);
    }

    /** The address a candidate is invited at. */
    static String email(Users.User candidate) {
        return candidate.username() + "@example.org";
    }

    /** The candidate's invitation token (the server keeps addresses in lower case). */
    String tokenOf(Users.User candidate) {
        return tokenByEmail.get(email(candidate).toLowerCase());
    }
}
