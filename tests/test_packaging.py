"""Tests for what the distribution declares: its version and its hypothesis entry point."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import assert_type

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"

# Every public value type that sanctioncalc.strategies can draw.
DRAWN = [
    sc.Amount,
    sc.Ban,
    sc.Cap,
    sc.Ceiling,
    sc.Commodity,
    sc.ConversionFactor,
    sc.DualCap,
    sc.DynamicCapRule,
    sc.Percentage,
    sc.Periodic,
    sc.PriceCap,
    sc.ProductClass,
    sc.QuotaSchedule,
    sc.Rate,
    sc.ReductionRule,
    sc.Span,
    sc.Unit,
    sc.WindDown,
]


class TestVersion:
    """The version is written once, in pyproject.toml."""

    def test_package_version_is_the_project_version(self) -> None:
        """sc.__version__ is the version pyproject.toml declares."""
        declared = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]["version"]
        assert declared == assert_type(sc.__version__, str)

    def test_importing_the_package_leaves_metadata_unread(self) -> None:
        """``import sanctioncalc`` stays cheap: the version is read on first use."""
        code = (
            "import sys, sanctioncalc; "
            "before = 'importlib.metadata' in sys.modules; "
            "print(before, sanctioncalc.__version__)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        assert f"False {sc.__version__}" == result.stdout.strip()

    def test_command_line_version(self) -> None:
        """``sanctioncalc --version`` prints the installed version."""
        result = subprocess.run(
            [sys.executable, "-m", "sanctioncalc", "--version"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert f"sanctioncalc {importlib.metadata.version('sanctioncalc')}" == result.stdout.strip()


class TestHypothesisEntryPoint:
    """hypothesis finds the strategies through its entry point, with no import of ours."""

    def test_declared(self) -> None:
        """The installed distribution names its setup hook in the 'hypothesis' group."""
        hooks = [
            entry.value
            for entry in importlib.metadata.entry_points(group="hypothesis")
            if entry.dist is not None and entry.dist.name == "sanctioncalc"
        ]
        assert ["sanctioncalc._hypothesis:_hypothesis_setup_hook"] == hooks

    @pytest.mark.parametrize("cls", DRAWN, ids=lambda cls: cls.__name__)
    @given(data=st.data())
    def test_from_type(self, cls: type[object], data: st.DataObject) -> None:
        """``st.from_type`` draws an instance of every public value type with a strategy."""
        assert isinstance(data.draw(st.from_type(cls)), cls)

    def test_registered_on_import_of_hypothesis(self) -> None:
        """A fresh interpreter that never imports sanctioncalc.strategies draws an Amount."""
        code = (
            "from hypothesis import find, settings, strategies as st; "
            "import sanctioncalc as sc; "
            "found = find(st.from_type(sc.Amount), bool, settings=settings(database=None)); "
            "print(type(found).__name__)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
        )
        assert "Amount" == result.stdout.strip()
