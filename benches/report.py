"""Summarises criterion's results as a markdown table: median time per iteration, ops/s, MB/s.

Usage: python3 benches/report.py CRITERION_HOME

Reads each bench's new/estimates.json (the median) and new/benchmark.json (the element
throughput), and scimkit-bytes.json, which the bench writes (bytes read per iteration).
"""

import json
import sys
from pathlib import Path


def main(home: Path) -> None:
    byte_map = {}
    bytes_file = home / "scimkit-bytes.json"
    if bytes_file.exists():
        byte_map = json.loads(bytes_file.read_text())
    rows = []
    for bench in sorted(home.glob("**/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        bench_id = f"{meta['group_id']}/{meta['function_id']}"
        median_ns = est["median"]["point_estimate"]
        elements = (meta.get("throughput") or {}).get("Elements")
        nbytes = byte_map.get(bench_id)
        ops = elements / (median_ns / 1e9) if elements else None
        mbs = nbytes / (median_ns / 1e9) / 1e6 if nbytes else None
        per_op = median_ns / elements if elements else None
        rows.append((bench_id, median_ns, elements, per_op, ops, mbs))
    print("| bench | median per iteration | ops per iteration | median per op | ops/s | MB/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for bench_id, median_ns, elements, per_op, ops, mbs in rows:
        print(
            f"| {bench_id} | {median_ns / 1e6:.3f} ms | {elements or ''} | "
            f"{'' if per_op is None else f'{per_op:.0f} ns'} | "
            f"{'' if ops is None else f'{ops:,.0f}'} | {'' if mbs is None else f'{mbs:,.1f}'} |"
        )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
