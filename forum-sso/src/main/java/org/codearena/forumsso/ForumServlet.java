package org.codearena.forumsso;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.domain.persistence.StatementCounter;
import org.codearena.forum.ForumException;
import org.codearena.forum.ForumMetrics;
import org.codearena.forum.ForumViews;
import org.codearena.forum.ReadMarks;
import org.codearena.forum.SignedInDirectory;
import org.codearena.forum.SignedInDirectory.Reader;

/**
 * The forum's pages, rendered on the server from the cached views (templates compiled at build time).
 *
 * <p>Who reads is known from the platform's session cookie, looked up in memory ({@link SignedInDirectory}): no
 * request to a login service, no redirect, no token exchange. Every page carries an ETag made of its content's
 * digest and what is particular to its reader (their unread markers, their role), and is answered 304 when the
 * browser has it already; signed-in pages are private to their browser, the others may be kept by a shared cache
 * for a second.
 */
@WebServlet(urlPatterns = {"", "/c/*", "/t/*", "/search", "/moderation", "/p/*"})
public class ForumServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ForumServlet.class.getName());

    @EJB
    private ForumPages pages;

    private transient TemplateEngine templates;

    @Override
    public void init() {
        templates = TemplateEngine.createPrecompiled(null, ContentType.Html, ForumServlet.class.getClassLoader(),
                gg.jte.runtime.Constants.PACKAGE_NAME_PRECOMPILED);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Reader reader = SignedInDirectory.readerOf(request);
        boolean notModified = false;
        try (StatementCounter.Count count = StatementCounter.open()) {
            try {
                notModified = serve(request, response, reader);
            } catch (ForumException e) {
                render(response, e.status(), "problem.jte", new Models.Problem(reader, e.status(), e.getMessage()),
                        null, reader);
            } catch (NumberFormatException e) {
                render(response, 404, "problem.jte", new Models.Problem(reader, 404,
                        "there is no such page in the forum; its front page lists the categories"), null, reader);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event=forum-page-failed path=" + request.getRequestURI(), e);
                render(response, 503, "problem.jte", new Models.Problem(reader, 503,
                        "the forum cannot be read just now; reload the page in a moment"), null, reader);
            } finally {
                ForumMetrics.pageServed(count.statements(), notModified, reader != null);
            }
        }
    }

    private boolean serve(HttpServletRequest request, HttpServletResponse response, Reader reader)
            throws IOException {
        String path = request.getServletPath();
        String rest = request.getPathInfo() == null ? "" : request.getPathInfo();
        ForumPages reads = pages;
        switch (path) {
            case "" -> {
                ForumViews.Categories categories = reads.categories();
                return respond(request, response, "index.jte", new Models.Index(reader, categories),
                        categories.digest(), reader);
            }
            case "/c" -> {
                ForumViews.CategoryPage page = reads.categoryPage(segment(rest, 0), pageNumber(request));
                ReadMarks.Marks marks = pages.marks(reader);
                Models.Category model = new Models.Category(reader, page, marks);
                StringBuilder unread = new StringBuilder();
                for (ForumViews.ThreadSummary thread : page.threads()) {
                    unread.append(model.unread(thread)).append(',');
                }
                return respond(request, response, "category.jte", model,
                        page.digest() + "-" + Integer.toHexString(unread.toString().hashCode()), reader);
            }
            case "/t" -> {
                long threadId = Long.parseLong(segment(rest, 0));
                ForumViews.ThreadPage page = reads.threadPage(threadId, pageNumber(request), reader);
                ReadMarks.Marks marks = pages.marks(reader);
                int lastRead = marks == null ? 0 : marks.lastRead(threadId);
                if (marks != null && !page.posts().isEmpty()) {
                    ReadMarks.get().read(reader.accountId(), marks, threadId,
                            page.posts().get(page.posts().size() - 1).number());
                }
                return respond(request, response, "thread.jte",
                        new Models.Thread(reader, page, lastRead, reads.categories()),
                        page.digest() + "-" + lastRead, reader);
            }
            case "/search" -> {
                String query = request.getParameter("q");
                Models.Search model;
                if (query == null || query.isBlank()) {
                    model = new Models.Search(reader, "", null, null);
                } else {
                    try {
                        model = new Models.Search(reader, query.strip(), reads.search(query, pageNumber(request)),
                                null);
                    } catch (ForumException e) {
                        model = new Models.Search(reader, query.strip(), null, e.getMessage());
                        render(response, e.status(), "search.jte", model, null, reader);
                        return false;
                    }
                }
                // results change with every post: not cached, not kept by the browser
                render(response, 200, "search.jte", model, null, reader);
                return false;
            }
            case "/moderation" -> {
                if (reader == null || !reader.moderates()) {
                    throw new ForumException(reader == null ? ForumException.Kind.NOT_SIGNED_IN
                            : ForumException.Kind.FORBIDDEN, reader == null
                            ? "log in first: the moderation queue is for moderators"
                            : "the moderation queue is for moderators; " + reader.username() + " is not one");
                }
                render(response, 200, "moderation.jte", new Models.Moderation(reader, pages.openReports()), null,
                        reader);
                return false;
            }
            case "/p" -> {
                long postId = Long.parseLong(segment(rest, 0));
                if (!"history".equals(segment(rest, 1))) {
                    throw new NumberFormatException();
                }
                ForumViews.PostRef post = reads.post(postId, reader);
                render(response, 200, "history.jte", new Models.History(reader, post, pages.history(postId)), null,
                        reader);
                return false;
            }
            default -> throw new NumberFormatException();
        }
    }

    /** Answers 304 when the browser holds this version already, else renders the page with its ETag. */
    private boolean respond(HttpServletRequest request, HttpServletResponse response, String template, Object model,
                            String digest, Reader reader) throws IOException {
        String etag = "\"" + digest + (reader == null ? "" : "-" + reader.accountId()
                + (reader.moderates() ? "m" : "")) + "\"";
        String held = request.getHeader("If-None-Match");
        if (held != null && (held.equals(etag) || held.equals("W/" + etag) || held.contains(etag))) {
            cacheHeaders(response, etag, reader);
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return true;
        }
        render(response, 200, template, model, etag, reader);
        return false;
    }

    private void render(HttpServletResponse response, int status, String template, Object model, String etag,
                        Reader reader) throws IOException {
        Utf8ByteOutput output = new Utf8ByteOutput();
        templates.render(template, model, output);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        if (etag != null) {
            cacheHeaders(response, etag, reader);
        } else {
            response.setHeader("Cache-Control", "no-store");
        }
        response.setContentLength(output.getContentLength());
        output.writeTo(response.getOutputStream());
    }

    private static void cacheHeaders(HttpServletResponse response, String etag, Reader reader) {
        response.setHeader("ETag", etag);
        // always asked again (a new post shows at once), answered 304 while nothing changed
        response.setHeader("Cache-Control", reader == null ? "public, max-age=0, s-maxage=1" : "private, no-cache");
        response.setHeader("Vary", "Cookie");
    }

    private static String segment(String pathInfo, int index) {
        String[] parts = pathInfo.split("/");
        // "/a/b" splits into "", "a", "b"
        return parts.length > index + 1 ? parts[index + 1] : "";
    }

    private static int pageNumber(HttpServletRequest request) {
        String page = request.getParameter("page");
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            return Math.max(1, Math.min(Integer.parseInt(page.strip()), 10_000));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
