package org.codearena.judge.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.codearena.judge.similarity.SimilarityEngine;
import org.codearena.judge.similarity.SimilarityEngine.Outcome;
import org.codearena.judge.similarity.SimilarityEngine.Solution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A similarity check of one task's final submissions, as the server runs it (parse with JPlag's Python front end,
 * compare every pair on one thread, keep the pairs from 50 %), for 100, 1,000 and 5,000 submissions: how its time
 * grows with the number of submissions (the pairs grow with its square).
 *
 * <p>The submissions are generated, the same for every run (a fixed seed): Python programs of two to five
 * functions, each function a few statements drawn from a pool of forty, so that independent programs share short
 * fragments as real ones do; one in fifty is a disguised copy of another (identifiers renamed, functions in another
 * order), and each run checks that every planted copy was found.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SimilarityBenchmark {

    @Param({"100", "1000", "5000"})
    int submissions;

    private List<Solution> solutions;
    private List<long[]> planted;

    private static final String[] STATEMENTS = {
        "total = 0", "count = len(values)", "values.sort()", "result = []", "seen = set()",
        "for v in values:\n        total += v", "for i in range(count):\n        result.append(values[i] * 2)",
        "while count > 0:\n        count -= 1", "if total > limit:\n        total = limit",
        "best = max(values) if values else 0", "worst = min(values) if values else 0",
        "values = [v for v in values if v >= 0]", "pairs = list(zip(values, values[1:]))",
        "index = {v: i for i, v in enumerate(values)}", "text = ' '.join(str(v) for v in values)",
        "if not values:\n        return 0", "step = 1 if total % 2 == 0 else 2",
        "for a, b in pairs:\n        if a > b:\n            seen.add(a)", "limit = total // (count or 1)",
        "middle = values[len(values) // 2] if values else None", "result.extend(sorted(seen))",
        "try:\n        ratio = total / count\n    except ZeroDivisionError:\n        ratio = 0",
        "for key in sorted(index):\n        result.append(index[key])", "acc = 1",
        "for v in values:\n        acc = (acc * (v + 1)) % 1000003", "buckets = {}",
        "for v in values:\n        buckets.setdefault(v % 10, []).append(v)", "flag = any(v > limit for v in values)",
        "values.reverse()", "stack = []", "for v in values:\n        while stack and stack[-1] < v:\n"
            + "            stack.pop()\n        stack.append(v)", "lo, hi = 0, len(values) - 1",
        "while lo < hi:\n        values[lo], values[hi] = values[hi], values[lo]\n        lo += 1\n        hi -= 1",
        "prefix = [0]\n    for v in values:\n        prefix.append(prefix[-1] + v)", "answer = prefix[-1] - prefix[0]",
        "words = text.split()", "counts = {}\n    for w in words:\n        counts[w] = counts.get(w, 0) + 1",
        "top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]", "result.append(len(top))",
        "print(total, count)",
    };

    @Setup(Level.Trial)
    public void generate() {
        Random random = new Random(20261207L + submissions);
        solutions = new ArrayList<>(submissions);
        planted = new ArrayList<>();
        for (int id = 1; id <= submissions; id++) {
            if (id > 10 && random.nextInt(50) == 0) {
                int original = 1 + random.nextInt(id - 1);
                solutions.add(new Solution(id, "python", disguise(solutions.get(original - 1).source(), random)));
                planted.add(new long[] {original, id});
            } else {
                solutions.add(new Solution(id, "python", program(random)));
            }
        }
    }

    private static String program(Random random) {
        StringBuilder program = new StringBuilder("import sys\n\n");
        int functions = 2 + random.nextInt(4);
        for (int f = 0; f < functions; f++) {
            program.append("def part").append(f).append("(values, limit):\n");
            int statements = 3 + random.nextInt(6);
            for (int s = 0; s < statements; s++) {
                program.append("    ").append(STATEMENTS[random.nextInt(STATEMENTS.length)]).append('\n');
            }
            program.append("    return ").append(random.nextBoolean() ? "values" : "len(values)").append("\n\n");
        }
        program.append("data = [int(x) for x in sys.stdin.read().split()]\n");
        for (int f = 0; f < functions; f++) {
            program.append("print(part").append(f).append("(data, ").append(random.nextInt(100)).append("))\n");
        }
        return program.toString();
    }

    /** The same functions in another order, with other names for them and for their parameters. */
    private static String disguise(String source, Random random) {
        String[] parts = source.split("\n\n");
        List<String> functions = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String part : parts) {
            (part.startsWith("def ") ? functions : rest).add(part);
        }
        Collections.shuffle(functions, random);
        String joined = String.join("\n\n", functions) + "\n\n" + String.join("\n\n", rest.subList(1, rest.size()));
        return "import sys\n\n" + joined.replace("part", "step_").replace("values", "xs").replace("limit", "cap")
                .replace("total", "s").replace("count", "n");
    }

    @Benchmark
    public Outcome check() throws IOException {
        Outcome outcome = new SimilarityEngine(1).compare(solutions, Map.of(), 0.5, (phase, done, total) -> { });
        for (long[] pair : planted) {
            boolean found = outcome.pairs().stream().anyMatch(p -> p.first() == pair[0] && p.second() == pair[1]);
            if (!found) {
                throw new IllegalStateException("the planted copy " + pair[1] + " of " + pair[0] + " was not found");
            }
        }
        return outcome;
    }
}
