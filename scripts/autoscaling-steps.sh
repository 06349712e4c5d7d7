#!/usr/bin/env bash
# The autoscaler against a fixed number of runners, in one session on one machine: the same load in steps
# (Python runs at a rate that steps up and down) first with the runners ./arena up starts and autoscaling off, then
# with autoscaling on between MIN and MAX runners. Per 10 s window: arrival rate, runners serving, p95 round trip.
# Writes target/autoscaling-steps/{fixed,scaled}.{csv,html,json}, summary.md (p95 per step, time back under target)
# and autoscaling-steps.svg (both runs, one above the other).
#   scripts/autoscaling-steps.sh [STEPS] [MIN] [MAX] [TASK]   e.g. scripts/autoscaling-steps.sh 0.5x60,3x90,0.5x90,6x90,0.5x90 1 6
# The default task, half-second, is a run that holds its runner for half a second with little CPU: on one machine
# that is what runners on hosts of their own are (each added runner brings capacity); with CPU-bound runs (TASK
# hello-python) the runners on one machine share its cores and adding them cannot add capacity past the cores.
# Starts the platform itself (plain ./arena up with its defaults) and leaves it running with autoscaling off.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
steps=${1:-0.5x60,3x90,0.5x90,6x90,0.5x90}
min=${2:-1}
max=${3:-6}
task=${4:-half-second}
out=target/autoscaling-steps
mkdir -p "$out"
port=${CODEARENA_HTTP_PORT:-9080}
base="http://localhost:$port/"
# one machine plays every person: no sign-up limit per client
CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0 ./arena up >/dev/null
admin="scaler$(date +%s)"
password="steps-benchmark-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
curl -sf -o /dev/null -X POST "${base}api/v1/accounts" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$admin\",\"password\":\"$password\",\"email\":\"$admin@example.org\"}"
./arena grant "$admin" ADMIN >/dev/null
token=$(curl -sf -X POST "${base}api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$admin\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
scaling() {
  curl -sf -o /dev/null -X PUT "${base}api/v1/admin/scaling" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -H "Origin: http://localhost:$port" -d "$1"
}
serving() {
  curl -sf "${base}api/v1/admin/matchmaker" -H "Authorization: Bearer $token" \
    | python3 -c 'import json,sys; print(sum(r["state"] in ("IDLE","BUSY") for r in json.load(sys.stdin)["runners"]))'
}
target=$(curl -sf "${base}api/v1/admin/scaling" -H "Authorization: Bearer $token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["defaultTargetMillis"])')

fixed=${CODEARENA_RUNNERS:-2}
echo "== fixed: $fixed runners, autoscaling off, steps $steps"
scaling "{\"enabled\":true,\"min\":$fixed,\"max\":$fixed}"
until [ "$(serving)" = "$fixed" ]; do sleep 2; done
scaling "{\"enabled\":false,\"min\":$min,\"max\":$max}"
CODEARENA_ADMIN_TOKEN=$token ./arena load runs --url "$base" --steps "$steps" --users 60 --task "$task" \
  --timeline "$out/fixed.csv" --log "$out/fixed.jsonl" --json "$out/fixed.json" --report "$out/fixed.html" 2>/dev/null | tail -n 8

echo "== autoscaled: $min to $max runners, same steps"
scaling "{\"enabled\":true,\"min\":$min,\"max\":$max}"
until [ "$(serving)" = "$min" ]; do sleep 2; done
CODEARENA_ADMIN_TOKEN=$token ./arena load runs --url "$base" --steps "$steps" --users 60 --task "$task" \
  --timeline "$out/scaled.csv" --log "$out/scaled.jsonl" --json "$out/scaled.json" --report "$out/scaled.html" 2>/dev/null | tail -n 8
curl -sf "${base}api/v1/admin/scaling" -H "Authorization: Bearer $token" >"$out/decisions.json"
scaling "{\"enabled\":true,\"min\":$fixed,\"max\":$fixed}"
until [ "$(serving)" = "$fixed" ]; do sleep 2; done
scaling "{\"enabled\":false,\"min\":$min,\"max\":$max}"

python3 scripts/lib/plot-steps.py "$out" "$steps" "$target" "$fixed" "$min" "$max" "$task"
echo "== written: $out/summary.md, $out/autoscaling-steps.svg, the load tool's reports in $out/*.html"
