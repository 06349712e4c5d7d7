package org.codearena.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    @Test
    void builtInDefaultsServeTheTwelveLanguages() throws IOException {
        AgentConfig config = AgentConfig.load(null, Map.of());

        assertThat(config.languages()).containsOnlyKeys("python", "java", "c", "cpp", "javascript",
                "go", "rust", "kotlin", "csharp", "ruby", "php", "haskell");
        assertThat(config.languages().get("go").needsCompile()).isTrue();
        assertThat(config.languages().get("ruby").needsCompile()).isFalse();
        assertThat(config.languages().get("haskell").unlimitedAddressSpace()).isTrue();
        assertThat(config.languages().get("php").run()).contains("memory_limit={memoryMb}M");
        assertThat(config.languages().get("c").needsCompile()).isTrue();
        assertThat(config.languages().get("python").needsCompile()).isFalse();
        assertThat(config.languages().get("java").unlimitedAddressSpace()).isTrue();
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, "broker.host=broker.example.org\nbroker.port=61617\nlanguages=python\n");

        AgentConfig config = AgentConfig.load(file, Map.of("CODEARENA_RUNNER_BROKER_PORT", "61618"));

        assertThat(config.get("broker.host")).isEqualTo("broker.example.org");
        assertThat(config.getLong("broker.port")).isEqualTo(61618);
        assertThat(config.languages()).containsOnlyKeys("python");
    }

    @Test
    void aNewLanguageIsConfigurationOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, """
                languages=ruby
                language.ruby.source=main.rb
                language.ruby.run=/usr/bin/ruby main.rb
                """);

        LanguageConfig ruby = AgentConfig.load(file, Map.of()).languages().get("ruby");

        assertThat(ruby.run()).containsExactly("/usr/bin/ruby", "main.rb");
        assertThat(ruby.processes()).isEqualTo(64);
    }

    @Test
    void badNumbersSayWhichKey() throws IOException {
        AgentConfig config = AgentConfig.load(null, Map.of("CODEARENA_RUNNER_BROKER_PORT", "sixty"));

        assertThatThrownBy(() -> config.getLong("broker.port")).hasMessageContaining("broker.port")
                .hasMessageContaining("sixty");
    }

    @Test
    void memoryPlaceholderIsFilledInMegabytes() {
        assertThat(CommandLine.expand(CommandLine.parse("java -Xmx{memoryMb}m Main"), 262144))
                .containsExactly("java", "-Xmx256m", "Main");
    }
}
