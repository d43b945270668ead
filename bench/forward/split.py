#!/usr/bin/env python3
"""Where a forwarded call's CPU goes beside S1 signed's, on the listener (issue 15's forwarding ÷ S1 target).

One Keyway JVM (the README's memory flags) with the listener and one nginx `return 200` upstream, pinned as
bench.py pins them; wrk (the project's signing script, 16 connections) loads a signed GET forwarded through a
gateway route and S1 signed storeConfigs in turn. Per call and slot: the JVM's user and kernel CPU
(/proc/<pid>/stat), the bytes it allocated (jstat: young collections × eden + eden's growth), the host's speed
(bench.host_speed). SPLIT_STRACE=1 then counts the system calls per call under `strace -c -f` (slower: counts
only). By hand:

  BENCH_SKIP_BUILD=1 python3 bench/forward/split.py [rounds]
"""
import base64
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import bench as B  # noqa: E402
import wave2 as W  # noqa: E402

README = "-Xmx192m -Xms48m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC"


def user_sys(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    hz = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / hz, int(fields[12]) / hz


def jstat(pid):
    out = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True).stdout.split("\n")
    return {k: float(v) for k, v in zip(out[0].split(), out[1].split()) if v != "-"}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    B.WORK = B.tempfile.mkdtemp(prefix="keyway-split-")
    try:
        _, up_port = W.start_fast_upstream("nginx-up")
        loop = B.free_port()
        node = B.Node("keyway", B.free_port(), [
            "--keyway.data-dir=" + os.path.join(B.WORK, "data"),
            "--keyway.crypto.master-keys=" + base64.b64encode(os.urandom(32)).decode(),
            "--keyway.gateway.file=" + W.write_gateway_file(up_port), "--keyway.server.event-loop.port=%d" % loop])
        node.start(README.split())
        token = node.admin_token()
        node.settings(token, {"webapi/webapisecurity/allow_insecure": "1"})
        _, creds = node.integration(token, "split")
        cf = B.write_creds(os.path.join(B.WORK, "creds"), creds)
        base = "http://127.0.0.1:%d" % loop
        for path in (W.ITEM, W.STORECONFIGS) * 3:
            B.wrk_result(B.wrk(base, "signed", cf, path, 6, 16))
        print("# load %.2f, host speed %.2f s" % (os.getloadavg()[0], B.host_speed()), flush=True)
        for _ in range(rounds):
            for path in (W.ITEM, W.STORECONFIGS):
                g0, (u0, s0) = jstat(node.pid()), user_sys(node.pid())
                r = B.wrk_result(B.wrk(base, "signed", cf, path, 8, 16))
                g1, (u1, s1) = jstat(node.pid()), user_sys(node.pid())
                n = r["requests"]
                alloc = ((g1["YGC"] - g0["YGC"]) * g0["EC"] + g1["EU"] - g0["EU"]) * 1024 / n
                print("%-28s %6.0f req/s  user %5.1f  sys %5.1f us/call  alloc %5.0f B/call  host %.2f s  load %.2f" % (
                    path, r["rps"], (u1 - u0) / n * 1e6, (s1 - s0) / n * 1e6, alloc, B.host_speed(),
                    os.getloadavg()[0]), flush=True)
        if os.environ.get("SPLIT_STRACE") == "1":
            for path in (W.ITEM, W.STORECONFIGS):
                out = os.path.join(B.WORK, "strace.txt")
                st = subprocess.Popen(["strace", "-c", "-f", "-p", str(node.pid()), "-o", out],
                                      stderr=subprocess.DEVNULL)
                time.sleep(1)
                r = B.wrk_result(B.wrk(base, "signed", cf, path, 4, 16))
                st.send_signal(2)
                st.wait()
                calls = []
                for line in open(out).read().split("\n"):
                    f = line.split()
                    if len(f) >= 5 and f[3].isdigit() and f[-1] != "total" and int(f[3]) / r["requests"] >= 0.01:
                        calls.append("%s %.2f" % (f[-1], int(f[3]) / r["requests"]))
                print("%-28s system calls per call under strace: %s" % (path, ", ".join(calls)), flush=True)
    finally:
        B.stop_all()


if __name__ == "__main__":
    main()
