#!/usr/bin/env python3
"""HTTP stack comparison on one core (issue 14.1), run by bench/stacks/run.sh after the builds.

Starts, all pinned to the server core: Keyway's jar on H2 (guest switch on, one Active integration for the signed
calls), then the bare servers of bench/stacks (embedded Tomcat, Jetty 12, Reactor Netty) serving the exact bytes
Keyway answers to GET /rest/V1/store/storeConfigs. Checks that every server answers 200, application/json and the same
body; warms each target up, then runs interleaved rounds of wrk (one thread, 16 connections, pinned to the load
core) with bench/wrk/oauth.lua: guest mode for every server (the same request bytes), and signed mode for every
server too (the bare servers parse the signed request's Authorization header and ignore it; Keyway verifies it). Per slot: req/s, latency percentiles, server CPU per request (/proc/<pid>/stat), peak RSS,
the load generator's CPU share, the 1-min load average before and after. Writes bench/results/<date>-stacks.md
(medians) and .json; `stacks.py --render results/X-stacks.json` re-renders a stored run.

The process, /proc and wrk helpers are bench/bench.py's, so the figures are measured exactly as there.
"""
import base64
import datetime
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave no __pycache__ in the work tree
sys.path.insert(0, os.path.dirname(HERE))
import bench as B  # noqa: E402 - bench/bench.py, the project's harness

STACKS_JAR = os.path.join(HERE, "target", "keyway-stacks.jar")
VERSIONS = os.path.join(HERE, "target", "versions.txt")
PATH = "/rest/V1/store/storeConfigs"
CONFIG = {
    "warmup": int(os.environ.get("STACKS_WARMUP", 8)),        # s per target before the rounds
    "duration": int(os.environ.get("STACKS_DURATION", 8)),    # s per measured slot
    "rounds": int(os.environ.get("STACKS_ROUNDS", 3)),
    "connections": int(os.environ.get("STACKS_CONNECTIONS", 16)),
}
# Serial GC, as the ergonomics of a JVM that sees one processor pick anyway: said explicitly so that no
# machine-dependent choice creeps in. Heap and everything else: JVM defaults, as bench.py runs Keyway.
JVM = ["-XX:+UseSerialGC"]
FAILURES = []


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class Target:
    """One row of the table: a server process and the wrk mode that loads it."""

    def __init__(self, key, title, base, mode, creds, pid):
        self.key = key
        self.title = title
        self.base = base
        self.mode = mode
        self.creds = creds
        self.group = B.Group(key, lambda: [pid])
        self.runs = []

    def slot(self, duration, connections):
        load_before = load1()
        cpu_before = self.group.cpu()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with B.Sampler(self.group) as sampler:
            r = B.wrk_result(B.wrk(self.base + PATH, self.mode, self.creds, PATH, duration, connections))
        cpu = self.group.cpu() - cpu_before
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_cpu = ((children_after.ru_utime - children_before.ru_utime)
                    + (children_after.ru_stime - children_before.ru_stime))
        seconds = r["duration_us"] / 1e6
        run = {
            "requests": r["requests"],
            "rps": r["rps"],
            "p50_ms": r["p50_us"] / 1000,
            "p99_ms": r["p99_us"] / 1000,
            "p999_ms": r["p999_us"] / 1000,
            "failed": r["failed"],
            "non2xx": r["status"],
            "bytes_per_response": r["bytes"] / max(1, r["requests"]),
            "cpu_us_per_req": cpu / max(1, r["requests"]) * 1e6,
            "core_share": cpu / seconds,
            "load_core_share": load_cpu / seconds,
            "rss_mb": sampler.max_kb / 1024,
            "load_before": load_before,
            "load_after": load1(),
        }
        if run["failed"]:
            FAILURES.append("%s: %d requests failed or were refused (non-2xx %d)" % (self.key, run["failed"],
                                                                                    run["non2xx"]))
            B.log("REFUSED:", FAILURES[-1])
        return run


def check_same_answer(name, url, expected):
    """Every server answers 200, application/json and Keyway's exact bytes; returns its header names."""
    with urllib.request.urlopen(url, timeout=10) as response:
        status, body = response.status, response.read()
        content_type = response.headers.get("Content-Type", "")
        # Connection: only because urllib asks to close; under wrk's keep-alive no server sends it
        names = [name for name, _ in response.headers.items() if name.lower() != "connection"]
    if status != 200 or body != expected:
        raise RuntimeError("%s must answer 200 with Keyway's %d bytes; got %s with %d bytes: %r"
                           % (name, len(expected), status, len(body), body[:120]))
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise RuntimeError("%s must answer Content-Type application/json; got %r" % (name, content_type[:80]))
    return names


def start_stack(kind, body_file):
    port = B.free_port()
    tmp = os.path.join(B.WORK, "tmp-" + kind)  # Tomcat's base directory lands here, removed with the work directory
    os.makedirs(tmp)
    proc = B.start("stack-" + kind, ["java"] + JVM + ["-Djava.io.tmpdir=" + tmp, "-jar", STACKS_JAR, kind, str(port),
                                                      body_file])
    base = "http://127.0.0.1:%d" % port
    B.wait_http(base + PATH, proc, 120)
    ready = ""
    with open(proc.bench_log, errors="replace") as f:
        for line in f:
            if line.startswith("STACKS READY "):
                ready = line.split(" ", 4)[-1].strip()
    return base, proc, ready


def resolved_versions():
    """group:artifact -> version, as Maven resolved them for the stacks jar (target/versions.txt)."""
    wanted = ("tomcat-embed-core", "jetty-server", "jetty-ee11-servlet", "reactor-netty-http", "netty-codec-http",
              "reactor-core")
    found = {}
    if os.path.exists(VERSIONS):
        with open(VERSIONS) as f:
            for line in f:
                parts = line.strip().split(" ")[0].split(":")
                if len(parts) >= 4 and parts[1] in wanted:
                    found[parts[1]] = parts[-2]
    return found


def main():
    work = tempfile.mkdtemp(prefix="keyway-stacks-")
    B.WORK = work
    started_at = datetime.datetime.now()
    t_start = time.time()
    results = {"config": dict(CONFIG), "started": started_at.isoformat(timespec="seconds"),
               "cores": (B.SERVER_CORE, B.LOAD_CORE), "jvm": JVM}
    B.log("work directory", work, "config", CONFIG)

    # ---- Keyway on H2: guest switch on, one Active integration for the signed rows
    keyway = B.Node("keyway", B.free_port(), ["--keyway.data-dir=" + os.path.join(work, "h2"),
                                              "--keyway.crypto.master-keys="
                                              + base64.b64encode(os.urandom(32)).decode()])
    B.log("starting Keyway")
    results["keyway_start"] = keyway.start(JVM)
    token = keyway.admin_token()
    _, creds = keyway.integration(token, "stacks-bench")
    keyway.settings(token, {"webapi/webapisecurity/allow_insecure": "1"})
    creds_file = B.write_creds(os.path.join(work, "creds.txt"), creds)
    status, body = B.http("GET", keyway.base + PATH)
    if status != 200:
        raise RuntimeError("Keyway must answer the guest GET %s with 200; got %s: %r" % (PATH, status, body[:200]))
    body_file = os.path.join(work, "storeConfigs.json")
    with open(body_file, "wb") as f:
        f.write(body)
    results["body_bytes"] = len(body)
    headers = {"keyway": check_same_answer("Keyway", keyway.base + PATH, body)}

    # ---- the bare servers, with Keyway's bytes
    targets = []
    results["stacks"] = {}
    for kind, title in (("tomcat", "Bare servlet, embedded Tomcat"), ("jetty", "Bare servlet, Jetty 12 (EE 11)"),
                        ("netty", "Reactor Netty handler")):
        B.log("starting", kind)
        base, proc, ready = start_stack(kind, body_file)
        headers[kind] = check_same_answer(kind, base + PATH, body)
        results["stacks"][kind] = ready
        targets.append(Target(kind, title, base, "guest", None, proc.pid))
        # the same server under the signed request bytes (it ignores the Authorization header but must parse it):
        # what the ~280-byte OAuth header costs each stack's parser, before any verification
        targets.append(Target(kind + "_signed", title + ", signed request bytes", base, "signed", creds_file,
                              proc.pid))
    targets.append(Target("keyway_guest", "Keyway, guest (guest switch on)", keyway.base, "guest", None, keyway.pid()))
    targets.append(Target("keyway_signed", "Keyway, signed (HMAC-SHA256, replay protection)", keyway.base, "signed",
                          creds_file, keyway.pid()))
    results["headers"] = headers
    results["versions"] = resolved_versions()
    B.log("every server answers the same %d bytes; versions %s" % (len(body), results["versions"]))

    # ---- warm-up (JIT), then interleaved rounds in alternating order
    for t in targets:
        B.log("warming up", t.key)
        t.slot(CONFIG["warmup"], CONFIG["connections"])
    for rnd in range(CONFIG["rounds"]):
        B.log("round %d of %d" % (rnd + 1, CONFIG["rounds"]))
        for t in (targets if rnd % 2 == 0 else list(reversed(targets))):
            r = t.slot(CONFIG["duration"], CONFIG["connections"])
            t.runs.append(r)
            B.log("  %-13s %8.0f req/s  p99 %7.2f ms  cpu %6.1f us/req  core %.2f  wrk %.2f  rss %4.0f MB  load %.1f->%.1f"
                  % (t.key, r["rps"], r["p99_ms"], r["cpu_us_per_req"], r["core_share"], r["load_core_share"],
                     r["rss_mb"], r["load_before"], r["load_after"]))

    results["targets"] = {t.key: {"title": t.title, "runs": t.runs} for t in targets}
    results["failures"] = FAILURES
    results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    results["seconds"] = round(time.time() - t_start)
    results["machine"] = B.machine()
    out_dir = os.path.join(B.BENCH, "results")
    os.makedirs(out_dir, exist_ok=True)
    stamp = started_at.strftime("%Y-%m-%d-%H%M") + "-stacks"
    with open(os.path.join(out_dir, stamp + ".json"), "w") as f:
        json.dump(results, f, indent=1, default=str)
    report = render(results)
    with open(os.path.join(out_dir, stamp + ".md"), "w") as f:
        f.write(report)
    print(report)
    B.log("wrote", os.path.join(out_dir, stamp + ".md"))
    if FAILURES:
        B.log("FAILED: refused or failed requests:", FAILURES)
    return 1 if FAILURES else 0


def med(runs, field):
    return statistics.median(r[field] for r in runs)


def render(results):
    c = results["config"]
    m = results["machine"]
    T = results["targets"]
    loads = [r[k] for t in T.values() for r in t["runs"] for k in ("load_before", "load_after")] or [0]
    server_core, load_core = results["cores"]
    L = ["# HTTP stacks on one core (issue 14.1), %s" % results["started"], ""]
    L.append("Machine: %s, %s cores (%s), %s memory; %s; %s; %s." % (
        m["cpu"], m["cores"], m["virtualization"] or "bare metal", m["memory"], m["jdk"], m["os"], m["wrk"]))
    v = results.get("versions", {})
    L.append("Stacks (Spring Boot 4.0.7's managed versions): Tomcat %s, Jetty %s (jetty-ee11-servlet %s), Reactor Netty "
             "%s on Netty %s; %s." % (v.get("tomcat-embed-core", "?"), v.get("jetty-server", "?"),
                                      v.get("jetty-ee11-servlet", "?"), v.get("reactor-netty-http", "?"),
                                      v.get("netty-codec-http", "?"), results["stacks"].get("netty", "")))
    L.append("Servers pinned to core %s (JVM flags: %s, otherwise defaults), wrk to core %s: 1 thread, %d connections, "
             "bench/wrk/oauth.lua (%s). Warm-up %d s per target, then %d interleaved rounds of %d s (order alternates); "
             "medians. Every server answered the same %d-byte JSON body. Run took %d s." % (
                 server_core, " ".join(results["jvm"]), load_core, c["connections"],
                 "guest mode: the same request bytes for every server; signed mode: the same signed request bytes, "
                 "which the bare servers parse and ignore" if "tomcat_signed" in T else
                 "guest mode for the bare servers and Keyway guest: the same request bytes; signed mode for Keyway "
                 "signed", c["warmup"], c["rounds"],
                 c["duration"], results["body_bytes"], results.get("seconds", 0)))
    busy = statistics.median(loads) > 1.5
    L.append("Load average (1 min) before/after the slots: min %.2f, median %.2f, max %.2f%s." % (
        min(loads), statistics.median(loads), max(loads),
        " — **the machine was busy: absolute figures are depressed and noisy; trust CPU µs per request and ratios "
        "within a round more**" if busy else ""))
    L.append("")
    L.append("| stack | req/s | p50 ms | p99 ms | server CPU µs/req | req per server CPU-s | server core share "
             "| wrk core share | peak RSS MB | bytes/answer | load 1-min before → after |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t in T.values():
        runs = t["runs"]
        if not runs:
            continue
        cpu = med(runs, "cpu_us_per_req")
        L.append("| %s | %.0f | %.2f | %.2f | %.1f | %.0f | %.2f | %.2f | %.0f | %.0f | %.2f → %.2f |" % (
            t["title"], med(runs, "rps"), med(runs, "p50_ms"), med(runs, "p99_ms"), cpu, 1e6 / cpu,
            med(runs, "core_share"), med(runs, "load_core_share"), max(r["rss_mb"] for r in runs),
            med(runs, "bytes_per_response"), med(runs, "load_before"), med(runs, "load_after")))
    L.append("")
    if "keyway_guest" in T and T["keyway_guest"]["runs"]:
        base = T["keyway_guest"]["runs"]
        L.append("Per-round ratios to Keyway guest (median of the rounds; > 1 is faster than Keyway):")
        L.append("")
        L.append("| stack | req/s ratio | CPU per request ratio (Keyway's µs / the stack's) |")
        L.append("| --- | ---: | ---: |")
        for key, t in T.items():
            if key == "keyway_guest" or len(t["runs"]) != len(base):
                continue
            rr = statistics.median(a["rps"] / b["rps"] for a, b in zip(t["runs"], base))
            cr = statistics.median(b["cpu_us_per_req"] / a["cpu_us_per_req"] for a, b in zip(t["runs"], base))
            L.append("| %s | %.2f | %.2f |" % (t["title"], rr, cr))
        L.append("")
    pairs = [(k, k + "_signed") for k in ("tomcat", "jetty", "netty")] + [("keyway_guest", "keyway_signed")]
    if all(a in T and b in T and T[a]["runs"] and len(T[a]["runs"]) == len(T[b]["runs"]) for a, b in pairs):
        L.append("What the signed request's bytes add to each stack (median of the per-round differences and ratios):")
        L.append("")
        L.append("| stack | signed − guest CPU µs/req | signed ÷ guest req/s |")
        L.append("| --- | ---: | ---: |")
        for a, b in pairs:
            ga, sb = T[a]["runs"], T[b]["runs"]
            L.append("| %s | %.1f | %.2f |" % (
                "Keyway (signed: the header and the OAuth work)" if a == "keyway_guest" else T[a]["title"], statistics.median(y["cpu_us_per_req"] - x["cpu_us_per_req"] for x, y in zip(ga, sb)),
                statistics.median(y["rps"] / x["rps"] for x, y in zip(ga, sb))))
        L.append("")
    L.append("req per server CPU-s = 10⁶ / CPU µs per request: the throughput one free core would give, robust to a "
             "busy machine. A wrk core share near 1.00 means the load generator, not the server, set the pace: "
             "compare CPU per request then. bytes/answer is the whole response (headers included) as wrk read it.")
    L.append("")
    L.append("## Every slot")
    L.append("")
    L.append("| round | stack | req/s | p99 ms | CPU µs/req | server core | wrk core | RSS MB | failed | load before → after |")
    L.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for i in range(c["rounds"]):
        for t in T.values():
            if i < len(t["runs"]):
                r = t["runs"][i]
                L.append("| %d | %s | %.0f | %.2f | %.1f | %.2f | %.2f | %.0f | %d | %.2f → %.2f |" % (
                    i + 1, t["title"], r["rps"], r["p99_ms"], r["cpu_us_per_req"], r["core_share"],
                    r["load_core_share"], r["rss_mb"], r["failed"], r["load_before"], r["load_after"]))
    L.append("")
    L.append("Response header names (the body is the same everywhere): " + "; ".join(
        "%s: %s" % (k, ", ".join(v)) for k, v in results.get("headers", {}).items()) + ".")
    L.append("")
    for f in results.get("failures", []):
        L.append("**Refused or failed requests (the run failed)**: %s" % f[:300])
        L.append("")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--render":
        with open(sys.argv[2]) as f:
            print(render(json.load(f)))
        sys.exit(0)
    code = 1
    try:
        code = main()
    except KeyboardInterrupt:
        B.log("interrupted")
    finally:
        B.stop_all()
        if os.environ.get("BENCH_KEEP", "0") != "1" and B.__dict__.get("WORK"):
            shutil.rmtree(B.WORK, ignore_errors=True)
    sys.exit(code)
