package org.codearena.runner.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The seccomp filter every sandboxed program runs under, written at start-up for this machine's architecture by
 * libseccomp (its Python bindings, through the script {@code sandbox/seccomp-filter.py} that ships in the jar).
 */
public final class SeccompFilter {

    private static final String SCRIPT = "/sandbox/seccomp-filter.py";

    private SeccompFilter() {
    }

    /** Writes the compiled filter to {@code output}; refuses with a message that says what to install. */
    public static Path write(Path python, Path output) throws SandboxUnavailableException {
        if (!Files.isExecutable(python)) {
            throw new SandboxUnavailableException("the seccomp filter is written with " + python
                    + ", which is not installed. Install it with: sudo apt-get install python3 python3-seccomp "
                    + "(or set sandbox.seccomp.python)");
        }
        try {
            Path script = Files.createTempFile(output.getParent(), "seccomp-filter", ".py");
            try (InputStream in = SeccompFilter.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Process process = new ProcessBuilder(python.toString(), script.toString(), output.toString())
                    .redirectErrorStream(true).start();
            boolean done = process.waitFor(30, TimeUnit.SECONDS);
            String said = new String(process.getInputStream().readAllBytes());
            Files.deleteIfExists(script);
            if (!done || process.exitValue() != 0 || !Files.isRegularFile(output) || Files.size(output) == 0) {
                process.destroyForcibly();
                throw new SandboxUnavailableException("could not write the seccomp filter with " + python + ": "
                        + said.strip() + (said.contains("No module named 'seccomp'")
                        ? ". Install libseccomp's Python bindings: sudo apt-get install python3-seccomp" : ""));
            }
            return output;
        } catch (IOException e) {
            throw new SandboxUnavailableException("could not write the seccomp filter to " + output + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while writing the seccomp filter");
        }
    }
}
