#!/usr/bin/env bash
# Round trips per language with the runner agents and the server (codearena.ear) of an earlier commit against the
# current ones, in one run: they are swapped between rounds (alternating which goes first) on the same running
# platform, so both meet the same machine, broker and database. Liberty restarts when the server changes, so every
# round begins with unmeasured warm-up runs: 500 back to back by default (CODEARENA_COMPARE_WARMUP_RUNS), until the
# JIT has compiled what a run goes through, as on a server that has been up for a while (after 15 runs Python's
# overhead is still about 20 ms, after 500 about 5 ms; docs/benchmarks.md). Prints the before/after table (medians
# over all rounds).
#
#   scripts/compare-sandbox.sh BEFORE_REV [RUNS_PER_ROUND] [ROUNDS]
#   scripts/compare-sandbox.sh env:NAME=VALUE [RUNS_PER_ROUND] [ROUNDS]
#   CODEARENA_COMPARE_LANGUAGES=python,c limits the languages measured (all five by default)
#       "before" is then the current agents with that setting, e.g. env:CODEARENA_RUNNER_SANDBOX_PRESPAWN=false
#
# Needs a running platform (./arena up) and root (the benchmark runs bubblewrap itself for the floor).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
before=${1:?usage: scripts/compare-sandbox.sh BEFORE_REV [RUNS_PER_ROUND] [ROUNDS]}
runs=${2:-10}
rounds=${3:-2}
warmup=${CODEARENA_COMPARE_WARMUP_RUNS:-500}
state=${CODEARENA_STATE_DIR:-$PWD/.arena}
results=$state/compare-sandbox-$(date +%Y%m%d-%H%M%S).jsonl
deployed_ear=$PWD/ear/target/liberty/wlp/usr/servers/codearena/apps/codearena.ear
current_jar=$PWD/runner-agent/target/runner-agent.jar
current_ear=$state/codearena-current.ear
cp "$deployed_ear" "$current_ear"

before_env=()
if [[ "$before" == env:* ]]; then
  before_env=("${before#env:}")
  before_jar=$current_jar
  before_ear=$current_ear
else
  before_jar=$state/runner-agent-$before.jar
  before_ear=$state/codearena-$before.ear
  if [ ! -f "$before_jar" ] || [ ! -f "$before_ear" ]; then
    echo "building the runner agent and the server of $before"
    tree=$(mktemp -d)
    git worktree add -q --detach "$tree" "$before"
    (cd "$tree" && mvn -B -ntp -q package -pl runner-agent,ear -am -DskipTests) \
      || { git worktree remove --force "$tree"; exit 1; }
    cp "$tree/runner-agent/target/runner-agent.jar" "$before_jar"
    cp "$tree/ear/target/codearena.ear" "$before_ear"
    git worktree remove --force "$tree"
  fi
fi

use_variant() {
  local jar=$1 ear=$2 i
  shift 2
  for i in $(seq 1 "${CODEARENA_RUNNERS:-2}"); do ./arena down "runner-$i" >/dev/null; done
  if ! cmp -s "$ear" "$deployed_ear"; then
    ./arena down liberty >/dev/null
    cp "$ear" "$deployed_ear"
  fi
  env "$@" CODEARENA_RUNNER_JAR="$jar" ./arena up >/dev/null
  # the agents register and the warm compiler (where there is one) warms up; then the server's code warms up
  sleep 12
  python3 scripts/roundtrip-benchmark.py --runs "$warmup" --languages python --pause-ms 0 >/dev/null 2>"$state/compare-warmup.log" \
    || { echo "error: the warm-up runs failed (see $state/compare-warmup.log)" >&2; exit 1; }
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="before after"; else order="after before"; fi
  for variant in $order; do
    echo "round $round/$rounds: $variant"
    if [ "$variant" = before ]; then
      use_variant "$before_jar" "$before_ear" "${before_env[@]}"
    else
      use_variant "$current_jar" "$current_ear"
    fi
    python3 scripts/roundtrip-benchmark.py --runs "$runs" --label "$variant" --json "$results" \
      --languages "${CODEARENA_COMPARE_LANGUAGES:-python,javascript,c,cpp,java}" >/dev/null
  done
done
use_variant "$current_jar" "$current_ear"
echo
echo "before = runner agents and server of $before, after = these ($(git rev-parse --short HEAD), as configured);" \
  "$rounds rounds of $runs runs each"
python3 scripts/roundtrip-benchmark.py --summarize "$results"
echo "(all measurements: $results)"
