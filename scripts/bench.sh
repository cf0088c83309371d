#!/usr/bin/env bash
# Runs the JMH benchmarks of the project: scripts/bench.sh [regex of benchmark names] [JMH options]
#   scripts/bench.sh HistoryLookup          history facts with 10k and 1M stored screenings (PostgreSQL)
#   scripts/bench.sh Engine                 the engine against the raw CEL floor
# Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp test-compile
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main -foe true "${@:-.*Benchmark.*}"
