#!/usr/bin/env bash
# Builds the npm package's two flavours from the size-optimised `wasm-release` profile:
#   pkg/web/   ES module for browsers and bundlers (`--target web`; call the default export first)
#   pkg/node/  CommonJS for Node (`--target nodejs`; loads the .wasm synchronously)
# Needs the wasm32-unknown-unknown target and wasm-bindgen-cli at the version of the
# wasm-bindgen crate in Cargo.lock (test.sh installs both). Works from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

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
