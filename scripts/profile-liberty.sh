#!/usr/bin/env bash
# A CPU profile of the running Liberty server, as a flame graph: async-profiler (fetched from Maven Central,
# tools.profiler:async-profiler) is attached to the server for S seconds while whatever load you run meanwhile
# goes on, then detached; nothing is restarted.
#   scripts/profile-liberty.sh [SECONDS] [OUT]     e.g. scripts/profile-liberty.sh 15 target/profile
# Writes OUT.html (open it in a browser: wider is more CPU) and OUT.collapsed (one stack a line, for scripts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-15}
out=${2:-target/profile}
version=4.1
lib=target/async-profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$lib" ]; then
  mvn -B -ntp -q dependency:copy -Dartifact=tools.profiler:async-profiler:$version -DoutputDirectory=target/async-profiler
  (cd target/async-profiler && unzip -q -o "async-profiler-$version.jar" 'linux-x64/*')
fi
pid=$(pgrep -f ws-javaagent.jar | head -n 1) || { echo "no Liberty server is running (./arena up)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
out=$(realpath -m "$out") # the server writes the files: an absolute path, whether OUT was given relative or not
java scripts/lib/Attach.java "$pid" "$PWD/$lib" start,event=cpu,interval=1ms
echo "profiling Liberty (pid $pid) for $seconds s"
sleep "$seconds"
java scripts/lib/Attach.java "$pid" "$PWD/$lib" "dump,collapsed,file=$out.collapsed"
java scripts/lib/Attach.java "$pid" "$PWD/$lib" "stop,file=$out.html"
echo "flame graph: $out.html (stacks: $out.collapsed)"
