package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.codearena.web.application.sso.DiscourseConnect;

/**
 * The DiscourseConnect endpoint a Discourse's {@code discourse_connect_url} points at: a browser arrives with the
 * signed request; someone logged in on the platform goes straight back to the forum with the signed answer,
 * anyone else logs in first (the login page brings them back here).
 */
@Path("/v1/auth/discourse-connect")
public class DiscourseConnectResource {

    @EJB
    private DiscourseConnect discourse;

    @GET
    public Response connect(@QueryParam("sso") String sso, @QueryParam("sig") String sig,
                            @Context HttpServletRequest request) {
        DiscourseConnect.Request verified = discourse.verify(sso, sig);
        HttpSession session = request.getSession(false);
        Caller caller = session == null ? null : (Caller) session.getAttribute(Caller.PROPERTY);
        if (caller == null) {
            String back = "api/v1/auth/discourse-connect?sso=" + URLEncoder.encode(sso, StandardCharsets.UTF_8)
                    + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8);
            // absolute: JAX-RS would resolve a relative location against the API's base (/api/)
            URI login = URI.create(request.getRequestURL().toString())
                    .resolve("/?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            return Response.seeOther(login)
                    .header("Cache-Control", "no-store").build();
        }
        return Response.seeOther(discourse.answer(verified, caller.accountId())).header("Cache-Control", "no-store")
                .build();
    }
}
