#!/usr/bin/env bash
# Set-up from nothing (reusing whatever is already there), build, and run every test of the
# WebAssembly binding. Works from any directory.
#
#   rustup target wasm32-unknown-unknown
#   wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock
#   Debian's chromium (/usr/bin/chromium; CHROMIUM=/path/to/chrome uses another)
#   npm dev dependencies (playwright-core, which never downloads a browser; binaryen, for
#   wasm-opt)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
step() { printf '\n== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs)"
command -v node >/dev/null && command -v npm >/dev/null ||
  die "node and npm are missing: install Node.js 20 or newer"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: 20 or newer is needed"

step "Rust target wasm32-unknown-unknown"
if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    rustup target add wasm32-unknown-unknown
else
  rustc --print target-libdir --target wasm32-unknown-unknown >/dev/null 2>&1 ||
    die "no rustup, and the wasm32-unknown-unknown standard library is missing"
fi

step "wasm-bindgen-cli"
[ -f "$root/Cargo.lock" ] || cargo generate-lockfile --manifest-path "$root/Cargo.toml"
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
[ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"
# Where `cargo install` puts binaries.
export PATH="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin:$PATH"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" = "$want" ]; then
  echo "wasm-bindgen $have (matches Cargo.lock)"
else
  echo "wasm-bindgen ${have:-not installed}; Cargo.lock wants $want: installing"
  # Not --locked: a dependency pinned in wasm-bindgen-cli's own lock file is not always
  # available from the registry mirror.
  cargo install wasm-bindgen-cli --version "$want"
fi

step "Chromium"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  [ -n "${CHROMIUM:-}" ] && die "CHROMIUM=$CHROMIUM is not an executable"
  [ "$(id -u)" -eq 0 ] ||
    die "/usr/bin/chromium is missing and installing it needs root: run 'sudo apt-get install -y chromium', or set CHROMIUM to a Chromium or Chrome binary"
  command -v apt-get >/dev/null ||
    die "/usr/bin/chromium is missing and there is no apt-get: install Chromium and set CHROMIUM to it"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
"$chromium" --version 2>/dev/null | head -n 1 || true

step "npm packages"
cd "$here"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
  [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/binaryen ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
else
  echo "node_modules is up to date"
fi

step "clippy (wasm32)"
cargo clippy --manifest-path "$root/Cargo.toml" --target wasm32-unknown-unknown -p scimkit-wasm -- -D warnings

step "build"
bash "$here/build.sh"

step "tests"
node --test tests/*.test.mjs
