#!/usr/bin/env bash
# Cost of the rate-limit step on a warm bucket (JMH, in-process, no HTTP). Prints ns/op per benchmark.
# Usage: bench/limits.sh [extra JMH args, e.g. -wi 2 -i 3 -f 1 for a quick run, -t 2 for two threads]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main LimiterBenchmark "$@"
