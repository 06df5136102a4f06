#!/usr/bin/env bash
# Builds the seed corpora in fuzz/corpus/<target>/ from the shared test vectors in testdata/
# (see testdata/README.md for their format). Safe to run again: seeds are named by their content.
#
#   parse, grammar   filter texts (testdata/filters) and PATCH paths (testdata/paths, the `path`s
#                    of testdata/patch)
#   differential     0x00, a filter, NUL, a fixture user as JSON (the target's text mode)
#   patch            2 x profile index, the PatchOp message, NUL, the resource (text mode)
#   validate         0x00 (User) or 0x80 (Group), then a resource as JSON (text mode)
#   roundtrip        none: its inputs are generator choices, which libFuzzer finds from nothing
#
# Needs python3 (which the repository's tests need too).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 - "$here/../testdata" "$here/corpus" <<'PY'
import glob, hashlib, json, os, sys

testdata, corpus = sys.argv[1], sys.argv[2]
counts = {}

def seed(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
    counts[target] = counts.get(target, 0) + 1

def cases(sub):
    for path in sorted(glob.glob(os.path.join(testdata, sub, "*.json"))):
        with open(path, encoding="utf-8") as f:
            yield from json.load(f)

def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))

for t in ["parse", "grammar", "roundtrip", "differential", "patch", "validate"]:
    os.makedirs(os.path.join(corpus, t), exist_ok=True)

with open(os.path.join(testdata, "fixtures", "users.json"), encoding="utf-8") as f:
    users = json.load(f)
with open(os.path.join(testdata, "fixtures", "groups.json"), encoding="utf-8") as f:
    groups = json.load(f)

filters = [c["filter"] for c in cases("filters") if isinstance(c.get("filter"), str)]
paths = [c["path"] for c in cases("paths") if isinstance(c.get("path"), str)]
patches = list(cases("patch"))
for c in patches:
    message = c.get("patch")
    ops = message.get("Operations") if isinstance(message, dict) else None
    for op in ops if isinstance(ops, list) else []:
        if isinstance(op, dict) and isinstance(op.get("path"), str):
            paths.append(op["path"])

for text in filters + paths:
    seed("parse", text)
    seed("grammar", text)

for i, text in enumerate(filters):
    seed("differential", b"\x00" + text.encode() + b"\x00" + compact(users[i % len(users)]).encode())

profiles = ["rfc", "entra", "okta", "onelogin", "google", "jumpcloud"]
for c in patches:
    if c.get("resourceType", "User") != "User":
        continue
    first = 2 * profiles.index(c.get("profile", "rfc"))
    body = compact(c["patch"]).encode() + b"\x00" + compact(c["resource"]).encode()
    seed("patch", bytes([first]) + body)

def resource_seed(resource, resource_type):
    first = 0x80 if resource_type == "Group" else 0x00
    seed("validate", bytes([first]) + compact(resource).encode())

for c in cases("schema"):
    rt = c.get("resourceType", "User")
    if rt not in ("User", "Group"):
        continue
    for key in ("resource", "existing"):
        if key in c:
            resource_seed(c[key], rt)
    for r in c.get("resources") or []:
        resource_seed(r, rt)
for u in users:
    resource_seed(u, "User")
for g in groups:
    resource_seed(g, "Group")

print("seeds:", ", ".join(f"{t} {n}" for t, n in sorted(counts.items())))
PY
