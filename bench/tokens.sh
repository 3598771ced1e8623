#!/usr/bin/env bash
# Token issuance and verification cost (JMH, in-process, no HTTP). Prints the score per benchmark.
# Usage: bench/tokens.sh [extra JMH args, e.g. -wi 2 -i 3 -f 1 for a quick run, -t 2 for two threads]
exec "$(dirname "$0")/jmh.sh" TokenBenchmark "$@"
