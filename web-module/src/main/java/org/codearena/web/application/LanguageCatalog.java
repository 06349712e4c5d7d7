package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.codearena.domain.model.run.Language;

/**
 * The languages people can choose; served from the second-level cache (Ehcache). Reads only, without a transaction
 * of their own: every run's request asks once, and beginning and committing one cost more than the read.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class LanguageCatalog {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public List<Language> all() {
        return entityManager.createNamedQuery("Language.findAll", Language.class).getResultList();
    }

    public java.util.Optional<Language> find(String languageId) {
        return java.util.Optional.ofNullable(languageId == null ? null : entityManager.find(Language.class, languageId));
    }

    public Language require(String languageId) {
        return find(languageId).orElseThrow(() ->
                new UnknownLanguageException(languageId, all().stream().map(Language::getId).toList()));
    }
}
