#!/usr/bin/env bash
# axe-core (the accessibility rules the browser tests run) from the npm registry, unpacked beside the venv;
# nothing is fetched when the tests run. Usage: scripts/install-axe.sh VENV_DIR
set -euo pipefail
VERSION=4.10.3
DEST="${1:-.venv}/axe-core"
if [ -f "$DEST/axe.min.js" ] && grep -q "axe v$VERSION" "$DEST/axe.min.js"; then
  exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "axe-core@$VERSION" >/dev/null)
tar -xzf "$WORK/axe-core-$VERSION.tgz" -C "$WORK" package/axe.min.js
mkdir -p "$DEST"
mv "$WORK/package/axe.min.js" "$DEST/axe.min.js"
