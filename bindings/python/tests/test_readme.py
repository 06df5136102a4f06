"""Runs every ```python block of the READMEs' Python parts, so the examples cannot rot: the
``## Python`` section of the repository README and all of bindings/python/README.md. Each block
runs on its own, as a newcomer would paste it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT_README = HERE.parents[2] / "README.md"
BINDING_README = HERE.parent / "README.md"

BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def python_section(text: str) -> str:
    """The text from the ``## Python`` heading to the next ``## `` heading."""
    match = re.search(r"^## Python[ \t]*\n(.*?)(?=^## |\Z)", text, re.DOTALL | re.MULTILINE)
    assert match, "the README has no ## Python section"
    return match.group(1)


def blocks() -> list[tuple[str, str]]:
    sources = [
        ("README.md#python", python_section(ROOT_README.read_text(encoding="utf-8"))),
        ("bindings/python/README.md", BINDING_README.read_text(encoding="utf-8")),
    ]
    out = []
    for name, text in sources:
        found = BLOCK.findall(text)
        assert found, f"{name} has no python block"
        out.extend((f"{name}[{i}]", code) for i, code in enumerate(found))
    return out


BLOCKS = blocks()


@pytest.mark.parametrize("code", [c for _, c in BLOCKS], ids=[n for n, _ in BLOCKS])
def test_readme_block(code: str) -> None:
    exec(compile(code, "<readme>", "exec"), {"__name__": "__readme__"})
