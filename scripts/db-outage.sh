#!/usr/bin/env bash
# The database goes away under load and comes back: the packaged service must answer 503 with
# Retry-After within seconds, report not ready, recover by itself, and every screening it
# confirmed with a 201 must be in the database afterwards.
#
# Stops and restarts the local PostgreSQL cluster; needs the packaged service (./mvnw package).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
SCHEMA=bonafide_outage
PORT=18290
WORKERS=${WORKERS:-8}
CLUSTER=$(ls /etc/postgresql | head -n 1)
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw package first" >&2; exit 1; }

work=$(mktemp -d)
pid=
pg_start() { pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start 2>/dev/null || true;
             for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -q && return 0; sleep 0.5; done; return 1; }
cleanup() {
  touch "$work/stop"
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  pg_isready -h 127.0.0.1 -q || pg_start
  wait 2>/dev/null || true
}
trap cleanup EXIT
ms() { date +%s%3N; }

pg_isready -h 127.0.0.1 -q || pg_start
if curl -s -o /dev/null "localhost:$PORT/"; then echo "port $PORT is in use" >&2; exit 1; fi
PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q \
  -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"

# The fair-use limit is lifted: this check is about the database, and its load comes from one app.
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 BONAFIDE_RATE_LIMIT_BURST=1000000 \
QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  java -Xmx256m -jar "$JAR" > "$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fsS "localhost:$PORT/q/health/ready" > /dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "localhost:$PORT/q/health/ready" > /dev/null || { tail -n 40 "$work/service.log"; exit 1; }

BONAFIDE_TOKEN=$(scripts/dev-token.sh screener outage-check) python3 scripts/outage_load.py $PORT "$work/answers.jsonl" "$work/stop" "$WORKERS" &
sleep 3

stopped=$(ms)
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
echo "PostgreSQL stopped"
not_ready=
for _ in $(seq 1 200); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/q/health/ready")
  if [ "$code" = 503 ]; then not_ready=$(ms); break; fi
  sleep 0.1
done
sleep 5

restarted=$(ms)
pg_start
echo "PostgreSQL started again"
ready=
for _ in $(seq 1 300); do
  if curl -fsS "localhost:$PORT/q/health/ready" > /dev/null 2>&1; then ready=$(ms); break; fi
  sleep 0.1
done
sleep 3
touch "$work/stop"
sleep 1

python3 - "$work/answers.jsonl" "$stopped" "$restarted" "${not_ready:-0}" "${ready:-0}" "$work/ids" <<'PY'
import json, sys
path, stopped, restarted, not_ready, ready, ids_path = sys.argv[1], *map(int, sys.argv[2:6]), sys.argv[6]
answers = [json.loads(line) for line in open(path)]
by_status = {}
for a in answers:
    by_status[a["status"]] = by_status.get(a["status"], 0) + 1
print("answers by status:", dict(sorted(by_status.items())))
problems = []
unexpected = {s for s in by_status if s not in (201, 503)}
if unexpected:
    problems.append("statuses other than 201 and 503: %s" % sorted(unexpected))
outage = [a for a in answers if a["status"] == 503]
if not outage:
    problems.append("no 503 while the database was down")
for a in outage:
    if not a.get("retryAfter") or not (a.get("type") or "").startswith("application/problem+json"):
        problems.append("a 503 without Retry-After or problem+json: %s" % a)
        break
first_503 = min((a["done"] * 1000 for a in outage), default=None)
after = [a for a in answers if a["status"] == 201 and a["t"] * 1000 > restarted]
if not after:
    problems.append("no 201 after the database came back")
first_201 = min((a["done"] * 1000 for a in after), default=None)
if first_503 is not None:
    print("first 503 answered %.0f ms after the database stopped" % (first_503 - stopped))
    if first_503 - stopped > 5000:
        problems.append("first 503 came later than 5 s")
if not_ready:
    print("readiness DOWN %.0f ms after the database stopped" % (not_ready - stopped))
else:
    problems.append("readiness never went down")
if first_201 is not None:
    print("first 201 answered %.0f ms after the database was started again" % (first_201 - restarted))
if ready:
    print("readiness UP %.0f ms after the database was started again" % (ready - restarted))
else:
    problems.append("readiness never came back")
ids = [a["id"] for a in answers if a["status"] == 201]
open(ids_path, "w").write("\n".join(ids) + "\n")
print("screenings confirmed with 201: %d" % len(ids))
if problems:
    print("FAILED:\n  " + "\n  ".join(problems))
    sys.exit(1)
PY

PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q <<SQL > "$work/missing"
CREATE TEMP TABLE confirmed (id uuid);
\copy confirmed FROM '$work/ids'
SELECT count(*) FROM confirmed c LEFT JOIN $SCHEMA.screening s ON s.id = c.id WHERE s.id IS NULL;
SQL
missing=$(grep -Eo '^ *[0-9]+' "$work/missing" | tr -d ' ' | tail -n 1)
echo "confirmed screenings missing from the database: $missing"
[ "$missing" = 0 ] || exit 1
echo "outage check passed"
