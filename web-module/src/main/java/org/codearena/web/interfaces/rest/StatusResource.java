package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import org.codearena.web.application.Maintenance;

/** What every page asks when it loads (no sign-in): is there a maintenance message to show. */
@Path("/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    @EJB
    private Maintenance maintenance;

    @GET
    public Map<String, Object> status() {
        Map<String, Object> body = new HashMap<>();
        body.put("maintenance", maintenance.current().orElse(null));
        return body;
    }
}
