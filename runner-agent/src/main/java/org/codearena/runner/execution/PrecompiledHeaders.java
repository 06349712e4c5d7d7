package org.codearena.runner.execution;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.codearena.runner.config.LanguageConfig;

/**
 * Precompiled headers for a compiled language (C++: most of a hello-world compile is parsing iostream). For each
 * configured header H the folder holds a stub H that only says {@code #include_next <H>}, and H.gch compiled from
 * it with the language's own flags. With the folder first on the include path, a program whose first include is H
 * gets the precompiled state; any other program, or a flag mismatch, falls through the stub to the real header.
 * Built once per machine from system headers only (no user code) and mounted read-only into the sandbox; agents
 * on one machine share it, rebuilt when the compiler or the flags change.
 */
public final class PrecompiledHeaders {

    private static final Logger LOG = Logger.getLogger(PrecompiledHeaders.class.getName());
    private static final String KEY_FILE = "built-with";

    private PrecompiledHeaders() {
    }

    /** Makes sure {@code dir} holds the language's precompiled headers; returns false if it could not build them. */
    public static boolean prepare(LanguageConfig language, Path dir) {
        String key = String.join(" ", language.precompile()) + "\n" + String.join(",", language.precompiledHeaders())
                + "\n" + versionOf(language) + "\n";
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel lockFile = FileChannel.open(dir.getParent().resolve(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                if (Files.exists(dir.resolve(KEY_FILE)) && Files.readString(dir.resolve(KEY_FILE)).equals(key)) {
                    return true;
                }
                long started = System.nanoTime();
                Path building = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".building");
                for (String header : language.precompiledHeaders()) {
                    build(language, building, header);
                }
                Files.writeString(building.resolve(KEY_FILE), key);
                makeReadable(building);
                deleteTree(dir);
                Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
                LOG.info(() -> "event=precompiled-headers-built language=" + language.id() + " headers="
                        + language.precompiledHeaders() + " dir=" + dir + " millis="
                        + (System.nanoTime() - started) / 1_000_000);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "event=precompiled-headers-failed language=" + language.id() + " dir=" + dir
                    + " error=" + e + " (compiles work, only slower)");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void build(LanguageConfig language, Path dir, String header)
            throws IOException, InterruptedException {
        Path stub = dir.resolve(header);
        Files.createDirectories(stub.getParent());
        Files.writeString(stub, "#include_next <" + header + ">\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(language.precompile());
        command.addAll(List.of("-o", stub + ".gch", stub.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("precompiling " + header + " failed: " + output.strip());
        }
    }

    private static String versionOf(LanguageConfig language) {
        try {
            Process process = new ProcessBuilder(language.version()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void makeReadable(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                path.toFile().setReadable(true, false);
                if (Files.isDirectory(path)) {
                    path.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
