package org.codearena.web.interfaces.push;

import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.codearena.web.interfaces.rest.Caller;

/** Carries the page's login from the HTTP session into the WebSocket. */
public class SessionCallerConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Object httpSession = request.getHttpSession();
        config.getUserProperties().remove(Caller.PROPERTY);
        if (httpSession instanceof HttpSession session) {
            Object caller = session.getAttribute(Caller.PROPERTY);
            if (caller != null) {
                config.getUserProperties().put(Caller.PROPERTY, caller);
            }
        }
    }
}
