#!/usr/bin/env bash
# Hostile rules against the packaged service on PostgreSQL, with a 192 MB heap:
#   1. a battery of hostile expressions sent as drafts to preview with a 5,000-character note: each
#      must be refused (422) or bounded, and cost the service at most 50 ms of CPU per request;
#   2. unless --battery-only: the costliest rules the budget admits are put in force, then one app's
#      ordinary screenings are timed alone and beside twelve callers of another app sending
#      5,000-character notes (p50/p99, and the service's CPU per stored screening).
# Fails when the service runs out of memory, dies, answers 5xx to the other app, or an expression costs
# too much; with --strict also when the other app's p99 is 50 ms or more.
#
# Needs the packaged service (./mvnw package), python3, and PostgreSQL on 127.0.0.1:5432 (trust auth,
# user postgres, database test). Extra arguments go to scripts/hostile.py.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
SCHEMA=bonafide_hostile
PORT=18291
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw package first" >&2; exit 1; }
if curl -s -o /dev/null "localhost:$PORT/"; then echo "port $PORT is in use" >&2; exit 1; fi

PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q \
  -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"

log=$(mktemp)
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=100000 BONAFIDE_RATE_LIMIT_BURST=100000 \
  java -Xmx192m -jar "$JAR" > "$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "localhost:$PORT/q/health/ready" > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "localhost:$PORT/q/health/ready" > /dev/null || { tail -n 30 "$log" >&2; exit 1; }

status=0
python3 scripts/hostile.py --port $PORT --pid $pid \
  --admin "$(scripts/dev-token.sh rules-admin hostile-ops)" \
  --victim "$(scripts/dev-token.sh screener other-app)" \
  --attacker "$(scripts/dev-token.sh screener hostile-app)" "$@" || status=$?
if grep -q "OutOfMemoryError" "$log"; then
  echo "FAIL: the service ran out of memory:" >&2
  grep -m 3 "OutOfMemoryError" "$log" >&2
  status=1
fi
exit $status
