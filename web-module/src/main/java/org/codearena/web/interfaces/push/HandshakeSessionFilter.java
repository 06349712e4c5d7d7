package org.codearena.web.interfaces.push;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * A push socket's handshake makes no HTTP session. Liberty's WebSocket container asks every upgrade request for
 * its session with {@code getSession()}, which makes one when there is none (HandshakeProcessor, before the
 * endpoint's configurator runs): each socket of an API client, which signs in with a token and brings no cookie,
 * left a session behind for half an hour and a {@code Set-Cookie} on the answer, 19,000 of them for a room of
 * 19,000. Here an upgrade's {@code getSession()} is {@code getSession(false)}: a page's socket still finds the
 * session of its login (made at login, or by {@code SessionRestoreFilter}, which runs before this filter), and the
 * container still closes that socket when the session ends.
 */
@WebFilter(urlPatterns = "/push", asyncSupported = true)
public class HandshakeSessionFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public HttpSession getSession() {
                return super.getSession(false);
            }
        }, response);
    }
}
