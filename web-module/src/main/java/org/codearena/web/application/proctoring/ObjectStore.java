package org.codearena.web.application.proctoring;

import java.io.IOException;
import java.util.Optional;

/**
 * Where proctoring snapshots are kept, by key ("assessment-7/invitation-42/webcam-1765100000000-ab12.jpg"). The
 * platform ships a filesystem store ({@link FileSystemObjectStore}: one directory, which every server must see);
 * an S3-compatible store is a class of this interface (docs/configuration.md says how to add one).
 */
public interface ObjectStore {

    /** Writes the object whole, replacing one of the same key (a redelivered upload writes the same bytes). */
    void put(String key, byte[] content) throws IOException;

    Optional<byte[]> get(String key) throws IOException;

    /** Removes the object; one already gone is no error. */
    void delete(String key) throws IOException;

    /** Where it keeps things, for the logs and the admin pages. */
    String describe();
}
