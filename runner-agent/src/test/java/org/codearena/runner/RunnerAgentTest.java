package org.codearena.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.JMSException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.RunnerAnnouncement;
import org.codearena.protocol.TestProgress;
import org.codearena.protocol.Verdict;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.execution.ExecutionSettings;
import org.codearena.runner.execution.JobExecutor;
import org.codearena.runner.messaging.AgentLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent against a broker that fails under it: it makes the link again, and no result is lost or doubled. */
class RunnerAgentTest {

    private static final LanguageConfig PYTHON = new LanguageConfig("python", "main.py", List.of(),
            List.of("/usr/bin/python3", "main.py"), List.of(), false, 64, "");

    private final BlockingQueue<JobMessage> queue = new LinkedBlockingQueue<>();
    private final List<RunResult> delivered = new CopyOnWriteArrayList<>();
    private final List<FakeLink> links = new CopyOnWriteArrayList<>();
    private Thread agentThread;
    private RunnerAgent agent;

    /** A link whose calls fail as many times as it is told to, then work. */
    private final class FakeLink implements AgentLink {
        final AtomicInteger receivesToFail = new AtomicInteger();
        final AtomicInteger sendsToFail = new AtomicInteger();
        final List<Long> announcedRunIds = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public JobMessage nextJob(long timeoutMillis) throws JMSException {
            if (closed || receivesToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new JMSException("AMQ219016: connection failure detected");
            }
            try {
                return queue.poll(Math.min(timeoutMillis, 50), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public void sendResult(RunResult result) throws JMSException {
            if (closed || sendsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new JMSException("AMQ219014: timed out waiting for the broker");
            }
            delivered.add(result);
        }

        @Override
        public void sendProgress(TestProgress testProgress) {
        }

        @Override
        public void announce(RunnerAnnouncement announcement) throws JMSException {
            if (closed) {
                throw new JMSException("closed");
            }
            announcedRunIds.add(announcement.currentRunId());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private void startAgent(List<FakeLink> plannedLinks) {
        List<FakeLink> plan = new ArrayList<>(plannedLinks);
        AgentLink.Connector connector = () -> {
            FakeLink link = plan.isEmpty() ? new FakeLink() : plan.remove(0);
            links.add(link);
            return link;
        };
        // no sandbox: a job in a language the agent does not serve, or one whose sandbox fails, ends as SYSTEM_ERROR
        JobExecutor executor = new JobExecutor("runner-t", null, Map.of("python", PYTHON),
                new ExecutionSettings(1000, 1 << 30, 8, 1 << 20, 1 << 20), null);
        agent = new RunnerAgent("runner-t", "test-host", Map.of(), connector, executor, 5);
        agentThread = new Thread(() -> agent.run(20), "agent-under-test");
        agentThread.setDaemon(true);
        agentThread.start();
    }

    @AfterEach
    void stopAgent() throws InterruptedException {
        if (agent != null) {
            agent.stop();
            agentThread.join(5000);
        }
    }

    private static JobMessage job(long runId, String language) {
        return new JobMessage(runId, language, "print(1)", "", 1000, 65536, 1);
    }

    @Test
    void aResultTheBrokerRefusedIsSentAgainOnANewLinkExactlyOnce() {
        // five links in a row fail to send (a broker that is down for a while): 5 + 10 + 20 + 40 + 80 ms of back-off
        List<FakeLink> failing = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FakeLink link = new FakeLink();
            link.sendsToFail.set(1);
            failing.add(link);
        }
        startAgent(failing);

        queue.add(job(7, "cobol"));

        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
        assertThat(delivered.get(0).runId()).isEqualTo(7);
        assertThat(delivered.get(0).verdict()).isEqualTo(Verdict.SYSTEM_ERROR);
        assertThat(links).hasSizeGreaterThanOrEqualTo(6);
        assertThat(failing).allMatch(link -> link.closed, "every broken link was given up");
        // while the result could not be sent, the heartbeats said the agent was still busy with the run
        assertThat(links.stream().flatMap(link -> link.announcedRunIds.stream())).contains(7L);
    }

    @Test
    void aFailureWhileWaitingForJobsMakesTheLinkAgainAndTheAgentGoesOn() {
        FakeLink failingReceives = new FakeLink();
        failingReceives.receivesToFail.set(1);
        startAgent(List.of(failingReceives));

        queue.add(job(8, "cobol"));
        queue.add(job(9, "cobol"));

        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
        assertThat(delivered).extracting(RunResult::runId).containsExactly(8L, 9L);
        assertThat(failingReceives.closed).isTrue();
        assertThat(links).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aJobWhoseSandboxFailsEndsAsSystemErrorAndTheNextJobIsServed() {
        startAgent(List.of());

        queue.add(job(10, "python"));
        queue.add(job(11, "cobol"));

        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
        assertThat(delivered.get(0).verdict()).isEqualTo(Verdict.SYSTEM_ERROR);
        assertThat(delivered.get(0).stderr()).contains("could not execute");
        assertThat(delivered.get(1).runId()).isEqualTo(11);
    }
}
