package org.codearena.matchmaker.application.internal;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.matchmaker.infrastructure.cluster.ClusterBus;
import org.codearena.matchmaker.infrastructure.cluster.ClusterMessage;

/**
 * Fans run changes out to the subscribers in this server, and over the cluster topic to the other servers'
 * (a browser may be connected to any server).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LocalRunEvents implements RunEvents {

    private static final Logger LOG = Logger.getLogger(LocalRunEvents.class.getName());

    private final List<Consumer<RunChanged>> listeners = new CopyOnWriteArrayList<>();

    @EJB
    private ClusterBus cluster;

    @Inject
    ServerIdentity identity;

    @Override
    public AutoCloseable subscribe(Consumer<RunChanged> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void publish(RunChanged event) {
        deliverHere(event);
        cluster.publish(new ClusterMessage.RunStatusChanged(identity.serverId(), event));
    }

    @Override
    public void deliverHere(RunChanged event) {
        for (Consumer<RunChanged> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event=run-event-listener-failed runId=" + event.runId(), e);
            }
        }
    }
}
