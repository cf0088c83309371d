#!/usr/bin/env bash
# Runs the JMH benchmarks of the project: scripts/bench.sh [regex of benchmark names] [JMH options]
#   scripts/bench.sh HistoryLookup          history facts with 10k and 1M stored screenings (PostgreSQL)
#   scripts/bench.sh Engine                 the engine against the raw CEL floor, and their ratio
# Results: docs/benchmarks.md. The JSON results are left in target/jmh-result.json.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp test-compile
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main -foe true \
  -rf json -rff target/jmh-result.json "${@:-.*Benchmark.*}"

# The engine's ratio to its floor, when both were measured.
python3 - target/jmh-result.json <<'PY'
import json, sys
results = {r["benchmark"].rsplit(".", 1)[-1]: r["primaryMetric"]
           for r in json.load(open(sys.argv[1])) if "EngineBenchmark" in r["benchmark"]}
if "full" in results and "celFloor" in results:
    def shown(m):
        error = m["scoreError"]
        return f"{m['score']:.2f}" + (f" ± {error:.2f}" if isinstance(error, (int, float)) else "") + " us"
    full, floor = results["full"], results["celFloor"]
    print(f"\nengine per request: {shown(full)}; CEL floor: {shown(floor)}; "
          f"ratio full / floor: {full['score'] / floor['score']:.2f} (target: at most 2)")
PY
