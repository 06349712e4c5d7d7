package org.codearena.forum;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    private static final ConcurrentHashMap<String, Reader> SESSIONS = new ConcurrentHashMap<>();

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
