#!/usr/bin/env bash
# Round trips per language with the runner agents of an earlier commit against the current ones, in one run:
# the agents are swapped between rounds (alternating which goes first) on the same running platform, so both
# meet the same machine, server and database. Prints the before/after table (medians over all rounds).
#
#   scripts/compare-sandbox.sh BEFORE_REV [RUNS_PER_ROUND] [ROUNDS]
#   scripts/compare-sandbox.sh env:NAME=VALUE [RUNS_PER_ROUND] [ROUNDS]
#       "before" is then the current agents with that setting, e.g. env:CODEARENA_RUNNER_SANDBOX_PRESPAWN=false
#
# Needs a running platform (./arena up) and root (the benchmark runs bubblewrap itself for the floor).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
before=${1:?usage: scripts/compare-sandbox.sh BEFORE_REV [RUNS_PER_ROUND] [ROUNDS]}
runs=${2:-10}
rounds=${3:-2}
state=${CODEARENA_STATE_DIR:-$PWD/.arena}
results=$state/compare-sandbox-$(date +%Y%m%d-%H%M%S).jsonl
before_env=()
if [[ "$before" == env:* ]]; then
  before_env=("${before#env:}")
  before_jar=$PWD/runner-agent/target/runner-agent.jar
else
  before_jar=$state/runner-agent-$before.jar
fi

if [ ! -f "$before_jar" ]; then
  echo "building the runner agent of $before"
  tree=$(mktemp -d)
  git worktree add -q --detach "$tree" "$before"
  (cd "$tree" && mvn -B -ntp -q install -pl runner-agent -am -DskipTests -Dmaven.install.skip=true) \
    || { git worktree remove --force "$tree"; exit 1; }
  cp "$tree/runner-agent/target/runner-agent.jar" "$before_jar"
  git worktree remove --force "$tree"
fi

use_agents() {
  local jar=$1 i
  shift
  for i in $(seq 1 "${CODEARENA_RUNNERS:-2}"); do ./arena down "runner-$i" >/dev/null; done
  env "$@" CODEARENA_RUNNER_JAR="$jar" ./arena up >/dev/null
  # the agents register, and the warm compiler (where there is one) warms up
  sleep 12
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="before after"; else order="after before"; fi
  for variant in $order; do
    echo "round $round/$rounds: $variant"
    if [ "$variant" = before ]; then use_agents "$before_jar" "${before_env[@]}"; else use_agents "$PWD/runner-agent/target/runner-agent.jar"; fi
    python3 scripts/roundtrip-benchmark.py --runs "$runs" --label "$variant" --json "$results" >/dev/null
  done
done
use_agents "$PWD/runner-agent/target/runner-agent.jar"
echo
echo "before = runner agents of $before, after = these ($(git rev-parse --short HEAD), as configured); $rounds rounds of $runs runs each"
python3 scripts/roundtrip-benchmark.py --summarize "$results"
echo "(all measurements: $results)"
