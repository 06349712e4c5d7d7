package org.codearena.matchmaker.application;

import jakarta.ejb.Local;
import java.util.function.Consumer;

/** Run status changes, fanned out to subscribers such as the browser push endpoint. */
@Local
public interface RunEvents {

    /** Returns a handle that ends the subscription. */
    AutoCloseable subscribe(Consumer<RunChanged> listener);

    /** A change made here: told to this server's subscribers and to the other servers. */
    void publish(RunChanged event);

    /** A change another server published: told to this server's subscribers only. */
    void deliverHere(RunChanged event);
}
