"""The field kit: every value type converts its fields with the kit, and names them in errors.

These tests are about an internal contract (how value types declare their fields), so they
walk the package's attrs classes; what a user sees of it, the field named in each error, is
tested through the public API below and in ``test_bad_inputs.py``.
"""

from __future__ import annotations

import ast
import functools
import inspect
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

import sanctioncalc as sc
from sanctioncalc import bulk, plot, strategies, testing

PACKAGE = Path(sc.__file__).parent


def _attrs_classes() -> list[type]:
    seen: dict[str, type] = {}
    for namespace in (sc, bulk, plot, strategies, testing):
        for value in vars(namespace).values():
            if inspect.isclass(value) and attrs.has(value):
                seen[f"{value.__module__}.{value.__qualname__}"] = value
    return [seen[name] for name in sorted(seen)]


CLASSES = _attrs_classes()


def _takes_field(function: Any) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and "field" in code.co_varnames[1 : code.co_argcount]


class TestEveryValueTypeUsesTheKit:
    """A kit converter is handed its field's qualified name when the class is built."""

    def test_the_public_value_types_are_walked(self) -> None:
        """The walk reaches the value types of every topic (a guard on the walk itself)."""
        names = {c.__name__ for c in CLASSES}
        assert {"Amount", "Cap", "DualCap", "Ban", "Freeze", "PriceCap", "WindDown"} <= names
        assert {
            "QuotaSchedule",
            "ScheduleEntry",
            "Ceiling",
            "ConversionFactor",
            "Delivery",
        } <= names

    @pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
    def test_no_kit_converter_is_left_unnamed(self, cls: type) -> None:
        """Each field whose converter takes a field name has it bound to 'Class.field'."""
        for field in attrs.fields(cls):
            converter = field.converter
            assert not _takes_field(converter), f"{cls.__name__}.{field.name}"
            if isinstance(converter, functools.partial) and "field" in converter.keywords:
                assert f"{cls.__name__}.{field.name}" == converter.keywords["field"]

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: sc.Cap("-1 bbl", "12 months"), "Cap.limit"),
            (lambda: sc.Cap("1 bbl", 12), "Cap.period"),
            (lambda: sc.Cap("1 bbl", "12 months", commodity=3), "Cap.commodity"),
            (lambda: sc.DualCap(("1 bbl", 5), "12 months"), "DualCap.limbs"),
            (lambda: sc.Ban(None, start=date(1800, 1, 1)), "Ban.start"),
            (lambda: sc.Periodic(12, "1 Jan 1800"), "Periodic.anchor"),
            (lambda: sc.Amount(object(), "bbl"), "Amount.value"),
            (lambda: sc.Rate(0, "USD/t"), "Rate.value"),
            (
                lambda: sc.ScheduleEntry("1 Jan 2024 – 31 Dec 2024", "1 t", mark="W"),
                "ScheduleEntry.mark",
            ),
            (
                lambda: sc.Delivery("2023-01", "5 bbl", reporter="R", reported=date(1800, 1, 1)),
                "Delivery.reported",
            ),
        ],
    )
    def test_errors_name_the_field(self, build: Any, field: str) -> None:
        """Whichever kit converter refuses a value, its error names the qualified field."""
        with pytest.raises(sc.SanctionCalcError) as info:
            build()
        assert field == info.value.field


class TestDates:
    """One date rule for every value type: a date, not a datetime, in the years read back."""

    @pytest.mark.parametrize(
        "build",
        [
            lambda day: sc.Ban(None, start=day),
            lambda day: sc.Periodic(12, day),
            lambda day: sc.Delivery("2017-12", "5 bbl", reporter="R", reported=day),
            lambda day: sc.Ceiling("300 kg", "enriched uranium stockpile", start=day),
        ],
        ids=["Ban.start", "Periodic.anchor", "Delivery.reported", "Ceiling.start"],
    )
    def test_text_and_dates_agree(self, build: Any) -> None:
        """Text and a date of the same day build equal values; a year out of range is refused."""
        assert build(date(2018, 1, 1)) == build("1 Jan 2018") == build("2018-01-01")
        with pytest.raises(sc.InvalidPeriodError, match="a year from 1900 to 2200"):
            build(date(1899, 12, 31))


class TestMarks:
    """`Mark` is the only spelling of a mark."""

    @pytest.mark.parametrize(
        "build",
        [
            lambda mark: sc.ConversionFactor("x/y", 7, "t", "bbl", mark=mark).mark,
            lambda mark: (
                sc.WindDown("contract", "2 Sep 2025", "17 Oct 2025", "loading", mark=mark).mark
            ),
            lambda mark: sc.DynamicCapRule(weeks=22, discount=15, review_months=6, mark=mark).mark,
            lambda mark: sc.ScheduleEntry("1 Jan 2024 – 31 Dec 2024", "1 t", mark=mark).mark,
        ],
        ids=["ConversionFactor", "WindDown", "DynamicCapRule", "ScheduleEntry"],
    )
    def test_text_becomes_the_member(self, build: Any) -> None:
        """A mark given as its text is stored as the Mark member; a wrong one is refused alike."""
        assert [sc.Mark.V, sc.Mark.V2, sc.Mark.U] == [build(text) for text in ("V", "V2", "U")]
        with pytest.raises(sc.InvalidCapError, match=r"mark: got 'press', expected 'V' \("):
            build("press")

    def test_catalog_marks_are_members(self) -> None:
        """Every mark the bundled catalog holds is a Mark, not a string."""
        marks = [
            mark
            for measure in sc.catalog().measures()
            for mark in (
                measure.source.mark,
                measure.source.paragraph_mark,
                measure.reporting_mark,
                measure.hs_mark,
                *(t.mark for t in measure.thresholds),
            )
        ]
        marks += [i.date_mark for i in sc.catalog()]
        assert marks
        assert all(isinstance(mark, sc.Mark) for mark in marks)

    def test_no_other_spelling_in_the_source(self) -> None:
        """Outside the Mark module no string literal spells a mark or its old wording."""
        found = []
        for path in sorted(PACKAGE.rglob("*.py")):
            if path.name == "_mark.py":
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    text = node.value
                    if text in {"V", "V2", "U"} or "press only" in text:
                        found.append(f"{path.name}:{node.lineno}: {text!r}")
        assert [] == found
