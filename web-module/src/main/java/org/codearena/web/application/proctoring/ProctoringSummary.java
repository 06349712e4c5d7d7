package org.codearena.web.application.proctoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a candidate's proctoring comes to, in figures and in one sentence for the recruiter: "left the tab 4 times,
 * 3 min 10 s in all; 2 large pastes (1,204 characters); left full screen once; 31 webcam snapshots".
 *
 * @param counts per event kind, how many
 * @param awayMillis per kind with a duration (TAB_AWAY, WINDOW_AWAY), the time in all
 */
public record ProctoringSummary(Map<String, Integer> counts, Map<String, Long> awayMillis, int largePastes,
                                long largePasteCharacters, int webcamSnapshots, int screenSnapshots, String text) {

    /** A paste of at least this many characters is counted as large (a line or two typed by hand is not). */
    public static final int LARGE_PASTE = 200;

    public static ProctoringSummary of(List<ProctoringRecords.Event> events, List<ProctoringRecords.Snapshot> snapshots) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Long> away = new TreeMap<>();
        int largePastes = 0;
        long largeCharacters = 0;
        for (ProctoringRecords.Event event : events) {
            counts.merge(event.kind(), 1, Integer::sum);
            if (event.durationMs() != null) {
                away.merge(event.kind(), event.durationMs(), Long::sum);
            }
            if ("PASTE".equals(event.kind()) && event.size() != null && event.size() >= LARGE_PASTE) {
                largePastes++;
                largeCharacters += event.size();
            }
        }
        int webcam = (int) snapshots.stream().filter(s -> "WEBCAM".equals(s.kind())).count();
        int screen = snapshots.size() - webcam;
        List<String> parts = new ArrayList<>();
        away("TAB_AWAY", "left the tab", counts, away, parts);
        away("WINDOW_AWAY", "left the window", counts, away, parts);
        if (largePastes > 0) {
            parts.add(times(largePastes, "large paste", "large pastes") + " (" + String.format("%,d", largeCharacters)
                    + " characters)");
        }
        int smallPastes = counts.getOrDefault("PASTE", 0) - largePastes;
        if (smallPastes > 0) {
            parts.add(times(smallPastes, "small paste", "small pastes"));
        }
        once("FULLSCREEN_EXIT", "left full screen", counts, parts);
        once("CAMERA_LOST", "the camera stopped", counts, parts);
        once("SCREEN_SHARE_LOST", "the screen share stopped", counts, parts);
        once("NO_FACE", "no face seen", counts, parts);
        once("SEVERAL_FACES", "more than one face seen", counts, parts);
        if (webcam > 0) {
            parts.add(times(webcam, "webcam snapshot", "webcam snapshots"));
        }
        if (screen > 0) {
            parts.add(times(screen, "screen snapshot", "screen snapshots"));
        }
        String text = parts.isEmpty() ? "nothing recorded" : String.join("; ", parts);
        return new ProctoringSummary(counts, away, largePastes, largeCharacters, webcam, screen, text);
    }

    private static void away(String kind, String what, Map<String, Integer> counts, Map<String, Long> away,
                             List<String> parts) {
        int count = counts.getOrDefault(kind, 0);
        if (count > 0) {
            parts.add(what + " " + times(count, "time", "times") + ", " + duration(away.getOrDefault(kind, 0L))
                    + " in all");
        }
    }

    private static void once(String kind, String what, Map<String, Integer> counts, List<String> parts) {
        int count = counts.getOrDefault(kind, 0);
        if (count == 1) {
            parts.add(what + " once");
        } else if (count > 1) {
            parts.add(what + " " + count + " times");
        }
    }

    private static String times(int count, String one, String many) {
        return count == 1 ? (one.equals("time") ? "once" : "1 " + one) : count + " " + many;
    }

    /** "3 min 10 s", "42 s", "1 h 2 min". */
    static String duration(long millis) {
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }
}
