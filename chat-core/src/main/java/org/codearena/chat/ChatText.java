package org.codearena.chat;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a message may say: plain text of at most {@value #MAX_CHARS} characters, kept as typed (the pages show it as
 * text, never as HTML, so markup in it stays inert). Control characters other than line breaks and tabs are
 * dropped; at most {@value #MAX_LINES} lines.
 */
public final class ChatText {

    public static final int MAX_CHARS = 2000;
    public static final int MAX_LINES = 40;
    public static final int MAX_MENTIONS = 10;
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([\\p{L}\\p{N}_.-]{2,32})");

    private ChatText() {
    }

    /** The text as it will be stored, or a 400 that says what is wrong with it. */
    public static String clean(String text) {
        if (text == null || text.isBlank()) {
            throw new ChatException(400, "a message needs some text");
        }
        String normal = Normalizer.normalize(text, Normalizer.Form.NFC).replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder kept = new StringBuilder(normal.length());
        normal.codePoints().forEach(point -> {
            if (point == '\n' || point == '\t' || !(Character.isISOControl(point)
                    || Character.getType(point) == Character.FORMAT && point != 0x200D)) {
                kept.appendCodePoint(point);
            }
        });
        String result = kept.toString().strip();
        if (result.isEmpty()) {
            throw new ChatException(400, "a message needs some text");
        }
        if (result.length() > MAX_CHARS) {
            throw new ChatException(413, "a message can be at most " + MAX_CHARS + " characters long (this one has "
                    + result.length() + "); share longer code through a run's link or the forum");
        }
        if (result.lines().count() > MAX_LINES) {
            throw new ChatException(413, "a message can have at most " + MAX_LINES
                    + " lines; share longer code through a run's link or the forum");
        }
        return result;
    }

    /** The names mentioned with @name, in order, each once, at most {@value #MAX_MENTIONS}. */
    public static Set<String> mentions(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher mention = MENTION.matcher(text);
        while (mention.find() && names.size() < MAX_MENTIONS) {
            String name = mention.group(1);
            while (name.endsWith(".") || name.endsWith("-")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.length() >= 2) {
                names.add(name);
            }
        }
        return names;
    }

    /** The first words of a message, for a notification. */
    public static String excerpt(String text, int chars) {
        String line = text.replace('\n', ' ');
        return line.length() <= chars ? line : line.substring(0, chars - 1) + "…";
    }
}
