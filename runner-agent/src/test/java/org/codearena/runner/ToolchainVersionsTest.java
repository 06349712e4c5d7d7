package org.codearena.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolchainVersionsTest {

    @Test
    void findsTheVersionNumberInWhatToolsPrint() {
        assertThat(ToolchainVersions.versionIn("Python 3.11.2\n")).contains("3.11.2");
        assertThat(ToolchainVersions.versionIn("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime"))
                .contains("17.0.15");
        assertThat(ToolchainVersions.versionIn("v20.20.2\n")).contains("20.20.2");
        assertThat(ToolchainVersions.versionIn("12.2.0\n")).contains("12.2.0");
        assertThat(ToolchainVersions.versionIn("no digits here")).isEmpty();
    }
}
