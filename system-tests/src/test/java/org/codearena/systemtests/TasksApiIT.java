package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/** The sample tasks that ship with the platform, through the public API. */
class TasksApiIT {

    private final ArenaClient anonymous = new ArenaClient();

    @Test
    void atLeastEightTasksFromEasyToHardAreThereOnFirstStart() {
        Reply list = anonymous.get("api/v1/tasks");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().size()).isGreaterThanOrEqualTo(8);
        Set<String> difficulties = new HashSet<>(list.body().findValuesAsText("difficulty"));
        assertThat(difficulties).contains("EASY", "MEDIUM", "HARD");
        assertThat(list.body().get(0).get("slug").asText()).isEqualTo("hello-arena");
    }

    @Test
    void aTaskHasItsStatementAsSafeHtmlItsSamplesAndItsHiddenTestsCounted() {
        Reply reply = anonymous.get("api/v1/tasks/balanced-brackets");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode task = reply.body();
        assertThat(task.get("title").asText()).isEqualTo("Balanced brackets");
        assertThat(task.get("statementHtml").asText()).startsWith("<p>A string of the characters")
                .contains("<h2>Input</h2>").contains("<code>([]{})</code>");
        assertThat(task.get("samples")).hasSize(1);
        assertThat(task.get("samples").get(0).get("input").asText()).startsWith("4\n");
        assertThat(task.get("samples").get(0).get("output").asText()).isEqualTo("YES\nNO\nNO\nYES\n");
        assertThat(task.get("hiddenTests").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(task.get("points").asInt()).isEqualTo(task.get("hiddenTests").asInt());
        assertThat(task.toString()).as("hidden tests are not shown").doesNotContain("(((((((((((");
    }

    @Test
    void anUnknownTaskIs404WithAMessage() {
        Reply reply = anonymous.get("api/v1/tasks/no-such-task");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().get("error").asText()).contains("no task 'no-such-task'");
    }
}
