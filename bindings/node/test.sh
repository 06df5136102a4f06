#!/usr/bin/env bash
# The Node binding's tests, set-up included: npm packages (when missing or stale), a debug build
# of the addon, then every node:test file. Safe to re-run from any directory; reuses what is there.
# Needs cargo (rustup) and Node 18+ with npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

step() { printf '\n==> %s\n' "$*"; }

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "test.sh: $tool is required" >&2; exit 2; }
done

# Install when node_modules is missing or was installed from another package-lock.json. Not
# `npm ci`: a lock file written where the registry lacks other platforms' optional packages (as
# @napi-rs/cli's native helpers have) does not list them, and `npm ci` refuses such a lock; `npm
# install --no-save` installs the locked versions without rewriting the lock.
lock_hash="$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha256").update(f.readFileSync("package-lock.json")).digest("hex"))')"
stamp=node_modules/.scimkit-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  step "npm install"
  npm install --no-save --no-audit --no-fund
  printf '%s' "$lock_hash" >"$stamp"
fi

# Build into a scratch directory: the addon is copied beside index.js, and the generated
# index.d.ts / index.js stay there for test/dts.test.mjs to compare with the committed ones.
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
step "napi build (debug)"
node node_modules/@napi-rs/cli/dist/cli.js build --platform --output-dir "$out"
cp "$out"/*.node .

step "node --test"
SCIMKIT_NODE_GENERATED="$out" node --test test/*.test.mjs
