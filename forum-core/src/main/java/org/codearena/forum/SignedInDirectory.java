package org.codearena.forum;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who is signed in, by the platform's session id: the single sign-on between the platform's pages and the forum's.
 * The web module writes here when someone logs in (and when their roles change) and removes the entry when the
 * session ends (logout, expiry); the forum reads here on every page view. Both web modules share this one instance
 * (this class sits in the EAR's lib) and the session cookie (path /), so a forum page knows its reader with one
 * lookup in memory: no request, redirect or token exchange per page, and a logout on the platform is a logout on
 * the forum.
 */
public final class SignedInDirectory {

    /** A signed-in person as the forum needs them. */
    public record Reader(long accountId, String username, Set<String> roles) {

        public static final String MODERATOR = "MODERATOR";
        public static final String ADMIN = "ADMIN";

        public Reader {
            roles = Set.copyOf(roles);
        }

        /** moderators and ADMINs moderate the forum */
        public boolean moderates() {
            return roles.contains(MODERATOR) || roles.contains(ADMIN);
        }
    }

    /** the page login's cookie: a sign-in token any server can check (the web module's LoginCookie) */
    public static final String LOGIN_COOKIE = "codearena_login";

    private static final ConcurrentHashMap<String, Reader> SESSIONS = new ConcurrentHashMap<>();

    /** who a login cookie's token speaks for (one read in PostgreSQL), set by the web module when it starts */
    private static volatile Function<String, Reader> restorer = token -> null;

    private SignedInDirectory() {
    }

    public static void signedIn(String sessionId, Reader reader) {
        SESSIONS.put(key(sessionId), reader);
    }

    public static void signedOut(String sessionId) {
        SESSIONS.remove(key(sessionId));
    }

    /** The reader of a request that carries this session id (the cookie's value, or the session's id), or null. */
    public static Reader lookup(String sessionId) {
        return sessionId == null ? null : SESSIONS.get(key(sessionId));
    }

    /**
     * The reader of a page request: by its session id, or, when this server knows no such session (the server that
     * made it went away and the load balancer sent the browser here), by the login cookie's token, read in the
     * database until the web module has made the session again (on the browser's next request to it).
     */
    public static Reader readerOf(HttpServletRequest request) {
        Reader reader = lookup(request.getRequestedSessionId());
        if (reader != null) {
            return reader;
        }
        String token = loginToken(request);
        return token == null ? null : restorer.apply(token);
    }

    /** The token a request carries in the login cookie, or null. */
    public static String loginToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (LOGIN_COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** How a login cookie's token becomes a reader (the web module's token service). */
    public static void restoreWith(Function<String, Reader> tokenReader) {
        restorer = tokenReader;
    }

    public static int size() {
        return SESSIONS.size();
    }

    /**
     * The id without what Liberty adds to it in the cookie: a cache id before it ({@code 0000}) and the server's clone
     * id after a colon. {@code HttpSession.getId()} gives the bare id; the forum, which has no session of its own,
     * reads the requested id.
     */
    static String key(String sessionId) {
        String id = sessionId;
        int colon = id.indexOf(':');
        if (colon >= 0) {
            id = id.substring(0, colon);
        }
        if (id.length() > 4 && id.startsWith("0000")) {
            id = id.substring(4);
        }
        return id;
    }
}
