package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.codearena.domain.model.assessment.Assessment;
import org.codearena.domain.model.assessment.Invitation;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.AssessmentRepository;
import org.codearena.web.application.SubmissionRepository;
import org.codearena.web.application.TaskCatalog;

/** What a person's home shows of their own: progress per task, and the assessments they have started. */
@Path("/v1/home")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class HomeResource {

    private static final int ASSESSMENTS_SHOWN = 20;

    /** Best score on a task outside assessments (practice and contests), and how many submissions it took. */
    public record TaskProgress(String task, int bestScore, int maxScore, long submissions, boolean solved) {
    }

    /** An assessment the person started: STARTED (time left, with its end) or FINISHED. */
    public record MyAssessment(String title, String token, String state, Instant endsAt) {
    }

    public record Home(List<TaskProgress> progress, List<MyAssessment> assessments) {
    }

    @EJB
    private SubmissionRepository submissions;

    @EJB
    private AssessmentRepository assessments;

    @EJB
    private TaskCatalog tasks;

    @GET
    public Home home(@Context HttpServletRequest context) {
        long accountId = Caller.of(context).accountId();
        List<TaskProgress> progress = new ArrayList<>();
        for (Object[] row : submissions.progress(accountId)) {
            Task task = tasks.task(((Number) row[0]).longValue());
            int best = ((Number) row[1]).intValue();
            int max = ((Number) row[2]).intValue();
            progress.add(new TaskProgress(task.getSlug(), best, max, ((Number) row[3]).longValue(),
                    max > 0 && best >= max));
        }
        Instant now = Instant.now();
        List<MyAssessment> mine = new ArrayList<>();
        for (Invitation invitation : assessments.startedBy(accountId, ASSESSMENTS_SHOWN)) {
            Optional<Assessment> assessment = assessments.assessment(invitation.getAssessmentId());
            assessment.ifPresent(a -> mine.add(new MyAssessment(a.getTitle(), invitation.getToken(),
                    invitation.stateAt(now).name(), invitation.getEndsAt())));
        }
        return new Home(progress, mine);
    }
}
