#!/usr/bin/env bash
# Builds the npm package's two flavours from the size-optimised `wasm-release` profile:
#   pkg/web/   ES module for browsers and bundlers (`--target web`; call the default export first)
#   pkg/node/  CommonJS for Node (`--target nodejs`; loads the .wasm synchronously)
# and runs Binaryen's wasm-opt on the module the two share.
# Needs the wasm32-unknown-unknown target and wasm-bindgen-cli at the version of the
# wasm-bindgen crate in Cargo.lock (test.sh installs both), and installs the npm dev dependencies
# (Binaryen at the version pinned in package.json) when wasm-opt is missing. Works from any
# directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

wasm_opt="$here/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# The profile strips debug info only (`strip = true` would also drop the `target_features`
# section wasm-bindgen reads); wasm-bindgen drops the names below.
cargo build --manifest-path "$root/Cargo.toml" --profile wasm-release \
  --target wasm32-unknown-unknown -p scimkit-wasm

target_dir="$(cargo metadata --manifest-path "$root/Cargo.toml" --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')"
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/scimkit_wasm.wasm"

for flavour in web node; do
  out="$here/pkg/$flavour"
  rm -rf "$out"
  target=$flavour
  [ "$flavour" = node ] && target=nodejs
  wasm-bindgen --target "$target" --out-dir "$out" --out-name scimkit_wasm \
    --remove-name-section --remove-producers-section "$wasm"
  # The web build is an ES module and the Node build CommonJS, whatever imports them.
  if [ "$flavour" = web ]; then type=module; else type=commonjs; fi
  printf '{ "type": "%s" }\n' "$type" >"$out/package.json"
done

# Binaryen's optimiser on the module both flavours share (wasm-bindgen writes the same bytes for
# each): 25 kB smaller raw and 4 kB gzipped. Not its default inlining of functions called from
# one place, which makes the module smaller raw but larger gzipped (153.4 kB instead of 148.0 at
# -Os); the measurements are in README.md ("Size").
bg=scimkit_wasm_bg.wasm
cmp -s "$here/pkg/web/$bg" "$here/pkg/node/$bg" || { echo "error: the two flavours' $bg differ" >&2; exit 1; }
"$wasm_opt" -Os --one-caller-inline-max-function-size=0 "$here/pkg/web/$bg" -o "$here/pkg/web/$bg"
cp "$here/pkg/web/$bg" "$here/pkg/node/$bg"

# `PROFILES`, a constant (which wasm-bindgen cannot export): the names the module itself gives
# (`Profile::ALL`), written as a literal because the web build has no module before `init()`.
profiles="$(node -e 'console.log(JSON.stringify(require(process.argv[1]).__scimkitProfiles()))' \
  "$here/pkg/node/scimkit_wasm.js")"
printf '\nexports.PROFILES = Object.freeze(%s);\n' "$profiles" >>"$here/pkg/node/scimkit_wasm.js"
printf '\nexport const PROFILES = Object.freeze(%s);\n' "$profiles" >>"$here/pkg/web/scimkit_wasm.js"

node -e '
  const b = require("fs").readFileSync(process.argv[1]);
  const gz = require("zlib").gzipSync(b, { level: 9 }).length;
  console.log(`built ${process.argv[2]}/pkg/{web,node}: scimkit_wasm_bg.wasm ${b.length} bytes, ${gz} gzipped`);
' "$here/pkg/web/scimkit_wasm_bg.wasm" "$here"
