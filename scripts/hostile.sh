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

PORT=18291
. scripts/api-check/service.sh
# The fair-use limit is lifted, so that the hostile app's load is bounded by the service alone.
export BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=100000 BONAFIDE_RATE_LIMIT_BURST=100000
SERVICE_HEAP=192m use_service "" $PORT bonafide_hostile
pid=$SERVICE_PID
log=$SERVICE_LOG

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
