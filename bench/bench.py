#!/usr/bin/env python3
"""Keyway benchmark orchestrator (issue 7), run by bench/run.sh after the build.

Starts everything on this machine (Keyway on H2, Keyway nodes on a private PostgreSQL cluster, the
python3-oauthlib and Node peers), seeds 100,000 integrations, loads every scenario in interleaved
rounds with wrk (closed loop) and the Java fixed-rate generator (open model), measures CPU per
request from /proc, start-up, RSS, revocation propagation, admin grid timings, optionally runs JMH
and JFR profiles, and writes a dated Markdown report under bench/results/.

Servers are pinned to core 0, load generators to core 1 (taskset). Configuration: environment
variables, see CONFIG below; BENCH_QUICK=1 gives a short development run.
"""
import atexit
import base64
import collections
import datetime
import glob
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
JAR = os.path.join(ROOT, "target", "keyway-0.1.0-SNAPSHOT.jar")
QUICK = os.environ.get("BENCH_QUICK", "0") == "1"


def env_int(name, full, quick):
    return int(os.environ.get(name, quick if QUICK else full))


CONFIG = {
    "rounds": env_int("BENCH_ROUNDS", 3, 1),
    "duration": env_int("BENCH_DURATION", 10, 3),          # seconds per closed-loop slot
    "connections": env_int("BENCH_CONNECTIONS", 16, 16),  # wrk concurrency (fixed)
    "rate": env_int("BENCH_RATE", 500, 500),              # the fixed moderate rate, req/s
    "rate_duration": env_int("BENCH_RATE_DURATION", 10, 3),
    "seed": env_int("BENCH_SEED", 100000, 2000),
    "jmh": env_int("BENCH_JMH", 1, 0),
    "jfr": env_int("BENCH_JFR", 1, 0),
    "pg": env_int("BENCH_PG", 1, 1),
    "peers": env_int("BENCH_PEERS", 1, 1),
    "revocations": env_int("BENCH_REVOCATIONS", 50, 10),
    "grid_repeat": env_int("BENCH_GRID_REPEAT", 20, 5),
}
SERVER_CORE = os.environ.get("BENCH_SERVER_CORE", "0")
LOAD_CORE = os.environ.get("BENCH_LOAD_CORE", "1")
ADMIN_PASSWORD = "Bench-" + base64.b32encode(os.urandom(10)).decode().lower()
CLK_TCK = os.sysconf("SC_CLK_TCK")

PROCS = []          # every process we started, stopped at exit
LOAD_SAMPLES = []   # (time, 1-min load average)
NOTES = []
FAILURES = []       # closed-loop slots in which a request was refused or failed


def log(*args):
    print("[bench %s]" % time.strftime("%H:%M:%S"), *args, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------ /proc

def cpu_seconds(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def core_ticks(core):
    """(busy, steal) clock ticks of one core since boot, from /proc/stat: busy counts user, nice, system,
    irq, softirq and steal; a figure's share of its server core used by anything but the measured servers
    is the difference of busy over the figure minus those servers' own CPU."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu%s " % core):
                v = [int(x) for x in line.split()[1:]]
                user, nice, system, idle, iowait, irq, softirq, steal = (v + [0] * 8)[:8]
                return (user + nice + system + irq + softirq + steal) / CLK_TCK, steal / CLK_TCK
    return 0.0, 0.0


def host_speed(core=None):
    """Seconds a fixed CPU-bound loop takes on one core (the server core unless named): the same loop
    took 0.64 s and 1.04 s on this kind of host within an hour, so a run records it at its start and
    its end — a host slowed by its neighbours shows here, where no load average sees it."""
    code = "import time\nt=time.perf_counter()\nx=0\nfor i in range(3000000): x+=i*i\nprint(time.perf_counter()-t)"
    out = subprocess.run(["taskset", "-c", core or SERVER_CORE, sys.executable, "-c", code],
                         capture_output=True, text=True).stdout.strip()
    return float(out) if out else None


# A JVM's young pauses from its -Xlog:gc:file=...:uptime log (bench/tail, wave2's fixed-rate runs)
PAUSE = re.compile(r"\[([0-9.]+)s\].*Pause Young.* (\d+)M->(\d+)M\(\d+M\) ([0-9.]+)ms")


def gc_pauses(log_path, start_s, end_s):
    """Young pauses logged between two JVM uptimes: (durations ms, MB freed)."""
    durations, freed = [], 0
    with open(log_path, errors="replace") as f:
        for line in f:
            m = PAUSE.search(line)
            if m and start_s <= float(m.group(1)) <= end_s:
                durations.append(float(m.group(4)))
                freed += int(m.group(2)) - int(m.group(3))
    return durations, freed


def jvm_uptime_s(pid):
    """The JVM's uptime as its GC log counts it (seconds since the process started)."""
    with open("/proc/%d/stat" % pid) as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        return float(f.read().split()[0]) - start_ticks / CLK_TCK


def compiler_seconds(pid):
    """CPU seconds of a JVM's JIT compiler threads (C1 and C2; 0 for a process that has none): on a server pinned
    to one core they compete with the requests, and a burst of recompilation inside a slot is CPU a call that the
    steady state does not cost."""
    total = 0.0
    for stat in glob.glob("/proc/%d/task/*/stat" % pid):
        try:
            with open(stat) as f:
                text = f.read()
        except OSError:
            continue
        if "CompilerThre" in text[text.index("(") + 1:text.rindex(")")]:
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


# `perf sched timehist` rows: time, [cpu], task, wait time, sched delay, run time
TIMEHIST = re.compile(r"\s*([0-9.]+)\s+\[(\d+)\]\s+(.+?)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s*$")


def sched_record(seconds, data):
    """Starts `perf sched record` of the server core for `seconds` (on the load core); wait() on the result."""
    return subprocess.Popen(["taskset", "-c", LOAD_CORE, "perf", "sched", "record", "-C", SERVER_CORE, "-o", data,
                             "--", "sleep", str(seconds)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sched_tasks(data):
    """(seconds, task, sched delay ms, run ms) per slice on the server core, thread numbers folded."""
    timehist = subprocess.run(["perf", "sched", "timehist", "-i", data, "-C", SERVER_CORE],
                              capture_output=True, text=True).stdout
    rows = []
    for line in timehist.splitlines():
        m = TIMEHIST.match(line)
        if m:
            name = re.sub(r"\d+$", "#", re.sub(r"\[\d+(/\d+)?\]$", "", m.group(3)).strip())
            rows.append((float(m.group(1)), name, float(m.group(5)), float(m.group(6))))
    return rows


def sched_summary(rows, top=14):
    """Per task on the core: run ms, slices of 1 ms or more, longest slice, longest wait; and the JIT compilers' ms
    in each second (a list of dicts and a list)."""
    total, slices, longest, waited, jit = (collections.Counter(), collections.Counter(), {}, {},
                                           collections.Counter())
    for t, name, delay, run in rows:
        total[name] += run
        slices[name] += run >= 1.0
        longest[name] = max(longest.get(name, 0), run)
        waited[name] = max(waited.get(name, 0), delay)
        if "CompilerThre" in name:
            jit[int(t - rows[0][0])] += run
    tasks = [{"task": name, "run_ms": round(ms, 1), "slices_1ms": slices[name], "max_ms": round(longest[name], 2),
              "max_wait_ms": round(waited[name], 2)} for name, ms in total.most_common(top)]
    seconds = int(rows[-1][0] - rows[0][0]) + 1 if rows else 0
    return tasks, [round(jit[s]) for s in range(seconds)]


def sched_lines(tasks, jit):
    out = ["  %-28s %9s %6s %8s %9s" % ("task on the server core", "run ms", ">=1ms", "max ms", "max wait")]
    for t in tasks:
        out.append("  %-28s %9.1f %6d %8.2f %9.2f" % (t["task"][:28], t["run_ms"], t["slices_1ms"], t["max_ms"],
                                                     t["max_wait_ms"]))
    out.append("  JIT compiler ms per second: " + " ".join("%d" % j for j in jit))
    return out


def status_kb(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def children_of(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    return kids


class Group:
    """Processes whose CPU time is summed (a node; two nodes and PostgreSQL)."""

    def __init__(self, name, pids_fn):
        self.name = name
        self.pids_fn = pids_fn

    def cpu(self):
        return sum(cpu_seconds(p) for p in self.pids_fn())

    def rss_kb(self):
        return sum(status_kb(p, "VmRSS") for p in self.pids_fn())


def load_monitor(stop):
    while not stop.is_set():
        with open("/proc/loadavg") as f:
            LOAD_SAMPLES.append((time.time(), float(f.read().split()[0])))
        stop.wait(5)


# ------------------------------------------------------------------------------------------ the server core's housekeeping

def _kernel_threads():
    """(pid, name) of every kernel thread (kthreadd and its children)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        if entry == "2" or ppid == 2:
            out.append((int(entry), name))
    return out


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def set_slice(pids, slice_ns):
    """Gives every thread of these processes and their children a custom scheduler slice (sched_setattr(2),
    SCHED_OTHER's sched_runtime: Linux 6.12 and later; 0 = the kernel's default): a thread that wakes with a
    shorter slice than the running one's may take the core at once instead of waiting for that one's slice to
    end. Returns how many threads took it. Through ctypes because Python's os module has no sched_setattr."""
    import ctypes
    import struct
    if os.uname().machine != "x86_64":
        raise OSError("set_slice knows sched_setattr's number on x86-64 only; this machine is " + os.uname().machine)
    libc = ctypes.CDLL(None, use_errno=True)
    # struct sched_attr, SCHED_ATTR_SIZE_VER1: size, policy, flags, nice, priority, runtime, deadline, period,
    # util_min, util_max; x86-64's syscall number
    attr = ctypes.create_string_buffer(struct.pack("IIQiIQQQII", 56, 0, 0, 0, 0, slice_ns, 0, 0, 0, 0), 56)
    done, todo = 0, list(pids)
    while todo:
        pid = todo.pop()
        try:
            tids = [int(t) for t in os.listdir("/proc/%d/task" % pid)]
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
        for tid in tids:
            if libc.syscall(314, tid, attr, 0) == 0:
                done += 1
    return done


def housekeeping_away(server=None, to=None):
    """Moves the kernel's movable work off the server core, as an operator's isolated core would have it
    (isolcpus / tuned's cpu-partitioning, done at run time): every kernel thread the kernel lets move (this host's
    kdamond, DAMON's proactive page-out, runs in slices of 5 ms on a kernel without preemption; rcu_preempt
    the same), the unbound workqueues' CPU mask and every device interrupt. Per-CPU threads (ksoftirqd,
    the core's kworkers, migration) cannot move and stay. Needs root; returns (what moved, a function that
    puts everything back) - the function is also registered to run at exit."""
    server = int(server if server is not None else SERVER_CORE)
    to = {int(to if to is not None else LOAD_CORE)}
    undo, moved = [], []
    if os.geteuid() != 0:
        return moved, lambda: None
    for pid, name in _kernel_threads():
        if pid == 2:
            continue  # kthreadd: the threads it starts meanwhile would inherit the load core alone, and stay there
        try:
            before = os.sched_getaffinity(pid)
            if server not in before or len(before) < 2:
                continue  # bound to one core, or already off the server core
            os.sched_setaffinity(pid, to)
        except OSError:
            continue  # per-CPU or gone
        moved.append(re.sub(r"\d+", "#", name))
        undo.append(lambda pid=pid, before=before: os.sched_setaffinity(pid, before))
    mask = "%x" % sum(1 << c for c in to)
    for path in ["/sys/devices/virtual/workqueue/cpumask"] + \
            ["/proc/irq/%s/smp_affinity" % i for i in sorted(os.listdir("/proc/irq")) if i.isdigit()]:
        try:
            with open(path) as f:
                before = f.read().strip()
            with open(path, "w") as f:
                f.write(mask)
        except OSError:
            continue
        moved.append("unbound workqueues" if "workqueue" in path else "irq")
        undo.append(lambda path=path, before=before: _write(path, before))

    def restore():
        while undo:
            try:
                undo.pop()()
            except OSError:
                pass
    atexit.register(restore)
    irqs = moved.count("irq")
    return sorted(set(m for m in moved if m != "irq")) + (["%d interrupts" % irqs] if irqs else []), restore


# ------------------------------------------------------------------------------------------ processes

def start(name, args, cwd=None, env=None, core=SERVER_CORE, log_file=None):
    log_path = log_file or os.path.join(WORK, name + ".log")
    out = open(log_path, "ab")
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.Popen(["taskset", "-c", core] + args, cwd=cwd or WORK, env=full_env, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    proc.bench_name = name
    proc.bench_log = log_path
    PROCS.append(proc)
    return proc


def stop(proc, timeout=30):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc in PROCS:
        PROCS.remove(proc)


def stop_all():
    for proc in list(reversed(PROCS)):
        try:
            stop(proc, 20)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass
    if PG.get("dir"):
        pg_ctl("stop", "-m", "fast")


def http(method, url, body=None, token=None, timeout=30):
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as ex:
        return ex.code, ex.read()


def wait_http(url, proc, timeout=300, interval=0.01):
    """Seconds until the first HTTP answer (any status) from url."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s; see %s" % (proc.bench_name, proc.returncode, proc.bench_log))
        try:
            with socket.create_connection(("127.0.0.1", int(url.split(":")[2].split("/")[0])), timeout=1):
                pass
            status, _ = http("GET", url, timeout=5)
            if status:
                return time.time() - t0
        except OSError:
            pass
        time.sleep(interval)
    raise RuntimeError("%s did not answer within %d s" % (url, timeout))


# ------------------------------------------------------------------------------------------ Keyway

class Node:
    def __init__(self, name, port, args, env=None):
        self.name = name
        self.port = port
        self.args = args
        self.env = env or {}
        self.proc = None
        self.base = "http://127.0.0.1:%d" % port

    def start(self, jvm_args=()):
        t0 = time.time()
        self.proc = start(self.name, ["java"] + list(jvm_args) + ["-jar", JAR, "--server.port=%d" % self.port]
                          + self.args, env=dict(self.env, KEYWAY_ADMIN_PASSWORD=ADMIN_PASSWORD))
        first = wait_http(self.base + "/rest/V1/store/storeConfigs", self.proc)
        started = None
        with open(self.proc.bench_log, errors="replace") as f:
            for line in f:
                m = re.search(r"Started KeywayApplication in ([0-9.]+) seconds", line)
                if m:
                    started = float(m.group(1))
        return {"first_request_s": round(time.time() - t0, 2), "wait_s": round(first, 2), "spring_s": started,
                "cpu_s": round(cpu_seconds(self.proc.pid), 2)}

    def stop(self):
        stop(self.proc, 60)

    def pid(self):
        return self.proc.pid

    def admin_token(self):
        status, body = http("POST", self.base + "/rest/V1/integration/admin/token",
                            {"username": "admin", "password": ADMIN_PASSWORD})
        assert status == 200, (status, body)
        return json.loads(body)

    def integration(self, token, name):
        status, body = http("POST", self.base + "/rest/V1/integrations", {"name": name, "all_resources": True}, token)
        assert status == 200, (status, body)
        iid = json.loads(body)["id"]
        status, body = http("POST", self.base + "/rest/V1/integrations/%d/activate" % iid, None, token)
        assert status == 200, (status, body)
        a = json.loads(body)
        return iid, (a["consumer_key"], a["consumer_secret"], a["access_token"], a["access_token_secret"])

    def settings(self, token, values):
        status, body = http("PUT", self.base + "/rest/V1/settings", {"settings": values}, token)
        assert status == 200, (status, body)


def write_creds(path, creds):
    with open(path, "w") as f:
        f.write(" ".join(creds) + "\n")
    return path


def seed(jdbc, user, password, key, count, prefix, out):
    t0 = time.time()
    cp = classpath()
    result = subprocess.run(["taskset", "-c", SERVER_CORE, "java", "-cp", cp, "dev.keyway.oauth.BenchSeeder", jdbc,
                             user, password, key, str(count), prefix, out], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("seeding failed: " + result.stdout + result.stderr)
    return round(time.time() - t0, 1)


def classpath():
    with open(os.path.join(ROOT, "target", "bench-classpath.txt")) as f:
        deps = f.read().strip()
    return ":".join([os.path.join(ROOT, "target", "test-classes"), os.path.join(ROOT, "target", "classes"), deps])


# ------------------------------------------------------------------------------------------ PostgreSQL

PG = {}


def pg_bin(name):
    for d in ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/14/bin"):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError("PostgreSQL's %s not found: apt-get install postgresql" % name)
    return found


def as_pg_user(args):
    return (["runuser", "-u", "postgres", "--"] + args) if os.geteuid() == 0 else args


def pg_ctl(*args):
    return subprocess.run(as_pg_user([pg_bin("pg_ctl"), "-D", PG["dir"]] + list(args)), capture_output=True, text=True)


def psql(sql, db="keyway"):
    result = subprocess.run(as_pg_user([pg_bin("psql"), "-h", PG["socket"], "-p", str(PG["port"]), "-U", "postgres",
                                        "-d", db, "-At", "-c", sql]), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("psql failed: %s %s" % (sql, result.stderr))
    return result.stdout.strip()


def start_postgres():
    t0 = time.time()
    PG["dir"] = os.path.join(WORK, "pg")
    PG["socket"] = os.path.join(WORK, "pgsock")
    PG["port"] = free_port()
    os.makedirs(PG["dir"])
    os.makedirs(PG["socket"])
    if os.geteuid() == 0:
        shutil.chown(PG["dir"], "postgres")
        shutil.chown(PG["socket"], "postgres")
        os.chmod(WORK, 0o755)
    result = subprocess.run(as_pg_user([pg_bin("initdb"), "-D", PG["dir"], "-U", "postgres", "--auth=trust",
                                        "-E", "UTF8"]), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("initdb failed: " + result.stderr)
    options = ("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200 "
               "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
               % (PG["port"], PG["socket"]))
    result = subprocess.run(["taskset", "-c", SERVER_CORE] + as_pg_user(
        [pg_bin("pg_ctl"), "-D", PG["dir"], "-l", os.path.join(PG["dir"], "server.log"), "-o", options, "-w", "start"]),
        capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("PostgreSQL did not start: " + result.stdout + result.stderr)
    with open(os.path.join(PG["dir"], "postmaster.pid")) as f:
        PG["pid"] = int(f.readline())
    psql("CREATE ROLE keyway LOGIN PASSWORD 'keyway'", "postgres")
    psql("CREATE DATABASE keyway OWNER keyway", "postgres")
    psql("CREATE EXTENSION pg_stat_statements")
    PG["version"] = psql("SHOW server_version")
    PG["jdbc"] = "jdbc:postgresql://127.0.0.1:%d/keyway" % PG["port"]
    return round(time.time() - t0, 1)


def pg_pids():
    return [PG["pid"]] + children_of(PG["pid"])


def pg_nonce_statements():
    return int(psql("SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements WHERE query ILIKE '%oauth_nonces%'") or 0)


def pg_all_statements():
    return int(psql("SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%'") or 0)


# ------------------------------------------------------------------------------------------ load

def wrk(url, mode, creds, path, duration, connections, extra_env=None):
    env = dict(os.environ, KW_MODE=mode, KW_CREDS=creds or "", KW_PATH=path)
    env.update(extra_env or {})
    args = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", "-c%d" % connections, "-d%ds" % duration, "--timeout", "10s",
            "-s", os.path.join(BENCH, "wrk", "oauth.lua"), url]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_result(proc):
    out, _ = proc.communicate()
    m = re.search(r"WRKJSON (\{.*\})", out)
    if not m:
        raise RuntimeError("wrk printed no result:\n" + out)
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["failed"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return r


# The generator's own JVM flags. Its measured seconds must hold no work of its own JVM, or that work counts as the
# server's latency (it measures from the intended send time): with the defaults (one core: Serial, a ~120 MB young
# generation) C2 recompiled the generator's loop in the first second of the measured run (one task of ~0.9 s
# sharing the load core in slices of ~4 ms) and young collections copied the pre-signed requests (27-44 ms pauses).
# C1 only compiles the loop in milliseconds during the unmeasured warm-up; a 512 MB young generation collects
# rarely. Against nginx `return 200` at 14,671 req/s: p99 2.1-3.0 -> 0.46-0.47 ms, p99.9 ~20 -> 2.5-3.1 ms
# (BENCHMARKS, twenty-ninth session).
LOADGEN_JVM = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmn512m"]


def loadgen(*args):
    result = subprocess.run(["taskset", "-c", LOAD_CORE, "java", *LOADGEN_JVM, "-cp", LOADGEN_BUILD, "LoadGen"] + list(args),
                            capture_output=True, text=True)
    return result


# seconds of unmeasured load the generator sends first, in its own JVM: started cold, its JIT lagged for the
# first seconds and that lag counted as latency (nginx `return 200` at 10,000 req/s: p99 11-28 ms cold, 2-4 warm)
RATE_WARMUP = int(os.environ.get("BENCH_RATE_WARMUP", "4"))


def rate_run(url, mode, creds, rate, duration, connections=64, warmup=None):
    warmup = RATE_WARMUP if warmup is None else warmup
    extra = ["--warmup", str(warmup)] if warmup else []
    result = loadgen("rate", "--url", url, "--mode", mode, "--creds", creds or "/dev/null", "--rate", str(rate),
                     "--duration", str(duration), "--connections", str(connections), *extra)
    m = re.search(r"RATEJSON (\{.*\})", result.stdout)
    if not m:
        raise RuntimeError("the rate generator printed no result: " + result.stdout + result.stderr)
    r = json.loads(m.group(1))
    r["exit"] = result.returncode
    return r


class Sampler:
    """Samples the RSS of a group while a slot runs."""

    def __init__(self, group):
        self.group = group
        self.max_kb = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            self.max_kb = max(self.max_kb, self.group.rss_kb())
            self.stop.wait(0.25)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


# ------------------------------------------------------------------------------------------ scenarios

class Scenario:
    """One closed-loop workload: one or more (url, creds) targets loaded at once, a CPU group."""

    def __init__(self, key, title, targets, mode, path, group, creds_spread=False):
        self.key = key
        self.title = title
        self.targets = targets  # list of (base url, creds file)
        self.mode = mode
        self.path = path
        self.group = group
        self.creds_spread = creds_spread
        self.runs = []
        self.rate_runs = []

    def run(self, duration, connections, pg_counts=False, offset=None):
        per = max(1, connections // len(self.targets))
        before_cpu = self.group.cpu()
        before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
        nonce_before = pg_nonce_statements() if pg_counts else 0
        all_before = pg_all_statements() if pg_counts else 0
        loads = []
        t0 = time.time()
        with open("/proc/loadavg") as f:
            load_before = float(f.read().split()[0])
        with Sampler(self.group) as sampler:
            procs = []
            for base, creds in self.targets:
                extra = {"KW_START": str(offset)} if offset is not None else None
                procs.append(wrk(base + self.path, self.mode, creds, self.path, duration, per, extra))
            results = [wrk_result(p) for p in procs]
        wall = time.time() - t0
        with open("/proc/loadavg") as f:
            loads.append(float(f.read().split()[0]))
        cpu = self.group.cpu() - before_cpu
        after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_cpu = (after_children.ru_utime - before_children.ru_utime) + (after_children.ru_stime - before_children.ru_stime)
        requests = sum(r["requests"] for r in results)
        seconds = max(r["duration_us"] for r in results) / 1e6
        run = {
            "requests": requests,
            "rps": requests / seconds,
            "p50_ms": max(r["p50_us"] for r in results) / 1000,
            "p99_ms": max(r["p99_us"] for r in results) / 1000,
            "p999_ms": max(r["p999_us"] for r in results) / 1000,
            "failed": sum(r["failed"] for r in results),
            "non2xx": sum(r["status"] for r in results),
            "cpu_us_per_req": cpu / max(1, requests) * 1e6,
            "core_share": cpu / seconds,
            "load_core_share": load_cpu / seconds,
            "rss_mb": sampler.max_kb / 1024,
            "load1": max(load_before, loads[0]),
            "wall": wall,
        }
        if pg_counts:
            run["nonce_statements_per_req"] = (pg_nonce_statements() - nonce_before) / max(1, requests)
            run["statements_per_req"] = (pg_all_statements() - all_before) / max(1, requests)
        if run["failed"]:
            # the run fails (exit status 1, named in the report), but what was measured is kept
            FAILURES.append("%s: %d requests failed or were refused (non-2xx %d): %s"
                            % (self.key, run["failed"], run["non2xx"], results))
            log("REFUSED:", FAILURES[-1])
        self.runs.append(run)
        return run

    def median(self, field, runs=None):
        values = [r[field] for r in (runs if runs is not None else self.runs) if field in r]
        return statistics.median(values) if values else None


def median_of(runs, field):
    values = [r[field] for r in runs if r.get(field) is not None]
    return statistics.median(values) if values else None


# ------------------------------------------------------------------------------------------ machine

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001
        return "?"


def machine():
    cpu = sh("lscpu | sed -n 's/^Model name: *//p' | head -1")
    return {
        "cpu": cpu,
        "cores": sh("nproc"),
        "memory": sh("free -h | awk '/^Mem:/ {print $2}'"),
        "jdk": sh("java -version 2>&1 | head -2 | tr '\\n' ' '"),
        "os": sh(". /etc/os-release && echo $PRETTY_NAME") + ", kernel " + sh("uname -r"),
        "virtualization": sh("lscpu | sed -n 's/^Hypervisor vendor: *//p'"),
        "wrk": sh("wrk -v 2>&1 | head -1"),
        "node": sh("node --version"),
        "python": sh("/usr/bin/python3 --version") + ", oauthlib " + sh(
            "/usr/bin/python3 -c 'import oauthlib; print(oauthlib.__version__)'") + ", waitress " + sh(
            "dpkg-query -W -f='${Version}' python3-waitress"),
        "oauth-1.0a": sh("node -p \"require('%s/peers/node/node_modules/oauth-1.0a/package.json').version\"" % BENCH),
        "postgresql": PG.get("version", "-"),
    }


# ------------------------------------------------------------------------------------------ JFR

def jfc_file():
    """JFR's profile settings with Java execution sampled every 1 ms instead of 10 ms."""
    java_home = os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("java"))))
    with open(os.path.join(java_home, "lib", "jfr", "profile.jfc")) as f:
        text = f.read()
    text = re.sub(r'(<event name="jdk.ExecutionSample">.*?<setting name="period"[^>]*>)10 ms', r"\g<1>1 ms", text,
                  flags=re.S)
    path = os.path.join(WORK, "bench.jfc")
    with open(path, "w") as f:
        f.write(text)
    return path


def jfr_profile(node, scenario, seconds, out):
    """Records a JFR profile of node while scenario runs; returns the hottest methods."""
    subprocess.run(["jcmd", str(node.pid()), "JFR.start", "name=bench", "settings=" + jfc_file(), "filename=" + out],
                   capture_output=True, text=True)
    run = scenario.run(seconds, CONFIG["connections"])
    scenario.runs.pop()  # a profiled run is not a measurement
    subprocess.run(["jcmd", str(node.pid()), "JFR.stop", "name=bench"], capture_output=True, text=True)
    summary = summarize_jfr(out)
    summary["rps"] = run["rps"]
    summary["cpu_us_per_req"] = run["cpu_us_per_req"]
    return summary


JFR_KINDS = [("Micrometer observations", r"io\.micrometer|Observation"),
             ("StrictHttpFirewall header checks", r"StrictHttpFirewall"),
             ("OAuth verification (dev.keyway.oauth)", r"dev\.keyway\.oauth"),
             ("H2 (OAuthCleanup job)", r"org\.h2|OAuthCleanup"),
             ("JSON writing (Jackson)", r"jackson"),
             ("PostgreSQL driver, Hikari", r"postgresql|Hikari"),
             ("logging", r"logback|slf4j"),
             ("Tomcat and servlet filters outside Spring Security", r"org\.apache\.(coyote|tomcat|catalina)"),
             ("other Spring Security filters", r"springframework\.security"),
             ("Keyway web API", r"dev\.keyway")]


def summarize_jfr(path):
    result = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                            capture_output=True, text=True)
    samples = result.stdout.split("jdk.ExecutionSample")
    self_counts, total_counts, kinds = {}, {}, {}
    n = 0
    for sample in samples[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(.*?\)\s+line:", sample, re.M)
        if not frames:
            continue
        n += 1
        # the innermost frame of a recognised kind decides (String.hashCode called by an observation: observations)
        kind = next((name for f in frames for name, rx in JFR_KINDS if re.search(rx, f)), "other")
        kinds[kind] = kinds.get(kind, 0) + 1
        self_counts[frames[0]] = self_counts.get(frames[0], 0) + 1
        for f in set(frames):
            total_counts[f] = total_counts.get(f, 0) + 1
    return {"samples": n, "kinds": sorted(kinds.items(), key=lambda x: -x[1]),
            "self": sorted(self_counts.items(), key=lambda x: -x[1])[:25],
            "total": sorted(total_counts.items(), key=lambda x: -x[1])}


# ------------------------------------------------------------------------------------------ main

def main():
    global WORK, LOADGEN_BUILD
    WORK = tempfile.mkdtemp(prefix="keyway-bench-")
    LOADGEN_BUILD = os.path.join(WORK, "loadgen")
    started_at = datetime.datetime.now()
    results = {"config": dict(CONFIG), "quick": QUICK, "started": started_at.isoformat(timespec="seconds")}
    stop_event = threading.Event()
    threading.Thread(target=load_monitor, args=(stop_event,), daemon=True).start()
    log("work directory", WORK, "config", CONFIG)
    subprocess.run(["javac", "-d", LOADGEN_BUILD, os.path.join(BENCH, "java", "LoadGen.java")], check=True)
    master_key = base64.b64encode(os.urandom(32)).decode()

    # ---- H2 node: cold start, set-up, seeding, start with the seeded data (S7)
    h2_port = free_port()
    h2 = Node("keyway-h2", h2_port, ["--keyway.data-dir=" + os.path.join(WORK, "h2"),
                                     "--keyway.crypto.master-keys=" + master_key])
    log("starting Keyway on H2 (empty database)")
    results["start_empty"] = h2.start()
    token = h2.admin_token()
    _, bench_creds = h2.integration(token, "bench")
    h2.settings(token, {"webapi/webapisecurity/allow_insecure": "1", "oauth/consumer/enable_integration_as_bearer": "1"})
    creds_h2 = write_creds(os.path.join(WORK, "creds-h2.txt"), bench_creds)
    status, body = http("GET", h2.base + "/rest/V1/store/storeConfigs")
    body_file = os.path.join(WORK, "storeConfigs.json")
    with open(body_file, "wb") as f:
        f.write(body)
    h2.stop()
    log("seeding %d integrations into H2" % CONFIG["seed"])
    seeded_h2 = os.path.join(WORK, "seeded-h2.txt")
    results["seed_h2_s"] = seed("jdbc:h2:file:%s/h2/keyway" % WORK, "keyway", "", master_key, CONFIG["seed"], "seed",
                                seeded_h2)
    log("seeded H2 in %.1f s; restarting" % results["seed_h2_s"])
    results["start_seeded"] = h2.start()
    log("start-up:", results["start_empty"], results["start_seeded"])
    h2_group = Group("keyway-h2", lambda: [h2.pid()])

    # ---- PostgreSQL and four nodes: A, B batched nonces; C, D per-request (Magento's way)
    pg_nodes = {}
    if CONFIG["pg"]:
        log("starting PostgreSQL")
        results["pg_start_s"] = start_postgres()
        pg_args = ["--spring.datasource.url=" + PG["jdbc"], "--spring.datasource.username=keyway",
                   "--spring.datasource.password=keyway", "--keyway.crypto.master-keys=" + master_key,
                   "--keyway.data-dir=" + os.path.join(WORK, "pgnode")]
        for name, store in (("a", "database"), ("b", "database"), ("c", "per-request"), ("d", "per-request")):
            pg_nodes[name] = Node("keyway-pg-" + name, free_port(), pg_args + ["--keyway.oauth.nonce-store=" + store])
        log("starting node A (migrates)")
        pg_nodes["a"].start()
        threads = [threading.Thread(target=pg_nodes[n].start) for n in "bcd"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        pg_token = pg_nodes["a"].admin_token()
        _, pg_creds = pg_nodes["a"].integration(pg_token, "bench")
        pg_nodes["a"].settings(pg_token, {"webapi/webapisecurity/allow_insecure": "1",
                                          "oauth/consumer/enable_integration_as_bearer": "1"})
        creds_pg = write_creds(os.path.join(WORK, "creds-pg.txt"), pg_creds)
        log("seeding %d integrations into PostgreSQL" % CONFIG["seed"])
        results["seed_pg_s"] = seed(PG["jdbc"], "keyway", "keyway", master_key, CONFIG["seed"], "seed",
                                    os.path.join(WORK, "seeded-pg.txt"))
        # issue 11.3: oauth_nonces is logged since V23 (crash-safe); BENCH_NONCES_UNLOGGED=1 puts it back
        # to UNLOGGED for an A/B run of the cost of the nonces' WAL on the same machine
        results["nonces_unlogged"] = os.environ.get("BENCH_NONCES_UNLOGGED", "0") == "1"
        if results["nonces_unlogged"]:
            psql("ALTER TABLE oauth_nonces SET UNLOGGED")
        results["nonces_persistence"] = psql("SELECT relpersistence FROM pg_class WHERE relname = 'oauth_nonces'")
        log("oauth_nonces relpersistence: %s (p = logged, u = unlogged)" % results["nonces_persistence"])

    # ---- peers
    peers = {}
    if CONFIG["peers"]:
        for name, args in (("python", ["/usr/bin/python3", os.path.join(BENCH, "peers", "python", "server.py")]),
                           ("node", ["node", os.path.join(BENCH, "peers", "node", "server.js")])):
            port = free_port()
            proc = start("peer-" + name, args + [str(port), creds_h2, body_file])
            wait_http("http://127.0.0.1:%d/rest/V1/store/storeConfigs" % port, proc, 60)
            peers[name] = (port, proc)

    # ---- sanity: every signed target accepts a valid call, refuses its replay and a bad signature
    targets = [(h2.base + "/rest/V1/store/storeConfigs", creds_h2),
               (h2.base + "/rest/V1/products?searchCriteria[pageSize]=20", creds_h2),
               (h2.base + "/rest/V1/store/storeConfigs", seeded_h2)]
    targets += [(n.base + "/rest/V1/store/storeConfigs", creds_pg) for n in pg_nodes.values()]
    targets += [("http://127.0.0.1:%d/rest/V1/store/storeConfigs" % p, creds_h2) for p, _ in peers.values()]
    results["checks"] = []
    for url, creds in targets:
        r = loadgen("check", "--url", url, "--creds", creds)
        results["checks"].append(r.stdout.strip())
        if r.returncode != 0:
            raise RuntimeError("sanity check failed: " + r.stdout + r.stderr)
    log("sanity checks passed (%d targets)" % len(targets))

    # ---- scenarios
    S = []
    storeconfigs = "/rest/V1/store/storeConfigs"
    S.append(Scenario("s1_guest", "S1 guest GET storeConfigs (guest switch on)", [(h2.base, None)], "guest",
                      storeconfigs, h2_group))
    S.append(Scenario("s1_signed", "S1 signed GET storeConfigs (HMAC-SHA256)", [(h2.base, creds_h2)], "signed",
                      storeconfigs, h2_group))
    S.append(Scenario("s2_signed", "S2 signed GET products?searchCriteria[pageSize]=20", [(h2.base, creds_h2)],
                      "signed", "/rest/V1/products?searchCriteria[pageSize]=20", h2_group))
    S.append(Scenario("s3_post", "S3 signed POST products (writes)", [(h2.base, creds_h2)], "post",
                      "/rest/V1/products", h2_group))
    S.append(Scenario("s4_bearer", "S4 Bearer access token GET storeConfigs", [(h2.base, creds_h2)], "bearer",
                      storeconfigs, h2_group))
    S.append(Scenario("s5_signed", "S5 signed GET storeConfigs, %d integrations round robin" % CONFIG["seed"],
                      [(h2.base, seeded_h2)], "signed", storeconfigs, h2_group, creds_spread=True))
    if pg_nodes:
        S.append(Scenario("s6_batched", "S6 PostgreSQL, 2 nodes, batched nonces (signed storeConfigs)",
                          [(pg_nodes["a"].base, creds_pg), (pg_nodes["b"].base, creds_pg)], "signed", storeconfigs,
                          Group("pg-ab", lambda: [pg_nodes["a"].pid(), pg_nodes["b"].pid()] + pg_pids())))
        S.append(Scenario("s6_perreq", "S6 PostgreSQL, 2 nodes, per-request SELECT + INSERT (Magento's way)",
                          [(pg_nodes["c"].base, creds_pg), (pg_nodes["d"].base, creds_pg)], "signed", storeconfigs,
                          Group("pg-cd", lambda: [pg_nodes["c"].pid(), pg_nodes["d"].pid()] + pg_pids())))
        S.append(Scenario("s6_guest", "S6 PostgreSQL, 2 nodes, guest (floor)",
                          [(pg_nodes["a"].base, None), (pg_nodes["b"].base, None)], "guest", storeconfigs,
                          Group("pg-ab", lambda: [pg_nodes["a"].pid(), pg_nodes["b"].pid()] + pg_pids())))
    for name, (port, proc) in peers.items():
        pid = proc.pid
        S.append(Scenario("peer_" + name, {"python": "Peer: python3-oauthlib ResourceEndpoint + waitress",
                                           "node": "Peer: Node http + oauth-1.0a"}[name],
                          [("http://127.0.0.1:%d" % port, creds_h2)], "signed", storeconfigs,
                          Group(name, lambda pid=pid: [pid] + children_of(pid))))
    by_key = {s.key: s for s in S}

    # ---- warm-up: JIT, and S5 touches every seeded integration once (caches filled)
    log("warming up")
    for s in S:
        seconds = max(3, CONFIG["duration"] // 2) if QUICK else max(5, CONFIG["duration"])
        s.run(seconds * (3 if s.key.startswith("s6_") else 1), CONFIG["connections"])  # four cold JVMs there
        s.runs.clear()
    s5 = by_key["s5_signed"]
    done = 0
    while done < CONFIG["seed"]:
        r = s5.run(10, CONFIG["connections"], offset=done)
        done += r["requests"]
        s5.runs.clear()
        log("S5 warm-up: %d of %d integrations touched" % (min(done, CONFIG["seed"]), CONFIG["seed"]))

    # ---- closed loop, interleaved rounds
    for rnd in range(CONFIG["rounds"]):
        log("closed-loop round %d of %d" % (rnd + 1, CONFIG["rounds"]))
        order = S if rnd % 2 == 0 else list(reversed(S))  # alternate the order: drift hits all alike
        for s in order:
            offset = int.from_bytes(os.urandom(3), "big") % CONFIG["seed"] if s.creds_spread else None
            r = s.run(CONFIG["duration"], CONFIG["connections"], pg_counts=s.key.startswith("s6_"), offset=offset)
            log("  %-11s %8.0f req/s  p99 %7.2f ms  cpu %6.1f us/req  core %.2f  load %.1f"
                % (s.key, r["rps"], r["p99_ms"], r["cpu_us_per_req"], r["core_share"], r["load1"]))

    # ---- open model: every scenario at the fixed moderate rate; S1 at half its maximum, interleaved
    s1_max = by_key["s1_signed"].median("rps")
    half = max(100, int(s1_max / 2))
    results["half_rate"] = half
    rate_rounds = CONFIG["rounds"]
    half_runs = {"s1_guest": [], "s1_signed": []}
    results["errors"] = []
    results["half_runs"] = half_runs
    checkpoint(results, S, started_at)
    try:
        rate_phase(results, S, by_key, half, rate_rounds, half_runs)
    except Exception as ex:  # noqa: BLE001 - keep what was measured, say what failed
        results["errors"].append("fixed-rate phase: %r" % ex)
        log("fixed-rate phase failed:", ex)
    refused = [(s.key, r) for s in S for r in s.rate_runs if r["exit"] != 0]
    refused += [(k, r) for k, runs in half_runs.items() for r in runs if r["exit"] != 0]
    checkpoint(results, S, started_at)
    try:
        late_phases(results, h2, pg_nodes, pg_token if pg_nodes else None, by_key)
    except Exception as ex:  # noqa: BLE001
        results["errors"].append("late phases: %r" % ex)
        log("a late phase failed:", ex)
    try:
        jmh_phase(results)
    except Exception as ex:  # noqa: BLE001
        results["errors"].append("JMH: %r" % ex)
        log("JMH failed:", ex)
    results["closed_loop_failures"] = FAILURES
    finish(results, S, started_at, stop_event, refused)
    return 1 if (refused or results["errors"] or FAILURES) else 0


def checkpoint(results, S, started_at):
    """Writes what was measured so far (a crash later loses nothing)."""
    results["scenarios"] = {s.key: {"title": s.title, "runs": s.runs, "rate_runs": s.rate_runs} for s in S}
    results["cores"] = (SERVER_CORE, LOAD_CORE)
    results["load"] = [l for _, l in LOAD_SAMPLES]
    out_dir = os.path.join(BENCH, "results")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, started_at.strftime("%Y-%m-%d-%H%M") + ".json"), "w") as f:
        json.dump(results, f, indent=1, default=str)


def rate_phase(results, S, by_key, half, rate_rounds, half_runs):
    for rnd in range(rate_rounds):
        log("fixed-rate round %d of %d (moderate %d req/s; S1 at %d req/s)" % (rnd + 1, rate_rounds, CONFIG["rate"],
                                                                                 half))
        for key in ("s1_guest", "s1_signed") if rnd % 2 == 0 else ("s1_signed", "s1_guest"):
            s = by_key[key]
            r = rate_run(s.targets[0][0] + s.path, s.mode, s.targets[0][1], half, CONFIG["rate_duration"])
            half_runs[key].append(r)
            log("  %-11s @%d: p50 %.2f p99 %.2f p99.9 %.2f ms (non-2xx %d, errors %d)"
                % (key, half, r["p50_us"] / 1000, r["p99_us"] / 1000, r["p999_us"] / 1000, r["non2xx"], r["errors"]))
        for s in S:
            if len(s.targets) == 1:
                r = rate_run(s.targets[0][0] + s.path, s.mode, s.targets[0][1], CONFIG["rate"], CONFIG["rate_duration"])
            else:  # two nodes: half the rate each, at the same time
                procs = [subprocess.Popen(["taskset", "-c", LOAD_CORE, "java", *LOADGEN_JVM, "-cp", LOADGEN_BUILD, "LoadGen", "rate",
                                           "--url", base + s.path, "--mode", s.mode, "--creds", creds or "/dev/null",
                                           "--rate", str(CONFIG["rate"] / 2), "--duration", str(CONFIG["rate_duration"])],
                                          stdout=subprocess.PIPE, text=True) for base, creds in s.targets]
                parts = []
                for p in procs:
                    out, _ = p.communicate()
                    parts.append(dict(json.loads(re.search(r"RATEJSON (\{.*\})", out).group(1)), exit=p.returncode))
                r = {k: max(x[k] for x in parts) for k in ("p50_us", "p99_us", "p999_us", "max_us", "send_lag_p99_us")}
                r.update({k: sum(x[k] for x in parts) for k in ("ok", "non2xx", "errors", "timeouts", "achieved_rps")})
                r["exit"] = max(x["exit"] for x in parts)
            s.rate_runs.append(r)
            log("  %-11s @%d: p50 %.2f p99 %.2f p99.9 %.2f ms (non-2xx %d, errors %d) %s"
                % (s.key, CONFIG["rate"], r["p50_us"] / 1000, r["p99_us"] / 1000, r["p999_us"] / 1000, r["non2xx"],
                   r["errors"], r.get("statuses", "")))


def late_phases(results, h2, pg_nodes, pg_token, by_key):
    # ---- revocation propagation and the admin grid
    if pg_nodes:
        log("revocation propagation: %d reauthorizations on A, polling B every 10 ms" % CONFIG["revocations"])
        r = loadgen("revoke", "--a", pg_nodes["a"].base, "--b", pg_nodes["b"].base, "--token", pg_token, "--times",
                    str(CONFIG["revocations"]), "--poll-ms", "10")
        m = re.search(r"REVOKEJSON (\{.*\})", r.stdout)
        results["revocation"] = json.loads(m.group(1)) if m else {"error": r.stdout + r.stderr}
    results["grid"] = {}
    for label, node in [("H2", h2)] + ([("PostgreSQL", pg_nodes["a"])] if pg_nodes else []):
        log("admin grid timings on", label)
        r = loadgen("grid", "--url", node.base, "--user", "admin", "--password", ADMIN_PASSWORD, "--repeat",
                    str(CONFIG["grid_repeat"]), "--search", "seed-0012")
        m = re.search(r"GRIDJSON (\{.*\})", r.stdout)
        results["grid"][label] = json.loads(m.group(1)) if m else {"error": r.stdout + r.stderr}

    results["h2_peak_rss_mb"] = status_kb(h2.pid(), "VmHWM") / 1024
    status, body = http("GET", h2.base + "/rest/V1/products?searchCriteria[pageSize]=1", token=h2.admin_token())
    results["products"] = json.loads(body).get("total_count") if status == 200 else "?"

    # ---- profiles of the signed and the guest call (JFR), for the report
    if CONFIG["jfr"]:
        log("JFR profiles of S1 signed and guest")
        results["jfr"] = {}
        for key, node in (("s1_signed", h2), ("s1_guest", h2), ("s6_batched", pg_nodes.get("a"))):
            if node is not None:
                results["jfr"][key] = jfr_profile(node, by_key[key], 20, os.path.join(WORK, key + ".jfr"))



def jmh_phase(results):
    """Stops the servers, then runs JMH on the server core."""
    for proc in list(PROCS):
        stop(proc)
    if PG.get("dir"):
        pg_ctl("stop", "-m", "fast")
        PG["dir"] = None
    if CONFIG["jmh"]:
        log("JMH (pinned to core %s)" % SERVER_CORE)
        jmh_out = os.path.join(WORK, "jmh.json")
        r = subprocess.run(["taskset", "-c", SERVER_CORE, "java", "-cp", classpath(), "org.openjdk.jmh.Main",
                            "dev.keyway.oauth.VerificationBenchmark", "-rf", "json", "-rff", jmh_out]
                           + (["-wi", "1", "-i", "2", "-w", "1", "-r", "1"] if QUICK else []),
                           capture_output=True, text=True)
        with open(os.path.join(WORK, "jmh.log"), "w") as f:
            f.write(r.stdout + r.stderr)
        results["jmh"] = []
        if os.path.exists(jmh_out):
            with open(jmh_out) as f:
                for b in json.load(f):
                    results["jmh"].append({"name": b["benchmark"].split(".")[-1], "params": b.get("params", {}),
                                           "score_ns": b["primaryMetric"]["score"],
                                           "error_ns": b["primaryMetric"]["scoreError"]})
        m = re.search(r"NONCE_FOOTPRINT live=(\d+) bytes=(\d+) bytes_per_nonce=([0-9.]+)", r.stdout)
        if m:
            results["nonce_footprint"] = {"live": int(m.group(1)), "bytes": int(m.group(2)),
                                          "per_nonce": float(m.group(3))}



def finish(results, S, started_at, stop_event, refused):
    stop_event.set()
    results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    results["machine"] = machine()
    checkpoint(results, S, started_at)
    out_dir = os.path.join(BENCH, "results")
    stamp = started_at.strftime("%Y-%m-%d-%H%M")
    report = render(results)
    with open(os.path.join(out_dir, stamp + ".md"), "w") as f:
        f.write(report)
    for name in os.listdir(WORK):
        if name.endswith(".jfr") or name == "jmh.log":
            shutil.copy(os.path.join(WORK, name), os.path.join(out_dir, stamp + "-" + name))
    print(report)
    log("wrote", os.path.join(out_dir, stamp + ".md"))
    if refused:
        log("FAILED: the fixed-rate generator saw refused or failed requests:",
            [(k, r["statuses"] if "statuses" in r else r) for k, r in refused])
    if results["errors"]:
        log("FAILED phases:", results["errors"])


# ------------------------------------------------------------------------------------------ report

def verdict(ok):
    return "met" if ok else "**missed**"


class Loaded:
    """A scenario as stored in the results JSON."""

    def __init__(self, key, data):
        self.key = key
        self.title = data["title"]
        self.runs = data["runs"]
        self.rate_runs = data["rate_runs"]

    def median(self, field):
        return median_of(self.runs, field)


def render(results):
    S = [Loaded(k, v) for k, v in results["scenarios"].items()]
    by_key = {s.key: s for s in S}
    c = results["config"]
    m = results["machine"]
    load = results["load"] or [0]
    L = []
    L.append("# Keyway benchmark, %s%s" % (results["started"], " (QUICK development run)" if results["quick"] else ""))
    L.append("")
    L.append("Machine: %s, %s cores (%s), %s memory; %s; %s." % (m["cpu"], m["cores"], m["virtualization"] or "bare metal",
                                                                  m["memory"], m["jdk"], m["os"]))
    L.append("Tools: %s; Node %s with oauth-1.0a %s; Python %s; PostgreSQL %s." % (m["wrk"], m["node"], m["oauth-1.0a"],
                                                                                 m["python"], m["postgresql"]))
    L.append("Load average (1 min) during the run: min %.2f, median %.2f, max %.2f on %s cores%s." % (
        min(load), statistics.median(load), max(load), m["cores"],
        " — **the machine was busy with other work: absolute figures are depressed and noisy; ratios measured in"
        " the same round hold better**" if statistics.median(load) > 2.5 else ""))
    L.append("Servers pinned to core %s, load generators to core %s. Closed loop: wrk, 1 thread, %d connections, "
             "%d s per slot, %d interleaved rounds (order alternates), medians. Open model: Java fixed-rate generator, "
             "%d s per run, latency from the intended send time." % (SERVER_CORE, LOAD_CORE, c["connections"],
                                                                      c["duration"], c["rounds"], c["rate_duration"]))
    L.append("")
    L.append("## Closed loop (fixed concurrency %d)" % c["connections"])
    L.append("")
    L.append("| scenario | req/s | p50 ms | p99 ms | p99.9 ms | server CPU µs/req | req per server CPU-s "
             "| server core share | loadgen core share | peak RSS MB |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in S:
        if not s.runs:
            continue
        cpu = s.median("cpu_us_per_req")
        L.append("| %s | %.0f | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %.2f | %.0f |" % (
            s.title, s.median("rps"), s.median("p50_ms"), s.median("p99_ms"), s.median("p999_ms"), cpu, 1e6 / cpu,
            s.median("core_share"), s.median("load_core_share"), max(r["rss_mb"] for r in s.runs)))
    L.append("")
    L.append("Every request answered 2xx (the run fails otherwise). \"server\" is the Keyway JVM (S6: both nodes and "
             "all PostgreSQL processes; peers: their process). req per server CPU-s = 10⁶ / CPU µs per request: "
             "the throughput one free core would give, robust to a busy machine.")
    L.append("")
    L.append("## Fixed rate %d req/s (open model)" % c["rate"])
    L.append("")
    L.append("| scenario | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms | generator send lag p99 ms |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in S:
        if s.rate_runs and all(k in s.rate_runs[0] for k in ("achieved_rps", "max_us")):
            L.append("| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
                s.title, median_of(s.rate_runs, "achieved_rps"), median_of(s.rate_runs, "p50_us") / 1000,
                median_of(s.rate_runs, "p99_us") / 1000, median_of(s.rate_runs, "p999_us") / 1000,
                median_of(s.rate_runs, "max_us") / 1000, median_of(s.rate_runs, "send_lag_p99_us") / 1000))
    L.append("")
    half = results["half_rate"]
    hg, hs = results["half_runs"]["s1_guest"], results["half_runs"]["s1_signed"]
    if not (hg and hs):
        hg = hs = [{"p50_us": float("nan"), "p99_us": float("nan"), "p999_us": float("nan"), "max_us": float("nan")}]
    L.append("## S1 at half its maximum rate (%d req/s, open model, %d interleaved pairs)" % (half, len(hs)))
    L.append("")
    L.append("| | p50 ms | p99 ms | p99.9 ms | max ms |")
    L.append("| --- | ---: | ---: | ---: | ---: |")
    for label, runs in (("guest", hg), ("signed", hs)):
        L.append("| %s | %.2f | %.2f | %.2f | %.2f |" % (label, median_of(runs, "p50_us") / 1000,
                                                        median_of(runs, "p99_us") / 1000,
                                                        median_of(runs, "p999_us") / 1000,
                                                        median_of(runs, "max_us") / 1000))
    L.append("")

    # ---- targets
    def ratio_rps(a, b):
        ra = [r["rps"] for r in by_key[a].runs]
        rb = [r["rps"] for r in by_key[b].runs]
        return statistics.median([x / y for x, y in zip(ra, rb)])

    def ratio_cpu(a, b):  # b's CPU per request / a's: throughput ratio per core
        ca = [r["cpu_us_per_req"] for r in by_key[a].runs]
        cb = [r["cpu_us_per_req"] for r in by_key[b].runs]
        return statistics.median([y / x for x, y in zip(ca, cb)])

    T = []
    r1, c1 = ratio_rps("s1_signed", "s1_guest"), ratio_cpu("s1_signed", "s1_guest")
    T.append(("S1 signed/guest throughput ≥ 0.85 (replay protection on)", "%.2f (per CPU: %.2f)" % (r1, c1),
              verdict(r1 >= 0.85)))
    jmh = {(b["name"], b["params"].get("live", "")): b["score_ns"] for b in results.get("jmh", [])}
    if ("verificationPath", "") in jmh:
        T.append(("Verification path (JMH: parse + base string + HMAC + compare) ≤ 2 µs",
                  "%.2f µs (full verify() with caches and nonce: %.2f µs)" % (jmh[("verificationPath", "")] / 1000,
                                                                            jmh.get(("fullVerifier", ""), 0) / 1000),
                  verdict(jmh[("verificationPath", "")] <= 2000)))
    if "peer_python" in by_key:
        r, cr = ratio_rps("s1_signed", "peer_python"), ratio_cpu("s1_signed", "peer_python")
        T.append(("≥ 8× the oauthlib peer (same workload, same run)", "%.2f× (per CPU: %.2f×)" % (r, cr), verdict(r >= 8)))
    if "peer_node" in by_key:
        r, cr = ratio_rps("s1_signed", "peer_node"), ratio_cpu("s1_signed", "peer_node")
        T.append(("≥ 1.5× the Node peer", "%.2f× (per CPU: %.2f×)" % (r, cr), verdict(r >= 1.5)))
    p99s = median_of(hs, "p99_us") / 1000
    T.append(("p99 of S1 at half the maximum rate ≤ 5 ms", "%.2f ms at %d req/s" % (p99s, half), verdict(p99s <= 5)))
    diffs = [s["p99_us"] - g["p99_us"] for s, g in zip(hs, hg)]
    d = statistics.median(diffs) / 1000
    T.append(("p99(signed) − p99(guest) ≤ 1 ms at the same rate", "%.2f ms" % d, verdict(d <= 1)))
    p999 = median_of(hs, "p999_us") / 1000
    T.append(("p99.9 ≤ 20 ms (S1 signed, half rate)", "%.2f ms" % p999, verdict(p999 <= 20)))
    fp = results.get("nonce_footprint")
    if fp:
        T.append(("Nonce store ≤ 32 bytes per live nonce", "%.1f bytes (%d live nonces)" % (fp["per_nonce"], fp["live"]),
                  verdict(fp["per_nonce"] <= 32)))
    if ("nonceClaim", "0") in jmh and ("nonceClaim", "13200000") in jmh:
        e, f = jmh[("nonceClaim", "0")], jmh[("nonceClaim", "13200000")]
        full = jmh.get(("fullVerifier", ""))
        s1cpu = by_key["s1_signed"].median("cpu_us_per_req") * 1000
        ratio = s1cpu / (s1cpu + max(0, f - e))
        T.append(("S1 with the store pre-filled to rate × window ≥ 0.97× of S1 empty",
                  "claim %.0f ns empty vs %.0f ns with 13.2 M live nonces → S1 %.3f×" % (e, f, ratio),
                  verdict(ratio >= 0.97)))
    if "s6_batched" in by_key:
        b = by_key["s6_batched"]
        rt = b.median("nonce_statements_per_req")
        T.append(("S6 replay protection ≤ 1 database round trip per request (batched)",
                  "%.3f nonce statements per request (all statements: %.3f)" % (rt, b.median("statements_per_req")),
                  verdict(rt <= 1)))
        r, cr = ratio_rps("s6_batched", "s6_perreq"), ratio_cpu("s6_batched", "s6_perreq")
        T.append(("S6 batched ≥ 2× Magento-style per-request SELECT + INSERT", "%.2f× (per CPU: %.2f×; per-request "
                  "store: %.2f statements per request)" % (r, cr, by_key["s6_perreq"].median("nonce_statements_per_req")),
                  verdict(r >= 2)))
    rv = results.get("revocation")
    if rv and "p99_ms" in rv:
        T.append(("Revocation seen by the other node p99 ≤ 1 s (%d revocations, 10 ms polls)" % rv["times"],
                  "p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (rv["p50_ms"], rv["p99_ms"], rv["max_ms"]),
                  verdict(rv["p99_ms"] <= 1000)))
    for label, g in results.get("grid", {}).items():
        if "worst_p95_ms" in g:
            T.append(("Admin grid over %d integrations, p95 ≤ 100 ms (%s)" % (c["seed"], label),
                      "worst view p95 %.1f ms" % g["worst_p95_ms"], verdict(g["worst_p95_ms"] <= 100)))
    r5, c5 = ratio_rps("s5_signed", "s1_signed"), ratio_cpu("s5_signed", "s1_signed")
    T.append(("S5 within 5 %% of S1 (%d integrations)" % c["seed"], "%.3f× (per CPU: %.3f×)" % (r5, c5),
              verdict(r5 >= 0.95)))
    st = results["start_seeded"]["first_request_s"]
    T.append(("Start-up to first request ≤ 3 s on H2", "%.1f s with %d integrations, %.1f s of CPU (empty database: "
              "%.1f s; Spring reports %.1f s)" % (st, c["seed"], results["start_seeded"]["cpu_s"],
                                                  results["start_empty"]["first_request_s"],
                                                  results["start_seeded"]["spring_s"] or 0), verdict(st <= 3)))
    rss = max(r["rss_mb"] for r in by_key["s1_signed"].runs)
    T.append(("RSS under S1 ≤ 300 MB", "%.0f MB (peak over the whole run: %.0f MB)" % (rss, results["h2_peak_rss_mb"]),
              verdict(rss <= 300)))
    for e in results.get("errors", []):
        L.append("**A phase failed**: %s" % e)
        L.append("")
    for e in results.get("closed_loop_failures", []):
        L.append("**Refused or failed requests (the run failed)**: %s" % e[:300])
        L.append("")
    L.append("## Targets")
    L.append("")
    L.append("| target | measured | |")
    L.append("| --- | --- | --- |")
    for t in T:
        L.append("| %s | %s | %s |" % t)
    L.append("")
    if results.get("jmh"):
        L.append("## JMH (one fork, pinned to core %s)" % SERVER_CORE)
        L.append("")
        L.append("| benchmark | ns/op | ± |")
        L.append("| --- | ---: | ---: |")
        for b in results["jmh"]:
            name = b["name"] + (" (live=%s)" % b["params"]["live"] if b["params"] else "")
            L.append("| %s | %.0f | %.0f |" % (name, float(b["score_ns"]), float(b["error_ns"])))
        L.append("")
    if results.get("grid"):
        L.append("## Admin grid, p95 ms per view (%d requests each, client-measured on loopback)" % c["grid_repeat"])
        L.append("")
        labels = list(results["grid"])
        views = [k for k in next(iter(results["grid"].values())) if k != "worst_p95_ms" and k != "error"]
        L.append("| view | " + " | ".join(labels) + " |")
        L.append("| --- |" + " ---: |" * len(labels))
        for v in views:
            L.append("| %s | %s |" % (v, " | ".join("%.1f" % results["grid"][l].get(v, float("nan")) for l in labels)))
        L.append("")
    L.append("## Set-up")
    L.append("")
    L.append("- Seeding %d Active integrations with access tokens: H2 %.1f s, PostgreSQL %s s (BenchSeeder, JDBC "
             "batches, Keyway's own crypto)." % (c["seed"], results["seed_h2_s"], results.get("seed_pg_s", "-")))
    L.append("- Start-up to first served request: empty H2 %.1f s, H2 with %d integrations %.1f s." % (
        results["start_empty"]["first_request_s"], c["seed"], results["start_seeded"]["first_request_s"]))
    L.append("- Products in the catalog at the end (S3 adds them): %s" % results.get("products", "?"))
    if results.get("jfr"):
        L.append("")
        L.append("## JFR profiles (Java execution samples every 1 ms; S6: node A only)")
        for key, prof in results["jfr"].items():
            L.append("")
            L.append("### %s (%d samples; %.0f req/s, %.0f µs CPU/req while profiled)" % (
                key, prof["samples"], prof.get("rps", 0), prof.get("cpu_us_per_req", 0)))
            L.append("")
            if prof.get("kinds"):
                L.append("By the innermost frame of a recognised kind: " + "; ".join(
                    "%s %.0f %%" % (name, 100 * count / max(1, prof["samples"])) for name, count in prof["kinds"]))
                L.append("")
            L.append("Top self time:")
            L.append("")
            for name, count in prof["self"][:15]:
                L.append("- %.1f %% %s" % (100 * count / max(1, prof["samples"]), name))
            L.append("")
            L.append("Inclusive, Keyway and security/crypto frames:")
            L.append("")
            shown = 0
            for name, count in prof["total"]:
                if re.search(r"dev\.keyway|javax\.crypto|MessageDigest|Mac\.|security\.web|FilterChainProxy|Caffeine"
                             r"|Jackson|jackson|HikariPool|h2\.", name):
                    L.append("- %.1f %% %s" % (100 * count / max(1, prof["samples"]), name))
                    shown += 1
                    if shown >= 30:
                        break
    L.append("")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--render":  # re-render a stored result
        with open(sys.argv[2]) as f:
            stored = json.load(f)
        SERVER_CORE, LOAD_CORE = stored.get("cores", (SERVER_CORE, LOAD_CORE))
        print(render(stored))
        sys.exit(0)
    code = 1
    try:
        code = main()
    except KeyboardInterrupt:
        log("interrupted")
    finally:
        stop_all()
        if os.environ.get("BENCH_KEEP", "0") != "1" and "WORK" in globals():
            shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(code)
