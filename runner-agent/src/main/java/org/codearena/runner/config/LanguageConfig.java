package org.codearena.runner.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How one language is built and run inside the sandbox.
 *
 * @param compile         empty for interpreted languages
 * @param unlimitedAddressSpace for runtimes whose heap flag limits memory instead of RLIMIT_AS
 * @param memoryError     a regular expression on stderr that means the program ran out of memory
 */
public record LanguageConfig(String id, String sourceFile, List<String> compile, List<String> run,
                             List<String> version, boolean unlimitedAddressSpace, long processes,
                             String memoryError) {

    public boolean needsCompile() {
        return !compile.isEmpty();
    }

    public boolean looksOutOfMemory(String stderr) {
        return !memoryError.isEmpty() && Pattern.compile(memoryError).matcher(stderr).find();
    }
}
