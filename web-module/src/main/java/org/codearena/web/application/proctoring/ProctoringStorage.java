package org.codearena.web.application.proctoring;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The object store the proctoring snapshots go to: {@code codearena.proctoring.store} = {@code filesystem} (the one
 * shipped) under {@code codearena.proctoring.store.dir} (default: {@code proctoring} in the server's output
 * directory; ./arena sets one directory that all its servers share).
 */
@ApplicationScoped
public class ProctoringStorage {

    private static final Logger LOG = Logger.getLogger(ProctoringStorage.class.getName());

    @Inject
    @ConfigProperty(name = "codearena.proctoring.store", defaultValue = "filesystem")
    String kind;

    /** not set: the server's output directory (MicroProfile Config takes an empty default for "missing") */
    @Inject
    @ConfigProperty(name = "codearena.proctoring.store.dir")
    java.util.Optional<String> directory;

    private ObjectStore store;

    @PostConstruct
    void open() {
        if (!"filesystem".equals(kind)) {
            throw new IllegalStateException("codearena.proctoring.store is 'filesystem' (the store this build has), "
                    + "not '" + kind + "'; see docs/configuration.md for adding an S3-compatible store");
        }
        Path root = directory.filter(d -> !d.isBlank()).map(Path::of).orElseGet(() -> Path.of(
                System.getProperty("server.output.dir", System.getProperty("java.io.tmpdir")), "proctoring"));
        store = new FileSystemObjectStore(root);
        LOG.info(() -> "event=proctoring-store store=\"" + store.describe() + "\"");
    }

    public ObjectStore store() {
        return store;
    }
}
