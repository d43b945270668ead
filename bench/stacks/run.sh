#!/bin/sh
# HTTP stack comparison on one core (issue 14.1), one command: builds the bare servers of bench/stacks (embedded
# Tomcat, Jetty 12, Reactor Netty; one jar) and Keyway's jar, then runs bench/stacks/stacks.py: every server pinned
# to core 0 (Serial GC), wrk pinned to core 1 with bench/wrk/oauth.lua, warm-up 8 s per target, 3 interleaved rounds
# of 8 s; writes bench/results/<date>-stacks.md (medians) and .json. About 5 to 6 minutes with the builds, on a quiet
# 2-core machine.
#
#   bench/stacks/run.sh
#   BENCH_SKIP_BUILD=1 bench/stacks/run.sh     reuse both jars
#
# Knobs (environment): STACKS_WARMUP, STACKS_DURATION (s), STACKS_ROUNDS, STACKS_CONNECTIONS, BENCH_SERVER_CORE,
# BENCH_LOAD_CORE, BENCH_KEEP=1 (keep the work directory with the servers' logs), BENCH_JAVA_HOME (below).
set -eu
cd "$(dirname "$0")/../.."

# BENCH_JAVA_HOME: the JDK of the whole run (bench/java-home.sh)
. bench/java-home.sh
started=$(date +%s)

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
[ -e /usr/lib/x86_64-linux-gnu/lua/5.1/_openssl.so ] || [ -n "$(dpkg -L lua-luaossl 2>/dev/null | grep 5.1/_openssl.so)" ] \
	|| missing="$missing lua-luaossl"
command -v taskset >/dev/null 2>&1 || missing="$missing util-linux"
command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jdk-headless"
if [ -n "$missing" ]; then
	echo "installing:$missing"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	echo "building the stacks jar and Keyway's jar"
	./mvnw -q -B -f bench/stacks/pom.xml package dependency:list \
		-DoutputFile="$(pwd)/bench/stacks/target/versions.txt"
	./mvnw -q -B -DskipTests package
fi

code=0
/usr/bin/python3 bench/stacks/stacks.py "$@" || code=$?
echo "bench/stacks/run.sh took $(( $(date +%s) - started )) s (exit $code)"
exit $code
