package org.codearena.domain.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.codearena.domain.model.account.UsernameParts;

/**
 * The username suffix index in PostgreSQL (changelog 004): per base, the numbers nobody has, kept as gaps;
 * and the holds, names offered to one person for a few minutes. Every method works on the caller's
 * connection and transaction; a caller that changes a family locks it first with {@link #lockFamily}, so
 * that changes to one family happen one after the other (and always in the order long base to short base,
 * which rules out deadlocks). Finding the first free number is one probe of the gaps' primary key: its cost
 * does not grow with the number of names in the family. Plain JDBC, so that the server (through Hibernate's
 * connection, in the account's own transaction) and the benchmarks use the very same code.
 */
public final class UsernameIndex {

    /** "no end" for the last gap of a family: no name has 33 digits */
    static final BigDecimal NO_END = new BigDecimal(BigInteger.TEN.pow(32));

    /** A name held for someone until {@code expiresAt}. */
    public record Hold(String usernameKey, String token, Instant expiresAt) {
    }

    /**
     * Takes the family's lock for the rest of the transaction, creating the family (with every number free)
     * the first time its base is seen.
     */
    public void lockFamily(Connection connection, String base) throws SQLException {
        boolean created;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO username_family (base) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, base);
            created = insert.executeUpdate() == 1;
        }
        if (created) {
            try (PreparedStatement gap = connection.prepareStatement(
                    "INSERT INTO username_gap (base, from_number, to_number) VALUES (?, ?, ?)")) {
                gap.setString(1, base);
                gap.setBigDecimal(2, new BigDecimal(UsernameParts.firstNumber(base)));
                gap.setBigDecimal(3, NO_END);
                gap.executeUpdate();
            }
        }
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT base FROM username_family WHERE base = ? FOR UPDATE")) {
            lock.setString(1, base);
            lock.executeQuery().close();
        }
    }

    /**
     * The smallest number of the base that nobody has or holds and that keeps the name within the length
     * limit; empty when the family is full. Needs no lock (a suggestion may be gone a moment later; the
     * claim decides).
     */
    public Optional<BigInteger> firstFree(Connection connection, String base) throws SQLException {
        BigInteger first;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT from_number FROM username_gap WHERE base = ? ORDER BY from_number LIMIT 1")) {
            query.setString(1, base);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    first = row.getBigDecimal(1).toBigIntegerExact();
                } else if (familyExists(connection, base)) {
                    return Optional.empty();
                } else {
                    first = UsernameParts.firstNumber(base);
                }
            }
        }
        return first.compareTo(UsernameParts.lastNumber(base)) <= 0 ? Optional.of(first) : Optional.empty();
    }

    private static boolean familyExists(Connection connection, String base) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM username_family WHERE base = ?")) {
            query.setString(1, base);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Marks the number as had (family locked). Returns false when it was not free. */
    public boolean take(Connection connection, String base, BigInteger number) throws SQLException {
        BigDecimal n = new BigDecimal(number);
        BigDecimal from;
        BigDecimal to;
        try (PreparedStatement query = connection.prepareStatement("SELECT from_number, to_number FROM username_gap "
                + "WHERE base = ? AND from_number <= ? ORDER BY from_number DESC LIMIT 1")) {
            query.setString(1, base);
            query.setBigDecimal(2, n);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                from = row.getBigDecimal(1);
                to = row.getBigDecimal(2);
            }
        }
        if (to.compareTo(n) < 0) {
            return false;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM username_gap WHERE base = ? AND from_number = ?")) {
            delete.setString(1, base);
            delete.setBigDecimal(2, from);
            delete.executeUpdate();
        }
        if (from.compareTo(n) < 0) {
            insertGap(connection, base, from, n.subtract(BigDecimal.ONE));
        }
        if (to.compareTo(n) > 0) {
            insertGap(connection, base, n.add(BigDecimal.ONE), to);
        }
        return true;
    }

    /** The number is free again (an account deleted, a hold expired; family locked): merged with its neighbours. */
    public void giveBack(Connection connection, String base, BigInteger number) throws SQLException {
        BigDecimal n = new BigDecimal(number);
        BigDecimal from = n;
        BigDecimal to = n;
        try (PreparedStatement below = connection.prepareStatement(
                "DELETE FROM username_gap WHERE base = ? AND to_number = ? RETURNING from_number")) {
            below.setString(1, base);
            below.setBigDecimal(2, n.subtract(BigDecimal.ONE));
            try (ResultSet row = below.executeQuery()) {
                if (row.next()) {
                    from = row.getBigDecimal(1);
                }
            }
        }
        try (PreparedStatement above = connection.prepareStatement(
                "DELETE FROM username_gap WHERE base = ? AND from_number = ? RETURNING to_number")) {
            above.setString(1, base);
            above.setBigDecimal(2, n.add(BigDecimal.ONE));
            try (ResultSet row = above.executeQuery()) {
                if (row.next()) {
                    to = row.getBigDecimal(1);
                }
            }
        }
        insertGap(connection, base, from, to);
    }

    private static void insertGap(Connection connection, String base, BigDecimal from, BigDecimal to)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO username_gap (base, from_number, to_number) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, base);
            insert.setBigDecimal(2, from);
            insert.setBigDecimal(3, to);
            insert.executeUpdate();
        }
    }

    /** Whether an account has the name (the unique key of the account table). */
    public boolean accountExists(Connection connection, String usernameKey) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM account WHERE username_key = ?")) {
            query.setString(1, usernameKey);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Whether someone else has or holds the name: an account, or a live hold with another token than the
     * given one (null: anyone's).
     */
    public boolean isTaken(Connection connection, String usernameKey, String token, Instant now) throws SQLException {
        if (accountExists(connection, usernameKey)) {
            return true;
        }
        return holdOn(connection, usernameKey)
                .filter(hold -> hold.expiresAt().isAfter(now) && !hold.token().equals(token))
                .isPresent();
    }

    /** The hold on a name, expired or not, if there is one. */
    public Optional<Hold> holdOn(Connection connection, String usernameKey) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT token, expires_at FROM username_hold WHERE username_key = ?")) {
            query.setString(1, usernameKey);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new Hold(usernameKey, row.getString(1), row.getTimestamp(2).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /** Holds the name for the token until the given time (family locked; a number must be taken first). */
    public void hold(Connection connection, UsernameParts parts, String token, Instant expiresAt) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO username_hold "
                + "(username_key, base, number, token, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (username_key) "
                + "DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at")) {
            upsert.setString(1, parts.name());
            upsert.setString(2, parts.base());
            upsert.setBigDecimal(3, new BigDecimal(parts.number()));
            upsert.setString(4, token);
            upsert.setTimestamp(5, Timestamp.from(expiresAt));
            upsert.executeUpdate();
        }
    }

    /** The hold has served (the account now has the name, which stays taken). */
    public void dropHold(Connection connection, String usernameKey) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM username_hold WHERE username_key = ?")) {
            delete.setString(1, usernameKey);
            delete.executeUpdate();
        }
    }

    /**
     * Ends the family's expired holds (family locked); their numbers are free again, unless an account has
     * the name meanwhile. Returns how many ended.
     */
    public int releaseExpiredHolds(Connection connection, String base, Instant now) throws SQLException {
        List<BigInteger> freed = new ArrayList<>();
        int ended = 0;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM username_hold h "
                + "WHERE h.base = ? AND h.expires_at < ? RETURNING h.number, "
                + "EXISTS (SELECT 1 FROM account a WHERE a.username_key = h.username_key)")) {
            delete.setString(1, base);
            delete.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    ended++;
                    if (!rows.getBoolean(2)) {
                        freed.add(rows.getBigDecimal(1).toBigIntegerExact());
                    }
                }
            }
        }
        for (BigInteger number : freed) {
            if (number.signum() > 0) {
                giveBack(connection, base, number);
            }
        }
        return ended;
    }
}
