package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.codearena.web.application.mail.MailLinks;

/**
 * What links in mail do without a login. Turning the forum digest off is two steps: the link (GET) shows a page
 * with one button, the button (POST) turns it off, so that a mail scanner that follows every link changes nothing.
 */
@Path("/v1/mail")
public class MailResource {

    @EJB
    private MailLinks links;

    @GET
    @Path("/digest-off")
    @Produces(MediaType.TEXT_HTML)
    public Response confirm(@QueryParam("account") String account, @QueryParam("key") String key) {
        long accountId = valid(account, key);
        // the key has been checked: letters, digits, '-' and '_' only, safe in the address as it is
        return page(200, "Stop the forum's daily digest?", "<form method=\"post\" action=\"/api/v1/mail/digest-off"
                + "?account=" + accountId + "&amp;key=" + key + "\">"
                + "<button type=\"submit\">Stop the daily digest</button></form>");
    }

    @POST
    @Path("/digest-off")
    @Produces(MediaType.TEXT_HTML)
    public Response turnOff(@QueryParam("account") String account, @QueryParam("key") String key) {
        long accountId = valid(account, key);
        if (!links.turnDigestOff(accountId)) {
            throw new org.codearena.web.application.UnknownResourceException("no account " + accountId
                    + ": it may have been deleted, and then nothing is sent to it");
        }
        return page(200, "The forum's daily digest is off", "<p>You will not get it any more. Replies still show in the "
                + "forum, marked unread.</p><p><a href=\"/forum/\">Go to the forum</a></p>");
    }

    private long valid(String account, String key) {
        long accountId = Params.number("account", account);
        if (key == null || !key.matches("[A-Za-z0-9_-]{20,100}") || !links.validDigestOff(accountId, key)) {
            throw new org.codearena.web.application.InvalidRequestException("this link is not valid (it may have been "
                    + "cut when it was copied): open it again from the digest itself");
        }
        return accountId;
    }

    private static Response page(int status, String title, String body) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity("<!DOCTYPE html>"
                + "<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + " — CodeArena</title>"
                + "<link rel=\"stylesheet\" href=\"/arena.css\"></head><body><main><section><h1>" + title + "</h1>"
                + body + "</section></main></body></html>").build();
    }
}
