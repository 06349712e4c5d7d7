package org.codearena.runner;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.RunnerAnnouncement;
import org.codearena.protocol.TestProgress;
import org.codearena.protocol.Verdict;
import org.codearena.runner.config.AgentConfig;
import org.codearena.runner.config.CommandLine;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.execution.ExecutionSettings;
import org.codearena.runner.execution.JobExecutor;
import org.codearena.runner.execution.StopSwitch;
import org.codearena.runner.execution.PhaseTimes;
import org.codearena.runner.execution.PrecompiledHeaders;
import org.codearena.runner.execution.WarmCompiler;
import org.codearena.runner.messaging.AgentLink;
import org.codearena.runner.messaging.AgentLink.Connector;
import org.codearena.runner.messaging.BrokerLink;
import org.codearena.runner.sandbox.BubblewrapSandbox;
import org.codearena.runner.sandbox.SandboxSettings;
import org.codearena.runner.sandbox.SandboxUnavailableException;

/**
 * A runner agent: registers with the matchmaker through the broker, heartbeats, and executes the jobs sent to its
 * own queue one at a time. Nothing stops it but a stop: a lost broker connection is made again with back-off, a job
 * that fails in any way ends as SYSTEM_ERROR, and a result is sent until the broker has it.
 * Usage: java -jar runner-agent.jar [--config FILE]
 */
public final class RunnerAgent {

    private static final Logger LOG = Logger.getLogger(RunnerAgent.class.getName());
    private static final long LONGEST_RETRY_MILLIS = 30_000;
    /** where the warm compiler's sandbox sees this agent's jar (sandbox.warm.javac.command names it) */
    private static final String WARM_COMPILER_JAR = "/opt/codearena/runner-agent.jar";

    private final String runnerId;
    private final String host;
    /** new for every start of this process: the matchmaker addresses jobs to it, and we refuse older ones */
    private final String incarnation = UUID.randomUUID().toString();
    private final List<String> runnerTypes;
    private final Map<String, String> toolchainVersions;
    private final Connector connector;
    private final JobExecutor executor;
    private final AtomicLong currentRunId = new AtomicLong();
    private final AtomicLong newestEpoch = new AtomicLong();
    private volatile AgentLink broker;
    private volatile boolean running = true;
    /** the first wait before trying the broker again, doubled after each failure */
    private final long firstRetryMillis;

    RunnerAgent(String runnerId, String host, Map<String, LanguageConfig> languages, Connector connector,
                JobExecutor executor, long firstRetryMillis) {
        this.firstRetryMillis = firstRetryMillis;
        this.runnerId = runnerId;
        this.host = host;
        this.runnerTypes = List.copyOf(languages.keySet());
        this.toolchainVersions = ToolchainVersions.probe(languages.values());
        this.connector = connector;
        this.executor = executor;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s %5$s%6$s%n");
        Path configFile = args.length == 2 && "--config".equals(args[0]) ? Path.of(args[1]) : null;
        AgentConfig config = AgentConfig.load(configFile, System.getenv());
        String host = InetAddress.getLocalHost().getHostName();
        String runnerId = config.get("runner.id", host + "-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, LanguageConfig> languages = config.languages();

        BubblewrapSandbox sandbox;
        try {
            sandbox = new BubblewrapSandbox(SandboxSettings.from(config, runnerId), runnerId);
            sandbox.verify();
        } catch (SandboxUnavailableException e) {
            System.err.println("runner-agent cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path precompiled = Path.of(config.get("sandbox.pch.dir"));
        for (LanguageConfig language : languages.values()) {
            if (language.hasPrecompiledHeaders()) {
                Path dir = precompiled.resolve(language.id());
                if (!PrecompiledHeaders.prepare(language, dir)) {
                    java.nio.file.Files.createDirectories(dir);
                }
                sandbox.bindReadOnly(dir, "/pch/" + language.id());
            }
        }
        String brokerHost = config.get("broker.host");
        int brokerPort = (int) config.getLong("broker.port");
        String brokerBackup = config.get("broker.backup", "");
        String brokerUser = config.get("broker.user");
        String brokerPassword = config.get("broker.password", "");
        StopSwitch stops = new StopSwitch(sandbox::stopCurrent);
        Connector connector = () -> new BrokerLink(brokerHost, brokerPort, brokerBackup, brokerUser, brokerPassword, runnerId,
                runId -> {
                    if (stops.request(runId)) {
                        LOG.info(() -> "event=run-stop-requested runId=" + runId + " runnerId=" + runnerId);
                    }
                });
        sandbox.startPrespawning();
        ExecutionSettings executionSettings = ExecutionSettings.from(config);
        WarmCompiler warmCompiler = null;
        if (languages.values().stream().anyMatch(LanguageConfig::warmCompiler)) {
            // the compiler runs from this very jar, shown read-only inside its sandbox
            Path jar = Path.of(RunnerAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            sandbox.bindReadOnlyForServices(jar, WARM_COMPILER_JAR);
            warmCompiler = new WarmCompiler(sandbox, CommandLine.parse(config.get("sandbox.warm.javac.command")),
                    CommandLine.parse(config.get("sandbox.warm.javac.options")),
                    JobExecutor.compileLimits(executionSettings));
            Thread warmUp = new Thread(warmCompiler::warmUp, "warm-compiler-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        JobExecutor executor = new JobExecutor(runnerId, sandbox, languages, executionSettings, warmCompiler, stops);
        RunnerAgent agent = new RunnerAgent(runnerId, host, languages, connector, executor, 500);
        WarmCompiler compiler = warmCompiler;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (compiler != null) {
                compiler.close();
            }
            sandbox.close();
        }));
        agent.run(config.getLong("runner.heartbeat.millis"));
    }

    /** Ends {@link #run} after the job in hand (tests; a real agent ends with its process). */
    void stop() {
        running = false;
    }

    void run(long heartbeatMillis) {
        broker = connect();
        announce(RunnerAnnouncement.Kind.REGISTER);
        LOG.info(() -> "event=runner-registered runnerId=" + runnerId + " incarnation=" + incarnation
                + " types=" + runnerTypes);
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.scheduleAtFixedRate(() -> announce(RunnerAnnouncement.Kind.HEARTBEAT),
                heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running = false;
            heartbeats.shutdownNow();
            announce(RunnerAnnouncement.Kind.GOODBYE);
            closeQuietly(broker);
        }));
        while (running) {
            JobMessage job;
            try {
                job = broker.nextJob(1000);
            } catch (Exception e) {
                if (running) {
                    LOG.warning(() -> "event=broker-link-lost runnerId=" + runnerId + " error=" + e);
                    reconnect();
                }
                continue;
            }
            if (job != null) {
                handle(job);
            }
        }
    }

    private void handle(JobMessage job) {
        if (job.epoch() < newestEpoch.get()) {
            LOG.warning(() -> "event=job-refused-stale-epoch runId=" + job.runId() + " epoch=" + job.epoch()
                    + " newestEpoch=" + newestEpoch.get());
            return;
        }
        if (!job.runnerIncarnation().isEmpty() && !job.runnerIncarnation().equals(incarnation)) {
            // sent to this agent before it restarted; the matchmaker gave the run to someone else when we registered
            LOG.warning(() -> "event=job-refused-earlier-incarnation runId=" + job.runId() + " runnerId=" + runnerId
                    + " jobIncarnation=" + job.runnerIncarnation() + " incarnation=" + incarnation);
            return;
        }
        newestEpoch.accumulateAndGet(job.epoch(), Math::max);
        currentRunId.set(job.runId());
        long started = System.nanoTime();
        PhaseTimes times = new PhaseTimes();
        try {
            RunResult result = execute(job, times);
            // the heartbeat says "busy with this run" until the broker has the result
            long sending = System.nanoTime();
            deliver(result);
            times.since("send", sending);
            LOG.info(() -> "event=job-done runId=" + job.runId() + " runnerId=" + runnerId + " language="
                    + job.language() + " verdict=" + result.verdict() + " timeMillis=" + result.timeMillis()
                    + " memoryKb=" + result.memoryKb() + " tests=" + job.tests().size()
                    + " wallMillis=" + String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e6)
                    + " " + times.summary());
        } finally {
            currentRunId.set(0);
        }
    }

    private RunResult execute(JobMessage job, PhaseTimes times) {
        try {
            return executor.execute(job, outcome -> {
                try {
                    broker.sendProgress(new TestProgress(job.runId(), runnerId, outcome));
                } catch (Exception e) {
                    // the live view misses one step; the final result carries every test
                    LOG.warning(() -> "event=progress-send-failed runId=" + job.runId() + " error=" + e);
                }
            }, times);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "event=job-crashed runId=" + job.runId() + " runnerId=" + runnerId, e);
            return new RunResult(job.runId(), runnerId, Verdict.SYSTEM_ERROR, "", "the runner failed while running "
                    + "this job (" + e + "); please run it again", -1, 0, 0);
        }
    }

    /** Sends the result until the broker has it: a run that was executed is never lost on its way back. */
    private void deliver(RunResult result) {
        long retryMillis = firstRetryMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                broker.sendResult(result);
                return;
            } catch (Exception e) {
                int failed = attempt;
                long wait = retryMillis;
                LOG.warning(() -> "event=result-send-failed runId=" + result.runId() + " runnerId=" + runnerId
                        + " attempt=" + failed + " retryInMillis=" + wait + " error=" + e);
                sleep(retryMillis);
                retryMillis = Math.min(retryMillis * 2, LONGEST_RETRY_MILLIS);
                reconnect();
            }
        }
    }

    /** Drops the broken link and makes a new one, waiting longer after each failed try. */
    private void reconnect() {
        closeQuietly(broker);
        broker = connect();
        LOG.info(() -> "event=broker-link-restored runnerId=" + runnerId);
    }

    private AgentLink connect() {
        long retryMillis = firstRetryMillis;
        while (true) {
            try {
                return connector.connect();
            } catch (Exception e) {
                long wait = retryMillis;
                LOG.warning(() -> "event=broker-connect-failed runnerId=" + runnerId + " retryInMillis=" + wait
                        + " error=" + e);
                sleep(retryMillis);
                retryMillis = Math.min(retryMillis * 2, LONGEST_RETRY_MILLIS);
            }
        }
    }

    private void announce(RunnerAnnouncement.Kind kind) {
        try {
            // the versions ride on every announcement: a register sent before any server listened is not the only
            // chance to tell them (the servers record them once per incarnation)
            broker.announce(new RunnerAnnouncement(kind, runnerId, runnerTypes, host, currentRunId.get(),
                    toolchainVersions, newestEpoch.get(), incarnation));
        } catch (Exception e) {
            LOG.warning(() -> "event=announce-failed kind=" + kind + " runnerId=" + runnerId + " error=" + e);
        }
    }

    private static void closeQuietly(AgentLink link) {
        if (link == null) {
            return;
        }
        try {
            link.close();
        } catch (Exception e) {
            // it is broken already
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
