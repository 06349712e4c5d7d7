package org.codearena.domain.persistence;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Counts the SQL statements Hibernate sends on a thread while a count is open there ({@link #open}): how many
 * queries one page view costs, measured rather than guessed. Costs one thread-local read per statement otherwise.
 */
public class StatementCounter implements StatementInspector {

    private static final ThreadLocal<int[]> OPEN = new ThreadLocal<>();

    /** Starts counting on this thread; {@link Count#close} ends it and gives the number. */
    public static Count open() {
        int[] count = new int[1];
        OPEN.set(count);
        return new Count(count);
    }

    @Override
    public String inspect(String sql) {
        int[] count = OPEN.get();
        if (count != null) {
            count[0]++;
        }
        return sql;
    }

    /** An open count on one thread. */
    public static final class Count implements AutoCloseable {
        private final int[] count;

        private Count(int[] count) {
            this.count = count;
        }

        public int statements() {
            return count[0];
        }

        @Override
        public void close() {
            OPEN.remove();
        }
    }
}
