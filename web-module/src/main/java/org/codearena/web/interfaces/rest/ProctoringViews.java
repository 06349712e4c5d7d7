package org.codearena.web.interfaces.rest;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.UnknownResourceException;
import org.codearena.web.application.proctoring.ObjectStore;
import org.codearena.web.application.proctoring.ProctoringRecords;
import org.codearena.web.application.proctoring.ProctoringSummary;

/** A candidate's proctoring as the recruiter's timeline and the candidate's own copy show it. */
final class ProctoringViews {

    private ProctoringViews() {
    }

    /**
     * Snapshots (with the address of each image under {@code imageBase}), events, submissions on the same time
     * axis, and the summary in figures and words.
     */
    static Map<String, Object> timeline(ProctoringRecords records, long invitationId, String imageBase,
                                        List<Submission> submissions, Map<Long, Task> tasks) {
        List<ProctoringRecords.Snapshot> snapshots = records.snapshots(invitationId);
        List<ProctoringRecords.Event> events = records.events(invitationId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("snapshots", snapshots.stream().map(snapshot -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", snapshot.id());
            view.put("kind", snapshot.kind());
            view.put("takenAt", snapshot.takenAt());
            view.put("bytes", snapshot.bytes());
            view.put("image", imageBase + snapshot.id());
            return view;
        }).toList());
        body.put("events", events.stream().map(event -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("kind", event.kind());
            view.put("at", event.at());
            view.put("durationMs", event.durationMs());
            view.put("size", event.size());
            return view;
        }).toList());
        body.put("submissions", submissions.stream().map(submission -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", submission.getId());
            Task task = tasks.get(submission.getTaskId());
            view.put("task", task == null ? null : task.getSlug());
            view.put("at", submission.getSubmittedAt());
            view.put("verdict", submission.getVerdict() == null ? null : submission.getVerdict().name());
            return view;
        }).toList());
        ProctoringSummary summary = ProctoringSummary.of(events, snapshots);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("text", summary.text());
        figures.put("counts", summary.counts());
        figures.put("awayMillis", summary.awayMillis());
        figures.put("largePastes", summary.largePastes());
        figures.put("webcamSnapshots", summary.webcamSnapshots());
        figures.put("screenSnapshots", summary.screenSnapshots());
        body.put("summary", figures);
        return body;
    }

    /** One snapshot's JPEG; private (a person's face), never kept by shared caches. */
    static Response image(ProctoringRecords records, ObjectStore store, long invitationId, long snapshotId) {
        String key = records.snapshotKey(invitationId, snapshotId)
                .orElseThrow(() -> new UnknownResourceException("no snapshot " + snapshotId));
        byte[] jpeg;
        try {
            jpeg = store.get(key).orElseThrow(() -> new UnknownResourceException("snapshot " + snapshotId
                    + " is no longer kept (its retention period ended)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CacheControl private_ = new CacheControl();
        private_.setPrivate(true);
        private_.setMaxAge(3600);
        return Response.ok(jpeg, "image/jpeg").cacheControl(private_).build();
    }
}
