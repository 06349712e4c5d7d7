package org.codearena.web.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.domain.model.Ticket;

/**
 * Accepting a run: write it to PostgreSQL and commit (write-ahead: an accepted run is never lost),
 * then hand the matchmaker a small ticket. A crash between the two is healed by the matchmaker's
 * rebuild from the unfinished runs at start-up.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunIntake {

    private static final Logger LOG = Logger.getLogger(RunIntake.class.getName());

    @EJB
    private RunRepository runs;

    @EJB
    private LanguageCatalog languages;

    @EJB
    private Matchmaker matchmaker;

    @jakarta.inject.Inject
    private org.eclipse.microprofile.config.Config config;

    private static final long DEFAULT_PER_USER = 10;

    public Run accept(long accountId, String languageId, PriorityClass priorityClass, String source, String stdin) {
        requireCode(languageId, source);
        // refused before anything is written: a 429 leaves nothing behind. The class's room is asked here; the
        // person's count where the run is stored, under a lock of theirs (one count, and requests sent at the same
        // moment cannot all pass it), and only for a run that would wait (RunRepository.store)
        matchmaker.admit(priorityClass);
        long started = System.nanoTime();
        String input = stdin == null ? "" : stdin;
        RunRepository.Stored stored = runs.storeStarting(accountId, languageId, priorityClass, source, input)
                .orElseGet(() -> runs.store(accountId, languageId, priorityClass, source, input,
                        perUserLimit(priorityClass)));
        long storeMicros = (System.nanoTime() - started) / 1000;
        Run run = stored.run();
        if (stored.reservation().isPresent()) {
            // claimed for a free runner when it was stored: its job goes out now
            long sending = System.nanoTime();
            matchmaker.sendReserved(stored.reservation().get(), run);
            logAccepted(run, storeMicros, sending);
        } else {
            enqueue(run, storeMicros);
        }
        return run;
    }

    /**
     * Backpressure before a run is stored: the class's queue must have room (the matchmaker's bound), and this
     * person may have at most {@code codearena.class.<class>.max.queued.per.user} runs of the class waiting, so
     * that one person cannot fill a class and lock everyone else out (0: no limit; re-judging has none).
     */
    public void admit(long accountId, PriorityClass priorityClass) {
        matchmaker.admit(priorityClass);
        long limit = perUserLimit(priorityClass);
        if (limit > 0) {
            long waiting = runs.waitingOf(accountId, priorityClass);
            if (waiting >= limit) {
                throw new PersonalQueueFullException(priorityClass, waiting, limit);
            }
        }
    }

    private long perUserLimit(PriorityClass priorityClass) {
        return config.getOptionalValue("codearena.class." + priorityClass.name().toLowerCase()
                + ".max.queued.per.user", Long.class).orElse(priorityClass == PriorityClass.REJUDGE ? 0L
                : DEFAULT_PER_USER);
    }

    /** A language that exists and code that is not empty, or a 400 that says which is missing. */
    public void requireCode(String languageId, String source) {
        if (languageId == null || languageId.isBlank()) {
            throw new InvalidRequestException("language is required");
        }
        languages.require(languageId);
        if (source == null || source.isBlank()) {
            throw new InvalidRequestException("source is required and must not be empty");
        }
    }

    /** The run is stored (committed): the matchmaker gets its ticket. */
    public void enqueue(Run run) {
        enqueue(run, -1);
    }

    private void enqueue(Run run, long storeMicros) {
        long started = System.nanoTime();
        matchmaker.submit(ticketFor(run));
        logAccepted(run, storeMicros, started);
    }

    /** The matchmaker's ticket for a stored run (its id known). */
    public static Ticket ticketFor(Run run) {
        return Ticket.of(run);
    }

    private static void logAccepted(Run run, long storeMicros, long matchmakerStarted) {
        LOG.info(() -> "event=run-accepted runId=" + run.getId() + " accountId=" + run.getAccountId()
                + " language=" + run.getLanguageId() + " class=" + run.getPriorityClass()
                + (run.getSubmissionId() == null ? "" : " submissionId=" + run.getSubmissionId())
                + (storeMicros < 0 ? "" : " storeMicros=" + storeMicros)
                + " matchmakerMicros=" + (System.nanoTime() - matchmakerStarted) / 1000
                + (run.getRunnerId() == null ? "" : " claimedWhenStored=true"));
    }
}
