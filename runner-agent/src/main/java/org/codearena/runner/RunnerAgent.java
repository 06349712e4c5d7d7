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
import java.util.logging.Logger;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.RunnerAnnouncement;
import org.codearena.protocol.TestProgress;
import org.codearena.runner.config.AgentConfig;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.execution.ExecutionSettings;
import org.codearena.runner.execution.JobExecutor;
import org.codearena.runner.messaging.BrokerLink;
import org.codearena.runner.sandbox.BubblewrapSandbox;
import org.codearena.runner.sandbox.SandboxSettings;
import org.codearena.runner.sandbox.SandboxUnavailableException;

/**
 * A runner agent: registers with the matchmaker through the broker, heartbeats, and executes the jobs
 * sent to its own queue one at a time. Usage: java -jar runner-agent.jar [--config FILE]
 */
public final class RunnerAgent {

    private static final Logger LOG = Logger.getLogger(RunnerAgent.class.getName());

    private final String runnerId;
    private final String host;
    private final List<String> runnerTypes;
    private final Map<String, String> toolchainVersions;
    private final BrokerLink broker;
    private final JobExecutor executor;
    private final AtomicLong currentRunId = new AtomicLong();
    private final AtomicLong newestEpoch = new AtomicLong();
    private volatile boolean running = true;

    RunnerAgent(String runnerId, String host, Map<String, LanguageConfig> languages, BrokerLink broker,
                JobExecutor executor) {
        this.runnerId = runnerId;
        this.host = host;
        this.runnerTypes = List.copyOf(languages.keySet());
        this.toolchainVersions = ToolchainVersions.probe(languages.values());
        this.broker = broker;
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
        BrokerLink broker = new BrokerLink(config.get("broker.host"), (int) config.getLong("broker.port"),
                config.get("broker.user"), config.get("broker.password", ""), runnerId);
        JobExecutor executor = new JobExecutor(runnerId, sandbox, languages, ExecutionSettings.from(config));
        RunnerAgent agent = new RunnerAgent(runnerId, host, languages, broker, executor);
        agent.run(config.getLong("runner.heartbeat.millis"));
    }

    void run(long heartbeatMillis) throws Exception {
        announce(RunnerAnnouncement.Kind.REGISTER);
        LOG.info(() -> "event=runner-registered runnerId=" + runnerId + " types=" + runnerTypes);
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> announce(RunnerAnnouncement.Kind.HEARTBEAT),
                heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running = false;
            heartbeats.shutdownNow();
            announce(RunnerAnnouncement.Kind.GOODBYE);
            try {
                broker.close();
            } catch (Exception e) {
                // leaving anyway
            }
        }));
        while (running) {
            JobMessage job = broker.nextJob(1000);
            if (job != null) {
                handle(job);
            }
        }
    }

    private void handle(JobMessage job) throws Exception {
        if (job.epoch() < newestEpoch.get()) {
            LOG.warning(() -> "event=job-refused-stale-epoch runId=" + job.runId() + " epoch=" + job.epoch()
                    + " newestEpoch=" + newestEpoch.get());
            return;
        }
        newestEpoch.accumulateAndGet(job.epoch(), Math::max);
        currentRunId.set(job.runId());
        long started = System.nanoTime();
        RunResult result = executor.execute(job, outcome -> {
            try {
                broker.sendProgress(new TestProgress(job.runId(), runnerId, outcome));
            } catch (Exception e) {
                // the live view misses one step; the final result carries every test
                LOG.warning(() -> "event=progress-send-failed runId=" + job.runId() + " error=" + e);
            }
        });
        broker.sendResult(result);
        currentRunId.set(0);
        LOG.info(() -> "event=job-done runId=" + job.runId() + " runnerId=" + runnerId + " language="
                + job.language() + " verdict=" + result.verdict() + " timeMillis=" + result.timeMillis()
                + " memoryKb=" + result.memoryKb() + " tests=" + job.tests().size() + " wallMillis=" + (System.nanoTime() - started) / 1_000_000);
    }

    private void announce(RunnerAnnouncement.Kind kind) {
        try {
            broker.announce(new RunnerAnnouncement(kind, runnerId, runnerTypes, host, currentRunId.get(),
                    kind == RunnerAnnouncement.Kind.REGISTER ? toolchainVersions : Map.of(), newestEpoch.get()));
        } catch (Exception e) {
            LOG.warning(() -> "event=announce-failed kind=" + kind + " runnerId=" + runnerId + " error=" + e);
        }
    }
}
