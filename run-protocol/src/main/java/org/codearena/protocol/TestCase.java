package org.codearena.protocol;

/**
 * One test of a judged job: the input fed to the program and the output expected of it. Sample tests are
 * the ones shown to the person; a runner reports what a program wrote on error only for those.
 */
public record TestCase(int ordinal, boolean sample, String input, String expectedOutput) {
}
