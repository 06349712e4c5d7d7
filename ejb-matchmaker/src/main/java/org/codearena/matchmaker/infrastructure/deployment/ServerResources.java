package org.codearena.matchmaker.infrastructure.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the application needs from the server (server.xml's resources), and how to say that one is missing. */
final class ServerResources {

    /** A server resource, the file server.xml builds it from (in the server's resources/ folder), and who names it. */
    record Required(String jndiName, String what, String fileName, String prefix, String declaredBy) {
    }

    static final List<Required> REQUIRED = List.of(
            new Required("jdbc/arena", "the PostgreSQL driver", "postgresql.jar", "postgresql",
                    "server.xml's library postgresqlDriver"),
            new Required("jdbc/arenaReplica", "the PostgreSQL driver", "postgresql.jar", "postgresql",
                    "server.xml's library postgresqlDriver"),
            new Required("jms/arenaConnectionFactory", "the Artemis resource adapter", "artemis-ra.rar", "artemis",
                    "server.xml's resourceAdapter artemis"));

    private ServerResources() {
    }

    /** The server's resources/ folder, from Liberty's server.config.dir (null when not run by Liberty). */
    static Path folder(String serverConfigDir) {
        return serverConfigDir == null || serverConfigDir.isBlank() ? null : Path.of(serverConfigDir, "resources");
    }

    /** One sentence: what is missing, where it must be, and what lies there instead. */
    static String explain(Required required, Path resources, Exception failure) {
        if (resources == null) {
            return required.jndiName() + " could not be created (" + failure.getMessage() + ").";
        }
        Path expected = resources.resolve(required.fileName());
        if (Files.isRegularFile(expected)) {
            return required.jndiName() + " could not be created although " + expected + " is there ("
                    + firstLine(failure.getMessage()) + "); the warnings before this line in messages.log say why.";
        }
        String found = lookalike(resources, required);
        return required.what() + " is not at " + expected + ", where " + required.declaredBy() + " expects it"
                + (found == null
                        ? "; copy " + required.fileName() + " there from the package (wlp/usr/servers/codearena/resources/)."
                        : "; found " + found + " instead: rename it to " + required.fileName() + ".");
    }

    /** A file in resources/ that looks like the one expected under another name (a Maven name with a version). */
    private static String lookalike(Path resources, Required required) {
        if (!Files.isDirectory(resources)) {
            return null;
        }
        String extension = required.fileName().substring(required.fileName().lastIndexOf('.'));
        try (Stream<Path> files = Files.list(resources)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(required.prefix()) && name.endsWith(extension))
                    .sorted()
                    .findFirst()
                    .map(name -> resources.resolve(name).toString())
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
