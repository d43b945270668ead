#!/bin/sh
# Forwarding cost against a signed call, listener and Tomcat (issue 15); see forward.py.
# Builds the jar unless BENCH_SKIP_BUILD=1; needs wrk, lua-luaossl and nginx (bench/run.sh installs them).
set -eu
cd "$(dirname "$0")/../.."
. bench/java-home.sh
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -B -DskipTests package
fi
exec /usr/bin/python3 bench/forward/forward.py "$@"
