package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.Set;
import org.codearena.domain.model.account.UsernamePolicy;

/**
 * The first free name made by appending the smallest positive integer ("alanturing2" when
 * "alanturing" and "alanturing1" are taken). This version reads the taken names with a prefix scan;
 * the scalable suffix index replaces it in the registration issue.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class UsernameSuggestions {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public boolean isTaken(String usernameKey) {
        return !entityManager.createNamedQuery("Account.findByUsernameKey")
                .setParameter("usernameKey", usernameKey).setMaxResults(1).getResultList().isEmpty();
    }

    public String firstFree(String usernameKey) {
        String escaped = usernameKey.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        Set<String> taken = new HashSet<>(entityManager
                .createNamedQuery("Account.findUsernameKeysStartingWith", String.class)
                .setParameter("prefix", escaped + "%").getResultList());
        for (int suffix = 1; ; suffix++) {
            String digits = Integer.toString(suffix);
            String base = usernameKey.length() + digits.length() > UsernamePolicy.MAX_LENGTH
                    ? usernameKey.substring(0, UsernamePolicy.MAX_LENGTH - digits.length())
                    : usernameKey;
            String candidate = base + digits;
            if (!taken.contains(candidate) && (base.equals(usernameKey) || !isTaken(candidate))) {
                return candidate;
            }
        }
    }
}
