package org.codearena.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a room: {@code global}, {@code contest:SLUG}, {@code task:SLUG}, {@code assessment:ID} or
 * {@code dm:A:B} (the two people's account ids, smaller first). Whatever does not parse is refused with a 400.
 */
public record RoomKey(Kind kind, String key, String ref) {

    public enum Kind { GLOBAL, CONTEST, TASK, ASSESSMENT, DIRECT }

    private static final Pattern FORM = Pattern.compile(
            "global|(contest|task):([a-z0-9][a-z0-9-]{0,63})|assessment:([1-9][0-9]{0,17})|dm:([1-9][0-9]{0,17}):([1-9][0-9]{0,17})");

    public static final RoomKey GLOBAL = new RoomKey(Kind.GLOBAL, "global", "");

    public static RoomKey parse(String text) {
        if (text == null) {
            throw new ChatException(400, "name a room: global, contest:SLUG, task:SLUG, assessment:ID or dm:A:B");
        }
        Matcher form = FORM.matcher(text.strip());
        if (!form.matches()) {
            throw new ChatException(400, "there is no room called '" + shorten(text)
                    + "'; rooms are named global, contest:SLUG, task:SLUG, assessment:ID or dm:A:B");
        }
        if (form.group(1) != null) {
            Kind kind = form.group(1).equals("contest") ? Kind.CONTEST : Kind.TASK;
            return new RoomKey(kind, form.group(1) + ":" + form.group(2), form.group(2));
        }
        if (form.group(3) != null) {
            return new RoomKey(Kind.ASSESSMENT, "assessment:" + form.group(3), form.group(3));
        }
        if (form.group(4) != null) {
            long a = Long.parseLong(form.group(4));
            long b = Long.parseLong(form.group(5));
            if (a >= b) {
                throw new ChatException(400, "a direct room is named dm:A:B with the smaller account id first, "
                        + "and two different people");
            }
            return direct(a, b);
        }
        return GLOBAL;
    }

    /** The direct room of two people, whichever of them asks. */
    public static RoomKey direct(long one, long other) {
        if (one == other) {
            throw new ChatException(400, "a direct conversation needs someone else");
        }
        long a = Math.min(one, other);
        long b = Math.max(one, other);
        return new RoomKey(Kind.DIRECT, "dm:" + a + ":" + b, a + ":" + b);
    }

    /** The push topic its frames are published on. */
    public String topic() {
        return "chat:" + key;
    }

    /** For a direct room: whether the account is one of its two people. */
    public boolean between(long accountId) {
        if (kind != Kind.DIRECT) {
            return false;
        }
        String[] ids = ref.split(":");
        return Long.parseLong(ids[0]) == accountId || Long.parseLong(ids[1]) == accountId;
    }

    /** For a direct room: the other person. */
    public long otherThan(long accountId) {
        String[] ids = ref.split(":");
        long a = Long.parseLong(ids[0]);
        return a == accountId ? Long.parseLong(ids[1]) : a;
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("[^\\p{Graph} ]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }
}
