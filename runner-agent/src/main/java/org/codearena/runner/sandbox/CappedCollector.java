package org.codearena.runner.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream into memory up to a cap; calls back once when the cap is passed. */
final class CappedCollector implements Runnable {

    private final InputStream in;
    private final long cap;
    private final Runnable onExceeded;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private volatile boolean exceeded;

    CappedCollector(InputStream in, long cap, Runnable onExceeded) {
        this.in = in;
        this.cap = cap;
        this.onExceeded = onExceeded;
    }

    @Override
    public void run() {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                long room = cap - buffer.size();
                if (n > room) {
                    buffer.write(chunk, 0, (int) Math.max(0, room));
                    exceeded = true;
                    onExceeded.run();
                    return;
                }
                buffer.write(chunk, 0, n);
            }
        } catch (IOException e) {
            // the process was killed while we read: what we have is what it wrote
        }
    }

    boolean exceeded() {
        return exceeded;
    }

    String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
