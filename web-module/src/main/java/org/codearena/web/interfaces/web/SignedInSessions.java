package org.codearena.web.interfaces.web;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.codearena.forum.SignedInDirectory;
import org.codearena.web.interfaces.rest.Caller;

/**
 * Keeps the directory of signed-in sessions ({@link SignedInDirectory}) that the forum reads: a login puts the
 * person there under the session's id, a change of their roles (read again on each request) updates them, and the
 * session's end (logout, expiry, a deleted account) takes them out. The forum thereby knows its readers without
 * asking the platform anything per page, and a logout here is a logout there.
 */
@WebListener
public class SignedInSessions implements HttpSessionAttributeListener, HttpSessionListener {

    @Inject
    LoginSessions loginSessions;

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        changed(event);
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        changed(event);
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        if (Caller.PROPERTY.equals(event.getName())) {
            SignedInDirectory.signedOut(event.getSession().getId());
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        SignedInDirectory.signedOut(event.getSession().getId());
        loginSessions.ended(event.getSession());
    }

    private static void changed(HttpSessionBindingEvent event) {
        if (Caller.PROPERTY.equals(event.getName())
                && event.getSession().getAttribute(Caller.PROPERTY) instanceof Caller caller) {
            SignedInDirectory.signedIn(event.getSession().getId(),
                    new SignedInDirectory.Reader(caller.accountId(), caller.username(), caller.roles()));
        }
    }
}
