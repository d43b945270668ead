#!/usr/bin/env python3
"""The p99 at a fixed rate, by JVM flag set (issue 14: p99 <= 5 ms at half the maximum rate).

Starts one Keyway JVM per flag set (the event-loop listener open, each pinned to the server core, all
idle but the one loaded), warms each with wrk, then loads them in turn with bench/java/LoadGen.java's
open-model generator at one fixed rate of signed storeConfigs calls through the listener, for several
interleaved rounds. Each JVM logs its collections (-Xlog:gc); for every run the script reports the
latency quantiles, the young-collection pauses that fell in the run (count, median, max) and the bytes
the collections freed per call (the allocation per call, in the steady state). Each round also loads
an nginx `return 200` on the same core at the same rate with the same generator: the floor of what the
machine and the generator can show (TAIL_BASELINE=0 leaves it out).

TAIL_HOUSEKEEPING=ab runs every flag set twice a round, once with the kernel's movable threads, unbound
workqueues and interrupts on the server core as the host has them ("here") and once moved to the load core
("away", bench.housekeeping_away), alternating which goes first; =away runs only the latter.

  bench/tail/run.sh [rate] [rounds]      (flag sets: TAIL_FLAGS, ';'-separated, each named "name=flags")
"""
import base64
import datetime
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench as B  # noqa: E402
import wave2 as W  # noqa: E402

README = "-Xmx192m -Xms48m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC"
DEFAULT_FLAGS = "readme=" + README
def main():
    rate = int(sys.argv[1]) if len(sys.argv) > 1 else 15885
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    flag_sets = [s.split("=", 1) for s in os.environ.get("TAIL_FLAGS", DEFAULT_FLAGS).split(";") if s.strip()]
    B.WORK = os.environ.get("TAIL_WORK") or B.tempfile.mkdtemp(prefix="keyway-tail-")
    loadgen_build = os.path.join(B.WORK, "loadgen")
    B.LOADGEN_BUILD = loadgen_build
    subprocess.run(["javac", "-d", loadgen_build, os.path.join(B.BENCH, "java", "LoadGen.java")], check=True)
    master_key = base64.b64encode(os.urandom(32)).decode()
    out = ["p99 at a fixed rate by JVM flags (bench/tail), %s, %d req/s signed storeConfigs through the listener"
           % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), rate)]
    nodes = []
    baseline = None
    try:
        if os.environ.get("TAIL_BASELINE", "1") == "1":
            proc, port = W.start_fast_upstream("nginx-baseline")
            baseline = "http://127.0.0.1:%d/V1/bench/item" % port
            out.append("  nginx: return 200 on the same core (the floor)")
        for name, flags in flag_sets:
            loop = B.free_port()
            node = B.Node("keyway-" + name, B.free_port(), ["--keyway.data-dir=" + os.path.join(B.WORK, name),
                                                           "--keyway.crypto.master-keys=" + master_key,
                                                           "--keyway.server.event-loop.port=%d" % loop])
            gc_log = os.path.join(B.WORK, name + "-gc.log")
            node.start(flags.split() + ["-Xlog:gc:file=%s:uptime" % gc_log])
            token = node.admin_token()
            _, creds = node.integration(token, "tail")
            node.loop_base = "http://127.0.0.1:%d" % loop
            node.creds = B.write_creds(os.path.join(B.WORK, name + ".creds"), creds)
            node.gc_log, node.flags, node.label = gc_log, flags, name
            nodes.append(node)
            out.append("  %s: %s" % (name, flags))
        for node in nodes:
            for _ in range(4):
                B.wrk_result(B.wrk(node.loop_base, "signed", node.creds, "/rest/V1/store/storeConfigs", 8, 16))
        mode = os.environ.get("TAIL_HOUSEKEEPING", "here")
        conditions = {"ab": ["here", "away"], "away": ["away"]}.get(mode, ["here"])
        restore = None
        for rnd in range(rounds):
            for cond in (conditions if rnd % 2 == 0 else conditions[::-1]):
                if restore:
                    restore()
                    restore = None
                if cond == "away":
                    moved, restore = B.housekeeping_away()
                    if rnd == 0:
                        out.append("  away: moved to core %s: %s" % (B.LOAD_CORE, ", ".join(moved)))
                if baseline:
                    load = os.getloadavg()[0]
                    r = B.rate_run(baseline, "guest", None, rate, 6)
                    line = "round %d %-13s p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms | send lag p99 %.2f ms | load %.1f-%.1f" % (
                        rnd, "nginx/" + cond, r["p50_us"] / 1000, r["p99_us"] / 1000, r["p999_us"] / 1000, r["max_us"] / 1000,
                        r["send_lag_p99_us"] / 1000, load, os.getloadavg()[0])
                    B.log(line)
                    out.append(line)
                for node in nodes:
                    load = os.getloadavg()[0]
                    host = B.host_speed()
                    begin = B.jvm_uptime_s(node.pid())
                    r = B.rate_run(node.loop_base + "/rest/V1/store/storeConfigs", "signed", node.creds, rate, 6)
                    end = B.jvm_uptime_s(node.pid())
                    host_after = B.host_speed()
                    # bytes freed over the generator's whole run (its warm-up too) per call it sent; the pauses of
                    # the measured seconds only (the last 6 s, plus the drain)
                    _, freed = B.gc_pauses(node.gc_log, begin, end)
                    durations, _ = B.gc_pauses(node.gc_log, end - 6.5, end)
                    calls = r["sent"] + rate * B.RATE_WARMUP
                    line = ("round %d %-13s p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms | send lag p99 %.2f ms"
                            " | %d young pauses, median %.1f max %.1f ms | %.1f KB freed a call | load %.1f-%.1f"
                            " | host loop %.2f / %.2f s" % (
                                rnd, node.label + "/" + cond, r["p50_us"] / 1000, r["p99_us"] / 1000, r["p999_us"] / 1000,
                                r["max_us"] / 1000, r["send_lag_p99_us"] / 1000, len(durations), statistics.median(durations) if durations else 0,
                                max(durations) if durations else 0, freed * 1024 / max(1, calls), load,
                                os.getloadavg()[0], host or 0, host_after or 0))
                    B.log(line)
                    out.append(line)
    finally:
        B.stop_all()
    W.save_lines("tail", out)


if __name__ == "__main__":
    main()
