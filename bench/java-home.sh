# Sourced by bench/run.sh and bench/stacks/run.sh from the repository's root, before anything runs Java.
# BENCH_JAVA_HOME: the JDK of the whole run (the build, Keyway's JVMs, every other JVM it starts); default: the java
# on the PATH. E.g. BENCH_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 (docs/BENCHMARKS.md, "Wave 2, seventh session").
if [ -n "${BENCH_JAVA_HOME:-}" ]; then
	case "$BENCH_JAVA_HOME" in
	/*) ;;
	*) echo "BENCH_JAVA_HOME must be an absolute path; got '$BENCH_JAVA_HOME'" >&2; exit 2 ;;
	esac
	if [ ! -x "$BENCH_JAVA_HOME/bin/java" ] || [ ! -x "$BENCH_JAVA_HOME/bin/javac" ]; then
		echo "BENCH_JAVA_HOME must name a JDK directory with bin/java and bin/javac; got '$BENCH_JAVA_HOME'" >&2
		exit 2
	fi
	JAVA_HOME=$BENCH_JAVA_HOME
	PATH="$BENCH_JAVA_HOME/bin:$PATH"
	export JAVA_HOME PATH
fi
