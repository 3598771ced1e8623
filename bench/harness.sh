#!/usr/bin/env bash
# The gateway against the Cortex simulator called directly, side by side in one run: added latency
# (p50/p99/p99.9 at concurrency 1 and 50) of a tool call and of session/token, CPU per request of
# both processes, chat streaming latency and open-stream capacity (streaming.sh's parts, via lib.sh),
# and an optional soak. See bench/README.md.
#
#   bench/harness.sh                     # default sizes (about 12 minutes)
#   SOAK_SECONDS=600 bench/harness.sh    # plus a 10-minute soak sampling RSS and heap every 10 s
#   FULL_CAPACITY=1 bench/harness.sh     # capacity steps up to 10,000 streams (the issue's goal)
#   STORES=redis bench/harness.sh        # the gateway on the cluster profile's PostgreSQL + Redis stores
#   TRACING=1 bench/harness.sh           # tracing on: every span exported over OTLP/HTTP to a local
#                                        # sink (bench/otlp_sink.py), as to a real collector
#   SMOKE=1 bench/harness.sh             # everything tiny (< ~2 minutes), for CI: fails when a
#                                        # phase gave no numbers or the gateway logged an ERROR
#
# Writes bench/results/harness-<UTC timestamp>/ (summary.md, result.env, wrk-*.txt, logs, soak.csv).
# Loopback only; everything is bounded in time; every process it starts is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SMOKE=${SMOKE:-0}
PORT=${PORT:-19400}
SIM_PORT=${SIM_PORT:-19401}
if [ -z "${JAVA17:-}" ]; then
  JAVA17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
  [ -x "$JAVA17" ] || JAVA17=$(readlink -f "$(command -v java)")
fi
JAVA=${GATEWAY_JAVA:-$JAVA17}
CLIENT_JAVA=${CLIENT_JAVA:-$JAVA17}
GATEWAY_HEAP=${GATEWAY_HEAP:-1g}
INACTIVITY=${INACTIVITY:-20m}
CONCURRENCIES=${CONCURRENCIES:-1 50}
CORTEX_CONCURRENCY=${CORTEX_CONCURRENCY:-64}   # the tool pipeline's throttle (default 16): above c=50
SOAK_SECONDS=${SOAK_SECONDS:-0}
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-8}
CPU_GOAL_US=100
HOLD_QUESTION=${HOLD_QUESTION:-'[[sim:stall after=2 seconds=600]] What is the refund policy?'}
STEP_TIMEOUT_S=${STEP_TIMEOUT_S:-60}
FD_LIMIT=${FD_LIMIT:-200000}
if [ "$SMOKE" = 1 ]; then
  PHASE_SECONDS=${PHASE_SECONDS:-2}; WARM_SECONDS=${WARM_SECONDS:-1}; IDLE_SECONDS=${IDLE_SECONDS:-1}
  SEQ_STREAMS=${SEQ_STREAMS:-2}; STREAM_CONC=${STREAM_CONC:-2}; CONC_STREAMS=${CONC_STREAMS:-4}; WARMUP=${WARMUP:-1}
  CHAT_WARM_STREAMS=${CHAT_WARM_STREAMS:-0}
  LAT_QUESTION=${SMOKE_LAT_QUESTION:-'[[sim:slow delayMs=20]] [[sim:long events=10]] What is the refund policy?'}
  STEPS=${STEPS:-50}; HEARTBEAT_MS=${HEARTBEAT_MS:-2000}; CAPACITY_FRESH=${CAPACITY_FRESH:-0}; SOAK_SECONDS=0
  # start-up is most of a smoke run: C1 only starts faster (the numbers are not meant to be read)
  GATEWAY_JVM_ARGS=${GATEWAY_JVM_ARGS:--XX:TieredStopAtLevel=1}; SIM_JVM_ARGS=${SIM_JVM_ARGS:--XX:TieredStopAtLevel=1}
else
  PHASE_SECONDS=${PHASE_SECONDS:-20}; WARM_SECONDS=${WARM_SECONDS:-20}; IDLE_SECONDS=${IDLE_SECONDS:-5}
  SEQ_STREAMS=${SEQ_STREAMS:-30}; STREAM_CONC=${STREAM_CONC:-20}; CONC_STREAMS=${CONC_STREAMS:-100}; WARMUP=${WARMUP:-10}
  CHAT_WARM_STREAMS=${CHAT_WARM_STREAMS:-3000}
  if [ "${FULL_CAPACITY:-0}" = 1 ]; then
    STEPS=${STEPS:-1000,2000,3000,4000,5000,6000,7000,8000,9000,10000}
  else
    STEPS=${STEPS:-1000,2000}
  fi
  HEARTBEAT_MS=${HEARTBEAT_MS:-5000}; CAPACITY_FRESH=${CAPACITY_FRESH:-1}
  LAT_QUESTION=${LAT_QUESTION:-'[[sim:slow delayMs=20]] [[sim:long events=50]] What is the refund policy?'}
fi
# rate limits on, as deployed, with groups no bench client can empty; flags and metrics as default
BIG=1000000000
EXTRA_GATEWAY_ARGS="--gateway.tools.upstream-concurrency.cortex=$CORTEX_CONCURRENCY"
for group in session-token tools chat; do
  EXTRA_GATEWAY_ARGS+=" --gateway.rate-limits.groups.$group.capacity=$BIG --gateway.rate-limits.groups.$group.refill-tokens=$BIG"
done
# TRACING=1: OpenTelemetry on (gateway.tracing.otlp.endpoint), exporting to bench/otlp_sink.py
TRACING=${TRACING:-0}
OTLP_PORT=${OTLP_PORT:-19418}
if [ "$TRACING" = 1 ]; then
  EXTRA_GATEWAY_ARGS+=" --gateway.tracing.otlp.endpoint=http://127.0.0.1:$OTLP_PORT/v1/traces"
fi
EXTRA_GATEWAY_ARGS+=" ${HARNESS_GATEWAY_ARGS:-}"
# STORES=redis: the gateway on the cluster profile's shared stores (limits, nonces, replay logs, cache
# on the machine's Redis; the database on its PostgreSQL), in a schema and key prefix of its own
STORES=${STORES:-in-process}
if [ "$STORES" = redis ]; then
  BENCH_NS="bench_$(date +%s)_$$"
  EXTRA_GATEWAY_ARGS+=" --gateway.stores.backend=redis --gateway.stores.redis.key-prefix=$BENCH_NS:"
  EXTRA_GATEWAY_ARGS+=" --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$BENCH_NS"
  EXTRA_GATEWAY_ARGS+=" --spring.datasource.username=postgres --spring.flyway.schemas=$BENCH_NS"
fi
RATE_LIMITS_ENABLED=true
SECRET="bench-admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
OUT="$ROOT/bench/results/harness-$(date -u +%Y%m%dT%H%M%SZ)"
RESULT="$OUT/result.env"
PROBLEMS=()

# jar, need_wrk, machine_env, start_sim/start_gateway, stream_latency, stream_capacity: see lib.sh
source "$ROOT/bench/lib.sh"
drop_bench_stores() {
  [ -n "${BENCH_NS:-}" ] || return 0
  psql -h 127.0.0.1 -U postgres -d test -qc "drop schema if exists $BENCH_NS cascade" >/dev/null 2>&1 || true
  redis-cli --scan --pattern "$BENCH_NS:*" 2>/dev/null | xargs -r redis-cli del >/dev/null 2>&1 || true
}
trap 'stop_all; drop_bench_stores; [ -z "${SINK_PID:-}" ] || kill "$SINK_PID" 2>/dev/null || true' EXIT

problem() { echo "PROBLEM: $*" >&2; PROBLEMS+=("$*"); }
load1() { cut -d' ' -f1 /proc/loadavg; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # utime + stime
# the same for the JIT compiler threads alone ("C1 CompilerThre", "C2 CompilerThre"): a route that is
# still being compiled shows up here, not in the request threads
jit_ticks() {
  # a thread may end between the glob and the read: that is not a failure (pipefail would make it one)
  { cat /proc/"$1"/task/*/stat 2>/dev/null || true; } | awk '{
    op = index($0, "("); cl = 0; for (i = length($0); i > 0; i--) if (substr($0, i, 1) == ")") { cl = i; break }
    name = substr($0, op + 1, cl - op - 1); split(substr($0, cl + 2), f, " ")
    if (name ~ /^C[12] Compiler/) t += f[12] + f[13] } END { print t + 0 }'
}
CLK_TCK=$(getconf CLK_TCK)

# One wrk run; key=value lines into the result file: wrk's numbers (HARNESS line of harness.lua),
# CPU per completed request of the gateway and of the simulator, load average at start and end.
wrk_phase() {  # name kind url concurrency seconds [token]
  local name=$1 kind=$2 url=$3 c=$4 secs=$5 token=${6:-none} threads=1 prefix g0 s0 g1 s1 la line
  [ "$c" -gt 1 ] && threads=2
  prefix=$(cut -c1-19 /proc/sys/kernel/random/uuid)
  local j0 j1
  la=$(load1); g0=$(cpu_ticks "$GW_PID"); s0=$(cpu_ticks "$SIM_PID"); j0=$(jit_ticks "$GW_PID")
  timeout $((secs + 30)) wrk -t"$threads" -c"$c" -d"${secs}s" --timeout 10s --latency -s "$ROOT/bench/harness.lua" \
    "$url" -- "$kind" "$token" "$prefix" > "$OUT/wrk-$name.txt" 2>&1 || true
  g1=$(cpu_ticks "$GW_PID"); s1=$(cpu_ticks "$SIM_PID"); j1=$(jit_ticks "$GW_PID")
  line=$(grep '^HARNESS' "$OUT/wrk-$name.txt" | sed 's/^HARNESS //' || true)
  if [ -z "$line" ] || [ "$(echo "$line" | grep -o 'requests=[0-9]*' | cut -d= -f2)" = 0 ]; then
    problem "phase $name produced no numbers (see wrk-$name.txt)"; return
  fi
  local requests non2xx
  requests=$(echo "$line" | grep -o 'requests=[0-9]*' | cut -d= -f2)
  non2xx=$(echo "$line" | grep -o 'non2xx=[0-9]*' | cut -d= -f2)
  [ "$non2xx" = 0 ] || problem "phase $name: $non2xx of $requests answers were not 2xx"
  { echo "$line" | tr ' ' '\n' | sed "s/^/${name}_/"
    awk -v n="$name" -v r="$requests" -v g="$((g1 - g0))" -v s="$((s1 - s0))" -v j="$((j1 - j0))" -v hz="$CLK_TCK" 'BEGIN {
      printf "%s_gw_cpu_us=%.1f\n%s_sim_cpu_us=%.1f\n", n, g / hz * 1e6 / r, n, s / hz * 1e6 / r
      if (j < 0) j = 0   # a compiler thread that ended took its ticks with it (dynamic compiler threads)
      printf "%s_gw_jit_cpu_us=%.1f\n%s_gw_nojit_cpu_us=%.1f\n", n, j / hz * 1e6 / r, n, (g - j) / hz * 1e6 / r }'
    echo "${name}_load_start=$la"; echo "${name}_load_end=$(load1)"; } >> "$RESULT"
  echo "   $name: $(echo "$line" | cut -d' ' -f1-4) p99_ms=$(echo "$line" | grep -o 'p99_ms=[0-9.]*' | cut -d= -f2) load $la" >&2
}

heap_kb() {  # used|total, from GC.heap_info (no collection)
  local info; info=$("$(jdk_tool "$JAVA" jcmd)" "$GW_PID" GC.heap_info 2>/dev/null | grep -m1 'total [0-9]*K, used' || true)
  case "$1" in
    used) echo "$info" | grep -o 'used [0-9]*K' | grep -o '[0-9]*' || echo 0 ;;
    total) echo "$info" | grep -o 'total [0-9]*K' | grep -o '[0-9]*' || echo 0 ;;
  esac
}
live_heap_mb() { "$(jdk_tool "$JAVA" jcmd)" "$GW_PID" GC.run >/dev/null 2>&1 || true; echo $(( $(heap_kb used) / 1024 )); }
rss_mb() { echo $(( $(ps -o rss= -p "$1" 2>/dev/null || echo 0) / 1024 )); }

requests_phase() {
  local gw="http://127.0.0.1:$PORT" sim="http://127.0.0.1:$SIM_PORT"
  local tool="$gw/api/v1/tools/cortex_search" health="$gw/api/v1/health?detailed=false" session="$gw/api/v1/session/token"
  local search="$sim/api/v2/databases/SAMPLE_DB/schemas/DOCS/cortex-search-services/SUPPORT_SEARCH:query"
  # every target answers 200 before any load (a wrong body or token would measure error paths)
  local url code
  code=$(curl -s -o "$OUT/check-tool.json" -w '%{http_code}' -X POST "$tool" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d '{"query":"refund policy","topK":5}')
  [ "$code" = 200 ] || { problem "tool call answered $code: $(head -c 300 "$OUT/check-tool.json")"; return; }
  code=$(curl -s -o "$OUT/check-search.json" -w '%{http_code}' -X POST "$search" -H 'Authorization: Bearer local-simulator-token' \
    -H 'Content-Type: application/json' -d '{"query":"refund policy","columns":["title","chunk","url"],"limit":5}')
  [ "$code" = 200 ] || { problem "direct search answered $code"; return; }
  code=$(curl -s -o "$OUT/check-session.json" -w '%{http_code}' -X POST "$session" -H 'Content-Type: application/json' \
    -H 'X-Client-Version: 1.4.2' -d "{\"clientId\":\"demo-web\",\"nonce\":\"$(cat /proc/sys/kernel/random/uuid)\"}")
  [ "$code" = 200 ] || { problem "session/token answered $code: $(head -c 300 "$OUT/check-session.json")"; return; }

  echo "== requests: warm-up ${WARM_SECONDS}s per target, then ${PHASE_SECONDS}s per target and concurrency" >&2
  for target in "search $search" "tool $tool" "get $health" "session $session"; do
    set -- $target
    timeout $((WARM_SECONDS + 30)) wrk -t2 -c50 -d"${WARM_SECONDS}s" --timeout 10s -s "$ROOT/bench/harness.lua" "$2" \
      -- "$1" "$TOKEN" "$(cut -c1-19 /proc/sys/kernel/random/uuid)" > "$OUT/wrk-warmup-$1.txt" 2>&1 || true
  done
  # the gateway's own CPU while nothing is asked of it after the warm-up (flag refresh, metrics,
  # JIT and GC catching up): the floor under every per-request figure
  local g0; g0=$(cpu_ticks "$GW_PID"); sleep "$IDLE_SECONDS"
  awk -v t="$(( $(cpu_ticks "$GW_PID") - g0 ))" -v hz="$CLK_TCK" -v s="$IDLE_SECONDS" \
    'BEGIN { printf "idle_gw_cpu_ms_per_s=%.1f\n", t / hz * 1000 / s }' >> "$RESULT"
  local c
  for c in $CONCURRENCIES; do
    # direct and gateway back to back at each concurrency, so both see the same machine load
    wrk_phase "search_c$c" search "$search" "$c" "$PHASE_SECONDS" local-simulator-token
    wrk_phase "tool_c$c" tool "$tool" "$c" "$PHASE_SECONDS" "$TOKEN"
    wrk_phase "health_c$c" get "$health" "$c" "$PHASE_SECONDS"
    wrk_phase "session_c$c" session "$session" "$c" "$PHASE_SECONDS"
  done
}

streaming_phase() {
  echo "== streaming latency: $SEQ_STREAMS streams at c=1, $CONC_STREAMS at c=$STREAM_CONC (streaming.sh's client)" >&2
  local direct="http://127.0.0.1:$SIM_PORT/api/v2/cortex/agent:run" chat="http://127.0.0.1:$PORT/api/v1/chat" p
  # the chat path's JIT warm-up: short streams at c=20 (the measured runs' own WARMUP streams are too
  # few for the compiler to finish a stream's set-up path: docs/performance.md, "Chat at c=20")
  if [ "$CHAT_WARM_STREAMS" -gt 0 ]; then
    echo "   chat warm-up: $CHAT_WARM_STREAMS short streams at c=20" >&2
    timeout 600 "$CLIENT_JAVA" -cp "$(stream_bench_cp)" StreamBench latency gateway "$chat" "$TOKEN" 20 "$CHAT_WARM_STREAMS" 0 60 \
      '[[sim:long events=2]] What is the refund policy?' /dev/null > "$OUT/chat-warmup.txt" 2>&1 || true
  fi
  for p in "direct_c1 direct $direct local-simulator-token 1 $SEQ_STREAMS" "gateway_c1 gateway $chat $TOKEN 1 $SEQ_STREAMS" \
           "direct_cN direct $direct local-simulator-token $STREAM_CONC $CONC_STREAMS" "gateway_cN gateway $chat $TOKEN $STREAM_CONC $CONC_STREAMS"; do
    set -- $p
    echo "stream_$1_load_start=$(load1)" >> "$RESULT"
    stream_latency "stream_$1" "$2" "$3" "$4" "$5" "$6" >> "$RESULT"
    if ! grep -q "^stream_$1_ttft_p50_ms=" "$RESULT"; then problem "streaming $1 produced no numbers (see raw-stream_$1.txt)"; fi
  done
}

soak_phase() {
  [ "$SOAK_SECONDS" -gt 0 ] || return 0
  echo "== soak: ${SOAK_SECONDS}s of tool calls at c=$SOAK_CONNECTIONS, RSS and heap every 10 s" >&2
  local start_heap start_rss t0 now wrk_pid csv="$OUT/soak.csv"
  start_heap=$(live_heap_mb); start_rss=$(rss_mb "$GW_PID")
  echo "elapsed_s,rss_mb,heap_used_mb,heap_committed_mb,gateway_cpu_s,load1" > "$csv"
  timeout $((SOAK_SECONDS + 60)) wrk -t1 -c"$SOAK_CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 10s --latency \
    -s "$ROOT/bench/harness.lua" "http://127.0.0.1:$PORT/api/v1/tools/cortex_search" -- tool "$TOKEN" \
    > "$OUT/wrk-soak.txt" 2>&1 &
  wrk_pid=$!; PIDS+=("$wrk_pid")
  t0=$(date +%s)
  local next=0 info
  while :; do
    now=$(date +%s)
    info=$("$(jdk_tool "$JAVA" jcmd)" "$GW_PID" GC.heap_info 2>/dev/null | grep -m1 'total [0-9]*K, used' || true)
    echo "$((now - t0)),$(rss_mb "$GW_PID"),$(( $(echo "$info" | grep -o 'used [0-9]*K' | grep -o '[0-9]*' || echo 0) / 1024 )),$(( $(echo "$info" | grep -o 'total [0-9]*K' | grep -o '[0-9]*' || echo 0) / 1024 )),$(awk -v t="$(cpu_ticks "$GW_PID")" -v hz="$CLK_TCK" 'BEGIN{printf "%.1f", t / hz}'),$(load1)" >> "$csv"
    kill -0 "$wrk_pid" 2>/dev/null || break
    next=$((next + 10))   # on a 10 s grid from the start, whatever a sample took
    while kill -0 "$wrk_pid" 2>/dev/null && [ $(( $(date +%s) - t0 )) -lt "$next" ]; do sleep 1; done
  done
  wait "$wrk_pid" 2>/dev/null || true
  local end_heap end_rss line
  end_heap=$(live_heap_mb); end_rss=$(rss_mb "$GW_PID")
  line=$(grep '^HARNESS' "$OUT/wrk-soak.txt" | sed 's/^HARNESS //' || true)
  [ -n "$line" ] || problem "soak produced no numbers (see wrk-soak.txt)"
  { echo "$line" | tr ' ' '\n' | sed 's/^/soak_/'
    echo "soak_seconds=$SOAK_SECONDS"; echo "soak_samples=$(( $(wc -l < "$csv") - 1 ))"
    echo "soak_start_live_heap_mb=$start_heap"; echo "soak_end_live_heap_mb=$end_heap"
    echo "soak_start_rss_mb=$start_rss"; echo "soak_end_rss_mb=$end_rss"; echo "soak_load_end=$(load1)"
    awk -v a="$start_heap" -v b="$end_heap" 'BEGIN { g = (a > 0) ? (b - a) * 100 / a : 0;
      printf "soak_heap_growth_pct=%.1f\nsoak_verdict=\"%s: live heap after a full GC %d MB at start, %d MB at end (%+.1f %%, limit +10 %%)\"\n",
        g, (g <= 10) ? "ok" : "GREW", a, b, g }'; } >> "$RESULT"
  echo "   $(grep '^soak_verdict' "$RESULT" | cut -d= -f2- | tr -d '"')" >&2
}

capacity_phase() {
  echo "== capacity: steps $STEPS, heap $GATEWAY_HEAP, heartbeat ${HEARTBEAT_MS} ms" >&2
  if [ "$CAPACITY_FRESH" = 1 ]; then
    check_log_errors
    stop_all; start_sim_and_gateway "$OUT" gateway-capacity.log
  fi
  echo "capacity_load_start=$(load1)" >> "$RESULT"
  stream_capacity "$RESULT"
  echo "capacity_load_end=$(load1)" >> "$RESULT"
  grep -q '^s[0-9]*_open=' "$RESULT" || problem "capacity produced no numbers (see hold.txt)"
}

check_log_errors() {
  local n
  n=$(grep -c '"level":"ERROR"' "$GW_LOG" || true)
  if [ "${n:-0}" != 0 ]; then problem "$(basename "$GW_LOG"): $n ERROR lines"; fi
  warn_error_messages "$GW_LOG" > "$OUT/warn-error-$(basename "$GW_LOG" .log).txt"
}

# --- summary.md: the table, the machine, the JVM, the load averages
summary() {
  local file="$OUT/summary.md"
  ( set +u
    # shellcheck disable=SC1090
    . "$OUT/machine.env"; . "$RESULT"
    v() { eval echo "\${$1:-}"; }
    row() {  # figure direct gateway goal(<= number or -) unit load
      awk -v f="$1" -v d="$2" -v g="$3" -v goal="$4" -v u="$5" -v la="$6" 'BEGIN {
        if (d == "" || g == "") { printf "| %s | %s | %s | - | - | %s | no numbers | %s |\n", f, d, g, goal, la; exit }
        r = (d > 0) ? sprintf("%.2f", g / d) : "-";
        met = "-"; if (goal != "-") { met = (g + 0 <= goal + 0) ? "yes" : "**no**"; goal = "<= " goal " " u }
        a = g - d; fmt = (a < 10 && a > -10) ? "%+.2f" : "%+.0f";
        printf "| %s | %s %s | %s %s | %s | " fmt " %s | %s | %s | %s |\n", f, d, u, g, u, r, a, u, goal, met, la }'
    }
    echo "# Harness: gateway vs direct ($(date -u +%F), ${SMOKE_LABEL})"
    echo
    echo "Machine: $nproc vCPU ($cpu), $mem_total_mb MB; gateway JVM: $gateway_java; simulator and"
    echo "clients: $client_java. wrk: $wrk_version. Load average (1/5/15 min) at start: $load_start; at end: $load_end."
    echo "Gateway: -Xmx$GATEWAY_HEAP (more JVM options: $gateway_jvm_args), rate limits on (bench groups generous), flags and metrics as default,"
    echo "tool throttle $CORTEX_CONCURRENCY; simulator: its own process. Its idle CPU: $idle_gw_cpu_ms_per_s ms/s."
    echo "Tracing: $([ "$TRACING" = 1 ] && echo "on, every span exported over OTLP/HTTP to bench/otlp_sink.py" || echo "off (the default)")."
    echo "Chat warm-up before the streaming phases: $CHAT_WARM_STREAMS short streams at c=20 (CHAT_WARM_STREAMS)."
    echo
    echo "| figure | direct | gateway | ratio | added | goal | met? | load (1 min) direct / gateway |"
    echo "|---|---|---|---|---|---|---|---|"
    local c q
    for c in $CONCURRENCIES; do
      for q in p50 p99 p999; do
        row "tool call c=$c ${q/p999/p99.9} (Search :query direct vs cortex_search)" "$(v search_c${c}_${q}_ms)" "$(v tool_c${c}_${q}_ms)" - ms \
          "$(v search_c${c}_load_start) / $(v tool_c${c}_load_start)"
      done
      row "tool call c=$c throughput" "$(v search_c${c}_rps)" "$(v tool_c${c}_rps)" - req/s "$(v search_c${c}_load_start) / $(v tool_c${c}_load_start)"
      row "tool call c=$c CPU per request: simulator (direct) vs gateway process" "$(v search_c${c}_sim_cpu_us)" "$(v tool_c${c}_gw_cpu_us)" "$CPU_GOAL_US" us \
        "$(v search_c${c}_load_start) / $(v tool_c${c}_load_start)"
      row "tool call c=$c gateway CPU per request without the JIT compiler threads" "$(v search_c${c}_sim_cpu_us)" "$(v tool_c${c}_gw_nojit_cpu_us)" "$CPU_GOAL_US" us \
        "$(v search_c${c}_load_start) / $(v tool_c${c}_load_start)"
      row "tool call c=$c simulator CPU per request (direct vs behind the gateway)" "$(v search_c${c}_sim_cpu_us)" "$(v tool_c${c}_sim_cpu_us)" - us \
        "$(v search_c${c}_load_start) / $(v tool_c${c}_load_start)"
    done
    for c in $CONCURRENCIES; do
      for q in p50 p99 p999; do
        row "session/token c=$c ${q/p999/p99.9} (vs GET /api/v1/health, no upstream equivalent)" "$(v health_c${c}_${q}_ms)" "$(v session_c${c}_${q}_ms)" - ms \
          "$(v health_c${c}_load_start) / $(v session_c${c}_load_start)"
      done
      row "session/token c=$c throughput (vs health)" "$(v health_c${c}_rps)" "$(v session_c${c}_rps)" - req/s "$(v health_c${c}_load_start) / $(v session_c${c}_load_start)"
      row "session/token c=$c gateway CPU per request (vs health)" "$(v health_c${c}_gw_cpu_us)" "$(v session_c${c}_gw_cpu_us)" "$CPU_GOAL_US" us \
        "$(v health_c${c}_load_start) / $(v session_c${c}_load_start)"
      row "session/token c=$c gateway CPU per request without the JIT (vs health)" "$(v health_c${c}_gw_nojit_cpu_us)" "$(v session_c${c}_gw_nojit_cpu_us)" "$CPU_GOAL_US" us \
        "$(v health_c${c}_load_start) / $(v session_c${c}_load_start)"
    done
    for c in 1 N; do
      local cl=$c; [ "$c" = N ] && cl=$STREAM_CONC
      for q in ttft_p50 ttft_p99 gap_p50 gap_p99; do
        local what="time to first text event"; [ "${q%_*}" = gap ] && what="gap between text events"
        row "chat stream c=$cl $what ${q#*_}" "$(v stream_direct_c${c}_${q}_ms)" "$(v stream_gateway_c${c}_${q}_ms)" - ms \
          "$(v stream_direct_c${c}_load_start) / $(v stream_gateway_c${c}_load_start)"
      done
    done
    local largest heap
    largest=$(v capacity_largest_full_step); heap=$(v "s${largest}_live_heap_mb")
    echo "| open chat streams with heartbeats (largest step held; steps $STEPS) | - | $largest | - | - | >= 10000 in <= 1024 MB heap | $( [ "${largest:-0}" -ge 10000 ] && [ "${heap:-9999}" -le 1024 ] && echo yes || echo "**no**" ) | $(v capacity_load_start) at start |"
    echo "| live heap after GC at that step (idle: $(v idle_live_heap_mb) MB) | - | ${heap:-?} MB | - | - | <= 1024 MB | $( [ "${heap:-9999}" -le 1024 ] && echo yes || echo "**no**" ) | $(v "s${largest}_loadavg") |"
    # heartbeat jitter: the gaps between a stream's heartbeats during that step, as the hold client got them
    echo "| heartbeat gap at that step, p50 / p99 / max (interval $HEARTBEAT_MS ms) | - | $(v "s${largest}_heartbeat_gap_p50_ms") / $(v "s${largest}_heartbeat_gap_p99_ms") / $(v "s${largest}_heartbeat_gap_max_ms") ms | - | - | - | - | $(v "s${largest}_loadavg") |"
    echo
    echo "Capacity stopped: $(v capacity_stop)."
    if [ -n "$(v soak_verdict)" ]; then
      echo "Soak ($(v soak_seconds) s, tool calls at c=$SOAK_CONNECTIONS, $(v soak_requests) requests, $(v soak_non2xx) not 2xx, p99 $(v soak_p99_ms) ms;"
      echo "RSS $(v soak_start_rss_mb) -> $(v soak_end_rss_mb) MB; samples in soak.csv; load at end $(v soak_load_end)): $(v soak_verdict)."
    fi
    echo
    echo "Phases (wrk, Debian 4.1.0, with --latency; closed loop, so coordinated omission makes p99.9 optimistic):"
    echo
    echo "| phase | requests | req/s | not 2xx | socket errors | p50 ms | p99 ms | p99.9 ms | max ms | gateway CPU us/req (of it JIT) | simulator CPU us/req | load start / end |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for c in $CONCURRENCIES; do
      for n in search tool health session; do
        local p="${n}_c$c"
        [ -n "$(v ${p}_requests)" ] || continue
        echo "| $p | $(v ${p}_requests) | $(v ${p}_rps) | $(v ${p}_non2xx) | $(v ${p}_socket_errors) | $(v ${p}_p50_ms) | $(v ${p}_p99_ms) | $(v ${p}_p999_ms) | $(v ${p}_max_ms) | $(v ${p}_gw_cpu_us) ($(v ${p}_gw_jit_cpu_us)) | $(v ${p}_sim_cpu_us) | $(v ${p}_load_start) / $(v ${p}_load_end) |"
      done
    done
    echo
    if [ ${#PROBLEMS[@]} -gt 0 ]; then
      echo "Problems:"; for p in "${PROBLEMS[@]}"; do echo "- $p"; done
    else
      echo "Problems: none (every phase gave numbers, every answer 2xx, no ERROR in the gateway logs)."
    fi
  ) > "$file"
  cat "$file"
}

# --- run
ulimit -n "$FD_LIMIT" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
need_wrk
for bin in curl "$JAVA17" "$CLIENT_JAVA" "$JAVA"; do command -v "$bin" >/dev/null || { echo "missing: $bin" >&2; exit 1; }; done
for p in "$PORT" "$SIM_PORT"; do
  if ss -ltn "sport = :$p" | grep -q LISTEN; then echo "port $p is in use" >&2; exit 1; fi
done
JAR=$(jar)
mkdir -p "$OUT"
SMOKE_LABEL=$([ "$SMOKE" = 1 ] && echo "SMOKE run: tiny sizes, numbers not meaningful" || echo "phases ${PHASE_SECONDS}s")
{ machine_env
  echo "gateway_java=\"$("$JAVA" -version 2>&1 | sed -n 2p)\""; echo "client_java=\"$("$CLIENT_JAVA" -version 2>&1 | sed -n 2p)\""
  echo "wrk_version=\"$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)\""; echo "load_start=\"$(loadavg)\""
  echo "jar=\"$(basename "$JAR")\""; echo "gateway_jvm_args=\"${GATEWAY_JVM_ARGS:-none}\""; } > "$OUT/machine.env"
echo "== $(date -u +%FT%TZ) harness -> $OUT (load $(loadavg))" >&2
if [ "$TRACING" = 1 ]; then
  # not in PIDS: the capacity phase restarts the gateway (stop_started) and the sink must outlive it
  python3 "$ROOT/bench/otlp_sink.py" "$OTLP_PORT" > "$OUT/otlp-sink.txt" 2>&1 &
  SINK_PID=$!
fi
start_sim_and_gateway "$OUT" gateway.log
requests_phase
streaming_phase
soak_phase
capacity_phase
check_log_errors
echo "load_end=\"$(loadavg)\"" >> "$OUT/machine.env"
stop_all
summary
if [ ${#PROBLEMS[@]} -gt 0 ]; then echo "harness: ${#PROBLEMS[@]} problem(s), see $OUT/summary.md" >&2; exit 1; fi
