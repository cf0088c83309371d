#!/usr/bin/env python3
"""Summarises the results.tsv of scripts/load.sh: medians over the runs, with the spread (min-max).

For each database and concurrency: screening throughput and latency percentiles, the two floors
(the trivial endpoint and the insert floor), the ratio of screening throughput to each floor and to
the combined floor 1/(1/trivial + 1/insert), each ratio computed within a run and then summarised;
then the CPU a request costs in each process, the run at half the peak, start-up and memory.
Usage: summary.py results.tsv [more results.tsv ...]
"""
import csv
import statistics
import sys
from collections import defaultdict

rows = []
for path in sys.argv[1:]:
    with open(path) as f:
        rows.extend(csv.DictReader(f, delimiter="\t"))


def num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def spread(values, digits=0):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    fmt = "{:,.%df}" % digits
    med = fmt.format(statistics.median(values))
    if len(values) == 1:
        return med
    return f"{med} ({fmt.format(min(values))}–{fmt.format(max(values))})"


# results[db][step][connections][run] = row
results = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
for r in rows:
    results[r["db"]][r["step"]][r["connections"]][r["run"]] = r

NAMES = {"pg": "PostgreSQL", "h2": "H2 (embedded, file)"}
for db in [d for d in ("pg", "h2") if d in results] + [d for d in results if d not in ("pg", "h2")]:
    steps = results[db]
    runs = sorted({run for step in steps.values() for conns in step.values() for run in conns})
    print(f"\n### {NAMES.get(db, db)}: {len(runs)} run(s); medians, (min–max) over the runs\n")
    levels = sorted(steps.get("screening", {}), key=int)
    print("| connections | screening req/s | p50 ms | p99 ms | p99.9 ms | trivial endpoint req/s | insert floor req/s "
          "| combined floor req/s | screening / trivial | screening / insert | screening / combined "
          "| peer req/s | peer p99 ms | screening / peer | screenings a batch | batched insert floor req/s "
          "| batched combined floor req/s | screening / batched combined |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in levels:
        scr, echo, ins, peer, batched = (steps.get(s, {}).get(c, {})
                                         for s in ("screening", "echo", "insert", "peer", "insert-batched"))
        batch = steps.get(f"batch_size_c{c}", {}).get("", {})
        ratios = defaultdict(list)
        combined = []
        combined_batched = []
        for run in runs:
            s, e, i = (num(x.get(run, {}).get("rps")) for x in (scr, echo, ins))
            p = num(peer.get(run, {}).get("rps"))
            b = num(batched.get(run, {}).get("rps"))
            if s and p:
                ratios["peer"].append(s / p)
            if e and b:
                combined_batched.append(1 / (1 / e + 1 / b))
                if s:
                    ratios["batched"].append(s / (1 / (1 / e + 1 / b)))
            if e and i:
                combined.append(1 / (1 / e + 1 / i))
            if s and e:
                ratios["trivial"].append(s / e)
            if s and i:
                ratios["insert"].append(s / i)
            if s and e and i:
                ratios["combined"].append(s / (1 / (1 / e + 1 / i)))
        col = lambda step, key, d=0: spread([num(r.get(key)) for r in step.values()], d)
        pct = lambda key: spread([100 * v for v in ratios[key]], 0) + " %" if ratios[key] else "n/a"
        print(f"| {c} | {col(scr, 'rps')} | {col(scr, 'p50_ms', 1)} | {col(scr, 'p99_ms', 1)} | {col(scr, 'p999_ms', 1)} "
              f"| {col(echo, 'rps')} | {col(ins, 'rps')} | {spread(combined)} | {pct('trivial')} | {pct('insert')} "
              f"| {pct('combined')} | {col(peer, 'rps')} | {col(peer, 'p99_ms', 1)} | {pct('peer')} "
              f"| {spread([num(r.get('rps')) for r in batch.values()])} | {col(batched, 'rps')} "
              f"| {spread(combined_batched)} | {pct('batched')} |")

    print("\nLatency of the floors (ms, medians): trivial endpoint p50 / p99 / p99.9; insert floor mean "
          "(pgbench gives only the mean)\n")
    print("| connections | trivial p50 | trivial p99 | trivial p99.9 | insert mean | insert p99 |")
    print("|---:|---:|---:|---:|---:|---:|")
    for c in levels:
        echo, ins = (steps.get(s, {}).get(c, {}) for s in ("echo", "insert"))
        col = lambda step, key: spread([num(r.get(key)) for r in step.values()], 2)
        print(f"| {c} | {col(echo, 'p50_ms')} | {col(echo, 'p99_ms')} | {col(echo, 'p999_ms')} "
              f"| {col(ins, 'mean_ms')} | {col(ins, 'p99_ms')} |")

    print("\nCPU a request costs, microseconds (medians): the service's JVM, the database server, the load "
          "generator (wrk, pgbench or the JDBC loop), anything else on the machine; and how busy both cores were\n")
    print("| step | connections | req/s | service | database | load generator | other | cores busy |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for step in ("warmup", "screening", "screening-anonymous", "screening-half-peak", "echo", "insert", "insert-batched",
                 "peer-warmup", "peer", "peer-half-peak"):
        for c in sorted(steps.get(step, {}), key=int):
            rs = steps[step][c].values()
            m = lambda key: spread([num(r.get(key)) for r in rs])
            print(f"| {step} | {c} | {m('rps')} | {m('service_cpu_us')} | {m('db_cpu_us')} | {m('client_cpu_us')} "
                  f"| {m('other_cpu_us')} | {m('busy_pct')} % |")

    for step in ("screening-half-peak", "screening-anonymous", "peer-half-peak"):
        for c, rs in steps.get(step, {}).items():
            rs = rs.values()
            m = lambda key, d=1: spread([num(r.get(key)) for r in rs], d)
            print(f"\n{step} at {c} connections: {m('rps', 0)} req/s, p50 {m('p50_ms')} ms, p99 {m('p99_ms')} ms, "
                  f"p99.9 {m('p999_ms')} ms")

    print()
    for key, label in (("startup_ms", "launch to first answered screening, ms"),
                       ("quarkus_started_ms", "Quarkus' own 'started in', ms"),
                       ("rss_after_warmup_mb", "resident memory after the warm-up minute of load, MB"),
                       ("rss_end_mb", "resident memory at the end of the run, MB"),
                       ("rss_peak_mb", "peak resident memory (VmHWM), MB"),
                       ("peer_startup_ms", "the peer: launch to first answered request, ms"),
                       ("peer_rss_after_warmup_mb", "the peer: resident memory after the warm-up, MB"),
                       ("peer_rss_end_mb", "the peer: resident memory at the end of its run, MB")):
        values = [num(r.get("rps")) for r in steps.get(key, {}).get("", {}).values()]
        if values:
            print(f"- {label}: {spread(values)}")

errors = [r for r in rows if r.get("step") not in (None, "") and any(
    (num(r.get(k)) or 0) > 0 for k in ("non2xx", "socket_errors", "timeouts"))]
if errors:
    print("\nSteps with errors (non-2xx, socket errors or timeouts):")
    for r in errors:
        print(f"- {r['db']} run {r['run']} {r['step']} c={r['connections']}: non-2xx {r['non2xx']}, "
              f"socket errors {r['socket_errors']}, timeouts {r['timeouts']}")
