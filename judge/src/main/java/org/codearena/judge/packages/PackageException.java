package org.codearena.judge.packages;

/**
 * A problem package that cannot be taken, with a sentence that names the file and the problem (shown to the
 * person who uploaded it, with a 4xx). Nothing of such a package is stored.
 */
public class PackageException extends RuntimeException {

    public PackageException(String message) {
        super(message);
    }
}
