package org.codearena.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeReportTest {

    @Test
    void separatesTheProgramsStderrFromTheStatistics() {
        TimeReport report = TimeReport.parse("warning: x\n__codearena_stats__ 0.52 0.40 0.03 8496 0\n");

        assertThat(report.programStderr()).isEqualTo("warning: x\n");
        assertThat(report.cpuMillis()).isEqualTo(430);
        assertThat(report.maxRssKb()).isEqualTo(8496);
        assertThat(report.exitCode(0)).isZero();
        assertThat(report.signal()).isZero();
    }

    @Test
    void nonZeroExitLineIsRemovedAndTheStatusKept() {
        TimeReport report = TimeReport.parse(
                "Traceback\nCommand exited with non-zero status 3\n__codearena_stats__ 0.01 0.00 0.00 900 3\n");

        assertThat(report.programStderr()).isEqualTo("Traceback\n");
        assertThat(report.exitCode(3)).isEqualTo(3);
    }

    @Test
    void signalIsReportedAs128PlusSignal() {
        TimeReport report = TimeReport.parse("Command terminated by signal 24\n__codearena_stats__ 2.01 2.00 0.01 1200 0\n");

        assertThat(report.signal()).isEqualTo(24);
        assertThat(report.exitCode(0)).isEqualTo(152);
        assertThat(report.programStderr()).isEmpty();
    }

    @Test
    void missingStatisticsLeaveStderrAsItIs() {
        TimeReport report = TimeReport.parse("killed before time could report");

        assertThat(report.present()).isFalse();
        assertThat(report.programStderr()).isEqualTo("killed before time could report");
        assertThat(report.exitCode(137)).isEqualTo(137);
    }
}
