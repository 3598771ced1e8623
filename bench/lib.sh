# Shared by the bench scripts: source it after setting ROOT to the repository root.
# Functions below the jar lookup read the caller's settings from globals (PORT, SIM_PORT, JAVA,
# JAVA17, CLIENT_JAVA, GATEWAY_HEAP, HEARTBEAT_MS, INACTIVITY, RATE_LIMITS_ENABLED,
# EXTRA_GATEWAY_ARGS, SECRET, OUT, ...); streaming.sh and harness.sh set them.

# Path of the gateway jar, built first when target/ has none.
jar() {
  local jar
  jar=$(ls "$ROOT"/target/cortex-gateway-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
  if [ -z "$jar" ]; then
    (cd "$ROOT" && mvn -B -q package -DskipTests) >&2
    jar=$(ls "$ROOT"/target/cortex-gateway-*.jar | grep -v '\.original$' | head -1)
  fi
  echo "$jar"
}

# wrk from the distribution's packages (Debian: 4.1.0, with Lua; no wrk2 -R)
need_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "installing wrk" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null || { echo "missing: wrk" >&2; exit 1; }
}

# the JDK tool next to a java binary (jcmd, ...), also when java is a bare name on PATH
jdk_tool() {  # java tool
  echo "$(dirname "$(readlink -f "$(command -v "$1")")")/$2"
}

# nproc, memory, CPU model, fd limit, ports: key=value lines
machine_env() {
  echo "nproc=$(nproc)"; echo "mem_total_mb=$(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo)"
  echo "cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\""
  echo "fd_limit=$(ulimit -n)"; echo "ephemeral_ports=\"$(tr '\t' ' ' < /proc/sys/net/ipv4/ip_local_port_range)\""
  echo "somaxconn=$(cat /proc/sys/net/core/somaxconn)"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- processes: every one started goes into PIDS; stop_started ends them (call it from an EXIT trap)
PIDS=()
stop_started() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  PIDS=()
}

# the simulator's port answers Snowflake's paths only (401 without a token): any HTTP answer means up
wait_answering() {  # port pid log
  for _ in $(seq 1800); do
    [ "$(curl -s --max-time 1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/api/v2/statements" || true)" != 000 ] && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "process on port $1 did not answer, see $3" >&2; exit 1
}

wait_healthy() {  # port pid log
  for _ in $(seq 1800); do
    curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:$1/api/v1/health?detailed=false" && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "process on port $1 did not become healthy, see $3" >&2; exit 1
}

# A gateway on its own (local profile: its embedded simulator on 127.0.0.1:SIM_PORT, or a free port
# when SIM_PORT is unset), for the single-route benchmarks (tools.sh, cache.sh): port, log file, token
# scopes, then more gateway arguments. Sets GW_PID (in PIDS), GW_DATA and TOKEN (demo-admin, a fresh
# secret, the scopes asked, valid an hour).
start_standalone_gateway() {  # port log scopes [args...]
  local port=$1 log=$2 scopes=$3; shift 3
  if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is in use" >&2; exit 1; fi
  GW_DATA=$(mktemp -d)
  local secret="bench-admin-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  GATEWAY_DATA_DIR="$GW_DATA" GATEWAY_DEMO_ADMIN_SECRET="$secret" "${JAVA:-java}" -jar "$(jar)" \
    --spring.profiles.active=local --server.port="$port" --gateway.simulator.port="${SIM_PORT:-0}" \
    --gateway.jwt.access-token-ttl=3600s "$@" > "$log" 2>&1 &
  GW_PID=$!; PIDS+=("$GW_PID")
  wait_healthy "$port" "$GW_PID" "$log"
  TOKEN=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/token" -u "demo-admin:$secret" \
    -d grant_type=client_credentials --data-urlencode "scope=$scopes" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  [ -n "$TOKEN" ] || { echo "no token, see $log" >&2; exit 1; }
}

# the Cortex simulator: the same jar, asked for explicitly (local profile), listening on
# 127.0.0.1:SIM_PORT (the simulator's own listener; its gateway part sits on a free loopback port,
# unused), its own data dir; Java 17, -Xmx2g (SIM_JVM_ARGS: more JVM options)
launch_sim() {  # out dir
  SIM_DATA=$(mktemp -d)
  # shellcheck disable=SC2086
  GATEWAY_DATA_DIR="$SIM_DATA" "$JAVA17" -Xmx2g ${SIM_JVM_ARGS:-} -jar "$JAR" --spring.profiles.active=local \
    --gateway.simulator.port="$SIM_PORT" --gateway.simulator.max-connections=30000 \
    --server.port=0 --server.address=127.0.0.1 --server.shutdown=immediate > "$1/simulator.log" 2>&1 &
  SIM_PID=$!; PIDS+=("$SIM_PID")
}
start_sim() { launch_sim "$1"; wait_answering "$SIM_PORT" "$SIM_PID" "$1/simulator.log"; }

# both at once (start-up is most of a short run's time); the gateway needs no upstream to start
start_sim_and_gateway() {  # out dir, gateway log name
  launch_sim "$1"
  start_gateway "$1" "$2"
  wait_answering "$SIM_PORT" "$SIM_PID" "$1/simulator.log"
}

# the gateway under test, Cortex at the simulator process (local profile for its demo clients and
# the simulator's token, without a simulator of its own); TOKEN: a demo-admin service token
# (GATEWAY_JVM_ARGS: more JVM options). Chat runs open at once are capped at 1,000 by default
# (gateway.chat.max-open-runs, answered 429 beyond): raised so the capacity steps measure memory.
start_gateway() {  # out dir, log name
  GW_DATA=$(mktemp -d)
  GW_LOG="$1/$2"
  # shellcheck disable=SC2086
  GATEWAY_DATA_DIR="$GW_DATA" GATEWAY_DEMO_ADMIN_SECRET=$SECRET GATEWAY_CORTEX_BASE_URL="http://127.0.0.1:$SIM_PORT" \
    "$JAVA" -Xmx"$GATEWAY_HEAP" ${GATEWAY_JVM_ARGS:-} -jar "$JAR" --spring.profiles.active=local \
      --gateway.simulator.enabled=false --server.port="$PORT" \
      --gateway.sse.heartbeat-interval="${HEARTBEAT_MS}ms" --gateway.cortex.inactivity-timeout="$INACTIVITY" \
      --gateway.rate-limits.enabled="${RATE_LIMITS_ENABLED:-false}" \
      --gateway.chat.max-open-runs="${MAX_OPEN_RUNS:-20000}" \
      $EXTRA_GATEWAY_ARGS > "$GW_LOG" 2>&1 &
  GW_PID=$!; PIDS+=("$GW_PID")
  wait_healthy "$PORT" "$GW_PID" "$GW_LOG"
  TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-admin\",\"client_secret\":\"$SECRET\"}" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  [ -n "$TOKEN" ] || { echo "no token" >&2; exit 1; }
}

stop_all() { stop_started; rm -rf "${SIM_DATA:-}" "${GW_DATA:-}"; }

# --- streaming (bench/StreamBench.java)

# Class path holding bench/StreamBench.java compiled (into target/bench-classes, again only when the
# source is newer): the source launcher would compile it at every call, seconds each on a busy machine
stream_bench_cp() {
  local dir="$ROOT/target/bench-classes"
  if [ ! "$dir/StreamBench.class" -nt "$ROOT/bench/StreamBench.java" ]; then
    mkdir -p "$dir"
    "$(jdk_tool "$CLIENT_JAVA" javac)" -nowarn -d "$dir" "$ROOT/bench/StreamBench.java" >&2
  fi
  echo "$dir"
}

# key=value lines from a LAT_RESULT line, prefixed: TTFE, first text event, gap between events
stream_latency() {  # prefix target url token concurrency streams
  local line
  line=$(timeout 600 "$CLIENT_JAVA" -cp "$(stream_bench_cp)" StreamBench latency "$2" "$3" "$4" "$5" "$6" "$WARMUP" 60 \
    "$LAT_QUESTION" "$OUT/raw-$1.txt" | grep '^LAT_RESULT' || echo "LAT_RESULT failed=client")
  echo "$line" | sed 's/^LAT_RESULT //' | tr ' ' '\n' | sed "s/^/$1_/"
}

gw_sample() {  # prefix: heap after full GC, RSS, threads, fds
  local jcmd heap
  jcmd=$(jdk_tool "$JAVA" jcmd)
  "$jcmd" "$GW_PID" GC.run >/dev/null 2>&1 || true
  heap=$("$jcmd" "$GW_PID" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*' || echo 0)
  echo "$1_live_heap_mb=$(( ${heap:-0} / 1024 ))"
  echo "$1_rss_mb=$(( $(ps -o rss= -p "$GW_PID" 2>/dev/null || echo 0) / 1024 ))"
  echo "$1_threads=$(awk '/^Threads:/{print $2}' "/proc/$GW_PID/status" 2>/dev/null || echo 0)"
  echo "$1_fds=$(ls "/proc/$GW_PID/fd" 2>/dev/null | wc -l)"
  echo "$1_sim_fds=$(ls "/proc/$SIM_PID/fd" 2>/dev/null | wc -l)"
  echo "$1_loadavg=$(cut -d' ' -f1 /proc/loadavg)"
}

# Held chat streams in cumulative STEPS against the running gateway: appends key=value lines to the
# result file (s<N>_*, capacity_largest_full_step, capacity_stop). Stops at the first step with a
# failure, a stream without a recent heartbeat, a dead gateway, an OutOfMemoryError in the log, or
# live heap >= 95 % of GATEWAY_HEAP.
stream_capacity() {  # result file
  local result=$1 chat="http://127.0.0.1:$PORT/api/v1/chat"
  gw_sample idle >> "$result"
  local control; control=$(mktemp -d)
  timeout 3600 "$CLIENT_JAVA" -Xmx2g -cp "$(stream_bench_cp)" StreamBench hold "$chat" "$TOKEN" "$HOLD_QUESTION" \
    "$HEARTBEAT_MS" "$STEPS" "$STEP_TIMEOUT_S" "$control" > "$OUT/hold.txt" 2>&1 &
  local hold_pid=$!; PIDS+=("$hold_pid")
  local step total largest=0 stop_reason="all steps held" step_list
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
    "$(jdk_tool "$JAVA" jcmd)" "$GW_PID" Thread.print > "$OUT/threads-$total.txt" 2>/dev/null || true
    local open recent failed heap
    open=$(echo "$step" | grep -o ' open=[0-9]*' | grep -o '[0-9]*')
    recent=$(echo "$step" | grep -o 'recent_heartbeat=[0-9]*' | grep -o '[0-9]*')
    failed=$(echo "$step" | grep -o 'failed=[0-9]*' | grep -o '[0-9]*')
    heap=$(echo "$sample" | grep live_heap_mb | cut -d= -f2)
    if [ "$open" = "$total" ] && [ "$recent" = "$total" ] && [ "$failed" = 0 ]; then largest=$total; fi
    if ! kill -0 "$GW_PID" 2>/dev/null; then stop_reason="gateway exited at $total"; touch "$control/stop"; break; fi
    if grep -q 'OutOfMemoryError' "$GW_LOG"; then stop_reason="OutOfMemoryError at $total"; touch "$control/stop"; break; fi
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
  kill "$hold_pid" 2>/dev/null || true
  { echo "capacity_largest_full_step=$largest"; echo "capacity_stop=\"$stop_reason\""; } >> "$result"
  rm -rf "$control"
  echo "   -> largest step fully held: $largest ($stop_reason)" >&2
}

# WARN/ERROR messages of a JSON log, by count
warn_error_messages() {  # log
  grep '"level":"\(WARN\|ERROR\)"' "$1" | grep -o '"message":"[^"]\{0,160\}' | sort | uniq -c || true
}
