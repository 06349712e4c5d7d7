package org.codearena.web.application;

import jakarta.annotation.Resource;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
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

    /** the primary, for the bearer's one read outside any transaction (unshareable: see RateLimitFilter) */
    @Resource(lookup = "jdbc/arena", shareable = false)
    private DataSource direct;

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

    /** Ends a token before its time (a page's logout ends the login cookie's token). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void revoke(String token) {
        entityManager.createQuery("delete from ApiToken t where t.tokenHash = :hash")
                .setParameter("hash", sha256(token)).executeUpdate();
    }

    /** Who a good token speaks for: the account with its name and roles as they are now, and the token's expiry. */
    public record Bearer(long accountId, String username, Set<String> roles, Instant expiresAt) {
    }

    private static final String BEARER = "select a.id, a.username, a.roles, t.expires_at from api_token t "
            + "join account a on a.id = t.account_id where t.token_hash = ? and t.expires_at > ?";

    /**
     * The token's bearer (empty when the token is unknown or expired), in one indexed read on every authenticated
     * API request: plain JDBC in autocommit on a connection of its own (unshareable: back in the pool once read),
     * no transaction and no entities to build, as the caller needs three columns. Read again on each request, so
     * that a role taken away counts from the next one.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<Bearer> bearerOf(String token) {
        try (Connection connection = direct.getConnection();
             PreparedStatement statement = connection.prepareStatement(BEARER)) {
            statement.setString(1, sha256(token));
            statement.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new Bearer(row.getLong(1), row.getString(2),
                        Account.roles(row.getString(3)), row.getObject(4, OffsetDateTime.class).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the sign-in token: " + e.getMessage(), e);
        }
    }

    /** What identifies a token without revealing it (its SHA-256, as the database keeps it). */
    public static String fingerprint(String token) {
        return sha256(token);
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
