package org.codearena.judge.packages;

import java.util.Locale;

/**
 * A task's time limit from its accepted examples, as the package format says: the slowest accepted example's
 * time times {@code ac_to_time_limit} (legacy: {@code time_multiplier}), rounded up to whole seconds (the format's
 * default time resolution), at least 1 s; a limit the package gives itself is kept, and a warning says when
 * the accepted examples come too close to it.
 *
 * @param explanation how the limit was reached, for the import report
 */
public record TimeLimit(int millis, String explanation, boolean tooTight) {

    private static final int MAX_MILLIS = 60_000;

    static TimeLimit derive(int packageMillis, double acToTimeLimit, long slowestAcceptedMillis) {
        double needed = slowestAcceptedMillis * acToTimeLimit;
        String slowest = seconds(slowestAcceptedMillis);
        if (packageMillis > 0) {
            boolean tight = needed > packageMillis;
            return new TimeLimit(packageMillis, "the package's own limit, " + seconds(packageMillis) + "; the slowest "
                    + "accepted example took " + slowest + (tight ? ", more than 1/" + number(acToTimeLimit)
                    + " of it: the limit is tight" : ""), tight);
        }
        int millis = (int) Math.min(MAX_MILLIS, Math.max(1000, Math.ceil(needed / 1000.0) * 1000));
        return new TimeLimit(millis, "the slowest accepted example took " + slowest + "; × " + number(acToTimeLimit)
                + " = " + seconds((long) Math.ceil(needed)) + ", rounded up to whole seconds: " + seconds(millis),
                false);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
