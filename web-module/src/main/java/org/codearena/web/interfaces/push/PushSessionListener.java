package org.codearena.web.interfaces.push;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/** A page login that ends (logout, expiry) takes its push sockets with it: they must not go on reading runs. */
@WebListener
public class PushSessionListener implements HttpSessionListener {

    @Inject
    PushHub hub;

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        hub.httpSessionEnded(event.getSession().getId());
    }
}
