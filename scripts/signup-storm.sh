#!/usr/bin/env bash
# The sign-up storm: N people sign up for one base name at the same moment, each taking the suggestion on
# 409 as a person would; with the rate limits off (one machine plays everyone) and the hashing pool as wide
# as the machine's cores. Prints the load tool's report and how much of the time password hashing took
# (the server's codearena_password_hashing gauge, before and after).
#   scripts/signup-storm.sh [N] [BASE]        e.g. scripts/signup-storm.sh 10000 alanturing
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
people=${1:-10000}
base=${2:-storm$(date +%s)x}
out=target/signup-storm
mkdir -p "$out"
./arena down >/dev/null 2>&1 || true
echo "== starting the platform: rate limits off, $(nproc) hashing threads"
CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0 CODEARENA_RATELIMIT_AVAILABILITY_PER_MINUTE=0 \
  CODEARENA_PASSWORD_HASH_THREADS=$(nproc) ./arena up >/dev/null
metric() { curl -s "http://localhost:${CODEARENA_HTTP_PORT:-9080}/metrics?scope=application" | awk -v m="$1" '$1 ~ "^"m"[{ ]" || $1 == m {print $2}' | tail -n 1; }
hashes_before=$(metric codearena_password_hashes); seconds_before=$(metric codearena_password_hashing_seconds)
echo "== $people sign-ups for '$base' at once"
./arena load signups --requests "$people" --base "$base" --timeout-s 3600 \
  --json "$out/storm.json" --report "$out/storm.html" 2>/dev/null
hashes_after=$(metric codearena_password_hashes); seconds_after=$(metric codearena_password_hashing_seconds)
python3 - "$out/storm.json" "${hashes_before:-0}" "${hashes_after:-0}" "${seconds_before:-0}" "${seconds_after:-0}" "$(nproc)" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
hashes = float(sys.argv[3]) - float(sys.argv[2]); seconds = float(sys.argv[5]) - float(sys.argv[4]); threads = int(sys.argv[6])
wall = s["durationSeconds"]
print(f"password hashes: {hashes:.0f}, hashing time {seconds:,.0f} s summed over {threads} threads "
      f"({seconds / max(hashes, 1) * 1000:.0f} ms a hash; {seconds / threads:,.0f} s of the {wall:,.0f} s wall time "
      f"at {threads} at once: {seconds / threads / max(wall, 1) * 100:.0f} %)")
PY
