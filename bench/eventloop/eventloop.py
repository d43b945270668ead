#!/usr/bin/env python3
"""Keyway's Web API on Tomcat's port and on its event-loop listener, in JVMs of the product's jar (issue 14.1;
bench/eventloop/README.md).

Each JVM is the extracted product jar: Tomcat on server.port and the event-loop listener
(keyway.server.event-loop.port), its calls on the event loop or on worker threads (keyway.server.event-loop.run-on).
JVMS JVMs per server, each loaded through that server only; warm-up, then ROUNDS rounds over all JVMs in alternating
order, wrk on the load core with bench/wrk/oauth.lua, each JVM's CPU from /proc per request. Writes
bench/results/<date>-eventloop.{md,json}.
"""
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import bench as B  # noqa: E402

JVMS = int(os.environ.get("EVENTLOOP_JVMS", "3"))
ROUNDS = int(os.environ.get("EVENTLOOP_ROUNDS", "3"))
WARMUP = int(os.environ.get("EVENTLOOP_WARMUP", "6"))
DURATION = int(os.environ.get("EVENTLOOP_DURATION", "8"))
CONNECTIONS = int(os.environ.get("EVENTLOOP_CONNECTIONS", "16"))
PATH = "/rest/V1/store/storeConfigs"
# the flags of the README's run command
FLAGS = ("-Xmx192m -Xms48m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC "
         "-XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=2000").split()
SERVERS = ("tomcat", "event-loop", "loop-worker")
MODES = ("signed", "guest")


def main():
    stamp = time.strftime("%Y-%m-%d-%H%M", time.gmtime())
    work = os.path.join(HERE, "target", "run")
    subprocess.run(["rm", "-rf", work], check=True)
    os.makedirs(work)
    B.WORK = work
    app = os.path.join(work, "app")
    subprocess.run(["java", "-Djarmode=tools", "-jar", B.JAR, "extract", "--destination", app], check=True,
                   stdout=subprocess.DEVNULL)
    product = [os.path.join(app, f) for f in os.listdir(app) if f.endswith(".jar")][0]
    loads = [os.getloadavg()]
    jvms = []
    # one server per JVM under load: a JVM that served both would compile the shared pipeline for two request
    # classes (Tomcat's and the listener's), which no deployment would see
    for j in range(JVMS * len(SERVERS)):
        server = SERVERS[j % len(SERVERS)]
        ports = {"tomcat": B.free_port(), "event-loop": B.free_port()}
        ports["loop-worker"] = ports["event-loop"]
        name = "%s-%d" % (server, j // len(SERVERS))
        run_on = "worker" if server == "loop-worker" else "event-loop"
        proc = B.start(name, ["java"] + FLAGS + ["-jar", product,
                                                 "--server.port=%d" % ports["tomcat"],
                                                 "--keyway.server.event-loop.port=%d" % ports["event-loop"],
                                                 "--keyway.server.event-loop.run-on=%s" % run_on,
                                                 "--keyway.data-dir=%s/data-%s" % (work, name)],
                       env={"MALLOC_ARENA_MAX": "2", "KEYWAY_ADMIN_PASSWORD": B.ADMIN_PASSWORD})
        node = B.Node(name, ports["tomcat"], [])
        node.proc = proc
        B.wait_http(node.base + PATH, proc)
        token = node.admin_token()
        node.settings(token, {"webapi/webapisecurity/allow_insecure": "1"})
        _, creds = node.integration(token, name)
        creds = B.write_creds(os.path.join(work, "creds-%s.txt" % name), creds)
        base = "http://127.0.0.1:%d" % ports[server]
        B.wait_http(base + PATH, proc)  # the listener opens after Tomcat
        # a signed call that fails counts as a failed request in wrk's result, which stops the run
        status, body = B.http("GET", base + PATH)
        if status != 200:
            raise SystemExit("%s answered a guest call %s: %s" % (name, status, body[:200]))
        jvms.append({"name": name, "server": server, "proc": proc, "base": base, "creds": creds})
    for jvm in jvms:
        jvm["warmup"] = warm_up(jvm)
        B.log("%s warmed up (%s): signed %s us a call" % (jvm["name"], "settled" if jvm["warmup"]["settled"]
                                                            else "NOT settled", jvm["warmup"]["signed_us"]))
    loads.append(os.getloadavg())
    runs = []
    for r in range(ROUNDS):
        for jvm in (jvms if r % 2 == 0 else jvms[::-1]):
            for mode in MODES:
                cpu0 = B.cpu_seconds(jvm["proc"].pid)
                result = B.wrk_result(B.wrk(jvm["base"], mode, jvm["creds"], PATH, DURATION, CONNECTIONS))
                cpu = B.cpu_seconds(jvm["proc"].pid) - cpu0
                if result["failed"]:
                    raise SystemExit("%s %s: %d failed requests" % (jvm["name"], mode, result["failed"]))
                runs.append({"jvm": jvm["name"], "round": r, "server": jvm["server"], "mode": mode,
                             "rps": round(result["rps"]), "us": round(cpu / result["requests"] * 1e6, 2),
                             "load": round(os.getloadavg()[0], 2)})
                B.log("round %d %-14s %-6s %6d req/s %6.1f us" % (r, jvm["name"], mode, runs[-1]["rps"],
                                                                 runs[-1]["us"]))
        loads.append(os.getloadavg())
    for jvm in jvms:
        B.stop(jvm["proc"], 60)
    results_warmup = {jvm["name"]: jvm["warmup"] for jvm in jvms}
    results = {"date": stamp, "machine": B.machine(), "jvms_per_server": JVMS, "rounds": ROUNDS,
               "warmup_passes_signed_us": results_warmup,
               "warmup_s": WARMUP, "duration_s": DURATION, "connections": CONNECTIONS,
               "loads": [[round(x, 2) for x in l] for l in loads], "runs": runs}
    out = os.path.join(B.ROOT, "bench", "results", stamp + "-eventloop")
    with open(out + ".json", "w") as f:
        json.dump(results, f, indent=1)
    with open(out + ".md", "w") as f:
        f.write(render(results))
    print(render(results))


def warm_up(jvm):
    """Passes of WARMUP s per mode until the signed call's CPU of two passes in a row is within 5 % (at least 3,
    at most 10 passes; the result says whether it settled): on one core the JIT takes a minute or more of load."""
    seen = []
    for _ in range(10):
        for mode in MODES:
            cpu0 = B.cpu_seconds(jvm["proc"].pid)
            result = B.wrk_result(B.wrk(jvm["base"], mode, jvm["creds"], PATH, WARMUP, CONNECTIONS))
            if result["failed"]:
                raise SystemExit("%s %s warm-up: %d failed requests" % (jvm["name"], mode, result["failed"]))
            if mode == "signed":
                seen.append(round((B.cpu_seconds(jvm["proc"].pid) - cpu0) / max(result["requests"], 1) * 1e6, 1))
        if len(seen) >= 3 and abs(seen[-1] - seen[-2]) <= 0.05 * seen[-2]:
            return {"signed_us": seen, "settled": True}
    return {"signed_us": seen, "settled": False}


def med(values):
    return statistics.median(values) if values else float("nan")


def render(results):
    runs = results["runs"]
    lines = ["# Keyway's Web API on Tomcat's port and on the event-loop listener (bench/eventloop), %s" % results["date"], "",
             "%d JVMs per server, each loaded through one server only: warm-up passes of %d s per mode until the "
             "signed call's CPU settles (within 5 %% twice in a row), then %d rounds of "
             "%d s per JVM and mode (the JVMs in alternating order), %d connections; one-minute load averages "
             "(start, after the warm-up, after each round): %s." % (results["jvms_per_server"], results["warmup_s"],
                                                                 results["rounds"], results["duration_s"],
                                                                 results["connections"],
                                                                 ", ".join("%.1f" % l[0] for l in results["loads"])),
             "",
             "| server | mode | req/s (median) | CPU µs a call (median) | per JVM | ÷ Tomcat |",
             "| --- | --- | ---: | ---: | --- | ---: |"]
    for mode in MODES:
        base = med([r["us"] for r in runs if r["server"] == "tomcat" and r["mode"] == mode])
        for name in SERVERS:
            sel = [r for r in runs if r["server"] == name and r["mode"] == mode]
            names = sorted({r["jvm"] for r in sel})
            per = " / ".join("%.1f" % med([r["us"] for r in sel if r["jvm"] == j]) for j in names)
            us = med([r["us"] for r in sel])
            lines.append("| %s | %s | %d | %.1f | %s | %.2f |" % (name, mode, round(med([r["rps"] for r in sel])), us, per,
                                                                  us / base))
    lines.append("")
    for name, warm in sorted(results.get("warmup_passes_signed_us", {}).items()):
        passes = warm["signed_us"] if isinstance(warm, dict) else warm
        settled = warm["settled"] if isinstance(warm, dict) else True
        lines.append("- warm-up of %s: %d passes, signed %s µs a call%s" % (name, len(passes), " → ".join(
            "%.0f" % v for v in passes), "" if settled else " — **NOT settled**: read its figures with care"))
    lines.append("")
    for name in SERVERS:
        s = med([r["us"] for r in runs if r["server"] == name and r["mode"] == "signed"])
        g = med([r["us"] for r in runs if r["server"] == name and r["mode"] == "guest"])
        lines.append("- %s: signed ÷ guest by CPU a call %.2f (%.1f µs more)" % (name, g / s, s - g))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    try:
        main()
    finally:
        B.stop_all()
