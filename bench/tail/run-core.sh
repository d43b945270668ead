#!/bin/sh
# Who holds the server core during S1 signed at a fixed rate (issue 14); see core.py. Builds the jar unless
# BENCH_SKIP_BUILD=1. Needs perf (Debian's linux-perf) and root for its scheduler trace.
set -eu
cd "$(dirname "$0")/../.."
. bench/java-home.sh
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -B -DskipTests package
fi
exec /usr/bin/python3 bench/tail/core.py "$@"
