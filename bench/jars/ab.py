#!/usr/bin/env python3
"""A/B of two Keyway jars on the event-loop listener: CPU µs per signed and guest call, interleaved.

  python3 bench/jars/ab.py A.jar B.jar [C.jar …]   (PER JVMs per jar, WARM warm-up passes, ROUNDS rounds)
  A_FLAGS="-Dx=1" B_FLAGS="" python3 bench/jars/ab.py K.jar K.jar   (one jar, two sets of extra JVM flags)
  AB_FORWARD=1 python3 bench/jars/ab.py A.jar B.jar   (a third mode: a signed GET forwarded through a gateway
                                                      route to one nginx `return 200`, issue 15's S8 (d))
  AB_VERIFY=1 python3 bench/jars/ab.py A.jar B.jar    (one more: /auth/verify of a signed storeConfigs, the call
                                                      nginx's auth_request makes, issue 15's S8 (e))

Starts PER JVMs of each jar (README flags, pinned to the server core), each with an integration, warms each
with WARM passes of 6 s per mode, then runs ROUNDS rounds of 8 s per JVM and mode in alternating order (wrk with
bench/wrk/oauth.lua on the load core) and prints each JVM's CPU per call and the medians per jar. Changes to the
hot path are compared this way: one JVM per jar and mode would measure JIT luck more than the change. Each JVM
logs its collections; the KB a call allocates is what the collections of a run freed over its calls (the host's
speed does not move it, so it is the steadiest figure of an A/B).
"""
import os, sys, statistics, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench as B
import wave2 as W
FLAGS = ("-Xmx192m -Xms48m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC").split()
JARS = {chr(ord("A") + i): jar for i, jar in enumerate(sys.argv[1:])}  # A, B, and C, D… when given
PER = int(os.environ.get("PER", "2")); ROUNDS = int(os.environ.get("ROUNDS", "3")); WARM = int(os.environ.get("WARM", "4"))
PATH = "/rest/V1/store/storeConfigs"
FORWARD = os.environ.get("AB_FORWARD", "0") == "1"
MODES = ("signed", "guest") + (("forward",) if FORWARD else ()) + (("verify",) if os.environ.get("AB_VERIFY") == "1" else ())
def main():
    B.WORK = B.tempfile.mkdtemp(prefix="keyway-ab-")
    jvms = []
    gateway = []
    if FORWARD:
        _, up_port = W.start_fast_upstream("nginx-up")
        gateway = ["--keyway.gateway.file=" + W.write_gateway_file(up_port),
                   "--keyway.crypto.master-keys=" + B.base64.b64encode(os.urandom(32)).decode()]
    for i in range(PER):
        for name, jar in JARS.items():
            loop, port = B.free_port(), B.free_port()
            extra = os.environ.get(name + "_FLAGS", "").split()
            gc_log = "%s/gc-%s%d.log" % (B.WORK, name, i)
            proc = B.start("%s%d" % (name, i), ["java"] + FLAGS + extra + ["-Xlog:gc:file=%s:uptime" % gc_log, "-jar", jar, "--server.port=%d" % port,
                           "--keyway.server.event-loop.port=%d" % loop, "--keyway.data-dir=%s/d-%s%d" % (B.WORK, name, i)] + gateway,
                           env={"KEYWAY_ADMIN_PASSWORD": B.ADMIN_PASSWORD})
            node = B.Node(name, port, []); node.proc = proc
            B.wait_http(node.base + PATH, proc)
            tok = node.admin_token(); node.settings(tok, {"webapi/webapisecurity/allow_insecure": "1"})
            _, creds = node.integration(tok, "ab")
            base = "http://127.0.0.1:%d" % loop
            B.wait_http(base + PATH, proc)
            jvms.append({"name": "%s%d" % (name, i), "jar": name, "pid": proc.pid, "base": base, "gc_log": gc_log,
                         "creds": B.write_creds(B.WORK + "/c-%s%d" % (name, i), creds)})
    def run(j, mode, secs):
        # the forward mode is a signed call of a gateway route
        wrk_mode, path = ("signed", W.ITEM) if mode == "forward" else (mode, PATH)
        t0 = B.jvm_uptime_s(j["pid"])
        c0 = B.cpu_seconds(j["pid"]); r = B.wrk_result(B.wrk(j["base"], wrk_mode, j["creds"], path, secs, 16)); c1 = B.cpu_seconds(j["pid"])
        _, freed_mb = B.gc_pauses(j["gc_log"], t0, B.jvm_uptime_s(j["pid"]))
        assert r["failed"] == 0, r
        return (c1 - c0) * 1e6 / r["requests"], r["rps"], freed_mb * 1024 / r["requests"]
    for j in jvms:
        for _ in range(WARM):
            for m in MODES:
                run(j, m, 6)
        print("warm", j["name"], flush=True)
    res = {}
    print("load before rounds", os.getloadavg(), flush=True)
    for rnd in range(ROUNDS):
        order = jvms if rnd % 2 == 0 else list(reversed(jvms))
        for j in order:
            for m in MODES:
                us, rps, kb = run(j, m, 8)
                res.setdefault((j["jar"], m), []).append(us)
                res.setdefault((j["jar"], m, "kb"), []).append(kb)
                print("round %d %s %-6s %6.1f us %7.0f req/s %5.1f KB a call, load %.1f" % (rnd, j["name"], m, us, rps, kb,
                                                                                   os.getloadavg()[0]), flush=True)
    for jar in JARS:
        s = statistics.median(res[(jar, "signed")]); g = statistics.median(res[(jar, "guest")])
        print("%s: signed %.1f us, guest %.1f us, signed/guest by CPU %.3f" % (jar, s, g, g / s))
        if FORWARD:
            f = statistics.median(res[(jar, "forward")])
            print("%s: forward %.1f us, forward/signed by CPU %.3f (issue 15: <= 1.5)" % (jar, f, f / s))
        print("%s: KB allocated a call (median): %s" % (jar, ", ".join("%s %.1f" % (m, statistics.median(res[(jar, m, "kb")]))
                                                                       for m in MODES)))
    # the host's speed drifts by up to 2x between rounds (BENCHMARKS, fourteenth session): a jar's figure
    # divided by A's of the same round cancels what the round's JVMs shared, the median over rounds the rest
    first = next(iter(JARS))
    for jar in list(JARS)[1:]:
        for m in MODES:
            ratios = []
            for rnd in range(ROUNDS):
                mine = res[(jar, m)][rnd * PER:(rnd + 1) * PER]
                theirs = res[(first, m)][rnd * PER:(rnd + 1) * PER]
                ratios.append(statistics.median(mine) / statistics.median(theirs))
            print("%s / %s %s, same-round ratios: %s, median %.3f" % (jar, first, m, " ".join("%.3f" % r for r in ratios),
                                                                       statistics.median(ratios)))
    for j in jvms:
        print("%s RSS %.0f MB" % (j["name"], B.status_kb(j["pid"], "VmRSS") / 1024))
    B.stop_all()
main()
