package org.codearena.protocol;

import java.util.List;

/**
 * How a program's output is compared with a test's expected output.
 * <ul>
 * <li>EXACT (the default): byte for byte, newlines included.</li>
 * <li>WHITESPACE: line by line, ignoring spaces and tabs at the end of each line, trailing empty lines, and
 * Windows line ends ({@code \r\n}). Spaces inside a line still count.</li>
 * <li>TOKENS: the problem package format's default output validator, word by word, with its
 * {@linkplain ValidatorFlags flags} (case, whitespace, float tolerance).</li>
 * <li>VALIDATOR: a custom output validator, a program of the task's, decides (exit 42 accepted, 43 wrong).</li>
 * <li>INTERACTIVE: the task's validator talks with the program while it runs, and decides.</li>
 * <li>INPUT_VALID: the program is a task's input validator, run on each test's input: it accepts an input by
 * exiting 42 (the problem package format); its output is not compared. Used to verify packages.</li>
 * </ul>
 */
public enum Comparison {
    EXACT,
    WHITESPACE,
    TOKENS,
    VALIDATOR,
    INTERACTIVE,
    INPUT_VALID;

    /** Whether a program of the task's decides (a custom validator, or an interactive one). */
    public boolean needsValidator() {
        return this == VALIDATOR || this == INTERACTIVE;
    }

    /** The output compared with the answer here, with {@code flags} for TOKENS; a sentence on what differs. */
    public DefaultValidator.Judgement check(String expected, String actual, ValidatorFlags flags) {
        if (this == TOKENS) {
            return DefaultValidator.check(expected == null ? "" : expected, actual == null ? "" : actual, flags);
        }
        return matches(expected, actual) ? new DefaultValidator.Judgement(true, "")
                : new DefaultValidator.Judgement(false, "");
    }

    public boolean matches(String expected, String actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        return switch (this) {
            case EXACT -> expected.equals(actual);
            case WHITESPACE -> tolerantLines(expected).equals(tolerantLines(actual));
            case TOKENS -> DefaultValidator.check(expected, actual, ValidatorFlags.DEFAULT).accepted();
            case VALIDATOR, INTERACTIVE, INPUT_VALID -> throw new IllegalStateException(this + " is judged by a "
                    + "program's exit, not compared here");
        };
    }

    private static List<String> tolerantLines(String text) {
        List<String> lines = new java.util.ArrayList<>(text.lines().map(Comparison::stripLineEnd).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
