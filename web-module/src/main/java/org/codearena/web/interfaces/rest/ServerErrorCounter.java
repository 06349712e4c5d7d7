package org.codearena.web.interfaces.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API's answers and those that were server errors (5xx), for the error-rate alert. Two adders: nothing
 * on the request path waits for anything.
 */
@Provider
public class ServerErrorCounter implements ContainerResponseFilter {

    private static final LongAdder ANSWERS = new LongAdder();
    private static final LongAdder SERVER_ERRORS = new LongAdder();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        ANSWERS.increment();
        if (response.getStatus() >= 500) {
            SERVER_ERRORS.increment();
        }
    }

    /** Answers and server errors since the server started. */
    public static long[] counts() {
        return new long[] {ANSWERS.sum(), SERVER_ERRORS.sum()};
    }
}
