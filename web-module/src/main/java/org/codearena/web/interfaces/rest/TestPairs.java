package org.codearena.web.interfaces.rest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.codearena.judge.packages.AuthoredTask;
import org.codearena.judge.packages.PackageException;
import org.codearena.judge.packages.PackageFiles;

/**
 * Tests uploaded as a ZIP of NAME.in / NAME.ans pairs (in name order; names starting with 'sample' or in a
 * 'sample/' folder are examples), read with the same limits as a package.
 */
final class TestPairs {

    private TestPairs() {
    }

    static List<AuthoredTask.TestInput> read(String base64) {
        byte[] zip;
        try {
            zip = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new PackageException("testsZip: not Base64 (send the ZIP's bytes in Base64)");
        }
        PackageFiles files = PackageFiles.fromZip(zip, PackageFiles.Limits.DEFAULT);
        List<AuthoredTask.TestInput> tests = new ArrayList<>();
        for (String path : files.paths()) {
            if (!path.endsWith(".in")) {
                continue;
            }
            String answer = path.substring(0, path.length() - 3) + ".ans";
            if (!files.has(answer)) {
                throw new PackageException("testsZip: " + path + " has no answer " + answer);
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            boolean sample = path.startsWith("sample/") || path.contains("/sample/") || name.startsWith("sample");
            tests.add(new AuthoredTask.TestInput(files.text(path), files.text(answer), sample));
        }
        if (tests.isEmpty()) {
            throw new PackageException("testsZip: no NAME.in file with its NAME.ans in the archive");
        }
        return tests;
    }
}
