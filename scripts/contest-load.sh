#!/usr/bin/env bash
# A contest under load, with the leaderboard cache on and then off, in one run: a contest with K seeded
# participants (accounts and standings written straight into PostgreSQL: a big board without judging K
# submissions first), then for S seconds N live contestants submitting and M viewers reading the
# leaderboard once a second each (the load tool's contest scenario, an open model), while wrk reads it as
# fast as W connections can (the JDK client of the load tool tops out at a few hundred requests a second
# on this machine: wrk measures what the server can serve). Prints both runs' figures and the CPU each
# process used. Restarts the platform (cheap password hashing, no sign-up limits: set-up speed only).
#   scripts/contest-load.sh [K] [N] [M] [S] [W]    e.g. scripts/contest-load.sh 10000 20 50 60 20
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v wrk >/dev/null || { echo "wrk is needed: sudo apt-get install wrk"; exit 1; }
seeded=${1:-10000}
contestants=${2:-20}
viewers=${3:-50}
seconds=${4:-60}
connections=${5:-20}
url=http://localhost:${CODEARENA_HTTP_PORT:-9080}/
out=target/contest-load
mkdir -p "$out"
state=${CODEARENA_STATE_DIR:-.arena}
source scripts/lib/accounts.sh

run() {   # run MODE (cache on|off)
  local mode=$1 cache=true
  [ "$mode" = off ] && cache=false
  ./arena down >/dev/null 2>&1 || true
  echo "== leaderboard cache $mode: starting the platform"
  CODEARENA_LEADERBOARD_CACHE=$cache CODEARENA_PASSWORD_PBKDF2_ITERATIONS=1000 CODEARENA_RATELIMIT_SIGNUP_PER_MINUTE=0 \
    CODEARENA_RATELIMIT_AVAILABILITY_PER_MINUTE=0 ./arena up >/dev/null
  local token slug
  account_with_role "$url" admin ADMIN
  token=$account_token
  slug=load-$mode-$(date +%s)
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    "${url}api/v1/contests" -d "{\"slug\":\"$slug\",\"title\":\"Load $mode\",\"startsAt\":\"$(date -u -d '-1 min' +%FT%TZ)\",
    \"endsAt\":\"$(date -u -d '+3 hour' +%FT%TZ)\",\"tasks\":[\"hello-arena\",\"sum-of-two\",\"reverse-words\"],
    \"regions\":[\"EU\",\"NA\",\"APAC\"]}"
  echo "== seeding $seeded participants with standings into $slug"
  ./arena psql -q -v ON_ERROR_STOP=1 -v slug="$slug" -v n="$seeded" >/dev/null <<'SQL'
SELECT id AS contest_id, task_ids FROM contest WHERE slug = :'slug' \gset
INSERT INTO account (username, username_key, email, password_hash, created_at)
  SELECT 'lb' || :'contest_id' || 'p' || g || 'z', 'lb' || :'contest_id' || 'p' || g || 'z',
         'lb' || :'contest_id' || 'p' || g || 'z@example.org', 'seeded-no-login', now()
  FROM generate_series(1, :n) g;
INSERT INTO contest_entry (contest_id, account_id, region, joined_at)
  SELECT :contest_id, a.id, (ARRAY['EU','NA','APAC'])[1 + a.id % 3], now()
  FROM account a WHERE a.username LIKE 'lb' || :'contest_id' || 'p%';
INSERT INTO contest_standing (contest_id, account_id, task_id, submission_id, score, submitted_at, attempts)
  SELECT :contest_id, a.id, t::bigint, 0, (random() * 9)::int, now() - random() * interval '50 seconds', 1 + (random() * 3)::int
  FROM account a, unnest(string_to_array(:'task_ids', ',')) t
  WHERE a.username LIKE 'lb' || :'contest_id' || 'p%';
ANALYZE contest_standing;
SQL
  local postmaster sampler
  postmaster=$(head -n 1 "$state/pg/primary/postmaster.pid")
  scripts/process-cpu.py sample postgres=tree:"$postmaster" liberty=cmd:ws-javaagent.jar loadtool=cmd:loadtest.jar \
    > "$out/cpu-$mode.txt" &
  sampler=$!
  echo "== $contestants contestants submit, $viewers viewers read the leaderboard, for $seconds s"
  local started ended
  started=$(date +%s%3N)
  local wrk_pid
  (sleep 5; wrk -t2 -c"$connections" -d"$((seconds - 5))s" --timeout 30s --latency \
    "${url}api/v1/contests/$slug/leaderboard" > "$out/wrk-$mode.txt" 2>&1) &
  wrk_pid=$!
  ./arena load contest --contest "$slug" --contestants "$contestants" --viewers "$viewers" --duration "$seconds" \
    --timeout-s 60 --json "$out/contest-$mode.json" --report "$out/contest-$mode.html" | tail -n 12
  wait "$wrk_pid"
  ended=$(date +%s%3N)
  echo "wrk, $connections connections:"; grep -E 'Requests/sec|Non-2xx|50%|99%' "$out/wrk-$mode.txt" || true
  kill "$sampler" 2>/dev/null || true
  scripts/process-cpu.py report "$started" "$ended" "$out/cpu-$mode.txt" postgres liberty loadtool
}

run on
run off
python3 - "$out/contest-on.json" "$out/contest-off.json" <<'PY'
import json, sys
on, off = (json.load(open(p))["summary"] for p in sys.argv[1:3])
def ms(summary, key):
    return summary["roundTripMillis"][key]
print("\nleaderboard reads      cache on    cache off   off / on")
for key in ("p50", "p99"):
    a, b = ms(on, key), ms(off, key)
    print(f"{key:<22}{a:>9.1f} ms{b:>9.1f} ms{b / a:>9.1f}x")
print(f"{'errors':<22}{on['errors']:>12}{off['errors']:>12}")
PY
