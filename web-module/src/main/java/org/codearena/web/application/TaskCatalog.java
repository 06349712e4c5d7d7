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

    public TaskDetail bySlug(String slug) {
        Task task = entityManager.createNamedQuery("Task.findBySlug", Task.class).setParameter("slug", slug)
                .getResultStream().filter(Task::isPublicTask).findFirst()
                .orElseThrow(() -> new UnknownTaskException(slug));
        List<TaskTest> tests = entityManager.createNamedQuery("TaskTest.findByTask", TaskTest.class)
                .setParameter("taskId", task.getId()).getResultList();
        return new TaskDetail(task, render(task), tests.stream().filter(TaskTest::isSample).toList(),
                tests.stream().mapToInt(TaskTest::getPoints).sum(), (int) tests.stream().filter(t -> !t.isSample()).count());
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
