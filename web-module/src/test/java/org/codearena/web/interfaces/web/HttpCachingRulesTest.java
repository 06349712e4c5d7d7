package org.codearena.web.interfaces.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class HttpCachingRulesTest {

    @Test
    void contentNamedFilesAreImmutableEverythingElseIsRevalidated() {
        assertThat(StaticCaching.cacheControl("/assets/editor-H7UXOVNI.js")).isEqualTo(StaticCaching.IMMUTABLE);
        assertThat(StaticCaching.cacheControl("/assets/chunks/ruby-AOLRBPE6.js")).isEqualTo(StaticCaching.IMMUTABLE);
        assertThat(StaticCaching.cacheControl("/assets/arena-85A1600F.css")).isEqualTo(StaticCaching.IMMUTABLE);
        assertThat(StaticCaching.cacheControl("/assets/editor-H7UXOVNI.js.map")).isEqualTo(StaticCaching.IMMUTABLE);
        assertThat(StaticCaching.cacheControl("/assets/chat-page.js")).isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.cacheControl("/task.html")).isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.cacheControl("/")).isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.cacheControl("/arena.css")).isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.cacheControl("/assets/contests-admin.js")).isEqualTo(StaticCaching.REVALIDATE);
    }

    @Test
    void onlyTheListsAndATasksOwnPageAreKept() {
        assertThat(HotReads.kept("/api/v1/languages")).isTrue();
        assertThat(HotReads.kept("/api/v1/tasks")).isTrue();
        assertThat(HotReads.kept("/api/v1/tasks/sum-of-two")).isTrue();
        assertThat(HotReads.kept("/api/v1/tasks/sum-of-two/anything")).isFalse();
        assertThat(HotReads.cacheControl("/api/v1/languages")).contains("max-age=60");
        assertThat(HotReads.cacheControl("/api/v1/tasks/x")).isEqualTo("public, no-cache");
    }

    @Test
    void ifNoneMatchComparesWeaklyAndKnowsTheStar() {
        String tag = HotReads.etag("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        assertThat(tag).startsWith("\"").endsWith("\"").hasSize(24);
        assertThat(HotReads.etag("[1,2,3]".getBytes(StandardCharsets.UTF_8))).isEqualTo(tag);
        assertThat(HotReads.etag("[1,2,4]".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(tag);
        assertThat(HotReads.matches(null, tag)).isFalse();
        assertThat(HotReads.matches(tag, tag)).isTrue();
        assertThat(HotReads.matches("W/" + tag, tag)).isTrue();
        assertThat(HotReads.matches("\"other\", " + tag, tag)).isTrue();
        assertThat(HotReads.matches("*", tag)).isTrue();
        assertThat(HotReads.matches("\"other\"", tag)).isFalse();
    }

    @Test
    void gzipOnlyWhenAskedForAndWhenItPays() throws IOException {
        assertThat(HotReads.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(HotReads.acceptsGzip("br;q=1.0, gzip;q=0.8")).isTrue();
        assertThat(HotReads.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(HotReads.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(HotReads.acceptsGzip("*")).isTrue();
        assertThat(HotReads.acceptsGzip("identity")).isFalse();
        assertThat(HotReads.acceptsGzip(null)).isFalse();

        assertThat(HotReads.gzipped("{\"small\":true}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(HotReads.gzipped(new byte[300])).isNull();
        byte[] big = "{\"id\":\"python\",\"name\":\"Python\"},".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = HotReads.gzipped(big);
        assertThat(compressed).isNotNull().hasSizeLessThan(big.length / 5);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
    }
}
