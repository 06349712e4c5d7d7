package org.codearena.web.interfaces.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What a person or an API client sees when the server refuses a request before CodeArena's code runs (an address
 * it cannot decode, a page that does not exist, a failure): for {@code /api/} addresses the API's own
 * {@code {"error": "..."}}, for pages a page that says what to do next; never the server's raw text.
 */
@WebServlet("/error-page")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean api = uri != null && uri.toString().startsWith(request.getContextPath() + "/api/");
        response.setStatus(status);
        if (api) {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\": \"" + apiMessage(status) + "\"}");
            return;
        }
        String page = switch (status) {
            case HttpServletResponse.SC_NOT_FOUND, HttpServletResponse.SC_METHOD_NOT_ALLOWED -> "/not-found.html";
            case HttpServletResponse.SC_BAD_REQUEST -> "/bad-request.html";
            default -> "/server-error.html";
        };
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        request.getRequestDispatcher(page).include(request, response);
    }

    private static String apiMessage(int status) {
        return switch (status) {
            case HttpServletResponse.SC_BAD_REQUEST -> "the address could not be read (it has characters that are "
                    + "not allowed there, such as an encoded slash or a null byte); see the API at /openapi/ui";
            case HttpServletResponse.SC_NOT_FOUND -> "no such resource; see the API at /openapi/ui";
            case HttpServletResponse.SC_METHOD_NOT_ALLOWED -> "method not allowed on this resource";
            default -> status >= 500 ? "the server failed to handle this request; try again, and tell the operators "
                    + "if it persists" : "the request was refused (" + status + ")";
        };
    }
}
