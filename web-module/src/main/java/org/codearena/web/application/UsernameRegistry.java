package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.codearena.domain.model.account.Account;
import org.codearena.domain.model.account.UsernameParts;
import org.codearena.domain.persistence.UsernameIndex;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * Who may have which username, on the suffix index ({@link UsernameIndex}). A sign-up first reserves its
 * name (a short transaction under the family's lock): if the name is free it is held for the sign-up while
 * the password is hashed; if not, the first free name of its family is held for the person as a suggestion,
 * so that people who asked for the same name at the same moment are offered different ones. The account
 * is then created in a second transaction that turns the hold into the account; the database's unique
 * constraint on the name has the last word.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class UsernameRegistry {

    private static final Logger LOG = Logger.getLogger(UsernameRegistry.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final UsernameIndex INDEX = new UsernameIndex();

    /** The name is held for this sign-up (token) until it completes. */
    public record Reserved(String token) {
    }

    /** What reserving found: held for us, or taken with a suggestion held for us. */
    public record Reservation(Reserved reserved, String suggestion, String suggestionToken) {

        public boolean isReserved() {
            return reserved != null;
        }
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @Inject
    @ConfigProperty(name = "codearena.username.suggestion.hold.seconds", defaultValue = "300")
    long suggestionHoldSeconds;

    @Inject
    @ConfigProperty(name = "codearena.username.signup.hold.seconds", defaultValue = "3600")
    long signUpHoldSeconds;

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    /** Whether a name is free, and if not the first free name of its family. */
    public record Availability(boolean available, String suggestion) {
    }

    /** Whether the name is free, and the first free name of its family (held for no one). Read only. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Availability availability(String key) {
        return jdbc(connection -> {
            if (!INDEX.isTaken(connection, key, null, Instant.now())) {
                return new Availability(true, null);
            }
            for (String base : UsernameParts.fallbackBases(UsernameParts.of(key).base())) {
                Optional<BigInteger> free = INDEX.firstFree(connection, base);
                if (free.isPresent()) {
                    return new Availability(false, UsernameParts.name(base, free.get()));
                }
            }
            return new Availability(false, null);
        });
    }

    /**
     * Holds the name for this sign-up (a token from an earlier suggestion may be given: that hold is then
     * used), or holds the family's first free name as a suggestion.
     */
    public Reservation reserve(String key, String token) {
        UsernameParts parts = UsernameParts.of(key);
        Instant now = Instant.now();
        return jdbc(connection -> {
            INDEX.lockFamily(connection, parts.base());
            INDEX.releaseExpiredHolds(connection, parts.base(), now);
            if (INDEX.isTaken(connection, key, token, now)) {
                return suggest(connection, parts, now);
            }
            boolean heldAlready = INDEX.holdOn(connection, key).isPresent();
            if (!heldAlready && parts.number().signum() > 0 && !INDEX.take(connection, parts.base(), parts.number())) {
                LOG.warning(() -> "event=username-index-drift username=" + key + " reason=free-but-not-in-gaps");
            }
            String mine = token != null && !token.isBlank() ? token : newToken();
            INDEX.hold(connection, parts, mine, now.plusSeconds(signUpHoldSeconds));
            return new Reservation(new Reserved(mine), null, null);
        });
    }

    /** The sign-up holding the name failed (a bad request, a crash of hashing): the name is free again. */
    public void cancel(String key, String token) {
        UsernameParts parts = UsernameParts.of(key);
        jdbc(connection -> {
            INDEX.lockFamily(connection, parts.base());
            Optional<UsernameIndex.Hold> hold = INDEX.holdOn(connection, key);
            if (hold.isPresent() && hold.get().token().equals(token)) {
                INDEX.dropHold(connection, key);
                if (parts.number().signum() > 0) {
                    INDEX.giveBack(connection, parts.base(), parts.number());
                }
            }
            return null;
        });
    }

    /**
     * Creates the account under the hold; empty when the hold was lost (it expired and someone else has
     * the name now): the caller reserves again to get a suggestion.
     */
    public Optional<Account> complete(Account account, String token) {
        String key = account.getUsernameKey();
        UsernameParts parts = UsernameParts.of(key);
        Instant now = Instant.now();
        boolean ours = jdbc(connection -> {
            INDEX.lockFamily(connection, parts.base());
            Optional<UsernameIndex.Hold> hold = INDEX.holdOn(connection, key);
            if (hold.isPresent() && hold.get().token().equals(token)) {
                INDEX.dropHold(connection, key);
                return true;
            }
            if (INDEX.isTaken(connection, key, token, now)) {
                return false;
            }
            // our hold ran out and was released, but nobody took the name meanwhile
            if (parts.number().signum() > 0) {
                INDEX.take(connection, parts.base(), parts.number());
            }
            return true;
        });
        if (!ours) {
            return Optional.empty();
        }
        entityManager.persist(account);
        entityManager.flush();
        return Optional.of(account);
    }

    /** The account is deleted: its name is free for the next person (family locked, same transaction). */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void released(String key) {
        UsernameParts parts = UsernameParts.of(key);
        jdbc(connection -> {
            INDEX.lockFamily(connection, parts.base());
            if (parts.number().signum() > 0) {
                INDEX.giveBack(connection, parts.base(), parts.number());
            }
            return null;
        });
    }

    private Reservation suggest(Connection connection, UsernameParts parts, Instant now) throws SQLException {
        for (String base : UsernameParts.fallbackBases(parts.base())) {
            if (!base.equals(parts.base())) {
                // shorter bases only, after the longer one: every transaction locks in the same order
                INDEX.lockFamily(connection, base);
                INDEX.releaseExpiredHolds(connection, base, now);
            }
            Optional<BigInteger> free;
            while ((free = INDEX.firstFree(connection, base)).isPresent()) {
                UsernameParts candidate = new UsernameParts(base, free.get());
                INDEX.take(connection, base, free.get());
                if (INDEX.accountExists(connection, candidate.name())) {
                    // an account the index did not know of (created before it, or by hand): now it does
                    LOG.warning(() -> "event=username-index-drift username=" + candidate.name() + " reason=taken-but-in-gaps");
                    continue;
                }
                String token = newToken();
                INDEX.hold(connection, candidate, token, now.plusSeconds(suggestionHoldSeconds));
                return new Reservation(null, candidate.name(), token);
            }
        }
        return new Reservation(null, null, null);
    }

    private static String newToken() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
