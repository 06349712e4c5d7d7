package org.codearena.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The problem package format's default output validator: the output is read as words separated by whitespace
 * and compared with the answer's word by word; case does not count unless {@code case_sensitive}; the
 * whitespace itself counts only with {@code space_change_sensitive}; where a float tolerance is set, an
 * answer word that is a number accepts any number within the tolerance, written in any valid way
 * ({@code 0.5}, {@code .50}, {@code 5e-1}).
 */
public final class DefaultValidator {

    /** A decimal floating-point number as the format accepts it (no hex, no inf or nan). */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int SHOWN = 40;

    private DefaultValidator() {
    }

    /** Whether {@code output} is accepted against {@code answer}; a sentence on the first difference when not. */
    public record Judgement(boolean accepted, String message) {
        static final Judgement ACCEPTED = new Judgement(true, "");
    }

    public static Judgement check(String answer, String output, ValidatorFlags flags) {
        if (flags.spaceChangeSensitive()) {
            String whitespace = firstWhitespaceDifference(answer, output);
            if (whitespace != null) {
                return new Judgement(false, whitespace);
            }
        }
        List<String> expected = words(answer);
        List<String> actual = words(output);
        for (int i = 0; i < expected.size(); i++) {
            if (i >= actual.size()) {
                return new Judgement(false, "the output ends after " + actual.size() + " words; word " + (i + 1)
                        + " should be " + shown(expected.get(i)));
            }
            String problem = compare(expected.get(i), actual.get(i), flags);
            if (problem != null) {
                return new Judgement(false, "word " + (i + 1) + ": " + problem);
            }
        }
        if (actual.size() > expected.size()) {
            return new Judgement(false, "the output goes on after the answer's " + expected.size() + " words: "
                    + shown(actual.get(expected.size())) + " is one too many");
        }
        return Judgement.ACCEPTED;
    }

    private static String compare(String expected, String actual, ValidatorFlags flags) {
        if (flags.comparesFloats() && isNumber(expected)) {
            if (!isNumber(actual)) {
                return "expected the number " + shown(expected) + ", got " + shown(actual);
            }
            double want = new BigDecimal(expected).doubleValue();
            double got = new BigDecimal(actual).doubleValue();
            double error = Math.abs(want - got);
            boolean absoluteOk = flags.absoluteTolerance() >= 0 && error <= flags.absoluteTolerance();
            boolean relativeOk = flags.relativeTolerance() >= 0 && error <= flags.relativeTolerance() * Math.abs(want);
            if (absoluteOk || relativeOk) {
                return null;
            }
            return "expected " + shown(expected) + ", got " + shown(actual) + " (off by "
                    + String.format(Locale.ROOT, "%.3g", error) + "; allowed: " + allowed(flags) + ")";
        }
        boolean same = flags.caseSensitive() ? expected.equals(actual) : expected.equalsIgnoreCase(actual);
        return same ? null : "expected " + shown(expected) + ", got " + shown(actual);
    }

    private static String allowed(ValidatorFlags flags) {
        List<String> parts = new ArrayList<>();
        if (flags.absoluteTolerance() >= 0) {
            parts.add("absolute " + flags.absoluteTolerance());
        }
        if (flags.relativeTolerance() >= 0) {
            parts.add("relative " + flags.relativeTolerance());
        }
        return String.join(" or ", parts);
    }

    static boolean isNumber(String word) {
        return NUMBER.matcher(word).matches();
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words;
    }

    /** With space_change_sensitive: the whitespace between words must be the same, character for character. */
    private static String firstWhitespaceDifference(String answer, String output) {
        List<String> expected = gaps(answer);
        List<String> actual = gaps(output);
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return (i == 0 ? "the space before the first word" : "the space after word " + i) + " differs: expected " + escaped(expected.get(i)) + ", got "
                        + escaped(actual.get(i));
            }
        }
        return null;
    }

    private static List<String> gaps(String text) {
        List<String> gaps = new ArrayList<>();
        StringBuilder gap = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                gap.append(c);
            } else {
                gaps.add(gap.toString());
                gap.setLength(0);
                while (i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
                    i++;
                }
            }
        }
        gaps.add(gap.toString());
        return gaps;
    }

    private static String escaped(String whitespace) {
        return "\"" + whitespace.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    private static String shown(String word) {
        return "'" + (word.length() <= SHOWN ? word : word.substring(0, SHOWN) + "…") + "'";
    }
}
