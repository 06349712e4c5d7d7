package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.codearena.domain.model.task.Task;
import org.codearena.judge.packages.PackageImports;
import org.codearena.judge.packages.PackageStore;
import org.codearena.web.application.ForbiddenException;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.TaskCatalog;
import org.codearena.web.application.UnknownResourceException;

/**
 * Problem packages (the Kattis format): uploaded as a ZIP by an ADMIN (a public task once published) or a
 * RECRUITER (a private task for their own assessments); verified by judging the package's example submissions;
 * published when verified; exported as the package again.
 */
@Path("/v1/task-packages")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProblemPackageResource {

    @EJB
    private PackageImports imports;

    @EJB
    private PackageStore store;

    @EJB
    private TaskCatalog tasks;

    @EJB
    private org.codearena.web.application.SubmissionService submissions;

    /** The ZIP as the request's body (Content-Type application/zip); 202 with the import to follow. */
    @POST
    @Consumes({"application/zip", "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(InputStream body, @jakarta.ws.rs.QueryParam("task") String replacing,
                           @Context HttpServletRequest request) throws IOException {
        Caller caller = Caller.of(request);
        boolean admin = caller.roles().contains(Caller.ADMIN);
        if (!admin) {
            caller.require(Caller.RECRUITER);
        }
        byte[] zip = body.readAllBytes();
        if (zip.length == 0) {
            throw new InvalidRequestException("the body is empty: send the package's ZIP archive as the body, with "
                    + "Content-Type: application/zip");
        }
        // ?task=SLUG: the package is that task's next version
        Long replaced = replacing == null || replacing.isBlank() ? null : ownTask(replacing, caller).getId();
        PackageImports.Started started = imports.importZip(zip, new PackageImports.Importer(caller.accountId(), !admin),
                replaced);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("importId", started.importId());
        answer.put("task", started.slug());
        answer.put("status", "VERIFYING");
        answer.put("warnings", started.warnings());
        answer.put("progress", "/api/v1/task-packages/imports/" + started.importId());
        return Response.accepted(answer).header("Location", "/api/v1/task-packages/imports/" + started.importId())
                .build();
    }

    /** Publishing: an ADMIN's note when the task did not verify. */
    public record PublishRequest(String note) {
    }

    /** The statement to preview. */
    public record PreviewRequest(String markdown) {
    }

    /** A task as its author wrote it in the browser: stored as a draft and verified like a package. */
    public record AuthoredRequest(String title, String statement, Double timeLimitSeconds, Integer memoryMb,
                                  String comparison, String flags, String validatorLanguage, String validatorSource,
                                  Boolean perTest, java.util.List<AuthoredTest> tests, String testsZip,
                                  String referenceLanguage, String referenceSource, String task) {
    }

    /** One test as typed. */
    public record AuthoredTest(String input, String answer, Boolean sample) {
    }

    @POST
    @Path("/authored")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response author(AuthoredRequest body, @Context HttpServletRequest request) {
        Caller caller = Caller.of(request);
        boolean admin = caller.roles().contains(Caller.ADMIN);
        if (!admin) {
            caller.require(Caller.RECRUITER);
        }
        if (body == null) {
            throw new InvalidRequestException("send the task: title, statement, tests, referenceLanguage, "
                    + "referenceSource (and optionally limits and the output check)");
        }
        java.util.List<org.codearena.judge.packages.AuthoredTask.TestInput> tests = new java.util.ArrayList<>();
        if (body.tests() != null) {
            body.tests().forEach(test -> tests.add(new org.codearena.judge.packages.AuthoredTask.TestInput(
                    test.input(), test.answer(), Boolean.TRUE.equals(test.sample()))));
        }
        if (body.testsZip() != null && !body.testsZip().isBlank()) {
            tests.addAll(TestPairs.read(body.testsZip()));
        }
        org.codearena.judge.packages.AuthoredTask task = new org.codearena.judge.packages.AuthoredTask(body.title(),
                body.statement(), body.timeLimitSeconds() == null ? 0 : body.timeLimitSeconds(),
                body.memoryMb() == null ? 256 : body.memoryMb(), body.comparison() == null ? "WHITESPACE"
                : body.comparison(), body.flags(), body.validatorLanguage(), body.validatorSource(),
                !Boolean.FALSE.equals(body.perTest()), tests, body.referenceLanguage(), body.referenceSource());
        // "task": a slug of the caller's authored task, saved as its next version
        Long replaced = body.task() == null || body.task().isBlank() ? null : ownTask(body.task(), caller).getId();
        PackageImports.Started started = imports.author(task, new PackageImports.Importer(caller.accountId(), !admin),
                replaced);
        return Response.accepted(Map.of("importId", started.importId(), "task", started.slug(), "status", "VERIFYING",
                        "progress", "/api/v1/task-packages/imports/" + started.importId()))
                .header("Location", "/api/v1/task-packages/imports/" + started.importId()).build();
    }

    /** The statement as the task page will show it (Markdown rendered safely), for the editor's live preview. */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> preview(PreviewRequest body, @Context HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (!caller.roles().contains(Caller.ADMIN)) {
            caller.require(Caller.RECRUITER);
        }
        String text = body == null || body.markdown() == null ? "" : body.markdown();
        if (text.length() > 100_000) {
            throw new InvalidRequestException("the statement is longer than 100,000 characters");
        }
        return Map.of("html", TaskCatalog.renderStatement(text));
    }

    /** The tasks the caller manages, newest first, with their latest import. */
    @GET
    @Path("/tasks")
    public java.util.List<Map<String, Object>> managed(@Context HttpServletRequest request) {
        Caller caller = Caller.of(request);
        boolean admin = caller.roles().contains(Caller.ADMIN);
        if (!admin) {
            caller.require(Caller.RECRUITER);
        }
        return imports.managed(caller.accountId(), admin).stream().map(row -> {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("slug", row[0]);
            task.put("title", row[1]);
            task.put("status", row[2]);
            task.put("public", row[3]);
            task.put("version", row[4]);
            task.put("origin", row[5]);
            task.put("importId", row[6] == null ? null : ((Number) row[6]).longValue());
            task.put("importStatus", row[7]);
            task.put("private", row[8] != null);
            return task;
        }).toList();
    }

    /** A managed task's page as candidates will see it (a draft too), for its author to check. */
    @GET
    @Path("/tasks/{slug}")
    public Map<String, Object> preview(@PathParam("slug") String slug, @Context HttpServletRequest request) {
        Task task = ownTask(slug, Caller.of(request));
        Map<String, Object> body = new LinkedHashMap<>(TaskResource.body(tasks.detail(task)));
        body.put("status", task.getStatus().name());
        body.put("version", task.getVersion());
        body.put("private", task.getOwnerId() != null);
        imports.latestImport(task.getId()).ifPresent(id -> body.put("importId", id));
        return body;
    }

    /** An import's progress and, when done, its report (the importer's, or any ADMIN's to read). */
    @GET
    @Path("/imports/{id}")
    public Map<String, Object> status(@PathParam("id") String id, @Context HttpServletRequest request) {
        Caller caller = Caller.of(request);
        PackageImports.Status status = imports.status(Params.number("import id", id))
                .orElseThrow(() -> new UnknownResourceException("there is no import " + id));
        boolean admin = caller.roles().contains(Caller.ADMIN);
        if (!admin && (status.accountId() == null || status.accountId() != caller.accountId())) {
            throw new UnknownResourceException("there is no import " + id);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("importId", status.importId());
        body.put("task", status.slug());
        body.put("title", status.title());
        body.put("taskStatus", status.taskStatus());
        body.put("status", status.status());
        body.put("phase", status.phase());
        body.put("examplesJudged", status.judged());
        body.put("examples", status.examples());
        body.put("report", status.report());
        body.put("version", status.version());
        body.put("submissions", status.submissions());
        return body;
    }

    /** An authored task as its author last saved it, to edit it into its next version. */
    @GET
    @Path("/tasks/{slug}/source")
    public Map<String, Object> source(@PathParam("slug") String slug, @Context HttpServletRequest request) {
        Task task = ownTask(slug, Caller.of(request));
        org.codearena.judge.packages.ProblemPackage pkg = imports.authored(task.getId()).orElseThrow(() ->
                new org.codearena.web.application.ConflictException("task '" + slug + "' was imported from a package: "
                        + "edit the package and upload it as a new version"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task.getSlug());
        body.put("version", task.getVersion());
        body.put("title", pkg.name());
        body.put("statement", pkg.statement().text());
        body.put("timeLimitSeconds", pkg.timeLimitMillis() / 1000.0);
        body.put("memoryMb", pkg.memoryLimitKb() / 1024);
        body.put("comparison", pkg.comparison().name());
        org.codearena.judge.packages.ProblemPackage.Group secret = pkg.groups().stream()
                .filter(group -> group.path().equals("secret")).findFirst().orElse(null);
        body.put("flags", secret == null || secret.validatorFlags() == null ? "" : secret.validatorFlags());
        body.put("perTest", secret != null && secret.aggregation() == org.codearena.domain.model.task.Aggregation.SUM);
        body.put("validatorLanguage", pkg.validator() == null ? null : pkg.validator().language());
        body.put("validatorSource", pkg.validator() == null ? null : pkg.validator().mainSource());
        body.put("tests", pkg.tests().stream().map(test -> Map.of("input", test.input(), "answer", test.answer(),
                "sample", test.sample())).toList());
        org.codearena.judge.packages.ProblemPackage.Program reference = pkg.examples().get(0).program();
        body.put("referenceLanguage", reference.language());
        body.put("referenceSource", reference.mainSource());
        return body;
    }

    /** Every person's submission to the task judged again (after a new version changed its tests). */
    @POST
    @Path("/tasks/{slug}/rejudge")
    public Map<String, Object> rejudge(@PathParam("slug") String slug, @Context HttpServletRequest request) {
        Task task = ownTask(slug, Caller.of(request));
        return Map.of("task", task.getSlug(), "requeued", submissions.rejudge(task));
    }

    /** Publishes the task of a verified import (an ADMIN may publish one that did not verify, with a note). */
    @POST
    @Path("/tasks/{slug}/publish")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> publish(@PathParam("slug") String slug, PublishRequest body,
                                       @Context HttpServletRequest request) {
        Caller caller = Caller.of(request);
        Task task = ownTask(slug, caller);
        String note = body == null ? null : body.note();
        try {
            Task published = store.publish(task.getId(), caller.roles().contains(Caller.ADMIN), note);
            return Map.of("task", published.getSlug(), "status", published.getStatus().name(),
                    "public", published.isPublicTask());
        } catch (PackageStore.PublishRefusedException refused) {
            throw new org.codearena.web.application.ConflictException(refused.getMessage());
        } catch (jakarta.ejb.EJBException wrapped) {
            if (wrapped.getCause() instanceof PackageStore.PublishRefusedException refused) {
                throw new org.codearena.web.application.ConflictException(refused.getMessage());
            }
            throw wrapped;
        }
    }

    /** The task as a package again (the archive it was imported from). */
    @GET
    @Path("/tasks/{slug}/package.zip")
    @Produces("application/zip")
    public Response export(@PathParam("slug") String slug, @Context HttpServletRequest request) {
        Task task = ownTask(slug, Caller.of(request));
        byte[] archive = imports.archive(task.getId()).orElseThrow(() -> new UnknownResourceException(
                "task '" + slug + "' was not imported from a package"));
        return Response.ok(archive).header("Content-Disposition", "attachment; filename=\"" + task.getSlug()
                + ".zip\"").header("Cache-Control", "no-store").build();
    }

    /** A task the caller may manage: an ADMIN any, a RECRUITER their own private tasks. */
    private Task ownTask(String slug, Caller caller) {
        Task task = tasks.anyTask(slug == null ? "" : slug.strip());
        boolean admin = caller.roles().contains(Caller.ADMIN);
        if (admin) {
            return task;
        }
        caller.require(Caller.RECRUITER);
        if (task.getOwnerId() == null || task.getOwnerId() != caller.accountId()) {
            throw new ForbiddenException("task '" + slug + "' is not one of yours: a RECRUITER manages the tasks "
                    + "they imported or wrote");
        }
        return task;
    }
}
