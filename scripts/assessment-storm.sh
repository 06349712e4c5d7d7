#!/usr/bin/env bash
# The hiring event: N candidates press Start on one assessment within S seconds (the load tool's
# assessment-start scenario), with PostgreSQL's CPU measured during the storm. Restarts the platform first
# with cheap password hashing and no sign-up limits: setting up N accounts is not what is measured, and one
# machine plays every candidate.
#   scripts/assessment-storm.sh [N] [S]        e.g. scripts/assessment-storm.sh 10000 10
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
candidates=${1:-10000}
within=${2:-10}
url=http://localhost:${CODEARENA_HTTP_PORT:-9080}/
out=target/assessment-storm
mkdir -p "$out"
./arena down >/dev/null 2>&1 || true
echo "== starting the platform: password hashing at 1,000 iterations, no sign-up or login limits (set-up speed only)"
CODEARENA_PASSWORD_PBKDF2_ITERATIONS=1000 CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0 CODEARENA_RATELIMIT_LOGIN_PER_MINUTE=0 \
  CODEARENA_RATELIMIT_AVAILABILITY_PER_MINUTE=0 ./arena up >/dev/null

recruiter=recruiter$(date +%s)x
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "${url}api/v1/accounts" \
  -d "{\"username\":\"$recruiter\",\"email\":\"$recruiter@example.org\",\"password\":\"$password\"}"
./arena grant "$recruiter" RECRUITER

# where the CPU goes: PostgreSQL (the postmaster and its backends), Liberty, the load tool
state=${CODEARENA_STATE_DIR:-.arena}
postmaster=$(head -n 1 "$state/pg/primary/postmaster.pid")
scripts/process-cpu.py sample postgres=tree:"$postmaster" liberty=cmd:ws-javaagent.jar loadtool=cmd:loadtest.jar \
  > "$out/cpu.txt" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

echo "== $candidates candidates press Start within $within s"
./arena load assessment-start --candidates "$candidates" --within-s "$within" --recruiter "$recruiter:$password" \
  --timeout-s 600 --json "$out/start.json" --report "$out/start.html" --fail-if 'errors==0'
kill $sampler 2>/dev/null || true
read -r started ended < <(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["extra"]; print(e["stormStartedAtEpochMillis"], e["stormEndedAtEpochMillis"])' "$out/start.json")
echo "== CPU during the storm"
scripts/process-cpu.py report "$started" "$ended" "$out/cpu.txt" postgres liberty loadtool
