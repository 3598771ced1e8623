#!/usr/bin/env bash
# Runs one JMH benchmark class of src/test/java/dev/cortexgateway/bench (in-process, no HTTP).
# Usage: bench/jmh.sh CLASS [extra JMH args, e.g. -wi 2 -i 3 -f 1 for a quick run, -t 2 for two threads]
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=$1; shift
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main "$benchmark" "$@"
