#!/usr/bin/env bash
# A bearer token signed with the development key (dev-keys/), for ./mvnw quarkus:dev and local tries:
#   scripts/dev-token.sh <screener|rules-admin|auditor>[,<role>...] [app-id] [lifetime-seconds]
#   curl -H "Authorization: Bearer $(scripts/dev-token.sh screener my-app)" ...
set -euo pipefail
cd "$(dirname "$0")/.."
roles=${1:?usage: scripts/dev-token.sh <role>[,<role>...] [app-id] [lifetime-seconds]}
subject=${2:-dev-app}
lifetime=${3:-3600}
issuer=${BONAFIDE_DEV_ISSUER:-https://bonafide.dev/dev}
# The dev profile requires this audience (mp.jwt.verify.audiences); the packaged service checks it
# only when MP_JWT_VERIFY_AUDIENCES is set.
audience=${BONAFIDE_DEV_AUDIENCE:-bonafide}
now=$(date +%s)
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
groups=$(printf '%s' "$roles" | awk -F, '{for (i = 1; i <= NF; i++) printf "%s\"%s\"", (i > 1 ? "," : ""), $i}')
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","aud":"%s","sub":"%s","upn":"%s","groups":[%s],"iat":%d,"exp":%d,"jti":"%s"}' \
  "$issuer" "$audience" "$subject" "$subject" "$groups" "$now" "$((now + lifetime))" "$(openssl rand -hex 8)" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign dev-keys/privateKey.pem -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
