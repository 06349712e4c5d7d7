package org.codearena.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codearena.runner.config.LanguageConfig;

/** Asks each configured toolchain for its version once, at start-up, so that people see what really runs. */
final class ToolchainVersions {

    private static final Logger LOG = Logger.getLogger(ToolchainVersions.class.getName());
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+");

    private ToolchainVersions() {
    }

    static Map<String, String> probe(Collection<LanguageConfig> languages) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (LanguageConfig language : languages) {
            if (language.version().isEmpty()) {
                continue;
            }
            try {
                Process process = new ProcessBuilder(language.version()).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor(10, TimeUnit.SECONDS)) {
                    versionIn(output).ifPresent(version -> versions.put(language.id(), version));
                }
            } catch (IOException e) {
                LOG.warning(() -> "event=toolchain-version-unknown language=" + language.id() + " error=" + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return versions;
    }

    static java.util.Optional<String> versionIn(String output) {
        Matcher matcher = VERSION.matcher(output);
        return matcher.find() ? java.util.Optional.of(matcher.group()) : java.util.Optional.empty();
    }
}
