#!/usr/bin/env python3
"""The note classifier measured out of sample over HTTP, against a running service.

For each labelled corpus (YouTube comments, SMS messages in ../shared/datasets), split in halves by
the CRC-32 of the text (as the in-process evaluation splits them): a new app screens the test half
(untrained), then screens every text of the tuning half and sends its feedback (spam REPORTED, ham
ACCEPTED), waits for the classifier snapshot to refresh, and screens the test half again. Also
trained on one corpus and measured on the other. Every text is the note of a stranger's request
(0 mutual connections, network 300), as in docs/evaluation.md.

    scripts/classifier-eval.py BASE_URL [DATASETS_DIR]

Used by scripts/classifier-eval.sh, which starts the packaged service. Prints a Markdown table.
"""
import csv
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor

BASE = sys.argv[1].rstrip("/")
DATASETS = sys.argv[2] if len(sys.argv) > 2 else "../shared/datasets"


def texts(name):
    with open(f"{DATASETS}/{name}", newline="", encoding="utf-8") as f:
        return [(row["label"], row["text"]) for row in csv.DictReader(f)]


def halves(rows):
    tuning, test = [], []
    for label, text in rows:
        (tuning if zlib.crc32(text.encode("utf-8")) % 2 == 0 else test).append((label, text))
    return tuning, test


def token(app):
    return subprocess.run(["scripts/dev-token.sh", "screener", app, "86400"], check=True,
                          capture_output=True, text=True).stdout.strip()


def call(method, path, bearer, body):
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode("utf-8"),
                                     headers={"Authorization": "Bearer " + bearer,
                                              "Content-Type": "application/json"})
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as e:
            if e.code in (429, 503) and attempt < 4:
                time.sleep(1)
                continue
            return e.code, json.load(e)


def screen(bearer, text):
    status, body = call("POST", "/api/v1/screenings", bearer,
                        {"message": text, "mutualConnections": 0, "requesterNetworkSize": 300})
    return body if status == 201 else None


def verdicts(bearer, rows):
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda row: screen(bearer, row[1]), rows))
    counts = {"spam": {"ACCEPT": 0, "REVIEW": 0, "DECLINE": 0}, "ham": {"ACCEPT": 0, "REVIEW": 0, "DECLINE": 0}}
    refused = 0
    for (label, _), answer in zip(rows, answers):
        if answer is None:
            refused += 1
        else:
            counts[label][answer["verdict"]] += 1
    return counts, refused


def teach(bearer, rows):
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    def one(row):
        label, text = row
        answer = screen(bearer, text)
        if answer is None:
            return 0
        status, _ = call("POST", f"/api/v1/screenings/{answer['id']}/feedback", bearer,
                         {"outcome": "REPORTED" if label == "spam" else "ACCEPTED",
                          "occurredAt": max(now, answer["createdAt"][:19] + "Z")})
        return 1 if status in (200, 201) else 0

    with ThreadPoolExecutor(8) as pool:
        return sum(pool.map(one, rows))


def share(counts, label, verdicts_):
    total = sum(counts[label].values())
    return sum(counts[label][v] for v in verdicts_) / total if total else 0.0


def pct(x):
    return f"{x * 100:.1f} %"


corpora = {"YouTube": halves(texts("youtube-comments.csv")), "SMS": halves(texts("sms-messages.csv"))}
print("| trained on | measured on (spam / ham) | notes taught | spam not ACCEPTed | spam DECLINEd | ham DECLINEd | refused |")
print("|---|---|---:|---:|---:|---:|---:|")
for trained_on, measured_on in [("YouTube", "YouTube"), ("SMS", "SMS"), ("YouTube", "SMS"), ("SMS", "YouTube")]:
    app = f"eval-{trained_on.lower()}-{measured_on.lower()}-{uuid.uuid4().hex[:8]}"
    bearer = token(app)
    test = corpora[measured_on][1]
    before, refused_before = verdicts(bearer, test)
    taught = teach(bearer, corpora[trained_on][0])
    time.sleep(3)  # the instance's snapshot of the app's model is looked at again every second here
    after, refused_after = verdicts(bearer, test)
    spam_n = sum(after["spam"].values())
    ham_n = sum(after["ham"].values())
    print(f"| {trained_on} tuning half | {measured_on} test half ({spam_n} / {ham_n}) | {taught:,} | "
          f"{pct(share(before, 'spam', ['REVIEW', 'DECLINE']))} → **{pct(share(after, 'spam', ['REVIEW', 'DECLINE']))}** | "
          f"{pct(share(before, 'spam', ['DECLINE']))} → **{pct(share(after, 'spam', ['DECLINE']))}** | "
          f"{pct(share(before, 'ham', ['DECLINE']))} → **{pct(share(after, 'ham', ['DECLINE']))}** | "
          f"{refused_before} / {refused_after} |", flush=True)
