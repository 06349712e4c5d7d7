#!/usr/bin/env bash
# Common queue against per-runner queues (the design CodeArena replaced), in one run on this machine:
# for each mode the platform is restarted with codearena.matchmaker.mode set, then the same load is fired.
#   scripts/compare-matchmaker-modes.sh [REQUESTS] [TASKS]
# e.g. scripts/compare-matchmaker-modes.sh 1000 hello-python
#      scripts/compare-matchmaker-modes.sh 200 hello-python,hello-python,hello-python,slow
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
requests=${1:-1000}
tasks=${2:-hello-python}
out=target/compare-modes
mkdir -p "$out"
for mode in per-runner-queues common-queue; do
  ./arena down >/dev/null 2>&1 || true
  echo "== $mode: starting the platform"
  CODEARENA_MATCHMAKER_MODE=$mode ./arena up >/dev/null
  for log in .arena/logs/runner-*.log; do : >"$log.mark"; wc -l <"$log" >"$log.mark"; done
  echo "== $mode: $requests runs of $tasks"
  ./arena load runs --requests "$requests" --task "$tasks" --users 20 --timeout-s 1800 \
    --json "$out/$mode.json" --report "$out/$mode.html" 2>/dev/null | grep -E "requests|round trip|queue wait"
  # how long one run took on an agent (its own log, this test only): the ideal throughput is agents / that
  for log in .arena/logs/runner-*.log; do tail -n +"$(($(cat "$log.mark") + 1))" "$log"; done \
    | grep -o 'wallMillis=[0-9]*' | cut -d= -f2 >"$out/$mode.exec-millis"
done
./arena down >/dev/null 2>&1 || true
python3 - "$out" "${CODEARENA_RUNNERS:-2}" <<'PY'
import json, statistics, sys
out = sys.argv[1]
print(f"\n{'mode':<20}{'runs/s':>8}{'ideal':>8}  {'wait mean':>10}{'p50':>9}{'p99':>9}{'max':>9}  {'trip mean':>10}{'p50':>9}{'p99':>9}{'max':>9}")
for mode in ["per-runner-queues", "common-queue"]:
    s = json.load(open(f"{out}/{mode}.json"))["summary"]
    execs = [int(x) for x in open(f"{out}/{mode}.exec-millis").read().split()]
    ideal = int(sys.argv[2]) / (statistics.mean(execs) / 1000)
    w, r = s["queueWaitMillis"], s["roundTripMillis"]
    print(f"{mode:<20}{s['throughput']:>8.2f}{ideal:>8.2f}  {w['mean']:>10.0f}{w['p50']:>9.0f}{w['p99']:>9.0f}{w['max']:>9.0f}"
          f"  {r['mean']:>10.0f}{r['p50']:>9.0f}{r['p99']:>9.0f}{r['max']:>9.0f}")
PY
