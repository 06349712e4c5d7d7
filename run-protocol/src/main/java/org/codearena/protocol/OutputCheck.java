package org.codearena.protocol;

/**
 * How a judged job's output is checked: a {@link Comparison}, the default validator's flags (for TOKENS), and
 * for VALIDATOR and INTERACTIVE the validator program (its language and source), run in the sandbox like any
 * program.
 */
public record OutputCheck(Comparison comparison, String flags, String validatorLanguage, String validatorSource,
                          java.util.Map<String, String> validatorFiles) {

    public static final OutputCheck EXACT = new OutputCheck(Comparison.EXACT, "", "", "", java.util.Map.of());

    /** @param validatorFiles the validator's other files by name (headers such as validate.h), beside its source */
    public OutputCheck {
        comparison = comparison == null ? Comparison.EXACT : comparison;
        flags = flags == null ? "" : flags;
        validatorLanguage = validatorLanguage == null ? "" : validatorLanguage;
        validatorSource = validatorSource == null ? "" : validatorSource;
        validatorFiles = validatorFiles == null ? java.util.Map.of() : java.util.Map.copyOf(validatorFiles);
    }

    public OutputCheck(Comparison comparison, String flags, String validatorLanguage, String validatorSource) {
        this(comparison, flags, validatorLanguage, validatorSource, java.util.Map.of());
    }

    /** A comparison with no flags and no validator (EXACT, WHITESPACE, or TOKENS with the default flags). */
    public static OutputCheck of(Comparison comparison) {
        return new OutputCheck(comparison, "", "", "");
    }

    public ValidatorFlags validatorFlags() {
        return ValidatorFlags.parse(flags);
    }
}
