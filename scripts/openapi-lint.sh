#!/usr/bin/env bash
# Lints the served OpenAPI document with Redocly's recommended rules; fails on any error or warning.
#   scripts/openapi-lint.sh               starts the packaged service (./mvnw package first; needs PostgreSQL)
#   scripts/openapi-lint.sh <base-url>    lints a running service, e.g. http://localhost:8080
# Needs Node.js and npm (the pinned @redocly/cli is fetched by npx on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
REDOCLY_VERSION=2.77.0

. scripts/api-check/service.sh
use_service "${1:-}" 18295 bonafide_openapi_lint

work=$(mktemp -d)
curl -fsS "$BASE_URL/q/openapi" -o "$work/openapi.yaml"
cd "$work"
lint() { npx --yes "@redocly/cli@$REDOCLY_VERSION" lint --extends=recommended "$@" openapi.yaml; }
lint --format=json > lint.json 2> /dev/null || true
read -r errors warnings < <(python3 -c '
import json
totals = json.load(open("lint.json"))["totals"]
print(totals["errors"], totals["warnings"])')
if [ "$errors" -ne 0 ] || [ "$warnings" -ne 0 ]; then
  lint --format=codeframe 2>&1 | grep -v -e 'Node.js' -e '[╔║╚]' || true
fi
rm -rf "$work"
echo "OpenAPI document of $BASE_URL: $errors errors, $warnings warnings (@redocly/cli $REDOCLY_VERSION, recommended rules)"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
