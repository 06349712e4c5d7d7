package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.codearena.domain.model.task.Task;
import org.codearena.domain.model.task.TaskTest;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The public tasks: the list (from the second-level cache), and one task with its statement rendered from
 * Markdown to HTML (CommonMark; raw HTML in a statement is escaped and unsafe links are dropped, so a
 * statement cannot carry a script) and its sample tests.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class TaskCatalog {

    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    /** rendered statements by task id and statement (a changed statement renders again) */
    private static final Map<Long, Map.Entry<String, String>> RENDERED = new ConcurrentHashMap<>();

    public record TaskDetail(Task task, String statementHtml, List<TaskTest> samples, int points, int hiddenTests) {
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public List<Task> publicTasks() {
        return entityManager.createNamedQuery("Task.findPublic", Task.class).getResultList();
    }

    /** One test as a result page lists it: no input, no output. */
    /** @param group the test's group ('secret/group1'), or null for a task scored test by test */
    public record TestOutline(int ordinal, boolean sample, int points, String group) {
    }

    /** The task's test groups, in order (empty for a task scored test by test). */
    public List<org.codearena.domain.model.task.TaskTestGroup> groups(long taskId) {
        return entityManager.createNamedQuery("TaskTestGroup.findByTask", org.codearena.domain.model.task.TaskTestGroup.class)
                .setParameter("taskId", taskId).getResultList();
    }

    /** The task's tests in order, without their data. */
    public List<TestOutline> outline(long taskId) {
        return entityManager.createNamedQuery("TaskTest.outline", Object[].class).setParameter("taskId", taskId)
                .getResultList().stream().map(row -> new TestOutline((Integer) row[0], (Boolean) row[1], (Integer) row[2],
                        (String) row[3]))
                .toList();
    }

    /** How many tests a task has and what they are worth together. */
    public record TestTotals(int tests, int points) {
    }

    public TaskDetail bySlug(String slug) {
        return detail(publicTask(slug));
    }

    /** The page of any task (a draft, a private one): for those allowed to see it, checked by the caller. */
    public TaskDetail detail(Task task) {
        List<TaskTest> samples = entityManager.createNamedQuery("TaskTest.findSamples", TaskTest.class)
                .setParameter("taskId", task.getId()).getResultList();
        TestTotals totals = totals(task.getId());
        return new TaskDetail(task, render(task), samples, totals.points(), totals.tests() - samples.size());
    }

    /** The task's first example (the one its statement shows first), if it has any. */
    public java.util.Optional<TaskTest> firstSample(long taskId) {
        return entityManager.createNamedQuery("TaskTest.findSamples", TaskTest.class)
                .setParameter("taskId", taskId).setMaxResults(1).getResultStream().findFirst();
    }

    /** A task by its id (from the second-level cache): for what refers to tasks by id. */
    public Task task(long taskId) {
        return entityManager.find(Task.class, taskId);
    }

    /** The public task with the slug (from the second-level cache), or 404. */
    public Task publicTask(String slug) {
        return entityManager.createNamedQuery("Task.findBySlug", Task.class).setParameter("slug", slug)
                .getResultList().stream().filter(Task::isPublicTask).findFirst()
                .orElseThrow(() -> new UnknownTaskException(slug));
    }

    /**
     * A public task, or one the account owns (a draft, a private task), or for an ADMIN any task (a platform draft
     * they imported and try before publishing); 404 for anyone else's.
     */
    public Task visibleTask(String slug, long accountId, boolean admin) {
        return entityManager.createNamedQuery("Task.findBySlug", Task.class).setParameter("slug", slug)
                .getResultList().stream()
                .filter(task -> admin || task.isPublicTask() || Long.valueOf(accountId).equals(task.getOwnerId()))
                .findFirst().orElseThrow(() -> new UnknownTaskException(slug));
    }

    /** A task by its slug, published or not, public or private (for those who manage it). */
    public Task anyTask(String slug) {
        return entityManager.createNamedQuery("Task.findBySlug", Task.class).setParameter("slug", slug)
                .getResultList().stream().findFirst().orElseThrow(() -> new UnknownTaskException(slug));
    }

    /** The ids of the public tasks named in a request body: a 400 that names the first unknown one. */
    public List<Long> idsOf(List<String> slugs) {
        return idsOf(slugs, null);
    }

    /**
     * As {@link #idsOf(List)}, where a RECRUITER may also name their own published private tasks ({@code ownerId}
     * theirs; null: public tasks only).
     */
    public List<Long> idsOf(List<String> slugs, Long ownerId) {
        if (slugs == null || slugs.isEmpty()) {
            throw new InvalidRequestException("tasks is required: a list of tasks' short names (slugs, as in their pages' addresses)");
        }
        return slugs.stream().map(slug -> {
            String name = slug == null ? "" : slug.strip();
            if (ownerId != null) {
                java.util.Optional<Task> own = entityManager.createNamedQuery("Task.findBySlug", Task.class)
                        .setParameter("slug", name).getResultList().stream()
                        .filter(task -> ownerId.equals(task.getOwnerId())).findFirst();
                if (own.isPresent()) {
                    if (own.get().getStatus() != Task.Status.PUBLISHED) {
                        throw new InvalidRequestException("task '" + name + "' is still a draft: publish it first "
                                + "(its package must verify)");
                    }
                    return own.get().getId();
                }
            }
            try {
                return publicTask(name).getId();
            } catch (UnknownTaskException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        }).toList();
    }

    /** Counted in PostgreSQL: the tests' inputs are not read. */
    public TestTotals totals(long taskId) {
        Object[] row = entityManager.createNamedQuery("TaskTest.totals", Object[].class).setParameter("taskId", taskId)
                .getSingleResult();
        return new TestTotals(((Number) row[0]).intValue(), ((Number) row[1]).intValue());
    }

    /** An operator fixes one of a task's tests; returns it. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public TaskTest correctTest(String slug, int ordinal, String input, String expectedOutput, int points) {
        Task task = publicTask(slug);
        TaskTest test = entityManager.createNamedQuery("TaskTest.findByTask", TaskTest.class)
                .setParameter("taskId", task.getId()).getResultList().stream().filter(t -> t.getOrdinal() == ordinal)
                .findFirst().orElseThrow(() -> new InvalidRequestException("task '" + slug + "' has no test " + ordinal));
        if (input == null || expectedOutput == null || points < 0) {
            throw new InvalidRequestException("send {\"input\", \"expectedOutput\", \"points\"} with points of 0 or more");
        }
        test.correct(input, expectedOutput, points);
        return test;
    }

    /** A statement as a task page shows it (the editor's preview): the same safe rendering. */
    public static String renderStatement(String markdown) {
        return renderMarkdown(markdown);
    }

    static String renderMarkdown(String markdown) {
        return HTML.render(MARKDOWN.parse(markdown));
    }

    private static String render(Task task) {
        Map.Entry<String, String> cached = RENDERED.get(task.getId());
        if (cached != null && cached.getKey().equals(task.getStatementMarkdown())) {
            return cached.getValue();
        }
        String html = renderMarkdown(task.getStatementMarkdown());
        RENDERED.put(task.getId(), Map.entry(task.getStatementMarkdown(), html));
        return html;
    }
}
