#!/usr/bin/env bash
# Starts the packaged jar the way the container image does (no profile, `java -jar`) and checks what
# docs/security.md promises of it:
#   1. with no settings it refuses to start and names what is missing (never a secret);
#   2. with Cortex pointed elsewhere it starts, serves no Snowflake path (/api/v2/*) on its port,
#      has no simulator listening anywhere, and no demo client can get a token.
# Run by .ci/run after `mvn -B verify` has built target/cortex-gateway-*.jar; by hand the same way.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=deploy/lib/packaged-jar.sh
source deploy/lib/packaged-jar.sh check-jar-exposure
fail() { echo "check-jar-exposure: FAIL: $*" >&2; [ -f "$WORK/gateway.log" ] && tail -20 "$WORK/gateway.log" >&2; exit 1; }

# 1. no profile, no settings: a clear refusal
set +e
env -u SPRING_PROFILES_ACTIVE -u PROXY_JWT_SECRET -u GATEWAY_CORTEX_BASE_URL -u GATEWAY_CORTEX_AUTH_TYPE \
  GATEWAY_DATA_DIR="$WORK/bare" timeout 120 java -jar "$JAR" --server.port=0 > "$WORK/bare.log" 2>&1
code=$?
set -e
[ "$code" -ne 0 ] || fail "a start with no profile and no settings exited 0"
[ "$code" -ne 124 ] || fail "a start with no profile and no settings did not stop within 120 s"
for name in GATEWAY_CORTEX_BASE_URL PROXY_JWT_SECRET; do
  grep -q "$name" "$WORK/bare.log" || fail "the refusal does not name $name"
done
echo "check-jar-exposure: bare start refused (exit $code), naming the missing settings"

# 2. no profile, Cortex elsewhere: no simulator, no demo clients
PORT=$(free_port)
SECRET="exposure-check-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
env -u SPRING_PROFILES_ACTIVE GATEWAY_DATA_DIR="$WORK/data" PROXY_JWT_SECRET="$SECRET" \
  GATEWAY_CORTEX_BASE_URL=https://myorg-myaccount.snowflakecomputing.com GATEWAY_CORTEX_AUTH_TYPE=pat \
  SNOWFLAKE_TOKEN=a-pat-for-elsewhere java -jar "$JAR" --server.port="$PORT" > "$WORK/gateway.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || fail "the gateway exited during start-up"
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null || fail "the gateway did not answer health within 120 s"

for path in /api/v2/statements /api/v2/cortex/agent:run; do
  status=$(curl -s -o "$WORK/answer.json" -w '%{http_code}' -X POST "http://127.0.0.1:$PORT$path" \
    -H 'Authorization: Bearer anything' -H 'Content-Type: application/json' -d '{"statement":"SELECT 1"}')
  [ "$status" = 404 ] || fail "POST $path answered $status on the gateway's port, not 404"
  grep -q '"NOT_FOUND"' "$WORK/answer.json" || fail "POST $path is not the 404 error envelope"
done
echo "check-jar-exposure: /api/v2/* is the 404 envelope on the gateway's port"

# the only listening sockets of the process are the gateway's port (no simulator listener)
if command -v ss > /dev/null; then
  others=$(ss -ltnpH 2>/dev/null | grep "pid=$PID," | awk '{print $4}' | grep -v ":$PORT\$" || true)
  [ -z "$others" ] || fail "the gateway listens on more than its port: $others"
  echo "check-jar-exposure: the process listens on port $PORT only"
fi

status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/api/v1/session/token" \
  -H 'Content-Type: application/json' -H 'X-Client-Version: 1.4.2' \
  -d "{\"clientId\":\"demo-web\",\"nonce\":\"$(cat /proc/sys/kernel/random/uuid)\"}")
[ "$status" = 401 ] || fail "a demo-web session token answered $status, not 401 (demo clients are local-only)"
echo "check-jar-exposure: no demo clients"
grep -q "$SECRET" "$WORK/gateway.log" && fail "the JWT secret appears in the log"
echo "check-jar-exposure: ok"
