#!/usr/bin/env bash
# Fair use shared by two instances (bonafide.rate-limit.shared) of the packaged service on one
# PostgreSQL schema, every app at 20 requests a second in bursts of 20:
#   1. an app that sends three times its rate, spread over both instances, for 10 s gets about its
#      rate in all (within 15 % of 20 a second plus one burst), and another app sending meanwhile
#      is served in full;
#   2. with the shared store not answering (its table locked by another session for 8 s), each
#      instance's own bucket decides: the app gets about its rate on each instance, no request is
#      answered 5xx, and none waits on the lock.
# Needs the packaged service (./mvnw package) and PostgreSQL on 127.0.0.1:5432 with trust auth.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT_A=18283
PORT_B=18284
. scripts/api-check/instances.sh
fresh_schema bonafide_shared_limit
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=test
for port in $PORT_A $PORT_B; do
  start_instance $port BONAFIDE_RATE_LIMIT_SHARED=true \
    BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=20 BONAFIDE_RATE_LIMIT_BURST=20
  ready_instance $port
done

NOISY=$(scripts/dev-token.sh screener noisy-shared-app)
QUIET=$(scripts/dev-token.sh screener quiet-shared-app)
LOCKED=$(scripts/dev-token.sh screener locked-store-app)

# Sends `rate` screenings a second for `seconds`, alternating between the instances, and prints
# how many were answered with each status, and the slowest answer in ms.
send() {
  python3 - "$1" "$2" "$3" "$PORT_A" "$PORT_B" <<'PY'
import json, sys, time, urllib.error, urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
token, rate, seconds, a, b = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
body = json.dumps({"message": "Hi, we met at the meetup", "mutualConnections": 2,
                   "requesterNetworkSize": 300}).encode()
def one(i):
    port = a if i % 2 == 0 else b
    request = urllib.request.Request(f"http://localhost:{port}/api/v1/screenings", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status = answer.status
    except urllib.error.HTTPError as e:
        status = e.code
    except Exception:
        status = 0
    return status, (time.monotonic() - started) * 1000
total = int(rate * seconds)
start = time.monotonic()
futures = []
with ThreadPoolExecutor(32) as pool:
    for i in range(total):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        futures.append(pool.submit(one, i))
    results = [f.result() for f in futures]
counts = Counter(status for status, _ in results)
print(json.dumps({"sent": total, "201": counts.get(201, 0), "429": counts.get(429, 0),
                  "other": total - counts.get(201, 0) - counts.get(429, 0),
                  "slowest_ms": round(max(ms for _, ms in results))}))
PY
}
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

fallbacks() {
  curl -fsS "localhost:$1/q/metrics" | awk '/^bonafide_rate_limit_shared_fallbacks_total/ {printf "%d", $2}'
}

# Warm both instances up (class loading, JIT, the pool's connections), as traffic would.
send "$(scripts/dev-token.sh screener warm-up-app)" 15 4 > /dev/null
before_a=$(fallbacks $PORT_A); before_b=$(fallbacks $PORT_B)

echo "1. shared: noisy-shared-app sends 60 a second over both instances for 10 s, quiet-shared-app 5 a second"
send "$QUIET" 5 10 > "$instance_logs/quiet.json" &
quiet_pid=$!
noisy=$(send "$NOISY" 60 10)
wait $quiet_pid
quiet=$(cat "$instance_logs/quiet.json")
echo "   noisy: $noisy"
echo "   quiet: $quiet"
allowed=$(field "$noisy" 201)
expected=220   # 20 a second for 10 s, and one burst of 20
low=$((expected * 85 / 100)); high=$((expected * 115 / 100))
fail=0
if [ "$allowed" -lt "$low" ] || [ "$allowed" -gt "$high" ]; then
  echo "   FAIL: the noisy app got $allowed, not within 15 % of $expected ($low to $high)" >&2; fail=1
else
  echo "   ok: the noisy app got $allowed in all (expected $expected, within $low to $high)"
fi
if [ "$(field "$quiet" 201)" != "$(field "$quiet" sent)" ]; then
  echo "   FAIL: the quiet app was not served in full" >&2; fail=1
else
  echo "   ok: the quiet app was served in full"
fi
[ "$(field "$noisy" other)" = 0 ] || { echo "   FAIL: answers other than 201 and 429" >&2; fail=1; }

echo "   takes the instances' own buckets decided meanwhile: $(( $(fallbacks $PORT_A) - before_a + $(fallbacks $PORT_B) - before_b ))"

echo "2. the shared store does not answer (rate_bucket locked for 8 s): locked-store-app sends 60 a second for 5 s"
psql -q -c "BEGIN" -c "SET search_path = $SCHEMA" -c "LOCK TABLE rate_bucket IN ACCESS EXCLUSIVE MODE" \
  -c "SELECT pg_sleep(8)" -c "COMMIT" > /dev/null &
lock_pid=$!
sleep 1
locked=$(send "$LOCKED" 60 5)
wait $lock_pid
echo "   locked: $locked"
allowed=$(field "$locked" 201)
expected=240   # each instance's own bucket: 20 a second for 5 s and one burst of 20, twice
low=$((expected * 85 / 100)); high=$((expected * 115 / 100))
if [ "$allowed" -lt "$low" ] || [ "$allowed" -gt "$high" ]; then
  echo "   FAIL: got $allowed, not each instance's own rate ($low to $high)" >&2; fail=1
else
  echo "   ok: each instance's own bucket decided: $allowed in all (expected $expected, within $low to $high)"
fi
[ "$(field "$locked" other)" = 0 ] || { echo "   FAIL: answers other than 201 and 429" >&2; fail=1; }
if [ "$(field "$locked" slowest_ms)" -gt 2000 ]; then
  echo "   FAIL: an answer took $(field "$locked" slowest_ms) ms: it waited on the lock" >&2; fail=1
else
  echo "   ok: the slowest answer took $(field "$locked" slowest_ms) ms (the lock lasted 8 s)"
fi
echo "   takes the instances' own buckets decided, in all: $(( $(fallbacks $PORT_A) + $(fallbacks $PORT_B) ))"
exit $fail
