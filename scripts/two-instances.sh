#!/usr/bin/env bash
# Two instances of the packaged service against one PostgreSQL schema: a rule change made
# through the first must be in force on the second within two seconds.
#
# Tokens are signed with the development key (dev-keys/), which the instances are told to trust.
# Needs the packaged service (./mvnw package; it is built for PostgreSQL) and a PostgreSQL
# server on 127.0.0.1:5432 with trust auth for user postgres and a database "test".
set -euo pipefail
cd "$(dirname "$0")/.."

PORT_A=18281
PORT_B=18282
LIMIT_MS=2000
. scripts/api-check/instances.sh
fresh_schema bonafide_two_instances

TOKEN=$(scripts/dev-token.sh screener,rules-admin two-instance-check)
AUTH="Authorization: Bearer $TOKEN"

start_instance $PORT_A
ready_instance $PORT_A   # the first instance seeds version 1
start_instance $PORT_B
ready_instance $PORT_B

in_force_on() {
  curl -fsS -X POST "localhost:$1/api/v1/screenings/preview" -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"request": {"mutualConnections": 0, "requesterNetworkSize": 300}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["inForce"]["rulesetVersion"])'
}

base=$(curl -fsS -D - -o /dev/null -H "$AUTH" "localhost:$PORT_A/api/v1/rules" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{gsub(/"/,"",$2); print $2}')
echo "version in force on both: A=$(in_force_on $PORT_A) B=$(in_force_on $PORT_B) (stored: $base)"

start_ms=$(date +%s%3N)
curl -fsS -X PUT "localhost:$PORT_A/api/v1/rules/large-network" -H 'Content-Type: application/json' \
  -H "If-Match: \"$base\"" -H "$AUTH" \
  -d '{"id": "large-network", "when": "requesterNetworkSize >= 1000", "points": -6,
       "explanation": "The requester has {requesterNetworkSize} connections, more than a thousand."}' > /dev/null
expected=$((base + 1))

while :; do
  seen=$(in_force_on $PORT_B)
  now_ms=$(date +%s%3N)
  elapsed=$((now_ms - start_ms))
  if [ "$seen" = "$expected" ]; then
    echo "version $expected changed through A was in force on B after ${elapsed} ms (limit ${LIMIT_MS} ms)"
    break
  fi
  if [ "$elapsed" -gt $((LIMIT_MS * 3)) ]; then
    echo "B still scores with version $seen after ${elapsed} ms" >&2
    exit 1
  fi
  sleep 0.05
done
[ "$elapsed" -le "$LIMIT_MS" ] || { echo "too slow: ${elapsed} ms > ${LIMIT_MS} ms" >&2; exit 1; }
[ "$(in_force_on $PORT_A)" = "$expected" ] || { echo "A does not score with version $expected" >&2; exit 1; }
