package org.codearena.runner.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How one language is built and run inside the sandbox.
 *
 * @param compile         empty for interpreted languages
 * @param unlimitedAddressSpace for runtimes whose heap flag limits memory instead of RLIMIT_AS
 * @param memoryError     a regular expression on stderr that means the program ran out of memory
 * @param precompile      the compiler with the compile's own flags, making a header (C++: -x c++-header)
 * @param precompiledHeaders headers to precompile (mounted at /pch in the sandbox; empty for none)
 * @param warmCompiler    compile with the agent's warm compiler (Java: a javac kept running in a sandbox of its own)
 */
public record LanguageConfig(String id, String sourceFile, List<String> compile, List<String> run,
                             List<String> version, boolean unlimitedAddressSpace, long processes,
                             String memoryError, List<String> precompile, List<String> precompiledHeaders,
                             boolean warmCompiler) {

    public LanguageConfig(String id, String sourceFile, List<String> compile, List<String> run, List<String> version,
                          boolean unlimitedAddressSpace, long processes, String memoryError) {
        this(id, sourceFile, compile, run, version, unlimitedAddressSpace, processes, memoryError, List.of(), List.of(),
                false);
    }

    public boolean hasPrecompiledHeaders() {
        return !precompile.isEmpty() && !precompiledHeaders.isEmpty();
    }

    public boolean needsCompile() {
        return !compile.isEmpty();
    }

    public boolean looksOutOfMemory(String stderr) {
        return !memoryError.isEmpty() && Pattern.compile(memoryError).matcher(stderr).find();
    }
}
