# Sourced by scripts/openapi-lint.sh, scripts/swagger-check.sh and scripts/console-check.sh: the base URL of a running service.
# With a URL as the first argument, that service is checked; otherwise the packaged service
# (target/quarkus-app/quarkus-run.jar, built for PostgreSQL) is started on its own schema of the
# PostgreSQL server on 127.0.0.1:5432 (trust auth for user postgres, database "test"), trusting the
# development key (dev-keys/), and stopped again when the script ends.
#   use_service <url-or-empty> <port> <schema>   sets BASE_URL (and SERVICE_PID, SERVICE_LOG when started)
# SERVICE_HEAP sets the started service's -Xmx (default 256m); other settings come from the environment.
use_service() {
  local url=$1 port=$2 schema=$3
  if [ -n "$url" ]; then
    BASE_URL=${url%/}
    return 0
  fi
  local jar=target/quarkus-app/quarkus-run.jar
  [ -f "$jar" ] || { echo "missing $jar: run ./mvnw package first, or pass the URL of a running service" >&2; exit 1; }
  if curl -s -o /dev/null "localhost:$port/"; then echo "port $port is in use" >&2; exit 1; fi
  PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q \
    -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
  SERVICE_LOG=$(mktemp)
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
  QUARKUS_HTTP_PORT=$port \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
    java -Xmx"${SERVICE_HEAP:-256m}" -jar "$jar" > "$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
  trap stop_service EXIT
  BASE_URL="http://localhost:$port"
  for _ in $(seq 1 120); do
    curl -fsS "$BASE_URL/q/health/ready" > /dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "the service on port $port did not become ready:" >&2
  tail -n 30 "$SERVICE_LOG" >&2
  exit 1
}

stop_service() {
  [ -n "${SERVICE_PID:-}" ] || return 0
  kill "$SERVICE_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$SERVICE_PID" 2>/dev/null || true
  rm -f "$SERVICE_LOG"
}
