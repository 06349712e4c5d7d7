package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The maintenance message every page shows while an ADMIN has it on (table platform_setting, the same on every
 * server). Read on every page load: each server keeps what it read for {@value #FRESH_MILLIS} ms.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Maintenance {

    static final long FRESH_MILLIS = 5_000;
    private static final String NAME = "maintenance.message";
    private static final int MAX_MESSAGE = 500;

    public record Notice(String message, Instant since) {
    }

    private record Read(Optional<Notice> notice, long atMillis) {
    }

    private static volatile Read last = new Read(Optional.empty(), 0);

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public void start(String message, String by) {
        if (message == null || message.isBlank()) {
            throw new InvalidRequestException("say what people should know, e.g. \"Upgrading the runners: runs may "
                    + "wait a few minutes until 18:30\"");
        }
        if (message.length() > MAX_MESSAGE) {
            throw new InvalidRequestException("the message is at most " + MAX_MESSAGE + " characters, not "
                    + message.length());
        }
        entityManager.createNativeQuery("insert into platform_setting (name, value, updated_at, updated_by) values "
                        + "(?1, ?2, ?3, ?4) on conflict (name) do update set value = excluded.value, "
                        + "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .setParameter(1, NAME).setParameter(2, message.strip()).setParameter(3, Timestamp.from(Instant.now()))
                .setParameter(4, by).executeUpdate();
        last = new Read(Optional.empty(), 0);
    }

    public void end() {
        entityManager.createNativeQuery("delete from platform_setting where name = ?1").setParameter(1, NAME)
                .executeUpdate();
        last = new Read(Optional.empty(), 0);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Notice> current() {
        Read read = last;
        long now = System.currentTimeMillis();
        if (now - read.atMillis() < FRESH_MILLIS) {
            return read.notice();
        }
        List<?> rows = entityManager.createNativeQuery("select value, updated_at from platform_setting where name = ?1")
                .setParameter(1, NAME).getResultList();
        Optional<Notice> notice = rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0)).map(Object[].class::cast)
                .map(row -> new Notice((String) row[0], org.codearena.domain.model.DatabaseTime.instant(row[1])));
        last = new Read(notice, now);
        return notice;
    }
}
