package org.codearena.matchmaker.infrastructure.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.codearena.protocol.BrokerAddress;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Non-persistent sends that must be quick: jobs to runner queues and cluster notices. They go over a plain
 * Artemis client connection of this server's own, with sessions kept open between sends, instead of through
 * Liberty's resource adapter, where every send borrows a pooled connection, opens a session and producer and
 * waits for the broker to confirm (measured: 7 ms per job send and 10 ms per cluster notice on an idle
 * platform, against well under a millisecond here).
 *
 * <p>Nothing sent here is the only copy of anything: a job's run is claimed in PostgreSQL before its job is
 * sent, and a job lost with the broker is sent again when its agent's heartbeat keeps saying it is idle
 * (see {@code MatchBoard.runnerSeen}); a lost cluster notice is made good by the holder's sweep and by
 * heartbeats. So the sends do not wait for the broker, and the broker does not write them to its journal.
 * A connection that breaks is dropped and opened again at the next send.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DirectSender {

    private static final Logger LOG = Logger.getLogger(DirectSender.class.getName());
    private static final int DEFAULT_PRIORITY = 4;

    /** Writes a message's body and properties. */
    @FunctionalInterface
    public interface Body {
        void writeTo(MapMessage message) throws JMSException;
    }

    @Inject
    @ConfigProperty(name = "codearena.broker.host", defaultValue = "localhost")
    String host;

    @Inject
    @ConfigProperty(name = "codearena.broker.port", defaultValue = "61616")
    int port;

    /** the backup of a primary/backup pair, host:port (server.xml's variables; the primary again when none) */
    @Inject
    @ConfigProperty(name = "codearena.broker.backup.host", defaultValue = " ")
    String backupHost;

    @Inject
    @ConfigProperty(name = "codearena.broker.backup.port", defaultValue = "0")
    int backupPort;

    @Inject
    @ConfigProperty(name = "codearena.broker.user", defaultValue = "codearena")
    String user;

    @Inject
    @ConfigProperty(name = "codearena.broker.password", defaultValue = "")
    String password;

    /** A message whose body could not be written (a programming error): not the broker's fault, not retried. */
    public static final class UnwritableMessage extends IllegalArgumentException {
        UnwritableMessage(Throwable cause) {
            super("the message could not be written: " + cause, cause);
        }
    }

    /**
     * A session and its producers, one per destination, reused by one sender at a time. A producer bound to its
     * destination sends without asking the broker first whether the address exists, as the client does for
     * every send that names its destination (a blocking round trip each time).
     */
    private record Channel(Connection connection, Session session, Map<String, MessageProducer> producers) {

        MessageProducer producerFor(String name, boolean queue) throws JMSException {
            MessageProducer producer = producers.get(name);
            if (producer == null) {
                producer = session.createProducer(queue ? session.createQueue(name) : session.createTopic(name));
                producer.setDisableMessageID(true);
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                producers.put(name, producer);
            }
            return producer;
        }
    }

    private final Object connecting = new Object();
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    private volatile Connection connection;
    private ActiveMQConnectionFactory factory;

    /** A job to one runner's queue. */
    public void toQueue(String queue, long timeToLiveMillis, Body body) throws JMSException {
        send(queue, true, timeToLiveMillis, body);
    }

    /** A notice on a topic. */
    public void toTopic(String topic, long timeToLiveMillis, Body body) throws JMSException {
        send(topic, false, timeToLiveMillis, body);
    }

    /**
     * Sends once; on a broken connection, once more over a new one (the broker may have restarted since the
     * last send). The second failure is thrown.
     */
    private void send(String destination, boolean queue, long timeToLiveMillis, Body body) throws JMSException {
        try {
            sendOnce(destination, queue, timeToLiveMillis, body);
        } catch (UnwritableMessage unwritable) {
            throw unwritable;
        } catch (JMSException | RuntimeException first) {
            LOG.fine(() -> "event=direct-send-retry destination=" + destination + " error=" + first);
            sendOnce(destination, queue, timeToLiveMillis, body);
        }
    }

    private void sendOnce(String destination, boolean queue, long timeToLiveMillis, Body body)
            throws JMSException {
        Channel channel = borrow();
        boolean healthy = false;
        try {
            MapMessage message = channel.session().createMapMessage();
            try {
                body.writeTo(message);
            } catch (JMSException | RuntimeException e) {
                // the message, not the connection, is at fault: the channel stays good, nothing is tried again
                healthy = true;
                throw new UnwritableMessage(e);
            }
            channel.producerFor(destination, queue).send(message, DeliveryMode.NON_PERSISTENT, DEFAULT_PRIORITY,
                    timeToLiveMillis);
            healthy = true;
        } finally {
            if (healthy && channel.connection() == connection) {
                idle.push(channel);
            } else {
                discard(channel, healthy);
            }
        }
    }

    private Channel borrow() throws JMSException {
        Channel channel;
        while ((channel = idle.poll()) != null) {
            if (channel.connection() == connection) {
                return channel;
            }
            discard(channel, true);
        }
        Connection current = connection();
        return new Channel(current, current.createSession(false, Session.AUTO_ACKNOWLEDGE), new HashMap<>());
    }

    private Connection connection() throws JMSException {
        Connection current = connection;
        if (current != null) {
            return current;
        }
        synchronized (connecting) {
            if (connection == null) {
                if (factory == null) {
                    // no reconnection inside the client: a send fails at once and the caller's own recovery runs
                    // with a pair, a new connection goes to whichever of the two is active; retryInterval: the
                    // client waits that long before trying the next address (2 s by default, which made every
                    // send while the broker was away take 2 s, and the matchmaker's tick miss its lease)
                    factory = new ActiveMQConnectionFactory(BrokerAddress.url(host, port,
                            backupHost.isBlank() || backupPort == 0 ? null : backupHost.strip() + ":" + backupPort,
                            "reconnectAttempts=0&retryInterval=100&callTimeout=5000&blockOnNonDurableSend=false"),
                            user, password);
                }
                Connection opened = factory.createConnection();
                opened.setExceptionListener(e -> dropped(opened, e));
                opened.start();
                connection = opened;
                LOG.info(() -> "event=direct-sender-connected broker=" + host + ":" + port);
            }
            return connection;
        }
    }

    private void dropped(Connection broken, JMSException cause) {
        LOG.warning(() -> "event=direct-sender-connection-lost broker=" + host + ":" + port + " error=" + cause);
        synchronized (connecting) {
            if (connection == broken) {
                connection = null;
            }
        }
        closeQuietly(broken);
    }

    /**
     * Closes a channel that is of no more use: one of a connection already replaced, or one whose send failed.
     * A failed send on the current connection means the connection is broken (the broker went away before the
     * client noticed): the next send opens a new one.
     */
    private void discard(Channel channel, boolean sent) {
        try {
            channel.session().close();
        } catch (JMSException | RuntimeException e) {
            LOG.fine(() -> "event=direct-session-close-failed error=" + e);
        }
        boolean replaced;
        synchronized (connecting) {
            replaced = connection != channel.connection();
            if (!replaced && !sent) {
                connection = null;
                replaced = true;
            }
        }
        if (replaced) {
            closeQuietly(channel.connection());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (JMSException | RuntimeException e) {
            LOG.fine(() -> "event=direct-connection-close-failed error=" + e);
        }
    }

    @PreDestroy
    void close() {
        Connection current = connection;
        connection = null;
        idle.clear();
        if (current != null) {
            closeQuietly(current);
        }
        if (factory != null) {
            factory.close();
        }
    }
}
