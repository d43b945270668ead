#!/bin/sh
# Keyway benchmarks, one command (issue 7): installs what is missing (Debian: wrk, lua-luaossl,
# python3-oauthlib, python3-waitress, postgresql; with BENCH_WAVE2=1 also nginx, curl, php-cli; npm: the
# Node peer's lockfile), builds the jar, the test classes (JMH, seeder) and their class path, then runs
# bench/bench.py, which starts every server, loads every scenario in interleaved rounds and writes bench/results/<date>.md (printed too).
#
#   bench/run.sh                 full run (about 27 minutes on 2 cores)
#   BENCH_QUICK=1 bench/run.sh   short development run (a few minutes, 2,000 integrations, no JMH/JFR)
#   BENCH_WAVE2=1 bench/run.sh   the wave-2 figures (issues 13-18, about 18 minutes + build): bench/wave2.py
#
# Other knobs (environment): BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_RATE,
# BENCH_RATE_DURATION, BENCH_SEED, BENCH_JMH, BENCH_JFR, BENCH_PG, BENCH_PEERS, BENCH_REVOCATIONS,
# BENCH_SERVER_CORE, BENCH_LOAD_CORE, BENCH_SKIP_BUILD=1 (reuse target/ and the fast-start launchers),
# BENCH_JAVA_HOME (below); with BENCH_WAVE2=1 also BENCH_FAST_STARTS (rounds over the fast-start launchers, 0: skip
# them and their build), BENCH_FAST_START_DIR (where they are built), BENCH_FRESH_WARMUP (0: no fresh-node tail).
set -eu
cd "$(dirname "$0")/.."

# BENCH_JAVA_HOME: the JDK of the whole run (bench/java-home.sh)
. bench/java-home.sh

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
[ -e /usr/lib/x86_64-linux-gnu/lua/5.1/_openssl.so ] || [ -n "$(dpkg -L lua-luaossl 2>/dev/null | grep 5.1/_openssl.so)" ] \
	|| missing="$missing lua-luaossl"
/usr/bin/python3 -c 'import oauthlib' >/dev/null 2>&1 || missing="$missing python3-oauthlib"
/usr/bin/python3 -c 'import waitress' >/dev/null 2>&1 || missing="$missing python3-waitress"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql postgresql-contrib"
command -v node >/dev/null 2>&1 || missing="$missing nodejs npm"
command -v taskset >/dev/null 2>&1 || missing="$missing util-linux"
if [ "${BENCH_WAVE2:-0}" = 1 ]; then
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$missing nginx"
	command -v curl >/dev/null 2>&1 || missing="$missing curl"
	# bench/import-10k.sh (issue 18's figure) writes Magento's encrypted secrets with PHP's sodium functions
	command -v php >/dev/null 2>&1 || missing="$missing php-cli"
fi
command -v javac >/dev/null 2>&1 || missing="$missing openjdk-17-jdk-headless"
command -v mvn >/dev/null 2>&1 || [ -x "$HOME/.m2/wrapper/keyway/apache-maven-$(cat .mvn/maven.version)/bin/mvn" ] \
	|| missing="$missing maven"
if [ -n "$missing" ]; then
	echo "installing:$missing"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi

# the Node peer's dependencies, exactly as locked
if [ ! -d bench/peers/node/node_modules/oauth-1.0a ]; then
	(cd bench/peers/node && npm ci --no-audit --no-fund)
fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	echo "building the jar, the test classes and the class path"
	# clean first: a resource removed from src/ (a migration, say) stays in target/classes otherwise
	./mvnw -q -B clean
	if [ "${BENCH_WAVE2:-0}" = 1 ] && [ "${BENCH_FAST_STARTS:-6}" != 0 ]; then
		# the fast-start launchers whose start bench/wave2.py measures (issue 14.3): an API node and the README's
		# artifact, each packaged with Spring AOT and trained; outside target/, which the next line cleans
		fast=${BENCH_FAST_START_DIR:-${TMPDIR:-/tmp}/keyway-bench-fast-start}
		KEYWAY_FAST_START_DIR=$fast/api tools/build-fast-start -Dkeyway.admin.enabled=false \
			-Dspringdoc.api-docs.enabled=false -Dspringdoc.swagger-ui.enabled=false
		KEYWAY_FAST_START_DIR=$fast/default tools/build-fast-start
		./mvnw -q -B clean
	fi
	./mvnw -q -B -DskipTests package
	./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
		-Dmdep.includeScope=test
fi

if [ "${BENCH_WAVE2:-0}" = 1 ]; then
	exec /usr/bin/python3 bench/wave2.py "$@"
fi
exec /usr/bin/python3 bench/bench.py "$@"
