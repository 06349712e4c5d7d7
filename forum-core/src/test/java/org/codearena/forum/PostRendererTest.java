package org.codearena.forum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostRendererTest {

    @Test
    void rawHtmlAndScriptsAreShownAsText() {
        String html = PostRenderer.toHtml("hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div onclick=x>a</div>");
        assertThat(html).doesNotContain("<script", "<img", "<div").contains("&lt;script&gt;", "&lt;img src=x");
    }

    @Test
    void linksAreNofollowUgcAndUnsafeTargetsAreDropped() {
        String html = PostRenderer.toHtml("[site](https://example.org) [bad](javascript:alert(1)) "
                + "[data](data:text/html;base64,PHNjcmlwdD4=) and https://bare.example.com");
        assertThat(html).contains("<a rel=\"nofollow ugc noopener\" href=\"https://example.org\">site</a>")
                .contains("href=\"https://bare.example.com\"")
                .doesNotContain("javascript:", "data:text/html");
        assertThat(html.split("<a ", -1)).allSatisfy(part -> {
            if (part.contains("href=")) {
                assertThat(part).contains("rel=\"nofollow ugc noopener\"");
            }
        });
    }

    @Test
    void imagesBecomeLinksThatLoadNothingByThemselves() {
        String html = PostRenderer.toHtml("![a cat](https://img.example.org/cat.png)");
        assertThat(html).doesNotContain("<img")
                .contains("<a rel=\"nofollow ugc noopener\" href=\"https://img.example.org/cat.png\">a cat</a>");
    }

    @Test
    void quotesAndCodeRenderAsMarkdown() {
        String html = PostRenderer.toHtml("alice wrote (#1):\n> use **binary** search\n\n```\nint x = 1 < 2;\n```");
        assertThat(html).contains("<blockquote>", "<strong>binary</strong>", "<code>int x = 1 &lt; 2;\n</code>");
    }
}
