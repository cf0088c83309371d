#!/usr/bin/env bash
# Latency of GET /api/v1/stats over 30 days with N stored screenings (default: 10,000 and then
# 1,000,000), on PostgreSQL, against the packaged service (./mvnw package).
#
#   scripts/stats-bench.sh                 10,000 and 1,000,000 screenings
#   scripts/stats-bench.sh 50000           one size
#
# The screenings are written with SQL, as the service stores them: 26 apps' worth of traffic is not
# needed, so one app ("bench-app") holds them, spread over 30 days, each with 0 to 3 of the default
# rules fired and feedback on 30 % of them; the statistics rows are made from those rows as the
# service's transactions make them (16 shards for the screening counts). Then 20 warm-up requests
# and 200 measured ones, one at a time, with curl: p50, p99 and the slowest, for an app's own
# numbers by day and by hour, and for an auditor's over all apps. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
SCHEMA=bonafide_stats_bench
PORT=18290
SIZES=${*:-10000 1000000}
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw package first" >&2; exit 1; }
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=test
PSQL="psql -v ON_ERROR_STOP=1 -q -At"

RULES=$(sed -n 's/^  - id: //p' src/main/resources/rules/default-ruleset.yaml | paste -sd, -)
RULE_ARRAY="ARRAY['${RULES//,/\',\'}']"

log() { echo "$(date +%T) $*" >&2; }
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; true' EXIT

SCREENER=$(scripts/dev-token.sh screener bench-app)
AUDITOR=$(scripts/dev-token.sh auditor bench-auditor)

measure() { # name token query
  local name=$1 token=$2 query=$3 times
  for _ in $(seq 1 20); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" "localhost:$PORT/api/v1/stats?$query"
  done
  times=$(for _ in $(seq 1 200); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "localhost:$PORT/api/v1/stats?$query"
  done | sort -n)
  awk -v name="$name" '{ t[NR] = $1 * 1000 } END {
    printf "  %-34s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms\n", name, t[int(NR * 0.5)], t[int(NR * 0.99)], t[NR] }' <<< "$times"
}

for n in $SIZES; do
  log "== $n screenings"
  PGOPTIONS=--client-min-messages=warning $PSQL -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
    BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=100000 BONAFIDE_RATE_LIMIT_BURST=100000 QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
    java -Xms64m -Xmx192m -XX:+UseSerialGC -jar "$JAR" > "target/stats-bench-$n.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "localhost:$PORT/q/health/ready" 2> /dev/null && break; sleep 0.5; done
  curl -fsS -o /dev/null "localhost:$PORT/q/health/ready" || { tail -n 30 "target/stats-bench-$n.log" >&2; exit 1; }

  log "  writing $n screenings, their reasons and feedback, and the statistics rows"
  PGOPTIONS="--client-min-messages=warning -c search_path=$SCHEMA" $PSQL <<SQL
INSERT INTO screening (id, created_at, mutual_connections, requester_network_size, requester_id, recipient_id,
    known_to_recipient, score, verdict, ruleset_version, app_id)
SELECT md5(g::text)::uuid, now() - random() * interval '30 days', (random() * 30)::int, (random() * 3000)::int,
       'req-' || (g % 50000), 'rcp-' || g, false, s,
       CASE WHEN s >= 70 THEN 'ACCEPT' WHEN s < 40 THEN 'DECLINE' ELSE 'REVIEW' END, 1, 'bench-app'
FROM (SELECT g, (random() * 100)::int AS s FROM generate_series(1, $n) g) x;

INSERT INTO screening_reason (screening_id, position, rule_id, points, explanation)
SELECT id, k, ($RULE_ARRAY)[1 + abs(hashtext(id::text || k)) % array_length($RULE_ARRAY, 1)], -5, 'x'
FROM screening, generate_series(0, 2) k
WHERE k < abs(hashtext(id::text)) % 4;

INSERT INTO screening_feedback (screening_id, app_id, requester_id, screening_created_at, outcome, occurred_at,
    recorded_at, recorded_by, changes)
SELECT id, app_id, requester_id, created_at, (ARRAY['ACCEPTED', 'IGNORED', 'REPORTED'])[1 + abs(hashtext(id::text)) % 3],
       created_at + interval '1 hour', created_at + interval '1 hour', 'bench-app', 1
FROM screening WHERE abs(hashtext('f' || id::text)) % 10 < 3;

INSERT INTO stats_verdict (app_id, bucket_hour, ruleset_version, verdict, shard, screenings)
SELECT app_id, date_trunc('hour', created_at), ruleset_version, verdict, abs(hashtext(id::text)) % 16, count(*)
FROM screening GROUP BY 1, 2, 3, 4, 5;

INSERT INTO stats_rule (app_id, bucket_hour, ruleset_version, rule_id, shard, fired)
SELECT s.app_id, date_trunc('hour', s.created_at), s.ruleset_version, r.rule_id, abs(hashtext(s.id::text)) % 16,
       count(DISTINCT s.id)
FROM screening s JOIN screening_reason r ON r.screening_id = s.id GROUP BY 1, 2, 3, 4, 5;

INSERT INTO stats_outcome (app_id, bucket_hour, ruleset_version, verdict, outcome, labels)
SELECT s.app_id, date_trunc('hour', s.created_at), s.ruleset_version, s.verdict, f.outcome, count(*)
FROM screening s JOIN screening_feedback f ON f.screening_id = s.id GROUP BY 1, 2, 3, 4, 5;

INSERT INTO stats_rule_outcome (app_id, bucket_hour, ruleset_version, rule_id, outcome, labels)
SELECT s.app_id, date_trunc('hour', s.created_at), s.ruleset_version, r.rule_id, f.outcome, count(DISTINCT s.id)
FROM screening s JOIN screening_reason r ON r.screening_id = s.id JOIN screening_feedback f ON f.screening_id = s.id
GROUP BY 1, 2, 3, 4, 5;
ANALYZE;
SQL
  PGOPTIONS="-c search_path=$SCHEMA" $PSQL -F ' ' -c "SELECT 'stored:', (SELECT count(*) FROM screening), 'screenings,',
    (SELECT count(*) FROM screening_feedback), 'with feedback;', (SELECT count(*) FROM stats_verdict)
    + (SELECT count(*) FROM stats_rule) + (SELECT count(*) FROM stats_outcome) + (SELECT count(*) FROM stats_rule_outcome),
    'statistics rows'" >&2
  total=$(curl -fsS -H "Authorization: Bearer $SCREENER" "localhost:$PORT/api/v1/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["screenings"])')
  log "  GET /stats over the last 30 days counts $total screenings"
  measure "app, 30 days by day" "$SCREENER" "bucket=DAY"
  measure "app, 30 days by hour" "$SCREENER" "bucket=HOUR"
  measure "auditor, all apps, 30 days by day" "$AUDITOR" "bucket=DAY"
  kill "$pid"; wait "$pid" 2> /dev/null || true; pid=""
done
PGOPTIONS=--client-min-messages=warning $PSQL -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
