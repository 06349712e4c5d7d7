package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.QueueFullException;
import org.codearena.web.application.ConflictException;
import org.codearena.web.application.ForbiddenException;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.NotAuthenticatedException;
import org.codearena.web.application.PayloadTooLargeException;
import org.codearena.web.application.RateLimitedException;
import org.codearena.web.application.UnknownResourceException;
import org.codearena.web.application.UnknownRunException;
import org.codearena.web.application.UnknownSubmissionException;
import org.codearena.web.application.UnknownTaskException;
import org.codearena.web.application.UsernameTakenException;
import org.codearena.web.infrastructure.persistence.DatabaseOutage;

/** Every failure of the API as JSON {"error": "..."} with the status that fits it. */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof UsernameTakenException taken) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", taken.getMessage());
            body.put("suggestion", taken.suggestion());
            body.put("suggestionToken", taken.suggestionToken());
            return json(Response.Status.CONFLICT, body);
        }
        if (cause instanceof org.codearena.forum.ForumException forum) {
            Response.ResponseBuilder answer = Response.fromResponse(error(Response.Status.fromStatusCode(
                    forum.status()), cause.getMessage()));
            if (forum.retryAfterSeconds() > 0) {
                answer.header("Retry-After", forum.retryAfterSeconds());
            }
            if (forum.status() == 401) {
                answer.header("WWW-Authenticate", "Bearer");
            }
            return answer.build();
        }
        if (cause instanceof org.codearena.chat.ChatException chat) {
            Response.ResponseBuilder answer = Response.fromResponse(error(Response.Status.fromStatusCode(
                    chat.status()), cause.getMessage()));
            if (chat.retryAfterSeconds() > 0) {
                answer.header("Retry-After", chat.retryAfterSeconds());
            }
            return answer.build();
        }
        if (cause instanceof org.codearena.web.application.reports.ReplicaUnavailableException) {
            return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, cause.getMessage()))
                    .header("Retry-After", org.codearena.web.application.reports.ReplicaUnavailableException
                            .RETRY_AFTER_SECONDS).build();
        }
        if (cause instanceof RateLimitedException limited) {
            return Response.fromResponse(error(Response.Status.TOO_MANY_REQUESTS, cause.getMessage()))
                    .header("Retry-After", limited.retryAfterSeconds()).build();
        }
        if (cause instanceof org.codearena.web.application.LoginBackoffException backoff) {
            return Response.fromResponse(error(Response.Status.TOO_MANY_REQUESTS, cause.getMessage()))
                    .header("Retry-After", backoff.retryAfterSeconds()).build();
        }
        if (cause instanceof org.codearena.web.application.PersonalQueueFullException personal) {
            return Response.fromResponse(error(Response.Status.TOO_MANY_REQUESTS, cause.getMessage()))
                    .header("Retry-After", personal.retryAfterSeconds()).build();
        }
        if (cause instanceof org.codearena.web.application.ServiceUnavailableException unavailable) {
            return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, cause.getMessage()))
                    .header("Retry-After", unavailable.retryAfterSeconds()).build();
        }
        if (cause instanceof RejectedExecutionException) {
            return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE,
                            "too many sign-ups and logins are waiting right now; try again in a minute"))
                    .header("Retry-After", 60).build();
        }
        if (cause instanceof QueueFullException full) {
            return Response.fromResponse(error(Response.Status.TOO_MANY_REQUESTS, cause.getMessage()))
                    .header("Retry-After", full.retryAfterSeconds()).build();
        }
        if (cause instanceof org.codearena.judge.packages.PackageStore.PublishRefusedException) {
            return error(Response.Status.CONFLICT, cause.getMessage());
        }
        if (cause instanceof InvalidRequestException
                || cause instanceof org.codearena.judge.packages.PackageException) {
            return error(Response.Status.BAD_REQUEST, cause.getMessage());
        }
        if (cause instanceof NotAuthenticatedException) {
            return Response.fromResponse(error(Response.Status.UNAUTHORIZED, cause.getMessage()))
                    .header("WWW-Authenticate", "Bearer").build();
        }
        if (cause instanceof ConflictException) {
            return error(Response.Status.CONFLICT, cause.getMessage());
        }
        if (cause instanceof ForbiddenException) {
            return error(Response.Status.FORBIDDEN, cause.getMessage());
        }
        if (cause instanceof UnknownRunException || cause instanceof UnknownTaskException
                || cause instanceof UnknownSubmissionException || cause instanceof UnknownResourceException) {
            return error(Response.Status.NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof PayloadTooLargeException) {
            return error(Response.Status.REQUEST_ENTITY_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof JsonbException || cause instanceof ProcessingException
                || cause instanceof jakarta.json.JsonException) {
            return error(Response.Status.BAD_REQUEST, jsonProblem(cause));
        }
        if (cause instanceof NotFoundException) {
            return error(Response.Status.NOT_FOUND, "no such resource; see the API in the README");
        }
        if (cause instanceof NotAllowedException) {
            return error(Response.Status.METHOD_NOT_ALLOWED, "method not allowed on this resource");
        }
        if (cause instanceof NotSupportedException) {
            return error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
        }
        if (cause instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            String message = firstLine(cause.getMessage());
            if (message.contains("RESTEASY") || message.contains("org.")) {
                // the framework's own words name its classes: say what is wrong with the body instead
                message = web.getResponse().getStatus() == 400 ? jsonProblem(cause)
                        : "the request was refused (" + web.getResponse().getStatus() + ")";
            }
            return error(Response.Status.fromStatusCode(web.getResponse().getStatus()), message);
        }
        if (DatabaseOutage.causedBy(thrown)) {
            LOG.warning(() -> "event=api-database-unavailable error=\"" + thrown + "\"");
            return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, DatabaseOutage.MESSAGE))
                    .header("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS).build();
        }
        LOG.log(Level.SEVERE, "event=api-error causes=" + causes(thrown), thrown);
        return error(Response.Status.INTERNAL_SERVER_ERROR,
                "the server failed to handle this request; try again, and tell the operators if it persists");
    }

    /** The chain of causes' types, "A > B > C": one line in the log says what failed where. */
    static String causes(Throwable thrown) {
        StringBuilder chain = new StringBuilder();
        int depth = 0;
        for (Throwable cause = thrown; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            chain.append(depth == 0 ? "" : ">").append(cause.getClass().getName());
        }
        return chain.toString();
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof EJBException || cause instanceof ProcessingException
                || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static final java.util.regex.Pattern POSITION =
            java.util.regex.Pattern.compile("line no=(\\d+), column no=(\\d+)");
    private static final java.util.regex.Pattern PROPERTY =
            java.util.regex.Pattern.compile("deserialize property '([A-Za-z0-9_]{1,64})'");

    /**
     * What is wrong with a request body, in words a person can act on: the parser's own messages name its classes
     * and tokens, which help no one and tell an attacker what runs here.
     */
    static String jsonProblem(Throwable cause) {
        StringBuilder messages = new StringBuilder();
        for (Throwable each = cause; each != null && messages.length() < 4000; each = each.getCause()) {
            messages.append(each.getMessage()).append('\n');
        }
        java.util.regex.Matcher position = POSITION.matcher(messages);
        if (position.find()) {
            return "request body is not valid JSON: there is a mistake, or it ends too soon, near line "
                    + position.group(1) + ", column " + position.group(2) + "; send one JSON object, for example "
                    + "{\"language\": \"python\", \"source\": \"print(1)\"}";
        }
        if (messages.indexOf("Incorrect position") >= 0 || messages.indexOf("Received event") >= 0) {
            return "request body is not valid JSON for this endpoint: it takes one JSON object, for example "
                    + "{\"language\": \"python\", \"source\": \"print(1)\"}";
        }
        java.util.regex.Matcher property = PROPERTY.matcher(messages);
        if (property.find()) {
            return "request body has a value of the wrong type for '" + property.group(1)
                    + "' (for example a number or a list where text is expected)";
        }
        return "request body is not JSON of the expected shape: send one JSON object with the fields this "
                + "endpoint takes (see the API in the README)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static Response error(Response.Status status, String message) {
        return json(status, Map.of("error", message));
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
