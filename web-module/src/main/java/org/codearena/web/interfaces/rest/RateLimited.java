package org.codearena.web.interfaces.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often one client may call the method: {@code codearena.ratelimit.<value>.per.minute} requests
 * a minute per client (0: no limit); past it, 429 with Retry-After ({@link RateLimitFilter}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {

    /** the limit's name in the configuration, e.g. "signup" */
    String value() default "";

    /**
     * Counted in PostgreSQL, the same on every server (a few milliseconds a request), instead of in each
     * server's memory: for limits an attacker would spread over servers, such as logins.
     */
    boolean shared() default false;
}
