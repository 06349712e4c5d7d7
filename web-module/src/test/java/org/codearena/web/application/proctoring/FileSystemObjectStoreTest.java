package org.codearena.web.application.proctoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTest {

    @TempDir
    Path root;

    @Test
    void writesReadsReplacesAndDeletesWholeObjects() throws Exception {
        ObjectStore store = new FileSystemObjectStore(root);
        store.put("assessment-1/invitation-2/webcam-1-a.jpg", new byte[] {1, 2, 3});
        store.put("assessment-1/invitation-2/webcam-1-a.jpg", new byte[] {4, 5});

        assertThat(store.get("assessment-1/invitation-2/webcam-1-a.jpg")).hasValueSatisfying(bytes ->
                assertThat(bytes).containsExactly(4, 5));
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("no partial file left beside it").containsExactly("webcam-1-a.jpg");
        }
        store.delete("assessment-1/invitation-2/webcam-1-a.jpg");
        store.delete("assessment-1/invitation-2/webcam-1-a.jpg");
        assertThat(store.get("assessment-1/invitation-2/webcam-1-a.jpg")).isEmpty();
    }

    @Test
    void keysCannotLeaveTheStore() {
        ObjectStore store = new FileSystemObjectStore(root);
        for (String key : new String[] {"../etc/passwd", "/abs.jpg", "a/../../b", "A/Upper.jpg", "", "a//b"}) {
            assertThatThrownBy(() -> store.put(key, new byte[1])).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
