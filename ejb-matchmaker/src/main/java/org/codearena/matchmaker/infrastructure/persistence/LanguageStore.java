package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.codearena.domain.model.run.Language;

/** Keeps the language catalogue's versions equal to what the registered runners really run. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LanguageStore {

    private static final Logger LOG = Logger.getLogger(LanguageStore.class.getName());
    private static final int MAX_VERSION_LENGTH = 64;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** Every language id, which is also a runner type. */
    public List<String> runnerTypes() {
        return entityManager.createNamedQuery("Language.findAll", Language.class).getResultList().stream()
                .map(Language::getId).toList();
    }

    public void recordToolchainVersions(String runnerId, Map<String, String> versions) {
        versions.forEach((languageId, version) -> {
            Language language = entityManager.find(Language.class, languageId);
            String shown = version.length() > MAX_VERSION_LENGTH ? version.substring(0, MAX_VERSION_LENGTH) : version;
            if (language != null && !shown.equals(language.getVersion())) {
                LOG.info(() -> "event=language-version-changed language=" + languageId + " from="
                        + language.getVersion() + " to=" + shown + " runnerId=" + runnerId);
                language.setVersion(shown);
            }
        });
    }
}
