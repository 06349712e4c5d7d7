package org.codearena.registration.benchmarks;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.codearena.domain.persistence.UsernameIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The suggestion for a taken name when 1,000, 10,000 or 100,000 "alanturingN" names exist, against the real
 * PostgreSQL: {@code suffixIndex} (the first gap of the family, {@link UsernameIndex#firstFree}) against
 * {@code regexScan}, the seed's "before" (read every name that matches ^base[0-9]*$ and look for the first
 * missing number). The names are created in one transaction that is rolled back at the end, so the database
 * is left as it was. Connection: -Dcodearena.db.url, -Dcodearena.db.user, -Dcodearena.db.password
 * (scripts/benchmark-suggestions.sh passes those of ./arena up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SuggestionBenchmark {

    @Param({"1000", "10000", "100000"})
    int existing;

    private final UsernameIndex index = new UsernameIndex();
    private Connection connection;
    private String base;
    private PreparedStatement regexScan;

    @Setup(Level.Trial)
    public void createNames() throws SQLException {
        connection = DriverManager.getConnection(System.getProperty("codearena.db.url",
                        "jdbc:postgresql://localhost:5432/codearena"),
                System.getProperty("codearena.db.user", "codearena"), System.getProperty("codearena.db.password"));
        connection.setAutoCommit(false);
        StringBuilder letters = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        base = "bench" + letters + "x";
        // the base name and base1 … baseN: the first free is N + 1
        try (PreparedStatement names = connection.prepareStatement("INSERT INTO account "
                + "(username, username_key, email, password_hash, created_at) "
                + "SELECT ? || n, ? || n, 'bench@example.org', 'x', now() "
                + "FROM (SELECT '' AS n UNION ALL SELECT generate_series(1, ?)::text) numbers")) {
            names.setString(1, base);
            names.setString(2, base);
            names.setInt(3, existing);
            names.executeUpdate();
        }
        // the index as sign-ups would have left it: one family, one gap above the names
        index.lockFamily(connection, base);
        if (!index.take(connection, base, BigInteger.ONE)) {
            throw new IllegalStateException("fresh family without 1 free");
        }
        try (PreparedStatement gap = connection.prepareStatement(
                "UPDATE username_gap SET from_number = ? WHERE base = ?")) {
            gap.setInt(1, existing + 1);
            gap.setString(2, base);
            gap.executeUpdate();
        }
        try (PreparedStatement analyze = connection.prepareStatement("ANALYZE account")) {
            analyze.execute();
        }
        regexScan = connection.prepareStatement("SELECT username_key FROM account WHERE username_key ~ ?");
        if (suffixIndex().longValueExact() != existing + 1 || regexScan() != existing + 1) {
            throw new IllegalStateException("the two methods disagree");
        }
    }

    @TearDown(Level.Trial)
    public void rollBack() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Benchmark
    public BigInteger suffixIndex() throws SQLException {
        return index.firstFree(connection, base).orElseThrow();
    }

    @Benchmark
    public long regexScan() throws SQLException {
        regexScan.setString(1, "^" + base + "[0-9]*$");
        Set<Long> taken = new HashSet<>();
        try (ResultSet rows = regexScan.executeQuery()) {
            while (rows.next()) {
                String digits = rows.getString(1).substring(base.length());
                if (!digits.isEmpty() && digits.charAt(0) != '0' && digits.length() < 19) {
                    taken.add(Long.parseLong(digits));
                }
            }
        }
        long first = 1;
        while (taken.contains(first)) {
            first++;
        }
        return first;
    }
}
