package org.codearena.web.interfaces.rest;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.codearena.web.application.RateLimitedException;
import org.eclipse.microprofile.config.Config;

/**
 * Per-client token buckets (Bucket4j) for the methods marked {@link RateLimited}. The client is the remote
 * address, or behind a proxy the first address of the header named by codearena.ratelimit.client.header
 * (e.g. X-Forwarded-For; set it only when a proxy you run writes that header). Each server counts on its
 * own: with N servers behind a balancer a client may get up to N times the limit.
 */
@Provider
@RateLimited
public class RateLimitFilter implements ContainerRequestFilter {

    /** bounds the memory a flood of distinct clients can take: past it, the buckets start afresh */
    private static final int MAX_CLIENTS = 200_000;
    private static final Map<String, Bucket> BUCKETS = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest http;

    @Inject
    Config config;

    @Override
    public void filter(ContainerRequestContext request) {
        RateLimited limited = resource.getResourceMethod().getAnnotation(RateLimited.class);
        if (limited == null || limited.value().isEmpty()) {
            return;
        }
        long perMinute = config.getOptionalValue("codearena.ratelimit." + limited.value() + ".per.minute", Long.class)
                .orElse(defaultPerMinute(limited.value()));
        if (perMinute <= 0) {
            return;
        }
        if (BUCKETS.size() > MAX_CLIENTS) {
            BUCKETS.clear();
        }
        String key = limited.value() + "|" + perMinute + "|" + client(request);
        Bucket bucket = BUCKETS.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
            throw new RateLimitedException(limited.value(), perMinute, seconds);
        }
    }

    private String client(ContainerRequestContext request) {
        Optional<String> header = config.getOptionalValue("codearena.ratelimit.client.header", String.class)
                .filter(name -> !name.isBlank());
        if (header.isPresent()) {
            String forwarded = request.getHeaderString(header.get());
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].strip();
            }
        }
        return http.getRemoteAddr();
    }

    static long defaultPerMinute(String limit) {
        return switch (limit) {
            case "signup" -> 30;
            case "availability" -> 300;
            // per address, on top of the per-account back-off (LoginBackoff): credential stuffing tries many accounts
            case "login" -> 300;
            default -> 0;
        };
    }
}
