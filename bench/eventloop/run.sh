#!/bin/sh
# Keyway's Web API on Tomcat's port and on its event-loop listener, in JVMs of the product's jar (issue 14.1):
# builds Keyway's jar, then runs bench/eventloop/eventloop.py. Every JVM
# pinned to core 0 with the README's flags, wrk pinned to core 1 with bench/wrk/oauth.lua. Writes
# bench/results/<date>-eventloop.md and .json. About 25 minutes with the default knobs on a quiet 2-core machine.
#
#   bench/eventloop/run.sh
#   BENCH_SKIP_BUILD=1 bench/eventloop/run.sh     reuse target/keyway-*.jar
#
# Knobs (environment): EVENTLOOP_JVMS (3 per server), EVENTLOOP_ROUNDS (3), EVENTLOOP_WARMUP (6 s a pass), EVENTLOOP_DURATION (8 s),
# EVENTLOOP_CONNECTIONS (16), BENCH_SERVER_CORE, BENCH_LOAD_CORE, BENCH_JAVA_HOME (bench/java-home.sh).
# wrk and lua-luaossl must be installed (bench/run.sh or bench/stacks/run.sh install them).
set -eu
cd "$(dirname "$0")/../.."
. bench/java-home.sh
started=$(date +%s)
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	echo "building Keyway's jar"
	./mvnw -q -B -DskipTests package
fi
code=0
/usr/bin/python3 bench/eventloop/eventloop.py "$@" || code=$?
echo "bench/eventloop/run.sh took $(( $(date +%s) - started )) s (exit $code)"
exit $code
