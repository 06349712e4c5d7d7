package org.codearena.matchmaker.infrastructure.cluster;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.internal.ServerIdentity;

/**
 * Notices that other parts of the platform send to their twins on the other servers over the cluster topic: a
 * topic name and a number (the judge's "leaderboard" and a contest id, say). The matchmaker carries them and
 * knows nothing of what they mean; a listener registers by topic and hears the notices of the other servers.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterNotices {

    private static final Logger LOG = Logger.getLogger(ClusterNotices.class.getName());

    private final Map<String, List<LongConsumer>> listeners = new ConcurrentHashMap<>();
    private final Map<String, List<java.util.function.Consumer<String>>> textListeners = new ConcurrentHashMap<>();

    @EJB
    private ClusterBus bus;

    @Inject
    ServerIdentity identity;

    public void listen(String topic, LongConsumer listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Tells the other servers (not this one: the caller acts here itself). */
    public void announce(String topic, long id) {
        bus.publish(new ClusterMessage.Notice(identity.serverId(), topic, id));
    }

    /** Hears the text notices of the other servers on a topic. */
    public void listenText(String topic, java.util.function.Consumer<String> listener) {
        textListeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Tells the other servers a text (not this one). */
    public void announceText(String topic, String text) {
        bus.publish(new ClusterMessage.Payload(identity.serverId(), topic, text));
    }

    /** A text notice from another server. */
    public void deliverText(String topic, String text) {
        for (java.util.function.Consumer<String> listener : textListeners.getOrDefault(topic, List.of())) {
            try {
                listener.accept(text);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event=cluster-notice-failed topic=" + topic, e);
            }
        }
    }

    /** This server's name among the others. */
    public String serverId() {
        return identity.serverId();
    }

    /** A notice from another server (public: the cluster consumer calls it through the bean's view). */
    public void deliver(String topic, long id) {
        for (LongConsumer listener : listeners.getOrDefault(topic, List.of())) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event=cluster-notice-failed topic=" + topic + " id=" + id, e);
            }
        }
    }
}
