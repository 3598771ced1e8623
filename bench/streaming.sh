#!/usr/bin/env bash
# Chat streaming: latency through the gateway vs directly against the Cortex simulator, and how many
# open chat streams (with heartbeats) one gateway holds. See bench/README.md.
# Usage: bench/streaming.sh [config ...]   (default: j17 j25-virtual)
#   j17          Java 17 gateway, request pool from application.yaml (64 platform threads)
#   j25-virtual  Temurin 25 gateway, spring.threads.virtual.enabled=true takes effect
# The simulator (a second gateway jar on SIM_PORT) always runs on Java 17 with -Xmx2g.
# Everything is bounded in time and stops by itself; every process it starts is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-19300}
SIM_PORT=${SIM_PORT:-19301}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
CLIENT_JAVA=${CLIENT_JAVA:-$JAVA17}
GATEWAY_HEAP=${GATEWAY_HEAP:-1g}
HEARTBEAT_MS=${HEARTBEAT_MS:-5000}
SEQ_STREAMS=${SEQ_STREAMS:-30}          # concurrency 1
CONC=${CONC:-20}
CONC_STREAMS=${CONC_STREAMS:-100}       # at concurrency $CONC
WARMUP=${WARMUP:-10}
LAT_QUESTION=${LAT_QUESTION:-'[[sim:slow delayMs=20]] [[sim:long events=50]] What is the refund policy?'}
HOLD_QUESTION=${HOLD_QUESTION:-'[[sim:stall after=2 seconds=600]] What is the refund policy?'}
STEPS=${STEPS:-1000,2000,3000,4000,5000,6000,7000,8000,9000,10000}
STEP_TIMEOUT_S=${STEP_TIMEOUT_S:-60}
# the stall is silent upstream: the gateway's inactivity timeout (120 s) would end the held runs
INACTIVITY=${INACTIVITY:-20m}
EXTRA_GATEWAY_ARGS=${EXTRA_GATEWAY_ARGS:-}
FD_LIMIT=${FD_LIMIT:-200000}
RESULTS="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
CONFIGS=("$@")
[ ${#CONFIGS[@]} -gt 0 ] || CONFIGS=(j17 j25-virtual)
SECRET=bench-secret

# file descriptors: 2 sockets per held stream in the gateway; ask for FD_LIMIT, else take the hard limit
ulimit -n "$FD_LIMIT" 2>/dev/null || ulimit -n "$(ulimit -Hn)"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  PIDS=()
}
trap cleanup EXIT

# jar(): see lib.sh
source "$ROOT/bench/lib.sh"

wait_healthy() {  # port pid log
  for _ in $(seq 1200); do
    curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:$1/api/v1/health?detailed=false" && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "process on port $1 did not become healthy, see $3" >&2; exit 1
}

start_sim() {  # out dir
  SIM_DATA=$(mktemp -d)
  GATEWAY_DATA_DIR="$SIM_DATA" "$JAVA17" -Xmx2g -jar "$JAR" --server.port="$SIM_PORT" \
    --server.tomcat.max-connections=30000 > "$1/simulator.log" 2>&1 &
  SIM_PID=$!; PIDS+=("$SIM_PID")
  wait_healthy "$SIM_PORT" "$SIM_PID" "$1/simulator.log"
}

start_gateway() {  # out dir, log name
  GW_DATA=$(mktemp -d)
  # shellcheck disable=SC2086
  GATEWAY_DATA_DIR="$GW_DATA" GATEWAY_DEMO_ADMIN_SECRET=$SECRET GATEWAY_CORTEX_BASE_URL="http://127.0.0.1:$SIM_PORT" \
    "$JAVA" -Xmx"$GATEWAY_HEAP" -jar "$JAR" --server.port="$PORT" \
      --gateway.sse.heartbeat-interval="${HEARTBEAT_MS}ms" --gateway.cortex.inactivity-timeout="$INACTIVITY" \
      --gateway.rate-limits.enabled="${RATE_LIMITS_ENABLED:-false}" \
      $EXTRA_GATEWAY_ARGS > "$1/$2" 2>&1 &
  GW_PID=$!; PIDS+=("$GW_PID")
  wait_healthy "$PORT" "$GW_PID" "$1/$2"
  TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-admin\",\"client_secret\":\"$SECRET\"}" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  [ -n "$TOKEN" ] || { echo "no token" >&2; exit 1; }
}

stop_all() { cleanup; rm -rf "${SIM_DATA:-}" "${GW_DATA:-}"; }

# key=value lines from a LAT_RESULT line, prefixed
lat() {  # prefix target url token concurrency streams
  local line
  line=$(timeout 600 "$CLIENT_JAVA" "$ROOT/bench/StreamBench.java" latency "$2" "$3" "$4" "$5" "$6" "$WARMUP" 60 \
    "$LAT_QUESTION" "$OUT/raw-$1.txt" | grep '^LAT_RESULT' || echo "LAT_RESULT failed=client")
  echo "$line" | sed 's/^LAT_RESULT //' | tr ' ' '\n' | sed "s/^/$1_/"
}

gw_sample() {  # prefix: heap after full GC, RSS, threads, fds
  local jcmd heap max
  jcmd="$(dirname "$JAVA")/jcmd"
  "$jcmd" "$GW_PID" GC.run >/dev/null 2>&1 || true
  heap=$("$jcmd" "$GW_PID" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*' || echo 0)
  echo "$1_live_heap_mb=$(( ${heap:-0} / 1024 ))"
  echo "$1_rss_mb=$(( $(ps -o rss= -p "$GW_PID" 2>/dev/null || echo 0) / 1024 ))"
  echo "$1_threads=$(awk '/^Threads:/{print $2}' "/proc/$GW_PID/status" 2>/dev/null || echo 0)"
  echo "$1_fds=$(ls "/proc/$GW_PID/fd" 2>/dev/null | wc -l)"
  echo "$1_sim_fds=$(ls "/proc/$SIM_PID/fd" 2>/dev/null | wc -l)"
  echo "$1_loadavg=$(cut -d' ' -f1 /proc/loadavg)"
}

run_config() {
  local config=$1
  OUT="$RESULTS/$config"; mkdir -p "$OUT"
  case "$config" in
    j17) JAVA=$JAVA17 ;;
    j25-virtual) JAVA=$JAVA25 ;;
    *) echo "unknown config $config" >&2; exit 2 ;;
  esac
  local result="$OUT/result.env"
  { echo "java=\"$("$JAVA" -version 2>&1 | sed -n 2p)\""; echo "fd_limit=$(ulimit -n)"; } > "$result"

  echo "== $config latency: direct vs gateway" >&2
  start_sim "$OUT"; start_gateway "$OUT" gateway-latency.log
  local direct="http://127.0.0.1:$SIM_PORT/api/v2/cortex/agent:run" chat="http://127.0.0.1:$PORT/api/v1/chat"
  { lat direct_c1 direct "$direct" sim 1 "$SEQ_STREAMS"
    lat gateway_c1 gateway "$chat" "$TOKEN" 1 "$SEQ_STREAMS"
    lat direct_c$CONC direct "$direct" sim "$CONC" "$CONC_STREAMS"
    lat gateway_c$CONC gateway "$chat" "$TOKEN" "$CONC" "$CONC_STREAMS"; } >> "$result"
  stop_all

  echo "== $config capacity: steps $STEPS, heap $GATEWAY_HEAP, heartbeat ${HEARTBEAT_MS} ms" >&2
  start_sim "$OUT"; start_gateway "$OUT" gateway-capacity.log
  gw_sample idle >> "$result"
  local control; control=$(mktemp -d)
  timeout 3600 "$CLIENT_JAVA" -Xmx2g "$ROOT/bench/StreamBench.java" hold "$chat" "$TOKEN" "$HOLD_QUESTION" \
    "$HEARTBEAT_MS" "$STEPS" "$STEP_TIMEOUT_S" "$control" > "$OUT/hold.txt" 2>&1 &
  local hold_pid=$!; PIDS+=("$hold_pid")
  local step total largest=0 stop_reason="all steps held"
  IFS=, read -ra step_list <<< "$STEPS"
  for total in "${step_list[@]}"; do
    step=""
    for _ in $(seq $(( (STEP_TIMEOUT_S + 60) * 5 ))); do
      step=$(grep "^STEP target=$total " "$OUT/hold.txt" || true)
      [ -n "$step" ] && break
      kill -0 "$hold_pid" 2>/dev/null || break
      sleep 0.2
    done
    [ -n "$step" ] || { stop_reason="client gave no result for $total"; break; }
    echo "   $step" >&2
    local sample; sample=$(gw_sample "s$total")
    echo "$sample" >> "$result"
    echo "$step" | sed 's/^STEP //' | tr ' ' '\n' | sed "s/^/s${total}_/" >> "$result"
    "$(dirname "$JAVA")/jcmd" "$GW_PID" Thread.print > "$OUT/threads-$total.txt" 2>/dev/null || true
    local open recent failed heap
    open=$(echo "$step" | grep -o ' open=[0-9]*' | grep -o '[0-9]*')
    recent=$(echo "$step" | grep -o 'recent_heartbeat=[0-9]*' | grep -o '[0-9]*')
    failed=$(echo "$step" | grep -o 'failed=[0-9]*' | grep -o '[0-9]*')
    heap=$(echo "$sample" | grep live_heap_mb | cut -d= -f2)
    if [ "$open" = "$total" ] && [ "$recent" = "$total" ] && [ "$failed" = 0 ]; then largest=$total; fi
    if ! kill -0 "$GW_PID" 2>/dev/null; then stop_reason="gateway exited at $total"; touch "$control/stop"; break; fi
    if grep -q 'OutOfMemoryError' "$OUT/gateway-capacity.log"; then stop_reason="OutOfMemoryError at $total"; touch "$control/stop"; break; fi
    if [ "$open" != "$total" ] || [ "$recent" != "$total" ] || [ "$failed" != 0 ]; then
      stop_reason="step $total: open=$open recent_heartbeat=$recent failed=$failed"; touch "$control/stop"; break
    fi
    if [ "${heap:-0}" -ge $(( $(echo "$GATEWAY_HEAP" | tr -d g) * 1024 * 95 / 100 )) ]; then
      stop_reason="live heap ${heap} MB at $total (>= 95 % of $GATEWAY_HEAP)"; touch "$control/stop"; break
    fi
    touch "$control/continue-$total"
  done
  touch "$control/stop"
  for _ in $(seq 300); do kill -0 "$hold_pid" 2>/dev/null || break; sleep 0.2; done
  { echo "capacity_largest_full_step=$largest"; echo "capacity_stop=\"$stop_reason\""; } >> "$result"
  # what the gateway logged while holding: WARN/ERROR messages by count
  grep '"level":"\(WARN\|ERROR\)"' "$OUT/gateway-capacity.log" | grep -o '"message":"[^"]\{0,160\}' | sort | uniq -c \
    > "$OUT/warn-error-messages.txt" || true
  stop_all; rm -rf "$control"
  echo "   -> largest step fully held: $largest ($stop_reason)" >&2
}

summary() {
  local file="$RESULTS/summary.md"
  {
    echo "machine: $(nproc) vCPU, $(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo) MB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
    for config in "${CONFIGS[@]}"; do
      [ -f "$RESULTS/$config/result.env" ] || continue
      echo; echo "## $config: $(grep '^java=' "$RESULTS/$config/result.env" | cut -d= -f2-)"; echo
      echo "| figure (ms) | direct c1 | gateway c1 | ratio | added | direct c$CONC | gateway c$CONC | ratio | added |"
      echo "|---|---|---|---|---|---|---|---|---|"
      ( set +u; . "$RESULTS/$config/result.env"
        for f in ttfe_any_p50_ms ttfe_any_p99_ms ttft_p50_ms ttft_p99_ms gap_p50_ms gap_p99_ms total_p50_ms total_p99_ms; do
          d1=$(eval echo "\${direct_c1_$f:-}"); g1=$(eval echo "\${gateway_c1_$f:-}")
          dc=$(eval echo "\${direct_c${CONC}_$f:-}"); gc=$(eval echo "\${gateway_c${CONC}_$f:-}")
          awk -v f="$f" -v d1="$d1" -v g1="$g1" -v dc="$dc" -v gc="$gc" 'BEGIN {
            r1 = (d1 > 0) ? sprintf("%.2f", g1 / d1) : "-"; rc = (dc > 0) ? sprintf("%.2f", gc / dc) : "-";
            printf "| %s | %s | %s | %s | %+.1f | %s | %s | %s | %+.1f |\n", f, d1, g1, r1, g1 - d1, dc, gc, rc, gc - dc }'
        done
        echo; echo "streams ok/failed: direct c1 $direct_c1_ok/$direct_c1_failed, gateway c1 $gateway_c1_ok/$gateway_c1_failed, direct c$CONC $(eval echo "\$direct_c${CONC}_ok/\$direct_c${CONC}_failed"), gateway c$CONC $(eval echo "\$gateway_c${CONC}_ok/\$gateway_c${CONC}_failed")"
        echo; echo "| step | open | heartbeat in last 2 intervals | failed | live heap MB | RSS MB | threads | gateway fds | load |"
        echo "|---|---|---|---|---|---|---|---|---|"
        echo "| idle | 0 | - | - | $idle_live_heap_mb | $idle_rss_mb | $idle_threads | $idle_fds | $idle_loadavg |"
        IFS=, read -ra step_list <<< "$STEPS"
        for t in "${step_list[@]}"; do
          [ -n "$(eval echo "\${s${t}_open:-}")" ] || continue
          eval echo "\"| $t | \$s${t}_open | \$s${t}_recent_heartbeat | \$s${t}_failed (\$s${t}_reasons) | \$s${t}_live_heap_mb | \$s${t}_rss_mb | \$s${t}_threads | \$s${t}_fds | \$s${t}_loadavg |\""
        done
        echo; echo "largest step fully held: $capacity_largest_full_step; stopped: $capacity_stop; fd limit $fd_limit" )
    done
  } > "$file"
  cat "$file"
}

for bin in curl "$JAVA17" "$CLIENT_JAVA"; do command -v "$bin" >/dev/null || { echo "missing: $bin" >&2; exit 1; }; done
for p in "$PORT" "$SIM_PORT"; do
  if ss -ltn "sport = :$p" | grep -q LISTEN; then echo "port $p is in use" >&2; exit 1; fi
done
JAR=$(jar)
mkdir -p "$RESULTS"
{ echo "nproc=$(nproc)"; echo "mem_total_mb=$(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo)";
  echo "cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\"";
  echo "fd_limit=$(ulimit -n)"; echo "ephemeral_ports=\"$(cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' ' ')\"";
  echo "somaxconn=$(cat /proc/sys/net/core/somaxconn)"; } > "$RESULTS/machine.env"
for config in "${CONFIGS[@]}"; do run_config "$config"; done
summary
