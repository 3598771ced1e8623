#!/usr/bin/env bash
# Rolls an image out to a Kubernetes namespace and keeps it only if the smoke test passes: the
# deploy step of .github/workflows/release.yaml, runnable by hand the same way (docs/release.md).
#
#   deploy/release.sh --image REF --namespace NS [--smoke-client-id ID]   (secret: GATEWAY_SMOKE_CLIENT_SECRET)
#   deploy/release.sh --image REF --namespace NS --render-only            (print the manifests, touch nothing)
#
#   1. renders deploy/k8s with the image (REF: name:tag or name@sha256:...) into the namespace and applies it;
#   2. waits for the rollout (kubectl rollout status, ROLLOUT_TIMEOUT, default 10m);
#   3. runs the smoke command (deploy/smoke.sh) through a port-forward to the Service, or against
#      SMOKE_BASE_URL (an https:// address of the gateway) when set;
#   4. when 2 or 3 fails: kubectl rollout undo to the revision that ran before, waits for it, exits 1.
# Needs kubectl (KUBECONFIG), curl and java 17. The namespace, its Secret (deploy/k8s/secret.template.yaml)
# and the smoke client's secret in it must exist. Secrets are only read from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE= NAMESPACE= CLIENT_ID=release-smoke RENDER_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --image) IMAGE=$2; shift ;;
    --namespace) NAMESPACE=$2; shift ;;
    --smoke-client-id) CLIENT_ID=$2; shift ;;
    --render-only) RENDER_ONLY=1 ;;
    *) echo "release: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$IMAGE" ] && [ -n "$NAMESPACE" ] || { echo "release: --image and --namespace are required" >&2; exit 2; }
# both go into YAML below: only the characters their formats allow (no quote, no newline)
[[ "$NAMESPACE" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || { echo "release: '$NAMESPACE' is not a namespace name" >&2; exit 2; }
[[ "$IMAGE" =~ ^[A-Za-z0-9._/:@-]+$ ]] || { echo "release: '$IMAGE' is not an image reference" >&2; exit 2; }
DEPLOYMENT=deployment/cortex-gateway
TIMEOUT=${ROLLOUT_TIMEOUT:-10m}
WORK=$(mktemp -d)
FORWARD=
cleanup() {
  local code=$?
  if [ -n "$FORWARD" ]; then kill "$FORWARD" 2>/dev/null || true; wait "$FORWARD" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit "$code"
}
trap cleanup EXIT

# an overlay of deploy/k8s that only sets the namespace and the image (kubectl's built-in kustomize)
if [[ "$IMAGE" == *@* ]]; then
  image_fields="newName: \"${IMAGE%@*}\""$'\n'"    digest: \"${IMAGE#*@}\""
elif [[ "${IMAGE##*/}" == *:* ]]; then
  image_fields="newName: \"${IMAGE%:*}\""$'\n'"    newTag: \"${IMAGE##*:}\""
else
  echo "release: --image needs a tag or a digest (name:tag or name@sha256:...), got $IMAGE" >&2; exit 2
fi
mkdir -p "$WORK/overlay"
cat > "$WORK/overlay/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: "$NAMESPACE"
resources:
  - $(realpath --relative-to="$WORK/overlay" deploy/k8s)
images:
  - name: cortex-gateway
    $image_fields
YAML
if [ "$RENDER_ONLY" = 1 ]; then
  kubectl kustomize "$WORK/overlay"
  exit 0
fi

k() { kubectl --namespace "$NAMESPACE" "$@"; }
revision() { k get "$DEPLOYMENT" -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}' 2>/dev/null || true; }

before=$(revision)
echo "release: $IMAGE to namespace $NAMESPACE (running revision: ${before:-none})"
roll_back() {
  local why=$1 now
  now=$(revision)
  if [ -z "$before" ]; then
    echo "release: FAILED ($why); first release in $NAMESPACE, nothing to roll back to" >&2
  elif [ "$now" = "$before" ]; then
    echo "release: FAILED ($why); the apply changed no pod template (still revision $before), nothing to roll back" >&2
  else
    echo "release: FAILED ($why); rolling back from revision $now to $before" >&2
    k rollout undo "$DEPLOYMENT" --to-revision="$before"
    k rollout status "$DEPLOYMENT" --timeout="$TIMEOUT" || echo "release: the rollback has not finished within $TIMEOUT either" >&2
  fi
  exit 1
}

# a failed apply may have changed some objects and not others: roll back what did change
k apply -k "$WORK/overlay" || roll_back "kubectl apply failed"
k rollout status "$DEPLOYMENT" --timeout="$TIMEOUT" || roll_back "the rollout did not become ready within $TIMEOUT"
echo "release: rolled out (revision $(revision))"

base=${SMOKE_BASE_URL:-}
if [ -z "$base" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  k port-forward service/cortex-gateway "$port:80" > "$WORK/port-forward.log" 2>&1 &
  FORWARD=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 30); do curl -sf "$base/api/v1/health" > /dev/null 2>&1 && break; sleep 1; done
fi
deploy/smoke.sh --base-url "$base" --client-id "$CLIENT_ID" || roll_back "the smoke test failed"
echo "release: $IMAGE is live in $NAMESPACE and passed the smoke test"
