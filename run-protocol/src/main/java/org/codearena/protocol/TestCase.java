package org.codearena.protocol;

/**
 * One test of a judged job: the input fed to the program and the output expected of it. Sample tests are
 * the ones shown to the person; a runner reports what a program wrote on error only for those.
 */
public record TestCase(int ordinal, boolean sample, String input, String expectedOutput, String checkFlags,
                       int maxScore) {

    /**
     * @param checkFlags the output check's flags for this test where its group has its own (the default
     *                   validator's flags, or a custom validator's arguments); empty: the job's
     * @param maxScore   the most this test can earn (a validator's score.txt is read against it); 0: not scored
     */
    public TestCase {
        checkFlags = checkFlags == null ? "" : checkFlags;
        maxScore = Math.max(0, maxScore);
    }

    public TestCase(int ordinal, boolean sample, String input, String expectedOutput, String checkFlags) {
        this(ordinal, sample, input, expectedOutput, checkFlags, 0);
    }

    public TestCase(int ordinal, boolean sample, String input, String expectedOutput) {
        this(ordinal, sample, input, expectedOutput, "", 0);
    }
}
