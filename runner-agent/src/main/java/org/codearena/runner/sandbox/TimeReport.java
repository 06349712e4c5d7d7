package org.codearena.runner.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GNU time's report at the end of stderr, separated from the program's own stderr.
 * Absent when the sandbox was killed before time could write it.
 */
record TimeReport(String programStderr, boolean present, int reportedExit, int signal, long cpuMillis,
                  long maxRssKb) {

    private static final Pattern STATS = Pattern.compile(
            "(?:\\n|^)" + BubblewrapCommand.STATS_MARKER + " ([\\d.]+) ([\\d.]+) ([\\d.]+) (\\d+) (\\d+)\\n?$");
    private static final Pattern SIGNALLED = Pattern.compile("(?:\\n|^)Command terminated by signal (\\d+)\\n?$");
    private static final Pattern NON_ZERO = Pattern.compile("(?:\\n|^)Command exited with non-zero status \\d+\\n?$");

    static TimeReport parse(String stderr) {
        Matcher stats = STATS.matcher(stderr);
        if (!stats.find()) {
            return new TimeReport(stderr, false, -1, 0, 0, 0);
        }
        String rest = stderr.substring(0, stats.start());
        int signal = 0;
        Matcher signalled = SIGNALLED.matcher(rest);
        if (signalled.find()) {
            signal = Integer.parseInt(signalled.group(1));
            rest = rest.substring(0, signalled.start());
        } else {
            Matcher nonZero = NON_ZERO.matcher(rest);
            if (nonZero.find()) {
                rest = rest.substring(0, nonZero.start());
            }
        }
        if (!rest.isEmpty() && !rest.endsWith("\n") && stderr.charAt(rest.length()) == '\n') {
            rest = rest + "\n";
        }
        long cpuMillis = Math.round((Double.parseDouble(stats.group(2)) + Double.parseDouble(stats.group(3))) * 1000);
        return new TimeReport(rest, true, Integer.parseInt(stats.group(5)), signal, cpuMillis,
                Long.parseLong(stats.group(4)));
    }

    /** The program's exit status: GNU time's when it reported, else the sandbox process's own. */
    int exitCode(int sandboxExit) {
        if (signal != 0) {
            return 128 + signal;
        }
        return present ? reportedExit : sandboxExit;
    }
}
