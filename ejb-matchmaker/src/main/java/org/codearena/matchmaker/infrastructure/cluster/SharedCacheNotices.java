package org.codearena.matchmaker.infrastructure.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.codearena.domain.model.PublicContent;

/**
 * Keeps the caches of every server right: a change of a cached entity committed here (a task's new version, a
 * contest's new times) is announced on the cluster topic, and one announced by another server drops this server's
 * copies ({@link PublicContent}). The notices are not persistent: a server that misses one (restarting) starts with
 * empty caches anyway, and a notice lost in the broker leaves a copy until the cache's lifetime ends (ehcache.xml).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SharedCacheNotices {

    static final String TOPIC = "entity-changed";

    @EJB
    private ClusterNotices notices;

    @PostConstruct
    void connect() {
        ClusterNotices cluster = notices;
        cluster.listenText(TOPIC, PublicContent::changedOnPeer);
        PublicContent.announceWith(change -> cluster.announceText(TOPIC, change));
    }
}
