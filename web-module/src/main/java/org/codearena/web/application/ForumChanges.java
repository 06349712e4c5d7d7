package org.codearena.web.application;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.codearena.forum.ForumCache;
import org.codearena.forum.ForumCommands.Changed;
import org.codearena.matchmaker.infrastructure.cluster.ClusterNotices;

/**
 * Tells the forum's caches what a committed write changed: here at once (the writer's next page shows it), and on
 * the other servers through the cluster topic (their readers see it as soon as the notice arrives, well within a
 * second). Called after the write's transaction has committed: a reader that loads before it keeps the old view
 * under the old generation, which nobody asks for any more.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ForumChanges {

    static final String THREAD = "forum-thread";
    static final String CATEGORY = "forum-category";

    @EJB
    private ClusterNotices cluster;

    @PostConstruct
    void listen() {
        cluster.listen(THREAD, ForumCache.get()::threadChanged);
        cluster.listen(CATEGORY, ForumCache.get()::categoryChanged);
    }

    public void committed(Changed changed) {
        if (changed.threadId() > 0) {
            ForumCache.get().threadChanged(changed.threadId());
            cluster.announce(THREAD, changed.threadId());
        }
        for (long category : changed.categoryIds()) {
            ForumCache.get().categoryChanged(category);
            cluster.announce(CATEGORY, category);
        }
    }
}
