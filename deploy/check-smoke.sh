#!/usr/bin/env bash
# Proves the smoke command (deploy/smoke.sh) against the freshly built jar, as .ci/run does:
#   1. on a healthy gateway (local profile) every smoke case passes;
#   2. with a route switched off (POST /api/v1/pipelines/tools-list/disable) it exits 1 naming the
#      case, with the X-Trace-Id of the failing answer, which the gateway's log has too;
#   3. switched back on, it passes again. The client secret is never in its output.
# Local profile on free ports; the gateway is stopped on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=deploy/lib/packaged-jar.sh
source deploy/lib/packaged-jar.sh check-smoke
[ -f target/smoke/cortex-gateway-smoke.jar ] || { echo "check-smoke: no target/smoke/cortex-gateway-smoke.jar; run mvn -B package first" >&2; exit 2; }
fail() { echo "check-smoke: FAIL: $*" >&2; [ -f "$WORK/smoke.out" ] && sed 's/^/  | /' "$WORK/smoke.out" >&2; exit 1; }

PORT=$(free_port)
SECRET="smoke-check-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
GATEWAY_DATA_DIR="$WORK/data" GATEWAY_DEMO_ADMIN_SECRET="$SECRET" \
  java -XX:TieredStopAtLevel=1 -jar "$JAR" --spring.profiles.active=local --server.port="$PORT" \
  --gateway.simulator.port=0 > "$WORK/gateway.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -sf "$BASE/api/v1/health" > /dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || fail "the gateway exited during start-up"
  sleep 1
done
curl -sf "$BASE/api/v1/health" > /dev/null || fail "the gateway did not answer health within 120 s"

# the demo-admin client stands in for a deployment's smoke client; its secret only in the environment
smoke() { GATEWAY_SMOKE_CLIENT_SECRET="$SECRET" deploy/smoke.sh --base-url "$BASE" --client-id demo-admin > "$WORK/smoke.out" 2>&1; }
# an admin token for the flag switch; the secret goes to curl on stdin, not on its command line
ADMIN=$(printf 'user = "demo-admin:%s"\n' "$SECRET" | curl -s -K - -X POST "$BASE/api/v1/auth/token" \
  -d grant_type=client_credentials -d scope=admin | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$ADMIN" ] || fail "no admin token from demo-admin"
switch() {
  local status
  status=$(printf 'header = "Authorization: Bearer %s"\n' "$ADMIN" | curl -s -K - -o /dev/null -w '%{http_code}' \
    -X POST "$BASE/api/v1/pipelines/tools-list/$1")
  [ "$status" = 200 ] || fail "POST /api/v1/pipelines/tools-list/$1 answered $status"
}

smoke || fail "the smoke command failed against a healthy gateway (exit $?)"
grep -q "^smoke: all [0-9]* smoke cases passed" "$WORK/smoke.out" || fail "no 'all ... passed' line"
# the jar ran the cases packed into it (as on a machine with only Java), not a checkout's
grep -q "^smoke: [0-9]* cases marked smoke: true of [0-9]* under /routes-tests$" "$WORK/smoke.out" || fail "the jar did not use its own cases"
echo "check-smoke: $(grep -c '^ok ' "$WORK/smoke.out") checks passed against a healthy gateway"

switch disable
set +e; smoke; code=$?; set -e
switch enable
[ "$code" = 1 ] || fail "with tools-list switched off the smoke command exited $code, not 1"
grep -q "^FAIL  tools/tools-list-smoke-token.yaml" "$WORK/smoke.out" || fail "the failure does not name tools/tools-list-smoke-token.yaml"
grep -q "ROUTE_DISABLED" "$WORK/smoke.out" || fail "the failure does not show the ROUTE_DISABLED answer"
trace=$(sed -n 's/^  X-Trace-Id: \([0-9a-f]\{32\}\)$/\1/p' "$WORK/smoke.out" | head -1)
[ -n "$trace" ] || fail "the failure prints no X-Trace-Id"
grep -q "$trace" "$WORK/gateway.log" || fail "the printed trace id $trace is not in the gateway's log"
echo "check-smoke: with tools-list switched off it failed (exit 1) naming the case and trace id $trace"

smoke || fail "the smoke command failed after tools-list was switched back on"
if grep -q -- "$SECRET" "$WORK/smoke.out" "$WORK/gateway.log"; then fail "the client secret was printed or logged"; fi
echo "check-smoke: ok"
