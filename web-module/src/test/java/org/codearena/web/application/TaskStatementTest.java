package org.codearena.web.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskStatementTest {

    @Test
    void markdownBecomesHtml() {
        assertThat(TaskCatalog.renderMarkdown("# Title\n\nSome *text* and `code`."))
                .isEqualTo("<h1>Title</h1>\n<p>Some <em>text</em> and <code>code</code>.</p>\n");
    }

    @Test
    void aStatementCannotCarryAScript() {
        String html = TaskCatalog.renderMarkdown("<script>alert(1)</script>\n\n[click](javascript:alert(1))"
                + " <img src=x onerror=alert(1)>");

        assertThat(html).doesNotContain("<script").doesNotContain("javascript:").doesNotContain("<img");
        assertThat(html).contains("&lt;script&gt;");
    }
}
