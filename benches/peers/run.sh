#!/usr/bin/env bash
# The peer comparison, set-up included: one workload through scimkit (Rust, Python, Node, WASM)
# and the other SCIM libraries of those ecosystems, then benches/RESULTS.md. Safe to re-run from
# any directory: it reuses the virtualenv, node_modules and builds that are up to date.
#
#   .venv/            python3 -m venv, with scim2-filter-parser, scim2-models and maturin pinned
#                     below, and scimkit's wheel (maturin build --release)
#   node_modules/     the pinned npm packages of package.json / package-lock.json
#   build/node/       scimkit's Node addon (napi build --release)
#   build/wasm-node/  scimkit's WASM package (wasm-release profile, wasm-bindgen --target nodejs)
#   target/run/       the workload and each host's results (JSON)
#
# Environment: PEERS_SAMPLE=1 uses the small stand-in workload even when the `workload` binary
# exists; PEERS_ONLY=parse,match,parse+match,patch limits the operations of the Python and Node
# harnesses; PEERS_MIN_REP_S / PEERS_PASS_BUDGET_S tune the timing (README.md).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

SCIM2_FILTER_PARSER_VERSION=0.7.0
SCIM2_MODELS_VERSION=0.12.3
MATURIN_VERSION=1.16.0

run="$here/target/run"
workload="$run/workload"
started=$(date +%s)
step() { printf '\n==> %s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

for tool in cargo python3 node npm; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
export PATH="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin:$PATH"

# Is there a binary NAME in the scimkit-benches package (the lead's crate in benches/)?
benches_bin() {
  [ -f "$root/benches/Cargo.toml" ] || return 1
  cargo metadata --manifest-path "$root/Cargo.toml" --format-version 1 --no-deps 2>/dev/null |
    python3 -c '
import json, sys
meta = json.load(sys.stdin)
sys.exit(0 if any(p["name"] == "scimkit-benches" and any(t["name"] == sys.argv[1] and "bin" in t["kind"] for t in p["targets"]) for p in meta["packages"]) else 1)
' "$1"
}

# ---------------------------------------------------------------------------------------------
step "Python: virtualenv and pinned packages"
venv="$here/.venv"
py="$venv/bin/python"
[ -x "$py" ] || python3 -m venv "$venv"
pinned() { # name version: is it installed at that version?
  "$py" - "$1" "$2" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    sys.exit(0 if version(sys.argv[1]) == sys.argv[2] else 1)
except PackageNotFoundError:
    sys.exit(1)
PY
}
missing=()
pinned scim2-filter-parser "$SCIM2_FILTER_PARSER_VERSION" || missing+=("scim2-filter-parser==$SCIM2_FILTER_PARSER_VERSION")
pinned scim2-models "$SCIM2_MODELS_VERSION" || missing+=("scim2-models==$SCIM2_MODELS_VERSION")
pinned maturin "$MATURIN_VERSION" || missing+=("maturin==$MATURIN_VERSION")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  "$py" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
else
  echo "up to date"
fi

step "Python: scimkit wheel (maturin build --release)"
wheels="$here/target/wheels"
rm -rf "$wheels"
(cd "$root/bindings/python" && nice "$venv/bin/maturin" build --release --quiet --out "$wheels")
wheel="$(ls "$wheels"/scimkit-*.whl | head -n 1)"
wheel_sum="$(sha256sum "$wheel" | cut -d' ' -f1)"
stamp="$venv/.scimkit-wheel-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wheel_sum" ]; then
  "$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
  printf '%s' "$wheel_sum" >"$stamp"
  echo "installed $(basename "$wheel")"
else
  echo "the installed wheel is this build"
fi

# ---------------------------------------------------------------------------------------------
step "npm packages"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp=node_modules/.peers-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  # Not `npm ci` (it can refuse a lock written against another registry mirror): --no-save
  # installs the locked versions without rewriting the lock.
  npm install --no-save --no-audit --no-fund
  printf '%s' "$lock_hash" >"$stamp"
else
  echo "node_modules is up to date"
fi
node_bindings="$root/bindings/node"
nlock="$(sha256sum "$node_bindings/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$node_bindings/node_modules/.scimkit-lock-sha256" ] ||
  [ "$(cat "$node_bindings/node_modules/.scimkit-lock-sha256")" != "$nlock" ]; then
  # The napi CLI lives in the Node binding's own dev dependencies (as its test.sh installs them).
  (cd "$node_bindings" && npm install --no-save --no-audit --no-fund &&
    printf '%s' "$nlock" >node_modules/.scimkit-lock-sha256)
fi

step "Node: scimkit addon (napi build --release)"
mkdir -p "$here/build/node"
(cd "$node_bindings" &&
  nice node node_modules/@napi-rs/cli/dist/cli.js build --platform --release --output-dir "$here/build/node")

# ---------------------------------------------------------------------------------------------
step "WASM: scimkit package (wasm-release profile, wasm-bindgen --target nodejs)"
if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
fi
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$want" ]; then
  echo "wasm-bindgen ${have:-not installed}; Cargo.lock wants $want: installing"
  cargo install wasm-bindgen-cli --version "$want"
fi
nice cargo build --manifest-path "$root/Cargo.toml" --profile wasm-release \
  --target wasm32-unknown-unknown -p scimkit-wasm
target_dir="$(cargo metadata --manifest-path "$root/Cargo.toml" --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
rm -rf "$here/build/wasm-node"
wasm-bindgen --target nodejs --out-dir "$here/build/wasm-node" --out-name scimkit_wasm \
  --remove-name-section --remove-producers-section \
  "$target_dir/wasm32-unknown-unknown/wasm-release/scimkit_wasm.wasm"
printf '{ "type": "commonjs" }\n' >"$here/build/wasm-node/package.json"

# ---------------------------------------------------------------------------------------------
step "workload"
rm -rf "$workload"
mkdir -p "$workload"
if [ -z "${PEERS_SAMPLE:-}" ] && benches_bin workload; then
  nice cargo run --release -q --manifest-path "$root/Cargo.toml" -p scimkit-benches --bin workload -- "$workload"
  touch "$workload/.from-workload-bin"
else
  echo "no scimkit-benches workload binary (or PEERS_SAMPLE set): the small stand-in sample"
  python3 "$here/sample_workload.py" "$workload"
fi
wc -l "$workload"/*.jsonl | sed 's/^/  /'

results=()
measure_started=$(date +%s)
if benches_bin peers-rust; then
  step "Rust: peers-rust"
  nice cargo build --release -q --manifest-path "$root/Cargo.toml" -p scimkit-benches --bin peers-rust
  cargo run --release -q --manifest-path "$root/Cargo.toml" -p scimkit-benches --bin peers-rust -- \
    "$workload" "$run/rust.json"
  results+=("$run/rust.json")
else
  step "Rust: skipped (no peers-rust binary in scimkit-benches yet)"
fi

step "Python: harness_python.py"
"$py" "$here/harness_python.py" "$workload" "$run/python.json"
results+=("$run/python.json")

step "Node: harness_node.mjs"
node "$here/harness_node.mjs" "$workload" "$run/node.json" "$here/build/node" "$here/build/wasm-node"
results+=("$run/node.json")

step "benches/RESULTS.md"
ended=$(date +%s)
python3 "$here/merge.py" "$root/benches/RESULTS.md" "${results[@]}" --workload "$workload" \
  --rustc "$(rustc --version)" \
  --seconds "$((ended - measure_started)) s measuring, $((ended - started)) s in all (set-up, builds and workload included)"
echo "measurement took $((ended - measure_started)) s; everything $((ended - started)) s"
