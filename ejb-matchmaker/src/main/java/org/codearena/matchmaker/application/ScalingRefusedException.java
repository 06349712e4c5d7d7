package org.codearena.matchmaker.application;

import jakarta.ejb.ApplicationException;

/**
 * The autoscaler refused what an operator asked: bounds that make no sense ({@link #conflict()} false: the request
 * is wrong) or an action on a runner the provider did not start ({@link #conflict()} true: the runner's state is).
 * The message says what to do instead.
 */
@ApplicationException
public class ScalingRefusedException extends RuntimeException {

    private final boolean conflict;

    public ScalingRefusedException(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    public boolean conflict() {
        return conflict;
    }
}
