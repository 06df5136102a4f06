#!/usr/bin/env bash
# Builds every fuzz target in fuzz/, seeds their corpora from testdata/, and runs each for
# SECONDS_PER_TARGET seconds (default 20) with the SCIM dictionary, one after another. Prints the
# executions, speed, coverage and corpus size per target; exits non-zero if any target crashes
# (the input is saved in fuzz/artifacts/<target>/; see fuzz/README.md for turning it into a
# regression test). Works from any directory, installing the nightly toolchain and cargo-fuzz when
# they are missing.
#
#   bash scripts/fuzz.sh          # 20 s per target: 2.5 min once built, about 5 from nothing
#   bash scripts/fuzz.sh 300      # the long runs fuzz/README.md reports
set -euo pipefail

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: $0 [SECONDS_PER_TARGET]" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz="$root/fuzz"
targets=(parse roundtrip grammar differential patch validate)
# Release with debug assertions (overflow checks and debug_assert!s are the cheapest oracles there
# are) and no sanitizer: scimkit and scimkit-grammar forbid unsafe code, so AddressSanitizer would
# watch only our dependencies, at half the speed and twice the build time.
build=(-O -a -s none)

if ! cargo +nightly --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    # --locked first; without it if the registry lacks a pinned dependency.
    cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

cd "$fuzz"
echo "== building the fuzz targets (cargo +nightly fuzz build ${build[*]})"
nice -n 10 cargo +nightly fuzz build "${build[@]}"
echo "== seeding fuzz/corpus/ from testdata/"
bash "$fuzz/seeds.sh"

logs="$fuzz/target/fuzz-logs"
mkdir -p "$logs"
failed=()
summary=()
for t in "${targets[@]}"; do
    echo "== $t: ${seconds}s"
    mkdir -p "corpus/$t" "artifacts/$t"
    status=0
    nice -n 10 cargo +nightly fuzz run "${build[@]}" "$t" -- \
        -max_total_time="$seconds" -timeout=10 -dict="$fuzz/dict/scim.dict" \
        -print_final_stats=1 >"$logs/$t.log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corpus=$(find "corpus/$t" -type f | wc -l)
    line=$(printf '%-13s %10s execs %7s/s  cov %6s  ft %6s  corpus %6s' \
        "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$corpus")
    if [ "$status" -ne 0 ]; then
        line="$line  CRASHED"
        failed+=("$t")
        echo "---- $t failed (exit $status); the end of $logs/$t.log:"
        grep -E "panicked|Test unit written|SUMMARY|ERROR" -A8 "$logs/$t.log" | head -40 || tail -40 "$logs/$t.log"
    fi
    echo "$line"
    summary+=("$line")
done

echo "== summary (${seconds}s per target; logs in fuzz/target/fuzz-logs/)"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -ne 0 ]; then
    echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
