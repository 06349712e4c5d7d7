package org.codearena.web.application;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.codearena.domain.model.account.Account;
import org.codearena.domain.model.account.UsernamePolicy;
import org.codearena.web.infrastructure.security.PasswordHashing;

/**
 * Sign-up, password checks and account deletion. A sign-up reserves its name first (cheap, under the
 * family's lock in {@link UsernameRegistry}), so that a taken name is answered at once with a suggestion
 * held for the person, without hashing anything; only a sign-up that holds its name hashes the password
 * (on the bounded pool) and then becomes an account.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AccountService {

    @EJB
    private LoginBackoff backoff;

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 200;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @EJB
    private UsernameRegistry registry;

    @Inject
    PasswordHashing hashing;

    /** server.xml: concurrent/registration, codearena.registration.threads at once */
    @Resource(lookup = "concurrent/registration")
    private ManagedExecutorService registration;

    /**
     * Signs a person up; completes when the account exists. Fails at once with
     * {@link InvalidRequestException}; fails before any hashing with {@link UsernameTakenException} (whose
     * suggestion is held for the person: sending its token with the suggested name claims it).
     */
    public CompletableFuture<Account> signUp(String username, String email, String password, String suggestionToken) {
        UsernamePolicy.violation(username).ifPresent(rule -> {
            throw new InvalidRequestException(rule);
        });
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new InvalidRequestException("email must look like name@example.org");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new InvalidRequestException("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters long");
        }
        String key = UsernamePolicy.key(username);
        String mail = email.strip();
        // every step runs off the request thread: the registry's short transactions a few at a time (so that
        // a storm queues here, not in the connection pool), the hash on the hashing pool
        return registration.supplyAsync(() -> registry.reserve(key, suggestionToken))
                .thenCompose(reservation -> {
                    if (!reservation.isReserved()) {
                        throw new UsernameTakenException(key, reservation.suggestion(), reservation.suggestionToken());
                    }
                    String token = reservation.reserved().token();
                    CompletableFuture<String> hashed;
                    try {
                        hashed = hashing.hash(password.toCharArray());
                    } catch (RuntimeException refused) {
                        registry.cancel(key, token);
                        throw refused;
                    }
                    return hashed.handle((hash, failure) -> {
                        if (failure != null) {
                            registry.cancel(key, token);
                            throw failure instanceof CompletionException completion
                                    ? completion : new CompletionException(failure);
                        }
                        return hash;
                    }).thenApplyAsync(hash -> create(key, mail, hash, token), registration);
                });
    }

    private Account create(String key, String email, String hash, String token) {
        Optional<Account> created;
        try {
            created = registry.complete(new Account(key, email, hash, Instant.now()), token);
        } catch (EJBException e) {
            // the unique constraint had the last word: someone has the name after all
            LOG.info(() -> "event=signup-lost-race username=" + key + " error=" + e.getCause());
            created = Optional.empty();
        }
        if (created.isPresent()) {
            LOG.info(() -> "event=account-created username=" + key);
            return created.get();
        }
        UsernameRegistry.Reservation instead = registry.reserve(key, null);
        if (instead.isReserved()) {
            registry.cancel(key, instead.reserved().token());
        }
        throw new UsernameTakenException(key, instead.suggestion(), instead.suggestionToken());
    }

    /** Whether the name may be had, and if not what to take instead (nothing is held by asking). */
    public UsernameRegistry.Availability availability(String username) {
        UsernamePolicy.violation(username).ifPresent(rule -> {
            throw new InvalidRequestException(rule);
        });
        return registry.availability(UsernamePolicy.key(username));
    }

    /** The account as it is now (its roles as granted or revoked since), or empty when it was deleted. */
    public Optional<Account> current(long accountId) {
        return Optional.ofNullable(entityManager.find(Account.class, accountId));
    }

    /**
     * Checks a login. The account is read and its back-off taken here, in one short transaction on one
     * connection; the password is compared on the hashing pool, and the returned stage completes there: the
     * caller's request thread and connection do not wait for it. Completes
     * empty for a wrong name or password, exceptionally with {@link LoginBackoffException} while the account must
     * wait, or with a {@link java.util.concurrent.RejectedExecutionException} when the hashing queue is full.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public CompletableFuture<Optional<Account>> authenticate(String username, String password) {
        if (username == null || password == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<Account> found = entityManager.createNamedQuery("Account.findByUsernameKey", Account.class)
                .setParameter("usernameKey", UsernamePolicy.key(username))
                .getResultList().stream().findFirst();
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(found);
        }
        Account account = found.get();
        long wait = backoff.attempt(account.getId());
        if (wait > 0) {
            return CompletableFuture.failedFuture(new LoginBackoffException(wait));
        }
        // never in this thread: its transaction holds the account's row (the attempt above) until this method
        // returns, and succeeded() writes that row in a transaction of its own; a hash already done (cheap hashing)
        // would otherwise run it here and wait for this very transaction until it timed out
        return hashing.matches(password.toCharArray(), account.getPasswordHash()).thenApplyAsync(matches -> {
            if (!matches) {
                LOG.info(() -> "event=login-failed username=" + account.getUsernameKey());
                return Optional.empty();
            }
            backoff.succeeded(account.getId());
            return found;
        });
    }

    /** Deletes the account (its tokens and runs with it) once the password matches; its name is free again. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void delete(long accountId, String password) {
        Account account = entityManager.find(Account.class, accountId);
        if (account == null) {
            throw new NotAuthenticatedException("this account does not exist any more");
        }
        if (password == null || !hashing.matches(password.toCharArray(), account.getPasswordHash()).join()) {
            throw new InvalidRequestException("to delete your account, send your current password as \"password\"");
        }
        entityManager.remove(account);
        entityManager.flush();
        registry.released(account.getUsernameKey());
        LOG.info(() -> "event=account-deleted username=" + account.getUsernameKey());
    }

    /** {"language" (null: none chosen), "forumDigest", "languages" (those mail has texts in)}. */
    public Map<String, Object> mailSettings(long accountId) {
        Object[] row = (Object[]) entityManager.createNativeQuery("select language, mail_forum_digest from account "
                + "where id = ?1").setParameter(1, accountId).getSingleResult();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("language", row[0]);
        view.put("forumDigest", row[1]);
        view.put("languages", org.codearena.web.application.mail.MailTexts.LANGUAGES);
        return view;
    }

    /** A null leaves a setting as it is; an empty language clears it. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void changeMailSettings(long accountId, String language, Boolean forumDigest) {
        if (language != null) {
            entityManager.createNativeQuery("update account set language = nullif(?1, '') where id = ?2")
                    .setParameter(1, language).setParameter(2, accountId).executeUpdate();
        }
        if (forumDigest != null) {
            entityManager.createNativeQuery("update account set mail_forum_digest = ?1 where id = ?2")
                    .setParameter(1, forumDigest).setParameter(2, accountId).executeUpdate();
        }
    }
}
