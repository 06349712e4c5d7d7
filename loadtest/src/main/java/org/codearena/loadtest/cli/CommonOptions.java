package org.codearena.loadtest.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every scenario shares. */
public final class CommonOptions {

    @Option(names = "--url", defaultValue = "${env:CODEARENA_URL:-http://localhost:9080/}",
            description = "CodeArena to test (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--json", paramLabel = "FILE", description = "write the statistics as JSON")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "write a self-contained HTML report with charts")
    Path report;

    @Option(names = "--log", paramLabel = "FILE",
            description = "one JSON line per request: id, timings, verdict, output, error")
    Path log;

    @Option(names = "--fail-if", paramLabel = "CONDITION",
            description = "exit non-zero unless it holds, e.g. 'p99<2000ms' or 'errors==0' (repeatable)")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--timeout-s", defaultValue = "120",
            description = "a request not done after this many seconds counts as a timeout (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--batch", paramLabel = "B", description = "requests per batch (default: all at once)")
    Integer batch;

    @Option(names = "--interval-ms", paramLabel = "D", defaultValue = "1000",
            description = "time between batches (default: ${DEFAULT-VALUE})")
    long intervalMillis;

    @Option(names = "--rate", paramLabel = "R", description = "open model: R requests per second, whatever the system does")
    Double rate;

    @Option(names = "--duration", paramLabel = "S", description = "open model: for S seconds")
    Double durationSeconds;

    @Option(names = "--steps", paramLabel = "RxS,RxS,…",
            description = "open model in steps: R requests per second for S seconds, then the next (e.g. 1x60,6x120,1x120)")
    String steps;
}
