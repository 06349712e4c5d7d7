package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.codearena.domain.model.account.UsernameParts;
import org.codearena.domain.persistence.UsernameIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The username suffix index against the real PostgreSQL, each test in a transaction that is rolled back. */
class UsernameIndexIT {

    private final UsernameIndex index = new UsernameIndex();
    private Connection connection;
    private String base;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
        connection.setAutoCommit(false);
        base = "ix" + randomLetters(8) + "q";
        index.lockFamily(connection, base);
    }

    /** letters only: a base never ends in a digit */
    static String randomLetters(int count) {
        StringBuilder letters = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    @AfterEach
    void rollBack() throws SQLException {
        connection.rollback();
        connection.close();
    }

    private Optional<Long> firstFree(String family) throws SQLException {
        return index.firstFree(connection, family).map(BigInteger::longValueExact);
    }

    private boolean take(String family, long number) throws SQLException {
        return index.take(connection, family, BigInteger.valueOf(number));
    }

    private List<String> gaps(String family) throws SQLException {
        List<String> gaps = new ArrayList<>();
        try (var query = connection.prepareStatement(
                "SELECT from_number, to_number FROM username_gap WHERE base = ? ORDER BY from_number")) {
            query.setString(1, family);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String to = rows.getBigDecimal(2).compareTo(new java.math.BigDecimal("1e32")) == 0
                            ? "∞" : rows.getBigDecimal(2).toPlainString();
                    gaps.add(rows.getBigDecimal(1).toPlainString() + "-" + to);
                }
            }
        }
        return gaps;
    }

    @Test
    void theFirstFreeNumberFillsGapsAndNumbersComeBackWhenFreed() throws SQLException {
        assertThat(firstFree(base)).contains(1L);
        assertThat(take(base, 1)).isTrue();
        assertThat(take(base, 2)).isTrue();
        assertThat(take(base, 3)).isTrue();
        assertThat(firstFree(base)).contains(4L);

        index.giveBack(connection, base, BigInteger.TWO);
        assertThat(firstFree(base)).contains(2L);
        assertThat(gaps(base)).containsExactly("2-2", "4-∞");

        index.giveBack(connection, base, BigInteger.ONE);
        index.giveBack(connection, base, BigInteger.valueOf(3));
        assertThat(gaps(base)).as("freed numbers merge with their neighbours").containsExactly("1-∞");
    }

    @Test
    void takingANumberInTheMiddleSplitsItsGapAndATakenNumberCannotBeTakenTwice() throws SQLException {
        assertThat(take(base, 10)).isTrue();
        assertThat(gaps(base)).containsExactly("1-9", "11-∞");
        assertThat(firstFree(base)).contains(1L);
        assertThat(take(base, 10)).isFalse();
    }

    @Test
    void shortBasesStartWhereTheNameIsLongEnough() throws SQLException {
        index.lockFamily(connection, "q");
        assertThat(firstFree("q")).isPresent().get().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(10L));
        index.lockFamily(connection, "");
        assertThat(firstFree("")).isPresent().get().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(100L));
    }

    @Test
    void aFamilyAtTheLengthLimitRunsOutAndSaysSo() throws SQLException {
        String longBase = (base + "x".repeat(40)).substring(0, 31);
        index.lockFamily(connection, longBase);
        for (long n = 1; n <= 9; n++) {
            assertThat(firstFree(longBase)).contains(n);
            assertThat(take(longBase, n)).isTrue();
        }
        assertThat(firstFree(longBase)).as("base + 10 would be 33 characters").isEmpty();
        assertThat(UsernameParts.fallbackBases(longBase)).element(1).isEqualTo(longBase.substring(0, 30));
    }

    @Test
    void findingTheFirstFreeNumberIsOneIndexProbeHoweverBigTheFamily() throws SQLException {
        // a family where 1 … 100,000 are taken, and a few gaps far above
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM username_gap WHERE base = '" + base + "'");
            statement.executeUpdate("INSERT INTO username_gap (base, from_number, to_number) "
                    + "SELECT '" + base + "', n * 1000 + 100001, n * 1000 + 100500 FROM generate_series(0, 999) n");
            statement.executeUpdate("ANALYZE username_gap");
        }
        assertThat(firstFree(base)).contains(100_001L);

        StringBuilder plan = new StringBuilder();
        try (var explain = connection.prepareStatement("EXPLAIN (ANALYZE, FORMAT TEXT) "
                + "SELECT from_number FROM username_gap WHERE base = ? ORDER BY from_number LIMIT 1")) {
            explain.setString(1, base);
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        assertThat(plan).as("plan:%n%s", plan).contains("Index").contains("username_gap_first_free_pk")
                .contains("rows=1 loops=1");
    }
}
