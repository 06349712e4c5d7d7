package org.codearena.web.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.run.RunStatus;
import org.codearena.protocol.Verdict;
import org.codearena.domain.model.task.Task;
import org.codearena.domain.model.task.TaskTest;

/**
 * Trying a task before signing up: a visitor's program runs on the task's first example only, as an interactive
 * run of the platform's visitor account (changeset 016), and is named by a random token that only the visitor's
 * page holds. All visitors together count as one person: at most
 * {@code codearena.class.interactive.max.queued.per.user} of their runs wait at once, so that a rush of visitors
 * never fills the queue of the people who signed up; each address is also rate-limited
 * ({@code codearena.ratelimit.trial.per.minute}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TrialService {

    /** a visitor's program: enough for any task's solution, far from the API's body limit */
    static final int MAX_SOURCE_BYTES = 64 * 1024;
    private static final String VISITOR = "_visitor";
    private static final long BUSY_RETRY_SECONDS = 5;

    /** What a visitor sees of a try: the run, the example it ran on, and whether the output was right. */
    public record Trial(Run run, Task task, TaskTest example, Boolean passed) {
    }

    @EJB
    private TrialStore store;

    @EJB
    private RunIntake intake;

    @EJB
    private RunRepository runs;

    @EJB
    private TaskCatalog tasks;

    private static volatile Long visitorId;

    public UUID start(String taskSlug, String languageId, String source) {
        if (taskSlug == null || taskSlug.isBlank()) {
            throw new InvalidRequestException("task is required: the task whose example to run on");
        }
        Task task = tasks.publicTask(taskSlug.strip());
        intake.requireCode(languageId, source);
        if (source.getBytes(StandardCharsets.UTF_8).length > MAX_SOURCE_BYTES) {
            throw new InvalidRequestException("a program tried before signing up may be at most "
                    + MAX_SOURCE_BYTES / 1024 + " KB; sign up to run larger ones");
        }
        TaskTest example = tasks.firstSample(task.getId()).orElseThrow(() ->
                new InvalidRequestException("task '" + task.getSlug() + "' has no example to try; sign up to submit"));
        long visitor = visitor();
        Run run;
        try {
            run = intake.accept(visitor, languageId, PriorityClass.INTERACTIVE, source, example.getInput());
        } catch (PersonalQueueFullException busy) {
            throw new RateLimitedException("many visitors are trying tasks right now; try again in "
                    + BUSY_RETRY_SECONDS + " s, or sign up (free): your runs then do not wait for visitors'",
                    BUSY_RETRY_SECONDS);
        }
        return store.remember(run.getId(), task.getId());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Trial find(UUID token) {
        TrialStore.Entry entry = store.find(token)
                .orElseThrow(() -> new UnknownResourceException("no such try: run the example again"));
        Run run = runs.ownedBy(entry.runId(), visitor());
        Task task = tasks.task(entry.taskId());
        TaskTest example = tasks.firstSample(task.getId()).orElseThrow();
        Boolean passed = run.getStatus() != RunStatus.FINISHED ? null
                : run.getVerdict() == Verdict.OK && task.getComparison().matches(example.getExpectedOutput(), run.getStdout());
        return new Trial(run, task, example, passed);
    }

    private long visitor() {
        Long id = visitorId;
        if (id == null) {
            id = store.visitorAccount(VISITOR);
            visitorId = id;
        }
        return id;
    }
}
