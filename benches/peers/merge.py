#!/usr/bin/env python3
"""Merge the hosts' result files into benches/RESULTS.md (standard library only).

    python3 merge.py OUT.md RESULT.json [RESULT.json ...] [--workload DIR] [--seconds TEXT]
                     [--rustc "rustc 1.x.y (...)"]

Each RESULT.json is {"host", "machine", "records": [...]} as written by harness_python.py,
harness_node.mjs and the Rust `peers-rust` binary (format: README.md). A record whose library
name starts with "scimkit" is ours; `serde_json` and `byte scan` (or any record with
"baseline": true) are reference points, not peers; every other library is a peer.
"""

import datetime
import json
import os
import sys

OPS = [
    ("parse", "Parse", "filters/s"),
    ("match", "Match (compiled filter, one evaluation per filter × resource)", "matches/s"),
    ("parse+match", "Parse + match (per filter × resource pair: parse, compile, evaluate)",
     "pairs/s"),
    ("patch", "PATCH apply", "patches/s"),
]
WASM_GZIP_BUDGET = 150 * 1000  # bytes ("150 KB")


def is_ours(r):
    return r["library"].startswith("scimkit")


def is_baseline(r):
    name = r["library"].lower()
    return (bool(r.get("baseline")) or name.startswith("serde_json") or "byte scan" in name
            or "ceiling" in name)


def is_peer(r):
    return not is_ours(r) and not is_baseline(r)


def si(x):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:,.1f}"
    return f"{x:,.2f}"


def ratio(a, b):
    if not a or not b:
        return "–"
    r = a / b
    return f"{r:,.0f}×" if r >= 100 else f"{r:,.1f}×" if r >= 10 else f"{r:.2f}×"


def find(records, op, library, host=None):
    for r in records:
        if r["op"] == op and r["library"] == library and (host is None or r["host"] == host):
            return r
    return None


def fastest(records, op, pred):
    best = None
    for r in records:
        if r["op"] == op and pred(r) and r.get("median_ops_per_s"):
            if best is None or r["median_ops_per_s"] > best["median_ops_per_s"]:
                best = r
    return best


def rust_scimkit(records, op):
    for r in records:
        if r["op"] == op and r["host"] == "rust" and r["library"] == "scimkit (Rust)":
            return r
    return fastest(records, op, lambda r: is_ours(r) and r["host"] == "rust")


def table(records, op, unit):
    rows = [r for r in records if r["op"] == op]
    if not rows:
        return ["_No library measured this operation._", ""]
    rows.sort(key=lambda r: -(r.get("median_ops_per_s") or 0))
    peer = fastest(records, op, is_peer)
    ours = rust_scimkit(records, op) or fastest(records, op, is_ours)
    ours_name = ours["library"] if ours else "scimkit"
    has_mb = any(r.get("median_mb_per_s") for r in rows)
    head = ["library", "host", "version", f"median {unit}"]
    if has_mb:
        head.append("MB/s")
    head += [f"vs fastest peer ({peer['library'] if peer else '–'})",
             f"{ours_name} is", "rejected", "wrong", "users", "reps"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        med = r.get("median_ops_per_s")
        kind = "" if is_peer(r) else " (baseline)" if is_baseline(r) else ""
        name = f"**{r['library']}**" if is_ours(r) else r["library"] + kind
        cells = [name, r["host"], r.get("version") or "", si(med)]
        if has_mb:
            cells.append(si(r.get("median_mb_per_s")))
        cells.append(ratio(med, peer["median_ops_per_s"]) if peer else "–")
        cells.append(ratio(ours["median_ops_per_s"], med) if ours and r is not ours else "–")
        total = r.get("total")
        rej = r.get("rejected")
        cells.append("–" if rej is None else f"{rej}/{total}" if total is not None else str(rej))
        wrong = r.get("wrong")
        cells.append("–" if wrong is None else f"{wrong}/{total}" if total is not None else str(wrong))
        cells.append("–" if r.get("users") is None else f"{r['users']:,}")
        cells.append(str(len(r.get("samples_ops_per_s") or [])))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    notes = [r for r in rows if r.get("note")]
    if notes:
        out += [f"- {r['library']} ({r['host']}): {r['note']}" for r in notes]
        out.append("")
    return out


def verdict(ok):
    return "**met**" if ok else "**missed**"


def targets(records, wasm_size):
    out = []

    def line(title, ok, text):
        if ok is None:
            out.append(f"- {title}: **not measured** — {text}")
        else:
            out.append(f"- {title}: {verdict(ok)} — {text}")

    # Rust parse.
    rp = rust_scimkit(records, "parse")
    peer = fastest(records, "parse", is_peer)
    # serde_json on the same bytes: the Rust side's `json-string` record (each filter encoded as a
    # JSON string and checked), else any serde_json record over filters.
    serde = next((r for r in records if r["library"].startswith("serde_json")
                  and r["op"] == "json-string"), None) or next(
        (r for r in records if r["library"].startswith("serde_json") and r["unit"] == "filters"),
        None)
    if rp and peer:
        x = rp["median_ops_per_s"] / peer["median_ops_per_s"]
        ok = x >= 2 and (rp.get("rejected") or 0) == 0
        mb = (f"; {si(rp.get('median_mb_per_s'))} MB/s against serde_json's "
              f"{si(serde.get('median_mb_per_s'))} MB/s on the same bytes" if serde else
              f"; {si(rp.get('median_mb_per_s'))} MB/s (no serde_json record)")
        line("Rust parse ≥ 2× the fastest peer, every valid filter accepted", ok,
             f"{si(rp['median_ops_per_s'])} filters/s = {x:.1f}× {peer['library']} "
             f"({si(peer['median_ops_per_s'])}/s, {peer['host']}); rejected "
             f"{rp.get('rejected')}/{rp.get('total')}{mb}.")
    else:
        line("Rust parse ≥ 2× the fastest peer, every valid filter accepted", None,
             "no Rust record (the peers-rust binary did not run).")

    # Rust compiled evaluation.
    rm = rust_scimkit(records, "match")
    peer = fastest(records, "match", is_peer)
    if rm and peer:
        x = rm["median_ops_per_s"] / peer["median_ops_per_s"]
        ns = 1e9 / rm["median_ops_per_s"]
        line("compiled evaluation (Rust) ≥ 30× the fastest peer evaluator and < 125 ns per match",
             x >= 30 and ns < 125,
             f"{si(rm['median_ops_per_s'])} matches/s = {ns:.0f} ns per match, {x:.1f}× "
             f"{peer['library']} ({si(peer['median_ops_per_s'])}/s, {peer['host']}, "
             f"{peer.get('users')} users, {peer.get('wrong')} wrong counts).")
    else:
        line("compiled evaluation (Rust) ≥ 30× the fastest peer evaluator and < 125 ns per match",
             None, "no Rust match record.")

    # Rust PATCH vs scim-patch.
    rpa = rust_scimkit(records, "patch")
    sp = find(records, "patch", "scim-patch")
    if rpa and sp:
        x = rpa["median_ops_per_s"] / sp["median_ops_per_s"]
        line("PATCH apply (Rust) ≥ 10× scim-patch", x >= 10,
             f"{si(rpa['median_ops_per_s'])} patches/s = {x:.1f}× scim-patch "
             f"({si(sp['median_ops_per_s'])}/s).")
    else:
        line("PATCH apply (Rust) ≥ 10× scim-patch", None, "a Rust or scim-patch record is missing.")

    # Python.
    for op, what in (("parse", "parse"), ("match", "`matches` on plain dicts")):
        ours = find(records, op, "scimkit (Python)")
        peer = find(records, op, "scim2-models")
        title = f"Python binding: {what} ≥ 50× scim2-models"
        if ours and peer:
            x = ours["median_ops_per_s"] / peer["median_ops_per_s"]
            line(title, x >= 50, f"{si(ours['median_ops_per_s'])}/s = {x:.1f}× scim2-models "
                                 f"({si(peer['median_ops_per_s'])}/s).")
        else:
            line(title, None, "a record is missing.")

    # Node.
    ours = find(records, "parse+match", "scimkit (Node)")
    peer = find(records, "parse+match", "scim2-parse-filter")
    if ours and peer:
        x = ours["median_ops_per_s"] / peer["median_ops_per_s"]
        line("Node binding: parse+match ≥ 3× scim2-parse-filter (crossing into Rust included)",
             x >= 3, f"{si(ours['median_ops_per_s'])} pairs/s = {x:.2f}× scim2-parse-filter "
                     f"({si(peer['median_ops_per_s'])}/s).")
    else:
        line("Node binding: parse+match ≥ 3× scim2-parse-filter", None, "a record is missing.")
    ours = find(records, "match", "scimkit (Node)")
    peer = find(records, "match", "scim2-parse-filter")
    if ours and peer:
        x = ours["median_ops_per_s"] / peer["median_ops_per_s"]
        line("Node binding: faster than scim2-parse-filter on `matches` alone", x > 1,
             f"{si(ours['median_ops_per_s'])} matches/s = {x:.2f}× scim2-parse-filter "
             f"({si(peer['median_ops_per_s'])}/s, which gets {peer.get('wrong')} of "
             f"{peer.get('total')} counts wrong).")
    else:
        line("Node binding: faster than scim2-parse-filter on `matches` alone", None,
             "a record is missing.")

    # WASM size.
    if wasm_size:
        gz = wasm_size["gzip_bytes"]
        line("WASM `.wasm` gzipped under 150 KB", gz < WASM_GZIP_BUDGET,
             f"{gz:,} bytes gzipped (level 9; {gz / 1024:.1f} KiB), {wasm_size['bytes']:,} bytes "
             f"raw (wasm-release profile, after wasm-bindgen).")
    else:
        line("WASM `.wasm` gzipped under 150 KB", None, "no size measured.")
    return out


def workload_line(wdir):
    if not wdir or not os.path.isdir(wdir):
        return None

    def lines(name):
        try:
            with open(os.path.join(wdir, name), encoding="utf-8") as fh:
                return [l for l in fh if l.strip()]
        except OSError:
            return []

    filters = lines("filters.jsonl")
    kinds = {}
    for l in filters:
        k = json.loads(l).get("kind", "?")
        kinds[k] = kinds.get(k, 0) + 1
    nbytes = sum(len(json.loads(l)["filter"].encode()) for l in filters)
    try:
        with open(os.path.join(wdir, "users.json"), encoding="utf-8") as fh:
            n_users = len(json.load(fh))
    except OSError:
        n_users = 0
    source = ("generated by `cargo run --release -p scimkit-benches --bin workload`"
              if os.path.exists(os.path.join(wdir, ".from-workload-bin")) else
              "the small stand-in sample from `benches/peers/sample_workload.py` (the workload "
              "binary was missing)")
    return (f"{len(filters):,} filters ({nbytes:,} bytes; "
            + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
            + f"), {len(lines('eval_filters.jsonl'))} evaluation filters, {n_users:,} users, "
              f"{len(lines('patches.jsonl')):,} PATCH requests: {source}.")


def main(argv):
    out_md = argv[0]
    files, wdir, seconds, rustc = [], None, None, None
    it = iter(argv[1:])
    for a in it:
        if a == "--workload":
            wdir = next(it)
        elif a == "--rustc":
            rustc = next(it)
        elif a == "--seconds":
            seconds = next(it)
        else:
            files.append(a)
    docs = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            docs.append(json.load(fh))
    records, wasm_size = [], None
    for d in docs:
        for r in d["records"]:
            r = dict(r)
            r["host"] = d["host"]
            records.append(r)
        wasm_size = wasm_size or d.get("wasm_size")

    md = ["# scimkit against its peers", "",
          "Written by `bash benches/peers/run.sh` (do not edit by hand: re-run it). Method, adapters "
          "and caveats: [peers/README.md](peers/README.md).", ""]
    md.append(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    machine = {}
    for d in docs:
        machine.update({k: v for k, v in d.get("machine", {}).items()
                        if v and not (isinstance(v, str) and v.startswith("see "))})
    if rustc:
        machine["rustc"] = rustc.removeprefix("rustc ")
    if machine.get("cpu"):
        md.append(f"- machine: {machine['cpu']}, {machine.get('cores')} cores"
                  + (f", {machine['platform']}" if machine.get("platform") else ""))
    tools = [f"{k} {machine[k]}" for k in ("rustc", "python", "node") if machine.get(k)]
    if tools:
        md.append("- " + ", ".join(tools))
    md.append("- hosts: " + ", ".join(d["host"] for d in docs)
              + ("" if any(d["host"] == "rust" for d in docs) else
                 " (no Rust results: the `peers-rust` binary is not there yet)"))
    wl = workload_line(wdir)
    if wl:
        md.append(f"- workload: {wl}")
    if seconds:
        md.append(f"- run.sh took {seconds}")
    md += ["", "Throughput is the median over the repetitions (all samples are in the JSON files); "
           "`rejected` counts valid inputs a library throws on, `wrong` the evaluation filters "
           "whose match count differs from scimkit's on the same users; `users` is how many "
           "users each filter was evaluated on (slow libraries get fewer). \"vs fastest peer\" "
           "divides by the fastest non-scimkit library of the table; the next column says how "
           "many times faster the scimkit row named in its header is.", ""]

    md += ["## Targets", ""] + targets(records, wasm_size) + [""]
    for op, title, unit in OPS:
        md += [f"## {title}", ""] + table(records, op, unit)
    known = {op for op, _, _ in OPS}
    for op in dict.fromkeys(r["op"] for r in records if r["op"] not in known):
        unit = next(r["unit"] for r in records if r["op"] == op)
        md += [f"## Reference: {op}", ""] + table(records, op, f"{unit}/s")

    ex = [r for r in records if r.get("examples")]
    if ex:
        md += ["## Rejections and wrong counts, examples", ""]
        for r in ex:
            md.append(f"**{r['library']}** ({r['host']}, {r['op']}):")
            md.append("")
            for e in r["examples"][:6]:
                inp = e["input"].replace("|", "\\|").replace("`", "'")
                err = e["error"].replace("|", "\\|").replace("`", "'").replace("\n", " ")
                md.append(f"- `{inp}` → {err}")
            md.append("")
    with open(out_md, "w", encoding="utf-8") as fh:
        fh.write("\n".join(md).rstrip() + "\n")
    print(f"wrote {out_md}")


if __name__ == "__main__":
    main(sys.argv[1:])
