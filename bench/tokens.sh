#!/usr/bin/env bash
# Token issuance and verification cost (JMH, in-process, no HTTP). Prints ops/s per benchmark.
# Usage: bench/tokens.sh [extra JMH args, e.g. -t 2 for two threads]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main TokenBenchmark "$@"
