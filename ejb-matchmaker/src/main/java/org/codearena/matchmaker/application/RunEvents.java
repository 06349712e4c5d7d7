package org.codearena.matchmaker.application;

import jakarta.ejb.Local;
import java.util.function.Consumer;

/** Run status changes, fanned out to subscribers such as the browser push endpoint. */
@Local
public interface RunEvents {

    /** Returns a handle that ends the subscription. */
    AutoCloseable subscribe(Consumer<RunChanged> listener);

    void publish(RunChanged event);
}
