package org.codearena.loadtest.stats;

import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail condition such as {@code p99<2000ms}, {@code errors==0}, {@code throughput>=50} or
 * {@code wait_p95<1s}. Latencies are compared in milliseconds (units ms or s), rates in percent.
 */
public record Threshold(String expression, String metric, String operator, double limit) {

    private static final Pattern FORM = Pattern.compile(
            "\\s*([a-z_0-9]+)\\s*(<=|>=|==|!=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|%)?\\s*");

    public static Threshold parse(String expression) {
        Matcher matcher = FORM.matcher(expression.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("cannot read threshold '" + expression
                    + "'; write METRIC OP NUMBER[ms|s|%], e.g. 'p99<2000ms' or 'errors==0'");
        }
        String metric = matcher.group(1);
        metricOf(metric, expression);
        double limit = Double.parseDouble(matcher.group(3));
        if ("s".equals(matcher.group(4))) {
            limit *= 1000;
        }
        return new Threshold(expression, metric, matcher.group(2), limit);
    }

    /** Whether the summary meets this condition. */
    public boolean holdsFor(Summary summary) {
        double value = valueIn(summary);
        return switch (operator) {
            case "<" -> value < limit;
            case "<=" -> value <= limit;
            case ">" -> value > limit;
            case ">=" -> value >= limit;
            case "==" -> value == limit;
            default -> value != limit;
        };
    }

    public double valueIn(Summary summary) {
        return metricOf(metric, expression).applyAsDouble(summary);
    }

    private static ToDoubleFunction<Summary> metricOf(String metric, String expression) {
        return switch (metric) {
            case "count" -> s -> s.count();
            case "ok" -> s -> s.ok();
            case "errors" -> s -> s.errors();
            case "timeouts" -> s -> s.timeouts();
            case "error_rate" -> s -> s.count() == 0 ? 0 : 100.0 * (s.errors() + s.timeouts()) / s.count();
            case "throughput" -> Summary::throughput;
            case "min" -> s -> s.roundTripMillis().min();
            case "mean" -> s -> s.roundTripMillis().mean();
            case "p50" -> s -> s.roundTripMillis().p50();
            case "p90" -> s -> s.roundTripMillis().p90();
            case "p95" -> s -> s.roundTripMillis().p95();
            case "p99" -> s -> s.roundTripMillis().p99();
            case "max" -> s -> s.roundTripMillis().max();
            case "wait_mean" -> s -> s.queueWaitMillis().mean();
            case "wait_p50" -> s -> s.queueWaitMillis().p50();
            case "wait_p99" -> s -> s.queueWaitMillis().p99();
            case "wait_max" -> s -> s.queueWaitMillis().max();
            default -> throw new IllegalArgumentException("unknown metric '" + metric + "' in threshold '"
                    + expression + "'; use count, ok, errors, timeouts, error_rate, throughput, min, mean, "
                    + "p50, p90, p95, p99, max, wait_mean, wait_p50, wait_p99 or wait_max");
        };
    }
}
