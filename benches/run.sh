#!/usr/bin/env bash
# The criterion benches, then a table of medians as ops/s and MB/s.
#   bash benches/run.sh                 every bench
#   bash benches/run.sh filters/parse   criterion's name filter
# Results: target/criterion (criterion's reports) and target/criterion/summary.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CRITERION_HOME="${CRITERION_HOME:-$root/target/criterion}"
cd "$root"
cargo bench -p scimkit-benches --bench scimkit -- "$@"
python3 "$root/benches/report.py" "$CRITERION_HOME" | tee "$CRITERION_HOME/summary.md"
