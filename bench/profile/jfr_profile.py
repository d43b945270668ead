"""A JFR profile of one mode of S1 (storeConfigs) on the event-loop listener, the recording started with
the JVM and a second one taken after the warm-up (starting a recording on a warm JVM deoptimises it:
BENCHMARKS, "eleventh session"). -XX:+DebugNonSafepoints: without it inlined frames are attributed to
the nearest safepoint's method (a whole JSON answer showed as MapSerializer.serializeEntries, the
line of its exception handler). Shares are of Java samples: the kernel's part of a call (about 40 % of
a guest call, user_sys.py) is not in them.

    python3 bench/profile/jfr_profile.py guest|signed     (builds nothing: uses target/keyway-*.jar)

Writes the top frames to stdout and the recording to ./<mode>.jfr; read it further with
jfr_totals.py and jfr_children.py.
"""
import base64, os, sys, subprocess, re
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench as B
B.WORK = B.tempfile.mkdtemp(prefix="keyway-profile-")
loop = B.free_port()
node = B.Node("keyway", B.free_port(), ["--keyway.data-dir=" + os.path.join(B.WORK, "d"), "--keyway.crypto.master-keys=" + base64.b64encode(os.urandom(32)).decode(), "--keyway.server.event-loop.port=%d" % loop])
mode = sys.argv[1]
try:
    node.start("-Xmx192m -Xms48m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording:name=boot,settings=profile,maxsize=10m".split())
    tok = node.admin_token(); node.settings(tok, {"webapi/webapisecurity/allow_insecure": "1"})
    _, creds = node.integration(tok, "p")
    cf = B.write_creds(os.path.join(B.WORK, "c"), creds)
    base = "http://127.0.0.1:%d" % loop
    for _ in range(5):
        B.wrk_result(B.wrk(base, mode, cf, "/rest/V1/store/storeConfigs", 8, 16))
    out = os.path.join(B.WORK, "p.jfr")
    subprocess.run(["jcmd", str(node.pid()), "JFR.start", "name=p", "settings=" + B.jfc_file(), "filename=" + out], capture_output=True)
    r = B.wrk_result(B.wrk(base, mode, cf, "/rest/V1/store/storeConfigs", 20, 16))
    subprocess.run(["jcmd", str(node.pid()), "JFR.stop", "name=p"], capture_output=True)
    print("rps", r["rps"])
    s = B.summarize_jfr(out)
    print("samples", s["samples"])
    for k, v in s["self"][:25]:
        print("self %5d %s" % (v, k))
    for k, v in s["total"]:
        if v > s["samples"] * 0.03 and re.search(r"dev\.keyway|springframework\.security|springframework\.web|netty\.handler\.codec|jakarta", k):
            print("total %5d %5.1f%% %s" % (v, 100.0 * v / s["samples"], k))
    subprocess.run(["cp", out, "%s.jfr" % mode])
finally:
    B.stop_all()
