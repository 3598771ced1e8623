#!/usr/bin/env bash
# Where a gateway request's CPU goes: a JFR profile of one request kind under steady load, summed by
# layer (Spring MVC, Tomcat, Camel, Micrometer, the JDK HttpClient, Nimbus JWT, Jackson, logging...)
# and by thread pool, inclusive: a sample counts for every layer on its stack. Issue #18's method:
# profile before changing, then compare the tables before and after a change.
#
#   bench/profile.sh                         # tool calls (cortex_search), c=4, 40 s warm-up, 30 s profiled
#   KIND=health bench/profile.sh             # GET /api/v1/health; KIND=session: POST /api/v1/session/token
#   KIND=chat CONC=20 bench/profile.sh       # chat streams (50 text events 20 ms apart), StreamBench's client
#   CONC=50 PROFILE_SECONDS=60 bench/profile.sh
#
# Starts the simulator and the gateway as bench/harness.sh does (same flags: rate limits on with
# groups no client can empty, metrics and flags as default), so the profile is of the harness's
# gateway. Writes bench/results/profile-<UTC timestamp>/ (profile.jfr, layers.md, wrk.txt, logs).
# Run it on a quiet machine: the load average is printed beside the numbers.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIND=${KIND:-tool}
CONC=${CONC:-4}
WARM_SECONDS=${WARM_SECONDS:-40}
PROFILE_SECONDS=${PROFILE_SECONDS:-30}
PORT=${PORT:-19400}
SIM_PORT=${SIM_PORT:-19401}
if [ -z "${JAVA17:-}" ]; then
  JAVA17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
  [ -x "$JAVA17" ] || JAVA17=$(readlink -f "$(command -v java)")
fi
JAVA=${GATEWAY_JAVA:-$JAVA17}
GATEWAY_HEAP=${GATEWAY_HEAP:-1g}
INACTIVITY=20m
HEARTBEAT_MS=5000
BIG=1000000000
EXTRA_GATEWAY_ARGS="--gateway.tools.upstream-concurrency.cortex=64"
for group in session-token tools chat; do
  EXTRA_GATEWAY_ARGS+=" --gateway.rate-limits.groups.$group.capacity=$BIG --gateway.rate-limits.groups.$group.refill-tokens=$BIG"
done
EXTRA_GATEWAY_ARGS+=" ${HARNESS_GATEWAY_ARGS:-}"
RATE_LIMITS_ENABLED=true
SECRET="bench-admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
OUT="$ROOT/bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"

source "$ROOT/bench/lib.sh"
trap stop_all EXIT
need_wrk
JAR=$(jar)

case "$KIND" in
  tool) URL="http://127.0.0.1:$PORT/api/v1/tools/cortex_search" ;;
  health) URL="http://127.0.0.1:$PORT/api/v1/health"; KIND=get ;;
  session) URL="http://127.0.0.1:$PORT/api/v1/session/token" ;;
  chat) URL="http://127.0.0.1:$PORT/api/v1/chat" ;;
  *) echo "KIND is tool, health, session or chat" >&2; exit 2 ;;
esac
threads=1; [ "$CONC" -gt 1 ] && threads=2
CLIENT_JAVA=${CLIENT_JAVA:-$JAVA17}
CHAT_QUESTION=${CHAT_QUESTION:-'[[sim:slow delayMs=20]] [[sim:long events=50]] What is the refund policy?'}
load() {
  local kind=$1 secs=$2 out=$3
  if [ "$kind" = chat ]; then
    # StreamBench runs a number of streams, not a time: about CONC streams per 1.4 s (each is 50
    # events 20 ms apart); its LAT_RESULT line gives the count as requests=
    local streams=$(( secs * CONC * 10 / 14 ))
    timeout $((secs * 3 + 60)) "$CLIENT_JAVA" -cp "$(stream_bench_cp)" StreamBench latency gateway "$URL" "$TOKEN" \
      "$CONC" "$streams" 0 60 "$CHAT_QUESTION" /dev/null > "$out" 2>&1 || true
    echo "requests=$streams" >> "$out"
    return
  fi
  timeout $((secs + 30)) wrk -t"$threads" -c"$CONC" -d"${secs}s" --timeout 10s --latency -s "$ROOT/bench/harness.lua" \
    "$URL" -- "$kind" "$TOKEN" "$(cut -c1-19 /proc/sys/kernel/random/uuid)" > "$out" 2>&1 || true
}

echo "== starting the simulator and the gateway ($OUT)" >&2
start_sim_and_gateway "$OUT" gateway.log
echo "== warm-up: $KIND at c=$CONC for ${WARM_SECONDS}s" >&2
load "$KIND" "$WARM_SECONDS" "$OUT/wrk-warmup.txt"
JCMD=$(jdk_tool "$JAVA" jcmd)
JFR=$(jdk_tool "$JAVA" jfr)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== profiling ${PROFILE_SECONDS}s (load $LOAD_START)" >&2
"$JCMD" "$GW_PID" JFR.start name=bench settings="$ROOT/bench/jfr-samples.jfc" filename="$OUT/profile.jfr" >/dev/null
load "$KIND" "$PROFILE_SECONDS" "$OUT/wrk.txt"
"$JCMD" "$GW_PID" JFR.stop name=bench >/dev/null
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
"$JFR" print --events jdk.ExecutionSample --stack-depth 256 "$OUT/profile.jfr" > "$OUT/samples.txt"
REQUESTS=$(grep -o 'requests=[0-9]*' "$OUT/wrk.txt" | head -1 | cut -d= -f2 || echo 0)
python3 "$ROOT/bench/jfr_layers.py" "$OUT/samples.txt" --requests "${REQUESTS:-0}" \
  --title "$KIND c=$CONC, ${PROFILE_SECONDS}s after ${WARM_SECONDS}s warm-up; load $LOAD_START -> $LOAD_END" > "$OUT/layers.md"
rm -f "$OUT/samples.txt"
cat "$OUT/layers.md"
