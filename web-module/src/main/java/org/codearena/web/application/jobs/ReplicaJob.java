package org.codearena.web.application.jobs;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.codearena.web.application.ReplicaStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every job that reads the replica shares: it runs only while the replica is reachable and at most
 * {@code codearena.jobs.replica.max.lag.seconds} behind, and the links it puts in mail point at
 * {@code codearena.public.url}.
 */
abstract class ReplicaJob {

    @EJB
    private ReplicaStatus replicaStatus;

    @Inject
    @ConfigProperty(name = "codearena.jobs.replica.max.lag.seconds", defaultValue = "60")
    int maxLagSeconds;

    @Inject
    @ConfigProperty(name = "codearena.public.url", defaultValue = "http://localhost:9080")
    String publicUrl;

    /** The replica now: usable (and how far behind), or why the job waits for its next turn. */
    ReplicaStatus.Freshness replica() throws SQLException {
        return replicaStatus.fresh(maxLagSeconds);
    }

    /** The site's address without a trailing slash. */
    String site() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}
