"""The shared vectors in testdata/ (format: testdata/README.md), one test per case.

The checks are those of core/tests/vectors.rs, through the Python API: spans are converted
from the vectors' bytes to code points, compile errors surface from ``filter()``, and every
``matches`` expectation is checked through ``filter()``, ``matches()`` on dicts and
``matches()`` on the same resources as JSON text. Every PATCH case runs four ways
(``PatchRequest(...).apply`` and ``apply_patch``, on dicts and on JSON text), each of which must
give the expected resource or error and leave the caller's objects as they were. Every schema
case (validate, project, sort) runs on dicts and on JSON text, as ``run_schema_case`` in
core/tests/vectors.rs does it, with the documents its ``load`` names.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable, Optional, Union

import pytest

from scimkit import (
    PROFILES,
    Filter,
    PatchPath,
    PatchRequest,
    Schemas,
    ScimError,
    apply_patch,
    project,
    sort,
    validate,
)

TESTDATA = Path(__file__).resolve().parents[3] / "testdata"

OPTION_NAMES = {
    "strict": "strict",
    "lenientWhitespace": "lenient_whitespace",
    "valuePathSubAttr": "value_path_sub_attr",
    "dollarNames": "dollar_names",
    "maxDepth": "max_depth",
    "maxLength": "max_length",
}
DEFAULT_FIXTURE = {"User": "users", "Group": "groups", "Widget": "widgets"}


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def json_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def load_cases(folder: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, case)
        for path in json_files(TESTDATA / folder)
        for case in read_json(path)
    ]


FILTER_CASES = load_cases("filters")
PATH_CASES = load_cases("paths")
PATCH_CASES = load_cases("patch")
SCHEMA_CASES = load_cases("schema")


def case_id(item: tuple[str, dict[str, Any]]) -> str:
    return f"{item[0]}/{item[1].get('name', '?')}"


def fixture_schemas() -> Schemas:
    """The RFC 7643 registry plus the fixture schemas (the Widget resource type), as dicts."""
    s = Schemas()
    s.load([read_json(p) for p in json_files(TESTDATA / "fixtures" / "schemas")])
    return s


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    return fixture_schemas()


@pytest.fixture(scope="module")
def fixtures() -> dict[str, list[dict[str, Any]]]:
    return {
        name: read_json(TESTDATA / "fixtures" / f"{name}.json")
        for name in ("users", "groups", "widgets")
    }


def options(case: dict[str, Any]) -> dict[str, Any]:
    return {OPTION_NAMES[k]: v for k, v in case.get("options", {}).items()}


def byte_span_to_code_points(text: str, span: list[int]) -> tuple[int, int]:
    data = text.encode("utf-8")
    # Decoding fails if a vector's offset falls inside a character: that is a broken vector.
    return (len(data[: span[0]].decode("utf-8")), len(data[: span[1]].decode("utf-8")))


def check_error(case: dict[str, Any], text: str, err: ScimError, phase: str) -> None:
    want = case["error"]
    assert isinstance(err, ScimError) and isinstance(err, ValueError)
    if "scimType" in want:
        assert err.scim_type == want["scimType"], err.rendered
    if "status" in want:
        assert err.status == want["status"], err.rendered
    if "phase" in want:
        assert phase == want["phase"], f"failed at {phase}: {err.rendered}"
    if "span" in want:
        assert (err.start, err.end) == byte_span_to_code_points(text, want["span"]), err.rendered
    if "detail" in want:
        assert want["detail"] in err.detail
    assert str(err) == err.detail


def without_spans(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: without_spans(v) for k, v in node.items() if k != "span"}
    if isinstance(node, list):
        return [without_spans(v) for v in node]
    return node


def ids(resources: list[Any]) -> list[str]:
    return [r["id"] if isinstance(r, dict) else json.loads(r)["id"] for r in resources]


@pytest.mark.parametrize("item", FILTER_CASES, ids=case_id)
def test_filter_vector(
    item: tuple[str, dict[str, Any]],
    schemas: Schemas,
    fixtures: dict[str, list[dict[str, Any]]],
) -> None:
    _, case = item
    text = case["filter"]
    expect_error = "error" in case
    try:
        f = Filter(text, **options(case))
    except ScimError as e:
        if not expect_error:
            pytest.fail(f"unexpected parse error:\n{e.rendered}")
        check_error(case, text, e, "parse")
        return
    assert f.text == text
    expect = case.get("expect", {})
    if "canonical" in expect:
        printed = str(f)
        assert printed == expect["canonical"]
        # The canonical form is strict-valid (bar `$` names) and a fixed point.
        again = Filter(printed, strict=True, dollar_names=True)
        assert str(again) == printed
        assert without_spans(again.ast()) == without_spans(f.ast())
    if "matches" not in expect and not expect_error:
        return
    resource_type: Optional[str] = case.get("resourceType", "User")
    try:
        # Compiles (against the resource type) even with nothing to match.
        assert f.filter([], resource_type, schemas) == []
    except ScimError as e:
        if not expect_error:
            pytest.fail(f"unexpected compile error:\n{e.rendered}")
        check_error(case, text, e, "compile")
        return
    if expect_error:
        pytest.fail("expected an error, got none")
    fixture = case.get("fixture") or DEFAULT_FIXTURE[resource_type or ""]
    resources = fixtures[fixture]
    want = expect["matches"]

    kept = f.filter(resources, resource_type=resource_type, schemas=schemas)
    assert ids(kept) == want, "filter()"
    assert all(any(k is r for r in resources) for k in kept), "filter() returns the objects given"
    one_by_one = [r for r in resources if f.matches(r, resource_type=resource_type, schemas=schemas)]
    assert ids(one_by_one) == want, "matches() on dicts"
    texts = [json.dumps(r) for r in resources]
    assert ids(f.filter(texts, resource_type, schemas)) == want, "filter() on JSON str"
    as_bytes = [t.encode("utf-8") for t in texts]
    assert ids([b.decode() for b in f.filter(as_bytes, resource_type, schemas)]) == want, (
        "filter() on JSON bytes"
    )


@pytest.mark.parametrize("item", PATH_CASES, ids=case_id)
def test_path_vector(item: tuple[str, dict[str, Any]]) -> None:
    _, case = item
    text = case["path"]
    try:
        p = PatchPath(text, **options(case))
    except ScimError as e:
        if "error" not in case:
            pytest.fail(f"unexpected error:\n{e.rendered}")
        check_error(case, text, e, "parse")
        return
    if "error" in case:
        pytest.fail("expected an error, got none")
    if "canonical" in case.get("expect", {}):
        assert str(p) == case["expect"]["canonical"]


@pytest.mark.parametrize(
    "cases",
    [FILTER_CASES, PATH_CASES, PATCH_CASES, SCHEMA_CASES],
    ids=["filters", "paths", "patch", "schema"],
)
def test_vector_metadata(cases: list[tuple[str, dict[str, Any]]]) -> None:
    if cases is SCHEMA_CASES and not cases:
        pytest.skip("no schema vectors in testdata/schema yet")
    assert cases, "no vectors found"
    names = set()
    for file, case in cases:
        name = case.get("name")
        assert name, f"{file}: case without a name"
        assert name not in names, f"{file}: duplicate case name {name!r}"
        names.add(name)
        assert "rfc" in case or "vendor" in case, f"{file}: {name!r} cites no source"
        assert ("expect" in case) != ("error" in case), f"{file}: {name!r}: one of expect/error"


def test_enough_filter_vectors() -> None:
    assert len(FILTER_CASES) >= 250, len(FILTER_CASES)


def test_enough_patch_vectors() -> None:
    assert len(PATCH_CASES) >= 150, len(PATCH_CASES)


# --- PATCH ----------------------------------------------------------------------------------------


def member(obj: Any, key: str) -> Any:
    """The member ``key`` of a message object as the core finds it: the exact name, else the first
    equal ignoring ASCII case (RFC 7643 §2.1)."""
    if not isinstance(obj, dict):
        return None
    if key in obj:
        return obj[key]
    folded = key.lower()
    return next((v for k, v in obj.items() if k.isascii() and k.lower() == folded), None)


def op_path(patch: Any, index: Optional[int]) -> Optional[str]:
    """The ``path`` text of operation ``index``: what a PATCH error's span points into."""
    ops = member(patch, "Operations")
    if index is None or not isinstance(ops, list) or not 0 <= index < len(ops):
        return None
    path = member(ops[index], "path")
    return path if isinstance(path, str) else None


def same_json(a: Any, b: Any) -> bool:
    """JSON equality as serde_json's: object member order does not matter, array order does, and
    true, 1 and 1.0 are three different values (Python's ``==`` would call them equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def containers(value: Any) -> list[Any]:
    """Every dict and list in ``value``."""
    if isinstance(value, dict):
        return [value] + [c for v in value.values() for c in containers(v)]
    if isinstance(value, list):
        return [value] + [c for v in value for c in containers(v)]
    return []


def check_new_plain_json(result: Any, given: Any) -> None:
    """``result`` is made of new plain dicts and lists, sharing none with ``given``."""
    theirs = {id(c) for c in containers(given)}
    for c in containers(result):
        assert type(c) in (dict, list), f"{type(c).__name__} in the result"
        assert id(c) not in theirs, "the result shares a dict or list with the input"


PatchRun = Callable[[Any, Any], tuple[dict[str, Any], Optional[bool]]]


def as_is(value: Any) -> Any:
    """The vector's value as a host value (a dict)."""
    return value


def patch_runs(
    case: dict[str, Any], schemas: Schemas
) -> list[tuple[str, PatchRun, Callable[[Any], Union[Any, str, bytes]]]]:
    """The ways a case is run: (label, run(resource, patch) -> (resource, changed), encode)."""
    kwargs: dict[str, Any] = {"schemas": schemas}
    if isinstance(case.get("resourceType"), str):
        kwargs["resource_type"] = case["resourceType"]
    profile: dict[str, Any] = {}
    if isinstance(case.get("profile"), str):
        profile["profile"] = case["profile"]

    def request(resource: Any, patch: Any) -> tuple[dict[str, Any], Optional[bool]]:
        result = PatchRequest(patch, **profile).apply(resource, **kwargs)
        return result.resource, result.changed

    def function(resource: Any, patch: Any) -> tuple[dict[str, Any], Optional[bool]]:
        return apply_patch(resource, patch, **kwargs, **profile), None

    def as_str(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False)

    def as_bytes(v: Any) -> bytes:
        return json.dumps(v).encode("utf-8")

    return [
        ("PatchRequest.apply on dicts", request, as_is),
        ("apply_patch on dicts", function, as_is),
        ("PatchRequest.apply on JSON str", request, as_str),
        ("apply_patch on JSON bytes", function, as_bytes),
    ]


def check_patch_error(case: dict[str, Any], err: ScimError, how: str) -> None:
    want = case["error"]
    where = f"{how}:\n{err.rendered}"
    if "scimType" in want:
        assert err.scim_type == want["scimType"], where
    if "status" in want:
        assert err.status == want["status"], where
    if "operation" in want:
        assert err.operation == want["operation"], where
    if "span" in want:
        path = op_path(case["patch"], err.operation)
        assert path is not None, f"a span, but operation {err.operation} has no path: {where}"
        assert (err.start, err.end) == byte_span_to_code_points(path, want["span"]), where
    if "detail" in want:
        assert want["detail"] in err.detail, where
    assert str(err) == err.detail
    assert err.document["detail"] == err.detail


@pytest.mark.parametrize("item", PATCH_CASES, ids=case_id)
def test_patch_vector(item: tuple[str, dict[str, Any]], schemas: Schemas) -> None:
    _, case = item
    resource, patch = case["resource"], case["patch"]
    before = (copy.deepcopy(resource), copy.deepcopy(patch))
    for how, run, encode in patch_runs(case, schemas):
        given = encode(resource)
        if encode is as_is and not isinstance(resource, dict):
            # A case whose resource is not a JSON object runs through JSON text only: as a host
            # value an array, a number, ... is an argument of the wrong type (bindings/README.md,
            # Conventions), and a str would be read as JSON text. A message may be any JSON value.
            if not isinstance(resource, str) and not isinstance(patch, str):
                with pytest.raises(TypeError):
                    run(given, encode(patch))
            continue
        try:
            got, changed = run(given, encode(patch))
        except ScimError as e:
            if "error" not in case:
                pytest.fail(f"{how}: unexpected error:\n{e.rendered}")
            check_patch_error(case, e, how)
            continue
        finally:
            # Never modified, failed or not (a failed request leaves the resource as it was).
            assert same_json(resource, before[0]), f"{how} modified the resource"
            assert same_json(patch, before[1]), f"{how} modified the PATCH request"
        if "error" in case:
            pytest.fail(f"{how}: expected an error, got {json.dumps(got)}")
        expect = case["expect"]
        if "resource" in expect:
            assert same_json(got, expect["resource"]), (
                f"{how}: resource\n  got  {json.dumps(got)}\n  want {json.dumps(expect['resource'])}"
            )
        if "changed" in expect and changed is not None:
            assert changed is expect["changed"], f"{how}: changed {changed}"
        check_new_plain_json(got, given)
        if isinstance(given, dict):
            # The members the resource had keep their order.
            kept = [k for k in got if k in given]
            assert kept == [k for k in given if k in got], f"{how}: members reordered"


def test_patch_vector_fields() -> None:
    """What the runner relies on beyond test_vector_metadata (testdata/README.md, PATCH cases)."""
    for file, case in PATCH_CASES:
        name = f"{file}: {case.get('name')!r}"
        assert "resource" in case and "patch" in case, f"{name}: a resource and a patch"
        assert case.get("resourceType", "User") in ("User", "Group"), f"{name}: resourceType"
        assert case.get("profile", "rfc") in PROFILES, f"{name}: profile"
        if "error" in case:
            want = case["error"]
            assert "scimType" in want, f"{name}: an error names its scimType"
            if "span" in want:
                index = want.get("operation")
                assert op_path(case["patch"], index) is not None, (
                    f"{name}: a span needs the operation whose path it points into"
                )
        else:
            expect = case["expect"]
            assert set(expect) <= {"resource", "changed"}, f"{name}: expect keys"


# --- schema: validate, project, sort --------------------------------------------------------------


def flatten(doc: Any) -> list[Any]:
    """The documents in one file: an array's items, a ListResponse's Resources, or the document."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get("Resources"), list):
        return list(doc["Resources"])
    return [doc]


_REGISTRIES: dict[tuple[str, ...], Schemas] = {}


def case_schemas(case: dict[str, Any]) -> Schemas:
    """The registry for a schema case: the usual one plus the documents its ``load`` names
    (paths relative to testdata/), loaded in one call."""
    paths = tuple(case.get("load") or ())
    if paths not in _REGISTRIES:
        s = fixture_schemas()
        if paths:
            s.load([d for p in paths for d in flatten(read_json(TESTDATA / p))])
        _REGISTRIES[paths] = s
    return _REGISTRIES[paths]


def check_schema_error(case: dict[str, Any], err: ScimError, how: str) -> None:
    want = case["error"]
    where = f"{how}:\n{err.rendered}"
    if "scimType" in want:
        assert err.scim_type == want["scimType"], where
    if "status" in want:
        assert err.status == want["status"], where
    if "detail" in want:
        assert want["detail"] in err.detail, where
    assert str(err) == err.detail
    assert err.document["detail"] == err.detail


def resource_id(resource: Any) -> Any:
    return (resource if isinstance(resource, dict) else json.loads(resource)).get("id")


SchemaRun = Callable[[], Any]


def host_run(how: str, run: SchemaRun, resource: Any) -> list[tuple[str, SchemaRun, Any]]:
    """The run on the vector's resource as a host value; none for a JSON string, which as a
    Python str would be read as JSON text."""
    return [] if isinstance(resource, str) else [(how, run, resource)]


def validate_runs(case: dict[str, Any], s: Schemas) -> list[tuple[str, SchemaRun, Any]]:
    """(label, run, the resource given) for each way a validate case runs."""
    kwargs: dict[str, Any] = {"schemas": s, "mode": case.get("mode")}
    if "resourceType" in case:
        kwargs["resource_type"] = case["resourceType"]
    options = case.get("options", {})
    if "unknownAttributes" in options:
        kwargs["unknown_attributes"] = options["unknownAttributes"]
    if "canonicalValues" in options:
        kwargs["canonical_values"] = options["canonicalValues"]
    resource, existing = case["resource"], case.get("existing")

    def run(given: Any, old: Any) -> SchemaRun:
        def call() -> Any:
            v = validate(given, existing=old, **kwargs)
            assert isinstance(v.dropped, list) and all(isinstance(d, str) for d in v.dropped)
            return {"resource": v.resource, "dropped": v.dropped}

        return call

    as_str = json.dumps(resource, ensure_ascii=False)
    as_bytes = json.dumps(resource).encode("utf-8")
    old_str = None if existing is None else json.dumps(existing)
    return host_run("validate on a dict", run(resource, existing), resource) + [
        ("validate on JSON str", run(as_str, old_str), as_str),
        ("validate on JSON bytes", run(as_bytes, existing), as_bytes),
    ]


def project_runs(case: dict[str, Any], s: Schemas) -> list[tuple[str, SchemaRun, Any]]:
    kwargs: dict[str, Any] = {"schemas": s}
    if "resourceType" in case:
        kwargs["resource_type"] = case["resourceType"]
    attributes = case.get("attributes")
    excluded = case.get("excludedAttributes")
    resource = case["resource"]

    def run(given: Any, a: Any, x: Any) -> SchemaRun:
        def call() -> Any:
            return {"resource": project(given, attributes=a, excluded_attributes=x, **kwargs)}

        return call

    def joined(names: Any) -> Any:
        # One comma-separated str, as in a query string (when that can say the same).
        if isinstance(names, list) and names and not any("," in n for n in names):
            return ",".join(names)
        return names

    as_str = json.dumps(resource, ensure_ascii=False)
    return [
        *host_run("project on a dict", run(resource, attributes, excluded), resource),
        *host_run(
            "project on a dict, names comma-separated",
            run(resource, joined(attributes), joined(excluded)),
            resource,
        ),
        ("project on JSON str", run(as_str, attributes, excluded), as_str),
    ]


def sort_runs(case: dict[str, Any], s: Schemas) -> list[tuple[str, SchemaRun, Any]]:
    kwargs: dict[str, Any] = {"schemas": s, "sort_order": case.get("sortOrder")}
    if "resourceType" in case:
        kwargs["resource_type"] = case["resourceType"]
    resources = case["resources"]
    as_text = [json.dumps(r, ensure_ascii=False) for r in resources]
    mixed = [r if i % 2 else as_text[i] for i, r in enumerate(resources)]

    def run(given: list[Any]) -> SchemaRun:
        def call() -> Any:
            got = sort(iter(given), case["sortBy"], **kwargs)
            assert type(got) is list and got is not given
            # The very objects given, each once.
            assert sorted(map(id, got)) == sorted(map(id, given)), "not the objects given"
            return {"ids": [resource_id(r) for r in got]}

        return call

    return [
        ("sort dicts", run(resources), resources),
        ("sort JSON str", run(as_text), as_text),
        ("sort dicts and JSON text", run(mixed), mixed),
    ]


SCHEMA_RUNS = {"validate": validate_runs, "project": project_runs, "sort": sort_runs}


@pytest.mark.parametrize("item", SCHEMA_CASES, ids=case_id)
def test_schema_vector(item: tuple[str, dict[str, Any]]) -> None:
    _, case = item
    s = case_schemas(case)
    before = copy.deepcopy(case)
    for how, run, given in SCHEMA_RUNS[case["kind"]](case, s):
        if case["kind"] == "project" and not isinstance(given, (dict, str, bytes)):
            # A resource to project that is not a JSON object runs through JSON text only: as a
            # host value an array, a number, ... is an argument of the wrong type
            # (bindings/README.md, Conventions). A resource to validate is a request body, and
            # any JSON value is one (the core refuses what is not an object).
            with pytest.raises(TypeError):
                run()
            continue
        try:
            got = run()
        except ScimError as e:
            if "error" not in case:
                pytest.fail(f"{how}: unexpected error:\n{e.rendered}")
            check_schema_error(case, e, how)
            continue
        finally:
            # Never modified, failed or not.
            assert same_json(case, before), f"{how} modified its arguments"
        if "error" in case:
            pytest.fail(f"{how}: expected an error, got {json.dumps(got)}")
        expect = case["expect"]
        for key in ("resource", "ids"):
            if key in expect:
                want = json.dumps(expect[key])
                assert same_json(got[key], expect[key]), (
                    f"{how}: {key}\n  got  {json.dumps(got[key])}\n  want {want}"
                )
        if "dropped" in expect:
            assert sorted(got["dropped"]) == sorted(expect["dropped"]), f"{how}: dropped"
        if "resource" in got:
            check_new_plain_json(got["resource"], given)
            if case["kind"] == "project" and isinstance(given, dict):
                kept = [k for k in got["resource"] if k in given]
                in_order = [k for k in given if k in got["resource"]]
                assert kept == in_order, f"{how}: members reordered"


def test_schema_vector_fields() -> None:
    """What the runner relies on beyond test_vector_metadata (testdata/README.md, schema cases)."""
    expect_keys = {"validate": {"resource", "dropped"}, "project": {"resource"}, "sort": {"ids"}}
    for file, case in SCHEMA_CASES:
        name = f"{file}: {case.get('name')!r}"
        kind = case.get("kind")
        assert kind in SCHEMA_RUNS, f"{name}: kind"
        if kind == "sort":
            assert isinstance(case.get("sortBy"), str), f"{name}: sortBy"
            assert isinstance(case.get("resources"), list), f"{name}: resources"
            assert all(isinstance(r, dict) and "id" in r for r in case["resources"]), (
                f"{name}: each resource has an id"
            )
        else:
            assert "resource" in case, f"{name}: resource"
        for p in case.get("load", []):
            assert (TESTDATA / p).is_file(), f"{name}: load {p}"
        if "error" in case:
            assert set(case["error"]) <= {"scimType", "status", "detail"}, f"{name}: error keys"
            assert case["error"], f"{name}: an error names at least one of its fields"
        else:
            assert set(case["expect"]) <= expect_keys[kind], f"{name}: expect keys"
