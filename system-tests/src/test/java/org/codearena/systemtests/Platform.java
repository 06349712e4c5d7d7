package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The platform the tests run against, as its launcher sees it: ./arena, its PID files, the servers' logs. */
final class Platform {

    static final Path ROOT = Path.of(System.getProperty("codearena.root", ".."));
    static final Path STATE = Path.of(System.getProperty("codearena.state", "../.arena"));
    static final Path PIDS = STATE.resolve("pids");
    /** the log folders of the first server and of a second one (./arena up --servers 2) */
    static final List<Path> SERVER_LOGS = List.of(
            STATE.resolve("liberty-1/codearena/logs"),
            STATE.resolve("liberty-2/codearena/logs"));

    private Platform() {
    }

    /** What a command said (standard output and error together) and how it ended. */
    record Outcome(int status, String output) {
    }

    /** Runs a command on this machine, waiting at most {@code seconds} for it. */
    static Outcome run(long seconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new Outcome(process.exitValue(), output);
    }

    /** Runs ./arena with the arguments and asserts that it succeeded (its output in the message if not). */
    static void arena(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("arena").toString()));
        command.addAll(List.of(arguments));
        Outcome outcome = run(300, command.toArray(String[]::new));
        assertThat(outcome.status()).as("./arena %s: %s", command, outcome.output()).isZero();
    }

    /** Runs one statement on the primary (a test's way to move time: an assessment that closed days ago). */
    static int updatePrimary(String sql, Object... parameters) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
             java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Sleeps, for a load thread's pacing, keeping the interrupt if one comes. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The PID the launcher recorded for a component (liberty, artemis, runner-1, ...). */
    static long pid(String component) throws IOException {
        return Long.parseLong(Files.readString(PIDS.resolve(component + ".pid")).strip());
    }

    /** Every server's messages logs (the current one and those Liberty kept from earlier starts), as one text. */
    static String serverLogs() throws IOException {
        return serverLogs(java.nio.file.attribute.FileTime.fromMillis(0));
    }

    /** The servers' message logs written to since the given time. */
    static String serverLogs(java.nio.file.attribute.FileTime since) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path dir : SERVER_LOGS) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("messages")
                        && modifiedSince(f, since)).toList()) {
                    all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all.toString();
    }

    private static boolean modifiedSince(Path file, java.nio.file.attribute.FileTime since) {
        try {
            return Files.getLastModifiedTime(file).compareTo(since) >= 0;
        } catch (IOException gone) {
            return false;
        }
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
