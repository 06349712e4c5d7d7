package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.forum.ForumCache;
import org.codearena.forum.ForumCommands.Changed;
import org.codearena.forum.ForumMetrics;
import org.codearena.forum.ForumViews;
import org.codearena.forum.SignedInDirectory;
import org.codearena.forum.SignedInDirectory.Reader;
import org.codearena.web.application.ForumChanges;
import org.codearena.web.application.ForumService;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.TokenService;

/**
 * The forum's API: categories, a category's threads, a thread with its posts (paged), posting, editing, deleting,
 * reporting, searching, and the moderators' actions. Reads need no login (a hidden post's text only for moderators)
 * and carry an ETag (304 when unchanged); writes need one (a bearer token, or the page's session).
 */
@Path("/v1/forum")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ForumResource {

    public record NewThread(String title, String body) {
    }

    public record NewPost(String body, Integer replyTo) {
    }

    public record Edit(String body) {
    }

    public record NewReport(String reason) {
    }

    public record Resolve(String resolution) {
    }

    public record PostModeration(Boolean hidden) {
    }

    public record ThreadModeration(Boolean pinned, Boolean locked, Boolean hidden, String category) {
    }

    public record NewBan(String username, Integer days, String reason) {
    }

    public record CacheSwitch(Boolean enabled) {
    }

    /** a post as the API shows it: the text of a hidden or deleted one only to moderators */
    public record PostJson(long id, int number, String author, Integer replyTo, String markdown, String html,
                           Instant createdAt, Instant editedAt, int editCount, boolean deleted, boolean hidden) {
    }

    public record ThreadJson(long id, String title, String author, String category, Instant createdAt, int postCount,
                             boolean pinned, boolean locked, boolean hidden, int page, int pages, List<PostJson> posts) {
    }

    public record CategoryJson(ForumViews.Category category, int page, int pages,
                               List<ForumViews.ThreadSummary> threads) {
    }

    private static final CacheControl REVALIDATE = CacheControl.valueOf("no-cache");

    @EJB
    private ForumService forum;

    @EJB
    private ForumChanges changes;

    @EJB
    private TokenService tokens;

    @Context
    private HttpServletRequest request;

    @Context
    private Request conditions;

    @GET
    @Path("/categories")
    public Response categories() {
        ForumViews.Categories categories = forum.categories();
        return cached(categories.digest(), Map.of("categories", categories.categories()));
    }

    @GET
    @Path("/categories/{slug}/threads")
    public Response threads(@PathParam("slug") String slug, @QueryParam("page") @DefaultValue("1") int page) {
        ForumViews.CategoryPage view = forum.categoryPage(slug, page);
        return cached(view.digest(), new CategoryJson(view.category(), view.page(), view.pages(), view.threads()));
    }

    @POST
    @Path("/categories/{slug}/threads")
    @Authenticated
    public Response createThread(@PathParam("slug") String slug, NewThread body) {
        Caller caller = Caller.of(request);
        NewThread thread = require(body, "send {\"title\": \"…\", \"body\": \"… (Markdown)\"}");
        Changed changed = forum.createThread(caller.accountId(), caller.roles(), slug, thread.title(),
                thread.body());
        changes.committed(changed);
        return created(changed);
    }

    @GET
    @Path("/threads/{id}")
    public Response thread(@PathParam("id") long id, @QueryParam("page") @DefaultValue("1") int page) {
        Reader reader = reader();
        ForumViews.ThreadPage view = forum.threadPage(id, page, reader);
        boolean moderator = reader != null && reader.moderates();
        ForumViews.Thread thread = view.thread();
        List<PostJson> posts = view.posts().stream().map(p -> {
            boolean shown = p.visible() || moderator;
            return new PostJson(p.id(), p.number(), p.author(), p.replyTo(), shown ? p.markdown() : null,
                    shown ? p.html() : null, p.createdAt(), p.editedAt(), p.editCount(), p.deleted(), p.hidden());
        }).toList();
        return cached(view.digest() + (moderator ? "-m" : ""), new ThreadJson(thread.id(), thread.title(),
                thread.author(), thread.category().slug(), thread.createdAt(), thread.postCount(), thread.pinned(),
                thread.locked(), thread.hidden(), view.page(), view.pages(), posts));
    }

    @POST
    @Path("/threads/{id}/posts")
    @Authenticated
    public Response reply(@PathParam("id") long threadId, NewPost body) {
        Caller caller = Caller.of(request);
        NewPost post = require(body, "send {\"body\": \"… (Markdown)\", \"replyTo\": number of the post answered "
                + "(optional)}");
        Changed changed = forum.reply(caller.accountId(), caller.roles(), threadId, post.body(), post.replyTo());
        changes.committed(changed);
        return created(changed);
    }

    @PUT
    @Path("/threads/{id}/moderation")
    @Authenticated
    public Map<String, Object> moderateThread(@PathParam("id") long threadId, ThreadModeration body) {
        Caller caller = Caller.of(request);
        ThreadModeration change = require(body, "send any of {\"pinned\", \"locked\", \"hidden\": true or false, "
                + "\"category\": slug to move it to}");
        changes.committed(forum.moderateThread(caller.accountId(), caller.roles(), threadId, change.pinned(),
                change.locked(), change.hidden(), change.category()));
        return Map.of("thread", threadId);
    }

    @GET
    @Path("/posts/{id}")
    public ForumViews.PostRef post(@PathParam("id") long postId) {
        return forum.post(postId, reader());
    }

    @PUT
    @Path("/posts/{id}")
    @Authenticated
    public Map<String, Object> edit(@PathParam("id") long postId, Edit body) {
        Caller caller = Caller.of(request);
        Edit edit = require(body, "send {\"body\": \"the new text (Markdown)\"}");
        Changed changed = forum.edit(caller.accountId(), caller.roles(), postId, edit.body());
        changes.committed(changed);
        return Map.of("url", url(changed));
    }

    @DELETE
    @Path("/posts/{id}")
    @Authenticated
    public Response delete(@PathParam("id") long postId) {
        Caller caller = Caller.of(request);
        changes.committed(forum.delete(caller.accountId(), caller.roles(), postId));
        return Response.noContent().build();
    }

    @GET
    @Path("/posts/{id}/history")
    public List<ForumViews.Revision> history(@PathParam("id") long postId) {
        return forum.history(postId, reader());
    }

    @POST
    @Path("/posts/{id}/reports")
    @Authenticated
    public Response report(@PathParam("id") long postId, NewReport body) {
        Caller caller = Caller.of(request);
        forum.report(caller.accountId(), caller.roles(), postId, require(body, "send {\"reason\": \"…\"}").reason());
        return Response.status(Response.Status.CREATED).entity(Map.of("post", postId)).build();
    }

    @PUT
    @Path("/posts/{id}/moderation")
    @Authenticated
    public Map<String, Object> moderatePost(@PathParam("id") long postId, PostModeration body) {
        Caller caller = Caller.of(request);
        PostModeration change = require(body, "send {\"hidden\": true or false}");
        if (change.hidden() == null) {
            throw new InvalidRequestException("send {\"hidden\": true or false}");
        }
        changes.committed(forum.hidePost(caller.accountId(), caller.roles(), postId, change.hidden()));
        return Map.of("post", postId, "hidden", change.hidden());
    }

    @GET
    @Path("/reports")
    @Authenticated
    public List<ForumViews.Report> reports() {
        return forum.openReports(reader());
    }

    @POST
    @Path("/reports/{id}")
    @Authenticated
    public Map<String, Object> resolve(@PathParam("id") long reportId, Resolve body) {
        Caller caller = Caller.of(request);
        Resolve resolve = require(body, "send {\"resolution\": \"HIDDEN\" or \"DISMISSED\"}");
        changes.committed(forum.resolveReport(caller.accountId(), caller.roles(), reportId, resolve.resolution()));
        return Map.of("report", reportId, "resolution", resolve.resolution());
    }

    @POST
    @Path("/bans")
    @Authenticated
    public Response ban(NewBan body) {
        Caller caller = Caller.of(request);
        NewBan ban = require(body, "send {\"username\": \"…\", \"reason\": \"…\", \"days\": n (optional)}");
        forum.ban(caller.accountId(), caller.roles(), ban.username(), ban.days(), ban.reason());
        return Response.status(Response.Status.CREATED).entity(Map.of("username", ban.username())).build();
    }

    @DELETE
    @Path("/bans/{username}")
    @Authenticated
    public Response unban(@PathParam("username") String username) {
        Caller caller = Caller.of(request);
        forum.unban(caller.accountId(), caller.roles(), username);
        return Response.noContent().build();
    }

    @GET
    @Path("/search")
    public ForumViews.SearchResults search(@QueryParam("q") String query,
                                           @QueryParam("page") @DefaultValue("1") int page) {
        return forum.search(query, page);
    }

    /** What the forum's pages cost (page views, SQL statements, 304s, login requests) and the cache's state. */
    @GET
    @Path("/admin/stats")
    @Authenticated
    public Map<String, Object> stats() {
        Caller.of(request).require(Caller.ADMIN);
        return ForumMetrics.snapshot();
    }

    /** Switches the forum's view cache on or off (to measure what it saves). */
    @PUT
    @Path("/admin/cache")
    @Authenticated
    public Map<String, Object> cache(CacheSwitch body) {
        Caller.of(request).require(Caller.ADMIN);
        CacheSwitch change = require(body, "send {\"enabled\": true or false}");
        if (change.enabled() == null) {
            throw new InvalidRequestException("send {\"enabled\": true or false}");
        }
        ForumCache.get().setEnabled(change.enabled());
        return ForumMetrics.snapshot();
    }

    /** The reader: the page's session through the sign-in directory, or a bearer token; null for anyone else. */
    private Reader reader() {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.bearerOf(header.substring(7).strip())
                    .map(bearer -> new Reader(bearer.accountId(), bearer.username(), bearer.roles())).orElse(null);
        }
        HttpSession session = request.getSession(false);
        return session == null ? null : SignedInDirectory.lookup(session.getId());
    }

    private Response cached(String digest, Object body) {
        EntityTag tag = new EntityTag(digest);
        Response.ResponseBuilder unchanged = conditions.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(REVALIDATE).tag(tag).build();
        }
        return Response.ok(body).tag(tag).cacheControl(REVALIDATE).build();
    }

    private static Response created(Changed changed) {
        String url = url(changed);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threadId", changed.threadId());
        body.put("postId", changed.postId());
        body.put("number", changed.number());
        body.put("url", url);
        return Response.created(URI.create(url)).entity(body).build();
    }

    private static String url(Changed changed) {
        return "/forum/t/" + changed.threadId() + "?page="
                + ForumViews.pagesFor(changed.number(), ForumViews.POSTS_PER_PAGE) + "#p" + changed.number();
    }

    private static <T> T require(T body, String what) {
        if (body == null) {
            throw new InvalidRequestException(what);
        }
        return body;
    }
}
