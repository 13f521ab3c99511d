"""Imports point one way: the layers contract in pyproject.toml, read here independently.

Every import statement counts: at module level, inside a function, or under
``TYPE_CHECKING``.  The contract (``[tool.importlinter]``, checked in CI by ``lint-imports``)
lists every module of the package and of each subpackage; this test reads the source with
:mod:`ast` and checks the same contract, so that a layer broken by a deferred import fails
here too.  It also checks that no private name crosses a subpackage boundary, that there is
no import cycle, and that no module is over 900 lines.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sanctioncalc"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
MAX_LINES = 900


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
SUBPACKAGES = {m for m, p in MODULES.items() if p.name == "__init__.py" and "." in m}


def imports(source: str, module: str, *, is_package: bool) -> Iterator[tuple[str, str, int]]:
    """(imported module, imported name or "", line) for every import of a sanctioncalc module."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sanctioncalc":
                    yield alias.name, "", node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "sanctioncalc":
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in MODULES:
                    yield submodule, "", node.lineno
                else:
                    yield target, alias.name, node.lineno


def edges(sources: dict[str, str]) -> set[tuple[str, str, str, int]]:
    """(importer, imported module, name, line) over the whole package."""
    return {
        (module, target, name, line)
        for module, source in sources.items()
        for target, name, line in imports(
            source, module, is_package=MODULES[module].name == "__init__.py"
        )
        if target != module
    }


def ignored() -> set[tuple[str, str]]:
    pairs = set()
    for contract in CONTRACTS["contracts"]:
        for expression in contract.get("ignore_imports", []):
            importer, _, imported = expression.partition(" -> ")
            pairs.add((importer, imported))
    return pairs


def layer_of(module: str, container: str, layers: list[str]) -> tuple[int, str] | None:
    """(rank from the top, the child of *container* that holds *module*), or None."""
    if not module.startswith(container + "."):
        return None
    child = module[len(container) + 1 :].split(".", maxsplit=1)[0]
    for rank, layer in enumerate(layers):
        if child in (name.strip() for name in layer.split("|")):
            return rank, child
    return None


def violations(sources: dict[str, str]) -> list[str]:
    """Every import that a layers contract forbids, in words."""
    skip = ignored()
    found = []
    for contract in CONTRACTS["contracts"]:
        for container in contract["containers"]:
            for importer, target, _, line in edges(sources):
                if (importer, target) in skip:
                    continue
                mine = layer_of(importer, container, contract["layers"])
                theirs = layer_of(target, container, contract["layers"])
                if mine is None or theirs is None or mine[1] == theirs[1]:
                    continue
                if theirs[0] <= mine[0]:
                    found.append(f"{importer}:{line} imports {target} (not a lower layer)")
    return found


def current_sources() -> dict[str, str]:
    return {module: path.read_text("utf-8") for module, path in MODULES.items()}


class TestContract:
    """The contract covers every module, and the source keeps it."""

    def test_every_module_is_in_a_layer(self) -> None:
        """Each child of the package and of each subpackage is named in its contract."""
        listed = {
            (container, name.strip())
            for contract in CONTRACTS["contracts"]
            for container in contract["containers"]
            for layer in contract["layers"]
            for name in layer.split("|")
        }
        children = {
            (module.rpartition(".")[0], module.rpartition(".")[2])
            for module in MODULES
            if "." in module and module.rpartition(".")[0] in {"sanctioncalc", *SUBPACKAGES}
        }
        assert set() == children - listed
        assert set() == listed - children

    def test_imports_point_down(self) -> None:
        """No module imports from its own layer's siblings or from a higher layer."""
        assert [] == violations(current_sources())

    def test_a_deferred_upward_import_is_caught(self) -> None:
        """An import inside a function counts like one at the top of the module."""
        sources = current_sources()
        sources["sanctioncalc._amount"] += (
            "\n\ndef _probe():\n    from ._render import to_html\n\n    return to_html\n"
        )
        found = violations(sources)
        assert 1 == len(found)
        assert found[0].startswith("sanctioncalc._amount:")
        assert found[0].endswith("imports sanctioncalc._render (not a lower layer)")

    def test_a_type_checking_import_is_caught(self) -> None:
        """An import under TYPE_CHECKING counts too."""
        sources = current_sources()
        sources["sanctioncalc._ledger.fields"] += (
            "\n\nif TYPE_CHECKING:\n    from .results import Utilization\n"
        )
        assert 1 == len(violations(sources))


class TestNoCycles:
    """The import graph, deferred imports included, has no cycle."""

    def test_no_cycle(self) -> None:
        """A depth-first search finds no module reachable from itself."""
        skip = ignored()
        graph: dict[str, set[str]] = {m: set() for m in MODULES}
        for importer, target, _, _ in edges(current_sources()):
            if (importer, target) not in skip and target in graph:
                graph[importer].add(target)
        done: set[str] = set()

        def visit(module: str, path: tuple[str, ...]) -> None:
            assert module not in path, " -> ".join((*path, module))
            if module in done:
                return
            for target in graph[module]:
                visit(target, (*path, module))
            done.add(module)

        for module in graph:
            visit(module, ())


class TestBoundaries:
    """A subpackage hands on what others need through its __init__; privates stay inside."""

    @pytest.mark.parametrize("module", sorted(MODULES))
    def test_no_private_name_crosses_a_boundary(self, module: str) -> None:
        """Nothing outside a subpackage imports a private name, or a private module, from it."""
        crossing = []
        for importer, target, name, line in edges({module: MODULES[module].read_text("utf-8")}):
            home = next((s for s in SUBPACKAGES if target == s or target.startswith(s + ".")), None)
            if home is None or importer == home or importer.startswith(home + "."):
                continue
            tail = target[len(home) :].split(".")
            if name.startswith("_") or any(part.startswith("_") for part in tail):
                crossing.append(f"{importer}:{line} {target} {name}")
        assert [] == crossing

    @pytest.mark.parametrize("module", sorted(MODULES))
    def test_module_size(self, module: str) -> None:
        """One idea per module: none is over 900 lines."""
        assert len(MODULES[module].read_text("utf-8").splitlines()) <= MAX_LINES
