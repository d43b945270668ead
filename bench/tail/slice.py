#!/usr/bin/env python3
"""Issue 15's "p99 added by Keyway" at one fixed rate, with the servers' threads on the kernel's default scheduler
slice and on a short custom one (bench.set_slice: sched_setattr, Linux 6.12 and later).

On this host nginx, Keyway and the upstream share the server core, and the traces of the thirtieth session showed
each waiting for another by up to 7-8 ms: a woken thread waits for the running one's slice (1.4 ms by default here,
a 250 Hz tick, no kernel preemption). With a short slice a woken thread may take the core at once, as it would on a
core of its own; what the p99 keeps then is the servers' own work and pauses.

Three servers pinned to the server core as the full run pins them: the fast upstream (nginx `return 200`), Keyway
with the gateway file (default JVM flags, as the full run's node; SLICE_FLAGS for others; its collections logged)
and the full run's front nginx (wave2.FRONT_NGINX) with `proxy_pass` (b) and `auth_request` to Keyway's
/auth/verify (c); (d) is Keyway's reverse proxy. After a warm-up with wrk, each round runs b, c and d at the rate with LoadGen's open model, once on the
default slice and once on the short one (alternating which goes first); both slices are set on every thread of the
three servers before each run. Reports each run's latency, the generator's send lag and Keyway's young pauses, and
the medians' "p99 added" (c - b, d - b) by slice.

  bench/tail/run-slice.sh [rate] [rounds]     (SLICE_US: the short slice, 100 µs; SLICE_DURATION: 8 s a run)
"""
import base64
import datetime
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench as B  # noqa: E402
import wave2 as W  # noqa: E402


def thread_slice(pid):
    """The scheduler slice (ns) of a process's main thread as the kernel reports it (/proc/<pid>/sched)."""
    with open("/proc/%d/sched" % pid) as f:
        for line in f:
            if line.startswith("se.slice"):
                return int(line.split(":")[1])
    return None


def lower(results, name):
    """In how many rounds the short slice's p99 of a scenario was below the default slice's."""
    return sum(1 for short, default in zip(results[("short", name)], results[("default", name)])
               if short["p99_us"] < default["p99_us"])


def main():
    rate = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    short_ns = int(os.environ.get("SLICE_US", "100")) * 1000
    duration = int(os.environ.get("SLICE_DURATION", "8"))
    B.WORK = B.tempfile.mkdtemp(prefix="keyway-slice-")
    B.LOADGEN_BUILD = os.path.join(B.WORK, "loadgen")
    subprocess.run(["javac", "-d", B.LOADGEN_BUILD, os.path.join(B.BENCH, "java", "LoadGen.java")], check=True)
    out = ["p99 added at one rate by scheduler slice (bench/tail/slice.py), %s, %d req/s, short slice %d µs"
           % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), rate, short_ns // 1000)]
    try:
        upstream, up_port = W.start_fast_upstream("nginx-upstream")
        loop = B.free_port()
        node = B.Node("keyway", B.free_port(), ["--keyway.data-dir=" + os.path.join(B.WORK, "h2"),
                                                "--keyway.crypto.master-keys=" + base64.b64encode(os.urandom(32)).decode(),
                                                "--keyway.gateway.file=" + W.write_gateway_file(up_port),
                                                "--keyway.server.event-loop.port=%d" % loop])
        gc_log = os.path.join(B.WORK, "gc.log")
        node.start(os.environ.get("SLICE_FLAGS", "").split() + ["-Xlog:gc:file=%s:uptime" % gc_log])
        token = node.admin_token()
        node.settings(token, {"webapi/webapisecurity/allow_insecure": "1"})
        _, creds = node.integration(token, "slice")
        cf = B.write_creds(os.path.join(B.WORK, "creds"), creds)
        front_port = B.free_port()
        front = W.start_nginx("nginx-front", W.FRONT_NGINX % {"up": up_port, "kw": loop, "port": front_port})
        W.wait_port(front_port, front)
        fb, kb = "http://127.0.0.1:%d" % front_port, "http://127.0.0.1:%d" % loop
        runs = [("b", fb, "/open/V1/bench/item", "guest"), ("c", fb, W.ITEM, "signed"), ("d", kb, W.ITEM, "signed")]
        for _ in range(3):
            for name, base, path, mode in runs:
                print("warm-up", name, round(B.wrk_result(B.wrk(base, mode, cf, path, 8, 16))["rps"]), flush=True)
        servers = [upstream.pid, node.proc.pid, front.pid]
        results = {}
        for rnd in range(rounds):
            for label in (("default", "short") if rnd % 2 == 0 else ("short", "default")):
                for name, base, path, mode in runs:
                    threads = B.set_slice(servers, short_ns if label == "short" else 0)
                    load = os.getloadavg()[0]
                    r = B.rate_run(base + path, mode, cf, rate, duration)
                    end = B.jvm_uptime_s(node.proc.pid)
                    pauses, _ = B.gc_pauses(gc_log, end - duration - 0.5, end) if name != "b" else ([], 0)
                    results.setdefault((label, name), []).append(r)
                    line = ("round %d %-7s %s  p50 %5.2f  p99 %6.2f  p99.9 %6.2f ms  send lag p99 %5.2f ms  "
                            "Keyway's young pauses %d (longest %.1f ms)  %d threads at %.2f ms  load %.1f-%.1f"
                            % (rnd + 1, label, name, r["p50_us"] / 1000, r["p99_us"] / 1000, r["p999_us"] / 1000,
                               r["send_lag_p99_us"] / 1000, len(pauses), max(pauses, default=0), threads,
                               thread_slice(node.proc.pid) / 1e6, load, os.getloadavg()[0]))
                    out.append(line)
                    print(line, flush=True)
                    if r["exit"] != 0:
                        out.append("  (the generator failed: %s)" % r["statuses"])
        out.append("")
        for label in ("default", "short"):
            p99 = {name: statistics.median(r["p99_us"] for r in results[(label, name)]) / 1000 for name, *_ in runs}
            out.append("%-7s slice: median p99 b %.2f, c %.2f, d %.2f ms; p99 added c - b %.2f, d - b %.2f ms"
                       % (label, p99["b"], p99["c"], p99["d"], p99["c"] - p99["b"], p99["d"] - p99["b"])
                       + ("" if label == "default" else "; short below default in %d of %d rounds for c, %d for d"
                          % (lower(results, "c"), rounds, lower(results, "d"))))
        print("\n".join(out[-3:]))
        name = os.path.join(B.BENCH, "results", datetime.datetime.now().strftime("%Y-%m-%d-%H%M") + "-slice.txt")
        with open(name, "w") as f:
            f.write("\n".join(out) + "\n")
        print("written:", name)
    finally:
        B.stop_all()


if __name__ == "__main__":
    main()
