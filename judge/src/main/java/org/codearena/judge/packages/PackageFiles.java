package org.codearena.judge.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * A package's files by their path inside it ('problem.yaml', 'data/secret/1.in'), read from an untrusted ZIP
 * (or a folder) within limits: no entry outside the package (absolute paths, '..', backslashes), no links, no
 * more than {@link Limits#maxFiles} files, {@link Limits#maxFileBytes} per file and {@link Limits#maxTotalBytes}
 * in all however the archive claims its sizes (the bytes are counted as they are inflated), and no entry that
 * inflates more than {@link Limits#maxRatio} times. A package in one top folder ('hello/problem.yaml') is
 * read as if that folder were its root.
 */
public final class PackageFiles {

    /** How much one package may hold. */
    public record Limits(int maxFiles, long maxFileBytes, long maxTotalBytes, int maxRatio) {

        public static final Limits DEFAULT = new Limits(5_000, 64L << 20, 256L << 20, 200);
    }

    private final Map<String, byte[]> files;

    private PackageFiles(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    public static PackageFiles of(Map<String, byte[]> files) {
        return new PackageFiles(new TreeMap<>(files));
    }

    /** Reads a ZIP archive. */
    public static PackageFiles fromZip(byte[] zip, Limits limits) {
        if (zip.length < 4 || zip[0] != 'P' || zip[1] != 'K') {
            throw new PackageException("the upload is not a ZIP archive: make one of the package's folder "
                    + "(problem.yaml at its top) and upload that");
        }
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (ZipFile archive = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            Enumeration<ZipArchiveEntry> entries = archive.getEntriesInPhysicalOrder();
            int count = 0;
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String name = entry.getName();
                if (++count > limits.maxFiles() * 2) {
                    throw new PackageException("the archive has more than " + limits.maxFiles() + " files; a "
                            + "package may have at most that many");
                }
                String path = safePath(name);
                if (entry.isUnixSymlink()) {
                    throw new PackageException("'" + name + "' is a symbolic link; a package holds plain files only");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.size() >= limits.maxFiles()) {
                    throw new PackageException("the archive has more than " + limits.maxFiles() + " files; a "
                            + "package may have at most that many");
                }
                if (!archive.canReadEntryData(entry)) {
                    throw new PackageException("'" + name + "' is stored in a way this importer cannot read "
                            + "(encrypted, or an unusual compression method): zip it again with plain deflate");
                }
                byte[] data;
                try (InputStream in = archive.getInputStream(entry)) {
                    data = readCapped(in, name, Math.min(limits.maxFileBytes(), limits.maxTotalBytes() - total),
                            limits, entry.getCompressedSize());
                }
                total += data.length;
                if (files.put(path, data) != null) {
                    throw new PackageException("'" + name + "' is in the archive twice");
                }
            }
        } catch (IOException e) {
            throw new PackageException("the ZIP archive could not be read (" + e.getMessage() + "): is it whole? "
                    + "Make it again and upload it again");
        }
        return new PackageFiles(stripTopFolder(files));
    }

    /** Reads a package folder (the command line's import); links are refused as in an archive. */
    public static PackageFiles fromFolder(Path root, Limits limits) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.toList()) {
                if (Files.isSymbolicLink(file)) {
                    throw new PackageException("'" + root.relativize(file) + "' is a symbolic link; a package "
                            + "holds plain files only");
                }
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String path = safePath(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
                if (files.size() >= limits.maxFiles()) {
                    throw new PackageException("the folder has more than " + limits.maxFiles() + " files");
                }
                long size = Files.size(file);
                if (size > limits.maxFileBytes() || total + size > limits.maxTotalBytes()) {
                    throw new PackageException("'" + path + "' makes the package larger than allowed ("
                            + limits.maxFileBytes() / (1 << 20) + " MB a file, " + limits.maxTotalBytes() / (1 << 20)
                            + " MB in all)");
                }
                total += size;
                files.put(path, Files.readAllBytes(file));
            }
        }
        return new PackageFiles(files);
    }

    private static byte[] readCapped(InputStream in, String name, long cap, Limits limits, long compressedSize)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            read += n;
            if (read > cap) {
                throw new PackageException("'" + name + "' inflates to more than allowed (" + limits.maxFileBytes()
                        / (1 << 20) + " MB a file, " + limits.maxTotalBytes() / (1 << 20) + " MB in all): a package "
                        + "this large, or a ZIP bomb, is refused");
            }
            if (read > (1 << 20) && compressedSize > 0 && read / compressedSize > limits.maxRatio()) {
                throw new PackageException("'" + name + "' inflates more than " + limits.maxRatio() + " times its "
                        + "compressed size: that is what a ZIP bomb does, so the package is refused");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The entry's path inside the package, or a refusal that names it. */
    static String safePath(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.contains("\\")) {
            throw new PackageException("the archive has an entry named '" + name.replace("\0", "\\0") + "', which "
                    + "is not a plain relative path");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new PackageException("the archive's entry '" + name + "' is an absolute path; entries must be "
                    + "inside the package");
        }
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String part : trimmed.split("/")) {
            if (part.equals("..") || part.equals(".") || part.isEmpty()) {
                throw new PackageException("the archive's entry '" + name + "' points outside the package (or has "
                        + "'.', '..' or an empty part); entries must be plain paths inside it");
            }
        }
        return trimmed;
    }

    private static Map<String, byte[]> stripTopFolder(Map<String, byte[]> files) {
        if (files.containsKey("problem.yaml") || files.isEmpty()) {
            return files;
        }
        String first = files.keySet().iterator().next();
        int slash = first.indexOf('/');
        if (slash < 0) {
            return files;
        }
        String top = first.substring(0, slash + 1);
        if (!files.keySet().stream().allMatch(path -> path.startsWith(top))) {
            return files;
        }
        Map<String, byte[]> stripped = new TreeMap<>();
        files.forEach((path, data) -> stripped.put(path.substring(top.length()), data));
        return stripped;
    }

    public boolean has(String path) {
        return files.containsKey(path);
    }

    public byte[] bytes(String path) {
        return files.get(path);
    }

    /** The file as UTF-8 text; a refusal that names it when it is not. */
    public String text(String path) {
        byte[] data = files.get(path);
        if (data == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new PackageException("'" + path + "' is not UTF-8 text");
        }
    }

    /** Every path, in order. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** Paths directly or deeply under the folder ('data/secret/'), in order. */
    public List<String> under(String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        return files.keySet().stream().filter(path -> path.startsWith(prefix)).toList();
    }

    public Map<String, byte[]> asMap() {
        return files;
    }
}
