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

# processes, start_sim/start_gateway, stream_latency, stream_capacity, gw_sample: see lib.sh
source "$ROOT/bench/lib.sh"
trap stop_started EXIT

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
  { stream_latency direct_c1 direct "$direct" local-simulator-token 1 "$SEQ_STREAMS"
    stream_latency gateway_c1 gateway "$chat" "$TOKEN" 1 "$SEQ_STREAMS"
    stream_latency direct_c$CONC direct "$direct" local-simulator-token "$CONC" "$CONC_STREAMS"
    stream_latency gateway_c$CONC gateway "$chat" "$TOKEN" "$CONC" "$CONC_STREAMS"; } >> "$result"
  stop_all

  echo "== $config capacity: steps $STEPS, heap $GATEWAY_HEAP, heartbeat ${HEARTBEAT_MS} ms" >&2
  start_sim "$OUT"; start_gateway "$OUT" gateway-capacity.log
  stream_capacity "$result"
  # what the gateway logged while holding: WARN/ERROR messages by count
  warn_error_messages "$OUT/gateway-capacity.log" > "$OUT/warn-error-messages.txt"
  stop_all
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
machine_env > "$RESULTS/machine.env"
for config in "${CONFIGS[@]}"; do run_config "$config"; done
summary
