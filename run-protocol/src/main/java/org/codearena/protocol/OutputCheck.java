package org.codearena.protocol;

/**
 * How a judged job's output is checked: a {@link Comparison}, the default validator's flags (for TOKENS), and
 * for VALIDATOR and INTERACTIVE the validator program (its language and source), run in the sandbox like any
 * program.
 */
public record OutputCheck(Comparison comparison, String flags, String validatorLanguage, String validatorSource) {

    public static final OutputCheck EXACT = new OutputCheck(Comparison.EXACT, "", "", "");

    public OutputCheck {
        comparison = comparison == null ? Comparison.EXACT : comparison;
        flags = flags == null ? "" : flags;
        validatorLanguage = validatorLanguage == null ? "" : validatorLanguage;
        validatorSource = validatorSource == null ? "" : validatorSource;
    }

    /** A comparison with no flags and no validator (EXACT, WHITESPACE, or TOKENS with the default flags). */
    public static OutputCheck of(Comparison comparison) {
        return new OutputCheck(comparison, "", "", "");
    }

    public ValidatorFlags validatorFlags() {
        return ValidatorFlags.parse(flags);
    }
}
