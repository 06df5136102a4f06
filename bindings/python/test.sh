#!/usr/bin/env bash
# The Python binding's tests, with all set-up included; safe to re-run (it reuses what exists).
# Needs python3 (3.9+, with venv) and a Rust toolchain. Works from any directory.
#   .venv/          created with python3 -m venv, holding the pinned tools below
#   maturin develop builds the extension (debug) and installs it into .venv, editable
#   pytest          the shared vectors, the API, the README examples, stubtest
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

MATURIN_VERSION=1.16.0
PYTEST_VERSION=9.2.0
MYPY_VERSION=2.4.1

venv="$here/.venv"
py="$venv/bin/python"

step() { printf '\n==> %s\n' "$*"; }

if [ ! -x "$py" ]; then
  step "creating $venv"
  python3 -m venv "$venv"
fi

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
pinned maturin "$MATURIN_VERSION" || missing+=("maturin==$MATURIN_VERSION")
pinned pytest "$PYTEST_VERSION" || missing+=("pytest==$PYTEST_VERSION")
pinned mypy "$MYPY_VERSION" || missing+=("mypy==$MYPY_VERSION")
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing ${missing[*]}"
  "$py" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi

step "maturin develop (build the extension into $venv)"
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$venv/bin/maturin" develop --quiet

step "pytest (vectors, API, README examples, stubtest)"
"$py" -m pytest -q -rs -p no:cacheprovider "$here/tests"
