#!/usr/bin/env bash
# The hot paths' regression guard (#19): reruns, in one session on this machine, the figures that say whether the
# platform still serves its hot paths at the machine's speed, and prints them with their ratios:
#   1. reads: wrk against a static page, the languages and a task's page (served from memory), requests/s and
#      each API read as a share of the static page;
#   2. the load tool against wrk on GET /api/v1/languages with the same connections: requests/s and CPU per
#      request of each client;
#   3. the Start storm: N candidates press Start within 10 s (after warm-up storms on other assessments, as on a
#      server that has been up), p50/p99, errors, and Liberty's CPU per Start;
#   4. the matchmaker's decisions per second (JMH).
# Restarts the platform with cheap password hashing and no sign-up or login limits (set-up speed only: none of
# it is on a measured path). Results: target/hot-paths/ (summary.json and each tool's output).
#   scripts/hot-paths.sh [CANDIDATES] [CONNECTIONS] [SECONDS]     e.g. scripts/hot-paths.sh 10000 50 10
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
candidates=${1:-10000}
connections=${2:-50}
seconds=${3:-10}
url=http://localhost:${CODEARENA_HTTP_PORT:-9080}/
out=target/hot-paths
rm -rf "$out" && mkdir -p "$out"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing wrk (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1
  fi
fi
[ -f benchmarks/target/benchmarks.jar ] && [ -f loadtest/target/loadtest.jar ] || ./arena build

./arena down >/dev/null 2>&1 || true
echo "== starting the platform: password hashing at 1,000 iterations, no sign-up or login limits"
CODEARENA_PASSWORD_PBKDF2_ITERATIONS=1000 CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0 CODEARENA_RATELIMIT_LOGIN_PER_MINUTE=0 \
  CODEARENA_RATELIMIT_AVAILABILITY_PER_MINUTE=0 ./arena up >/dev/null

state=${CODEARENA_STATE_DIR:-.arena}
postmaster=$(head -n 1 "$state/pg/primary/postmaster.pid")
scripts/process-cpu.py sample postgres=tree:"$postmaster" liberty=cmd:ws-javaagent.jar loadtool=cmd:loadtest.jar \
  wrk=cmd:"wrk -t" > "$out/cpu.txt" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT
now_ms() { date +%s%3N; }
cpu_of() { # start-ms end-ms name: the CPU-seconds that process used in between
  scripts/process-cpu.py report "$1" "$2" "$out/cpu.txt" postgres liberty loadtool wrk \
    | sed -nE "s/^$3 CPU: ([0-9.]+) CPU-seconds.*/\\1/p"
}

wrk_run() { # name path -> writes $out/wrk-name.txt
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s --latency "$url$2" > "$out/wrk-$1.txt" 2>&1
}
rps() { grep -E '^Requests/sec' "$1" | awk '{print $2}'; }

echo "== warming up (JIT): 5 s of each read, Start storms of 2,000, 6,000 and 6,000 candidates"
for path in index.html api/v1/languages api/v1/tasks/sum-of-two; do
  wrk -t2 -c"$connections" -d5s "$url$path" >/dev/null 2>&1
done
recruiter=recruiter$(date +%s)x
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "${url}api/v1/accounts" \
  -d "{\"username\":\"$recruiter\",\"email\":\"$recruiter@example.org\",\"password\":\"$password\"}"
./arena grant "$recruiter" RECRUITER >/dev/null
# the JIT needs about 14,000 Starts before it has compiled the path for good: measured on a server just started,
# a 6,000-candidate storm took 2.4 ms of Liberty's CPU per Start, the next one 1.55 ms, the one after 0.8 ms
for warm in 2000 6000 6000; do
  ./arena load assessment-start --candidates "$warm" --within-s 10 --recruiter "$recruiter:$password" --timeout-s 600 \
    --json "$out/warmup-$warm.json" >> "$out/warmup.txt" 2>&1
done

echo "== reads: wrk -t2 -c$connections, ${seconds} s each"
wrk_run static index.html
wrk_run languages api/v1/languages
wrk_run task api/v1/tasks/sum-of-two

echo "== the load tool against wrk on api/v1/languages, $connections connections"
t0=$(now_ms); wrk_run wrk-languages api/v1/languages; t1=$(now_ms)
./arena load get --path api/v1/languages --concurrency "$connections" --duration "$seconds" \
  --json "$out/loadtool-get.json" > "$out/loadtool-get.txt" 2>&1 || true
t2=$(now_ms)
wrk_cpu=$(cpu_of "$t0" "$t1" wrk); tool_cpu=$(cpu_of "$t1" "$t2" loadtool)

echo "== the Start storm: $candidates candidates within 10 s"
./arena load assessment-start --candidates "$candidates" --within-s 10 --recruiter "$recruiter:$password" \
  --timeout-s 600 --json "$out/start.json" --report "$out/start.html" > "$out/start.txt" 2>&1 || true
read -r started ended < <(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["extra"]; print(e["stormStartedAtEpochMillis"], e["stormEndedAtEpochMillis"])' "$out/start.json")
liberty_cpu=$(cpu_of "$started" "$ended" liberty); postgres_cpu=$(cpu_of "$started" "$ended" postgres)
start_tool_cpu=$(cpu_of "$started" "$ended" loadtool)

kill $sampler 2>/dev/null || true
echo "== the matchmaker (JMH, about a minute)"
java -jar benchmarks/target/benchmarks.jar 'MatchDecisionBenchmark' -rf json -rff "$out/jmh.json" > "$out/jmh.txt" 2>&1 || true

python3 - "$out" "$connections" "$seconds" "$wrk_cpu" "$tool_cpu" "$liberty_cpu" "$postgres_cpu" "$start_tool_cpu" <<'EOF'
import json, re, sys
out, connections, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
wrk_cpu, tool_cpu, liberty_cpu, postgres_cpu, start_tool_cpu = map(float, sys.argv[4:9])

def wrk(name):
    text = open(f"{out}/wrk-{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: .*", text)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {"rps": rps, "requests": total, "non2xx": int(bad.group(1)) if bad else 0,
            "p99Ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else None, "socketErrors": errors.group(0) if errors else None}

reads = {name: wrk(name) for name in ("static", "languages", "task")}
wrk_languages = wrk("wrk-languages")
tool = json.load(open(f"{out}/loadtool-get.json"))["summary"]
start = json.load(open(f"{out}/start.json"))["summary"]
jmh = {}
try:
    for row in json.load(open(f"{out}/jmh.json")):
        jmh[row["benchmark"].rsplit(".", 1)[1]] = row["primaryMetric"]["score"]
except (OSError, ValueError):
    pass
summary = {
    "reads": reads,
    "readsShareOfStatic": {name: reads[name]["rps"] / reads["static"]["rps"] for name in ("languages", "task")},
    "loadTool": {"rps": tool["throughput"], "requests": tool["count"], "errors": tool["errors"],
                 "cpuMsPerRequest": 1000 * tool_cpu / max(1, tool["count"])},
    "wrkSameRun": {"rps": wrk_languages["rps"], "requests": wrk_languages["requests"],
                   "cpuMsPerRequest": 1000 * wrk_cpu / max(1, wrk_languages["requests"])},
    "start": {"candidates": start["count"], "ok": start["ok"], "errors": start["errors"], "timeouts": start["timeouts"],
              "servedInSeconds": start["durationSeconds"], "p50Ms": start["roundTripMillis"]["p50"],
              "p99Ms": start["roundTripMillis"]["p99"], "libertyCpuMsPerStart": 1000 * liberty_cpu / max(1, start["count"]),
              "postgresCpuMsPerStart": 1000 * postgres_cpu / max(1, start["count"]),
              "loadToolCpuMsPerStart": 1000 * start_tool_cpu / max(1, start["count"])},
    "jmhOpsPerSecond": jmh,
}
json.dump(summary, open(f"{out}/summary.json", "w"), indent=2)
s = summary
print()
print(f"| figure | measured | goal |")
print(f"|---|---:|---|")
print(f"| static page, requests/s (wrk -c{connections}) | {reads['static']['rps']:,.0f} | |")
for name, path in (("languages", "GET /api/v1/languages"), ("task", "GET /api/v1/tasks/sum-of-two")):
    print(f"| {path}, requests/s | {reads[name]['rps']:,.0f} ({100 * s['readsShareOfStatic'][name]:.0f} % of static) | ≥ 70 % of static |")
print(f"| load tool on languages, requests/s | {s['loadTool']['rps']:,.0f} ({s['loadTool']['rps'] / s['wrkSameRun']['rps']:.2f}× wrk's {s['wrkSameRun']['rps']:,.0f}) | ≥ 0.5× wrk |")
print(f"| load tool CPU per request | {s['loadTool']['cpuMsPerRequest']:.3f} ms (wrk {s['wrkSameRun']['cpuMsPerRequest']:.3f} ms) | ≤ 0.3 ms |")
st = s["start"]
print(f"| Start storm: {st['candidates']:,} within 10 s | served in {st['servedInSeconds']:.1f} s, p50 {st['p50Ms']:,.0f} ms, p99 {st['p99Ms']:,.0f} ms, {st['errors']} errors, {st['timeouts']} timeouts | p99 ≤ 2 s, 0 errors |")
print(f"| Liberty CPU per Start | {st['libertyCpuMsPerStart']:.2f} ms (PostgreSQL {st['postgresCpuMsPerStart']:.2f} ms, load tool {st['loadToolCpuMsPerStart']:.2f} ms) | ≤ 1 ms |")
for name, score in jmh.items():
    print(f"| JMH {name}, decisions/s | {score:,.0f} | {'≥ 1,000,000' if name == 'matchBoard' else 'baseline'} |")
print(f"\nfigures: {out}/summary.json")
EOF
