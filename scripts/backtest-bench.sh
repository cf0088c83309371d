#!/usr/bin/env bash
# Backtest speed, and what a running backtest costs live screening, on PostgreSQL, against the
# packaged service (./mvnw package; this script builds it unless --no-build).
#
#   scripts/backtest-bench.sh                  1,000,000 stored screenings
#   scripts/backtest-bench.sh --screenings N   another size
# Options: --no-build  --rate R (live screenings a second while measuring latency; default 400)
#          --duration S (seconds of live load in each latency phase; default 30)
#
# 1. Starts the service on a fresh schema and screens 2,000 varied requests through the API (the
#    load test's notes and headlines, with requester ids: real facts, history and reasons).
# 2. Copies them with SQL into N screenings spread over 30 days, with their reasons, and feedback
#    on 10 % of them: what the service stores, without waiting for N requests.
# 3. Times a backtest of the ruleset in force over all of them (its own startedAt to finishedAt),
#    with the service's CPU and resident memory before and after.
# 4. Live latency: wrk at 32 connections paced at R screenings a second for S seconds, alone, and
#    then again with a backtest of the N screenings running beside it (cancelled when the load
#    ends), twice over: p50 and p99 of each.
# Results: docs/benchmarks.md. Needs wrk, psql, curl, python3 and a PostgreSQL server that trusts
# the user (as in .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

N=1000000
BUILD=1
RATE=400
DURATION=30
while [ $# -gt 0 ]; do
  case "$1" in
    --screenings) N=$2; shift ;;
    --no-build) BUILD=0 ;;
    --rate) RATE=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

SEED=2000
SCHEMA=bonafide_backtest_bench
PORT=18291
OUT=target/backtest-bench
mkdir -p "$OUT"
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
PSQL="psql -v ON_ERROR_STOP=1 -q -At"
log() { echo "$(date +%T) $*" >&2; }
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; true' EXIT

if [ "$BUILD" = 1 ]; then
  log "building the service"
  ./mvnw -B -ntp -q package -DskipTests
fi
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw package first" >&2; exit 1; }
command -v wrk > /dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }

export BONAFIDE_TOKEN
BONAFIDE_TOKEN=$(scripts/dev-token.sh screener bench-app 86400)
ADMIN=$(scripts/dev-token.sh rules-admin bench-ops 86400)

PGOPTIONS=--client-min-messages=warning $PSQL -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
# The production JVM settings of the README.
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
  BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=100000 BONAFIDE_RATE_LIMIT_BURST=100000 QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= MALLOC_ARENA_MAX=2 \
  java -Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=5000 \
  -jar "$JAR" > "$OUT/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fsS -o /dev/null "localhost:$PORT/q/health/ready" 2> /dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "localhost:$PORT/q/health/ready" || { tail -n 30 "$OUT/service.log" >&2; exit 1; }

NOTES=src/test/resources/bench/notes.txt
HEADLINES=src/test/resources/bench/headlines.txt
LUA=scripts/load/screenings.lua
live() { # seconds rate
  wrk -t2 -c32 -d"$1s" --timeout 10s -s "$LUA" "http://127.0.0.1:$PORT/api/v1/screenings" \
    -- "$NOTES" "$HEADLINES" history "$2" 2 | grep '^RESULT'
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }

log "screening $SEED requests through the API"
live 5 "$(( SEED / 5 ))" > /dev/null
stored=$($PSQL -c "SELECT count(*) FROM $SCHEMA.screening")
log "  $stored screenings stored"
copies=$(( (N + stored - 1) / stored ))

log "copying them into $(( copies * stored )) screenings over 30 days, with reasons and feedback on 10 %"
PGOPTIONS="--client-min-messages=warning -c search_path=$SCHEMA" $PSQL <<SQL
CREATE TEMP TABLE seed AS SELECT * FROM screening;
CREATE TEMP TABLE seed_reason AS SELECT * FROM screening_reason;
DELETE FROM screening;
INSERT INTO screening (id, created_at, message, mutual_connections, requester_network_size, requester_id,
    requester_headline, recipient_id, known_to_recipient, score, verdict, ruleset_version, note_fingerprint,
    facts, app_id)
SELECT md5(s.id::text || ':' || g)::uuid, now() - (random() * interval '30 days'), s.message, s.mutual_connections,
    s.requester_network_size, s.requester_id, s.requester_headline, s.recipient_id, s.known_to_recipient, s.score,
    s.verdict, s.ruleset_version, s.note_fingerprint, s.facts, s.app_id
FROM seed s CROSS JOIN generate_series(1, $copies) g;
INSERT INTO screening_reason (screening_id, position, rule_id, points, action, explanation)
SELECT md5(r.screening_id::text || ':' || g)::uuid, r.position, r.rule_id, r.points, r.action, r.explanation
FROM seed_reason r CROSS JOIN generate_series(1, $copies) g;
INSERT INTO screening_feedback (screening_id, app_id, requester_id, screening_created_at, outcome, occurred_at,
    recorded_at, recorded_by, changes)
SELECT id, app_id, requester_id, created_at,
    CASE WHEN verdict = 'DECLINE' THEN (ARRAY['REPORTED', 'REPORTED', 'IGNORED', 'ACCEPTED'])[1 + floor(random() * 4)::int]
         ELSE (ARRAY['ACCEPTED', 'ACCEPTED', 'IGNORED', 'REPORTED'])[1 + floor(random() * 4)::int] END,
    created_at, created_at, 'bench', 1
FROM screening WHERE random() < 0.1;
ANALYZE screening; ANALYZE screening_reason; ANALYZE screening_feedback;
SQL
total=$($PSQL -c "SELECT count(*) FROM $SCHEMA.screening")
log "  $total screenings, $($PSQL -c "SELECT count(*) FROM $SCHEMA.screening_reason") reasons, $($PSQL -c "SELECT count(*) FROM $SCHEMA.screening_feedback") with feedback"

version=$(curl -fsS -H "Authorization: Bearer $ADMIN" "localhost:$PORT/api/v1/rules" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
body="{\"version\": $version, \"from\": \"$(date -u -d '31 days ago' +%FT%TZ)\", \"to\": \"$(date -u -d '1 minute' +%FT%TZ)\"}"
start_backtest() {
  curl -fsS -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$body" \
    "localhost:$PORT/api/v1/rulesets/backtest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
await_backtest() { # id -> the finished backtest's JSON
  local state
  while true; do
    curl -fsS -H "Authorization: Bearer $ADMIN" "localhost:$PORT/api/v1/rulesets/backtest/$1" > "$OUT/backtest.json"
    state=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$OUT/backtest.json")
    case "$state" in QUEUED|RUNNING) sleep 0.5 ;; *) break ;; esac
  done
  cat "$OUT/backtest.json"
}
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$pid/stat"; }
rss_mb() { awk '$1 == "VmRSS:" {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
summary() {
  python3 - "$1" <<'PY'
import datetime, json, sys
b = json.load(open(sys.argv[1]))
def t(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (t(b["finishedAt"]) - t(b["startedAt"])).total_seconds()
r = b.get("result") or {}
print(f"state {b['state']}, {r.get('replayed')} of {b['progress'].get('total')} replayed in {secs:.1f} s "
      f"({(r.get('replayed') or 0) / secs:,.0f} a second), verdicts changed {r.get('verdictChanged')}, "
      f"scores changed {r.get('scoreChanged')}")
PY
}

log "a backtest alone (warm-up, then measured)"
await_backtest "$(start_backtest)" > /dev/null
rss_before=$(rss_mb); cpu_before=$(cpu_ms)
await_backtest "$(start_backtest)" > "$OUT/alone.json"
cpu_after=$(cpu_ms)
log "  $(summary "$OUT/alone.json")"
log "  service CPU $(( cpu_after - cpu_before )) ms; resident memory $rss_before MB before, $(rss_mb) MB after"

# Latency alone and beside a backtest, alternating twice: the machine's own noise moves p99 by up
# to 2x between runs, so each pair is compared within itself.
live 10 "$RATE" > /dev/null
for round in 1 2; do
  log "round $round: live screening at $RATE a second, 32 connections, ${DURATION} s, alone"
  alone=$(live "$DURATION" "$RATE")
  log "  p50 $(field p50_ms "$alone") ms, p99 $(field p99_ms "$alone") ms, $(field rps "$alone") a second, non-2xx $(field non2xx "$alone")"
  log "round $round: the same with a backtest of $total screenings running beside it"
  id=$(start_backtest)
  beside=$(live "$DURATION" "$RATE")
  log "  p50 $(field p50_ms "$beside") ms, p99 $(field p99_ms "$beside") ms, $(field rps "$beside") a second, non-2xx $(field non2xx "$beside")"
  curl -fsS -H "Authorization: Bearer $ADMIN" "localhost:$PORT/api/v1/rulesets/backtest/$id" > "$OUT/beside-at-end.json"
  log "  the backtest when the load ended: $(python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); print(b["state"], b["progress"])' "$OUT/beside-at-end.json")"
  curl -fsS -o /dev/null -X DELETE -H "Authorization: Bearer $ADMIN" "localhost:$PORT/api/v1/rulesets/backtest/$id"
  await_backtest "$id" > /dev/null
  python3 -c "import sys; a, b = [float(x) for x in sys.argv[1:]]; print(f'round $round: p99 with a backtest running / alone: {b / a:.2f}')" \
    "$(field p99_ms "$alone")" "$(field p99_ms "$beside")" >&2
done
