#!/usr/bin/env bash
# Tool call latency through the gateway beside the same Cortex calls made directly to the
# simulator, and how fast a job cancel stops a running sql_exec. See bench/README.md.
# Usage: bench/tools.sh            (CALLS=200 CONCURRENCY=4 WARMUP=50 by default)
#        RATE_LIMITS_ENABLED=true bench/tools.sh   (the limit step runs, on a bucket that never empties)
# Bounded in time; the gateway it starts is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-19180}
CALLS=${CALLS:-200}
CONCURRENCY=${CONCURRENCY:-4}
WARMUP=${WARMUP:-50}
JAVA=${JAVA:-java}
BASE="http://127.0.0.1:${PORT}"
RESULTS="$ROOT/bench/results/tools-$(date -u +%Y%m%dT%H%M%SZ)"
SECRET="bench-admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

source "$ROOT/bench/lib.sh"
JAR=$(jar)
mkdir -p "$RESULTS"
DATA=$(mktemp -d)

GATEWAY_PID=""
cleanup() {
  if [ -n "$GATEWAY_PID" ]; then kill "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

if ss -ltn "sport = :$PORT" | grep -q LISTEN; then echo "port $PORT is in use" >&2; exit 1; fi

GATEWAY_DATA_DIR="$DATA" GATEWAY_DEMO_ADMIN_SECRET="$SECRET" "$JAVA" -jar "$JAR" --server.port="$PORT" \
  --logging.structured.format.console= \
  --gateway.jwt.access-token-ttl=3600s \
  --gateway.rate-limits.enabled="${RATE_LIMITS_ENABLED:-false}" \
  --gateway.rate-limits.groups.tools.capacity=1000000000 \
  --gateway.rate-limits.groups.tools.refill-tokens=1000000000 > "$RESULTS/gateway.log" 2>&1 &
GATEWAY_PID=$!
# start-up takes 8-10 s on a quiet machine; allow a busy one three minutes
for _ in $(seq 1 360); do
  curl -sf "$BASE/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { echo "gateway died; see $RESULTS/gateway.log" >&2; exit 1; }
  sleep 0.5
done

curl -sf "$BASE/api/v1/health" >/dev/null || { echo "gateway not healthy after 180 s; see $RESULTS/gateway.log" >&2; exit 1; }
TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/token" -u "demo-admin:$SECRET" -d grant_type=client_credentials \
  --data-urlencode 'scope=admin tools' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
  echo "# CALLS=$CALLS CONCURRENCY=$CONCURRENCY WARMUP=$WARMUP RATE_LIMITS_ENABLED=${RATE_LIMITS_ENABLED:-false} loadavg=$(cut -d' ' -f1 /proc/loadavg)"
  "$JAVA" "$ROOT/bench/ToolBench.java" "$BASE" "$TOKEN" "$CALLS" "$CONCURRENCY" "$WARMUP"
  echo "# loadavg after=$(cut -d' ' -f1 /proc/loadavg)"
} | tee "$RESULTS/result.txt"
echo "raw output: $RESULTS"
