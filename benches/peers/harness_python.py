#!/usr/bin/env python3
"""The Python side of the peer comparison: scimkit's Python binding against scim2-filter-parser
and scim2-models, on one workload directory.

    python harness_python.py WORKLOAD_DIR OUT.json

Each library gets one adapter function per operation (`parse_*`, `match_*`, `parse_match_*`,
`patch_*` below); the comment on each says what it calls and what to keep in mind when reading its
numbers. Timing, repetitions and the record format are in `measure()` and `record()`; README.md
describes the method.
"""

import copy
import json
import math
import os
import platform
import statistics
import sys
import time
from importlib.metadata import version

import scimkit

# ------------------------------------------------------------------------------------------------
# Timing

MIN_REP_S = float(os.environ.get("PEERS_MIN_REP_S", "0.5"))  # one repetition lasts at least this
PASS_BUDGET_S = float(os.environ.get("PEERS_PASS_BUDGET_S", "3"))  # slow libraries: one pass ≲ this


def measure(run, ops, prepare=None):
    """Time `run(state)`, one pass over a corpus of `ops` operations, with `state = prepare()`
    made before the clock starts (copies of resources for PATCH, for example).

    A warm-up pass calibrates `k`, the passes per repetition, so that a repetition lasts at least
    MIN_REP_S; fast operations get 7 repetitions, slow ones (a repetition over 3 s) 3, others 5.
    Returns (ops per repetition, [ops/s per repetition]).
    """
    prepare = prepare or (lambda: None)
    state = prepare()
    t0 = time.perf_counter()
    run(state)
    first = time.perf_counter() - t0
    k = max(1, math.ceil(MIN_REP_S / max(first, 1e-9)))
    rep = first * k
    reps = 7 if rep < 1.0 else 5 if rep <= 3.0 else 3
    samples = []
    for _ in range(reps):
        states = [prepare() for _ in range(k)]
        t0 = time.perf_counter()
        for s in states:
            run(s)
        samples.append(k * ops / (time.perf_counter() - t0))
    return k * ops, samples


def record(library, lib_version, op, unit, n, samples, *, total, bytes_per_op=None,
           rejected=None, wrong=None, users=None, note="", examples=None):
    median = statistics.median(samples) if samples else None
    return {
        "library": library,
        "version": lib_version,
        "op": op,
        "unit": unit,
        "n": n,
        "samples_ops_per_s": samples,
        "median_ops_per_s": median,
        "median_mb_per_s": (median * bytes_per_op / 1e6) if (median and bytes_per_op) else None,
        "rejected": rejected,
        "wrong": wrong,
        "total": total,
        "users": users,
        "note": note,
        "examples": examples or [],
    }


def example(text, err):
    return {"input": text if len(text) <= 160 else text[:157] + "...",
            "error": f"{type(err).__name__}: {str(err)[:200]}"}


# ------------------------------------------------------------------------------------------------
# Workload


def load(dirname):
    def jsonl(name):
        with open(os.path.join(dirname, name), encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    with open(os.path.join(dirname, "users.json"), encoding="utf-8") as fh:
        users = json.load(fh)
    return jsonl("filters.jsonl"), jsonl("eval_filters.jsonl"), users, jsonl("patches.jsonl")


# ------------------------------------------------------------------------------------------------
# Adapters: scimkit (the Python binding, release build)


def parse_scimkit(text):
    # Filter(text) parses (RFC 7644 grammar, default options) into the core's syntax tree; the
    # schema check happens on first use, per (registry, resource type), and is cached.
    return scimkit.Filter(text)


def match_scimkit(text):
    # Compiled once outside the timed loop (the first `matches` call compiles against the RFC 7643
    # User schema with the enterprise extension); each user is a plain dict read in place.
    f = scimkit.Filter(text)
    f.matches({})
    return lambda user: f.matches(user)


def match_scimkit_filter_list(text):
    # The same, through `f.filter(users)`: one call per filter for the whole list.
    f = scimkit.Filter(text)
    f.matches({})
    return lambda users: len(f.filter(users))


def parse_match_scimkit(text, user):
    # Per (filter, user) pair: parse, compile against the User schema and evaluate.
    return scimkit.Filter(text).matches(user)


def patch_scimkit(resource, request):
    # apply_patch reads the request (RFC profile) and applies it against the User schema to a new
    # dict: the caller's resource is never modified, so no copy is needed. Schema-aware: a request
    # that writes a readOnly attribute (`groups`) or a value of the wrong type is rejected, as
    # RFC 7644 §3.5.2 says.
    return scimkit.apply_patch(resource, request, "User", profile="rfc")


# ------------------------------------------------------------------------------------------------
# Adapters: scim2-filter-parser (sly lexer + LALR parser; transpiles to SQL / Django Q objects)

try:
    from scim2_filter_parser.lexer import SCIMLexer
    from scim2_filter_parser.parser import SCIMParser

    _S2FP_LEXER = SCIMLexer()
    _S2FP_PARSER = SCIMParser()
except ImportError:  # pragma: no cover - run.sh installs it
    SCIMLexer = None


def parse_scim2_filter_parser(text):
    # Lex + parse to its AST (what its SQL transpiler walks). Caveats found in its lexer: NUMBER
    # is `[0-9]` (one digit: `x gt 42` fails), strings are `"[^"]*"` (no `\"` escapes), and `and`
    # and `or` share one precedence level (a and b or c parses, but the tree is wrong). It has no
    # in-memory evaluator, so it has no match record.
    return _S2FP_PARSER.parse(_S2FP_LEXER.tokenize(text))


# ------------------------------------------------------------------------------------------------
# Adapters: scim2-models (pydantic models; lark LALR grammar; ScimFilter.match evaluator)

try:
    from scim2_models import Context, EnterpriseUser, PatchOp, ScimFilter, User
    from scim2_models.path import grammar as _s2m_grammar

    S2M_USER = User[EnterpriseUser]
except ImportError:  # pragma: no cover
    ScimFilter = None


def parse_scim2_models(text):
    # ScimFilter(text), unbound: lark parse + its AST. It keeps an lru_cache of parsed texts (1024
    # entries, texts up to 1024 characters); the pass clears it first (see run_parse), so every
    # filter is really parsed.
    return ScimFilter(text)


def match_scim2_models(text):
    # ScimFilter[User[EnterpriseUser]](text) is parsed and checked against the model once;
    # `.match(model)` evaluates it on a pydantic User (the users are converted with
    # model_validate outside the timed loop; it cannot evaluate plain dicts).
    f = ScimFilter[S2M_USER](text)
    return lambda model: f.match(model)


def parse_match_scim2_models(text, model):
    # Its parse cache is cleared first, or the 20 texts that repeat would be parsed once.
    _s2m_grammar._cached_filter.cache_clear()
    return ScimFilter[S2M_USER](text).match(model)


def patch_scim2_models(model, request):
    # PatchOp[User[EnterpriseUser]].model_validate(request, PATCH request context) then
    # `.patch(model)`, which mutates the model in place: each request gets a deep copy
    # (model_copy(deep=True)) made before the clock starts. Schema-aware like scimkit.
    op = PatchOp[S2M_USER].model_validate(
        request, context={"scim": Context.RESOURCE_PATCH_REQUEST})
    op.patch(model)
    return model


# ------------------------------------------------------------------------------------------------
# The operations


def run_parse(records, name, ver, fn, filters, *, before_pass=None, note=""):
    texts = [f["filter"] for f in filters]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    rejected, examples, accepted = 0, [], []
    for t in texts:
        try:
            fn(t)
            accepted.append(t)
        except Exception as e:  # every corpus filter is valid: any failure is a rejection
            rejected += 1
            if len(examples) < 5:
                examples.append(example(t, e))
    # Throughput is over the filters the library accepts (a rejection can be cheaper or dearer
    # than a parse); the note says how many that is.
    acc_bytes = sum(len(t.encode("utf-8")) for t in accepted)

    def one_pass(_):
        if before_pass:
            before_pass()
        for t in accepted:
            fn(t)

    n, samples = measure(one_pass, len(accepted))
    if rejected:
        note = (note + " " if note else "") + f"timed over the {len(accepted)} accepted filters."
    records.append(record(name, ver, "parse", "filters", n, samples, total=len(texts),
                          bytes_per_op=acc_bytes / max(1, len(accepted)), rejected=rejected,
                          note=note, examples=examples))
    print(f"  parse  {name:36} {statistics.median(samples):>14,.0f} filters/s  "
          f"rejected {rejected}/{len(texts)}", flush=True)
    return nbytes


def choose_users(per_user_s, total_users, n_filters):
    """How many users a slow library evaluates: one pass (all filters) within PASS_BUDGET_S."""
    if per_user_s * total_users <= PASS_BUDGET_S:
        return total_users
    fit = PASS_BUDGET_S / per_user_s
    for n in (10000, 5000, 2000, 1000, 500, 200, 100, 50):
        if n <= fit and n < total_users:
            return n
    return min(50, total_users)


def reference_counts(eval_filters, users):
    return [len(scimkit.Filter(f["filter"]).filter(users)) for f in eval_filters]


def run_match(records, name, ver, make, eval_filters, users, *, convert=None, all_users=False,
              whole_list=False, note=""):
    """`make(text)` compiles a filter (untimed) into a predicate over one resource (or, with
    whole_list, into a function counting the matches in a list)."""
    total_users = len(users)
    preds, rejected, examples = [], 0, []
    for f in eval_filters:
        try:
            preds.append((f, make(f["filter"])))
        except Exception as e:
            rejected += 1
            if len(examples) < 5:
                examples.append(example(f["filter"], e))
    # How many users: time the predicates on a few users first.
    probe = users[: min(50, total_users)]
    probe_objs = [convert(u) for u in probe] if convert else probe
    t0 = time.perf_counter()
    for _, p in preds:
        if whole_list:
            p(probe_objs)
        else:
            for u in probe_objs:
                p(u)
    per_user = (time.perf_counter() - t0) / max(1, len(probe))
    n_users = total_users if all_users else choose_users(per_user, total_users, len(preds))
    subset = users[:n_users]
    objs = [convert(u) for u in subset] if convert else subset
    ref = reference_counts(eval_filters, subset)

    counts, errors = {}, 0
    for f, p in preds:
        try:
            counts[f["filter"]] = p(objs) if whole_list else sum(1 for u in objs if p(u))
        except Exception as e:
            errors += 1
            if len(examples) < 5:
                examples.append(example(f["filter"], e))
    wrong_examples = []
    wrong = 0
    for f, r in zip(eval_filters, ref):
        if f["filter"] in counts and counts[f["filter"]] != r:
            wrong += 1
            if len(wrong_examples) < 5:
                wrong_examples.append({"input": f["filter"][:160],
                                       "error": f"{counts[f['filter']]} matches, scimkit {r}"})
    ok_preds = [p for f, p in preds if f["filter"] in counts]

    if whole_list:
        def one_pass(_):
            for p in ok_preds:
                p(objs)
    else:
        def one_pass(_):
            for p in ok_preds:
                for u in objs:
                    p(u)

    ops = len(ok_preds) * len(objs)
    n, samples = measure(one_pass, ops)
    records.append(record(name, ver, "match", "matches", n, samples, total=len(eval_filters),
                          rejected=rejected + errors, wrong=wrong, users=n_users, note=note,
                          examples=examples + wrong_examples))
    print(f"  match  {name:36} {statistics.median(samples):>14,.0f} matches/s  users {n_users}"
          f"  rejected {rejected + errors}  wrong {wrong}", flush=True)


def run_parse_match(records, name, ver, fn, eval_filters, users, *, convert=None, note=""):
    """Per (filter, user) pair: parse, compile and evaluate. Users: as many as fit the budget. A
    filter is kept when the library handles it for every user of the subset."""

    def works(t, objs):
        try:
            for u in objs:
                fn(t, u)
            return True
        except Exception:
            return False

    probe = [convert(u) for u in users[:10]] if convert else users[:10]
    texts = [f["filter"] for f in eval_filters if works(f["filter"], probe)]
    t0 = time.perf_counter()
    for t in texts:
        for u in probe:
            fn(t, u)
    per_user = (time.perf_counter() - t0) / len(probe)
    n_users = choose_users(per_user, len(users), len(texts))
    n_users = min(n_users, 1000)  # parse dominates: a thousand users per filter is plenty
    subset = users[:n_users]
    objs = [convert(u) for u in subset] if convert else subset
    texts = [t for t in texts if works(t, objs)]
    rejected = len(eval_filters) - len(texts)
    if rejected:
        note = (note + " " if note else "") + f"timed over the {len(texts)} filters it handles."

    def one_pass(_):
        for t in texts:
            for u in objs:
                fn(t, u)

    n, samples = measure(one_pass, len(texts) * len(objs))
    records.append(record(name, ver, "parse+match", "matches", n, samples,
                          total=len(eval_filters), rejected=rejected, users=n_users, note=note))
    print(f"  p+m    {name:36} {statistics.median(samples):>14,.0f} pairs/s    users {n_users}"
          f"  rejected {rejected}", flush=True)


def run_patch(records, name, ver, fn, patches, users, *, prepare_resource, schema_aware,
              note=""):
    """`prepare_resource(user)` makes the object a request is applied to (untimed, fresh for every
    application when the library mutates it); `fn(obj, request)` applies one request."""
    rejected, examples, accepted = 0, [], []
    for p in patches:
        obj = prepare_resource(users[p["resource"]])
        try:
            fn(obj, p["request"])
            accepted.append(p)
        except Exception as e:
            rejected += 1
            if len(examples) < 5:
                examples.append(example(json.dumps(p["request"]["Operations"]), e))

    def prepare():
        return [prepare_resource(users[p["resource"]]) for p in accepted]

    def one_pass(objs):
        for obj, p in zip(objs, accepted):
            fn(obj, p["request"])

    n, samples = measure(one_pass, len(accepted), prepare=prepare)
    if rejected:
        how = ("rejections include legitimate schema refusals (see examples)" if schema_aware
               else "each rejection is a library limitation")
        note = (note + " " if note else "") + (
            f"timed over the {len(accepted)} accepted requests; {how}.")
    records.append(record(name, ver, "patch", "patches", n, samples, total=len(patches),
                          rejected=rejected, note=note, examples=examples))
    print(f"  patch  {name:36} {statistics.median(samples):>14,.0f} patches/s  "
          f"rejected {rejected}/{len(patches)}", flush=True)


# ------------------------------------------------------------------------------------------------


def machine():
    cpu = None
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}


def main():
    workload, out = sys.argv[1], sys.argv[2]
    only = set(filter(None, os.environ.get("PEERS_ONLY", "").split(",")))
    filters, eval_filters, users, patches = load(workload)
    print(f"python: {len(filters)} filters, {len(eval_filters)} eval filters, {len(users)} users, "
          f"{len(patches)} patches", flush=True)
    records = []
    want = lambda op: not only or op in only
    sk = ("scimkit (Python)", scimkit.__version__)
    s2fp = ("scim2-filter-parser", version("scim2-filter-parser"))
    s2m = ("scim2-models", version("scim2-models"))
    to_model = lambda u: S2M_USER.model_validate(u)

    if want("parse"):
        run_parse(records, *sk, parse_scimkit, filters)
        run_parse(records, *s2fp, parse_scim2_filter_parser, filters,
                  note="lex + LALR parse to its AST (sly).")
        run_parse(records, *s2m, parse_scim2_models, filters,
                  before_pass=_s2m_grammar._cached_filter.cache_clear,
                  note="ScimFilter(text), unbound: lark LALR parse + AST; parse cache cleared "
                       "before each pass.")
    if want("match"):
        run_match(records, *sk, match_scimkit, eval_filters, users, all_users=True,
                  note="f.matches(dict) per user; compiled once outside the loop.")
        run_match(records, sk[0] + " filter()", sk[1], match_scimkit_filter_list, eval_filters,
                  users, all_users=True, whole_list=True,
                  note="len(f.filter(users)): one call per filter over the list.")
        run_match(records, *s2m, match_scim2_models, eval_filters, users, convert=to_model,
                  note="ScimFilter[User[EnterpriseUser]].match(model) on pydantic models "
                       "(model_validate outside the timed loop; it takes no dicts).")
    if want("parse+match"):
        run_parse_match(records, *sk, parse_match_scimkit, eval_filters, users,
                        note="Filter(text).matches(dict) per (filter, user) pair.")
        run_parse_match(records, *s2m, parse_match_scim2_models, eval_filters, users,
                        convert=to_model,
                        note="ScimFilter[User[EnterpriseUser]](text).match(model) per pair "
                             "(its parse cache cleared before each).")
    if want("patch"):
        run_patch(records, *sk, patch_scimkit, patches, users, prepare_resource=lambda u: u,
                  schema_aware=True,
                  note="apply_patch(user, request, 'User', profile='rfc'): returns a new dict, "
                       "the input is untouched, so no copy.")
        models = {}

        def model_copy(u):
            key = id(u)
            if key not in models:
                models[key] = to_model(u)
            return models[key].model_copy(deep=True)

        run_patch(records, *s2m, patch_scim2_models, patches, users,
                  prepare_resource=model_copy, schema_aware=True,
                  note="PatchOp[User[EnterpriseUser]].model_validate(request).patch(model); "
                       "model_copy(deep=True) per request outside the clock.")

    doc = {"host": "python", "machine": machine(), "records": records}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
