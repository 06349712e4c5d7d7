package org.codearena.push;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Topics that sockets subscribe to ("user:ID" for a person's runs and submissions, "contest:SLUG" for a
 * leaderboard, "room:ID" for a chat room, …). A message published on a topic becomes one frame, made once, with the
 * topic and its next sequence number in front ({"topic": "…", "seq": 17, …}), and is offered to every subscriber's
 * {@link Outbox}: no send waits for any socket. The topic keeps its last frames (a few minutes' worth) so that a
 * client that lost its socket resumes from the last sequence it saw and misses nothing; when it has been away too
 * long, or comes back to a server that does not know its place, it is told to reload ({"type": "reset"}).
 *
 * <p>One instance per application (this class sits in the EAR's lib): the web module's socket and the chat share it.
 */
public final class PushTopics {

    private static final PushTopics INSTANCE = new PushTopics(500, 180_000, System::currentTimeMillis);

    public static PushTopics get() {
        return INSTANCE;
    }

    /** The topic of what only one person may see (their runs, acknowledgements, mentions). */
    public static String userTopic(long accountId) {
        return "user:" + accountId;
    }

    private record Frame(long seq, long at, String text) {
    }

    private static final class Topic {
        private final String name;
        private final String prefix;
        private long seq;
        private final ArrayDeque<Frame> recent = new ArrayDeque<>();
        private final Set<Outbox> subscribers = ConcurrentHashMap.newKeySet();

        Topic(String name, long base) {
            this.name = name;
            this.prefix = "{\"topic\":" + quoted(name) + ",\"seq\":";
            this.seq = base;
        }
    }

    /** What a subscription found: the frames replayed, or that the client must reload (its place is unknown). */
    public record Subscribed(long seq, int replayed, boolean reset) {
    }

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<Outbox, Set<String>> subscriptions = new ConcurrentHashMap<>();
    private final int keepFrames;
    private final long keepMillis;
    private final LongSupplier clock;

    PushTopics(int keepFrames, long keepMillis, LongSupplier clock) {
        this.keepFrames = keepFrames;
        this.keepMillis = keepMillis;
        this.clock = clock;
    }

    /**
     * Publishes a JSON object (its text) on a topic: made into one frame with the topic and sequence in front, kept
     * for resuming, offered to every subscriber in sequence order. Returns the sequence number.
     */
    public long publish(String topicName, String jsonObject) {
        while (true) {
            Long seq = publishOn(topics.computeIfAbsent(topicName, this::newTopic), jsonObject);
            if (seq != null) {
                return seq;
            }
        }
    }

    private static void deliver(Topic topic, String frame, java.util.Collection<Outbox> subscribers) {
        for (Outbox subscriber : subscribers) {
            if (!subscriber.offer(frame)) {
                topic.subscribers.remove(subscriber);
            }
        }
    }

    /** One broadcast's frame for one lane's share of the subscribers, worked through in order. */
    private static final class Delivery {
        private final Topic topic;
        private final String frame;
        private final List<Outbox> to;
        /** the next subscriber to offer the frame: advanced only by the runner that owns the lane */
        private int next;

        Delivery(Topic topic, String frame, List<Outbox> to) {
            this.topic = topic;
            this.frame = frame;
            this.to = to;
        }
    }

    /**
     * Lanes of delivery: each a queue of deliveries worked through one after the other by a runner on the executor,
     * the lanes side by side. A broadcast to 19,000 sockets costs tens of microseconds per socket: in lanes it uses
     * every core, and the thread that published (a socket's reader, a result's consumer) goes on at once.
     *
     * <p>Sockets are written directly (the blocking send, which returns at once while the socket's send buffer has
     * room). A watchdog looks at each lane every {@code stallMillis / 2}: a runner whose write has not returned within
     * {@code stallMillis} (seen so on two watches in a row) is left to it, that socket is demoted to asynchronous
     * writes ({@link Outbox#demote}), and a new runner carries on with the lane from the next subscriber. So one
     * reader that stopped reading costs the others in its lane at most about 2 × {@code stallMillis}, once. Runners
     * left in stuck writes are counted; beyond {@code maxParked} the stuck socket is closed as well (which ends its
     * write), so that readers who stop cannot pile up threads.
     */
    private static final class Lanes {
        private static final int RUNNING = 0;
        private static final int WRITING = 1;
        private static final int SUPERSEDED = 2;

        private final java.util.concurrent.Executor executor;
        private final Lane[] lanes;
        private final long stallMillis;
        private final int maxParked;
        private final LongSupplier clock;
        private final long closeParkedMillis;
        /** runners left in a stuck write: closed as slow readers when stuck longer than {@code closeParkedMillis} */
        private final Set<Runner> parked = ConcurrentHashMap.newKeySet();

        private static final class Lane {
            private final java.util.concurrent.ConcurrentLinkedQueue<Delivery> queue =
                    new java.util.concurrent.ConcurrentLinkedQueue<>();
            private final java.util.concurrent.atomic.AtomicBoolean running =
                    new java.util.concurrent.atomic.AtomicBoolean();
            /** the runner working this lane, or null */
            private volatile Runner runner;
            /** the delivery in progress: handed from a runner left in a stuck write to the next */
            private Delivery current;
            /** the watchdog's: the runner and write it last found past the bound (a second sighting hands over) */
            private Runner sightedRunner;
            private long sightedWrite;
        }

        private final class Runner implements Runnable {
            private final Lane lane;
            /** run on the executor under the watchdog; a runner run inline (the executor refused) writes async */
            private final boolean watched;
            private final java.util.concurrent.atomic.AtomicInteger state =
                    new java.util.concurrent.atomic.AtomicInteger(RUNNING);
            private volatile long writingSince;
            private volatile Outbox writingTo;
            /** writes begun: tells the watchdog whether the write it sees is the one it saw last time */
            private volatile long writes;

            Runner(Lane lane, boolean watched) {
                this.lane = lane;
                this.watched = watched;
            }

            @Override
            public void run() {
                lane.runner = this;
                while (true) {
                    Delivery delivery = lane.current;
                    if (delivery == null) {
                        delivery = lane.queue.poll();
                        if (delivery == null) {
                            lane.runner = null;
                            lane.running.set(false);
                            // a delivery added after the last poll and before the flag fell: take it (or its adder did)
                            if (lane.queue.isEmpty() || !lane.running.compareAndSet(false, true)) {
                                return;
                            }
                            lane.runner = this;
                            continue;
                        }
                        lane.current = delivery;
                    }
                    while (delivery.next < delivery.to.size()) {
                        Outbox subscriber = delivery.to.get(delivery.next++);
                        writingTo = subscriber;
                        writingSince = clock.getAsLong();
                        writes++;
                        state.set(WRITING);
                        boolean open;
                        try {
                            open = watched ? subscriber.offerDirect(delivery.frame) : subscriber.offer(delivery.frame);
                        } catch (RuntimeException e) {
                            java.util.logging.Logger.getLogger(PushTopics.class.getName())
                                    .warning(() -> "event=push-delivery-failed error=" + e);
                            open = true;
                        }
                        if (!open) {
                            delivery.topic.subscribers.remove(subscriber);
                        }
                        if (!state.compareAndSet(WRITING, RUNNING)) {
                            // the watchdog gave the lane to another runner while this write was stuck
                            parked.remove(this);
                            return;
                        }
                    }
                    lane.current = null;
                }
            }
        }

        Lanes(java.util.concurrent.Executor executor, int count, long stallMillis, int maxParked,
                long closeParkedMillis, LongSupplier clock) {
            this.executor = executor;
            this.closeParkedMillis = closeParkedMillis;
            this.lanes = new Lane[count];
            for (int i = 0; i < count; i++) {
                lanes[i] = new Lane();
            }
            this.stallMillis = stallMillis;
            this.maxParked = maxParked;
            this.clock = clock;
        }

        int count() {
            return lanes.length;
        }

        void submit(int index, Delivery delivery) {
            Lane lane = lanes[index];
            lane.queue.add(delivery);
            if (lane.running.compareAndSet(false, true)) {
                start(lane);
            }
        }

        private void start(Lane lane) {
            try {
                executor.execute(new Runner(lane, true));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the server is stopping: deliver here rather than leave the lane waiting (this thread may hold a
                // topic's lock and nobody watches it: asynchronous writes only)
                new Runner(lane, false).run();
            }
        }

        /**
         * Hands every lane whose write is stuck to a new runner; returns how many were. A write is stuck when two
         * watches in a row find the same write past the bound: a pause of the whole server (a collection) that makes
         * a healthy write look long once is not taken for a reader that stopped. Then closes, as slow readers, the
         * sockets whose writes have kept a runner stuck longer than {@code closeParkedMillis} (their room may have
         * gone quiet: nothing else would notice), which ends those writes and frees the threads.
         */
        synchronized int watch() {
            int stuck = 0;
            try {
                long now = clock.getAsLong();
                for (Lane lane : lanes) {
                    Runner runner = lane.runner;
                    if (runner == null) {
                        continue;
                    }
                    long write = runner.writes;
                    if (runner.state.get() != WRITING || now - runner.writingSince < stallMillis) {
                        lane.sightedRunner = null;
                        continue;
                    }
                    if (lane.sightedRunner != runner || lane.sightedWrite != write) {
                        lane.sightedRunner = runner;
                        lane.sightedWrite = write;
                        continue;
                    }
                    lane.sightedRunner = null;
                    Outbox slow = runner.writingTo;
                    if (runner.state.compareAndSet(WRITING, SUPERSEDED)) {
                        stuck++;
                        parked.add(runner);
                        // the lane goes on first: whatever happens to the stuck socket
                        start(lane);
                        slow.demote(parked.size() > maxParked);
                    }
                }
                for (Runner runner : parked) {
                    if (now - runner.writingSince > closeParkedMillis) {
                        runner.writingTo.closeAsSlow("a write has waited " + (now - runner.writingSince) + " ms");
                    }
                }
            } catch (RuntimeException e) {
                // a failed watch must not end the watching (a scheduled task that throws is not run again)
                java.util.logging.Logger.getLogger(PushTopics.class.getName())
                        .warning(() -> "event=push-watch-failed error=" + e);
            }
            return stuck;
        }

        int parked() {
            return parked.size();
        }
    }

    private volatile Lanes lanes;

    /**
     * From now on deliveries run in {@code count} lanes on the executor (the server's threads) instead of on the
     * publisher's thread, watched every {@code stallMillis / 2} ms on the scheduler (see {@link Lanes}). Each
     * socket's frames stay in order: a socket always goes through the same lane. Returns the watch's handle (to cancel
     * it when the application stops). A write left stuck longer than {@code closeParkedMillis} has its socket closed
     * as a slow reader.
     */
    public java.util.concurrent.ScheduledFuture<?> deliverInLanes(java.util.concurrent.Executor executor, int count,
            java.util.concurrent.ScheduledExecutorService watchdog, long stallMillis, int maxParked,
            long closeParkedMillis) {
        if (count < 1 || executor == null || watchdog == null) {
            throw new IllegalArgumentException("lanes need an executor, a watchdog and at least one lane");
        }
        Lanes made = new Lanes(executor, count, stallMillis, maxParked, closeParkedMillis, clock);
        lanes = made;
        long every = Math.max(1, stallMillis / 2);
        return watchdog.scheduleWithFixedDelay(made::watch, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Runs one watch of the lanes now (the scheduler does this every few milliseconds); returns the stuck lanes. */
    int watchLanes() {
        Lanes using = lanes;
        return using == null ? 0 : using.watch();
    }

    /** Runners left in stuck writes now. */
    int parkedWrites() {
        Lanes using = lanes;
        return using == null ? 0 : using.parked();
    }

    /** Publishes on the topic, or returns null when a sweep dropped it meanwhile (the caller takes the new one). */
    private Long publishOn(Topic topic, String jsonObject) {
        synchronized (topic) {
            if (topics.get(topic.name) != topic) {
                return null;
            }
            long seq = ++topic.seq;
            String body = jsonObject.strip();
            String frame = topic.prefix + seq + (body.length() > 2 ? "," + body.substring(1) : "}");
            long now = clock.getAsLong();
            topic.recent.addLast(new Frame(seq, now, frame));
            trim(topic, now);
            Lanes using = lanes;
            if (using == null) {
                deliver(topic, frame, topic.subscribers);
            } else {
                // the subscribers as they are now, split by a number each socket keeps for life: every socket's
                // frames go through one lane, in order, and the lanes write in parallel, off this thread
                List<List<Outbox>> buckets = new ArrayList<>(using.count());
                for (int i = 0; i < using.count(); i++) {
                    buckets.add(new ArrayList<>());
                }
                for (Outbox subscriber : topic.subscribers) {
                    buckets.get(Math.floorMod(System.identityHashCode(subscriber), using.count())).add(subscriber);
                }
                for (int i = 0; i < using.count(); i++) {
                    List<Outbox> bucket = buckets.get(i);
                    if (!bucket.isEmpty()) {
                        using.submit(i, new Delivery(topic, frame, bucket));
                    }
                }
            }
            return seq;
        }
    }

    /**
     * Subscribes a socket to a topic. With {@code after} (the last sequence the client saw on this topic) the frames
     * it missed are sent first, in order; when they are no longer kept, or the client's place is unknown here, it is
     * sent a reset instead. Either way it is then sent every new frame, and first a frame that says where the topic
     * stands ({"type": "subscribed" or "reset", "seq": n}).
     */
    public Subscribed subscribe(String topicName, Outbox outbox, Long after) {
        subscriptions.computeIfAbsent(outbox, o -> ConcurrentHashMap.newKeySet()).add(topicName);
        while (true) {
            Subscribed done = subscribeOn(topics.computeIfAbsent(topicName, this::newTopic), outbox, after);
            if (done != null) {
                return done;
            }
        }
    }

    /** Subscribes to the topic, or returns null when a sweep dropped it meanwhile (the caller takes the new one). */
    private Subscribed subscribeOn(Topic topic, Outbox outbox, Long after) {
        synchronized (topic) {
            if (topics.get(topic.name) != topic) {
                return null;
            }
            trim(topic, clock.getAsLong());
            int replayed = 0;
            boolean reset = false;
            if (after != null && after < topic.seq) {
                Frame oldest = topic.recent.peekFirst();
                if (after < 0 || oldest == null || oldest.seq() > after + 1) {
                    reset = true;
                } else {
                    for (Frame frame : topic.recent) {
                        if (frame.seq() > after) {
                            outbox.offer(frame.text());
                            replayed++;
                        }
                    }
                }
            } else if (after != null && after > topic.seq) {
                // a place this server never gave: another server's, or one from before a restart
                reset = true;
            }
            outbox.offer(topic.prefix + topic.seq + ",\"type\":\"" + (reset ? "reset" : "subscribed") + "\"}");
            topic.subscribers.add(outbox);
            return new Subscribed(topic.seq, replayed, reset);
        }
    }

    /**
     * A topic numbers its frames from the moment it was made (milliseconds × 1,000, exact in a browser's numbers): a
     * place given by this server before a restart, or by another server, or by this topic before it was swept, is
     * one it does not hold, and the client is told to reload rather than given a wrong replay.
     */
    private Topic newTopic(String topicName) {
        return new Topic(topicName, clock.getAsLong() * 1_000);
    }

    public void unsubscribe(String topicName, Outbox outbox) {
        Topic topic = topics.get(topicName);
        if (topic != null) {
            topic.subscribers.remove(outbox);
        }
        Set<String> names = subscriptions.get(outbox);
        if (names != null) {
            names.remove(topicName);
        }
    }

    /** The socket is gone: it leaves every topic. */
    public void remove(Outbox outbox) {
        Set<String> names = subscriptions.remove(outbox);
        if (names == null) {
            return;
        }
        for (String name : names) {
            Topic topic = topics.get(name);
            if (topic != null) {
                topic.subscribers.remove(outbox);
            }
        }
    }

    /** The topics this socket is subscribed to. */
    public Set<String> topicsOf(Outbox outbox) {
        Set<String> names = subscriptions.get(outbox);
        return names == null ? Set.of() : Set.copyOf(names);
    }

    /** Whether the topic has subscribers, or frames kept for those who come back: worth publishing on. */
    public boolean known(String topicName) {
        return topics.containsKey(topicName);
    }

    public int subscribers(String topicName) {
        Topic topic = topics.get(topicName);
        return topic == null ? 0 : topic.subscribers.size();
    }

    /** Drops the topics nobody listens to whose last frame is older than the replay window. */
    public int sweep() {
        long now = clock.getAsLong();
        List<String> idle = new ArrayList<>();
        topics.forEach((name, topic) -> {
            synchronized (topic) {
                trim(topic, now);
                if (topic.subscribers.isEmpty() && topic.recent.isEmpty()) {
                    idle.add(name);
                }
            }
        });
        for (String name : idle) {
            topics.computeIfPresent(name, (n, topic) -> {
                synchronized (topic) {
                    return topic.subscribers.isEmpty() && topic.recent.isEmpty() ? null : topic;
                }
            });
        }
        return idle.size();
    }

    public int topicCount() {
        return topics.size();
    }

    private void trim(Topic topic, long now) {
        while (topic.recent.size() > keepFrames
                || (!topic.recent.isEmpty() && now - topic.recent.peekFirst().at() > keepMillis)) {
            topic.recent.removeFirst();
        }
    }

    /**
     * Topic names are ours ("user:42", "contest:spring-cup", "chat:dm:3:9"): plain, so that they go into JSON as they
     * are.
     */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z]+(:[A-Za-z0-9_.:-]{1,140})?");

    static String quoted(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a topic name: " + name);
        }
        return '"' + name + '"';
    }
}
