package org.codearena.loadtest.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.codearena.loadtest.stats.Summary;

/**
 * A self-contained HTML page: the figures, the latency percentile curve, and latency and throughput over
 * time, drawn by Chart.js which is inlined from its webjar (no network needed to view the report).
 */
public final class HtmlReport {

    private static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final String TEMPLATE = "/org/codearena/loadtest/report.html";

    private HtmlReport() {
    }

    public static String render(String scenario, Summary summary) {
        return render(scenario, summary, null);
    }

    /** With the windows of a run in steps (arrival rate, runners, p95 over time), drawn as one more chart. */
    public static String render(String scenario, Summary summary,
                                java.util.List<org.codearena.loadtest.stats.ScalingTimeline.Window> scaling) {
        String data;
        java.util.Map<String, Object> content = new java.util.HashMap<>();
        content.put("scenario", scenario);
        content.put("summary", summary);
        content.put("scaling", scaling);
        try {
            data = new ObjectMapper().writeValueAsString(content)
                    .replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return resource(TEMPLATE)
                .replace("/*CHART_JS*/", resource(CHART_JS).replace("</script", "<\\/script"))
                .replace("/*DATA*/", data)
                .replace("<!--TITLE-->", escape(scenario))
                .replace("<!--TABLE-->", escape(TextReport.render(scenario, summary)));
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
