package org.codearena.web.interfaces.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.codearena.domain.model.PublicContent;

/**
 * The reads everyone makes the same (the languages, the public task list, a public task's page), served from
 * memory: the API's answer is kept as bytes (and gzipped once where that pays), with an ETag, and given again
 * without reaching JAX-RS, EJB, Hibernate or JSON-B, or answered 304 when the client already has it. An answer
 * is valid while this server's {@link PublicContent#generation()} stays the same (a task or language written
 * here) and for at most {@link #MAX_AGE_NANOS} (written on another server); when only its age has run out, one
 * request builds it again while the others are still given the old one. Only 200 answers to requests without a
 * query string are kept, so neither unknown slugs nor made-up parameters can fill memory.
 */
@WebFilter(urlPatterns = {"/api/v1/languages", "/api/v1/tasks", "/api/v1/tasks/*"}, asyncSupported = true)
public class HotReads extends HttpFilter {

    /** how long an answer may be given after it was built, whatever happened on other servers */
    static final long MAX_AGE_NANOS = 2_000_000_000L;
    /** answers larger than this are not kept */
    static final int MAX_BYTES = 1 << 20;
    /** at most this many answers are kept (a platform with more public tasks builds the rest per request) */
    static final int MAX_ENTRIES = 5_000;
    /** smaller answers are not worth compressing (compressed once, so the bar is low) */
    static final int GZIP_FROM_BYTES = 512;

    /** One kept answer. */
    record Answer(byte[] body, byte[] gzipped, String etag, String cacheControl, String contentType, long generation,
                  long builtAtNanos, AtomicBoolean rebuilding) {

        boolean sameGeneration(long current) {
            return generation == current;
        }

        boolean young(long now) {
            return now - builtAtNanos < MAX_AGE_NANOS;
        }
    }

    private static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean head = "HEAD".equals(request.getMethod());
        String path = request.getRequestURI();
        if (!(head || "GET".equals(request.getMethod())) || request.getQueryString() != null || !kept(path)) {
            chain.doFilter(request, response);
            return;
        }
        long generation = PublicContent.generation();
        Answer answer = ANSWERS.get(path);
        if (answer != null && answer.sameGeneration(generation)
                && (head || answer.young(System.nanoTime()) || !answer.rebuilding().compareAndSet(false, true))) {
            give(answer, request, response, head);
            return;
        }
        if (head) {
            // a HEAD's answer has no body to keep: it goes through as it is
            chain.doFilter(request, response);
            return;
        }
        Capture capture = new Capture(response);
        try {
            // the kept body is the plain one, whatever this client accepts (it gets the gzipped copy below)
            chain.doFilter(new PlainEncoding(request), capture);
        } finally {
            if (answer != null) {
                answer.rebuilding().set(false);
            }
        }
        byte[] body = capture.bytes();
        if (capture.getStatus() != HttpServletResponse.SC_OK || body.length > MAX_BYTES) {
            if (capture.getStatus() != HttpServletResponse.SC_OK) {
                ANSWERS.remove(path);
            }
            if (!response.isCommitted()) {
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
            return;
        }
        Answer built = new Answer(body, gzipped(body), etag(body), cacheControl(path), capture.getContentType(),
                generation, System.nanoTime(), new AtomicBoolean());
        if (ANSWERS.size() < MAX_ENTRIES || ANSWERS.containsKey(path)) {
            ANSWERS.put(path, built);
        }
        give(built, request, response, false);
    }

    /** The paths kept: the two lists and a task's own page (not what lies below it). */
    static boolean kept(String path) {
        int tasks = path.indexOf("/api/v1/tasks/");
        return tasks < 0 || path.indexOf('/', tasks + "/api/v1/tasks/".length()) < 0;
    }

    /**
     * Languages change with a release: a browser keeps them a minute. The task list and a task's page change
     * when an author publishes or edits: a browser asks each time and is answered 304 while they are the same.
     */
    static String cacheControl(String path) {
        return path.endsWith("/api/v1/languages") ? "public, max-age=60" : "public, no-cache";
    }

    private static void give(Answer answer, HttpServletRequest request, HttpServletResponse response, boolean head)
            throws IOException {
        response.setHeader("ETag", answer.etag());
        response.setHeader("Cache-Control", answer.cacheControl());
        response.setHeader("Vary", "Accept-Encoding");
        if (matches(request.getHeader("If-None-Match"), answer.etag())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(answer.contentType());
        byte[] body = answer.body();
        if (answer.gzipped() != null && acceptsGzip(request.getHeader("Accept-Encoding"))) {
            response.setHeader("Content-Encoding", "gzip");
            body = answer.gzipped();
        }
        response.setContentLength(body.length);
        if (!head) {
            ServletOutputStream out = response.getOutputStream();
            out.write(body);
        }
    }

    /** Whether an If-None-Match header names the tag (or is "*"); weak tags count (RFC 9110's weak comparison). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether Accept-Encoding allows gzip (not refused with q=0). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.strip().split(";");
            String coding = fields[0].strip();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                for (int i = 1; i < fields.length; i++) {
                    String parameter = fields[i].strip().replace(" ", "");
                    if (parameter.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body gzipped, or null when it is small or does not shrink by a tenth. */
    static byte[] gzipped(byte[] body) {
        if (body.length < GZIP_FROM_BYTES) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            return null;
        }
        byte[] compressed = out.toByteArray();
        return compressed.length * 10 < body.length * 9 ? compressed : null;
    }

    /** Forgets every kept answer (for tests and the ADMIN's cache switch). */
    static void clear() {
        ANSWERS.clear();
    }

    /** The request without its Accept-Encoding, so that what is kept is never encoded for one client. */
    private static final class PlainEncoding extends HttpServletRequestWrapper {

        PlainEncoding(HttpServletRequest request) {
            super(request);
        }

        private static boolean acceptEncoding(String name) {
            return "Accept-Encoding".equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return acceptEncoding(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return acceptEncoding(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !acceptEncoding(name)).toList());
        }
    }

    /** The response's body kept in memory; status and headers go through to the real response. */
    private static final class Capture extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        private ServletOutputStream stream;
        private PrintWriter writer;

        Capture(HttpServletResponse response) {
            super(response);
        }

        byte[] bytes() {
            if (writer != null) {
                writer.flush();
            }
            return buffer.toByteArray();
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (stream == null) {
                stream = new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new IllegalStateException("a kept answer is written at once");
                    }

                    @Override
                    public void write(int b) {
                        buffer.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        buffer.write(b, off, len);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String encoding = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), encoding == null
                        ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
            }
            return writer;
        }

        @Override
        public void setContentLength(int length) {
            // the real length is set when the body is given
        }

        @Override
        public void setContentLengthLong(long length) {
        }

        @Override
        public void flushBuffer() {
        }
    }
}
