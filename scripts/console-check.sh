#!/usr/bin/env bash
# The operator console in a headless Chromium, as an operator uses it (scripts/api-check/console-check.mjs):
# sign in with a dev token, screen a request through "Try it", find and open it, change a rule and see
# a broken one refused with its line and column, see the statistics charts drawn, run a backtest to
# DONE, and check that a screener's token sees no rule editing. Screenshots: target/console-screenshots/.
#   scripts/console-check.sh              starts the packaged service (./mvnw package first; needs PostgreSQL)
#   scripts/console-check.sh <base-url>   checks a running service that trusts dev-keys/, e.g. http://localhost:8080
# Needs Node.js with npm, and Chromium (Debian: apt-get install chromium; or set CHROMIUM to a browser).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/api-check/browser.sh

. scripts/api-check/service.sh
# Port 18300: the other checks use 18281 to 18298.
use_service "${1:-}" 18300 bonafide_console_check

# Something to count and replay: a few screenings of the checking app before the walk starts.
app=console-check
seed=$(scripts/dev-token.sh screener "$app")
for body in \
  '{"message": "Hi, I am the founder of a language-learning site; I admire your work and would like to connect.", "mutualConnections": 0, "requesterNetworkSize": 300}' \
  '{"message": "", "mutualConnections": 0, "requesterNetworkSize": 2500}' \
  '{"mutualConnections": 4, "requesterNetworkSize": 150, "knownToRecipient": true}'; do
  curl -fsS -o /dev/null -X POST "$BASE_URL/api/v1/screenings" -H "Authorization: Bearer $seed" \
    -H 'Content-Type: application/json' -d "$body"
done

rm -rf target/console-screenshots
node scripts/api-check/console-check.mjs "$BASE_URL" \
  "$(scripts/dev-token.sh screener,rules-admin "$app")" "$(scripts/dev-token.sh screener console-check-screener)"
