package org.codearena.web.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.codearena.web.application.ForbiddenException;

/**
 * Refuses requests another site makes a visitor's browser send with the visitor's session cookie (cross-site
 * request forgery): a form on any page could otherwise post to {@code /api/v1/admin/tasks/{slug}/rejudge} in an
 * ADMIN's name. A request that changes something and carries no bearer token (so it counts on the cookie) must
 * <ul>
 *   <li>come from this site when the browser says where it comes from ({@code Origin}, {@code Sec-Fetch-Site}),
 *   <li>and be a request no plain form or link can make: a JSON body ({@code Content-Type: application/json}) or
 *       the header {@value #HEADER}; another site's script cannot add either without the CORS permission this
 *       server never gives.
 * </ul>
 * API clients with a bearer token are not affected: a browser never adds that header on its own.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class CrossSiteRequestFilter implements ContainerRequestFilter {

    /** sent by the pages' script with every request that has no JSON body */
    static final String HEADER = "X-CodeArena-Request";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");
    /**
     * forms that act on a signed key in their own fields, never on the cookie (the digest's "stop" button, opened
     * from a mail): another site gains nothing by posting them
     */
    private static final Set<String> SIGNED_LINKS = Set.of("v1/mail/digest-off");

    @Override
    public void filter(ContainerRequestContext request) {
        // a proctoring upload carries its own signed key in a header no other site's page can add, and no cookie counts
        if (SAFE_METHODS.contains(request.getMethod()) || AuthenticationFilter.carriesToken(request)
                || request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("v1/proctoring/")
                || SIGNED_LINKS.contains(request.getUriInfo().getPath().replaceFirst("^/", ""))) {
            return;
        }
        String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        if (fetchSite != null && !OWN_FETCH_SITES.contains(fetchSite.toLowerCase(Locale.ROOT))) {
            throw refused();
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && !sameHost(origin, hostOf(request.getHeaderString(HttpHeaders.HOST),
                request.getUriInfo().getRequestUri()))) {
            throw refused();
        }
        MediaType type = request.getMediaType();
        boolean json = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
        if (!json && request.getHeaderString(HEADER) == null) {
            throw refused();
        }
    }

    /** The host the request was sent to: its Host header, or over HTTP/2 (which has none) the request's authority. */
    public static String hostOf(String hostHeader, URI requestUri) {
        if (hostHeader != null && !hostHeader.isBlank()) {
            return hostHeader;
        }
        return requestUri == null ? null : requestUri.getAuthority();
    }

    /**
     * Whether an {@code Origin} names the host the request was sent to (the scheme may differ behind TLS), or is one
     * of {@code codearena.allowed.origins} (comma-separated, e.g. {@code https://arena.example.org}: behind a proxy
     * that does not pass the browser's Host on).
     */
    public static boolean sameHost(String origin, String host) {
        if ("null".equals(origin)) {
            return false;
        }
        String allowed = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("codearena.allowed.origins", String.class).orElse("");
        for (String each : allowed.split(",")) {
            if (!each.isBlank() && each.strip().equalsIgnoreCase(origin.strip())) {
                return true;
            }
        }
        if (host == null) {
            return false;
        }
        try {
            String authority = URI.create(origin).getAuthority();
            return authority != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static ForbiddenException refused() {
        return new ForbiddenException("this request came from another site, or not from CodeArena's pages, and was "
                + "refused to protect your account; use the CodeArena page itself, or call the API with "
                + "'Authorization: Bearer <token>'");
    }
}
