package org.codearena.schema;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;

/**
 * Writes the shipped tasks' statements again from seed/tasks (a changeset of its own each time they change):
 * a database seeded before gets today's text. Tasks that are not shipped ones are left alone.
 */
public class SeedStatements extends SeedTasks {

    @Override
    public void execute(Database database) throws CustomChangeException {
        Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE task SET statement_markdown = ? WHERE slug = ?")) {
            for (String slug : read(ROOT + "index.txt").lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                update.setString(1, read(ROOT + slug + "/statement.md"));
                update.setString(2, slug);
                update.addBatch();
            }
            update.executeBatch();
        } catch (IOException | SQLException e) {
            throw new CustomChangeException("could not update the sample tasks' statements: " + e.getMessage(), e);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "sample tasks' statements updated";
    }
}
