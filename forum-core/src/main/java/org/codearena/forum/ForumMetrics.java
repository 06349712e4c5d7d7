package org.codearena.forum;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the forum's pages cost, counted as they are served: page views, the SQL statements they sent (counted by
 * Hibernate's statement inspector on the request's thread), answers of 304 Not Modified, and the requests the
 * platform's login endpoints received (the single sign-on's round trips: a forum page view must cause none).
 */
public final class ForumMetrics {

    private static final LongAdder PAGE_VIEWS = new LongAdder();
    private static final LongAdder STATEMENTS = new LongAdder();
    private static final LongAdder NOT_MODIFIED = new LongAdder();
    private static final LongAdder SIGNED_IN_VIEWS = new LongAdder();
    private static final LongAdder LOGIN_REQUESTS = new LongAdder();

    private ForumMetrics() {
    }

    public static void pageServed(int statements, boolean notModified, boolean signedIn) {
        PAGE_VIEWS.increment();
        STATEMENTS.add(statements);
        if (notModified) {
            NOT_MODIFIED.increment();
        }
        if (signedIn) {
            SIGNED_IN_VIEWS.increment();
        }
    }

    /** a request reached one of the platform's login endpoints (/api/v1/auth/…) */
    public static void loginRequest() {
        LOGIN_REQUESTS.increment();
    }

    public static Map<String, Object> snapshot() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("pageViews", PAGE_VIEWS.sum());
        view.put("signedInPageViews", SIGNED_IN_VIEWS.sum());
        view.put("statements", STATEMENTS.sum());
        view.put("notModified", NOT_MODIFIED.sum());
        view.put("loginRequests", LOGIN_REQUESTS.sum());
        view.put("signedInSessions", SignedInDirectory.size());
        view.put("cacheEnabled", ForumCache.get().enabled());
        view.put("cacheHits", ForumCache.get().hits());
        view.put("cacheMisses", ForumCache.get().misses());
        return view;
    }
}
