package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.hibernate.SessionFactory;

/**
 * Brings the schema up to date before anything else starts, then has Hibernate validate the entities
 * against it. Every other start-up bean depends on it; a mismatch stops the application from starting. It runs
 * once the server's resources are known to be there (ServerResourcesCheck).
 */
@Singleton
@Startup
@DependsOn("ServerResourcesCheck")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
    private static final String CHANGELOG = "db/changelog/db.changelog-master.xml";

    @Resource(lookup = "jdbc/arena")
    private DataSource dataSource;

    @PersistenceUnit(unitName = "arena")
    private EntityManagerFactory entityManagerFactory;

    @PostConstruct
    void migrateAndValidate() {
        migrate();
        entityManagerFactory.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
        LOG.info("event=schema-validated");
    }

    private void migrate() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Liquibase liquibase = new Liquibase(CHANGELOG,
                    new ClassLoaderResourceAccessor(SchemaMigration.class.getClassLoader()), database);
            liquibase.update();
            // Liberty rolls back an uncommitted local transaction when the connection closes
            connection.commit();
        } catch (SQLException | LiquibaseException e) {
            throw new IllegalStateException("Database schema migration failed: " + e.getMessage(), e);
        }
        LOG.info(() -> "event=schema-migrated changelog=" + CHANGELOG
                + " millis=" + (System.nanoTime() - started) / 1_000_000);
    }
}
