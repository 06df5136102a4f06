"""``generate_filters`` and ``GeneratedFilter`` (bindings/README.md, "Generated filters"): the
same filters as ``scimkit gen filters`` prints for the same arguments (the committed
``testdata/generate/*.jsonl``, with byte spans converted to code points), each labelled with what
this binding's ``Filter`` says of it; and the arguments checked as everywhere else."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, Optional

import pytest

from scimkit import Filter, GeneratedFilter, ScimError, generate_filters

GENERATE = Path(__file__).resolve().parents[3] / "testdata" / "generate"

# Each fixture: the CLI's output for `gen filters --count 40 --seed 7 --invalid-ratio 0.3
# --style STYLE` (testdata/README.md says how to regenerate them).
FIXTURES = {
    "user": GENERATE / "user-seed-7-ratio-0.3.jsonl",
    "syntax": GENERATE / "syntax-seed-7-ratio-0.3.jsonl",
}


def cli_lines(style: str) -> list[dict[str, Any]]:
    text = FIXTURES[style].read_text(encoding="utf-8")
    # Not splitlines(): the filters hold U+2028 and other characters it would split at.
    return [json.loads(line) for line in text.split("\n") if line]


def code_points(text: str, offset: int) -> int:
    """A byte offset into the UTF-8 of ``text`` as a code-point offset."""
    return len(text.encode("utf-8")[:offset].decode("utf-8"))


def expected_span(line: dict[str, Any]) -> Optional[tuple[int, int]]:
    span = line.get("span")
    if span is None:
        return None
    text = line["filter"]
    return (code_points(text, span["start"]), code_points(text, span["end"]))


def check_labels(filters: list[GeneratedFilter]) -> None:
    """Every valid filter parses strictly; every invalid one raises the labelled error; the
    default options accept exactly those labelled ``lenient_accepts``."""
    for g in filters:
        if g.valid:
            Filter(g.filter, strict=True)
            Filter(g.filter)
            assert g.lenient_accepts is True
            assert (g.scim_type, g.detail, g.span, g.source) == (None, None, None, None)
            continue
        with pytest.raises(ScimError) as info:
            Filter(g.filter, strict=True)
        e = info.value
        assert (e.scim_type, e.detail) == (g.scim_type, g.detail), g
        assert g.span == (None if e.start is None else (e.start, e.end)), g
        assert isinstance(g.source, str)
        Filter(g.source, strict=True)
        try:
            Filter(g.filter)
            accepted = True
        except ScimError:
            accepted = False
        assert accepted is g.lenient_accepts, g


@pytest.mark.parametrize("style", sorted(FIXTURES))
def test_same_filters_as_the_cli(style: str) -> None:
    lines = cli_lines(style)
    got = generate_filters(len(lines), seed=7, invalid_ratio=0.3, style=style)
    assert len(got) == len(lines) == 40
    for g, line in zip(got, lines):
        assert g.filter == line["filter"]
        assert g.valid is line["valid"]
        assert g.kind == line["kind"]
        assert g.scim_type == line.get("scimType")
        assert g.detail == line.get("detail")
        assert g.span == expected_span(line)
        assert g.source == line.get("from")
        assert g.lenient_accepts is line.get("lenientAccepts", True)
    assert any(not g.valid for g in got) and any(g.valid for g in got)


def test_fixture_spans_are_converted() -> None:
    # The syntax fixture has invalid filters with non-ASCII (and astral) text before the span,
    # so code points and bytes differ there.
    lines = [line for line in cli_lines("syntax") if not line["valid"] and line["span"]]
    moved = [line for line in lines if expected_span(line)[0] != line["span"]["start"]]
    assert moved, "no invalid filter in the fixture has non-ASCII text before its span"
    astral = [line for line in moved if any(ord(c) > 0xFFFF for c in line["filter"])]
    assert astral


@pytest.mark.parametrize("style", sorted(FIXTURES))
def test_fixture_labels_hold_in_this_binding(style: str) -> None:
    check_labels(generate_filters(40, seed=7, invalid_ratio=0.3, style=style))


@pytest.mark.parametrize("style", ["user", "syntax"])
def test_labels_hold_in_this_binding(style: str) -> None:
    filters = generate_filters(300, seed=2024, invalid_ratio=0.5, style=style)
    assert len(filters) == 300
    check_labels(filters)


def test_user_filters_compile_against_the_user_schema() -> None:
    for g in generate_filters(100, seed=3):
        assert g.valid
        Filter(g.filter).matches({"userName": "bjensen"})


def test_defaults_and_determinism() -> None:
    default = generate_filters(30)
    assert default == generate_filters(30, seed=0, invalid_ratio=0.0, style="user")
    assert default == generate_filters(30, seed=None, invalid_ratio=None, style=None)
    assert all(g.valid for g in default)
    assert generate_filters(10) == default[:10]  # a prefix of the same stream
    assert generate_filters(30, seed=1) != default
    assert generate_filters(0) == []
    assert all(not g.valid for g in generate_filters(20, seed=5, invalid_ratio=1))
    assert generate_filters(5, style="SYNTAX") == generate_filters(5, style="syntax")
    assert {g.kind for g in generate_filters(5, style="syntax")} == {"syntax"}
    big = generate_filters(3, seed=2**64 - 1, invalid_ratio=0.5)
    assert big == generate_filters(3, seed=2**64 - 1, invalid_ratio=0.5)


def test_generated_filter_object() -> None:
    batch = generate_filters(3, seed=7, invalid_ratio=0.3)
    g, valid = batch[2], batch[1]
    assert not g.valid and g.kind == "not-without-parens"
    assert repr(g) == (
        "GeneratedFilter(filter='not userName eq \"olusegun.nakamura1005@example.net\"', "
        "valid=False, kind='not-without-parens', scim_type='invalidFilter', "
        "detail='expected `(` after `not`, found `userName`', span=(4, 12))"
    )
    assert repr(valid) == (
        "GeneratedFilter(filter='emails[primary eq true]', valid=True, kind='valuepath')"
    )
    assert g == generate_filters(3, seed=7, invalid_ratio=0.3)[2] and g != valid
    assert hash(g) == hash(generate_filters(3, seed=7, invalid_ratio=0.3)[2])
    assert len({g, valid, generate_filters(2, seed=7, invalid_ratio=0.3)[1]}) == 2
    assert GeneratedFilter.__module__ == "scimkit"
    with pytest.raises(AttributeError):
        g.filter = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        GeneratedFilter()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        type("Sub", (GeneratedFilter,), {})


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"count": -1}, ValueError, "count must not be negative"),
        ({"count": 2**64}, ValueError, "count is too large"),
        ({"count": "3"}, TypeError, "count must be an int, not str"),
        ({"count": True}, TypeError, "count must be an int, not bool"),
        ({"count": 1.0}, TypeError, "count must be an int, not float"),
        ({"count": None}, TypeError, "count must be an int, not NoneType"),
        ({"count": 1, "seed": -1}, ValueError, "seed must not be negative"),
        ({"count": 1, "seed": 2**64}, ValueError, "seed is too large"),
        ({"count": 1, "seed": "7"}, TypeError, "seed must be an int, not str"),
        ({"count": 1, "seed": 7.0}, TypeError, "seed must be an int, not float"),
        ({"count": 1, "invalid_ratio": 1.5}, ValueError, "from 0 to 1, not 1.5"),
        ({"count": 1, "invalid_ratio": -0.1}, ValueError, "from 0 to 1, not -0.1"),
        ({"count": 1, "invalid_ratio": math.nan}, ValueError, "from 0 to 1, not nan"),
        ({"count": 1, "invalid_ratio": 2}, ValueError, "from 0 to 1, not 2"),
        ({"count": 1, "invalid_ratio": "0.5"}, TypeError, "must be a float, not str"),
        ({"count": 1, "invalid_ratio": True}, TypeError, "must be a float, not bool"),
        ({"count": 1, "style": "odd"}, ValueError, "unknown style 'odd'; one of: user, syntax"),
        ({"count": 1, "style": 1}, TypeError, "style must be a str, not int"),
        ({"count": 1, "ratio": 0.5}, TypeError, "ratio"),
    ],
)
def test_argument_errors(kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        generate_filters(**kwargs)


def test_keyword_only_options() -> None:
    with pytest.raises(TypeError):
        generate_filters(1, 7)  # type: ignore[misc]
    assert generate_filters(1, invalid_ratio=0) == generate_filters(1)
    assert generate_filters(count=1) == generate_filters(1)
