package org.codearena.web.interfaces.push;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Map;
import org.codearena.web.interfaces.rest.Caller;

/**
 * ws(s)://host/push: the browser's live channel. Each message is a run or a submission the person owns, as
 * JSON, whenever it changes; a socket that sent {"watch": "contest:SLUG"} also gets that contest's
 * leaderboard whenever it changes; {"watch": "chat:ROOM"} or {"chat": "join", "room": ROOM} enters a chat room, and
 * the socket then sends and receives the room's messages ({@link PushHub#chat}). The person is the one logged in on
 * the page session, or the owner of the bearer token of the handshake (closed when the token expires).
 */
@ServerEndpoint(value = "/push", configurator = SessionCallerConfigurator.class)
public class PushEndpoint {

    private static final Jsonb JSON = JsonbBuilder.create();

    /**
     * Looked up, not injected: Liberty does not inject endpoints that have their own configurator. Looked up once
     * (CDI.current() walks the stack to find the module: a cost on every message of every socket otherwise); the
     * proxy of an application-scoped bean stays good for the application's life, and a redeployment loads this
     * class anew.
     */
    private static volatile PushHub hub;

    private static PushHub hub() {
        PushHub found = hub;
        if (found == null) {
            found = CDI.current().select(PushHub.class).get();
            hub = found;
        }
        return found;
    }

    @OnOpen
    public void open(Session session, EndpointConfig config) throws IOException {
        // WebSocket 2.1: the handshake's user properties are a per-connection copy, handed to this session
        Caller caller = (Caller) session.getUserProperties().get(Caller.PROPERTY);
        if (caller == null) {
            Object refusal = session.getUserProperties().get(SessionCallerConfigurator.REFUSAL);
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    refusal == null ? "log in first" : refusal.toString()));
            return;
        }
        java.util.List<String> resume = session.getRequestParameterMap().get("resume");
        hub().join(caller, session, (String) session.getUserProperties().get(SessionCallerConfigurator.HTTP_SESSION_ID),
                resume == null || resume.isEmpty() ? null : resume.get(0));
    }

    /**
     * {"watch": "contest:SLUG"}: this socket is sent the contest's leaderboard whenever it changes;
     * {"watch": "console"} (ADMINs): the admin console's queues, runners, alerts and autoscaler every two seconds.
     */
    @OnMessage
    public void message(Session session, String text) {
        try {
            Map<?, ?> request = JSON.fromJson(text, Map.class);
            Object watch = request == null ? null : request.get("watch");
            Caller caller = (Caller) session.getUserProperties().get(Caller.PROPERTY);
            if (request != null && request.get("chat") != null) {
                hub().chat(session, caller, request);
            } else if (watch instanceof String target && target.startsWith("chat:")) {
                hub().chat(session, caller, Map.of("chat", "join", "room", target.substring("chat:".length())));
            } else if (watch instanceof String target && target.startsWith("contest:")) {
                hub().watchContest(target.substring("contest:".length()), session);
            } else if ("console".equals(watch)) {
                hub().watchConsole(session, caller);
            }
        } catch (JsonbException notJson) {
            // a socket that says something else is ignored
        }
    }

    @OnClose
    public void close(Session session) {
        hub().leave(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        hub().leave(session);
    }
}
