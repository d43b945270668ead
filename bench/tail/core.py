#!/usr/bin/env python3
"""Who holds the server core while S1 signed runs at a fixed rate (issue 14: p99 <= 5 ms at half the maximum).

One Keyway JVM (default flags, or the flags given) on the server core with the event-loop listener, warmed with
wrk, then loaded by bench/java/LoadGen.java's open-model generator while `perf sched record` traces the server
core. For each round: the latency quantiles, the young pauses, and per task on that core its run time, its
slices of 1 ms or more, its longest slice and the longest wait of a runnable task (the request thread's is what
a call feels); and the JIT compiler's time per second of the round. Needs perf (linux-perf) and root.

  bench/tail/run-core.sh [rate] ["jvm flags"]      (ROUNDS, WARM: rounds and 8 s wrk warm-ups; 2 and 6)
"""
import base64
import datetime
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench as B  # noqa: E402
import wave2 as W  # noqa: E402


def main():
    rate = int(sys.argv[1]) if len(sys.argv) > 1 else 13000
    flags = sys.argv[2].split() if len(sys.argv) > 2 else []
    B.WORK = B.tempfile.mkdtemp(prefix="keyway-core-")
    B.LOADGEN_BUILD = os.path.join(B.WORK, "loadgen")
    subprocess.run(["javac", "-d", B.LOADGEN_BUILD, os.path.join(B.BENCH, "java", "LoadGen.java")], check=True)
    loop = B.free_port()
    node = B.Node("keyway", B.free_port(), ["--keyway.data-dir=" + os.path.join(B.WORK, "h2"),
                                             "--keyway.crypto.master-keys=" + base64.b64encode(os.urandom(32)).decode(),
                                             "--keyway.server.event-loop.port=%d" % loop])
    gc_log = os.path.join(B.WORK, "gc.log")
    out = ["who holds the server core (bench/tail/core.py), %s, %d req/s signed storeConfigs through the listener, "
           "flags: %s" % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), rate, " ".join(flags) or "defaults")]
    try:
        node.start(flags + ["-Xlog:gc:file=%s:uptime" % gc_log])
        _, creds = node.integration(node.admin_token(), "core")
        creds_file = B.write_creds(os.path.join(B.WORK, "core.creds"), creds)
        base = "http://127.0.0.1:%d" % loop
        for _ in range(int(os.environ.get("WARM", "6"))):
            B.wrk_result(B.wrk(base, "signed", creds_file, "/rest/V1/store/storeConfigs", 8, 16))
        for rnd in range(int(os.environ.get("ROUNDS", "2"))):
            data = os.path.join(B.WORK, "sched%d.data" % rnd)
            seconds = B.RATE_WARMUP + 6 + 1
            perf = B.sched_record(seconds, data)
            time.sleep(0.3)
            load = os.getloadavg()[0]
            r = B.rate_run(base + "/rest/V1/store/storeConfigs", "signed", creds_file, rate, 6)
            end = B.jvm_uptime_s(node.pid())
            perf.wait()
            durations, _ = B.gc_pauses(gc_log, end - 6.5, end)
            out.append("round %d: p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms | %d young pauses, max %.1f ms | load %.1f-%.1f"
                       % (rnd, r["p50_us"] / 1000, r["p99_us"] / 1000, r["p999_us"] / 1000, r["max_us"] / 1000,
                          len(durations), max(durations or [0]), load, os.getloadavg()[0]))
            out.extend(B.sched_lines(*B.sched_summary(B.sched_tasks(data))))
            B.log(out[-1])
    finally:
        B.stop_all()
    W.save_lines("core", out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
