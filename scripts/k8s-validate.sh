#!/usr/bin/env bash
# Validates the Kubernetes manifests `./mvnw package` writes against the Kubernetes schemas, with the
# npm package kubernetes-models (pinned, with js-yaml, in scripts/k8s-validate/package.json and
# installed into a temporary directory; needs Node.js and npm). Prints each kind/name validated and
# fails on an invalid document or a kind it has no schema for. No cluster is needed or contacted.
#   scripts/k8s-validate.sh [file.yml]     default target/kubernetes/kubernetes.yml
#   scripts/k8s-validate.sh --self-test    also proves that it fails: validates copies of the file
#                                          with a wrong field type (replicas: "two"), a malformed
#                                          quantity (memory: 512 MiB) and a kind no schema has,
#                                          and fails unless each copy is refused.
# What the schemas check: types, required fields, enums and formats. They do not report fields the
# schema does not have (the API server warns about those when the manifests are applied).
set -euo pipefail
cd "$(dirname "$0")/.."

self_test=false
if [ "${1:-}" = --self-test ]; then self_test=true; shift; fi
manifests=${1:-target/kubernetes/kubernetes.yml}
[ -f "$manifests" ] || { echo "missing $manifests: run ./mvnw package first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp scripts/k8s-validate/package.json scripts/k8s-validate/validate.mjs "$work/"
(cd "$work" && npm install --silent --no-audit --no-fund --no-package-lock > npm.log 2>&1) \
  || { cat "$work/npm.log" >&2; exit 1; }

node "$work/validate.mjs" "$manifests"

if $self_test; then
  broken() {  # broken <name> <sed expression>: a copy with one change, which must be refused
    sed "$2" "$manifests" > "$work/$1.yml"
    cmp -s "$manifests" "$work/$1.yml" && { echo "self-test $1: the change did not apply" >&2; exit 1; }
    if node "$work/validate.mjs" "$work/$1.yml" > "$work/$1.out"; then
      cat "$work/$1.out"; echo "self-test FAILED: the copy with $1 was accepted" >&2; exit 1
    fi
    echo "self-test: the copy with $1 is refused: $(grep -E '^(INVALID|UNKNOWN)' "$work/$1.out" | head -n 1 | cut -c1-160)"
  }
  broken 'replicas: "two"' 's/^  replicas: 2$/  replicas: "two"/'
  broken 'memory: 512 MiB' 's/memory: 512Mi$/memory: 512 MiB/'
  broken 'an unknown kind' 's/^kind: PodDisruptionBudget$/kind: PodDisruptionBudgot/'
fi
