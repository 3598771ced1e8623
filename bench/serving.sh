#!/usr/bin/env bash
# Measures how the gateway serves plain JSON requests and held-open SSE streams.
# See bench/README.md. Usage: bench/serving.sh [config ...]   (default: all configs)
#   j17          Java 17, platform threads, request pool as in application.yaml (64)
#   j17-pool8    Java 17, GATEWAY_REQUEST_THREADS=8 (the size Spring Boot uses when nothing is set)
#   j25-virtual  Temurin 25, spring.threads.virtual.enabled=true takes effect
# Everything is bounded in time and stops by itself; the gateway it starts is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-19080}
HEARTBEAT=${HEARTBEAT:-2s}                 # heartbeat interval during the SSE phase
HEARTBEAT_MS=${HEARTBEAT_MS:-2000}         # the same, for the SSE client's check
SSE_CONNECTIONS=${SSE_CONNECTIONS:-1000}
WRK_SECONDS=${WRK_SECONDS:-30}             # the 30 s run at 50 connections
WRK_LOAD_SECONDS=${WRK_LOAD_SECONDS:-15}   # JSON runs before and while the SSE streams are open
WRK_CONNECTIONS=${WRK_CONNECTIONS:-50}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
CLIENT_JAVA=${CLIENT_JAVA:-$JAVA17}
JSON_URL="http://127.0.0.1:${PORT}/api/v1/health?detailed=false"
SSE_URL="http://127.0.0.1:${PORT}/bench/sse-probe"
RESULTS="$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
CONFIGS=("$@")
[ ${#CONFIGS[@]} -gt 0 ] || CONFIGS=(j17 j17-pool8 j25-virtual)

GATEWAY_PID=""
HOLD_PID=""
cleanup() {
  [ -n "$HOLD_PID" ] && kill "$HOLD_PID" 2>/dev/null || true
  if [ -n "$GATEWAY_PID" ] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
    kill "$GATEWAY_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$GATEWAY_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$GATEWAY_PID" 2>/dev/null; then
      # graceful shutdown still waiting after 10 s: keep a thread dump to see on what
      [ -n "${OUT:-}" ] && "$(dirname "$JAVA")/jcmd" "$GATEWAY_PID" Thread.print > "$OUT/slow-shutdown-threads.txt" 2>&1 || true
      echo "   gateway still running 10 s after SIGTERM: killed" >&2
      kill -9 "$GATEWAY_PID" 2>/dev/null || true
    fi
  fi
  GATEWAY_PID=""
  HOLD_PID=""
}
trap cleanup EXIT

need_tools() {
  need_wrk   # lib.sh
  for bin in curl "$JAVA17" "$JAVA25"; do
    command -v "$bin" >/dev/null || { echo "missing: $bin" >&2; exit 1; }
  done
  if ss -ltn "sport = :$PORT" | grep -q LISTEN; then
    echo "port $PORT is in use" >&2; exit 1
  fi
}

# jar(): see lib.sh
source "$ROOT/bench/lib.sh"

# key=value lines describing the process now: RSS, threads, heap in use, request-executor threads
sample() {
  local name=$1 java_home jcmd heap
  java_home=$(dirname "$(dirname "$JAVA")")
  jcmd="$java_home/bin/jcmd"
  heap=$("$jcmd" "$GATEWAY_PID" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*' || echo "?")
  # the machine may be shared: the 1-minute load average says how much else was running
  echo "${name}_loadavg=$(cut -d' ' -f1 /proc/loadavg)"
  echo "${name}_rss_mb=$(( $(ps -o rss= -p "$GATEWAY_PID") / 1024 ))"
  echo "${name}_threads=$(awk '/^Threads:/{print $2}' "/proc/$GATEWAY_PID/status")"
  echo "${name}_heap_used_mb=$(( ${heap:-0} / 1024 ))"
  echo "${name}_task_threads=$("$jcmd" "$GATEWAY_PID" Thread.print 2>/dev/null | grep -c '^"task-' || true)"
}

# live heap: what is still reachable after a full collection (disturbs the JVM, so only at the end
# of a phase)
live_heap() {
  local name=$1 jcmd
  jcmd="$(dirname "$(dirname "$JAVA")")/bin/jcmd"
  "$jcmd" "$GATEWAY_PID" GC.run >/dev/null 2>&1 || true
  echo "${name}_live_heap_mb=$(( $("$jcmd" "$GATEWAY_PID" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*' || echo 0) / 1024 ))"
}

# key=value lines from a wrk --latency report
wrk_run() {
  local name=$1 seconds=$2 out=$3
  wrk -t2 -c"$WRK_CONNECTIONS" -d"${seconds}s" --timeout 5s --latency "$JSON_URL" > "$out" 2>&1 || true
  awk -v n="$name" '
    /Requests\/sec:/ {printf "%s_rps=%d\n", n, $2}
    /^ +50%/ {printf "%s_p50=%s\n", n, $2}
    /^ +99%/ {printf "%s_p99=%s\n", n, $2}
    / requests in / {printf "%s_requests=%s\n", n, $1}
    /Non-2xx/ {printf "%s_non2xx=%s\n", n, $NF; non=1}
    /Socket errors/ {gsub(",", ""); printf "%s_socket_errors=%d\n", n, $4+$6+$8+$10; sock=1}
    END {if (!non) printf "%s_non2xx=0\n", n; if (!sock) printf "%s_socket_errors=0\n", n}
  ' "$out"
}

warn_error_lines() {  # lines at WARN or ERROR in the gateway log from line $2 on
  tail -n +"$2" "$1" | grep -c '"level":"\(WARN\|ERROR\)"' || true
}

run_config() {
  local config=$1 out env_threads="" data log started healthy_at t0 log_lines
  out="$RESULTS/$config"
  OUT=$out
  mkdir -p "$out"
  case "$config" in
    j17) JAVA=$JAVA17 ;;
    j17-pool8) JAVA=$JAVA17; env_threads=8 ;;
    j25-virtual) JAVA=$JAVA25 ;;
    *) echo "unknown config $config" >&2; exit 2 ;;
  esac
  data=$(mktemp -d)
  log="$out/gateway.log"
  local result="$out/result.env"
  : > "$result"
  echo "== $config: $("$JAVA" -version 2>&1 | head -1)" >&2
  echo "java=\"$("$JAVA" -version 2>&1 | sed -n 2p)\"" >> "$result"

  t0=$(date +%s%N)
  env GATEWAY_DATA_DIR="$data" ${env_threads:+GATEWAY_REQUEST_THREADS=$env_threads} \
    "$JAVA" -jar "$JAR" --server.port="$PORT" \
      --gateway.bench.sse-probe=true --gateway.sse.heartbeat-interval="$HEARTBEAT" > "$log" 2>&1 &
  GATEWAY_PID=$!
  healthy_at=""
  for _ in $(seq 1200); do
    if curl -sf --max-time 1 -o /dev/null "$JSON_URL"; then healthy_at=$(date +%s%N); break; fi
    kill -0 "$GATEWAY_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$healthy_at" ] || { echo "gateway did not become healthy, see $log" >&2; exit 1; }
  echo "startup_ms=$(( (healthy_at - t0) / 1000000 ))" >> "$result"
  started=$(grep -o 'Started GatewayApplication in [0-9.]* seconds' "$log" | grep -o '[0-9.]*' || echo "?")
  echo "spring_started_s=$started" >> "$result"
  echo "executor=\"$(grep -o 'using executor: [^ "]*' "$log" | head -1 | sed 's/using executor: //')\"" >> "$result"
  log_lines=$(wc -l < "$log")
  echo "startup_warn_error_lines=$(warn_error_lines "$log" 1)" >> "$result"
  sample idle >> "$result"

  echo "   wrk ${WRK_SECONDS}s x ${WRK_CONNECTIONS} connections" >&2
  wrk_run json30 "$WRK_SECONDS" "$out/wrk-json30.txt" >> "$result"
  sample after_json30 >> "$result"
  echo "json30_warn_error_lines=$(warn_error_lines "$log" $((log_lines + 1)))" >> "$result"

  echo "   wrk ${WRK_LOAD_SECONDS}s without streams (warm baseline)" >&2
  log_lines=$(wc -l < "$log")
  wrk_run base "$WRK_LOAD_SECONDS" "$out/wrk-base.txt" >> "$result"

  echo "   $SSE_CONNECTIONS SSE streams, heartbeat $HEARTBEAT, wrk ${WRK_LOAD_SECONDS}s meanwhile" >&2
  local hold_seconds=$((WRK_LOAD_SECONDS + 20))
  : > "$out/ssehold.txt"
  "$CLIENT_JAVA" "$ROOT/bench/SseHold.java" "$SSE_CONNECTIONS" "$SSE_URL" "$hold_seconds" "$HEARTBEAT_MS" \
    > "$out/ssehold.txt" 2>&1 &
  HOLD_PID=$!
  for _ in $(seq 900); do
    grep -q '^SSE_OPEN' "$out/ssehold.txt" && break
    kill -0 "$HOLD_PID" 2>/dev/null || break
    sleep 0.1
  done
  grep '^SSE_OPEN' "$out/ssehold.txt" | sed 's/^SSE_OPEN /sse_/; s/ / sse_/g' | tr ' ' '\n' >> "$result" || true
  sleep 3   # let the first heartbeats go out before measuring
  sample sse_open >> "$result"
  wrk_run sse "$WRK_LOAD_SECONDS" "$out/wrk-sse.txt" >> "$result"
  sample sse_after_wrk >> "$result"
  live_heap sse >> "$result"
  local hold_rc=0
  for _ in $(seq $(( (hold_seconds + 60) * 10 ))); do kill -0 "$HOLD_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$HOLD_PID" 2>/dev/null || true
  wait "$HOLD_PID" || hold_rc=$?
  HOLD_PID=""
  echo "sse_client_exit=$hold_rc" >> "$result"
  grep '^SSE_RESULT' "$out/ssehold.txt" | sed 's/^SSE_RESULT //' | tr ' ' '\n' | sed 's/^/sse_/' >> "$result" || true
  sleep 2
  echo "load_warn_error_lines=$(warn_error_lines "$log" $((log_lines + 1)))" >> "$result"
  grep '"level":"\(WARN\|ERROR\)"' "$log" | grep -o '"message":"[^"]\{0,160\}' | sort | uniq -c > "$out/warn-error-messages.txt" || true

  cleanup
  rm -rf "$data"
  echo "   -> $result" >&2
}

summary() {
  local file="$RESULTS/summary.md"
  {
    echo "| config | startup ms | json30 req/s | p50 | p99 | errors | base req/s | p50 | p99 | SSE kept up / failed | with SSE req/s | p50 | p99 | RSS MB idle / json / 1k SSE | threads idle / json / 1k SSE | live heap 1k SSE MB | WARN+ERROR after start |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for config in "${CONFIGS[@]}"; do
      ( set +u; . "$RESULTS/$config/result.env"
        echo "| $config | $startup_ms | $json30_rps | $json30_p50 | $json30_p99 | $((json30_non2xx + json30_socket_errors)) | $base_rps | $base_p50 | $base_p99 | $sse_kept_up / $sse_failed | $sse_rps | $sse_p50 | $sse_p99 | $idle_rss_mb / $after_json30_rss_mb / $sse_after_wrk_rss_mb | $idle_threads / $after_json30_threads / $sse_after_wrk_threads | $sse_live_heap_mb | $((json30_warn_error_lines + load_warn_error_lines)) |" )
    done
  } > "$file"
  cat "$file"
}

need_tools
JAR=$(jar)
mkdir -p "$RESULTS"
{ echo "nproc=$(nproc)"; echo "mem_total_mb=$(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo)";
  echo "cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\""; echo "wrk=\"$(wrk -v 2>&1 | head -1)\""; } > "$RESULTS/machine.env"
for config in "${CONFIGS[@]}"; do run_config "$config"; done
summary
