package org.codearena.forumsso;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small formatting for the templates. The pages' script turns the times into the reader's own time zone. */
public final class Fmt {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    public static String when(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }

    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    public static String url(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    /**
     * A search result's snippet as HTML: the text escaped, then PostgreSQL's highlight markers (chosen so that no
     * escaping touches them) made into {@code <mark>}.
     */
    public static String snippet(String headline) {
        if (headline == null) {
            return "";
        }
        gg.jte.output.StringOutput out = new gg.jte.output.StringOutput(headline.length() + 32);
        gg.jte.html.escape.Escape.htmlContent(headline, out);
        return out.toString().replace("@@@[", "<mark>").replace("]@@@", "</mark>");
    }
}
