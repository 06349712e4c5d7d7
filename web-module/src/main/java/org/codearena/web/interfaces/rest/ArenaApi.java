package org.codearena.web.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The JSON API under /api; its description is served at /openapi (and /openapi/ui to try it). */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "CodeArena API", version = "1",
        description = "Runs, tasks, submissions, assessments, contests. Authenticate with `Authorization: Bearer "
                + "<token>`, the token from `POST /api/v1/auth/token`; errors are `{\"error\": \"...\"}` with a 4xx "
                + "status."))
public class ArenaApi extends Application {
}
