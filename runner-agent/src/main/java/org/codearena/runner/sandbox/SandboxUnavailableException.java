package org.codearena.runner.sandbox;

/** The machine lacks what the sandbox needs; the message says what to install. */
public class SandboxUnavailableException extends Exception {

    public SandboxUnavailableException(String message) {
        super(message);
    }
}
