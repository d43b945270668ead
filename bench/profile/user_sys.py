"""User and kernel CPU a call (S1 storeConfigs, guest and signed interleaved) from /proc/<pid>/stat: one
JVM with the README's memory flags on the listener, pinned to core 0, wrk on core 1. JFR sees only the
user part; this says how large the other is.

    python3 bench/profile/user_sys.py
"""
import base64, os, sys, subprocess, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench as B
B.WORK = B.tempfile.mkdtemp(prefix="keyway-split-")
loop = B.free_port()
node = B.Node("keyway", B.free_port(), ["--keyway.data-dir=" + os.path.join(B.WORK, "d"), "--keyway.crypto.master-keys=" + base64.b64encode(os.urandom(32)).decode(), "--keyway.server.event-loop.port=%d" % loop])
def times(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / B.CLK_TCK, int(fields[12]) / B.CLK_TCK
try:
    node.start("-Xmx192m -Xms48m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC".split())
    subprocess.run(["taskset", "-a", "-pc", "0", str(node.pid())], capture_output=True)
    tok = node.admin_token(); node.settings(tok, {"webapi/webapisecurity/allow_insecure": "1"})
    _, creds = node.integration(tok, "p")
    cf = B.write_creds(os.path.join(B.WORK, "c"), creds)
    base = "http://127.0.0.1:%d" % loop
    for mode in ("guest", "signed") * 3:
        B.wrk_result(B.wrk(base, mode, cf, "/rest/V1/store/storeConfigs", 6, 16))
    print(open("/proc/loadavg").read().strip())
    for r in range(5):
        for mode in ("guest", "signed"):
            u0, s0 = times(node.pid())
            res = B.wrk_result(B.wrk(base, mode, cf, "/rest/V1/store/storeConfigs", 8, 16))
            u1, s1 = times(node.pid())
            n = res["rps"] * 8
            print("round %d %-6s rps %7.0f  user %5.1f us  sys %5.1f us  sys share %4.1f%%" % (r, mode, res["rps"], (u1-u0)/n*1e6, (s1-s0)/n*1e6, 100*(s1-s0)/((u1-u0)+(s1-s0))))
    print(open("/proc/loadavg").read().strip())
finally:
    B.stop_all()
