package org.codearena.protocol;

/** How a finished run, or one test of a judged run, ended. */
public enum Verdict {
    OK,
    /** the program ran within its limits but its output was not the expected one (judged runs only) */
    WRONG_ANSWER,
    COMPILE_ERROR,
    RUNTIME_ERROR,
    TIME_LIMIT,
    MEMORY_LIMIT,
    OUTPUT_LIMIT,
    SYSTEM_ERROR,
    /** an operator stopped the run before it ran (the admin console) */
    STOPPED
}
