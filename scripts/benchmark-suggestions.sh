#!/usr/bin/env bash
# Username suggestions: the suffix index against the regular-expression scan, with 1k, 10k and 100k existing
# names, in one JMH run against the PostgreSQL of ./arena up (started if needed). Extra arguments go to JMH.
#   scripts/benchmark-suggestions.sh [JMH OPTIONS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./arena up >/dev/null
[ -f benchmarks/target/benchmarks.jar ] || mvn -B -ntp -q install -DskipTests -pl benchmarks -am
ARENA_ROOT=$PWD
# shellcheck source=../arena.conf
source arena.conf
# shellcheck disable=SC1091
source "$CODEARENA_STATE_DIR/secrets.env"
exec java -Dcodearena.db.url="jdbc:postgresql://localhost:$CODEARENA_DB_PORT/$CODEARENA_DB_NAME" \
  -Dcodearena.db.user="$CODEARENA_DB_USER" -Dcodearena.db.password="$CODEARENA_DB_PASSWORD" \
  -jar benchmarks/target/benchmarks.jar SuggestionBenchmark "$@"
