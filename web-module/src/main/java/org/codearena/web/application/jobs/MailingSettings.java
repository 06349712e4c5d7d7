package org.codearena.web.application.jobs;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.codearena.web.application.InvalidRequestException;

/**
 * Where mass mailings read their recipients: the read replica (the default, and what production wants) or the
 * primary (for the side-by-side benchmark, or an installation without a replica). A platform setting (table
 * platform_setting), the same on every server, changed by ADMINs at run time.
 */
@Stateless
public class MailingSettings {

    private static final String NAME = "mailings.read-from";
    static final Set<String> SOURCES = Set.of("replica", "primary");

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public String readFrom() {
        List<?> rows = entityManager.createNativeQuery("select value from platform_setting where name = ?1")
                .setParameter(1, NAME).getResultList();
        return rows.isEmpty() ? "replica" : (String) rows.get(0);
    }

    public void readFrom(String source, String by) {
        if (source == null || !SOURCES.contains(source)) {
            throw new InvalidRequestException("readFrom is \"replica\" (recommended) or \"primary\", not " + source);
        }
        entityManager.createNativeQuery("insert into platform_setting (name, value, updated_at, updated_by) values "
                        + "(?1, ?2, ?3, ?4) on conflict (name) do update set value = excluded.value, "
                        + "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .setParameter(1, NAME).setParameter(2, source).setParameter(3, Timestamp.from(Instant.now()))
                .setParameter(4, by).executeUpdate();
    }
}
