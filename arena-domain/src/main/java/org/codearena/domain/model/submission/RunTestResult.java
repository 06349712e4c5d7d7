package org.codearena.domain.model.submission;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import org.codearena.protocol.TestOutcome;
import org.codearena.protocol.Verdict;

/** One test's outcome in one judging run. */
@Entity
@Table(name = "run_test_result")
@IdClass(RunTestResult.Key.class)
@NamedQuery(name = "RunTestResult.findByRun",
        query = "select r from RunTestResult r where r.runId = :runId order by r.ordinal")
public class RunTestResult {

    /** The composite key: run and test ordinal. */
    public static class Key implements Serializable {
        private long runId;
        private int ordinal;

        public Key() {
        }

        public Key(long runId, int ordinal) {
            this.runId = runId;
            this.ordinal = ordinal;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.runId == runId && key.ordinal == ordinal;
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, ordinal);
        }
    }

    @Id
    @Column(name = "run_id")
    private long runId;

    @Id
    @Column(name = "ordinal")
    private int ordinal;

    @Enumerated(EnumType.STRING)
    @Column(name = "verdict", nullable = false, length = 16)
    private Verdict verdict;

    @Column(name = "time_millis", nullable = false)
    private long timeMillis;

    @Column(name = "memory_kb", nullable = false)
    private long memoryKb;

    /** the share of its points a validator gave (0 to 1); null when it gave none */
    @Column(name = "score_fraction")
    private Double scoreFraction;

    protected RunTestResult() {
    }

    public RunTestResult(long runId, TestOutcome outcome) {
        this.runId = runId;
        this.ordinal = outcome.ordinal();
        this.verdict = outcome.verdict();
        this.timeMillis = outcome.timeMillis();
        this.memoryKb = outcome.memoryKb();
        this.scoreFraction = outcome.fraction() < 0 ? null : outcome.fraction();
    }

    public TestOutcome outcome() {
        return new TestOutcome(ordinal, verdict, timeMillis, memoryKb, scoreFraction == null ? -1 : scoreFraction);
    }

    public Double getScoreFraction() {
        return scoreFraction;
    }

    public long getRunId() {
        return runId;
    }

    public int getOrdinal() {
        return ordinal;
    }

    public Verdict getVerdict() {
        return verdict;
    }

    public long getTimeMillis() {
        return timeMillis;
    }

    public long getMemoryKb() {
        return memoryKb;
    }
}
