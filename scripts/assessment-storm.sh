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
echo "== starting the platform: password hashing at 1,000 iterations, no sign-up limits (set-up speed only)"
CODEARENA_PASSWORD_PBKDF2_ITERATIONS=1000 CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0 \
  CODEARENA_RATELIMIT_AVAILABILITY_PER_MINUTE=0 ./arena up >/dev/null

recruiter=recruiter$(date +%s)x
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "${url}api/v1/accounts" \
  -d "{\"username\":\"$recruiter\",\"email\":\"$recruiter@example.org\",\"password\":\"$password\"}"
./arena grant "$recruiter" RECRUITER

# PostgreSQL's CPU: every 200 ms, the clock ticks used by the primary's processes (the postmaster, its
# backends, and through the postmaster's children's time the backends that have exited)
state=${CODEARENA_STATE_DIR:-.arena}
postmaster=$(head -n 1 "$state/pg/primary/postmaster.pid")
python3 - "$postmaster" > "$out/postgres-cpu.txt" <<'PY' &
import os, sys, time
postmaster = sys.argv[1]
def ticks(pid, children=False):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        used = int(fields[11]) + int(fields[12])
        # the postmaster's cutime and cstime: backends that have exited
        return used + (int(fields[13]) + int(fields[14]) if children else 0), fields[1]
    except (OSError, IndexError, ValueError):
        return 0, None
while True:
    total = ticks(postmaster, children=True)[0]
    for pid in os.listdir("/proc"):
        if pid.isdigit() and pid != postmaster:
            used, parent = ticks(pid)
            if parent == postmaster:
                total += used
    print(int(time.time() * 1000), total, flush=True)
    time.sleep(0.2)
PY
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

echo "== $candidates candidates press Start within $within s"
./arena load assessment-start --candidates "$candidates" --within-s "$within" --recruiter "$recruiter:$password" \
  --timeout-s 600 --json "$out/start.json" --report "$out/start.html" --fail-if 'errors==0'
kill $sampler 2>/dev/null || true
python3 - "$out/start.json" "$out/postgres-cpu.txt" "$(getconf CLK_TCK)" "$(nproc)" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
start, end = report["extra"]["stormStartedAtEpochMillis"], report["extra"]["stormEndedAtEpochMillis"]
samples = [tuple(map(int, line.split())) for line in open(sys.argv[2]) if line.strip()]
inside = [s for s in samples if start <= s[0] <= end]
if len(inside) >= 2:
    seconds = (inside[-1][0] - inside[0][0]) / 1000
    cpu = (inside[-1][1] - inside[0][1]) / int(sys.argv[3])
    print(f"PostgreSQL CPU during the storm: {cpu:.1f} CPU-seconds in {seconds:.1f} s = {cpu / seconds:.2f} cores "
          f"({cpu / seconds / int(sys.argv[4]) * 100:.0f} % of the machine's {sys.argv[4]} cores)")
PY
