"""Tests for the provenance mark: its order, wording and text form."""

from __future__ import annotations

import ast
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc

MARKS = st.sampled_from(sc.Mark)


class TestOrder:
    """Marks are ordered by the strength of their source: V > V2 > U."""

    def test_strongest_first(self) -> None:
        """Sorting gives U, V2, V: weakest first."""
        assert [sc.Mark.U, sc.Mark.V2, sc.Mark.V] == sorted([sc.Mark.V, sc.Mark.U, sc.Mark.V2])

    def test_comparisons(self) -> None:
        """Each operator follows the strength order."""
        assert (True, True, True, True, False) == (
            sc.Mark.V > sc.Mark.V2,
            sc.Mark.V2 >= sc.Mark.U,
            sc.Mark.U < sc.Mark.V,
            sc.Mark.V2 <= sc.Mark.V2,
            sc.Mark.U > sc.Mark.V2,
        )

    @pytest.mark.parametrize(
        ("marks", "expected"),
        [
            ((sc.Mark.V,), sc.Mark.V),
            ((sc.Mark.V, sc.Mark.V2), sc.Mark.V2),
            ((sc.Mark.V2, sc.Mark.V, sc.Mark.U), sc.Mark.U),
            ((sc.Mark.V, sc.Mark.V), sc.Mark.V),
        ],
    )
    def test_weakest(self, marks: tuple[sc.Mark, ...], expected: sc.Mark) -> None:
        """The weakest of several marks is the one a derived result carries."""
        assert expected == sc.Mark.weakest(*marks)

    @given(st.lists(MARKS, min_size=1))
    def test_weakest_is_never_stronger_than_an_input(self, marks: list[sc.Mark]) -> None:
        """No result is stronger than its weakest input, and it is one of the inputs."""
        weakest = sc.Mark.weakest(*marks)
        assert (True, True) == (all(weakest <= m for m in marks), weakest in marks)

    @pytest.mark.parametrize(
        "compare",
        [
            lambda m, o: m < o,
            lambda m, o: m <= o,
            lambda m, o: m > o,
            lambda m, o: m >= o,
        ],
        ids=["<", "<=", ">", ">="],
    )
    def test_foreign_types_are_not_ordered(self, compare: Callable[[Any, Any], bool]) -> None:
        """A mark is not ordered against its text: comparing is a TypeError."""
        with pytest.raises(TypeError, match="not supported"):
            compare(sc.Mark.V, "V2")

    def test_ordering_a_mark_against_text_is_a_type_error(self) -> None:
        """mypy refuses comparing a mark with its text, too."""
        with pytest.raises(TypeError, match="not supported"):
            _ = sc.Mark.V < "V2"  # type: ignore[operator]

    def test_not_equal_to_its_text(self) -> None:
        """A mark is a value of its own, not the string it is written as."""
        text: object = "V"
        assert (False, True) == (sc.Mark.V == text, sc.Mark.V == sc.Mark.parse("V"))


class TestWording:
    """One wording per mark, describing the source."""

    def test_wordings(self) -> None:
        """V: the instrument's own text; V2: a secondary source; U: unverified."""
        assert {
            "V": "read in the instrument's own text",
            "V2": "seen only in a secondary source",
            "U": "unverified",
        } == {str(m): m.wording for m in sc.Mark}

    def test_no_press_only(self) -> None:
        """No wording says 'press': V2 covers every secondary source, not only the press."""
        assert [] == [m for m in sc.Mark if "press" in m.wording]


class TestText:
    """A mark is written 'V', 'V2' or 'U' and parsed back exactly."""

    @given(MARKS)
    def test_round_trip(self, mark: sc.Mark) -> None:
        """parse(str(m)) == m."""
        assert mark == sc.Mark.parse(str(mark))

    def test_repr(self) -> None:
        """The repr reads like the name that makes it."""
        assert "[Mark.V, Mark.V2, Mark.U]" == repr(list(sc.Mark))

    @pytest.mark.parametrize("text", ["v", "V ", " U", "V3", "", "press", "VV2"])
    def test_parse_refuses(self, text: str) -> None:
        """Anything but the exact spellings is refused, naming all three and their meaning."""
        with pytest.raises(ValueError, match=r"expected 'V' \(.*\), 'V2' \(.*\) or 'U'"):
            sc.Mark.parse(text)

    def test_long_text_shortened(self) -> None:
        """A long wrong text is shortened in the message."""
        with pytest.raises(ValueError, match=r"got 'x{16}\.\.\., expected"):
            sc.Mark.parse("x" * 500)

    @pytest.mark.parametrize("mark", list(sc.Mark))
    def test_pickles(self, mark: sc.Mark) -> None:
        """A mark unpickles as the same member."""
        assert mark is pickle.loads(pickle.dumps(mark))

    @given(st.from_type(sc.Mark))
    def test_from_type(self, mark: sc.Mark) -> None:
        """hypothesis draws marks from the type itself."""
        assert mark in (sc.Mark.V, sc.Mark.V2, sc.Mark.U)


class TestLayer:
    """The mark module is the lowest layer: it imports nothing from the package."""

    def test_imports_only_the_standard_library(self) -> None:
        """Its only imports are __future__, enum, typing and the error hierarchy below it."""
        source = Path(sys.modules[sc.Mark.__module__].__file__ or "").read_text("utf-8")
        imported = {
            alias.name if isinstance(node, ast.Import) else f"{'.' * node.level}{node.module}"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert {"__future__", "enum", "typing", "._errors"} == imported


class TestRefusals:
    """A wrong value is a sanctioncalc error naming what the marks are."""

    @pytest.mark.parametrize(
        "value", ["x", None, 10**5000, ["V"]], ids=["text", "none", "huge", "list"]
    )
    def test_unknown_values(self, value: object) -> None:
        """Mark(value) raises ParseError for any value that is not a mark's text."""
        with pytest.raises(sc.ParseError, match=r"Mark: got .*expected 'V' or 'V2' or 'U'"):
            sc.Mark(value)

    def test_weakest_of_non_marks(self) -> None:
        """weakest() names the argument that is not a Mark."""
        with pytest.raises(sc.ParseError, match=r"marks\[1\]: got None"):
            sc.Mark.weakest(sc.Mark.V, None)  # type: ignore[arg-type]
