#!/usr/bin/env bash
# What an open chat stream costs in heap, by class: holds chat streams in cumulative steps (the
# harness's capacity client, bench/StreamBench.java hold) against a gateway with a 1 GiB heap and
# writes a class histogram (jcmd GC.class_histogram, after a full GC) at each step, so two steps'
# difference divided by the streams between them is the per-stream cost of each class.
#
#   bench/stream-memory.sh                               # steps 1000,2000
#   STEPS=2000,4000,6000,7000,8000,9000 bench/stream-memory.sh   # up to where the heap runs out
#   DUMP=1 bench/stream-memory.sh                        # plus a heap dump at each step (large)
#   GATEWAY_ARGS="--gateway.http.connection-buffer-bytes=8192" GATEWAY_JVM_ARGS=-Djdk.httpclient.bufsize=16384 \
#     bench/stream-memory.sh                             # the connection buffers as they were (decision 0039)
#
# Writes bench/results/stream-memory-<UTC timestamp>/ (result.env, histo-<step>.txt, hold.txt,
# logs). Stops at the first step with a failed or silent stream. Run it on a quiet machine.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-19400}
SIM_PORT=${SIM_PORT:-19401}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
[ -x "$JAVA17" ] || JAVA17=$(readlink -f "$(command -v java)")
JAVA=$JAVA17; CLIENT_JAVA=$JAVA17
GATEWAY_HEAP=${GATEWAY_HEAP:-1g}
HEARTBEAT_MS=${HEARTBEAT_MS:-5000}
INACTIVITY=20m
STEPS=${STEPS:-1000,2000}
EXTRA_GATEWAY_ARGS=${GATEWAY_ARGS:-}
SECRET="bench-admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
OUT="$ROOT/bench/results/stream-memory-$(date -u +%Y%m%dT%H%M%SZ)"
source "$ROOT/bench/lib.sh"
JAR=$(jar)
mkdir -p "$OUT"
# two sockets per stream in the gateway (the client's and the upstream's)
ulimit -n "$(ulimit -Hn)"
trap stop_all EXIT

start_sim_and_gateway "$OUT" gateway.log
jcmd=$(jdk_tool "$JAVA" jcmd)
gw_sample idle > "$OUT/result.env"
"$jcmd" "$GW_PID" GC.class_histogram > "$OUT/histo-idle.txt"
control=$(mktemp -d)
timeout 1800 "$CLIENT_JAVA" -Xmx2g -cp "$(stream_bench_cp)" StreamBench hold "http://127.0.0.1:$PORT/api/v1/chat" "$TOKEN" \
  '[[sim:stall after=2 seconds=900]] What is the refund policy?' "$HEARTBEAT_MS" "$STEPS" 60 "$control" > "$OUT/hold.txt" 2>&1 &
hold_pid=$!; PIDS+=("$hold_pid")
IFS=, read -ra steps <<< "$STEPS"
for total in "${steps[@]}"; do
  step=""
  for _ in $(seq 900); do
    step=$(grep "^STEP target=$total " "$OUT/hold.txt" || true)
    [ -n "$step" ] && break
    kill -0 "$hold_pid" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$step" ] || { echo "no result for step $total (see $OUT/hold.txt)" >&2; break; }
  echo "$step" >&2
  gw_sample "s$total" >> "$OUT/result.env"
  "$jcmd" "$GW_PID" GC.class_histogram > "$OUT/histo-$total.txt"
  if [ -n "${DUMP:-}" ]; then "$jcmd" "$GW_PID" GC.heap_dump "$OUT/heap-$total.hprof" > /dev/null; fi
  echo "$step" | sed 's/^STEP //' | tr ' ' '\n' | sed "s/^/s${total}_/" >> "$OUT/result.env"
  echo "$step" | grep -q " failed=0 " && echo "$step" | grep -q "open=$total recent_heartbeat=$total " || break
  touch "$control/continue-$total"
done
touch "$control/stop"
grep 'live_heap_mb\|loadavg' "$OUT/result.env" >&2
echo "results: $OUT" >&2
