package org.codearena.web.application.proctoring;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.codearena.protocol.Destinations;

/**
 * Writes proctoring uploads down: a snapshot into the object store, then its row; a batch of events as rows.
 * A failure is thrown: the message is not acknowledged and comes back (the broker's redelivery settings for
 * {@code arena.proctoring}), and writing it again changes nothing (same key, same browser id).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.PROCTORING),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProctoringConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ProctoringConsumer.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Type EVENTS = new ArrayList<ProctoringRecords.Event>() { }.getClass().getGenericSuperclass();

    @EJB
    private ProctoringRecords records;

    @Inject
    private ProctoringStorage storage;

    @Override
    public void onMessage(Message message) {
        try {
            String type = message.getStringProperty("type");
            long invitationId = message.getLongProperty("invitationId");
            if ("snapshot".equals(type)) {
                BytesMessage bytes = (BytesMessage) message;
                byte[] jpeg = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(jpeg);
                String kind = message.getStringProperty("kind");
                String clientId = message.getStringProperty("clientId");
                long takenAt = message.getLongProperty("takenAt");
                String key = "assessment-" + message.getLongProperty("assessmentId") + "/invitation-" + invitationId
                        + "/" + kind.toLowerCase() + "-" + takenAt + "-" + clientId.toLowerCase() + ".jpg";
                // the row first: a snapshot whose invitation is gone stops here (no file without a row); a file that
                // then fails is written again when the broker redelivers (the row's insert changes nothing then)
                records.snapshot(invitationId, clientId, kind, Instant.ofEpochMilli(takenAt), key, jpeg.length);
                storage.store().put(key, jpeg);
            } else if ("events".equals(type)) {
                List<ProctoringRecords.Event> events = JSON.fromJson(((TextMessage) message).getText(), EVENTS);
                records.events(invitationId, events);
            } else {
                LOG.warning(() -> "event=proctoring-message-unknown type=" + type);
            }
        } catch (JMSException | ClassCastException e) {
            LOG.warning(() -> "event=proctoring-message-unreadable error=" + e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a proctoring snapshot to the store", e);
        }
    }
}
