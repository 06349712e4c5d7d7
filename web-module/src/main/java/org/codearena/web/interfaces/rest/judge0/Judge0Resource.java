package org.codearena.web.interfaces.rest.judge0;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.codearena.domain.model.run.Language;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.run.RunStatus;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.web.application.Judge0Submissions;
import org.codearena.matchmaker.application.QueueFullException;
import org.codearena.web.application.LanguageCatalog;
import org.codearena.web.application.PersonalQueueFullException;
import org.codearena.web.application.RunIntake;
import org.codearena.web.application.RunRepository;
import org.codearena.web.application.UnknownRunException;
import org.codearena.web.interfaces.rest.Authenticated;
import org.codearena.web.interfaces.rest.Caller;

/**
 * Judge0 CE's core API (1.13), for the clients, editors and course tools that already speak it: create a
 * submission (one or a batch of up to 20; with wait=true the answer waits for the result, at most a minute),
 * read it by its token, the languages and the statuses. Served at
 * {@code /judge0/} (and {@code /api/judge0/}); authenticated with a CodeArena token, in Judge0's
 * {@code X-Auth-Token} header or as {@code Authorization: Bearer}. A submission is a run of the INTERACTIVE
 * class through the same matchmaker as every other, with the platform's limits for its language (Judge0's
 * per-submission limits are accepted and not applied). Errors have Judge0's shapes: 422 with the fields'
 * messages, 400 {@code {"error"}}, 404 {@code {"status":404,"error":"Not Found"}}.
 */
@Path("/judge0")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class Judge0Resource {

    private static final int MAX_BATCH = 20;
    private static final long WAIT_POLL_MILLIS = 50;
    private static final long WAIT_LIMIT_SECONDS = 60;

    @EJB
    private RunIntake intake;

    @EJB
    private RunRepository runs;

    @EJB
    private LanguageCatalog languages;

    @EJB
    private Judge0Submissions submissions;

    @GET
    @Path("/statuses")
    public List<Map<String, Object>> statuses() {
        return Judge0Format.STATUSES;
    }

    /** The languages this platform has, by Judge0's ids and names (sorted by name, as Judge0 sorts them). */
    @GET
    @Path("/languages")
    public List<Map<String, Object>> languages() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Language language : languages.all()) {
            Integer id = Judge0Format.judge0Id(language.getId());
            if (id != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", id);
                entry.put("name", Judge0Format.name(language));
                list.add(entry);
            }
        }
        list.sort(Comparator.comparing(entry -> (String) entry.get("name")));
        return list;
    }

    @GET
    @Path("/languages/{id}")
    public Response language(@PathParam("id") String id) {
        Optional<Language> language = languageById(id);
        if (language.isEmpty()) {
            return notFound();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", Judge0Format.judge0Id(language.get().getId()));
        entry.put("name", Judge0Format.name(language.get()));
        entry.put("is_archived", false);
        return Response.ok(entry).build();
    }

    @POST
    @Path("/submissions")
    public Response create(String json, @QueryParam("base64_encoded") String base64,
                           @QueryParam("wait") String wait, @QueryParam("fields") String fields,
                           @Context HttpServletRequest context) {
        List<String> shown;
        Map<String, Object> body;
        try {
            shown = Judge0Format.fields(fields);
            body = object(json);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Map<String, List<String>> problems = new LinkedHashMap<>();
        long accountId = Caller.of(context).accountId();
        Optional<Created> created = create(body, "true".equals(base64), accountId, problems);
        if (created.isEmpty()) {
            return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE).entity(problems).build();
        }
        if (!"true".equals(wait)) {
            return Response.status(201).entity(Map.of("token", created.get().token().toString())).build();
        }
        // wait=true: the answer is the finished submission. Judge0 itself advises against it (it holds the
        // request); a client with many submissions creates them and reads them by token
        awaitFinished(created.get().runId(), accountId);
        return Response.status(201).entity(read(created.get().token().toString(), accountId, shown,
                "true".equals(base64)).orElseThrow()).build();
    }

    @POST
    @Path("/submissions/batch")
    public Response createBatch(String json, @QueryParam("base64_encoded") String base64,
                                @Context HttpServletRequest context) {
        Map<String, Object> body;
        try {
            body = object(json);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Object items = body == null ? null : body.get("submissions");
        if (!(items instanceof List<?> list) || list.isEmpty()) {
            return error(400, "there should be at least one submission in a batch");
        }
        if (list.size() > MAX_BATCH) {
            return error(400, "number of submissions in a batch should be less than or equal to " + MAX_BATCH);
        }
        List<Object> answers = new ArrayList<>();
        boolean anyCreated = false;
        for (Object item : list) {
            Map<String, List<String>> problems = new LinkedHashMap<>();
            Optional<Created> created;
            try {
                @SuppressWarnings("unchecked")
                Optional<Created> made = item instanceof Map<?, ?> object
                        ? create((Map<String, Object>) object, "true".equals(base64), Caller.of(context).accountId(),
                                problems)
                        : Optional.empty();
                created = made;
            } catch (RuntimeException e) {
                // a full queue refuses this one (and says when to try again); the others stand
                Throwable cause = e instanceof jakarta.ejb.EJBException && e.getCause() != null ? e.getCause() : e;
                if (!(cause instanceof PersonalQueueFullException) && !(cause instanceof QueueFullException)) {
                    throw e;
                }
                problems.put("submission", List.of(cause.getMessage()));
                created = Optional.empty();
            }
            if (created.isPresent()) {
                anyCreated = true;
                answers.add(Map.of("token", created.get().token().toString()));
            } else {
                if (problems.isEmpty()) {
                    problems.put("submission", List.of("must be a JSON object"));
                }
                answers.add(problems);
            }
        }
        return Response.status(anyCreated ? 201 : 422).entity(answers).build();
    }

    @GET
    @Path("/submissions/batch")
    public Response getBatch(@QueryParam("tokens") String tokens, @QueryParam("base64_encoded") String base64,
                             @QueryParam("fields") String fields, @Context HttpServletRequest context) {
        List<String> wanted = tokens == null ? List.of()
                : Arrays.stream(tokens.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        if (wanted.isEmpty()) {
            return error(400, "there should be at least one submission in a batch");
        }
        if (wanted.size() > MAX_BATCH) {
            return error(400, "number of submissions in a batch should be less than or equal to " + MAX_BATCH);
        }
        List<String> shown;
        try {
            shown = Judge0Format.fields(fields);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        List<Object> found = new ArrayList<>();
        for (String token : wanted) {
            found.add(read(token, Caller.of(context).accountId(), shown, "true".equals(base64)).orElse(null));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("submissions", found);
        return Response.ok(answer).build();
    }

    @GET
    @Path("/submissions/{token}")
    public Response get(@PathParam("token") String token, @QueryParam("base64_encoded") String base64,
                        @QueryParam("fields") String fields, @Context HttpServletRequest context) {
        List<String> shown;
        try {
            shown = Judge0Format.fields(fields);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        return read(token, Caller.of(context).accountId(), shown, "true".equals(base64))
                .map(submission -> Response.ok(submission).build())
                .orElseGet(Judge0Resource::notFound);
    }

    private record Created(UUID token, long runId) {
    }

    /** Validates one submission as Judge0 does (messages per field) and, when it is valid, accepts its run. */
    private Optional<Created> create(Map<String, Object> body, boolean base64, long accountId,
                                     Map<String, List<String>> problems) {
        if (body == null) {
            problems.put("source_code", List.of("can't be blank"));
            problems.put("language_id", List.of("can't be blank"));
            return Optional.empty();
        }
        String source = text(body, "source_code", base64, problems);
        String stdin = text(body, "stdin", base64, problems);
        String expected = text(body, "expected_output", base64, problems);
        if (source == null || source.isEmpty()) {
            problems.computeIfAbsent("source_code", k -> new ArrayList<>()).add("can't be blank");
        }
        // a number, or a string holding one, as Judge0 takes it
        Object languageJson = body.get("language_id");
        String languageValue = languageJson instanceof String || languageJson instanceof Number
                ? languageJson.toString() : null;
        Optional<Language> language = Optional.empty();
        if (languageValue == null || languageValue.isBlank()) {
            problems.computeIfAbsent("language_id", k -> new ArrayList<>()).add("can't be blank");
        } else {
            language = languageById(languageValue);
            if (language.isEmpty()) {
                problems.computeIfAbsent("language_id", k -> new ArrayList<>())
                        .add("language with id " + languageValue + " doesn't exist");
            }
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        Run run = intake.accept(accountId, language.get().getId(), PriorityClass.INTERACTIVE, source,
                stdin == null ? "" : stdin);
        UUID token = submissions.remember(run.getId(), accountId, expected);
        return Optional.of(new Created(token, run.getId()));
    }

    /**
     * The body as plain values (text, numbers, lists, maps), read with JSON-P: its parser stops at a depth limit
     * with an error (a deep body is a 400, never a stack overflow), and anything but an object is refused.
     */
    private static Map<String, Object> object(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // JsonException, and Parsson's own for a body nested deeper than its limit
            throw new IllegalArgumentException("the body is not valid JSON: send one JSON object, for example "
                    + "{\"source_code\": \"print(1)\", \"language_id\": 71}");
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("the body must be one JSON object, for example "
                    + "{\"source_code\": \"print(1)\", \"language_id\": 71}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) plain(object);
        return plain;
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                value.asJsonArray().forEach(item -> list.add(plain(item)));
                yield list;
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.asJsonObject().forEach((key, item) -> map.put(key, plain(item)));
                yield map;
            }
        };
    }

    private static String text(Map<String, Object> body, String field, boolean base64, Map<String, List<String>> problems) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            problems.computeIfAbsent(field, k -> new ArrayList<>()).add("must be a string");
            return null;
        }
        if (!base64) {
            return text;
        }
        try {
            return Judge0Format.decode(text);
        } catch (IllegalArgumentException e) {
            problems.computeIfAbsent(field, k -> new ArrayList<>()).add("is not valid Base64");
            return null;
        }
    }

    private Optional<Map<String, Object>> read(String token, long accountId, List<String> fields, boolean base64) {
        UUID uuid;
        try {
            uuid = UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return submissions.find(uuid, accountId).flatMap(entry -> {
            try {
                Run run = runs.ownedBy(entry.runId(), accountId);
                Language language = languages.find(run.getLanguageId()).orElse(null);
                return Optional.of(Judge0Format.submission(uuid, run, entry.expectedOutput(), language, fields, base64));
            } catch (UnknownRunException gone) {
                return Optional.empty();
            }
        });
    }

    /** Reads the run every 50 ms until it has finished, at most a minute. */
    private void awaitFinished(long runId, long accountId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_LIMIT_SECONDS);
        while (runs.ownedBy(runId, accountId).getStatus() != RunStatus.FINISHED && System.nanoTime() < deadline) {
            try {
                Thread.sleep(WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Optional<Language> languageById(String id) {
        int judge0Id;
        try {
            judge0Id = Integer.parseInt(id.strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String ours = Judge0Format.LANGUAGE_IDS.get(judge0Id);
        return ours == null ? Optional.empty()
                : languages.find(ours);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }

    private static Response notFound() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", 404);
        body.put("error", "Not Found");
        return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
