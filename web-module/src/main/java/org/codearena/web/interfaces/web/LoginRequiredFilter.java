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
@WebFilter(urlPatterns = {"/editor.html", "/editor", "/task.html", "/history.html", "/assessment.html",
        "/recruiter.html", "/contest.html", "/contests-admin.html", "/reports.html", "/account.html"})
public class LoginRequiredFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        if (session == null || session.getAttribute(Caller.PROPERTY) == null) {
            response.setHeader("Cache-Control", "no-store");
            // back to this page after logging in (the login page accepts only pages of ours)
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String page = path.replaceFirst("^/+", "")
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect(request.getContextPath() + "/?next="
                    + java.net.URLEncoder.encode(page, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        // personal pages must not be served from a cache to whoever uses the browser next
        response.setHeader("Cache-Control", "no-store");
        chain.doFilter(request, response);
    }
}
