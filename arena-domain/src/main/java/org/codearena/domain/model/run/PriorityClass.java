package org.codearena.domain.model.run;

/** Why a run was made, which decides how soon it must start. Highest first. */
public enum PriorityClass {
    /** the Run button: a person is watching */
    INTERACTIVE,
    /** a graded submission inside a timed assessment */
    ASSESSMENT,
    /** a contest submission */
    CONTEST,
    /** arcade and practice submissions */
    PRACTICE,
    /** batch re-evaluation after a test fix */
    REJUDGE
}
