package org.codearena.web.interfaces.push;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import org.codearena.web.application.TokenService;
import org.codearena.web.interfaces.rest.Caller;
import org.codearena.web.interfaces.rest.CrossSiteRequestFilter;

/**
 * Who opens the push socket: an API client's bearer token in the handshake's {@code Authorization} header, or the
 * page's login (HTTP session). A token in the address is not taken: addresses end up in logs and histories.
 * A browser's handshake must come from this site ({@code Origin}): another site's page could otherwise open the
 * socket with the visitor's cookie and read their runs.
 */
public class SessionCallerConfigurator extends ServerEndpointConfig.Configurator {

    /** the HTTP session a page's socket belongs to: it is closed when that session ends (logout, expiry) */
    static final String HTTP_SESSION_ID = "codearena.httpSession";
    /** why a socket without a caller was refused, for its close reason */
    static final String REFUSAL = "codearena.refusal";
    /** when the bearer token that opened the socket expires: the socket is closed then */
    static final String EXPIRES = "codearena.tokenExpires";

    /**
     * The endpoint is made here, plainly: it has nothing to inject (it looks the hub up once), and the container's
     * own way makes each one a CDI managed object, which finds the module's bean manager by walking the stack, a
     * seventh of the server's CPU while thousands of sockets join.
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            return endpointClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            InstantiationException failed = new InstantiationException("cannot make " + endpointClass.getName());
            failed.initCause(e);
            throw failed;
        }
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = request.getHeaders();
        String authorization = first(headers, "Authorization");
        if (authorization != null) {
            String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip()
                    : null;
            Verified verified = token != null ? fromToken(token) : null;
            if (verified != null) {
                config.getUserProperties().put(Caller.PROPERTY, verified.caller());
                config.getUserProperties().put(EXPIRES, verified.expiresAt());
            } else {
                config.getUserProperties().put(REFUSAL, "the token is unknown or expired");
            }
            return;
        }
        String origin = first(headers, "Origin");
        if (origin != null && !CrossSiteRequestFilter.sameHost(origin,
                CrossSiteRequestFilter.hostOf(first(headers, "Host"), request.getRequestURI()))) {
            config.getUserProperties().put(REFUSAL, "opened from another site");
            return;
        }
        if (request.getHttpSession() instanceof HttpSession session
                && session.getAttribute(Caller.PROPERTY) instanceof Caller caller) {
            config.getUserProperties().put(Caller.PROPERTY, caller);
            config.getUserProperties().put(HTTP_SESSION_ID, session.getId());
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    /** A token checked against the database: its person and its end. */
    private record Verified(Caller caller, java.time.Instant expiresAt, long checkedAt) {
    }

    /**
     * Tokens checked in the last {@value #CHECKED_MILLIS} ms: an API client that opens many sockets (or opens one
     * again and again) costs one database read a minute, not one per handshake. An API token is never revoked
     * before it expires; a page's login-cookie token is (at logout), and a page's socket comes through its session,
     * not through this cache; should the same token be sent as a bearer, the logout's notice drops it from here on
     * every server ({@link #forget}), keyed by its SHA-256. A new role reaches the sockets opened after the entry is a minute old.
     */
    private static final java.util.Map<String, Verified> CHECKED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long CHECKED_MILLIS = 60_000;
    private static final int CHECKED_MAX = 100_000;

    /** A login ended (its token revoked): its token is checked again if it comes back. */
    public static void forget(String fingerprint) {
        CHECKED.remove(fingerprint);
    }

    private static Verified fromToken(String token) {
        long now = System.currentTimeMillis();
        String key = TokenService.fingerprint(token);
        Verified known = CHECKED.get(key);
        if (known != null && now - known.checkedAt() < CHECKED_MILLIS && known.expiresAt().toEpochMilli() > now) {
            return known;
        }
        Verified verified = CDI.current().select(TokenService.class).get().bearerOf(token)
                .map(bearer -> new Verified(Caller.of(bearer), bearer.expiresAt(), now)).orElse(null);
        if (CHECKED.size() >= CHECKED_MAX) {
            CHECKED.values().removeIf(old -> now - old.checkedAt() >= CHECKED_MILLIS);
            if (CHECKED.size() >= CHECKED_MAX) {
                CHECKED.clear();
            }
        }
        if (verified == null) {
            CHECKED.remove(key);
        } else {
            CHECKED.put(key, verified);
        }
        return verified;
    }
}
