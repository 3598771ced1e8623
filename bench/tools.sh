#!/usr/bin/env bash
# Tool call latency through the gateway beside the same Cortex calls made directly to the
# simulator, and how fast a job cancel stops a running sql_exec. See bench/README.md.
# Usage: bench/tools.sh            (CALLS=200 CONCURRENCY=4 WARMUP=50 by default)
#        RATE_LIMITS_ENABLED=true bench/tools.sh   (the limit step runs, on a bucket that never empties)
# Bounded in time; the gateway it starts is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-19180}
# the embedded simulator's own listener (127.0.0.1), called directly for the "direct" rows
SIM_PORT=${SIM_PORT:-19182}
CALLS=${CALLS:-200}
CONCURRENCY=${CONCURRENCY:-4}
WARMUP=${WARMUP:-50}
JAVA=${JAVA:-java}
BASE="http://127.0.0.1:${PORT}"
SIM_BASE="http://127.0.0.1:${SIM_PORT}"
RESULTS="$ROOT/bench/results/tools-$(date -u +%Y%m%dT%H%M%SZ)"

source "$ROOT/bench/lib.sh"
mkdir -p "$RESULTS"
trap 'stop_started; rm -rf "${GW_DATA:-}"' EXIT

start_standalone_gateway "$PORT" "$RESULTS/gateway.log" 'admin tools' \
  --logging.structured.format.console= \
  --gateway.rate-limits.enabled="${RATE_LIMITS_ENABLED:-false}" \
  --gateway.rate-limits.groups.tools.capacity=1000000000 \
  --gateway.rate-limits.groups.tools.refill-tokens=1000000000

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
  echo "# CALLS=$CALLS CONCURRENCY=$CONCURRENCY WARMUP=$WARMUP RATE_LIMITS_ENABLED=${RATE_LIMITS_ENABLED:-false} loadavg=$(cut -d' ' -f1 /proc/loadavg)"
  "$JAVA" "$ROOT/bench/ToolBench.java" "$BASE" "$TOKEN" "$CALLS" "$CONCURRENCY" "$WARMUP" "$SIM_BASE"
  echo "# loadavg after=$(cut -d' ' -f1 /proc/loadavg)"
} | tee "$RESULTS/result.txt"
echo "raw output: $RESULTS"
