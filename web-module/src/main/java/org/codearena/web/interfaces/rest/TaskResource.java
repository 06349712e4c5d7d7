package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.TaskCatalog;

/** The public tasks: readable without signing in. */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    public record TaskSummary(String slug, String title, String difficulty) {

        public static TaskSummary of(Task task) {
            return new TaskSummary(task.getSlug(), task.getTitle(), task.getDifficulty().name());
        }

        public static List<TaskSummary> of(List<Task> tasks) {
            return tasks.stream().map(TaskSummary::of).toList();
        }
    }

    public record Sample(String input, String output) {
    }

    @EJB
    private TaskCatalog catalog;

    @GET
    public List<TaskSummary> list() {
        return TaskSummary.of(catalog.publicTasks());
    }

    @GET
    @Path("/{slug}")
    public Map<String, Object> task(@PathParam("slug") String slug) {
        return body(catalog.bySlug(slug));
    }

    /** A task's page as the API gives it (also for an assessment's tasks, and for a task's authors). */
    static Map<String, Object> body(TaskCatalog.TaskDetail detail) {
        Task task = detail.task();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", task.getSlug());
        body.put("title", task.getTitle());
        body.put("difficulty", task.getDifficulty().name());
        body.put("statementHtml", detail.statementHtml());
        body.put("timeLimitMillis", task.getTimeLimitMillis());
        body.put("memoryLimitKb", task.getMemoryLimitKb());
        body.put("comparison", task.getComparison().name());
        body.put("samples", detail.samples().stream().map(t -> new Sample(t.getInput(), t.getExpectedOutput())).toList());
        body.put("hiddenTests", detail.hiddenTests());
        body.put("points", detail.points());
        return body;
    }
}
