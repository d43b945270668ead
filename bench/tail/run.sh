#!/bin/sh
# p99 at a fixed rate by JVM flag set (issue 14); see tail.py. Builds the jar unless BENCH_SKIP_BUILD=1.
set -eu
cd "$(dirname "$0")/../.."
. bench/java-home.sh
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -B -DskipTests package
fi
exec /usr/bin/python3 bench/tail/tail.py "$@"
