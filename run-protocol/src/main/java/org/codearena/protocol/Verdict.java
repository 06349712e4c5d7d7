package org.codearena.protocol;

/** How a finished run ended. */
public enum Verdict {
    OK,
    COMPILE_ERROR,
    RUNTIME_ERROR,
    TIME_LIMIT,
    MEMORY_LIMIT,
    OUTPUT_LIMIT,
    SYSTEM_ERROR
}
