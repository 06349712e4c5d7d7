package org.codearena.web.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.codearena.web.application.proctoring.ProctoringRecords;
import org.codearena.web.application.proctoring.ProctoringUploads;

/**
 * Proctoring uploads from a candidate's page while their time runs. They carry the upload key the page was given
 * at Start ({@code X-Proctoring-Key}, signed by the installation) instead of the login: checking an upload reads
 * nothing from the database, and it is queued on the broker (202) for the consumer to write down.
 */
@Path("/v1/proctoring")
@Produces(MediaType.APPLICATION_JSON)
public class ProctoringUploadResource {

    @Inject
    private ProctoringUploads uploads;

    /** What the page sends with events: {@code {"events": [...]}}. */
    public record EventBatch(List<ProctoringRecords.Event> events) {
    }

    /**
     * A snapshot: the JPEG as the body; {@code kind} webcam or screen, {@code id} the page's (a retry with the same
     * id counts once), {@code takenAt}.
     */
    @POST
    @Path("/snapshots")
    @Consumes("image/jpeg")
    public Response snapshot(@HeaderParam(ProctoringUploads.KEY_HEADER) String key, @QueryParam("kind") String kind,
                             @QueryParam("id") String id, @QueryParam("takenAt") String takenAt, byte[] jpeg) {
        uploads.snapshot(uploads.session(key), kind, id, takenAt, jpeg);
        return Response.accepted(Map.of("queued", 1)).build();
    }

    /** A batch of events: the tab or window left and for how long, a paste and its size, full screen left... */
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response events(@HeaderParam(ProctoringUploads.KEY_HEADER) String key, EventBatch batch) {
        return Response.accepted(Map.of("queued", uploads.events(uploads.session(key),
                batch == null ? null : batch.events()))).build();
    }
}
