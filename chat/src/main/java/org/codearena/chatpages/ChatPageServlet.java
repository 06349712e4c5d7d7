package org.codearena.chatpages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.codearena.chat.ChatException;
import org.codearena.chat.RoomKey;
import org.codearena.forum.SignedInDirectory;
import org.codearena.forum.SignedInDirectory.Reader;

/**
 * The chat page ({@code /chat/?room=KEY}). Who reads is known from the platform's session cookie, looked up in
 * memory: no login service, no redirect when signed in; someone who is not goes to the sign-in page, which comes
 * back here. A room name that cannot exist is answered 400 with the forms room names take; whether the person may
 * enter the room is the API's to say (the page shows its words).
 */
@WebServlet(urlPatterns = {""})
public class ChatPageServlet extends HttpServlet {

    private transient TemplateEngine templates;

    @Override
    public void init() {
        templates = TemplateEngine.createPrecompiled(null, ContentType.Html, ChatPageServlet.class.getClassLoader(),
                gg.jte.runtime.Constants.PACKAGE_NAME_PRECOMPILED);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().equals(request.getContextPath())) {
            // /chat → /chat/ (the page's relative links and the login's way back name the folder)
            response.sendRedirect(request.getContextPath() + "/" + query(request));
            return;
        }
        Reader reader = SignedInDirectory.readerOf(request);
        if (reader == null) {
            String next = "chat/" + query(request);
            response.sendRedirect("/?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        String roomText = request.getParameter("room");
        RoomKey room;
        try {
            room = roomText == null || roomText.isBlank() ? RoomKey.GLOBAL : RoomKey.parse(roomText);
        } catch (ChatException refused) {
            render(response, refused.status(), "problem.jte", Map.of("status", refused.status(),
                    "message", refused.getMessage()));
            return;
        }
        render(response, 200, "chat.jte", Map.of("reader", reader, "room", room));
    }

    private static String query(HttpServletRequest request) {
        return request.getQueryString() == null ? "" : "?" + request.getQueryString();
    }

    private void render(HttpServletResponse response, int status, String template, Map<String, Object> model)
            throws IOException {
        Utf8ByteOutput output = new Utf8ByteOutput();
        templates.render(template, model, output);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        // the page is the same for everyone but carries the reader's name: private, asked again each time
        response.setHeader("Cache-Control", "private, no-cache");
        response.setContentLength(output.getContentLength());
        output.writeTo(response.getOutputStream());
    }
}
