package org.codearena.web.interfaces.web;

import jakarta.ejb.EJB;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.codearena.web.application.AccountService;
import org.codearena.web.interfaces.rest.Caller;

/**
 * The admin console ({@code /admin/}) is for ADMINs only: a visitor is sent to sign in (and back), anyone else
 * gets the 403 page that says so. The role is read from the account on every request, not from the session: a
 * role taken away counts at once.
 */
@WebFilter(urlPatterns = {"/admin", "/admin/*"})
public class AdminPageFilter extends HttpFilter {

    @EJB
    private AccountService accounts;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", "no-store");
        HttpSession session = request.getSession(false);
        Caller caller = session == null ? null : (Caller) session.getAttribute(Caller.PROPERTY);
        if (caller == null) {
            response.sendRedirect(request.getContextPath() + "/?next="
                    + URLEncoder.encode("admin/", StandardCharsets.UTF_8));
            return;
        }
        boolean admin = accounts.current(caller.accountId()).map(a -> a.getRoles().contains(Caller.ADMIN)).orElse(false);
        if (!admin) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (request.getRequestURI().equals(request.getContextPath() + "/admin")) {
            response.sendRedirect(request.getContextPath() + "/admin/");
            return;
        }
        chain.doFilter(request, response);
    }
}
