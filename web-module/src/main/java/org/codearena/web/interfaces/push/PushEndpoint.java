package org.codearena.web.interfaces.push;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import org.codearena.web.interfaces.rest.Caller;

/**
 * ws(s)://host/push: the browser's live channel. Each message is a run the person owns, as JSON,
 * whenever it changes status. The person is the one logged in on the page session.
 */
@ServerEndpoint(value = "/push", configurator = SessionCallerConfigurator.class)
public class PushEndpoint {

    /** Looked up, not injected: Liberty does not inject endpoints that have their own configurator. */
    private static PushHub hub() {
        return CDI.current().select(PushHub.class).get();
    }

    @OnOpen
    public void open(Session session, EndpointConfig config) throws IOException {
        // WebSocket 2.1: the handshake's user properties are a per-connection copy, handed to this session
        Caller caller = (Caller) session.getUserProperties().get(Caller.PROPERTY);
        if (caller == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "log in first"));
            return;
        }
        hub().join(caller.accountId(), session);
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
