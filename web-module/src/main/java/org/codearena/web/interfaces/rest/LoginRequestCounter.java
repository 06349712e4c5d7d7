package org.codearena.web.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.codearena.forum.ForumMetrics;

/**
 * Counts the requests that reach the platform's login endpoints ({@code /api/v1/auth/…}: sessions, tokens, "who am
 * I", DiscourseConnect): the forum's pages must cause none of them, and the forum's figures show that they do not.
 */
@Provider
@PreMatching
@Priority(1)
public class LoginRequestCounter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("v1/auth") || path.startsWith("/v1/auth")) {
            ForumMetrics.loginRequest();
        }
    }
}
