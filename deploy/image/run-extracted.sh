#!/usr/bin/env bash
# Starts the image in target/jib-image.tar without a container runtime: unpacks its layers in order,
# mounts the result read-only (as Kubernetes' readOnlyRootFilesystem does) with a tmpfs on /tmp (the
# emptyDir of deploy/k8s/deployment.yaml), and runs the image's entrypoint with its env, user and
# working directory in a chroot. Needs root (chroot, mount). Stops with Ctrl-C or SIGTERM, which
# reaches the JVM as a pod's SIGTERM would.
#
#   sudo deploy/image/run-extracted.sh [NAME=VALUE ...]     e.g. SPRING_PROFILES_ACTIVE=local PORT=18080
# The image sets no profile: without settings it stops, naming the missing ones (docs/security.md);
# SPRING_PROFILES_ACTIVE=local tries it with the local simulator and demo clients.
set -euo pipefail
cd "$(dirname "$0")/../.."

tar=target/jib-image.tar
dir=target/image-run
[ -f "$tar" ] || { echo "no $tar: run deploy/build-image.sh first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root (chroot, mount)" >&2; exit 1; }

rm -rf "$dir"; mkdir -p "$dir/layers" "$dir/rootfs" "$dir/ro"
tar -C "$dir/layers" -xf "$tar"
for layer in $(jq -r '.[0].Layers[]' "$dir/layers/manifest.json"); do
  tar --warning=no-unknown-keyword -C "$dir/rootfs" -xzf "$dir/layers/$layer"
done
mkdir -p "$dir/rootfs/proc" "$dir/rootfs/dev" "$dir/rootfs/tmp"

cleanup() {
  for m in tmp proc dev ""; do mountpoint -q "$dir/ro/$m" && umount "$dir/ro/$m"; done
  return 0
}
trap cleanup EXIT
mount --bind "$dir/rootfs" "$dir/ro" && mount -o remount,bind,ro "$dir/ro"
mount -t tmpfs -o mode=1777,size=256m tmpfs "$dir/ro/tmp"
mount -t proc proc "$dir/ro/proc"
mount --bind /dev "$dir/ro/dev"

# the entrypoint as a container runtime runs it: image env (+ overrides), numeric user, workdir
python3 - "$dir/ro" "$dir/layers/config.json" "$@" <<'PY' &
import json, os, sys
root, config = sys.argv[1], json.load(open(sys.argv[2]))["config"]
env = dict(e.split("=", 1) for e in config["Env"])
env.update(a.split("=", 1) for a in sys.argv[3:])
uid, gid = (int(x) for x in config["User"].split(":"))
os.chroot(root)
os.chdir(config["WorkingDir"])
os.setgroups([]); os.setgid(gid); os.setuid(uid)
os.execvpe(config["Entrypoint"][0], config["Entrypoint"], env)
PY
pid=$!
trap 'kill -TERM $pid 2>/dev/null' INT TERM
wait $pid || true
wait $pid 2>/dev/null || true
