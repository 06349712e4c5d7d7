package org.codearena.matchmaker.infrastructure.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.naming.NameNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerResourcesTest {

    private static final ServerResources.Required DRIVER = ServerResources.REQUIRED.get(0);
    private static final ServerResources.Required ADAPTER = ServerResources.REQUIRED.get(2);

    @TempDir
    Path server;

    @Test
    void aDriverUnderItsMavenNameIsNamedWithTheNameItMustHave() throws IOException {
        Path resources = Files.createDirectories(server.resolve("resources"));
        Files.writeString(resources.resolve("postgresql-42.7.4.jar"), "");
        Files.writeString(resources.resolve("artemis-ra.rar"), "");

        String said = ServerResources.explain(DRIVER, ServerResources.folder(server.toString()), new NameNotFoundException());

        assertThat(said).isEqualTo("the PostgreSQL driver is not at " + resources.resolve("postgresql.jar")
                + ", where server.xml's library postgresqlDriver expects it; found "
                + resources.resolve("postgresql-42.7.4.jar") + " instead: rename it to postgresql.jar.");
    }

    @Test
    void aMissingAdapterSaysWhereToCopyItFrom() throws IOException {
        Path resources = Files.createDirectories(server.resolve("resources"));
        Files.writeString(resources.resolve("postgresql.jar"), "");

        String said = ServerResources.explain(ADAPTER, resources, new NameNotFoundException());

        assertThat(said).startsWith("the Artemis resource adapter is not at " + resources.resolve("artemis-ra.rar"))
                .endsWith("; copy artemis-ra.rar there from the package (wlp/usr/servers/codearena/resources/).");
    }

    @Test
    void aFileInPlaceThatStillFailsPointsAtTheServersWarnings() throws IOException {
        Path resources = Files.createDirectories(server.resolve("resources"));
        Files.writeString(resources.resolve("postgresql.jar"), "");

        String said = ServerResources.explain(DRIVER, resources, new NameNotFoundException("CWNEN1006E: no object\nat"));

        assertThat(said).isEqualTo("jdbc/arena could not be created although " + resources.resolve("postgresql.jar")
                + " is there (CWNEN1006E: no object); the warnings before this line in messages.log say why.");
    }

    @Test
    void outsideLibertyOnlyTheResourceIsNamed() {
        assertThat(ServerResources.folder(null)).isNull();
        assertThat(ServerResources.explain(DRIVER, null, new NameNotFoundException("jdbc/arena")))
                .isEqualTo("jdbc/arena could not be created (jdbc/arena).");
    }
}
