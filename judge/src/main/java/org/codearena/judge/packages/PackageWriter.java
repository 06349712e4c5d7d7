package org.codearena.judge.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A {@link ProblemPackage} written as a package folder in the 2023-07 format (a ZIP): what an authored task is
 * exported as, and what {@link PackageReader} reads back into the same task.
 */
public final class PackageWriter {

    private PackageWriter() {
    }

    public static Map<String, String> files(ProblemPackage pkg) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("problem.yaml", pkg.problemYaml());
        files.put("statement/problem." + pkg.statement().language() + ".md", pkg.statement().text());
        for (ProblemPackage.Group group : pkg.groups()) {
            if (group.testdataYaml() != null) {
                files.put("data/" + group.path() + "/test_group.yaml", group.testdataYaml());
            }
        }
        for (ProblemPackage.Test test : pkg.tests()) {
            String folder = "data/" + (test.sample() ? "sample" : test.group());
            files.put(folder + "/" + test.name() + ".in", test.input());
            files.put(folder + "/" + test.name() + ".ans", test.answer());
        }
        if (pkg.validator() != null) {
            pkg.validator().files().forEach((name, text) -> files.put("output_validator/" + name, text));
        }
        for (ProblemPackage.Example example : pkg.examples()) {
            String folder = example.expected().equals("input_validator") ? "input_validators/"
                    : "submissions/" + example.expected() + "/";
            example.program().files().forEach((name, text) -> files.put(folder + name, text));
        }
        return files;
    }

    public static byte[] zip(ProblemPackage pkg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files(pkg).entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
