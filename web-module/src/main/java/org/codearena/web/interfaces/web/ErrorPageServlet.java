package org.codearena.web.interfaces.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.codearena.web.infrastructure.persistence.DatabaseOutage;

/**
 * What a person or an API client sees when the server refuses a request before CodeArena's code runs (an address
 * it cannot decode, a page that does not exist, a failure): for {@code /api/} addresses the API's own
 * {@code {"error": "..."}}, for pages a page that says what to do next; never the server's raw text.
 */
@WebServlet("/error-page")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean api = uri != null && uri.toString().startsWith(request.getContextPath() + "/api/");
        boolean databaseDown = DatabaseOutage.causedBy((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        if (databaseDown) {
            // a filter's read of the login failed: the same answer as the API's own
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            response.setHeader("Retry-After", Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
        }
        response.setStatus(status);
        if (api) {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\": \"" + (databaseDown ? DatabaseOutage.MESSAGE : apiMessage(status))
                    + "\"}");
            return;
        }
        Page page = switch (status) {
            case HttpServletResponse.SC_NOT_FOUND, HttpServletResponse.SC_METHOD_NOT_ALLOWED -> new Page(
                    "page not found", "There is no page here", "hint", "The address may be mistyped, or the page has "
                        + "moved. Start from the <a href=\"/tasks.html\">tasks</a>, or go to the "
                        + "<a href=\"/\">home page</a>.");
            case HttpServletResponse.SC_BAD_REQUEST -> new Page(
                    "this address cannot be read", "This address cannot be read", "hint", "It has characters that are "
                        + "not allowed in it. Check the link you followed, or start from the "
                        + "<a href=\"/tasks.html\">tasks</a>.");
            case HttpServletResponse.SC_FORBIDDEN -> new Page(
                    "not for you", "This page is not open to you", "hint", "Your account does not have the role this "
                        + "page needs. If you should have it, ask the people who run this CodeArena. Meanwhile, start "
                        + "from the <a href=\"/tasks.html\">tasks</a>.");
            case HttpServletResponse.SC_SERVICE_UNAVAILABLE -> new Page(
                    "back in a moment", "CodeArena is back in a moment", "hint", (databaseDown
                        ? "Its database cannot be reached just now." : "It is starting or being maintained.")
                        + " Reload this page in a few seconds; nothing you saved is lost.");
            default -> new Page(
                    "something went wrong", "Something went wrong on our side", "error", "The server could not show "
                        + "this page. Please try again in a moment; nothing you saved is lost. If it keeps "
                        + "happening, tell the operators what you were doing and when.");
        };
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(PAGE.formatted(page.title(), page.heading(), page.style(), page.message()));
    }

    /** What an error page says: fixed texts, nothing from the request echoed. */
    private record Page(String title, String heading, String style, String message) {
    }

    /** One page for every error: its title, heading, message style and message. */
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>CodeArena — %s</title>
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
              <link rel="stylesheet" href="/arena.css">
            </head>
            <body>
              <header>
                <h1>CodeArena</h1>
                <p><a href="/">Home</a> · <a href="/tasks.html">Tasks</a> · <a href="/editor.html">Editor</a></p>
              </header>
              <main>
                <h2>%s</h2>
                <p class="message %s">%s</p>
              </main>
            </body>
            </html>
            """;

    private static String apiMessage(int status) {
        return switch (status) {
            case HttpServletResponse.SC_BAD_REQUEST -> "the address could not be read (it has characters that are "
                    + "not allowed there, such as an encoded slash or a null byte); see the API at /openapi/ui";
            case HttpServletResponse.SC_NOT_FOUND -> "no such resource; see the API at /openapi/ui";
            case HttpServletResponse.SC_METHOD_NOT_ALLOWED -> "method not allowed on this resource";
            case HttpServletResponse.SC_FORBIDDEN -> "this needs a role your account does not have";
            case HttpServletResponse.SC_SERVICE_UNAVAILABLE -> "the service is not available at the moment; try again "
                    + "in a few seconds";
            default -> status >= 500 ? "the server failed to handle this request; try again, and tell the operators "
                    + "if it persists" : "the request was refused (" + status + ")";
        };
    }
}
