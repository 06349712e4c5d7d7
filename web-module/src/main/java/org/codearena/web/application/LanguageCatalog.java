package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.codearena.domain.model.run.Language;

/** The languages people can choose; served from the second-level cache (Ehcache). */
@Stateless
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
