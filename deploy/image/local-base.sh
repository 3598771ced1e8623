#!/usr/bin/env bash
# Builds a small Java 17 base image as a Docker-format tarball, from this machine's JDK, without a
# registry or a Docker daemon: a jlink runtime at /opt/java/openjdk (where eclipse-temurin has it),
# the shared libraries it links against, /etc/passwd with a non-root user 65532, and a 1777 /tmp.
# It exists to prove `jib:buildTar` offline (deploy/build-image.sh --local-base); production images
# use eclipse-temurin:17-jre (docs/decisions/0016-container-image-and-kubernetes.md).
#
#   deploy/image/local-base.sh [out.tar]     default: target/base-image/base.tar
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root_dir/target/base-image/base.tar}
jdk=${JDK_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -d "$jdk/jmods" ] || { echo "no jmods in $jdk: jlink needs a full JDK (Debian: openjdk-17-jdk)" >&2; exit 1; }

rootfs=$work/rootfs
mkdir -p "$rootfs/opt/java" "$rootfs/etc" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"

# every module of the JDK but the incubator ones (they print a warning at each start): the gateway
# (Spring, snowflake-jdbc, Netty in Lettuce) reaches into more modules than a jdeps scan shows
modules=$(ls "$jdk/jmods" | sed 's/\.jmod$//' | grep -v '^jdk\.incubator\.' | paste -sd, -)
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$rootfs/opt/java/openjdk"

# the shared libraries the runtime links against (glibc, zlib...), at the paths the loader expects
find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u \
  | while read -r lib; do
      [ -e "$lib" ] || continue
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
# glibc's resolver and name service modules: DNS lookups (PostgreSQL, Redis, Snowflake hosts)
for lib in /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 \
           /lib/x86_64-linux-gnu/libresolv.so.2; do
  [ -e "$lib" ] && { mkdir -p "$rootfs$(dirname "$lib")"; cp -L "$lib" "$rootfs$lib"; }
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"

tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -cf "$work/layer.tar" .
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)

jq -n --arg diff "$diff_id" --arg jdk "$("$rootfs/opt/java/openjdk/bin/java" -version 2>&1 | head -1)" '{
  architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
  config: {
    Env: ["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "JAVA_HOME=/opt/java/openjdk", "JAVA_VERSION=17"],
    Labels: {"org.opencontainers.image.description": ("local base for offline builds: " + $jdk)}
  },
  rootfs: {type: "layers", diff_ids: [$diff]},
  history: [{created: "1970-01-01T00:00:00Z", created_by: "deploy/image/local-base.sh"}]
}' > "$work/config.json"
jq -n '[{Config: "config.json", RepoTags: ["cortex-gateway-base:local"], Layers: ["layer.tar"]}]' > "$work/manifest.json"

mkdir -p "$(dirname "$out")"
tar -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1), layer $diff_id)"
