#!/usr/bin/env python3
"""A small stand-in for `cargo run -p scimkit-benches --bin workload -- OUT_DIR`.

run.sh uses it only when the `workload` binary is missing. It writes the same four files in the
same format (filters.jsonl, eval_filters.jsonl, users.json, patches.jsonl), deterministically
(fixed seed), but smaller: ~60 filters, 20 eval filters, N users (default 200), 50 patches.

    python3 sample_workload.py OUT_DIR [USERS]
"""

import json
import os
import random
import sys

ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
FIRST = ["Barbara", "John", "Ana", "Zoë", "Kwame", "Mei", "Olu", "Søren", "Priya", "Luis"]
LAST = ["Jensen", "Smith", "García", "Nguyen", "Okafor", "Müller", "Kim", "Rossi"]
DEPTS = ["Tour Operations", "Sales", "Engineering", "Finance", "Legal"]
TITLES = ["Tour Guide", "Engineer", "Manager", "Analyst", None]


def users(n, rng):
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        # Mixed case on purpose: userName and emails.value are caseExact=false.
        user_name = f"{first}.{last}{i}@Example.com" if i % 3 == 0 else f"{first.lower()}.{last.lower()}{i}@example.com"
        emails = [{"value": f"{first.lower()}{i}@example.com", "type": "work", "primary": True}]
        if i % 2:
            emails.append({"value": f"{first.lower()}{i}@home.org", "type": "home"})
        u = {
            "schemas": [CORE, ENT],
            "id": f"{i:08x}-0000-4000-8000-{i:012x}",
            "userName": user_name,
            "name": {"givenName": first, "familyName": last, "formatted": f"{first} {last}"},
            "emails": emails,
            "active": i % 5 != 0,
            "meta": {
                "resourceType": "User",
                "created": "2010-01-23T04:56:22Z",
                "lastModified": f"20{10 + i % 14:02d}-0{1 + i % 9}-1{i % 10}T04:42:34Z",
            },
            "groups": [{"value": f"g{i % 7}", "display": f"Group {i % 7}"}],
            ENT: {
                "employeeNumber": str(700000 + i),
                "department": DEPTS[i % len(DEPTS)],
                "manager": {"value": f"m{i % 11}", "displayName": "Boss"},
            },
        }
        title = TITLES[i % len(TITLES)]
        if title:
            u["title"] = title
        out.append(u)
    return out


def filters(rng):
    f = []
    add = lambda kind, text: f.append({"filter": text, "kind": kind})
    for i in range(6):
        add("eq", f'userName eq "john.smith{i}@example.com"')
    add("eq", 'userName Eq "BJensen"')
    add("eq", 'title eq "Tour Guide"')
    add("eq", 'active eq true')
    add("eq", 'name.familyName eq "M\\u00fcller"')
    add("eq", 'displayName eq "say \\"hi\\""')
    add("eq", 'userName ne "x"')
    add("eq", 'userName co "smith"')
    add("eq", 'userName sw "J"')
    add("eq", 'userName ew "@example.com"')
    add("eq", 'title gt "M"')
    add("valuepath", 'emails[type eq "work"]')
    add("valuepath", 'emails[type eq "work" and value co "@example.com"]')
    add("valuepath", 'emails[primary eq true and not (type eq "home")]')
    add("valuepath", 'groups[value eq "g1" or display sw "Group"]')
    add("logic", 'userName eq "a" or userName eq "b" and active eq false')
    add("logic", '(userName eq "a" or userName eq "b") and active eq false')
    add("logic", 'not (active eq true) and title pr')
    add("logic", 'title pr and (emails.type eq "home" or name.givenName sw "A") and active eq true')
    add("logic", 'userName sw "a" and title pr and active eq true')
    add("datetime", 'meta.lastModified gt "2015-01-01T00:00:00Z"')
    add("datetime", 'meta.lastModified ge "2011-05-13T04:42:34.000Z" and meta.lastModified lt "2020-01-01T00:00:00+02:00"')
    add("urn", f'{ENT}:department eq "Sales"')
    add("urn", f'{ENT}:manager.value eq "m3"')
    add("urn", f'{CORE}:userName sw "j"')
    add("urn", f'{ENT}:employeeNumber ge "700100"')
    add("pr", 'title pr')
    add("pr", 'emails pr')
    add("pr", 'name.givenName pr and not (nickName pr)')
    chain = " or ".join(f'userName eq "user{j}@example.com"' for j in range(50))
    add("chain50", chain)
    add("chain50", " or ".join(f'emails[value eq "u{j}@example.com"]' for j in range(50)))
    for i in range(20):
        add("eq", f'userName eq "{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}{i}@example.com"')
    return f


def eval_filters():
    texts = [
        ("eq", 'userName sw "JOHN."'),
        ("eq", 'userName sw "zo"'),
        ("eq", 'title eq "tour guide"'),
        ("eq", 'active eq false'),
        ("eq", 'name.familyName eq "Jensen"'),
        ("eq", 'userName co "SMITH"'),
        ("eq", 'userName ew "@example.com"'),
        ("valuepath", 'emails[type eq "home"]'),
        ("valuepath", 'emails[type eq "work" and value co "1"]'),
        ("valuepath", 'emails[primary eq true and not (type eq "work")]'),
        ("logic", 'title pr and active eq true and name.givenName sw "a"'),
        ("logic", 'userName sw "j" or userName sw "k" and active eq false'),
        ("logic", 'not (title pr) or active eq false'),
        ("datetime", 'meta.lastModified gt "2015-01-01T00:00:00Z"'),
        ("datetime", 'meta.lastModified lt "2012-06-01T00:00:00+02:00"'),
        ("urn", f'{ENT}:department eq "sales"'),
        ("urn", f'{ENT}:manager.value eq "m3"'),
        ("pr", 'title pr'),
        ("pr", 'emails.type eq "home" and groups pr'),
        ("chain50", " or ".join(f'userName eq "john.smith{j}@example.com"' for j in range(50))),
    ]
    return [{"filter": t, "kind": k} for k, t in texts]


def patches(n_users, rng):
    P = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    out = []
    reqs = [
        [{"op": "replace", "path": "title", "value": "Boss"}],
        [{"op": "Replace", "path": "active", "value": False}],
        [{"op": "Add", "path": "nickName", "value": "Babs"}],
        [{"op": "replace", "path": 'emails[type eq "work"].value', "value": "new@example.com"}],
        [{"op": "remove", "path": 'emails[type eq "home"]'}],
        [{"op": "add", "value": {"displayName": "B J", "nickName": "bj"}}],
        [{"op": "replace", "value": {"name": {"givenName": "Bee"}, "active": True}}],
        [{"op": "add", "path": "emails", "value": [{"value": "x@example.org", "type": "other"}]}],
        [{"op": "remove", "path": "title"}],
        [{"op": "replace", "path": f"{ENT}:department", "value": "Sales"}],
        [{"op": "replace", "path": "name.familyName", "value": "Doe"},
         {"op": "remove", "path": "emails[primary eq false]"}],
        [{"op": "add", "path": "groups", "value": [{"value": "g9"}]}],  # groups is readOnly
    ]
    for i in range(50):
        out.append({"resource": rng.randrange(n_users),
                    "request": {"schemas": [P], "Operations": reqs[i % len(reqs)]}})
    return out


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rng = random.Random(7644)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "filters.jsonl"), "w") as fh:
        for f in filters(rng):
            fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "eval_filters.jsonl"), "w") as fh:
        for f in eval_filters():
            fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "users.json"), "w") as fh:
        json.dump(users(n, rng), fh, ensure_ascii=False)
    with open(os.path.join(out, "patches.jsonl"), "w") as fh:
        for p in patches(n, rng):
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
