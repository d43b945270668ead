#!/bin/sh
# p99 added at one rate by scheduler slice (issue 15); see slice.py. Builds the jar unless BENCH_SKIP_BUILD=1.
set -eu
cd "$(dirname "$0")/../.."
. bench/java-home.sh
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -B -DskipTests package
fi
exec /usr/bin/python3 bench/tail/slice.py "$@"
