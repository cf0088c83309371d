#!/usr/bin/env bash
# Start-up of the packaged service: launches it N times against PostgreSQL and measures the time from
# launch to the first answered screening (POST /api/v1/screenings, 201), polling every 10 ms as
# scripts/load.sh does, together with Quarkus' own "started in". Results: docs/benchmarks.md.
#
#   scripts/startup.sh [options]
# Options: --runs N           launches per variant (default 5)
#          --schema NAME      PostgreSQL schema (default bonafide_startup)
#          --fresh            drop and re-create the schema before every launch (migrations and the
#                             default ruleset are then part of the start-up); default: an existing
#                             schema (migrated and seeded by a launch beforehand, not counted)
#          --app DIR          the packaged service (default target/quarkus-app)
#          --variant "NAME[@APP-DIR]=JAVA OPTIONS"  extra JVM options for a variant, on top of the
#                             production settings, and optionally another packaged service; repeatable;
#                             variants are interleaved launch by launch.
#                             Default: one variant "production" with the launch command the README
#                             documents (the AppCDS archive is used when the build made one).
#          --peer             also launch the peer (scripts/load/peer: a minimal Quarkus REST +
#                             Hibernate ORM Panache + Flyway service, built here if missing), with
#                             the same settings, interleaved with the service
#          --recorded         also record each packaged service's AppCDS archive from a real start
#                             (scripts/appcds.sh, into app-cds-recorded.jsa beside the archive
#                             packaging wrote, which stays) and add a variant launched with it:
#                             "production-recorded" and, with --peer, "peer-recorded"; the
#                             recordings are not counted
#          --out DIR          logs (default target/startup/<time>)
# Environment: JAVA_OPTS (default: the production settings of the README), MALLOC_ARENA_MAX
#              (default 2), PORT (default 18600), PGHOST/PGPORT/PGUSER/PGDATABASE (default
#              127.0.0.1 5432 postgres test).
# Prints one line a launch and, per variant, the median and range of both times and of the CPU time
# the JVM used until the first 201 (all threads; steadier than the wall clock on a busy machine).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=5000"}
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
PORT=${PORT:-18600}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
PGDATABASE=${PGDATABASE:-test}
export PGHOST PGPORT PGUSER PGDATABASE

RUNS=5
PEER=0
PEER_APP=scripts/load/peer/target/quarkus-app
SCHEMA=bonafide_startup
FRESH=0
RECORDED=0
APP=target/quarkus-app
OUT=""
VARIANTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --schema) SCHEMA=$2; shift ;;
    --fresh) FRESH=1 ;;
    --app) APP=$2; shift ;;
    --variant) VARIANTS+=("$2"); shift ;;
    --out) OUT=$2; shift ;;
    --peer) PEER=1 ;;
    --recorded) RECORDED=1 ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$SCHEMA" in bonafide_load|bonafide_load_floor|bonafide_ci) echo "schema $SCHEMA is reserved" >&2; exit 2 ;; esac
[ -f "$APP/quarkus-run.jar" ] || { echo "no $APP/quarkus-run.jar: ./mvnw package -DskipTests first" >&2; exit 1; }
# The production launch: with the AppCDS archive when the build made one (README, "Production").
# It is launched from its directory, as the archive records the class path relative to it.
CDS=""
[ -f "$APP/app-cds.jsa" ] && CDS="-XX:SharedArchiveFile=app-cds.jsa"
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("production=$CDS")
RECORDED_ARCHIVE=app-cds-recorded.jsa
[ "$RECORDED" = 0 ] || VARIANTS+=("production-recorded@$APP=-XX:SharedArchiveFile=$RECORDED_ARCHIVE")
if [ "$PEER" = 1 ]; then
  if [ ! -f "$PEER_APP/quarkus-run.jar" ]; then
    echo "building the peer (scripts/load/peer)" >&2
    ./mvnw -B -ntp -q -f scripts/load/peer/pom.xml package -DskipTests > /dev/null
  fi
  PEER_CDS=""
  [ -f "$PEER_APP/app-cds.jsa" ] && PEER_CDS="-XX:SharedArchiveFile=app-cds.jsa"
  VARIANTS+=("peer@$PEER_APP=$PEER_CDS")
  [ "$RECORDED" = 0 ] || VARIANTS+=("peer-recorded@$PEER_APP=-XX:SharedArchiveFile=$RECORDED_ARCHIVE")
fi
OUT=${OUT:-target/startup/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

TOKEN=$(scripts/dev-token.sh screener startup-check 3600)
BODY='{"message": "Hi, I am a data engineer and would like to connect to learn more about your work.", "mutualConnections": 1, "requesterNetworkSize": 300}'
URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$SCHEMA"
PID=""
cleanup() { [ -z "$PID" ] || { kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; }; }
trap cleanup EXIT

reset_schema() {
  PGOPTIONS=--client-min-messages=warning psql -v ON_ERROR_STOP=1 -q \
    -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
}

# launch LOG JAVA-OPTIONS [APP-DIR]: sets LAUNCH_MS, the milliseconds from launch to the first 201, and
# LAUNCH_CPU_MS, the CPU milliseconds the JVM had used by then (not in a subshell: PID stays here)
launch() {
  local log=$1 extra=$2 app=${3:-$APP} started code=""
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
    MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX QUARKUS_HTTP_PORT=$PORT QUARKUS_DATASOURCE_JDBC_URL=$URL \
    QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD="" \
    bash -c 'cd "$1" && shift && exec java "$@"' _ "$app" $JAVA_OPTS $extra -jar quarkus-run.jar > "$log" 2>&1 &
  PID=$!
  while [ "$code" != 201 ]; do
    kill -0 "$PID" 2> /dev/null || { tail -n 30 "$log" >&2; echo "the service stopped while starting" >&2; exit 1; }
    [ $(( ($(date +%s%N) - started) / 1000000000 )) -lt 120 ] || { echo "no screening answered within 120 s" >&2; exit 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "localhost:$PORT/api/v1/screenings" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY" || true)
    [ "$code" = 201 ] || sleep 0.01
  done
  local elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  # CPU time the JVM used until then (user + system, all threads): less sensitive than the wall
  # clock to whatever else runs on the machine.
  # Of that, the launcher's threads (the main thread boots Quarkus) and the JIT compilers.
  local hz cpu main jit
  hz=$(getconf CLK_TCK)
  cpu=$(awk -v hz="$hz" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$PID/stat")
  read -r main jit < <(for t in /proc/"$PID"/task/*; do printf '%s\t%s\n' "$(cat "$t/comm")" "$(cut -d' ' -f14,15 < "$t/stat" 2> /dev/null)"; done \
    | awk -F'\t' -v hz="$hz" '{split($2, c, " "); t = (c[1] + c[2]) * 1000 / hz}
        $1 == "java" {m += t} $1 ~ /^C[12] CompilerThre/ {j += t} END {printf "%.0f %.0f\n", m, j}')
  LAUNCH_MS=$elapsed LAUNCH_CPU_MS=$cpu LAUNCH_MAIN_MS=$main LAUNCH_JIT_MS=$jit
  kill "$PID" 2> /dev/null || true
  wait "$PID" 2> /dev/null || true
  PID=""
}

PGOPTIONS=--client-min-messages=warning psql -v ON_ERROR_STOP=1 -q -c "CREATE SCHEMA IF NOT EXISTS $SCHEMA"
if [ "$RECORDED" = 1 ]; then
  for app in "$APP" $([ "$PEER" = 1 ] && echo "$PEER_APP"); do
    echo "recording the AppCDS archive of $app" >&2
    QUARKUS_DATASOURCE_JDBC_URL=$URL QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD="" \
      ARCHIVE=$RECORDED_ARCHIVE PORT=$((PORT + 1)) scripts/appcds.sh "$app" >&2
  done
fi

if [ "$FRESH" = 0 ]; then
  # Migrate and seed once, so that every measured launch finds an existing database.
  # (each packaged service once: the peer keeps its own table and migration history beside ours)
  for variant in "${VARIANTS[@]}"; do
    name=${variant%%=*}
    launch "$OUT/prepare-${name%%@*}.log" "${variant#*=}" "$([[ $name == *@* ]] && echo "${name#*@}")"
  done
fi

printf 'variant\trun\tschema\tfirst_201_ms\tcpu_ms\tmain_cpu_ms\tjit_cpu_ms\tstarted_in_s\n' | tee "$OUT/results.tsv"
for run in $(seq 1 "$RUNS"); do
  for variant in "${VARIANTS[@]}"; do
    name=${variant%%=*} app=$APP
    if [[ $name == *@* ]]; then app=${name#*@} name=${name%%@*}; fi
    [ "$FRESH" = 0 ] || reset_schema
    log="$OUT/$name-run$run.log"
    launch "$log" "${variant#*=}" "$app"
    ms=$LAUNCH_MS cpu=$LAUNCH_CPU_MS main=$LAUNCH_MAIN_MS jit=$LAUNCH_JIT_MS
    started_in=$(sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' "$log" | head -n 1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "$([ "$FRESH" = 1 ] && echo fresh || echo existing)" "$ms" "$cpu" "$main" "$jit" "$started_in" \
      | tee -a "$OUT/results.tsv"
  done
done

echo
python3 - "$OUT/results.tsv" << 'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
for name in dict.fromkeys(r['variant'] for r in rows):
    ms = [int(r['first_201_ms']) for r in rows if r['variant'] == name]
    col = lambda c: [int(r[c]) for r in rows if r['variant'] == name]
    cpu, main, jit = col('cpu_ms'), col('main_cpu_ms'), col('jit_cpu_ms')
    s = [float(r['started_in_s']) for r in rows if r['variant'] == name and r['started_in_s']]
    line = f'{name}: launch to first 201 median {statistics.median(ms):.0f} ms (range {min(ms)}-{max(ms)}, n={len(ms)})'
    line += (f'; CPU {statistics.median(cpu):.0f} ms (range {min(cpu)}-{max(cpu)}), of which main thread'
             f' {statistics.median(main):.0f}, JIT {statistics.median(jit):.0f}')
    if s:
        line += f'; "started in" median {statistics.median(s):.3f} s (range {min(s):.3f}-{max(s):.3f})'
    print(line)
EOF
echo "logs: $OUT"
