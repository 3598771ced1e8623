# Shared by the deploy/check-*.sh scripts that start the packaged jar (source it from the repository
# root with the script's name as $1): JAR is the gateway jar, WORK a folder removed on exit, PID the
# started gateway, stopped on exit; free_port prints a free local port.
CHECK_NAME=$1
JAR=$(ls target/cortex-gateway-*.jar 2>/dev/null | grep -v -- '-plain' | head -1 || true)
[ -n "$JAR" ] || { echo "$CHECK_NAME: no target/cortex-gateway-*.jar; run mvn -B package first" >&2; exit 2; }
WORK=$(mktemp -d)
PID=
# keeps the script's own exit status (the stopped gateway's 143 must not become it)
cleanup() {
  local code=$?
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit "$code"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
