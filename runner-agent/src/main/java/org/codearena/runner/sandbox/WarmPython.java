package org.codearena.runner.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The program a warm Python runs while it waits in a prespawned sandbox (warm-python.py, given with -c). */
final class WarmPython {

    static final String BOOTSTRAP = read();

    private WarmPython() {
    }

    private static String read() {
        try (InputStream in = WarmPython.class.getResourceAsStream("/warm-python.py")) {
            if (in == null) {
                throw new IllegalStateException("warm-python.py is missing from the agent's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
