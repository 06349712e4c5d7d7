package org.codearena.web.application.proctoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProctoringSummaryTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private static ProctoringRecords.Event event(String kind, Long durationMs, Integer size) {
        return new ProctoringRecords.Event(kind + T, kind, T, durationMs, size);
    }

    private static ProctoringRecords.Snapshot snapshot(String kind) {
        return new ProctoringRecords.Snapshot(1, kind, T, 12_000, "k.jpg");
    }

    @Test
    void theRecruiterReadsOneSentence() {
        ProctoringSummary summary = ProctoringSummary.of(List.of(
                event("TAB_AWAY", 100_000L, null), event("TAB_AWAY", 60_000L, null), event("TAB_AWAY", 20_000L, null),
                event("TAB_AWAY", 10_000L, null), event("PASTE", null, 1_004), event("PASTE", null, 200),
                event("PASTE", null, 12), event("FULLSCREEN_EXIT", null, null), event("FULLSCREEN_EXIT", null, null),
                event("WINDOW_AWAY", 4_000L, null)),
                List.of(snapshot("WEBCAM"), snapshot("WEBCAM"), snapshot("SCREEN")));

        assertThat(summary.text()).isEqualTo("left the tab 4 times, 3 min 10 s in all; left the window once, 4 s in "
                + "all; 2 large pastes (1,204 characters); 1 small paste; left full screen 2 times; 2 webcam snapshots; "
                + "1 screen snapshot");
        assertThat(summary.counts()).containsEntry("TAB_AWAY", 4).containsEntry("PASTE", 3);
        assertThat(summary.awayMillis()).containsEntry("TAB_AWAY", 190_000L);
        assertThat(summary.largePastes()).isEqualTo(2);
        assertThat(summary.webcamSnapshots()).isEqualTo(2);
        assertThat(summary.screenSnapshots()).isEqualTo(1);
    }

    @Test
    void nothingRecordedSaysSoAndDurationsReadNaturally() {
        assertThat(ProctoringSummary.of(List.of(), List.of()).text()).isEqualTo("nothing recorded");
        assertThat(ProctoringSummary.duration(42_400)).isEqualTo("42 s");
        assertThat(ProctoringSummary.duration(120_000)).isEqualTo("2 min");
        assertThat(ProctoringSummary.duration(3_720_000)).isEqualTo("1 h 2 min");
    }
}
