package org.codearena.web.interfaces.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The Judge0-compatible API where Judge0's clients expect it, {@code /judge0/...}: the request goes on to the
 * JSON API's own {@code /api/judge0/...}, with the API's authentication, limits and error handling.
 */
@WebFilter(urlPatterns = "/judge0/*", asyncSupported = true)
public class Judge0Path extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // the query goes along in the path: a forwarded request's own query string is the target's
        String query = request.getQueryString();
        request.getRequestDispatcher("/api" + path + (query == null ? "" : "?" + query)).forward(request, response);
    }
}
