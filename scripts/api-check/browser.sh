# Sourced by scripts/swagger-check.sh and scripts/console-check.sh: finds Chromium (CHROMIUM, else
# Debian's chromium) and installs the playwright-core pinned in scripts/api-check/package-lock.json
# once. Needs Node.js with npm.
export CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$CHROMIUM" ] || { echo "no Chromium found: apt-get install chromium, or set CHROMIUM" >&2; exit 1; }
if ! (cd scripts/api-check && node -e '
  const lock = require("./package-lock.json").packages["node_modules/playwright-core"].version;
  process.exit(require("./node_modules/playwright-core/package.json").version === lock ? 0 : 1)' 2>/dev/null); then
  (cd scripts/api-check && npm ci --no-audit --no-fund --loglevel=error)
fi
