#!/usr/bin/env python3
"""Charts and summarises scripts/autoscaling-steps.sh: per step, the p95 round trip of the runs meant to start in
it (from the load tool's request logs) and how long p95 stayed over target after the step began (10 s windows);
one SVG with both runs (arrival rate, runners serving, p95), one above the other.

Usage: plot-steps.py OUT_DIR STEPS TARGET_MILLIS FIXED MIN MAX [TASK]
"""
import csv
import json
import sys

out, steps_spec, target, fixed, low, high = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
task = sys.argv[7] if len(sys.argv) > 7 else "hello-python"
steps = []
start = 0.0
for step in steps_spec.split(","):
    rate, seconds = (float(v) for v in step.split("x"))
    steps.append((start, start + seconds, rate))
    start += seconds


def p95(values):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(0.95 * len(values)))]


def load(name):
    rows = list(csv.DictReader(open(f"{out}/{name}.csv")))
    runs = [json.loads(line) for line in open(f"{out}/{name}.jsonl")]
    return rows, runs


def per_step(rows, runs):
    result = []
    for begin, end, rate in steps:
        trips = [r["roundTripMillis"] for r in runs if begin * 1000 <= r["intendedAtMillis"] < end * 1000
                 and r["outcome"] in ("OK", "VERDICT")]
        errors = sum(1 for r in runs if begin * 1000 <= r["intendedAtMillis"] < end * 1000
                     and r["outcome"] not in ("OK", "VERDICT"))
        windows = [r for r in rows if begin <= float(r["second"]) < end]
        over = [float(r["second"]) for r in windows if r["p95_round_trip_ms"] and float(r["p95_round_trip_ms"]) > target]
        last_over = max(over) + 10 - begin if over else 0
        runners = [float(r["runners"]) for r in windows if r["runners"]]
        result.append(dict(rate=rate, seconds=end - begin, runs=len(trips), errors=errors, p95=p95(trips),
                           over=last_over, runners=(min(runners), max(runners)) if runners else None))
    return result


runs_fixed = load("fixed")
runs_scaled = load("scaled")
fixed_steps = per_step(*runs_fixed)
scaled_steps = per_step(*runs_scaled)

with open(f"{out}/summary.md", "w") as summary:
    summary.write(f"Steps {steps_spec} (runs/s x seconds), task {task}, p95 round trip target {target / 1000:.1f} s.\n\n")
    summary.write(f"| step | runs/s | fixed ({fixed} runners): p95 | over target for | autoscaled ({low}–{high}): p95 "
                  "| over target for | runners |\n|---|---|---|---|---|---|---|\n")
    for i, (a, b) in enumerate(zip(fixed_steps, scaled_steps), 1):
        fmt = lambda s: "–" if s["p95"] is None else f"{s['p95'] / 1000:.2f} s"
        runners = "–" if b["runners"] is None else f"{b['runners'][0]:.0f}–{b['runners'][1]:.0f}"
        summary.write(f"| {i} | {a['rate']:g} | {fmt(a)} | {a['over']:.0f} s | {fmt(b)} | {b['over']:.0f} s | {runners} |\n")
    errors = sum(s["errors"] for s in fixed_steps), sum(s["errors"] for s in scaled_steps)
    summary.write(f"\nErrors and timeouts: fixed {errors[0]}, autoscaled {errors[1]}.\n")
print(open(f"{out}/summary.md").read())

# the chart: two panels, arrival rate and runners on the left axis, p95 (s) on the right
width, panel, left, right, gap = 760, 220, 50, 60, 40
total = max(float(r["second"]) for rows, _ in (runs_fixed, runs_scaled) for r in rows) + 10
top_rate = max(max(float(r["arrivals_per_s"]) for r in rows) for rows, _ in (runs_fixed, runs_scaled))
top_rate = max(top_rate, max(float(r["runners"] or 0) for rows, _ in (runs_fixed, runs_scaled) for r in rows)) * 1.15
top_p95 = max(max(float(r["p95_round_trip_ms"] or 0) for r in rows) for rows, _ in (runs_fixed, runs_scaled)) / 1000 * 1.15
top_p95 = max(top_p95, target / 1000 * 1.5)
parts = []


def draw(rows, title, offset):
    def x(second):
        return left + second / total * (width - left - right)

    def y_rate(value):
        return offset + panel - value / top_rate * (panel - 20)

    def y_p95(value):
        return offset + panel - value / top_p95 * (panel - 20)

    parts.append(f'<text x="{left}" y="{offset - 6}" font-size="13" font-weight="bold">{title}</text>')
    parts.append(f'<line x1="{left}" y1="{offset + panel}" x2="{width - right}" y2="{offset + panel}" stroke="#888"/>')
    parts.append(f'<line x1="{left}" y1="{offset}" x2="{left}" y2="{offset + panel}" stroke="#888"/>')
    parts.append(f'<line x1="{width - right}" y1="{offset}" x2="{width - right}" y2="{offset + panel}" stroke="#888"/>')
    parts.append(f'<line x1="{left}" y1="{y_p95(target / 1000):.1f}" x2="{width - right}" y2="{y_p95(target / 1000):.1f}" '
                 f'stroke="#b3261e" stroke-dasharray="4"/>')
    parts.append(f'<text x="{width - right - 110}" y="{y_p95(target / 1000) - 4:.1f}" font-size="11" fill="#b3261e">'
                 f'target {target / 1000:g} s</text>')
    for value in range(0, int(top_rate) + 1, max(1, int(top_rate // 4))):
        parts.append(f'<text x="{left - 8}" y="{y_rate(value) + 4:.1f}" font-size="10" text-anchor="end">{value}</text>')
    for i in range(5):
        value = top_p95 / 4 * i
        parts.append(f'<text x="{width - right + 6}" y="{y_p95(value) + 4:.1f}" font-size="10">{value:.1f} s</text>')
    for key, colour, scale, label in (("arrivals_per_s", "#3559e0", y_rate, "arrivals/s"),
                                      ("runners", "#1e7b34", y_rate, "runners serving"),
                                      ("p95_round_trip_ms", "#b3261e", lambda v: y_p95(v / 1000), "p95 round trip")):
        points = []
        for r in rows:
            if r[key]:
                points.append(f"{x(float(r['second']) + 5):.1f},{scale(float(r[key])):.1f}")
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}"/>')
    for i, (key, colour, label) in enumerate((("a", "#3559e0", "arrivals/s"), ("r", "#1e7b34", "runners serving"),
                                              ("p", "#b3261e", "p95 round trip (right axis)"))):
        parts.append(f'<text x="{left + 10 + i * 150}" y="{offset + 14}" font-size="11" fill="{colour}">{label}</text>')


draw(runs_fixed[0], f"Fixed: {fixed} runners", 30)
draw(runs_scaled[0], f"Autoscaled: {low} to {high} runners", 30 + panel + gap + 10)
height = 30 + 2 * panel + gap + 40
parts.append(f'<text x="{left}" y="{height - 8}" font-size="11">0 s</text>')
parts.append(f'<text x="{width - right - 40}" y="{height - 8}" font-size="11">{total:.0f} s</text>')
open(f"{out}/autoscaling-steps.svg", "w").write(
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">'
    f'<rect width="100%" height="100%" fill="#fff"/>{"".join(parts)}</svg>\n')
