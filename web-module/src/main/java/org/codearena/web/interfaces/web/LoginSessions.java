package org.codearena.web.interfaces.web;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.codearena.matchmaker.infrastructure.cluster.ClusterNotices;
import org.codearena.web.application.TokenService;
import org.codearena.web.interfaces.push.SessionCallerConfigurator;

/**
 * The page sessions each login has on this server. One login (one login cookie) can have a session on several
 * servers: the one that signed the person in, and those that made it again from the cookie when the balancer sent
 * the browser elsewhere. A logout on any server ends them on every server: here at once, on the others through a
 * notice on the cluster topic (their page sockets close with them). The notice carries the token's SHA-256, never
 * the token. Not persistent: a server that misses it (restarting) has lost its sessions anyway, and should the
 * broker lose one, the session on that server lives until it is idle for the session timeout.
 */
@ApplicationScoped
public class LoginSessions {

    private static final Logger LOG = Logger.getLogger(LoginSessions.class.getName());

    /** the session attribute that names its login: the login cookie token's SHA-256 */
    static final String LOGIN = "codearena.login";
    static final String TOPIC = "login-ended";

    /** the ids of each login's sessions (ids: the container may hand out another object for the same session) */
    private final Map<String, Set<String>> byLogin = new ConcurrentHashMap<>();
    private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
    /**
     * logins ended in the last two minutes: a session made again from the cookie by a request that read the token
     * just before its revocation is bound after the logout's notice, and ends at once
     */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private static final long ENDED_MILLIS = 120_000;

    @EJB
    private ClusterNotices cluster;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        cluster.listenText(TOPIC, this::endHere);
    }

    /** The session belongs to the login of this login-cookie token from now on. */
    public void bind(HttpSession session, String token) {
        String login = TokenService.fingerprint(token);
        session.setAttribute(LOGIN, login);
        sessions.put(session.getId(), session);
        byLogin.compute(login, (key, ids) -> {
            Set<String> all = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            all.add(session.getId());
            return all;
        });
        if (ended.containsKey(login)) {
            endHere(login);
        }
    }

    /** The session ended (logout, expiry): forgotten. */
    public void ended(HttpSession session) {
        String id = session.getId();
        Object attribute = session.getAttribute(LOGIN);
        if (sessions.remove(id) != null && attribute instanceof String login) {
            byLogin.computeIfPresent(login, (key, ids) -> {
                ids.remove(id);
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    /** The login of this token ended (its token is revoked): its sessions end here and on every other server. */
    public void loggedOut(String token) {
        String login = TokenService.fingerprint(token);
        endHere(login);
        cluster.announceText(TOPIC, login);
    }

    /** How many logins have sessions here (for the tests and the console). */
    public int size() {
        return byLogin.size();
    }

    private void endHere(String login) {
        long now = System.currentTimeMillis();
        ended.values().removeIf(at -> now - at > ENDED_MILLIS);
        ended.put(login, now);
        SessionCallerConfigurator.forget(login);
        Set<String> ids = byLogin.remove(login);
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            HttpSession session = sessions.remove(id);
            if (session != null) {
                try {
                    session.invalidate();
                } catch (IllegalStateException alreadyEnded) {
                    // it ended on its own meanwhile
                }
            }
        }
        LOG.fine(() -> "event=login-ended sessions=" + ids.size());
    }
}
