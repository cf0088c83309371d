#!/usr/bin/env bash
# Replaces the AppCDS archive of the packaged service (target/quarkus-app/app-cds.jsa) with one
# recorded from a real start: the service starts against a database, answers one screening and one
# preview, and stops; the JVM then archives every class it loaded. The archive that packaging writes
# covers only the part of start-up that runs without a database (no Flyway, no queries, no CEL, no
# requests); this one covers them too and starts the service faster (docs/benchmarks.md, "Start-up").
#
#   QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://host:5432/db?currentSchema=scratch \
#   QUARKUS_DATASOURCE_USERNAME=... [QUARKUS_DATASOURCE_PASSWORD=...] scripts/appcds.sh [APP-DIR]
#
# Point it at a scratch database or schema: Flyway migrates it and one screening is stored. Tokens
# are signed with the development key for this run only (the archive holds classes, no settings).
# Run it on the machine, or in the image, that runs the service, with the same build of Java: the
# JVM ignores an archive made by another (README, "Production").
# Environment: JAVA_OPTS (default: the production settings of the README), PORT (default 18690),
#              ARCHIVE (the file written in APP-DIR; default app-cds.jsa, the one the README's launch
#              uses; scripts/startup.sh --recorded writes app-cds-recorded.jsa beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
APP=${1:-target/quarkus-app}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TrimNativeHeapInterval=5000"}
PORT=${PORT:-18690}
ARCHIVE=${ARCHIVE:-app-cds.jsa}
case "$ARCHIVE" in */*|.*|"") echo "ARCHIVE is a file name in $APP, not a path" >&2; exit 2 ;; esac
: "${QUARKUS_DATASOURCE_JDBC_URL:?set QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD) to a scratch database}"
[ -f "$APP/quarkus-run.jar" ] || { echo "no $APP/quarkus-run.jar: ./mvnw package first" >&2; exit 1; }

TOKEN=$(scripts/dev-token.sh screener appcds-training 600)
BODY='{"message": "Hi, I am a data engineer and would like to connect to learn more about your work.", "mutualConnections": 1, "requesterNetworkSize": 300}'
LOG=$(mktemp)
rm -f "$APP/$ARCHIVE.new"
# From the service's directory, as the archive records the class path relative to it.
# shellcheck disable=SC2086
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
  MALLOC_ARENA_MAX=2 QUARKUS_HTTP_PORT=$PORT \
  bash -c 'cd "$1" && shift && exec java "$@"' _ "$APP" $JAVA_OPTS -XX:ArchiveClassesAtExit="$ARCHIVE.new" \
  -jar quarkus-run.jar > "$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2> /dev/null || true' EXIT
post() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "localhost:$PORT$1" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" || true
}
code=""
for _ in $(seq 1 1200); do
  kill -0 "$PID" 2> /dev/null || { tail -n 30 "$LOG" >&2; echo "the service stopped while starting" >&2; exit 1; }
  code=$(post /api/v1/screenings "$BODY")
  [ "$code" = 201 ] && break
  sleep 0.1
done
[ "$code" = 201 ] || { tail -n 30 "$LOG" >&2; echo "no screening answered within 120 s" >&2; exit 1; }
post /api/v1/screenings/preview "{\"request\": $BODY}" > /dev/null
curl -s -o /dev/null "localhost:$PORT/q/health/ready"
kill "$PID"
wait "$PID" 2> /dev/null || true
trap - EXIT
[ -s "$APP/$ARCHIVE.new" ] || { tail -n 30 "$LOG" >&2; echo "the JVM wrote no archive" >&2; exit 1; }
chmod u+w "$APP/$ARCHIVE" 2> /dev/null || true
mv -f "$APP/$ARCHIVE.new" "$APP/$ARCHIVE"
rm -f "$LOG"
echo "AppCDS archive recorded: $APP/$ARCHIVE ($(du -m "$APP/$ARCHIVE" | cut -f1) MB)"
