"""The shared vectors in testdata/ (format: testdata/README.md), one test per case.

The checks are those of core/tests/vectors.rs, through the Python API: spans are converted
from the vectors' bytes to code points, compile errors surface from ``filter()``, and every
``matches`` expectation is checked through ``filter()``, ``matches()`` on dicts and
``matches()`` on the same resources as JSON text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import pytest

from scimkit import Filter, PatchPath, Schemas, ScimError

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


def case_id(item: tuple[str, dict[str, Any]]) -> str:
    return f"{item[0]}/{item[1].get('name', '?')}"


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    """The RFC 7643 registry plus the fixture schemas (the Widget resource type), as dicts."""
    s = Schemas()
    s.load([read_json(p) for p in json_files(TESTDATA / "fixtures" / "schemas")])
    return s


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
    "cases", [FILTER_CASES, PATH_CASES], ids=["filters", "paths"]
)
def test_vector_metadata(cases: list[tuple[str, dict[str, Any]]]) -> None:
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
