package org.codearena.runner.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's configuration: built-in defaults, then an optional file, then environment variables
 * (CODEARENA_RUNNER_BROKER_HOST overrides broker.host).
 */
public final class AgentConfig {

    public static final String ENV_PREFIX = "CODEARENA_RUNNER_";

    private final Properties properties;

    private AgentConfig(Properties properties) {
        this.properties = properties;
    }

    public static AgentConfig load(Path file, Map<String, String> environment) throws IOException {
        Properties properties = new Properties();
        try (InputStream defaults = AgentConfig.class.getResourceAsStream("/runner-agent.properties")) {
            properties.load(defaults);
        }
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        for (String key : properties.stringPropertyNames()) {
            String override = environment.get(envName(key));
            if (override != null) {
                properties.setProperty(key, override);
            }
        }
        return new AgentConfig(properties);
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing configuration key '" + key + "' (or environment variable "
                    + envName(key) + ")");
        }
        return value.strip();
    }

    public String get(String key, String fallback) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    public long getLong(String key) {
        String value = get(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a whole number, not '"
                    + value + "'");
        }
    }

    public List<String> getList(String key) {
        String value = get(key, "");
        return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The languages this agent serves, in configured order. */
    public Map<String, LanguageConfig> languages() {
        Map<String, LanguageConfig> languages = new LinkedHashMap<>();
        for (String id : getList("languages")) {
            String prefix = "language." + id + ".";
            languages.put(id, new LanguageConfig(id,
                    get(prefix + "source"),
                    CommandLine.parse(get(prefix + "compile", "")),
                    CommandLine.parse(get(prefix + "run")),
                    CommandLine.parse(get(prefix + "version", "")),
                    "unlimited".equals(get(prefix + "address.space", "limited")),
                    Long.parseLong(get(prefix + "processes", get("sandbox.processes"))),
                    get(prefix + "memory.error", ""),
                    CommandLine.parse(get(prefix + "precompile", "")),
                    getList(prefix + "precompiled.headers"),
                    Boolean.parseBoolean(get(prefix + "warm.compiler", "false"))));
        }
        return languages;
    }
}
