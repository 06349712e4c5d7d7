package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.codearena.domain.model.account.Account;
import org.codearena.domain.model.account.ApiToken;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opaque bearer tokens: 256 random bits given to the client, only their SHA-256 kept. */
@Stateless
// reads need no transaction (one fewer begin and commit per call); the writes say so themselves
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @Inject
    @ConfigProperty(name = "codearena.token.lifetime.hours", defaultValue = "24")
    long lifetimeHours;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String issue(Account account) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now();
        entityManager.persist(new ApiToken(sha256(token), entityManager.merge(account), now,
                now.plus(Duration.ofHours(lifetimeHours))));
        return token;
    }

    public Optional<Account> accountFor(String token) {
        return holderOf(token).map(Holder::account);
    }

    /** A good token's account and when the token stops being good. */
    public record Holder(Account account, Instant expiresAt) {
    }

    /** The token's account and its expiry, in one query (empty when it is unknown or expired). */
    public Optional<Holder> holderOf(String token) {
        return entityManager.createNamedQuery("ApiToken.findByHash", ApiToken.class)
                .setParameter("tokenHash", sha256(token))
                .getResultList().stream().findFirst()
                .filter(apiToken -> !apiToken.isExpiredAt(Instant.now()))
                .map(apiToken -> new Holder(apiToken.getAccount(), apiToken.getExpiresAt()));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
