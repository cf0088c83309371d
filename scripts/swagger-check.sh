#!/usr/bin/env bash
# The Swagger UI in a headless Chromium: the bearer description shows `<role>`, Authorize with a dev
# token, "Try it out" on POST /api/v1/screenings with the pre-filled example answers 201, and every
# error response of every operation shows an example with its own status.
#   scripts/swagger-check.sh              starts the packaged service (./mvnw package first; needs PostgreSQL)
#   scripts/swagger-check.sh <base-url>   checks a running service that trusts dev-keys/, e.g. http://localhost:8080
# Needs Node.js with npm, and Chromium (Debian: apt-get install chromium; or set CHROMIUM to a browser).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/api-check/browser.sh

. scripts/api-check/service.sh
use_service "${1:-}" 18296 bonafide_swagger_check

node scripts/api-check/swagger-check.mjs "$BASE_URL" "$(scripts/dev-token.sh screener swagger-check)"
