#!/usr/bin/env bash
# Runs per second against the number of runner agents (1, 2, 4, 8) and of Liberty servers (1, 2), in one run on
# this machine: for each layout the platform is brought to that many servers and agents (the balancer in front
# of two servers), then the same bursts are fired through the platform's one address:
#   a CPU-bound run (hello-python: the sandbox and Python's start, ~150 ms of CPU) and
#   a waiting run (half-second: sleeps 0.5 s, almost no CPU), which shows what agents give when the CPU is not
#   what they wait for.
#   (40 people share the runs: at most 10 of one person wait at once, codearena.class.*.max.queued.per.user)
#   scripts/agents-curve.sh [PYTHON_RUNS] [WAITING_RUNS] [AGENT_COUNTS] [SERVER_COUNTS]
# e.g. scripts/agents-curve.sh 300 80 "1 2 4 8" "1 2"    (about 15 minutes); figures in target/agents-curve
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python_runs=${1:-300}
waiting_runs=${2:-80}
agent_counts=${3:-1 2 4 8}
server_counts=${4:-1 2}
out=target/agents-curve
mkdir -p "$out"
rm -f "$out"/*.json
max_agents=$(for a in $agent_counts; do echo "$a"; done | sort -n | tail -n 1)
export CODEARENA_RUNNERS_MAX=$((max_agents > 6 ? max_agents : 6))
# the autoscaler would add agents of its own: held at the count under test
export CODEARENA_SCALER_ENABLED=false
# the tool signs its 40 people up from this one address: no sign-up limit for the measurement
export CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0
./arena down >/dev/null 2>&1 || true
for servers in $server_counts; do
  for agents in $agent_counts; do
    echo "== $servers server(s), $agents agent(s)"
    ./arena up --servers "$servers" --agents "$agents" >"$out/up.log" 2>&1 || { tail -n 20 "$out/up.log"; exit 1; }
    # agents beyond the count (from a layout before) stop
    for n in $(./arena runner list | sed 's/runner-//'); do
      [ "$n" -le "$agents" ] || ./arena runner stop "$n" >/dev/null
    done
    if [ "$servers" -gt 1 ]; then url=http://localhost:${CODEARENA_LB_PORT:-8080}/; else url=http://localhost:${CODEARENA_HTTP_PORT:-9080}/; fi
    # the matchmaker must know every agent before the burst
    for _ in $(seq 1 30); do
      [ "$(curl -fs "${url}health/ready" | grep -o '"runners":[0-9]*' | cut -d: -f2)" = "$agents" ] && break
      sleep 1
    done
    # a warm-up burst, not counted: a freshly started server and agent run their first hundred runs slower (JIT)
    ./arena load runs --url "$url" --requests 100 --task hello-python --users 40 --timeout-s 600 >/dev/null 2>&1 || true
    ./arena load runs --url "$url" --requests "$python_runs" --task hello-python --users 40 --timeout-s 1800 \
      --json "$out/s$servers-a$agents-python.json" 2>/dev/null | grep -E "throughput|round trip" || true
    ./arena load runs --url "$url" --requests "$waiting_runs" --task half-second --users 40 --timeout-s 1800 \
      --json "$out/s$servers-a$agents-waiting.json" 2>/dev/null | grep -E "throughput|round trip" || true
  done
  # back to the first server alone before the next layout
  [ "$servers" -gt 1 ] && { ./arena down liberty-2 >/dev/null; ./arena down haproxy >/dev/null; }
done
python3 - "$out" "$agent_counts" "$server_counts" <<'PY' | tee "$out/summary.md"
import json, sys
out, agents, servers = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
print("| servers | agents | hello-python runs/s | p50 round trip ms | half-second runs/s | p50 round trip ms |")
print("|---|---|---|---|---|---|")
for s in servers:
    for a in agents:
        row = [s, a]
        for kind in ("python", "waiting"):
            try:
                summary = json.load(open(f"{out}/s{s}-a{a}-{kind}.json"))["summary"]
                row += [f"{summary['throughput']:.1f}", f"{summary['roundTripMillis']['p50']:.0f}"]
            except (OSError, KeyError):
                row += ["–", "–"]
        print("| " + " | ".join(row) + " |")
PY
