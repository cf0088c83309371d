"""Parallel screenings for scripts/drain-test.sh: posts until the stop file appears, or until the
service has refused connections for a while (it has stopped), and writes one JSON line per attempt:
time, status (0 when no answer came), screening id, content type, problem type, and for no answer,
whether the connection was refused or dropped."""
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
    refused_in_a_row = 0
    i = 0
    while not os.path.exists(stop_path) and refused_in_a_row < 20:
        i += 1
        body = json.dumps({
            "message": random.choice(notes),
            "mutualConnections": random.randint(0, 5),
            "requesterNetworkSize": random.randint(10, 3000),
            "requester": {"id": "drain-%d-%d" % (n, i % 7)},
            "recipientId": "recipient-%d" % random.randint(1, 10000),
        })
        started = time.time()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.connect()
        except OSError as e:  # refused once the listener is closed; reset if it closes meanwhile
            conn = None
            refused = isinstance(e, ConnectionRefusedError)
            refused_in_a_row += 1 if refused else 0
            record = {"t": started, "done": time.time(), "status": 0,
                      "error": "refused" if refused else "dropped", "exception": type(e).__name__}
            with lock:
                out.write(json.dumps(record) + "\n")
            time.sleep(0.05)
            continue
        refused_in_a_row = 0
        try:
            conn.request("POST", "/api/v1/screenings", body, headers)
            response = conn.getresponse()
            payload = response.read()
            record = {"t": started, "done": time.time(), "status": response.status,
                      "type": response.getheader("Content-Type"),
                      "retryAfter": response.getheader("Retry-After")}
            if response.status == 201:
                record["id"] = json.loads(payload)["id"]
            elif response.status >= 400:
                try:
                    record["problem"] = json.loads(payload).get("type")
                except ValueError:
                    record["problem"] = None
            if response.will_close:
                conn.close()
                conn = None
        except Exception as e:  # sent, or connected, but no answer: dropped
            record = {"t": started, "done": time.time(), "status": 0, "error": "dropped",
                      "exception": type(e).__name__}
            conn = None
        with lock:
            out.write(json.dumps(record) + "\n")


threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
out.close()
