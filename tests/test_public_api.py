"""Tests for the public surface: __all__, docstrings, cheap import, one-way dependencies."""

from __future__ import annotations

import ast
import importlib.metadata
import inspect
import subprocess
import sys
import types
from pathlib import Path

import pytest

import sanctioncalc as sc

PACKAGE = Path(sc.__file__).parent
PUBLIC_SUBMODULES = ("strategies", "testing")


def public_names() -> set[str]:
    """Names a user sees on the package: not private, not modules, not future imports."""
    return {
        name
        for name in dir(sc)
        if not name.startswith("_")
        and not isinstance(getattr(sc, name), types.ModuleType)
        and name != "annotations"
    }


def all_groups() -> list[list[str]]:
    """The names of the literal __all__ in __init__.py, split into its comment-headed groups."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    node = next(
        n
        for n in tree.body
        if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)
    )
    assert isinstance(node.value, ast.List)
    lines = (PACKAGE / "__init__.py").read_text("utf-8").splitlines()
    groups: list[list[str]] = [[]]
    previous_line = node.value.lineno
    for element in node.value.elts:
        assert isinstance(element, ast.Constant)
        assert isinstance(element.value, str)
        between = lines[previous_line : element.lineno - 1]
        if any(line.strip().startswith("#") for line in between) and groups[-1]:
            groups.append([])
        groups[-1].append(element.value)
        previous_line = element.lineno
    return groups


def documented_callables() -> list[tuple[str, object]]:
    """Every public callable: exports, their public methods and properties, submodule functions."""
    found: list[tuple[str, object]] = []
    for name in sc.__all__:
        obj = getattr(sc, name)
        if callable(obj):
            found.append((name, obj))
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(value, property):
                    found.append((f"{name}.{attr}", value.fget))
                elif isinstance(value, classmethod | staticmethod):
                    found.append((f"{name}.{attr}", value.__func__))
                elif inspect.isfunction(value):
                    found.append((f"{name}.{attr}", value))
    for module_name in PUBLIC_SUBMODULES:
        module = importlib.import_module(f"sanctioncalc.{module_name}")
        found += [(f"{module_name}.{n}", getattr(module, n)) for n in module.__all__]
    return found


class TestAll:
    """__all__ is a literal, grouped, sorted list of exactly the public names."""

    def test_equals_public_names(self) -> None:
        """Every public name is exported and every export is public."""
        assert public_names() == set(sc.__all__)

    def test_no_duplicates(self) -> None:
        """Each name is listed once."""
        assert len(set(sc.__all__)) == len(sc.__all__)

    def test_groups_are_sorted(self) -> None:
        """Within each comment-headed group (or the whole list if none) names are sorted."""
        groups = all_groups()
        assert [sorted(group) for group in groups] == groups
        assert sc.__all__ == [name for group in groups for name in group]

    @pytest.mark.parametrize("name", sc.__all__)
    def test_exports_resolve(self, name: str) -> None:
        """Every exported name is an attribute of the package."""
        assert getattr(sc, name) is not None

    @pytest.mark.parametrize("module_name", PUBLIC_SUBMODULES)
    def test_public_submodules_all(self, module_name: str) -> None:
        """The public submodules list exactly their public functions, sorted."""
        module = importlib.import_module(f"sanctioncalc.{module_name}")
        names = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and inspect.isfunction(value)
            and value.__module__ == module.__name__
        }
        assert (names, sorted(module.__all__)) == (set(module.__all__), module.__all__)

    def test_version(self) -> None:
        """__version__ matches the installed distribution."""
        assert importlib.metadata.version("sanctioncalc") == sc.__version__


class TestDocstrings:
    """Every public callable says what it does."""

    @pytest.mark.parametrize(
        ("name", "obj"), documented_callables(), ids=lambda x: x if isinstance(x, str) else ""
    )
    def test_has_docstring(self, name: str, obj: object) -> None:
        """The docstring is there and its first line is a summary."""
        doc = inspect.getdoc(obj) or ""
        assert doc.strip(), f"{name} has no docstring"
        assert doc.splitlines()[0].strip(), f"{name}'s docstring starts with a blank line"


class TestImport:
    """`import sanctioncalc` is cheap: pint, hypothesis and numpy load only when used."""

    def test_heavy_dependencies_are_deferred(self) -> None:
        """A fresh interpreter that imports sanctioncalc has not imported pint or hypothesis."""
        code = (
            "import sys, sanctioncalc; "
            "heavy = ('pint', 'hypothesis', 'numpy', 'pandas'); "
            "print(sorted(m for m in heavy if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        assert "[]" == result.stdout.strip()
