package org.codearena.web.application.sso;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.codearena.domain.model.account.Account;
import org.codearena.web.application.AccountService;
import org.codearena.web.application.ConflictException;
import org.codearena.web.application.ForbiddenException;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.NotAuthenticatedException;
import org.codearena.web.application.UnknownResourceException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CodeArena as a DiscourseConnect provider: a Discourse whose {@code discourse_connect_url} points here sends its
 * users with a signed request (a nonce and where to come back to); they log in here as usual, and are sent back
 * with a signed answer naming their account (external_id, username, email, admin and moderator from their roles).
 * A request with a wrong signature is refused, a nonce is answered once (a replay is refused), and the way back must
 * lead to the configured Discourse (no open redirect). Configured by {@code codearena.discourse.connect.secret} (the
 * same as Discourse's {@code discourse_connect_secret}) and {@code codearena.discourse.url}.
 */
@Stateless
public class DiscourseConnect {

    private static final Logger LOG = Logger.getLogger(DiscourseConnect.class.getName());
    /** Discourse remembers used nonces for a day; a replay older than that is refused by Discourse itself */
    static final Duration NONCE_KEPT = Duration.ofHours(24);
    static final int MIN_SECRET = 10;

    /** A verified request: its nonce and where the answer goes. */
    public record Request(String nonce, URI returnTo) {
    }

    @Inject
    @ConfigProperty(name = "codearena.discourse.connect.secret", defaultValue = " ")
    String secret;

    @Inject
    @ConfigProperty(name = "codearena.discourse.url", defaultValue = " ")
    String discourseUrl;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @EJB
    private AccountService accounts;

    /** Checks the signature and reads the request; throws a 4xx exception that says what is wrong. */
    public Request verify(String sso, String sig) {
        String key = configuredSecret();
        if (sso == null || sso.isBlank() || sig == null || sig.isBlank()) {
            throw new InvalidRequestException("a DiscourseConnect request carries sso and sig (Discourse sends both "
                    + "when its discourse_connect_url points here)");
        }
        if (!DiscourseConnectPayload.signedBy(sso, sig, key)) {
            LOG.warning("event=discourse-connect-bad-signature");
            throw new ForbiddenException("the request is not signed with the shared secret: Discourse's "
                    + "discourse_connect_secret and this platform's codearena.discourse.connect.secret must be the same");
        }
        Map<String, String> fields;
        try {
            fields = DiscourseConnectPayload.decode(sso);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the sso field is not a DiscourseConnect payload: " + e.getMessage());
        }
        String nonce = fields.get("nonce");
        String returnTo = fields.get("return_sso_url");
        if (nonce == null || nonce.isBlank() || nonce.length() > 200 || returnTo == null || returnTo.isBlank()) {
            throw new InvalidRequestException("the payload must name a nonce and a return_sso_url");
        }
        URI target;
        try {
            target = URI.create(returnTo);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("return_sso_url is not a URL: " + returnTo);
        }
        URI discourse = URI.create(configuredDiscourse());
        if (!same(discourse.getScheme(), target.getScheme()) || !same(discourse.getHost(), target.getHost())
                || port(discourse) != port(target)) {
            throw new InvalidRequestException("return_sso_url leads to " + target.getScheme() + "://" + target.getAuthority()
                    + ", not to the configured Discourse (" + discourse + "): set codearena.discourse.url to the forum's address");
        }
        return new Request(nonce, target);
    }

    /**
     * The way back to Discourse for the signed-in account: return_sso_url with the signed answer. The nonce is
     * spent here: a second answer to the same request is refused (409).
     */
    public URI answer(Request request, long accountId) {
        Account account = accounts.current(accountId).orElseThrow(() -> new NotAuthenticatedException(
                "this account does not exist any more; sign up or log in again"));
        Instant now = Instant.now();
        entityManager.createNativeQuery("delete from discourse_connect_nonce where used_at < ?1")
                .setParameter(1, Timestamp.from(now.minus(NONCE_KEPT))).executeUpdate();
        int spent = entityManager.createNativeQuery("insert into discourse_connect_nonce (nonce, account_id, used_at) "
                        + "values (?1, ?2, ?3) on conflict (nonce) do nothing")
                .setParameter(1, request.nonce()).setParameter(2, accountId).setParameter(3, Timestamp.from(now))
                .executeUpdate();
        if (spent == 0) {
            LOG.warning(() -> "event=discourse-connect-replay accountId=" + accountId);
            throw new ConflictException("this sign-in request was answered already: go back to the forum and log in "
                    + "again (each request can be used once)");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("nonce", request.nonce());
        fields.put("external_id", String.valueOf(account.getId()));
        fields.put("username", account.getUsername());
        fields.put("name", account.getUsername());
        fields.put("email", account.getEmail());
        // the platform does not confirm addresses: Discourse sends its own activation mail
        fields.put("require_activation", "true");
        fields.put("admin", String.valueOf(account.getRoles().contains("ADMIN")));
        fields.put("moderator", String.valueOf(account.getRoles().contains("MODERATOR")));
        String target = request.returnTo().toString();
        LOG.info(() -> "event=discourse-connect-answered accountId=" + accountId);
        return URI.create(target + (target.contains("?") ? "&" : "?")
                + DiscourseConnectPayload.query(fields, configuredSecret()));
    }

    private String configuredSecret() {
        String key = secret == null ? "" : secret.strip();
        if (key.length() < MIN_SECRET || configuredDiscourse().isEmpty()) {
            throw new UnknownResourceException("DiscourseConnect is not set up here: set codearena.discourse.connect.secret "
                    + "(at least " + MIN_SECRET + " characters, the same as Discourse's discourse_connect_secret) and "
                    + "codearena.discourse.url (the forum's address)");
        }
        return key;
    }

    private String configuredDiscourse() {
        return discourseUrl == null ? "" : discourseUrl.strip();
    }

    private static boolean same(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
