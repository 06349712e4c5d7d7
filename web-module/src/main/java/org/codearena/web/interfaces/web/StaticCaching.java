package org.codearena.web.interfaces.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * How long browsers keep the pages and their files. A file named by its content (name-HASH.js, .css, .map: the
 * frontend build names them so) never changes under its name: a year, immutable. Everything else (the pages, the
 * plain-named copies other modules link to, the icon) is asked for again on each load and answered 304 while its
 * Last-Modified is the same.
 */
@WebFilter(urlPatterns = {"", "/assets/*", "*.html", "/arena.css", "/favicon.svg"}, asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD})
public class StaticCaching extends HttpFilter {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    private static final Pattern CONTENT_NAMED = Pattern.compile(".*-[A-Z0-9]{8}\\.(js|css)(\\.map)?");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", cacheControl(request.getRequestURI()));
        chain.doFilter(request, response);
    }

    static String cacheControl(String path) {
        return CONTENT_NAMED.matcher(path).matches() ? IMMUTABLE : REVALIDATE;
    }
}
