#!/usr/bin/env bash
# axe-core (the accessibility rules the browser tests run) from the npm registry, unpacked beside the venv;
# nothing is fetched when the tests run. Plain HTTPS from the registry, so a machine without npm works too.
# Usage: scripts/install-axe.sh VENV_DIR
set -euo pipefail
VERSION=4.10.3
DEST="${1:-.venv}/axe-core"
if [ -f "$DEST/axe.min.js" ] && grep -q "axe v$VERSION" "$DEST/axe.min.js"; then
  exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
URL="${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}"
URL="${URL%/}/axe-core/-/axe-core-$VERSION.tgz"
python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$URL" "$WORK/axe.tgz"
tar -xzf "$WORK/axe.tgz" -C "$WORK" package/axe.min.js
mkdir -p "$DEST"
mv "$WORK/package/axe.min.js" "$DEST/axe.min.js"
