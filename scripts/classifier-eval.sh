#!/usr/bin/env bash
# The note classifier out of sample over HTTP (scripts/classifier-eval.py) against the packaged
# service (./mvnw package first) on a fresh PostgreSQL schema. Fair use is lifted (the point is the
# judgement, not one app's share) and each instance looks at the classifier's counts every second.
# Results: docs/evaluation.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
SCHEMA=bonafide_classifier_eval
PORT=18292
DATASETS=${1:-../shared/datasets}
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw package first" >&2; exit 1; }
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-test}
PGOPTIONS=--client-min-messages=warning psql -v ON_ERROR_STOP=1 -q \
  -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
mkdir -p target
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
  BONAFIDE_RATE_LIMIT_REQUESTS_PER_SECOND=100000 BONAFIDE_RATE_LIMIT_BURST=100000 BONAFIDE_SCORING_CPU_SHARE=1 \
  BONAFIDE_CLASSIFIER_REFRESH_INTERVAL=1s QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  java -Xms64m -Xmx192m -XX:+UseSerialGC -jar "$JAR" > target/classifier-eval.log 2>&1 &
pid=$!
trap 'kill $pid 2> /dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS -o /dev/null "localhost:$PORT/q/health/ready" 2> /dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "localhost:$PORT/q/health/ready" || { tail -n 30 target/classifier-eval.log >&2; exit 1; }
python3 scripts/classifier-eval.py "http://localhost:$PORT" "$DATASETS"
