#!/usr/bin/env bash
# The soak: MINUTES (default 30) of mixed load on a freshly started platform, watching Liberty for leaks.
#   ./arena soak [MINUTES]      (or scripts/soak.sh [MINUTES]; restarts the platform without sign-up limits)
# The load, all at once, through the load tool: runs followed over the push socket (1 a second, 20 users), a
# contest with 20 contestants submitting every 40 s and 30 viewers reading its leaderboard every second, and
# 10 sign-ups a minute: about what two runner agents keep up with, so that queues stay short and what grows
# is what the server keeps, not work waiting. Once a minute it records the heap Liberty keeps (the total of a
# class histogram, which jcmd takes right after a full GC: live objects only; the heap's "used" a moment after a
# GC would count what the load allocated meanwhile), its threads and its open files, and keeps the histograms
# of the end of the warm-up and of the end. It passes when, from the end of the warm-up (WARMUP_MINUTES,
# default 3) to the end, the heap, the threads and the open files each grew by at most 10 %.
# Writes target/soak/: samples.csv, histogram-start.txt, histogram-end.txt, histogram-diff.txt (the classes
# that grew most), soak.svg (the curves) and report.md. Not part of ./arena test: it takes half an hour.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=${1:-30}
warmup=${WARMUP_MINUTES:-3}
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -gt "$warmup" ] \
  || { echo "usage: ./arena soak [MINUTES]   (more than the warm-up of $warmup minutes)"; exit 2; }
url=http://localhost:${CODEARENA_HTTP_PORT:-9080}/
state=${CODEARENA_STATE_DIR:-.arena}
out=target/soak
rm -rf "$out" && mkdir -p "$out"
seconds=$((minutes * 60))

# a fresh platform, without per-client sign-up limits (the load tool signs its users up from this one machine)
./arena down >/dev/null 2>&1 || true
CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0 CODEARENA_RATELIMIT_AVAILABILITY_PER_MINUTE=0 ./arena up >/dev/null
liberty=$(cat "$state/pids/liberty.pid")
echo "soak: $minutes minutes of mixed load on $url (Liberty PID $liberty); reports in $out/"

# an ADMIN makes the contest
source scripts/lib/accounts.sh
account_with_role "$url" soak ADMIN
token=$account_token
slug=soak-$(date +%s)
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  "${url}api/v1/contests" -d "{\"slug\":\"$slug\",\"title\":\"Soak\",\"startsAt\":\"$(date -u -d '-1 min' +%FT%TZ)\",
  \"endsAt\":\"$(date -u -d "+$((minutes + 60)) min" +%FT%TZ)\",\"tasks\":[\"sum-of-two\",\"reverse-words\"]}"

sample() {   # MINUTE: what Liberty keeps. A class histogram counts the live objects right after a full GC of its
  # own (the heap's "used" a moment after a GC would count what the load allocated meanwhile)
  local used threads files
  jcmd "$liberty" GC.class_histogram >"$out/histogram-last.txt"
  used=$(awk '/^Total/ { print int($3 / 1048576) }' "$out/histogram-last.txt")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$liberty/status")
  files=$(ls "/proc/$liberty/fd" | wc -l)
  echo "$1,$used,$threads,$files" >>"$out/samples.csv"
  echo "soak: minute $1: heap after full GC ${used} MB, threads $threads, open files $files"
}
echo "minute,heap_mb,threads,open_files" >"$out/samples.csv"

pids=()
./arena load runs --rate 1 --duration "$seconds" --users 20 --timeout-s 300 --json "$out/runs.json" \
  >"$out/runs.log" 2>&1 & pids+=($!)
./arena load contest --contest "$slug" --contestants 20 --viewers 30 --submit-every-s 40 --view-every-ms 1000 \
  --duration "$seconds" --timeout-s 300 --json "$out/contest.json" >"$out/contest.log" 2>&1 & pids+=($!)
(
  end=$((SECONDS + seconds))
  while [ $SECONDS -lt $end ]; do
    ./arena load signups --requests 10 >>"$out/signups.log" 2>&1 || true
    sleep 60
  done
) & pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

for minute in $(seq 1 "$minutes"); do
  sleep 60
  sample "$minute"
  if [ "$minute" = "$warmup" ]; then
    cp "$out/histogram-last.txt" "$out/histogram-start.txt"
  fi
done
mv "$out/histogram-last.txt" "$out/histogram-end.txt"
wait "${pids[@]}" 2>/dev/null || true
trap - EXIT

python3 - "$out" "$warmup" "$minutes" <<'PY'
import csv, sys
out, warmup, minutes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [dict((k, int(v)) for k, v in r.items()) for r in csv.DictReader(open(f"{out}/samples.csv"))]
start = next(r for r in rows if r["minute"] == warmup)
end = rows[-1]
def growth(key):
    return (end[key] - start[key]) / start[key] * 100 if start[key] else 0.0
checks = {key: growth(key) for key in ("heap_mb", "threads", "open_files")}
passed = all(value <= 10.0 for value in checks.values())

def histogram(path):
    classes = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 4 and parts[0].endswith(":"):
            classes[parts[3]] = (int(parts[1]), int(parts[2]))
    return classes
before, after = histogram(f"{out}/histogram-start.txt"), histogram(f"{out}/histogram-end.txt")
grown = sorted(((after[c][1] - before.get(c, (0, 0))[1], after[c][0] - before.get(c, (0, 0))[0], c) for c in after), reverse=True)[:20]
with open(f"{out}/histogram-diff.txt", "w") as diff:
    diff.write("bytes grown  instances grown  class (after the warm-up -> the end)\n")
    for grew_bytes, grew_count, name in grown:
        diff.write(f"{grew_bytes:>11}  {grew_count:>15}  {name}\n")

# the curves: heap after a full GC (MB), threads and open files, per minute
width, height, left, bottom = 720, 300, 50, 30
top = max(max(r["heap_mb"] for r in rows), max(r["threads"] for r in rows), max(r["open_files"] for r in rows)) * 1.15
def x(minute): return left + (minute - 1) / max(1, minutes - 1) * (width - left - 20)
def y(value): return height - bottom - value / top * (height - bottom - 20)
lines = []
for key, colour, label in (("heap_mb", "#1f6feb", "heap after full GC (MB)"), ("threads", "#d1242f", "threads"),
                           ("open_files", "#2da44e", "open files")):
    points = " ".join(f"{x(r['minute']):.1f},{y(r[key]):.1f}" for r in rows)
    lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
    lines.append(f'<text x="{x(rows[-1]["minute"]) - 150:.0f}" y="{y(rows[-1][key]) - 6:.0f}" fill="{colour}" '
                 f'font-size="12">{label}: {rows[-1][key]}</text>')
axis = (f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#888"/>'
        f'<line x1="{left}" y1="10" x2="{left}" y2="{height - bottom}" stroke="#888"/>'
        f'<text x="{left}" y="{height - 8}" font-size="12">minute 1</text>'
        f'<text x="{width - 80}" y="{height - 8}" font-size="12">minute {minutes}</text>'
        f'<line x1="{x(warmup):.1f}" y1="10" x2="{x(warmup):.1f}" y2="{height - bottom}" stroke="#bbb" stroke-dasharray="4"/>'
        f'<text x="{x(warmup) + 4:.1f}" y="22" font-size="11" fill="#666">end of warm-up</text>')
open(f"{out}/soak.svg", "w").write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                                   f'font-family="sans-serif">{axis}{"".join(lines)}</svg>\n')

with open(f"{out}/report.md", "w") as report:
    report.write(f"# Soak: {minutes} minutes of mixed load\n\n")
    report.write(f"{'PASSED' if passed else 'FAILED'}: from the end of the warm-up (minute {warmup}) to the end: "
                 + ", ".join(f"{k} {v:+.1f} %" for k, v in checks.items()) + " (limit +10 %).\n\n")
    report.write("| minute | heap after full GC (MB) | threads | open files |\n|---|---|---|---|\n")
    for r in rows:
        report.write(f"| {r['minute']} | {r['heap_mb']} | {r['threads']} | {r['open_files']} |\n")
    report.write("\n![curves](soak.svg)\n\nClasses that grew most (histogram-diff.txt):\n\n```\n")
    report.write(open(f"{out}/histogram-diff.txt").read())
    report.write("```\n")
print(open(f"{out}/report.md").read().split("\n\n")[1])
sys.exit(0 if passed else 1)
PY
