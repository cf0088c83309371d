#!/usr/bin/env bash
# What a newcomer does: clone the repository into an empty folder with nothing beside it (no
# ../shared/datasets), and run the README's test command there. Fails if the build fails.
#   scripts/newcomer.sh [extra Maven arguments]
# Clones the committed HEAD of this repository; uncommitted changes are not part of the check.
set -euo pipefail
cd "$(dirname "$0")/.."

root=$(mktemp -d /tmp/bonafide-newcomer.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir "$root/bonafide-parent"
root="$root/bonafide-parent"     # a folder of its own, so that ../shared is surely absent

git clone -q --no-hardlinks "$PWD" "$root/bonafide"
cd "$root/bonafide"
echo "fresh clone of $(git rev-parse --short HEAD) in $PWD (nothing beside it: $(ls -A "$root" | tr '\n' ' '))"
./mvnw -B -ntp verify "$@"
echo "a fresh clone passes ./mvnw verify"
