#!/usr/bin/env bash
# Smoke-tests a running gateway: the route cases marked `smoke: true` (routes-tests/README.md), read
# only, stopping at the first failure with the case's name and the answer's X-Trace-Id (docs/release.md).
#
#   GATEWAY_SMOKE_TOKEN=<token with scope tools> deploy/smoke.sh --base-url https://gateway.example.com
#   GATEWAY_SMOKE_CLIENT_SECRET=<secret> deploy/smoke.sh --base-url URL --client-id release-smoke
#
# Runs target/smoke/cortex-gateway-smoke.jar, which `mvn package` builds (SMOKE_JAR=path for a copy
# elsewhere); the jar alone needs only Java 17: `java -jar cortex-gateway-smoke.jar --base-url URL`.
# Exit 0 passed, 1 a case failed, 2 could not run. The token never goes on a command line.
set -euo pipefail
JAR=${SMOKE_JAR:-$(cd "$(dirname "$0")/.." && pwd)/target/smoke/cortex-gateway-smoke.jar}
[ -f "$JAR" ] || { echo "smoke: no $JAR; build it with: mvn -B -DskipTests package" >&2; exit 2; }
exec java -jar "$JAR" "$@"
