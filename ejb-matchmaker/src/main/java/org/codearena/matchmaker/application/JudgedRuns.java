package org.codearena.matchmaker.application;

import org.codearena.domain.model.run.Run;
import org.codearena.protocol.JobMessage;

/**
 * What the matchmaker asks of whoever judges submissions (the judge module) about a run that judges one. The
 * matchmaker queues, dispatches and times such runs like any other; what they carry (tests, checker, limits)
 * and what a submission's state is belong to the judge. Called inside the matchmaker's transaction.
 */
public interface JudgedRuns {

    /** Whether the run still judges its submission (a re-judge may have given the submission a newer run). */
    boolean stillJudges(Run run);

    /** The run was handed to a runner, or stopped before it ran: its submission is being judged now. */
    void judging(long runId);

    /** The run's job: the program, and everything it is judged by (tests, output check, the task's limits). */
    JobMessage job(Run run, long epoch);
}
