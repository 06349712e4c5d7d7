package org.codearena.web.infrastructure.security;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/**
 * Password hashing on a bounded pool (server.xml: concurrent/passwordHashing, codearena.password.hash.threads
 * at once, the rest queued first come first served); checking a password at login on a lane of its own
 * (concurrent/passwordChecking, codearena.password.check.threads), so that logins do not queue behind sign-ups. A storm of sign-ups therefore queues instead of
 * making every request, and the database, starve for CPU; the cost of a hash stays where it is secure.
 * A full queue refuses the task ({@link java.util.concurrent.RejectedExecutionException}: 503 with
 * Retry-After).
 */
@ApplicationScoped
public class PasswordHashing {

    @Resource(lookup = "concurrent/passwordHashing")
    ManagedExecutorService pool;

    /** logins: a lane of their own, so that a login never waits behind a storm of sign-ups */
    @Resource(lookup = "concurrent/passwordChecking")
    ManagedExecutorService checks;

    @Inject
    @ConfigProperty(name = "codearena.password.pbkdf2.iterations",
            defaultValue = "" + PasswordHasher.RECOMMENDED_ITERATIONS)
    int iterations;

    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong hashingNanos = new AtomicLong();
    private final AtomicLong hashes = new AtomicLong();

    public CompletableFuture<String> hash(char[] password) {
        return onPool(pool, () -> new PasswordHasher(iterations).hash(password));
    }

    public CompletableFuture<Boolean> matches(char[] password, String stored) {
        return onPool(checks, () -> new PasswordHasher(iterations).matches(password, stored));
    }

    private <T> CompletableFuture<T> onPool(ManagedExecutorService lane, Supplier<T> work) {
        waiting.incrementAndGet();
        try {
            return lane.supplyAsync(() -> {
                waiting.decrementAndGet();
                long start = System.nanoTime();
                try {
                    return work.get();
                } finally {
                    hashingNanos.addAndGet(System.nanoTime() - start);
                    hashes.incrementAndGet();
                }
            });
        } catch (RuntimeException refused) {
            waiting.decrementAndGet();
            throw refused;
        }
    }

    /** Hashes waiting for a thread now. */
    @Gauge(name = "codearena_password_hash_waiting", unit = MetricUnits.NONE, absolute = true,
            description = "Password hashes (sign-up, login) waiting for a hashing thread")
    public long waiting() {
        return waiting.get();
    }

    /** Hashes done since the server started, and the time they took in total (on the hashing threads). */
    @Gauge(name = "codearena_password_hashes", unit = MetricUnits.NONE, absolute = true,
            description = "Password hashes computed since the server started")
    public long hashesDone() {
        return hashes.get();
    }

    @Gauge(name = "codearena_password_hashing", unit = MetricUnits.SECONDS, absolute = true,
            description = "Time spent computing password hashes since the server started (summed over threads)")
    public double hashingSeconds() {
        return hashingNanos.get() / 1e9;
    }
}
