"""python/scimkit/__init__.pyi checked two ways with mypy (which test.sh installs): stubtest
against the built module (every name, signature and default), and mypy --strict over typical
uses (typing_usage.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def mypy(*args: str) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (test.sh installs it)")
    run = subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_stubtest() -> None:
    mypy("mypy.stubtest", "scimkit")


def test_stub_types_in_strict_mode() -> None:
    mypy("mypy", "--strict", "--no-incremental", str(HERE / "typing_usage.py"))
