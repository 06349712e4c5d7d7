package org.codearena.web.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.codearena.domain.model.account.Account;
import org.codearena.domain.model.account.UsernamePolicy;
import org.codearena.web.infrastructure.security.PasswordHasher;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sign-up and password checks. The database's unique constraint decides who gets a name. */
@Stateless
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 200;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @EJB
    private UsernameSuggestions suggestions;

    @Inject
    @ConfigProperty(name = "codearena.password.pbkdf2.iterations",
            defaultValue = "" + PasswordHasher.RECOMMENDED_ITERATIONS)
    int iterations;

    public Account signUp(String username, String email, String password) {
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
        if (suggestions.isTaken(key)) {
            throw new UsernameTakenException(key, suggestions.firstFree(key));
        }
        Account account = new Account(key, email.strip(), hasher().hash(password.toCharArray()), Instant.now());
        try {
            entityManager.persist(account);
            entityManager.flush();
        } catch (PersistenceException e) {
            // someone claimed the same name between our check and our insert
            throw new UsernameTakenException(key, suggestions.firstFree(key));
        }
        LOG.info(() -> "event=account-created username=" + key);
        return account;
    }

    public Optional<Account> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        return entityManager.createNamedQuery("Account.findByUsernameKey", Account.class)
                .setParameter("usernameKey", UsernamePolicy.key(username))
                .getResultStream().findFirst()
                .filter(account -> hasher().matches(password.toCharArray(), account.getPasswordHash()));
    }

    private PasswordHasher hasher() {
        return new PasswordHasher(iterations);
    }
}
