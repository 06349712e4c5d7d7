package org.codearena.forum;

import java.util.List;
import java.util.Map;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Posts' Markdown to HTML that is safe to put on a page: raw HTML in a post is shown as text, never run
 * ({@code escapeHtml}), {@code javascript:} and other unsafe link targets are dropped ({@code sanitizeUrls}), links
 * go only to http, https, mailto or this site, carry {@code rel="nofollow ugc"} (search engines do not count them; people posting links for that gain nothing)
 * and open no window that could reach back ({@code noopener}), and images load only on the reader's click (a post
 * cannot make every reader's browser fetch a stranger's URL).
 */
public final class PostRenderer {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(AutolinkExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> new UserContent())
            .build();

    private PostRenderer() {
    }

    public static String toHtml(String markdown) {
        Node document = PARSER.parse(markdown == null ? "" : markdown);
        // an image becomes a link to it: readers choose whether to fetch it
        document.accept(new org.commonmark.node.AbstractVisitor() {
            @Override
            public void visit(Image image) {
                Link link = new Link(image.getDestination(), image.getTitle());
                Node child = image.getFirstChild();
                while (child != null) {
                    Node next = child.getNext();
                    link.appendChild(child);
                    child = next;
                }
                if (link.getFirstChild() == null) {
                    link.appendChild(new org.commonmark.node.Text("image"));
                }
                image.insertBefore(link);
                image.unlink();
            }
        });
        return HTML.render(document);
    }

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^\\s*([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final java.util.Set<String> SAFE_SCHEMES = java.util.Set.of("http", "https", "mailto");

    /** a link to the web or a mail address, or one on this site: not javascript:, data:, vbscript: or the like */
    static boolean safe(String href) {
        java.util.regex.Matcher scheme = SCHEME.matcher(href);
        return !scheme.find() || SAFE_SCHEMES.contains(scheme.group(1).toLowerCase(java.util.Locale.ROOT));
    }

    private static final class UserContent implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof Link) {
                attributes.put("rel", "nofollow ugc noopener");
                String href = attributes.get("href");
                if (href != null && (href.isBlank() || !safe(href))) {
                    attributes.remove("href");
                }
            }
        }
    }
}
