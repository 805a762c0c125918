#!/usr/bin/env sh
# Runs the whole benchmark suite at full scale against the packaged application (JVM mode; with
# -Dnative, the native executable) and prints the table; results in target/bench/results.json and
# results.md. Extra arguments go to Maven, e.g. bench/run.sh -Dbench.scale=smoke, or
# bench/run.sh -Dbench.cases=hotkey,fleet,bigfleet for the open-loop cases only (docs/performance.md lists
# their properties: sizes, serve flags, serve JVM options).
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -Pbench verify "$@"
echo "results: target/bench/results.json, target/bench/results.md"
