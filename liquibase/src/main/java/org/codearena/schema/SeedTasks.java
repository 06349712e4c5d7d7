package org.codearena.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * Loads the sample tasks (classpath seed/tasks: index.txt, then per task task.properties, statement.md and
 * tests/NN.in + NN.out, the first {@code samples} of them shown to the person) on first start. Each hidden
 * test is worth one point; samples are worth none.
 */
public class SeedTasks implements CustomTaskChange {

    static final String ROOT = "seed/tasks/";

    @Override
    public void execute(Database database) throws CustomChangeException {
        Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try {
            for (String slug : read(ROOT + "index.txt").lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                seed(connection, slug);
            }
        } catch (IOException | SQLException e) {
            throw new CustomChangeException("could not load the sample tasks: " + e.getMessage(), e);
        }
    }

    private void seed(Connection connection, String slug) throws IOException, SQLException {
        Properties task = new Properties();
        task.load(new StringReader(read(ROOT + slug + "/task.properties")));
        long taskId;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO task (slug, title, difficulty, "
                + "statement_markdown, time_limit_millis, memory_limit_kb, comparison, is_public, sort_order, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, true, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, slug);
            insert.setString(2, task.getProperty("title"));
            insert.setString(3, task.getProperty("difficulty"));
            insert.setString(4, read(ROOT + slug + "/statement.md"));
            insert.setInt(5, Integer.parseInt(task.getProperty("timeLimitMillis")));
            insert.setLong(6, Long.parseLong(task.getProperty("memoryLimitKb")));
            insert.setString(7, task.getProperty("comparison", "exact").toUpperCase());
            insert.setInt(8, Integer.parseInt(task.getProperty("order")));
            insert.setTimestamp(9, Timestamp.from(Instant.now()));
            insert.executeUpdate();
            try (ResultSet key = insert.getGeneratedKeys()) {
                key.next();
                taskId = key.getLong(1);
            }
        }
        int samples = Integer.parseInt(task.getProperty("samples", "1"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO task_test "
                + "(task_id, ordinal, sample, input, expected_output, points) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int ordinal = 1; ; ordinal++) {
                String name = ROOT + slug + "/tests/" + String.format("%02d", ordinal);
                if (getClass().getClassLoader().getResource(name + ".in") == null) {
                    break;
                }
                boolean sample = ordinal <= samples;
                insert.setLong(1, taskId);
                insert.setInt(2, ordinal);
                insert.setBoolean(3, sample);
                insert.setString(4, read(name + ".in"));
                insert.setString(5, read(name + ".out"));
                insert.setInt(6, sample ? 0 : 1);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    String read(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "sample tasks loaded";
    }

    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
