#!/bin/sh
# The wave-2 benchmark (issues 13-18) in one command: bench/run.sh with BENCH_WAVE2=1 (installs, builds,
# runs bench/wave2.py, writes bench/results/<date>-wave2.md and .json). About 18 minutes on 2 cores after the build.
BENCH_WAVE2=1 exec "$(dirname "$0")/run.sh" "$@"
