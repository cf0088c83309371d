#!/usr/bin/env bash
# Graceful shutdown under load: the packaged service gets SIGTERM while screenings stream in. Every
# screening answered 201 must be in the database afterwards; every other attempt must have been
# answered 503 problem+json (the service is stopping, nothing stored) or refused a connection once
# the listener had closed; none may go unanswered on a connection the service accepted; and the
# service must end within its shutdown timeout (quarkus.shutdown.timeout). Fails otherwise.
#
# Needs the packaged service (./mvnw package) and PostgreSQL on 127.0.0.1:5432 (trust auth for user
# postgres, database "test"); uses its own schema. DRAIN_WORKERS sets the parallel clients (16),
# DRAIN_LOAD_SECONDS how long the load runs before SIGTERM (4).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
SCHEMA=bonafide_drain
PORT=18298
WORKERS=${DRAIN_WORKERS:-16}
LOAD_SECONDS=${DRAIN_LOAD_SECONDS:-4}
SHUTDOWN_LIMIT_MS=30000  # quarkus.shutdown.timeout (25 s) and the writers' end
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw package first" >&2; exit 1; }

work=$(mktemp -d)
pid=
load=
cleanup() {
  touch "$work/stop"
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  if [ -n "$load" ]; then wait "$load" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
ms() { date +%s%3N; }

if curl -s -o /dev/null "localhost:$PORT/"; then echo "port $PORT is in use" >&2; exit 1; fi
PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q \
  -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"

# The production JVM settings of the README; the fair-use limit is lifted (one app makes the load).
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=1000000 BONAFIDE_RATE_LIMIT_BURST=1000000 \
QUARKUS_HTTP_PORT=$PORT MALLOC_ARENA_MAX=2 \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  java -Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=5000 \
  -jar "$JAR" > "$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fsS "localhost:$PORT/q/health/ready" > /dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "localhost:$PORT/q/health/ready" > /dev/null || { tail -n 40 "$work/service.log"; exit 1; }

BONAFIDE_TOKEN=$(scripts/dev-token.sh screener drain-check) \
  python3 scripts/drain_load.py "$PORT" "$work/answers.jsonl" "$work/stop" "$WORKERS" &
load=$!
sleep "$LOAD_SECONDS"

sigterm=$(ms)
kill -TERM "$pid"
ready_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "localhost:$PORT/q/health/ready" || true)
status=0
wait "$pid" || status=$?
ended=$(ms)
pid=
echo "SIGTERM under load: the service ended $((ended - sigterm)) ms later (exit status $status);" \
  "readiness right after SIGTERM answered ${ready_code:-nothing}"
# The clients stop by themselves once connections are refused for a while.
wait "$load" || true
load=

grep -E 'Stopping: new screenings|All HTTP requests complete|Timed out waiting|did not end cleanly' \
  "$work/service.log" | sed 's/^/  service log: /' || true

python3 - "$work/answers.jsonl" "$sigterm" "$ended" "$SHUTDOWN_LIMIT_MS" "$work/ids" "$work/service.log" <<'PY'
import datetime, json, re, sys
path, sigterm, ended, limit, ids_path, log_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
answers = [json.loads(line) for line in open(path)]
log = open(log_path).read()
# From when the service refused new screenings: its log line (local time, as date's) plus the delay.
refusing = None
m = re.search(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*Stopping: new screenings are refused in (\d+) ms", log, re.M)
if m:
    h, mi, sec, milli, delay = map(int, m.groups())
    day = datetime.datetime.fromtimestamp(sigterm / 1000)
    refusing = day.replace(hour=h, minute=mi, second=sec, microsecond=milli * 1000).timestamp() * 1000 + delay
else:
    print("the service did not log that it stopped taking screenings")
problems = []
counts = {}
def count(key):
    counts[key] = counts.get(key, 0) + 1
for a in answers:
    answered_after = a["done"] * 1000 >= sigterm
    if a["status"] == 201:
        count("201, answered after SIGTERM (in flight)" if answered_after else "201, before SIGTERM")
    elif a["status"] == 503 and answered_after and (a.get("type") or "").startswith("application/problem+json") \
            and a.get("problem") == "urn:bonafide:problem:service-unavailable" and a.get("retryAfter"):
        count("503 problem+json, service stopping")
    elif a["status"] == 0 and a["error"] == "refused" and a["t"] * 1000 >= sigterm:
        count("connection refused, the listener closed")
    elif a["status"] == 0 and a["error"] == "dropped" and refusing is not None and a["t"] * 1000 >= refusing:
        # Sent after the service stopped taking screenings, into the last milliseconds before the
        # listener closed (Vert.x closes the listener and the connections it accepted together):
        # nothing of it is stored (the count below). In Kubernetes none arrive then: the shutdown
        # delay lets the Service stop routing here first. A request sent before that must be answered.
        count("no answer: sent after screenings were refused, as the listener closed")
    else:
        count("unexpected")
        problems.append("neither 201, 503 problem+json, nor refused after the listener closed: %s" % a)
print("attempts: %d" % len(answers))
for key in sorted(counts):
    print("  %-70s %d" % (key, counts[key]))
if not counts.get("201, before SIGTERM"):
    problems.append("no screening was stored before SIGTERM: no load")
if ended - sigterm > limit:
    problems.append("the service took %d ms to end, more than %d" % (ended - sigterm, limit))
if "Timed out waiting for graceful shutdown" in log:
    problems.append("Quarkus timed out waiting for the requests in flight")
ids = [a["id"] for a in answers if a["status"] == 201]
open(ids_path, "w").write("\n".join(ids) + "\n")
if problems:
    print("FAILED:\n  " + "\n  ".join(problems[:10]))
    sys.exit(1)
PY

# Every screening answered 201 is stored, and nothing else is: no request left without an answer
# stored a screening.
PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -qAt <<SQL > "$work/missing"
CREATE TEMP TABLE confirmed (id uuid);
\copy confirmed FROM '$work/ids'
SELECT (SELECT count(*) FROM confirmed c LEFT JOIN $SCHEMA.screening s ON s.id = c.id WHERE s.id IS NULL)
    || ' ' || (SELECT count(*) FROM $SCHEMA.screening);
SQL
read -r missing stored < <(tail -n 1 "$work/missing")
confirmed=$(grep -c . "$work/ids" || true)
echo "screenings answered 201: $confirmed; stored: $stored; answered 201 but missing: $missing"
[ "$missing" = 0 ] || { echo "FAILED: screenings answered 201 are not stored"; exit 1; }
[ "$stored" = "$confirmed" ] || { echo "FAILED: $stored screenings stored, $confirmed answered 201"; exit 1; }
PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -q -c "DROP SCHEMA $SCHEMA CASCADE"
echo "drain test passed"
