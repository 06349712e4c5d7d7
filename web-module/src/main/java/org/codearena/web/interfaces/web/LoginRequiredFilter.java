package org.codearena.web.interfaces.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.codearena.web.interfaces.rest.Caller;

/** Pages that need a login send a visitor without one to the login page, and back afterwards. */
@WebFilter(urlPatterns = {"/editor.html", "/editor"})
public class LoginRequiredFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(Caller.PROPERTY) == null) {
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(request.getContextPath() + "/?next=editor.html");
            return;
        }
        // personal pages must not be served from a cache to whoever uses the browser next
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}
