package org.codearena.domain.model;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.codearena.domain.model.assessment.Assessment;
import org.codearena.domain.model.contest.Contest;
import org.codearena.domain.model.run.Language;
import org.codearena.domain.model.task.Task;
import org.codearena.domain.model.task.TaskTest;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostCommitDeleteEventListener;
import org.hibernate.event.spi.PostCommitInsertEventListener;
import org.hibernate.event.spi.PostCommitUpdateEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * What everyone reads the same (languages, public tasks and their pages) changes rarely; views of it kept in
 * memory (the web module's hot reads) are valid while this server's generation stays the same. Hibernate counts
 * the generation up when a task, a test or a language written through it has been committed (its post-commit
 * events, registered by {@link Changes}, found through {@code META-INF/services}), so a view built from the old
 * rows before the commit is not kept.
 *
 * <p>The other servers are told too, through the announcer the cluster sets ({@link #announceWith}: a notice on the
 * Artemis cluster topic): for every committed change of a task, a test, a language, an assessment or a contest (the
 * entities kept in the second-level cache), each other server counts its generation up, drops that entity from its
 * second-level cache and its cached query results ({@link #changedOnPeer}). A change made on one server is thereby
 * read changed on every other within the notice's trip (milliseconds), not after the cache's lifetime.
 */
public final class PublicContent {

    private static final Logger LOG = Logger.getLogger(PublicContent.class.getName());
    private static final AtomicLong GENERATION = new AtomicLong();
    /** tells the other servers "entity name#id" after a commit; nothing until the cluster is there */
    private static volatile Consumer<String> announcer = text -> {
    };
    private static volatile SessionFactoryImplementor sessionFactory;

    private PublicContent() {
    }

    /** The current generation: a view built after reading it is valid while it stays the same. */
    public static long generation() {
        return GENERATION.get();
    }

    /** Something public changed (also for writes Hibernate does not see, such as SQL of one's own). */
    public static void changed() {
        GENERATION.incrementAndGet();
    }

    /** How this server tells the others of a committed change ("entity name#id"). */
    public static void announceWith(Consumer<String> peers) {
        announcer = peers;
    }

    /** Another server committed a change of this entity ("entity name#id"): its views and cached copies go. */
    public static void changedOnPeer(String change) {
        int hash = change.indexOf('#');
        if (hash <= 0) {
            return;
        }
        SessionFactoryImplementor factory = sessionFactory;
        if (factory != null) {
            String entityName = change.substring(0, hash);
            try {
                Long id = Long.valueOf(change.substring(hash + 1));
                if (factory.getMappingMetamodel().getEntityDescriptor(entityName).canWriteToCache()) {
                    factory.getCache().evictEntityData(entityName, id);
                }
                // cached query results (the public task list, the languages) were checked against this server's
                // update times, which another server's commit did not move
                factory.getCache().evictQueryRegions();
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=peer-change-not-applied change=" + change + " error=" + e);
            }
        }
        // after the eviction: a view rebuilt for the new generation reads the row, not the cached copy
        GENERATION.incrementAndGet();
    }

    private static void committed(EntityPersister persister, Object id) {
        if (isPublic(persister.getMappedClass())) {
            changed();
        }
        String change = persister.getEntityName() + "#" + id;
        try {
            announcer.accept(change);
        } catch (RuntimeException e) {
            // committed already: the other servers' copies expire with their cache's lifetime instead
            LOG.warning(() -> "event=change-not-announced change=" + change + " error=" + e);
        }
    }

    private static boolean isPublic(Class<?> type) {
        return type == Task.class || type == TaskTest.class || type == Language.class;
    }


    /** Hibernate's post-commit listener for those entities. */
    public static final class Changes implements Integrator, PostCommitInsertEventListener,
            PostCommitUpdateEventListener, PostCommitDeleteEventListener {

        @Override
        public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
                              SessionFactoryImplementor sessionFactory) {
            PublicContent.sessionFactory = sessionFactory;
            EventListenerRegistry listeners = sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class);
            listeners.appendListeners(EventType.POST_COMMIT_INSERT, this);
            listeners.appendListeners(EventType.POST_COMMIT_UPDATE, this);
            listeners.appendListeners(EventType.POST_COMMIT_DELETE, this);
        }

        @Override
        public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
        }

        @Override
        public boolean requiresPostCommitHandling(EntityPersister persister) {
            Class<?> type = persister.getMappedClass();
            return isPublic(type) || type == Assessment.class || type == Contest.class;
        }

        // Hibernate calls every post-commit listener for every entity some listener asked for: only ours count

        @Override
        public void onPostInsert(PostInsertEvent event) {
            if (requiresPostCommitHandling(event.getPersister())) {
                committed(event.getPersister(), event.getId());
            }
        }

        @Override
        public void onPostUpdate(PostUpdateEvent event) {
            if (requiresPostCommitHandling(event.getPersister())) {
                committed(event.getPersister(), event.getId());
            }
        }

        @Override
        public void onPostDelete(PostDeleteEvent event) {
            if (requiresPostCommitHandling(event.getPersister())) {
                committed(event.getPersister(), event.getId());
            }
        }

        @Override
        public void onPostInsertCommitFailed(PostInsertEvent event) {
        }

        @Override
        public void onPostUpdateCommitFailed(PostUpdateEvent event) {
        }

        @Override
        public void onPostDeleteCommitFailed(PostDeleteEvent event) {
        }
    }
}
