"""Parallel screenings for scripts/db-outage.sh: posts until the stop file appears and writes one
JSON line per answer (time, status, screening id, Retry-After, content type)."""
import http.client
import json
import os
import random
import sys
import threading
import time

port, out_path, stop_path, workers = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["BONAFIDE_TOKEN"]}
notes = [
    "Hi, I'm Dana from the product team at Orbit. I read your article on trust and would like to connect.",
    "Check out my channel and subscribe!",
    "",
    "We met at the conference in Lisbon, great talk!",
    "I'd like to add you to my professional network.",
]
lock = threading.Lock()
out = open(out_path, "w")


def worker(n):
    conn = None
    i = 0
    while not os.path.exists(stop_path):
        i += 1
        body = json.dumps({
            "message": random.choice(notes),
            "mutualConnections": random.randint(0, 5),
            "requesterNetworkSize": random.randint(10, 3000),
            "requester": {"id": "outage-%d-%d" % (n, i % 7)},
            "recipientId": "recipient-%d" % random.randint(1, 10000),
        })
        started = time.time()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/api/v1/screenings", body, headers)
            response = conn.getresponse()
            payload = response.read()
            record = {"t": started, "done": time.time(), "status": response.status,
                      "retryAfter": response.getheader("Retry-After"),
                      "type": response.getheader("Content-Type")}
            if response.status == 201:
                record["id"] = json.loads(payload)["id"]
            elif response.status >= 400:
                record["problem"] = json.loads(payload).get("type")
        except Exception as e:  # a refused or reset connection is recorded, not fatal
            record = {"t": started, "done": time.time(), "status": 0, "error": type(e).__name__}
            conn = None
            time.sleep(0.05)
        with lock:
            out.write(json.dumps(record) + "\n")
            out.flush()


threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
out.close()
