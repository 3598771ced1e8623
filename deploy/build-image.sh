#!/usr/bin/env bash
# Builds the gateway's container image with Jib, without a Docker daemon, into target/jib-image.tar,
# and checks what the image says (entrypoint, user, port, labels, layers).
#
#   deploy/build-image.sh                  base eclipse-temurin:17-jre (needs access to Docker Hub)
#   deploy/build-image.sh --local-base     base built here from this machine's JDK (deploy/image/local-base.sh):
#                                          no registry at all, for machines that reach only Maven Central
#   deploy/build-image.sh --push IMAGE     jib:build straight to a registry (docker login or credHelpers first)
#   BASE_IMAGE=... deploy/build-image.sh   any other base: a registry image, docker://name (local daemon)
#                                          or tar:///abs/path.tar (a `docker save` tarball)
# The image sets no profile: started without settings it stops and names them; it never runs the
# local Cortex simulator or demo clients unless SPRING_PROFILES_ACTIVE=local says so (docs/security.md).
# Then `docker load -i target/jib-image.tar` (or podman/skopeo) and push. deploy/image/run-extracted.sh
# starts the built image's filesystem without a container runtime (root; a read-only rootfs like
# Kubernetes' readOnlyRootFilesystem). Decision: docs/decisions/0016-container-image-and-kubernetes.md.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${BASE_IMAGE:-}
goal=jib:buildTar
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --local-base) deploy/image/local-base.sh target/base-image/base.tar
                  base="tar://$PWD/target/base-image/base.tar" ;;
    --push) goal=jib:build; args+=("-Djib.to.image=$2"); shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$base" ] && args+=("-Djib.from.image=$base")

# tests are the suite's job; the image is built from what `package` compiled
mvn -B ${MAVEN_OFFLINE:+-o} -DskipTests "${args[@]}" package "$goal"
[ "$goal" = jib:build ] && exit 0

tar=target/jib-image.tar
inspect=$(mktemp -d)
trap 'rm -rf "$inspect"' EXIT
tar -C "$inspect" -xf "$tar" manifest.json config.json
echo "image tarball: $tar ($(du -h "$tar" | cut -f1))"
jq -r '.[0] | "tags: \(.RepoTags | join(", "))\nlayers: \(.Layers | length)"' "$inspect/manifest.json"
tar -tvf "$tar" | awk '$6 ~ /\.tar\.gz$/ {printf "  %8.1f MB  %s\n", $3 / 1048576, $6}'
jq -r '.config | "entrypoint: \(.Entrypoint | join(" "))\nuser: \(.User)\nworkdir: \(.WorkingDir)\nports: \(.ExposedPorts | keys | join(", "))\nenv: \(.Env | join(" "))\nlabels: \(.Labels | to_entries | map("\(.key)=\(.value)") | join("; "))"' "$inspect/config.json"

# what the Kubernetes manifests rely on: fail loudly when the pom's Jib configuration drifts
jq -e '.config.User | test("^[1-9][0-9]*:[0-9]+$")' "$inspect/config.json" >/dev/null \
  || { echo "image user is not a numeric non-root uid (runAsNonRoot needs one)" >&2; exit 1; }
jq -e '.config.ExposedPorts | has("8080/tcp")' "$inspect/config.json" >/dev/null \
  || { echo "image does not expose 8080" >&2; exit 1; }
jq -e '.config.Entrypoint | index("-XX:+ExitOnOutOfMemoryError") and (map(select(startswith("-XX:MaxRAMPercentage="))) | length == 1)' \
  "$inspect/config.json" >/dev/null || { echo "entrypoint lacks the container JVM flags" >&2; exit 1; }
jq -e '.config.Env | map(select(startswith("SPRING_PROFILES_ACTIVE="))) | length == 0' "$inspect/config.json" >/dev/null \
  || { echo "image sets SPRING_PROFILES_ACTIVE: it must start with no profile (no simulator, no demo clients)" >&2; exit 1; }
echo "image checks passed"
