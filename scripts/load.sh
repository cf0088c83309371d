#!/usr/bin/env bash
# Load test of the packaged service: POST /api/v1/screenings with varied, realistic requests at fixed
# concurrency levels, on PostgreSQL and on H2, against two floors measured in the same run: a trivial
# endpoint of the same service (HTTP and JSON: /bench/echo, only in a build with the Maven bench profile)
# and inserting a screening's rows into the same database at the same concurrency (pgbench on
# PostgreSQL; a JDBC loop, scripts/load/InsertFloor.java, on the embedded H2). Also start-up (launch
# to the first answered screening) and resident memory after a minute of load. On PostgreSQL, also the
# peer in the same run: what a team would build instead (scripts/load/peer: a minimal Quarkus REST +
# Hibernate ORM Panache + Flyway service that validates the same request and inserts one row per
# call, built by this script), at the same levels, with its start-up and memory. Results and how to
# read them: docs/benchmarks.md.
#
#   scripts/load.sh                 the full benchmark: 3 runs x (PostgreSQL, H2) x levels 1 8 32 128
#   scripts/load.sh --smoke         a few seconds a step, one level, both databases; fails on any
#                                   error or non-2xx answer (CI runs this)
# Options: --runs N  --levels "1 8 32 128"  --duration SECONDS  --warmup SECONDS  --db pg|h2|both
#          --no-build (reuse target/bench-pg and target/bench-h2)  --jfr (record a JFR profile of
#          the service in each run: target/load/.../*.jfr; see scripts/load/jfr-profile.py)
#          --no-peer (skip the peer)  --out DIR (default target/load/<time>)
# Environment: JAVA_OPTS and MALLOC_ARENA_MAX for the service (default: the production settings of
#              the README),
#              PORT (default 18480), PGHOST/PGPORT/PGUSER/PGDATABASE (default 127.0.0.1 5432 postgres test).
#
# Needs wrk (installed with apt-get when missing), pgbench and psql, curl, python3, and a PostgreSQL
# server that trusts the user (as in .ci/run). Service, database and load generator share the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# The JVM options documented for production (README, docker/Dockerfile.jvm), and glibc's malloc
# limited to two arenas (fewer, fuller arenas: less resident memory for the same work).
PRODUCTION_JAVA_OPTS="-Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=5000"
JAVA_OPTS=${JAVA_OPTS:-$PRODUCTION_JAVA_OPTS}
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
PORT=${PORT:-18480}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
PGDATABASE=${PGDATABASE:-test}
export PGHOST PGPORT PGUSER PGDATABASE

SMOKE=0
BUILD=1
RUNS=3
LEVELS="1 8 32 128"
DURATION=15
WARMUP=60
DBS="pg h2"
JFR=0
PEER=1
PEER_APP=scripts/load/peer/target/quarkus-app
PEER_SCHEMA=bonafide_load_peer
OUT=""
PACED_CONNECTIONS=32      # connections for the run at half the peak throughput
RSS_CONNECTIONS=32        # connections for the minute of load before reading the resident memory
PGBENCH_MAX_CLIENTS=64    # the server allows 100 connections; the service holds up to 20 of them

# A screener token for the load test's app, valid for a day (scripts/dev-token.sh, development key).
BONAFIDE_TOKEN=$(scripts/dev-token.sh screener load-test 86400)
export BONAFIDE_TOKEN

while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1; RUNS=1; LEVELS="8"; DURATION=3; WARMUP=3; PACED_CONNECTIONS=8; RSS_CONNECTIONS=8 ;;
    --no-build) BUILD=0 ;;
    --runs) RUNS=$2; shift ;;
    --levels) LEVELS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --db) case "$2" in both) DBS="pg h2" ;; pg|h2) DBS=$2 ;; *) echo "--db pg|h2|both" >&2; exit 2 ;; esac; shift ;;
    --jfr) JFR=1 ;;
    --no-peer) PEER=0 ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
OUT=${OUT:-target/load/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RESULTS=$OUT/results.tsv
NOTES=src/test/resources/bench/notes.txt
HEADLINES=src/test/resources/bench/headlines.txt
LUA=scripts/load/screenings.lua
MIGRATIONS=src/main/resources/db/migration
SCHEMA=bonafide_load
FLOOR_SCHEMA=bonafide_load_floor
HZ=$(getconf CLK_TCK)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/load.log" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---- Tools ------------------------------------------------------------------------------------
if ! command -v wrk > /dev/null; then
  log "wrk is missing: installing Debian's package"
  if [ "$(id -u)" = 0 ]; then APT=(apt-get); else APT=(sudo apt-get); fi
  "${APT[@]}" install -y -qq wrk > /dev/null 2>&1 || { "${APT[@]}" update -qq > /dev/null && "${APT[@]}" install -y -qq wrk > /dev/null; }
fi
for tool in wrk curl python3 psql pgbench javac; do
  command -v "$tool" > /dev/null || die "$tool is missing"
done
pg_isready -q || die "PostgreSQL does not answer on $PGHOST:$PGPORT"

# ---- Build ------------------------------------------------------------------------------------
# The Maven bench profile adds src/bench/java (/bench/echo); %prod settings apply (PostgreSQL, pool, limits).
if [ "$BUILD" = 1 ]; then
  log "packaging the service with the bench profile, for PostgreSQL (target/bench-pg) and H2 (target/bench-h2)"
  ./mvnw -B -ntp -q package -Dmaven.test.skip=true -Pbench \
    -Dquarkus.package.output-directory=bench-pg
  ./mvnw -B -ntp -q package -Dmaven.test.skip=true -Pbench \
    -D%prod.quarkus.datasource.db-kind=h2 -Dquarkus.package.output-directory=bench-h2
fi
if [ "$PEER" = 1 ] && [[ " $DBS " == *" pg "* ]]; then
  if [ "$BUILD" = 1 ] || [ ! -f "$PEER_APP/quarkus-run.jar" ]; then
    log "packaging the peer (scripts/load/peer)"
    ./mvnw -B -ntp -q -f scripts/load/peer/pom.xml package -DskipTests
  fi
fi
for db in $DBS; do
  [ -f "target/bench-$db/quarkus-run.jar" ] || die "target/bench-$db/quarkus-run.jar is missing: run without --no-build"
done
mkdir -p "$OUT/classes"
javac -d "$OUT/classes" scripts/load/InsertFloor.java

# ---- CPU accounting ---------------------------------------------------------------------------
# Ticks of a process and of its reaped children (a PostgreSQL backend that ended is counted in the
# postmaster's children), the PostgreSQL server's total, the machine's busy and idle ticks, and the
# CPU time of this script's own children (wrk, pgbench, the JDBC loop) in milliseconds.
proc_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12+$13+$14+$15}' || echo 0; }
pg_ticks() {
  local files=()
  for p in $(pgrep -u postgres 2>/dev/null || true); do files+=("/proc/$p/stat"); done
  [ ${#files[@]} -gt 0 ] || { echo 0; return; }
  cat "${files[@]}" 2>/dev/null | sed 's/^.*) //' | awk '{s += $12 + $13 + $14 + $15} END {print s + 0}'
}
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat; }
# (times must run in this shell, not in a subshell, to see this shell's children: it writes a file
# that a subshell then reads.)
CPU_BEFORE=()
cpu_start() {
  local busy idle
  times > "$OUT/.times"
  read -r busy idle < <(machine_ticks)
  CPU_BEFORE=("$(proc_ticks "$SERVICE_PID")" "$(pg_ticks)" "$(children_ms_file)" "$busy" "$idle")
}
children_ms_file() {
  tail -n 1 "$OUT/.times" | awk '{
    split($1, u, /[ms]/); split($2, s, /[ms]/);
    printf "%d\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }'
}
# Prints: service_us db_us client_us other_us (CPU microseconds a request) and busy_pct (all cores).
# Runs in a subshell, so this shell writes its children's times (cpu_stop) just before.
cpu_end() {
  local requests=$1 busy idle svc db client
  read -r busy idle < <(machine_ticks)
  svc=$(( $(proc_ticks "$SERVICE_PID") - CPU_BEFORE[0] ))
  db=$(( $(pg_ticks) - CPU_BEFORE[1] ))
  client=$(( $(children_ms_file) - CPU_BEFORE[2] ))
  busy=$(( busy - CPU_BEFORE[3] )); idle=$(( idle - CPU_BEFORE[4] ))
  python3 -c "
hz, n = $HZ, max(1, $requests)
svc, db, client, busy, idle = $svc / hz, $db / hz, $client / 1000, $busy / hz, $idle / hz
other = max(0.0, busy - svc - db - client)
print('%.0f\t%.0f\t%.0f\t%.0f\t%.0f' % (svc / n * 1e6, db / n * 1e6, client / n * 1e6, other / n * 1e6,
      100 * busy / max(busy + idle, 1e-9)))"
}

# ---- Results ----------------------------------------------------------------------------------
printf 'db\trun\tstep\tconnections\trps\tmean_ms\tp50_ms\tp90_ms\tp99_ms\tp999_ms\tmax_ms\tnon2xx\tsocket_errors\ttimeouts\tservice_cpu_us\tdb_cpu_us\tclient_cpu_us\tother_cpu_us\tbusy_pct\n' > "$RESULTS"
ERRORS=0
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
record() { # db run step connections RESULT-line cpu-columns
  local line=$5 n2 se to
  n2=$(field non2xx "$line"); se=$(field socket_errors "$line"); to=$(field timeouts "$line")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" \
    "$(field rps "$line")" "$(field mean_ms "$line")" "$(field p50_ms "$line")" "$(field p90_ms "$line")" \
    "$(field p99_ms "$line")" "$(field p999_ms "$line")" "$(field max_ms "$line")" "$n2" "$se" "$to" "$6" >> "$RESULTS"
  log "  $3 c=$4: $(field rps "$line") req/s, p50 $(field p50_ms "$line") ms, p99 $(field p99_ms "$line") ms, p99.9 $(field p999_ms "$line") ms, non-2xx $n2, socket errors $se, timeouts $to"
  if [ "${n2:-0}" != 0 ] || [ "${se:-0}" != 0 ] || [ "${to:-0}" != 0 ]; then
    ERRORS=$((ERRORS + 1))
    log "  ERRORS in $1 run $2 $3 c=$4"
  fi
}
record_value() { printf '%s\t%s\t%s\t\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; log "  $3: $4"; }

# ---- The service ------------------------------------------------------------------------------
SERVICE_PID=""
FLOOR_DIR=""
cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2> /dev/null; then
    kill "$SERVICE_PID" 2> /dev/null || true
    wait "$SERVICE_PID" 2> /dev/null || true
  fi
}
trap cleanup EXIT

first_screening='{"message": "Hi, I am a data engineer and would like to connect to learn more about your work.", "mutualConnections": 1, "requesterNetworkSize": 300}'

# Starts the service on a fresh database; STARTUP_MS is the time from launch to the first answered
# screening. (Not to be called in a subshell: SERVICE_PID must stay in this shell.)
start_service() {
  local db=$1 run=$2 url opts=$JAVA_OPTS
  case "$db" in
    pg)
      PGOPTIONS=--client-min-messages=warning psql -v ON_ERROR_STOP=1 -q \
        -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
      url="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$SCHEMA" ;;
    h2)
      rm -rf "$OUT/h2-data"; mkdir -p "$OUT/h2-data"
      url="jdbc:h2:file:$OUT/h2-data/bonafide" ;;
  esac
  if [ "$JFR" = 1 ]; then
    opts="$opts -XX:StartFlightRecording=settings=profile,filename=$OUT/$db-run$run.jfr"
  fi
  # Launched as the README says production is: from the application's directory, with the AppCDS
  # archive that packaging wrote (the archive records class paths relative to that directory).
  local CDS=""
  [ -f "target/bench-$db/app-cds.jsa" ] && CDS="-XX:SharedArchiveFile=app-cds.jsa"
  local started
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  # Tokens are signed with the development key; the fair-use limit is lifted, since the point here
  # is the service's capacity, not one app's share of it.
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
    BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 BONAFIDE_RATE_LIMIT_BURST=1000000 \
    MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX QUARKUS_HTTP_PORT=$PORT QUARKUS_DATASOURCE_JDBC_URL=$url \
    QUARKUS_DATASOURCE_USERNAME=$([ "$db" = pg ] && echo "$PGUSER" || echo bonafide) \
    QUARKUS_DATASOURCE_PASSWORD=$([ "$db" = pg ] && echo "" || echo bonafide) \
    bash -c 'cd "$1" && shift && exec java "$@"' _ "target/bench-$db" $opts $CDS -jar quarkus-run.jar \
    > "$OUT/$db-run$run.log" 2>&1 &
  SERVICE_PID=$!
  await_first_201 "$started" "$OUT/$db-run$run.log" "the service"
}

# Polls POST /api/v1/screenings every 10 ms until SERVICE_PID answers 201 (the peer ignores the
# token); STARTUP_MS is the time from STARTED (date +%s%N) to then.
await_first_201() {
  local started=$1 log=$2 what=$3 code=""
  while [ "$code" != 201 ]; do
    kill -0 "$SERVICE_PID" 2> /dev/null || { tail -n 30 "$log" >&2; die "$what stopped while starting"; }
    [ $(( ($(date +%s%N) - started) / 1000000000 )) -lt 120 ] || die "$what answered nothing within 120 s"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "localhost:$PORT/api/v1/screenings" \
      -H "Authorization: Bearer $BONAFIDE_TOKEN" -H 'Content-Type: application/json' -d "$first_screening" || true)
    [ "$code" = 201 ] || sleep 0.01
  done
  STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}

stop_service() {
  kill "$SERVICE_PID" 2> /dev/null || true
  wait "$SERVICE_PID" 2> /dev/null || true
  SERVICE_PID=""
}

# Starts the peer on a fresh schema of PostgreSQL, as start_service does the service (same JVM
# settings, its own AppCDS archive); STARTUP_MS as there.
start_peer() {
  local run=$1 started url="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$PEER_SCHEMA"
  PGOPTIONS=--client-min-messages=warning psql -v ON_ERROR_STOP=1 -q \
    -c "DROP SCHEMA IF EXISTS $PEER_SCHEMA CASCADE" -c "CREATE SCHEMA $PEER_SCHEMA"
  local CDS=""
  [ -f "$PEER_APP/app-cds.jsa" ] && CDS="-XX:SharedArchiveFile=app-cds.jsa"
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX QUARKUS_HTTP_PORT=$PORT QUARKUS_DATASOURCE_JDBC_URL=$url \
    QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD="" \
    bash -c 'cd "$1" && shift && exec java "$@"' _ "$PEER_APP" $JAVA_OPTS $CDS -jar quarkus-run.jar \
    > "$OUT/peer-run$run.log" 2>&1 &
  SERVICE_PID=$!
  await_first_201 "$started" "$OUT/peer-run$run.log" "the peer"
}

alive() { kill -0 "$SERVICE_PID" 2> /dev/null || die "the service is no longer running (see $OUT/*.log)"; }

rss_mb() { awk -v k="$2" '$1 == k":" {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }

# wrk against the service: path, connections, seconds, [mode: history|anonymous], [rate, req/s]
drive() {
  local path=$1 connections=$2 seconds=$3 mode=${4:-history} rate=${5:-0} threads=2
  [ "$connections" -ge 2 ] || threads=1
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$LUA" "http://127.0.0.1:$PORT$path" \
    -- "$NOTES" "$HEADLINES" "$mode" "$rate" "$threads" 2>&1 | tee -a "$OUT/wrk.log" | grep '^RESULT' || true
}

# The insert floor at a concurrency: pgbench on PostgreSQL, the JDBC loop on H2.
insert_floor() {
  local db=$1 connections=$2 seconds=$3
  if [ "$db" = pg ]; then
    local clients=$connections threads=2 out
    [ "$clients" -le "$PGBENCH_MAX_CLIENTS" ] || clients=$PGBENCH_MAX_CLIENTS
    [ "$clients" -ge 2 ] || threads=1
    out=$(PGOPTIONS="-c search_path=$FLOOR_SCHEMA" pgbench -n -M prepared -c "$clients" -j "$threads" -T "$seconds" \
      -f scripts/load/insert-floor.sql 2>&1 | tee -a "$OUT/pgbench.log")
    local tps lat failed
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<< "$out")
    lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<< "$out")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<< "$out")
    grep -q 'aborted' <<< "$out" && failed=${failed:-1}
    [ -n "$tps" ] || { echo "$out" >&2; die "pgbench failed"; }
    echo "RESULT requests=0 seconds=$seconds rps=$tps mean_ms=$lat p50_ms= p90_ms= p99_ms= p999_ms= max_ms= non2xx=${failed:-0} socket_errors=0 timeouts=0 clients=$clients"
  else
    java -Xmx512m -cp "$OUT/classes:target/bench-h2/lib/main/*" InsertFloor "jdbc:h2:file:$FLOOR_DIR/floor" \
      bonafide bonafide "$connections" "$seconds" "$MIGRATIONS" 2>&1 | tee -a "$OUT/insert-floor.log" | grep '^RESULT' || true
  fi
}

# Screenings a transaction since the last call, from the service's bonafide.screening.batch.size
# (its count and sum on /q/metrics), rounded to at least 1, in BATCH. (Not in a subshell: it keeps
# the totals it read for the next call.)
BATCH=1
BATCH_COUNT=0
BATCH_SUM=0
batch_mean() {
  local metrics count sum
  metrics=$(curl -s --max-time 5 "localhost:$PORT/q/metrics" || true)
  count=$(awk '/^bonafide_screening_batch_size_count/ {print $2}' <<< "$metrics")
  sum=$(awk '/^bonafide_screening_batch_size_sum/ {print $2}' <<< "$metrics")
  BATCH=$(python3 -c "
c, s = float('${count:-0}') - $BATCH_COUNT, float('${sum:-0}') - $BATCH_SUM
print(max(1, round(s / c)) if c > 0 else 1)")
  BATCH_COUNT=${count:-0}
  BATCH_SUM=${sum:-0}
}

# The batched insert floor on PostgreSQL: scripts/load/insert-floor.sql BATCH times in one
# transaction; prints a RESULT line in screenings (rows) a second.
insert_floor_batched() {
  local connections=$1 seconds=$2 batch=$3 clients threads=2 out script
  clients=$connections
  [ "$clients" -le "$PGBENCH_MAX_CLIENTS" ] || clients=$PGBENCH_MAX_CLIENTS
  [ "$clients" -ge 2 ] || threads=1
  script=$OUT/insert-floor-batch$batch.sql
  { echo 'BEGIN;'; for _ in $(seq 1 "$batch"); do grep -v '^--' scripts/load/insert-floor.sql; done; echo 'COMMIT;'; } > "$script"
  out=$(PGOPTIONS="-c search_path=$FLOOR_SCHEMA" pgbench -n -M prepared -c "$clients" -j "$threads" -T "$seconds" \
    -f "$script" 2>&1 | tee -a "$OUT/pgbench.log")
  local tps lat failed
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<< "$out")
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<< "$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<< "$out")
  [ -n "$tps" ] || { echo "$out" >&2; die "pgbench failed"; }
  echo "RESULT requests=$(python3 -c "print(round($tps * $batch * $seconds))") seconds=$seconds rps=$(python3 -c "print($tps * $batch)") mean_ms=$lat p50_ms= p90_ms= p99_ms= p999_ms= max_ms= non2xx=${failed:-0} socket_errors=0 timeouts=0 clients=$clients"
}

fresh_floor() {
  local db=$1
  if [ "$db" = pg ]; then
    PGOPTIONS=--client-min-messages=warning psql -v ON_ERROR_STOP=1 -q \
      -c "DROP SCHEMA IF EXISTS $FLOOR_SCHEMA CASCADE" -c "CREATE SCHEMA $FLOOR_SCHEMA"
    for migration in "$MIGRATIONS"/*.sql; do
      PGOPTIONS="--client-min-messages=warning -c search_path=$FLOOR_SCHEMA" psql -v ON_ERROR_STOP=1 -q -f "$migration"
    done
  else
    FLOOR_DIR=$OUT/h2-floor
    rm -rf "$FLOOR_DIR"; mkdir -p "$FLOOR_DIR"
  fi
}

# Half the highest rate (req/s, at least 1) a step reached over the levels of this run.
half_peak() { # db run step
  awk -F'\t' -v d="$1" -v r="$2" -v s="$3" '$1==d && $2==r && $3==s && $5+0 > m {m = $5+0}
    END {h = int(m / 2); print (h > 1 ? h : 1)}' "$RESULTS"
}

requests_of() { local r; r=$(field requests "$1"); [ -n "$r" ] && [ "$r" != 0 ] && echo "$r" || python3 -c "print(round(float('$(field rps "$1")' or 0) * $DURATION))"; }

# One step: measure CPU around a load and record it.
step_run() { # db run step connections command...
  local db=$1 run=$2 step=$3 connections=$4 line cpu
  shift 4
  alive
  cpu_start
  line=$("$@")
  times > "$OUT/.times"
  [ -n "$line" ] || die "$step at $connections connections printed no result (see $OUT/wrk.log)"
  cpu=$(cpu_end "$(requests_of "$line")")
  record "$db" "$run" "$step" "$connections" "$line" "$cpu"
  sleep 1
}

# ---- The runs ---------------------------------------------------------------------------------
{
  echo "date: $(date -Is)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)"
  echo "java: $(java -version 2>&1 | head -n 1)"
  echo "postgresql: $(psql -Atc 'SHOW server_version')"
  echo "wrk: $(wrk -v 2>&1 | head -n 1)"
  echo "JAVA_OPTS: $JAVA_OPTS; MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
  echo "levels: $LEVELS; $DURATION s a step; warm-up $WARMUP s; runs: $RUNS; databases: $DBS"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

for run in $(seq 1 "$RUNS"); do
  for db in $DBS; do
    log "== $db, run $run of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    fresh_floor "$db"
    start_service "$db" "$run"
    record_value "$db" "$run" startup_ms "$STARTUP_MS"
    record_value "$db" "$run" quarkus_started_ms \
      "$(sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' "$OUT/$db-run$run.log" | awk '{printf "%.0f", $1 * 1000}')"

    # Warm-up: screenings at fixed concurrency, then the resident memory after that minute of load.
    log "  warm-up: $WARMUP s of screenings at $RSS_CONNECTIONS connections"
    step_run "$db" "$run" warmup "$RSS_CONNECTIONS" drive /api/v1/screenings "$RSS_CONNECTIONS" "$WARMUP"
    batch_mean
    record_value "$db" "$run" rss_after_warmup_mb "$(rss_mb "$SERVICE_PID" VmRSS)"
    drive /bench/echo 8 "$(( WARMUP < 10 ? WARMUP : 10 ))" > /dev/null

    for c in $LEVELS; do
      step_run "$db" "$run" screening "$c" drive /api/v1/screenings "$c" "$DURATION"
      batch_mean
      batch=$BATCH
      step_run "$db" "$run" echo "$c" drive /bench/echo "$c" "$DURATION"
      step_run "$db" "$run" insert "$c" insert_floor "$db" "$c" "$DURATION"
      if [ "$db" = pg ]; then
        # The batched insert floor: the same rows, as many a transaction as the writers put in one
        # during the screening step just before (its rows a second are screenings a second).
        record_value "$db" "$run" "batch_size_c$c" "$batch"
        step_run "$db" "$run" insert-batched "$c" insert_floor_batched "$c" "$DURATION" "$batch"
      fi
    done

    # Without requester ids: no lock, no history queries (what history costs).
    anon_c=$(awk '{print $NF}' <<< "$LEVELS")
    for c in $LEVELS; do [ "$c" = 32 ] && anon_c=32; done
    step_run "$db" "$run" screening-anonymous "$anon_c" drive /api/v1/screenings "$anon_c" "$DURATION" anonymous

    # Latency at half the peak throughput, paced (open loop while the connections keep up).
    rate=$(half_peak "$db" "$run" screening)
    log "  paced at half the peak: $rate req/s over $PACED_CONNECTIONS connections"
    step_run "$db" "$run" screening-half-peak "$PACED_CONNECTIONS" drive /api/v1/screenings "$PACED_CONNECTIONS" "$DURATION" history "$rate"

    record_value "$db" "$run" rss_end_mb "$(rss_mb "$SERVICE_PID" VmRSS)"
    record_value "$db" "$run" rss_peak_mb "$(rss_mb "$SERVICE_PID" VmHWM)"
    if grep -q ' ERROR ' "$OUT/$db-run$run.log"; then
      log "  the service logged errors: $(grep -c ' ERROR ' "$OUT/$db-run$run.log") lines in $OUT/$db-run$run.log"
    fi
    stop_service

    if [ "$PEER" = 1 ] && [ "$db" = pg ]; then
      log "  the peer (scripts/load/peer), same levels"
      start_peer "$run"
      record_value "$db" "$run" peer_startup_ms "$STARTUP_MS"
      step_run "$db" "$run" peer-warmup "$RSS_CONNECTIONS" drive /api/v1/screenings "$RSS_CONNECTIONS" "$WARMUP"
      record_value "$db" "$run" peer_rss_after_warmup_mb "$(rss_mb "$SERVICE_PID" VmRSS)"
      for c in $LEVELS; do
        step_run "$db" "$run" peer "$c" drive /api/v1/screenings "$c" "$DURATION"
      done
      rate=$(half_peak "$db" "$run" peer)
      step_run "$db" "$run" peer-half-peak "$PACED_CONNECTIONS" drive /api/v1/screenings "$PACED_CONNECTIONS" "$DURATION" history "$rate"
      record_value "$db" "$run" peer_rss_end_mb "$(rss_mb "$SERVICE_PID" VmRSS)"
      stop_service
    fi
  done
done

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 scripts/load/summary.py "$RESULTS" | tee "$OUT/summary.txt"
log "results: $OUT (results.tsv, summary.txt, logs)"
if [ "$ERRORS" != 0 ]; then
  die "$ERRORS step(s) had errors, non-2xx answers or timeouts"
fi
