package org.codearena.domain.model;

import java.util.concurrent.atomic.AtomicLong;
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
 * rows before the commit is not kept. Other servers are not told: their views also expire after a short age.
 */
public final class PublicContent {

    private static final AtomicLong GENERATION = new AtomicLong();

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


    /** Hibernate's post-commit listener for those entities. */
    public static final class Changes implements Integrator, PostCommitInsertEventListener,
            PostCommitUpdateEventListener, PostCommitDeleteEventListener {

        @Override
        public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
                              SessionFactoryImplementor sessionFactory) {
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
            return type == Task.class || type == TaskTest.class || type == Language.class;
        }

        // Hibernate calls every post-commit listener for every entity some listener asked for: only ours count

        @Override
        public void onPostInsert(PostInsertEvent event) {
            if (requiresPostCommitHandling(event.getPersister())) {
                changed();
            }
        }

        @Override
        public void onPostUpdate(PostUpdateEvent event) {
            if (requiresPostCommitHandling(event.getPersister())) {
                changed();
            }
        }

        @Override
        public void onPostDelete(PostDeleteEvent event) {
            if (requiresPostCommitHandling(event.getPersister())) {
                changed();
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
