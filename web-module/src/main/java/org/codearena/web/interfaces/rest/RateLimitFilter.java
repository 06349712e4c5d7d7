package org.codearena.web.interfaces.rest;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import jakarta.annotation.Resource;
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
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.codearena.web.application.RateLimitedException;
import org.eclipse.microprofile.config.Config;

/**
 * Per-client token buckets (Bucket4j) for the methods marked {@link RateLimited}. The client is the remote
 * address, or behind a proxy the first address of the header named by codearena.ratelimit.client.header
 * (e.g. X-Forwarded-For; set it only when a proxy you run writes that header). A limit marked shared (logins,
 * sign-ups, name checks, trial runs: all of today's) is counted in PostgreSQL, the same on every server, so that
 * N servers behind a balancer allow a client what one would; a limit not marked so would be counted by each
 * server on its own.
 */
@Provider
@RateLimited
public class RateLimitFilter implements ContainerRequestFilter {

    /** bounds the memory a flood of distinct clients can take: past it, the buckets start afresh */
    private static final int MAX_CLIENTS = 200_000;
    private static final Map<String, Bucket> BUCKETS = new ConcurrentHashMap<>();
    /** every this many shared checks, rows of buckets that are full again are removed (at most 1,000 at a time) */
    private static final int CLEAN_EVERY = 256;
    private static final AtomicLong SHARED_CHECKS = new AtomicLong();
    private static volatile PostgreSQLSelectForUpdateBasedProxyManager<String> shared;

    /**
     * Unshareable: closing the connection gives it back to the pool at once. A shareable one stays with the
     * request until it ends, and the login's own transaction then needs a second one: in a flood, every pooled
     * connection would wait for another.
     */
    @Resource(lookup = "jdbc/arena", shareable = false)
    DataSource dataSource;

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
        ConsumptionProbe probe = limited.shared()
                ? consumeShared(key, BucketConfiguration.builder().addLimit(perMinute(perMinute)).build())
                : BUCKETS.computeIfAbsent(key, k -> Bucket.builder().addLimit(perMinute(perMinute)).build())
                        .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
            throw new RateLimitedException(limited.value(), perMinute, seconds);
        }
    }

    private static Bandwidth perMinute(long perMinute) {
        return Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build();
    }

    /** One token from the bucket in PostgreSQL (Bucket4j: insert if new, select for update, update, commit). */
    private ConsumptionProbe consumeShared(String key, BucketConfiguration limit) {
        PostgreSQLSelectForUpdateBasedProxyManager<String> buckets = sharedBuckets();
        ConsumptionProbe probe = buckets.getProxy(key, () -> limit).tryConsumeAndReturnRemaining(1);
        if (SHARED_CHECKS.incrementAndGet() % CLEAN_EVERY == 0) {
            buckets.removeExpired(1_000);
        }
        return probe;
    }

    private PostgreSQLSelectForUpdateBasedProxyManager<String> sharedBuckets() {
        PostgreSQLSelectForUpdateBasedProxyManager<String> buckets = shared;
        if (buckets == null) {
            synchronized (RateLimitFilter.class) {
                if (shared == null) {
                    shared = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                            .primaryKeyMapper(PrimaryKeyMapper.STRING)
                            .table("rate_limit_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                            .build();
                }
                buckets = shared;
            }
        }
        return buckets;
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
            // trying a task before signing up: a visitor's runs, per address
            case "trial" -> 20;
            default -> 0;
        };
    }
}
