#!/usr/bin/env bash
# Cache hit latency of POST /api/v1/query: one miss fills the entry, then WARMUP hits, then HITS
# sequential hits measured at the client (request sent -> body read) and at the gateway
# (X-Gateway-Overhead-Ms: arrival -> answer ready; a hit has no upstream wait), plus the access log's
# durationMs of the same requests. See bench/README.md and docs/performance.md.
# Usage: bench/cache.sh            (HITS=2000 WARMUP=20000 by default: 2,000 hits leave the JIT unsettled)
# Bounded in time; the gateway it starts is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-19181}
HITS=${HITS:-2000}
WARMUP=${WARMUP:-20000}
JAVA=${JAVA:-java}
BASE="http://127.0.0.1:${PORT}"
RESULTS="$ROOT/bench/results/cache-$(date -u +%Y%m%dT%H%M%SZ)"

source "$ROOT/bench/lib.sh"
mkdir -p "$RESULTS"
trap 'stop_started; rm -rf "${GW_DATA:-}"' EXIT

# structured (JSON) console logs: the access log lines carry durationMs
start_standalone_gateway "$PORT" "$RESULTS/gateway.log" 'query cache' \
  --gateway.rate-limits.enabled="${RATE_LIMITS_ENABLED:-false}"

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
  echo "# HITS=$HITS WARMUP=$WARMUP RATE_LIMITS_ENABLED=${RATE_LIMITS_ENABLED:-false} loadavg=$(cut -d' ' -f1 /proc/loadavg)"
  "$JAVA" "$ROOT/bench/CacheBench.java" "$BASE" "$TOKEN" "$HITS" "$WARMUP"
  # the access log's durationMs (whole milliseconds) of the measured hits: the last HITS query lines
  grep '"route":"query"' "$RESULTS/gateway.log" | grep -o '"durationMs":"[0-9]*"' | tail -n "$HITS" \
    | grep -o '[0-9]*' | sort -n | awk '{a[NR]=$1} END {printf "access log durationMs (whole ms) over %d hits: p50 %d p99 %d max %d\n", NR, a[int(NR*0.5)], a[int(NR*0.99)], a[NR]}'
  echo "# loadavg after=$(cut -d' ' -f1 /proc/loadavg)"
} | tee "$RESULTS/result.txt"
echo "raw output: $RESULTS"
