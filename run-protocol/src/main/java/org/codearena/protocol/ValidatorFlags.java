package org.codearena.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flags of the problem package format's default output validator ({@code validator_flags} in
 * {@code problem.yaml}, or {@code output_validator_args} in {@code testdata.yaml}): {@code case_sensitive},
 * {@code space_change_sensitive}, {@code float_relative_tolerance ε}, {@code float_absolute_tolerance ε} and
 * {@code float_tolerance ε} (both). Without a float flag, numbers are compared as words.
 */
public record ValidatorFlags(boolean caseSensitive, boolean spaceChangeSensitive, double absoluteTolerance,
                             double relativeTolerance) {

    /** Case-insensitive words, any whitespace between them, no float tolerance. */
    public static final ValidatorFlags DEFAULT = new ValidatorFlags(false, false, -1, -1);

    public boolean comparesFloats() {
        return absoluteTolerance >= 0 || relativeTolerance >= 0;
    }

    /**
     * Reads flags as the format writes them, words separated by spaces; throws IllegalArgumentException with a
     * sentence that names the flag for an unknown flag or a tolerance that is not a number.
     */
    public static ValidatorFlags parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        List<String> words = List.of(text.trim().split("\\s+"));
        boolean caseSensitive = false;
        boolean spaceSensitive = false;
        double absolute = -1;
        double relative = -1;
        for (int i = 0; i < words.size(); i++) {
            String flag = words.get(i);
            switch (flag) {
                case "case_sensitive" -> caseSensitive = true;
                case "space_change_sensitive" -> spaceSensitive = true;
                case "float_tolerance", "float_absolute_tolerance", "float_relative_tolerance" -> {
                    if (i + 1 >= words.size()) {
                        throw new IllegalArgumentException("validator flag " + flag + " needs a number after it, "
                                + "e.g. '" + flag + " 1e-6'");
                    }
                    double epsilon = tolerance(flag, words.get(++i));
                    if (!flag.equals("float_relative_tolerance")) {
                        absolute = epsilon;
                    }
                    if (!flag.equals("float_absolute_tolerance")) {
                        relative = epsilon;
                    }
                }
                default -> throw new IllegalArgumentException("unknown validator flag '" + flag + "': the default "
                        + "validator takes case_sensitive, space_change_sensitive, float_tolerance ε, "
                        + "float_absolute_tolerance ε and float_relative_tolerance ε");
            }
        }
        return new ValidatorFlags(caseSensitive, spaceSensitive, absolute, relative);
    }

    private static double tolerance(String flag, String value) {
        try {
            double epsilon = Double.parseDouble(value);
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new NumberFormatException();
            }
            return epsilon;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("validator flag " + flag + " takes a number of 0 or more, not '"
                    + value + "'");
        }
    }

    /** The flags as the format writes them (parse gives these flags back). */
    public String format() {
        List<String> words = new ArrayList<>();
        if (caseSensitive) {
            words.add("case_sensitive");
        }
        if (spaceChangeSensitive) {
            words.add("space_change_sensitive");
        }
        if (absoluteTolerance >= 0 && absoluteTolerance == relativeTolerance) {
            words.add("float_tolerance " + number(absoluteTolerance));
        } else {
            if (absoluteTolerance >= 0) {
                words.add("float_absolute_tolerance " + number(absoluteTolerance));
            }
            if (relativeTolerance >= 0) {
                words.add("float_relative_tolerance " + number(relativeTolerance));
            }
        }
        return String.join(" ", words);
    }

    private static String number(double value) {
        String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text.toLowerCase(Locale.ROOT);
    }
}
