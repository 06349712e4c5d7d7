package org.codearena.protocol;

import java.util.List;

/**
 * How a program's output is compared with a test's expected output.
 * <ul>
 * <li>EXACT (the default): byte for byte, newlines included.</li>
 * <li>WHITESPACE: line by line, ignoring spaces and tabs at the end of each line, trailing empty lines, and
 * Windows line ends ({@code \r\n}). Spaces inside a line still count.</li>
 * </ul>
 */
public enum Comparison {
    EXACT,
    WHITESPACE;

    public boolean matches(String expected, String actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        return switch (this) {
            case EXACT -> expected.equals(actual);
            case WHITESPACE -> tolerantLines(expected).equals(tolerantLines(actual));
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
