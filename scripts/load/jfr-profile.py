#!/usr/bin/env python3
"""Where the service's CPU goes, from a JFR recording (JDK Flight Recorder, built into the JDK).

    scripts/load/jfr-profile.py RECORDING.jfr [--top N]

Record one while the service is under load, for example
    jcmd <pid> JFR.start name=load settings=profile filename=/tmp/load.jfr
    ... drive load (scripts/load.sh, or wrk with scripts/load/screenings.lua) ...
    jcmd <pid> JFR.stop name=load
or start the service with -XX:StartFlightRecording=settings=profile,filename=... (scripts/load.sh --jfr).

Prints, from jdk.ExecutionSample (Java code running on a CPU, sampled every 10 or 20 ms):
  1. the share of samples in each stage of a screening: each sample goes to the innermost stage
     whose frame is on its stack (stages: see STAGES below);
  2. the share in each library, by the sampled (leaf) frame's package;
  3. the hottest leaf methods;
and, from jdk.ThreadCPULoad, the CPU each kind of thread used (request workers, the HTTP event
loop, the garbage collector, the JIT compilers, ...), which the samples above do not see.
"""
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict

# Each sample goes to the innermost frame on its stack that marks a stage of the request (list
# STAGES); a sample with none of them goes to the innermost frame's library (FALLBACK). So the JDBC
# calls of the history queries count as "history", the inserts at commit as "flush".
STAGES = [
    ("history: lock the requester rows (one statement a batch on PostgreSQL)",
     r"dev\.bonafide\.storage\.\w+ScreeningStore\.lock"),
    ("history: count recent screenings and copies of the note (2 queries)",
     r"dev\.bonafide\.storage\.\w+ScreeningStore\.(count|countEach)"),
    ("engine: facts from the note", r"dev\.bonafide\.engine\.(FactExtractor|Screener\.facts|PhraseBook|NoteFingerprint)"),
    ("engine: CEL rules, explanations, score", r"dev\.bonafide\.engine\.(CompiledRuleset|ExplanationTemplate)"),
    ("facts column: facts to and from JSON (FactsConverter)", r"dev\.bonafide\.screening\.FactsConverter"),
    ("metrics (Micrometer timers and counters)", r"dev\.bonafide\.screening\.ScreeningMetrics|^io\.micrometer\."),
    ("Hibernate flush: INSERT screening + batch of reasons, dirty checks",
     r"^org\.hibernate\.(event\.internal\.(DefaultFlushEventListener|AbstractFlushingEventListener|DefaultAutoFlushEventListener)|engine\.spi\.ActionQueue|internal\.SessionImpl\.(flush|doFlush|autoFlush))"),
    ("Hibernate persist (Panache persist: entity and collection bookkeeping)",
     r"^org\.hibernate\.event\.internal\.DefaultPersistEventListener|PanacheEntityBase\.persist|AbstractJpaOperations\.persist"),
    ("transaction begin and commit (Narayana, JDBC commit)",
     r"^com\.arjuna\.|^io\.quarkus\.narayana\.jta\.runtime\.|QuarkusTransactionImpl\.(begin|commit|rollback)|^org\.postgresql\.jdbc\.PgConnection\.(commit|setAutoCommit)"),
    ("Hibernate session open and close", r"^org\.hibernate\.internal\.(SessionImpl\.(<init>|close|closeWithoutOpenChecks)|SessionFactoryImpl\.openSession|AbstractSharedSessionContract\.<init>)|TransactionScopedSession"),
    ("connection pool (Agroal: lend with validation, return, reset)",
     r"^io\.agroal\.pool\.(ConnectionPool|DataSource|ConnectionHandler)\."),
    ("response: building the screening view", r"dev\.bonafide\.screening\.ScreeningView"),
    ("JSON: writing the response", r"JacksonMessageBodyWriter|JacksonBasicMessageBodyWriter"),
    ("JSON: reading the request", r"JacksonMessageBodyReader"),
    ("validation (Hibernate Validator)", r"^org\.hibernate\.validator\."),
    ("logging", r"^org\.jboss\.logmanager\.|^org\.jboss\.logging\."),
    ("trivial endpoint (/bench/echo)", r"^dev\.bonafide\.bench\."),
    ("rule refresh (scheduler)", r"^dev\.bonafide\.rules\.|^io\.quarkus\.scheduler\."),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in STAGES]
FALLBACK = [
    ("other Hibernate", r"^org\.hibernate\."),
    ("other JDBC driver (PostgreSQL or H2)", r"^org\.postgresql\.|^org\.h2\.|^io\.agroal\."),
    ("other in ScreeningService.screen", r"^dev\.bonafide\.screening\.ScreeningService"),
    ("REST layer (Quarkus REST, ArC, context propagation)",
     r"^org\.jboss\.resteasy\.reactive\.|^io\.quarkus\.|^io\.smallrye\."),
    ("HTTP and network (Vert.x, Netty)", r"^io\.vertx\.|^io\.netty\."),
]
FALLBACK = [(name, re.compile(pattern)) for name, pattern in FALLBACK]

LIBRARIES = [
    ("java.util / java.lang / JDK", r"^(java|jdk|sun)\."),
    ("Jackson (JSON)", r"^com\.fasterxml\.jackson\."),
    ("Hibernate ORM", r"^org\.hibernate\.(?!validator)"),
    ("Hibernate Validator", r"^org\.hibernate\.validator\."),
    ("PostgreSQL JDBC", r"^org\.postgresql\."),
    ("H2", r"^org\.h2\."),
    ("Narayana (transactions)", r"^com\.arjuna\.|^io\.quarkus\.narayana\."),
    ("Agroal (pool)", r"^io\.agroal\."),
    ("CEL and protobuf / Guava", r"^dev\.cel\.|^com\.google\."),
    ("Bonafide", r"^dev\.bonafide\."),
    ("Vert.x / Netty", r"^io\.vertx\.|^io\.netty\."),
    ("Quarkus REST / ArC / SmallRye", r"^org\.jboss\.resteasy\.|^io\.quarkus\.|^io\.smallrye\."),
    ("Micrometer", r"^io\.micrometer\."),
    ("JBoss logging", r"^org\.jboss\.log"),
]
LIBRARIES = [(name, re.compile(pattern)) for name, pattern in LIBRARIES]


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in stack.get("frames", [])]


def thread_kind(name):
    name = name or "?"
    for prefix, kind in (("executor-thread", "request workers (executor-thread-*)"),
                         ("vert.x-eventloop", "HTTP event loop (vert.x-eventloop-*)"),
                         ("C2 Compiler", "JIT compiler C2"), ("C1 Compiler", "JIT compiler C1"),
                         ("GC Thread", "garbage collector"), ("VM Thread", "VM thread (safepoints, serial GC)"),
                         ("G1", "garbage collector"), ("agroal", "connection pool"),
                         ("JFR", "JFR itself"), ("quarkus-scheduler", "scheduler (rule refresh)"),
                         ("executor-", "request workers (executor-thread-*)")):
        if name.startswith(prefix):
            return kind
    return "other: " + re.sub(r"[-#\s]*\d+$", "", name)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    path = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 25
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events",
                          "jdk.ExecutionSample,jdk.ThreadCPULoad", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]

    samples = [e for e in events if e["type"] == "jdk.ExecutionSample"]
    stage_count, library_count, leaf_count = Counter(), Counter(), Counter()
    screening_samples = 0
    for e in samples:
        stack = frames(e)
        if not stack:
            continue
        if any(f.startswith("dev.bonafide.screening.ScreeningResource.screen") for f in stack):
            screening_samples += 1
        stage = None
        for f in stack:  # innermost frame first
            stage = next((name for name, rx in COMPILED if rx.search(f)), None)
            if stage:
                break
        if not stage:
            for f in stack:
                stage = next((name for name, rx in FALLBACK if rx.search(f)), None)
                if stage:
                    break
        stage = stage or "elsewhere (JDK only: threads, timers)"
        stage_count[stage] += 1
        leaf = stack[0]
        library_count[next((name for name, rx in LIBRARIES if rx.search(leaf)), "other")] += 1
        leaf_count[leaf] += 1
    total = sum(stage_count.values()) or 1
    print(f"{path}: {total} execution samples, {screening_samples} ({100 * screening_samples / total:.0f} %) "
          f"inside POST /api/v1/screenings")

    print("\nBy stage (innermost matching frame), share of all samples:")
    for name, n in stage_count.most_common():
        print(f"  {100 * n / total:5.1f} %  {name}")

    print("\nBy library of the sampled frame:")
    for name, n in library_count.most_common():
        print(f"  {100 * n / total:5.1f} %  {name}")

    print(f"\nHottest {top} sampled methods:")
    for name, n in leaf_count.most_common(top):
        print(f"  {100 * n / total:5.1f} %  {name}")

    # jdk.ThreadCPULoad: each thread's share of the machine over the last period (10 s with
    # settings=profile). Summed per kind of thread and averaged over the periods.
    loads, periods = defaultdict(float), set()
    for e in events:
        if e["type"] != "jdk.ThreadCPULoad":
            continue
        v = e["values"]
        thread = v.get("eventThread") or {}
        loads[thread_kind(thread.get("javaName") or thread.get("osName"))] += float(v.get("user", 0)) + float(v.get("system", 0))
        periods.add(str(v.get("startTime", ""))[:19])
    if loads:
        print("\nCPU by kind of thread (jdk.ThreadCPULoad), share of the whole machine (both cores = 100 %):")
        for kind, load in sorted(loads.items(), key=lambda kv: -kv[1]):
            print(f"  {100 * load / max(1, len(periods)):5.1f} %  {kind}")


if __name__ == "__main__":
    main()
