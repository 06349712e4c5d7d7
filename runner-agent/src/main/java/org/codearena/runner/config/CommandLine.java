package org.codearena.runner.config;

import java.util.Arrays;
import java.util.List;

/** A configured command: words separated by spaces, no shell involved. */
public final class CommandLine {

    private CommandLine() {
    }

    public static List<String> parse(String line) {
        String trimmed = line == null ? "" : line.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    /** Fills {memoryMb} and similar placeholders. */
    public static List<String> expand(List<String> command, long memoryLimitKb) {
        String memoryMb = Long.toString(Math.max(16, memoryLimitKb / 1024));
        return command.stream().map(word -> word.replace("{memoryMb}", memoryMb)).toList();
    }
}
