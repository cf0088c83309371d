# Sourced by scripts/two-instances.sh and scripts/shared-limit.sh: instances of the packaged service
# (target/quarkus-app/quarkus-run.jar, built for PostgreSQL) on one fresh schema of the PostgreSQL
# server on 127.0.0.1:5432 (trust auth, user postgres, database "test"), trusting the development
# key, each stopped when the script ends.
#   fresh_schema <schema>           drops and creates it (sets SCHEMA)
#   start_instance <port> [VAR=value ...]   starts one with extra environment settings
#   ready_instance <port>           waits until it is ready, or shows its log and fails
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw package first" >&2; exit 1; }
instance_logs=$(mktemp -d)
instance_pids=()

stop_instances() {
  for p in "${instance_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${instance_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$instance_logs"
}
trap stop_instances EXIT

fresh_schema() {
  SCHEMA=$1
  PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q \
    -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
}

start_instance() {
  local port=$1
  shift
  if curl -s -o /dev/null "localhost:$port/"; then echo "port $port is in use" >&2; exit 1; fi
  env MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev-keys/publicKey.pem" MP_JWT_VERIFY_ISSUER=https://bonafide.dev/dev \
    QUARKUS_HTTP_PORT="$port" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= "$@" \
    java -Xmx256m -jar "$JAR" > "$instance_logs/$port.log" 2>&1 &
  instance_pids+=($!)
}

ready_instance() {
  for _ in $(seq 1 120); do
    curl -fsS "localhost:$1/q/health/ready" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "instance on port $1 did not become ready:" >&2; tail -n 30 "$instance_logs/$1.log" >&2; return 1
}
