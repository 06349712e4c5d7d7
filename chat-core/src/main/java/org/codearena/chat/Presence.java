package org.codearena.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Who is in which room: the people with a socket in it on this server (each counted once however many tabs they
 * have), and what the other servers last said of theirs. Changes mark the room, and the rooms' summaries go out at
 * most once a second, and less often in a big room ({@link #drainDue}): a room of 19,000 sockets that gains 1,000 a
 * second sends one summary every 9.5 s, not 1,000 lists (each summary is a write to every socket in the room).
 */
public final class Presence {

    /** How many names a summary carries (the count covers everyone). */
    public static final int SAMPLE = 50;

    private record Member(String username, int sockets) {
    }

    /** What another server said of a room: how many, a sample of who, when. */
    private record Remote(int count, Map<Long, String> sample, long at) {
    }

    /** Who is here, as a page shows it. */
    public record Summary(String room, int count, List<String> names) {
    }

    private final Map<String, Map<Long, Member>> local = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Remote>> remote = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** when each room's summary last went out */
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final long remoteMillis;

    /** @param remoteMillis how long another server's word counts without being said again */
    public Presence(long remoteMillis) {
        this.remoteMillis = remoteMillis;
    }

    /** A socket of the person entered the room; true when they were not here before (on this server). */
    public boolean join(String room, long accountId, String username) {
        boolean[] first = {false};
        local.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).compute(accountId, (id, member) -> {
            first[0] = member == null;
            return member == null ? new Member(username, 1) : new Member(member.username(), member.sockets() + 1);
        });
        if (first[0]) {
            changed.add(room);
        }
        return first[0];
    }

    /** A socket of the person left the room; true when it was their last one here. */
    public boolean leave(String room, long accountId) {
        boolean[] last = {false};
        local.computeIfPresent(room, (r, members) -> {
            members.computeIfPresent(accountId, (id, member) -> {
                if (member.sockets() <= 1) {
                    last[0] = true;
                    return null;
                }
                return new Member(member.username(), member.sockets() - 1);
            });
            return members.isEmpty() ? null : members;
        });
        if (last[0]) {
            changed.add(room);
        }
        return last[0];
    }

    public boolean isHere(String room, long accountId) {
        Map<Long, Member> members = local.get(room);
        return members != null && members.containsKey(accountId);
    }

    /** What another server says of a room (its whole count and a sample). */
    public void remote(String room, String server, int count, Map<Long, String> sample, long nowMillis) {
        if (count <= 0) {
            Map<String, Remote> servers = remote.get(room);
            if (servers != null && servers.remove(server) != null) {
                changed.add(room);
            }
            return;
        }
        Remote before = remote.computeIfAbsent(room, r -> new ConcurrentHashMap<>())
                .put(server, new Remote(count, Map.copyOf(sample), nowMillis));
        if (before == null || before.count() != count || !before.sample().equals(sample)) {
            changed.add(room);
        }
    }

    /** Forgets what servers that stopped speaking said (a server that died takes its people with it). */
    public void expire(long nowMillis) {
        remote.forEach((room, servers) -> {
            if (servers.values().removeIf(said -> said.at() < nowMillis - remoteMillis)) {
                changed.add(room);
            }
        });
        remote.values().removeIf(Map::isEmpty);
        sentAt.values().removeIf(at -> at < nowMillis - LONGEST_MILLIS);
    }

    /** The longest a changed room's summary waits. */
    public static final long LONGEST_MILLIS = 10_000;

    /**
     * How long a room's summary waits after its last one, by how many sockets listen: a second up to 2,000, then
     * long enough that its summaries cost at most 2,000 writes a second (9.5 s for 19,000), at most
     * {@value #LONGEST_MILLIS} ms. A join storm into a big room otherwise spends its server on telling everyone who
     * came (19,000 writes a second, half of this machine), not on letting people in.
     */
    public static long summaryEveryMillis(int listeners) {
        return Math.min(LONGEST_MILLIS, Math.max(1_000, listeners / 2));
    }

    /**
     * The changed rooms whose summary is due now ({@link #summaryEveryMillis} after the last); the others stay
     * changed until their turn.
     */
    public Set<String> drainDue(long nowMillis, ToIntFunction<String> listeners) {
        Set<String> due = new HashSet<>();
        for (String room : changed) {
            Long last = sentAt.get(room);
            if ((last == null || nowMillis - last >= summaryEveryMillis(listeners.applyAsInt(room)))
                    && changed.remove(room)) {
                due.add(room);
                sentAt.put(room, nowMillis);
            }
        }
        return due;
    }

    /** The rooms with someone here on this server. */
    public Set<String> localRooms() {
        return Set.copyOf(local.keySet());
    }

    public int localCount(String room) {
        Map<Long, Member> members = local.get(room);
        return members == null ? 0 : members.size();
    }

    /** This server's people in the room: ids and names, at most {@value #SAMPLE}. */
    public Map<Long, String> localSample(String room) {
        Map<Long, String> sample = new LinkedHashMap<>();
        Map<Long, Member> members = local.get(room);
        if (members != null) {
            for (Map.Entry<Long, Member> each : members.entrySet()) {
                if (sample.size() >= SAMPLE) {
                    break;
                }
                sample.put(each.getKey(), each.getValue().username());
            }
        }
        return sample;
    }

    /** Everyone in the room, on every server: the count, and up to {@value #SAMPLE} names in order. */
    public Summary summary(String room) {
        Map<Long, String> names = new LinkedHashMap<>(localSample(room));
        int count = localCount(room);
        Map<String, Remote> servers = remote.getOrDefault(room, Map.of());
        for (Remote said : servers.values()) {
            int overlap = 0;
            for (Map.Entry<Long, String> each : said.sample().entrySet()) {
                if (names.containsKey(each.getKey())) {
                    overlap++;
                } else if (names.size() < SAMPLE) {
                    names.put(each.getKey(), each.getValue());
                }
            }
            // a person with sockets on two servers is one person (as far as the samples show)
            count += said.count() - overlap;
        }
        List<String> sorted = new ArrayList<>(names.values());
        sorted.sort(Comparator.comparing(String::toLowerCase));
        return new Summary(room, count, sorted);
    }
}
