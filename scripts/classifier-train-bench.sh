#!/usr/bin/env bash
# How long training the note classifier from 10,000 labelled examples takes, end to end over HTTP,
# on PostgreSQL, against the packaged service (./mvnw package first), or against the service at
# the URL given as the first argument.
#
#   scripts/classifier-train-bench.sh [BASE_URL] [DATASETS_DIR]
#
# The 10,000 examples are the SMS and YouTube corpora of DATASETS_DIR (default ../shared/datasets),
# the SMS corpus's first rows again to make up the number, as one CSV (911 KB, written to a temporary
# file, never into the repository). Each of three runs uploads it to a fresh app's model and prints
# curl's total time and the examples learnt. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DATASETS=${2:-../shared/datasets}

. scripts/api-check/service.sh
use_service "${1:-}" 18297 bonafide_train_bench

work=$(mktemp -d)
python3 - "$DATASETS" "$work/train.csv" <<'PY'
import csv, sys
rows = []
for name in ("sms-messages.csv", "youtube-comments.csv"):
    with open(f"{sys.argv[1]}/{name}", newline="", encoding="utf-8") as f:
        rows += [(row["text"], row["label"]) for row in csv.DictReader(f)]
rows += rows[:10000 - len(rows)]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    writer = csv.writer(f)
    writer.writerow(["text", "label"])
    writer.writerows(rows)
PY
ADMIN=$(scripts/dev-token.sh rules-admin bench-ops)
for run in 1 2 3; do
  app="train-bench-$run-$$"
  curl -fsS -o "$work/answer.json" -w "run $run: %{time_total} s, " -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: text/csv' --data-binary @"$work/train.csv" \
    "$BASE_URL/api/v1/classifier/examples?appId=$app"
  python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); print(a["examplesRead"], "examples read,", a["inauthentic"], "inauthentic,", a["genuine"], "genuine,", a["skipped"], "skipped")' "$work/answer.json"
done
rm -rf "$work"
