package org.codearena.web.interfaces.push;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import org.codearena.web.application.TokenService;
import org.codearena.web.interfaces.rest.Caller;

/**
 * Who opens the push socket: the page's login (HTTP session), or an API client's bearer token given as
 * {@code ?token=} (browsers' WebSocket API cannot set an Authorization header).
 */
public class SessionCallerConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Caller caller = fromToken(request.getParameterMap().get("token"));
        if (caller == null && request.getHttpSession() instanceof HttpSession session) {
            caller = (Caller) session.getAttribute(Caller.PROPERTY);
        }
        if (caller != null) {
            config.getUserProperties().put(Caller.PROPERTY, caller);
        }
    }

    private static Caller fromToken(List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            return null;
        }
        return CDI.current().select(TokenService.class).get().accountFor(tokens.get(0))
                .map(Caller::of)
                .orElse(null);
    }
}
