#!/bin/bash
# Start-up and RSS of Keyway variants, measured as CPU seconds (issue 14.3).
#
#   bench/startup.sh [-n ROUNDS] [-l LOAD_SECONDS] [-s] 'label=command ...' ['label=command ...' ...]
#
# Each command is a Java launch without --server.port / --keyway.data-dir (appended here), e.g.
#   'jar=java -jar target/keyway-0.1.0-SNAPSHOT.jar'
#   'fast=target/fast-start/keyway'
# Every variant gets its own H2 data directory, prepared by one unmeasured first start (first admin,
# migrations; with -l also guest access on), so the measured starts are second starts, as after a restart. Then ROUNDS rounds (3)
# run every variant once, in alternating order, pinned to core $CORE (0): a neighbour's burst hits
# every variant alike. Per start it prints the wall seconds to the first answered request (polled
# every 10 ms on /rest/V1/store/storeConfigs), the CPU seconds of the process until then (utime +
# stime from /proc/<pid>/stat: on a shared machine the figure to trust; on one free core wall ≈ CPU)
# and its RSS, the host loop read right before it (host_s), and, last on the line, the CPU seconds of the
# JIT compiler threads until the first answer (jit_cpu_s, part of cpu_s); with -l it then sends guest load with
# wrk (bench/wrk/oauth.lua) from the next core for LOAD_SECONDS and prints the RSS after it and the requests per second served. With -s the load is
# S1 instead: signed GETs (KW_MODE=signed) with the credentials of an integration with all resources,
# created and activated through the management API at the first start.
# Last, the median CPU seconds (and RSS) per variant, and the load averages at the start and the end
# (on a shared machine, the figures are comparable only within one run).
set -u
ROUNDS=3; LOAD=0; MODE=guest
while getopts "n:l:s" opt; do
	case $opt in
		n) ROUNDS=$OPTARG ;;
		l) LOAD=$OPTARG ;;
		s) MODE=signed ;;
		*) echo "usage: $0 [-n rounds] [-l load_seconds] [-s] 'label=command' ..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-n rounds] [-l load_seconds] [-s] 'label=command' ..." >&2; exit 2; }
CORE=${CORE:-0}
TIMEOUT=${TIMEOUT:-180}
TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d)
RESULTS=$WORK/results
PID=

cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# Guest access on, so that the load is served (200) rather than refused: with the first admin's
# password that the first start printed to its log (a throwaway data directory), through the
# management API; the setting lives in the database, so it holds for the later starts.
admin_token() { # <port> <dir>
	local password
	password=$(sed -n 's/.*generated password: //p' "$2/log" | head -1)
	curl -s -X POST "http://127.0.0.1:$1/rest/V1/integration/admin/token" -H 'Content-Type: application/json' \
		-d "{\"username\":\"admin\",\"password\":\"$password\"}" | tr -d '"'
}
enable_guest_access() { # <port> <dir>
	curl -s -f -o /dev/null -X PUT "http://127.0.0.1:$1/rest/V1/settings" -H "Authorization: Bearer $(admin_token "$1" "$2")" \
		-H 'Content-Type: application/json' -d '{"settings":{"webapi/webapisecurity/allow_insecure":"1"}}' \
		|| echo "could not turn guest access on: the load is refused (401)" >&2
}
# S1's caller: an integration with all resources, activated; its four credentials to <dir>/creds
write_signed_credentials() { # <port> <dir>
	local base="http://127.0.0.1:$1/rest/V1/integrations" token id
	token=$(admin_token "$1" "$2")
	id=$(curl -s -X POST "$base" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d '{"name":"startup-s1","email":"s1@example.com","all_resources":true}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
	curl -s -X POST "$base/$id/activate" -H "Authorization: Bearer $token" | python3 -c 'import json, sys
j = json.load(sys.stdin); print(j["consumer_key"], j["consumer_secret"], j["access_token"], j["access_token_secret"])' >"$2/creds" \
		|| echo "could not activate an integration: the signed load is refused (401)" >&2
}

# The harness's host loop (bench/bench.py host_speed) on the server core: seconds, lower is faster. The same
# launcher's start follows it (docs/BENCHMARKS.md, eighteenth session), where no load average sees it.
host_s() {
	taskset -c "$CORE" /usr/bin/python3 -c 'import time
t = time.perf_counter()
x = 0
for i in range(3000000): x += i * i
print("%.2f" % (time.perf_counter() - t))'
}

# thread_cpu <pid> <regex>: CPU seconds of the process's threads whose name matches (the JIT compilers'
# share of a start: on one core they compete with the start itself)
thread_cpu() {
	local sum=0 t ticks
	for t in /proc/$1/task/*; do
		grep -qE "$2" "$t/comm" 2>/dev/null || continue
		# a thread that ends between the two reads (the JVM removes idle compiler threads when it has
		# more than one per compiler) counts 0 rather than emptying the column
		ticks=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')
		sum=$((sum + ${ticks:-0}))
	done
	printf '%.2f' "$(bc -l <<<"$sum / $TCK")"
}

# start <label> <command> [first]: prints "wall cpu rss_mb host_s [rss_after_load_mb req_per_s] jit_cpu_s", or FAILED
start() {
	local label=$1 command=$2 port=$((20000 + RANDOM % 10000)) dir=$WORK/$1 host=
	mkdir -p "$dir"
	[ "${3:-}" = first ] || host=$(host_s)
	local t0; t0=$(date +%s.%N)
	# shellcheck disable=SC2086 # the command is split into words on purpose
	taskset -c "$CORE" $command --server.port=$port --keyway.data-dir=$dir >>"$dir/log" 2>&1 &
	PID=$!
	local deadline=$(( $(date +%s) + TIMEOUT ))
	until curl -s -o /dev/null "http://127.0.0.1:$port/rest/V1/store/storeConfigs"; do
		if ! kill -0 $PID 2>/dev/null || [ "$(date +%s)" -ge $deadline ]; then
			echo "FAILED (see the log below)"; tail -20 "$dir/log" >&2
			kill $PID 2>/dev/null; wait $PID 2>/dev/null; PID=; return 1
		fi
		sleep 0.01
	done
	local t1; t1=$(date +%s.%N)
	local ut st; read -r ut st < <(cut -d' ' -f14,15 /proc/$PID/stat)
	local rss; rss=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$PID/status)
	local jit; jit=$(thread_cpu $PID '^C[12] CompilerThre')
	if [ "${3:-}" = first ]; then
		if [ "$LOAD" -gt 0 ]; then
			if [ "$MODE" = signed ]; then write_signed_credentials "$port" "$dir"; else enable_guest_access "$port" "$dir"; fi
		fi
		echo "ready"; kill $PID; wait $PID 2>/dev/null; PID=; return 0
	fi
	local line; line="$(printf '%.2f %.2f %d %s' "$(bc <<<"$t1 - $t0")" "$(bc -l <<<"($ut + $st) / $TCK")" "$rss" "$host")"
	if [ "$LOAD" -gt 0 ]; then
		# guest or signed (S1) load from the other core
		local rate; rate=$(KW_MODE=$MODE KW_CREDS=$dir/creds taskset -c $(( (CORE + 1) % $(nproc) )) wrk -t2 -c16 -d"${LOAD}s" \
			-s "$(dirname "$0")/wrk/oauth.lua" "http://127.0.0.1:$port" 2>&1 | awk '/^Requests\/sec/ {print int($2)}')
		line="$line $(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$PID/status) ${rate:-0}"
	fi
	echo "$line $jit"
	kill $PID; wait $PID 2>/dev/null; PID=
}

declare -a LABELS COMMANDS
for spec in "$@"; do
	LABELS+=("${spec%%=*}"); COMMANDS+=("${spec#*=}")
done

echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# preparing data directories (first starts, not measured)"
for i in "${!LABELS[@]}"; do
	echo "${LABELS[$i]} first start: $(start "${LABELS[$i]}" "${COMMANDS[$i]}" first)"
done
echo "# label round wall_s cpu_s rss_mb host_s$([ "$LOAD" -gt 0 ] && echo " rss_after_${LOAD}s_load_mb req_per_s") jit_cpu_s"
for round in $(seq 1 "$ROUNDS"); do
	order=("${!LABELS[@]}")
	(( round % 2 == 0 )) && order=($(printf '%s\n' "${order[@]}" | tac))
	for i in "${order[@]}"; do
		r=$(start "${LABELS[$i]}" "${COMMANDS[$i]}") || r="FAILED"
		echo "${LABELS[$i]} $round $r" | tee -a "$RESULTS"
	done
done
echo "# medians per variant"
for label in "${LABELS[@]}"; do
	awk -v l="$label" 'BEGIN {n = 0} $1 == l && $3 != "FAILED" {c[n] = $4; r[n] = $5; h[n] = $6; j[n] = $NF; if (NF > 7) { a[n] = $7; q[n] = $8 }; n++}
		function med(x,   i, j, t) { for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
			return x[int((n - 1) / 2)] }
		END { if (n) printf "%s cpu=%.2f rss=%d host_s=%.2f jit_cpu=%.2f%s\n", l, med(c), med(r), med(h), med(j), (a[0] != "" ? " rss_after_load=" med(a) " req_per_s=" med(q) : "") }' "$RESULTS"
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
