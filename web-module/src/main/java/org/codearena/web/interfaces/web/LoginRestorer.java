package org.codearena.web.interfaces.web;

import jakarta.ejb.EJB;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.codearena.forum.SignedInDirectory;
import org.codearena.web.application.TokenService;

/**
 * Lets the forum's and the chat's pages (web modules of their own, without the token service) know a reader by the
 * login cookie when this server has no session for them ({@link SignedInDirectory#readerOf}).
 */
@WebListener
public class LoginRestorer implements ServletContextListener {

    @EJB
    private TokenService tokens;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        TokenService service = tokens;
        SignedInDirectory.restoreWith(token -> {
            try {
                return service.bearerOf(token)
                        .map(bearer -> new SignedInDirectory.Reader(bearer.accountId(), bearer.username(), bearer.roles()))
                        .orElse(null);
            } catch (RuntimeException databaseAway) {
                return null;
            }
        });
    }
}
