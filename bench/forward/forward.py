#!/usr/bin/env python3
"""Forwarding cost against a signed call (issue 15: forwarding adds <= 50 % CPU to S1 signed).

Two Keyway JVMs of the same jar with the README's memory flags, pinned to the server core with one nginx
`return 200` upstream: "listener" opens the event-loop listener and is loaded through it only (its
forwards go out from the event loop), "tomcat" is loaded through server.port only (forwards block a
request thread). Each is loaded in turn with wrk (the project's signing script, 16 connections) with
S1 signed storeConfigs and with a signed GET forwarded through a gateway route, in interleaved rounds;
the CPU each JVM (and the upstream nginx) used is read from /proc around every slot.

  bench/forward/run.sh [rounds] [seconds]

FORWARD_TLS=1: the upstream nginx serves https with a certificate of a CA made for the run (openssl), which the
gateway file names as the upstream's ca_file: the forward's cost over TLS, kept connections on both paths.
"""
import base64
import datetime
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import bench as B  # noqa: E402
import wave2 as W  # noqa: E402
sys.path.insert(0, os.path.join(HERE, "..", "tail"))
import tail as T  # noqa: E402

README = "-Xmx192m -Xms48m -Xmn24m -Xss512k -XX:MaxMetaspaceSize=192m -XX:+UseSerialGC"
# FORWARD_FLAGS: the JVM flags of both JVMs (default: the README's memory flags)
FLAGS = os.environ.get("FORWARD_FLAGS", README)
WARMUP_SLOTS = int(os.environ.get("FORWARD_WARMUP_SLOTS", "5"))
TLS = os.environ.get("FORWARD_TLS", "0") == "1"


def start_tls_upstream():
    """An nginx `return 200` over https (a self-signed certificate for 127.0.0.1); returns (process, port, pem)."""
    cert, key = os.path.join(B.WORK, "upstream.pem"), os.path.join(B.WORK, "upstream.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    port = B.free_port()
    proc = W.start_nginx("nginx-upstream-tls", """	server {
		listen 127.0.0.1:%d ssl backlog=4096;
		ssl_certificate %s;
		ssl_certificate_key %s;
		keepalive_timeout 300s;
		location / { default_type application/json; return 200 '%s'; }
	}""" % (port, cert, key, W.UPSTREAM_BODY))
    W.wait_port(port, proc)
    return proc, port, cert


def slot(node, base, path, creds, seconds, upstream):
    cpu0, up0 = B.cpu_seconds(node.pid()), upstream.cpu()
    load = os.getloadavg()[0]
    begin = T.uptime_s(node.pid())
    r = B.wrk_result(B.wrk(base, "signed", creds, path, seconds, 16))
    cpu, up = B.cpu_seconds(node.pid()) - cpu0, upstream.cpu() - up0
    durations, _ = T.pauses(node.gc_log, begin, T.uptime_s(node.pid()))
    return {"rps": r["rps"], "us": cpu * 1e6 / max(1, r["requests"]), "up_us": up * 1e6 / max(1, r["requests"]),
            "failed": r["failed"], "load": (load, os.getloadavg()[0]), "gc_ms": sum(durations)}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    B.WORK = B.tempfile.mkdtemp(prefix="keyway-forward-")
    if TLS:
        upstream, up_port, pem = start_tls_upstream()
    else:
        upstream, up_port = W.start_fast_upstream("nginx-upstream")
    upstream_group = B.Group("upstream", W.tree(upstream))
    gateway = W.write_gateway_file(up_port)
    if TLS:
        with open(gateway) as f:
            text = f.read()
        with open(gateway, "w") as f:
            f.write(text.replace("url: http://127.0.0.1:%d\n" % up_port,
                                 "url: https://127.0.0.1:%d\n    ca_file: %s\n" % (up_port, pem), 1))
    key = base64.b64encode(os.urandom(32)).decode()
    nodes = []
    out = ["Forwarding cost (bench/forward), %s; JVM flags: %s; upstream over %s" % (
        datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), FLAGS, "https (ca_file)" if TLS else "http")]
    try:
        for name in ("listener", "tomcat"):
            args = ["--keyway.data-dir=" + os.path.join(B.WORK, name), "--keyway.crypto.master-keys=" + key,
                    "--keyway.gateway.file=" + gateway]
            loop = B.free_port()
            if name == "listener":
                args.append("--keyway.server.event-loop.port=%d" % loop)
            node = B.Node("keyway-" + name, B.free_port(), args)
            node.gc_log = os.path.join(B.WORK, name + "-gc.log")
            node.start(FLAGS.split() + ["-Xlog:gc:file=%s:uptime" % node.gc_log])
            _, creds = node.integration(node.admin_token(), "forward")
            node.creds = B.write_creds(os.path.join(B.WORK, name + ".creds"), creds)
            node.target = ("http://127.0.0.1:%d" % loop) if name == "listener" else node.base
            node.label = name
            nodes.append(node)
        for node in nodes:
            # warm-up: the JIT compiles both paths fully (shorter warm-ups left round 0 at 2-3x the cost)
            for _ in range(WARMUP_SLOTS):
                for path in ("/rest/V1/store/storeConfigs", "/rest/V1/bench/item"):
                    slot(node, node.target, path, node.creds, seconds, upstream_group)
        results = {(n.label, p): [] for n in nodes for p in ("signed", "forwarded")}
        for rnd in range(rounds):
            order = nodes if rnd % 2 == 0 else list(reversed(nodes))
            for node in order:
                for kind, path in (("signed", "/rest/V1/store/storeConfigs"), ("forwarded", "/rest/V1/bench/item")):
                    r = slot(node, node.target, path, node.creds, seconds, upstream_group)
                    results[(node.label, kind)].append(r)
                    line = ("round %d %-8s %-9s %7.0f req/s  keyway %5.1f us/req  upstream %4.1f us/req  failed %d"
                            "  GC pauses %4.0f ms  load %.1f-%.1f" % (rnd, node.label, kind, r["rps"], r["us"],
                                                                      r["up_us"], r["failed"], r["gc_ms"],
                                                                      r["load"][0], r["load"][1]))
                    B.log(line)
                    out.append(line)
        out.append("")
        for node in nodes:
            signed = statistics.median(r["us"] for r in results[(node.label, "signed")])
            forwarded = statistics.median(r["us"] for r in results[(node.label, "forwarded")])
            ratios = [f["us"] / s["us"] for s, f in zip(results[(node.label, "signed")],
                                                       results[(node.label, "forwarded")])]
            out.append("%-8s signed %.1f us, forwarded %.1f us (Keyway's JVM), forwarded / signed %.2f "
                       "(median of per-round ratios %.2f)" % (node.label, signed, forwarded, forwarded / signed,
                                                              statistics.median(ratios)))
    finally:
        B.stop_all()
    W.save_lines("forward-tls" if TLS else "forward", out)


if __name__ == "__main__":
    main()
