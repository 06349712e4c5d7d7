package org.codearena.matchmaker.infrastructure.provisioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codearena.matchmaker.application.scaling.RunnerProvider;

/**
 * Runner agents on this machine, started and stopped through the launcher ({@code ./arena runner start|stop|restart
 * N|list}): the same agent processes, broker users and sandbox uids that {@code ./arena up} starts, in slots 1 to
 * {@code codearena.scaler.slots}. Set up by {@code ./arena up}, which tells Liberty where the launcher is.
 */
public final class LocalProcessProvider implements RunnerProvider {

    private static final Logger LOG = Logger.getLogger(LocalProcessProvider.class.getName());
    private static final Pattern SLOT = Pattern.compile("runner-(\\d+)");

    private final Path launcher;
    private final int slots;

    public LocalProcessProvider(Path launcher, int slots) {
        this.launcher = launcher;
        this.slots = slots;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Set<String> running() {
        return new TreeSet<>(launch("list").lines().map(String::strip).filter(line -> SLOT.matcher(line).matches()).toList());
    }

    @Override
    public Optional<String> start() {
        Set<String> running = running();
        for (int slot = 1; slot <= slots; slot++) {
            if (!running.contains("runner-" + slot)) {
                launch("start", String.valueOf(slot));
                return Optional.of("runner-" + slot);
            }
        }
        LOG.warning(() -> "event=scaler-no-free-slot slots=" + slots
                + " (every slot runs an agent; raise CODEARENA_RUNNERS_MAX and run ./arena up)");
        return Optional.empty();
    }

    @Override
    public void stop(String runnerId) {
        slotOf(runnerId).ifPresent(slot -> launch("stop", String.valueOf(slot)));
    }

    @Override
    public boolean restart(String runnerId) {
        Optional<Integer> slot = slotOf(runnerId);
        if (slot.isEmpty() || !running().contains(runnerId)) {
            return false;
        }
        launch("restart", String.valueOf(slot.get()));
        return true;
    }

    private Optional<Integer> slotOf(String runnerId) {
        Matcher matcher = SLOT.matcher(runnerId);
        return matcher.matches() && Integer.parseInt(matcher.group(1)) <= slots
                ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** Runs the launcher and returns what it printed; a failure is an IllegalStateException saying what it said. */
    private String launch(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(), "runner"));
        command.addAll(List.of(arguments));
        Path output = null;
        try {
            output = Files.createTempFile("codearena-launcher", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + printed.strip());
            }
            return printed;
        } catch (IOException e) {
            throw new IllegalStateException("could not run the launcher " + launcher + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + launcher, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }
}
