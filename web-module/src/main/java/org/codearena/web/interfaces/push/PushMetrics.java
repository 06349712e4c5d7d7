package org.codearena.web.interfaces.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.codearena.push.Outbox;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/** What the push sockets' writers did since the server started, on {@code /metrics?scope=application}. */
@ApplicationScoped
public class PushMetrics {

    /** made at start, so that the gauges are there before anyone asks for them */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: being made registers the gauges
    }

    @Gauge(name = "codearena_push_frames_sent", unit = MetricUnits.NONE, absolute = true,
            description = "Frames written to push sockets since the server started")
    public long framesSent() {
        return Outbox.counts()[1];
    }

    @Gauge(name = "codearena_push_slow_readers_closed", unit = MetricUnits.NONE, absolute = true,
            description = "Push sockets closed with 4001 (too slow: reconnect and resume) since the server started")
    public long slowReadersClosed() {
        return Outbox.counts()[0];
    }

    @Gauge(name = "codearena_push_writes_demoted", unit = MetricUnits.NONE, absolute = true,
            description = "Push sockets whose direct write was stuck and that are written asynchronously since")
    public long writesDemoted() {
        return Outbox.counts()[2];
    }
}
