"""Tests for the error and warning hierarchy: bases, messages built from facts, pickling."""

from __future__ import annotations

import pickle
import string
from collections.abc import Callable
from fractions import Fraction

import pytest

import sanctioncalc as sc
from sanctioncalc import _errors

ERRORS = [
    getattr(_errors, name)
    for name in _errors.__all__
    if issubclass(getattr(_errors, name), sc.SanctionCalcError)
]
WARNINGS = [
    getattr(_errors, name)
    for name in _errors.__all__
    if issubclass(getattr(_errors, name), Warning)
]


def facts_for(cls: type[sc.SanctionCalcError]) -> dict[str, str]:
    """Made-up facts for every field of an error's message template."""
    names = {field for _, field, _, _ in string.Formatter().parse(cls._template) if field}
    return {name: f"<{name}>" for name in sorted(names)}


class TestHierarchy:
    """One root error; each concrete error also subclasses the builtin a caller would catch."""

    @pytest.mark.parametrize(
        ("error", "builtin"),
        [
            (sc.InvalidAmountError, ValueError),
            (sc.ParseError, ValueError),
            (sc.UnknownUnitError, ValueError),
            (sc.AmbiguousUnitError, ValueError),
            (sc.UnitMismatchError, TypeError),
            (sc.InvalidCapError, ValueError),
            (sc.InvalidPeriodError, ValueError),
            (sc.PeriodMismatchError, ValueError),
            (sc.ZeroBaselineError, ZeroDivisionError),
            (sc.InexactResultError, ArithmeticError),
            (sc.FactorNotFoundError, LookupError),
            (sc.CatalogError, ValueError),
            (sc.CatalogConflictError, ValueError),
            (sc.InstrumentNotFoundError, LookupError),
        ],
    )
    def test_documented_builtin(self, error: type[Exception], builtin: type[Exception]) -> None:
        """Each error is a SanctionCalcError and the builtin its docs name."""
        assert (True, True) == (issubclass(error, sc.SanctionCalcError), issubclass(error, builtin))

    @pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
    def test_every_error_has_a_builtin_base(self, error: type[Exception]) -> None:
        """Every concrete error also derives from a builtin more specific than Exception."""
        if error is sc.SanctionCalcError:
            assert (Exception,) == error.__bases__
            return
        builtins_ = {
            base
            for base in error.__mro__
            if base.__module__ == "builtins" and base not in (Exception, BaseException, object)
        }
        assert builtins_

    @pytest.mark.parametrize("warning", WARNINGS, ids=lambda w: w.__name__)
    def test_warnings(self, warning: type[Warning]) -> None:
        """Every warning is a SanctionCalcWarning, hence a UserWarning."""
        assert (True, True) == (
            issubclass(warning, sc.SanctionCalcWarning),
            issubclass(warning, UserWarning),
        )

    def test_exported(self) -> None:
        """The core errors and warnings are re-exported from sanctioncalc."""
        for name in ("SanctionCalcError", "SanctionCalcWarning", "PrecisionLossWarning"):
            assert getattr(_errors, name) is getattr(sc, name)


class TestFactsAndMessages:
    """Errors carry their facts as attributes and build the message from them."""

    def test_message_from_facts(self) -> None:
        """The message reads 'field: got …, expected …; fix'."""
        error = sc.UnitMismatchError(field="new", got="bbl", expected="t", fix="pass factor=")
        assert ("new: got bbl, expected t; pass factor=", "new", "bbl", "t", "pass factor=") == (
            str(error),
            error.field,
            error.got,
            error.expected,
            error.fix,
        )

    def test_catalog_error_names_file_and_record(self) -> None:
        """Catalog errors also say which file and record."""
        error = sc.CatalogError(
            file="dprk.json", record="2397-4-crude", field="limit", got="x", expected="y", fix="z"
        )
        assert "dprk.json: 2397-4-crude: limit: got x, expected y; z" == str(error)

    @pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
    def test_message_alone(self, error: type[sc.SanctionCalcError]) -> None:
        """An error built from a message alone keeps the message and has no facts."""
        made = error("the catalog is read-only")
        assert ("the catalog is read-only", {}, None, None) == (
            str(made),
            made.facts,
            made.got,
            made.fix,
        )

    def test_some_facts(self) -> None:
        """An error given some facts says what it knows, in the usual order."""
        error = sc.LedgerError(field="quantity", fix="give a number")
        assert ("quantity; give a number", {"field": "quantity", "fix": "give a number"}) == (
            str(error),
            error.facts,
        )

    def test_catalog_error_some_facts(self) -> None:
        """A catalog error given its file and a got says both."""
        error = sc.CatalogError(file="dprk.toml", got="'x'", expected="a date")
        assert "dprk.toml: got 'x', expected a date" == str(error)

    def test_misspelt_fact_refused(self) -> None:
        """A fact that is not declared is refused when the error is built."""
        with pytest.raises(TypeError, match="fxi"):
            sc.ParseError(field="Cap", fxi="give a number")  # type: ignore[call-arg]

    def test_catalog_facts_are_attributes(self) -> None:
        """A catalog error's file and record are attributes, as its other facts."""
        error = sc.CatalogError(file="a.toml", record="2397", field="x", got="1")
        assert ("a.toml", "2397", "x", "1", None) == (
            error.file,
            error.record,
            error.field,
            error.got,
            error.expected,
        )

    @pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
    def test_message_alone_pickles(self, error: type[sc.SanctionCalcError]) -> None:
        """An error built from a message alone pickles with its message."""
        copy = pickle.loads(pickle.dumps(error("no such ledger")))
        assert (error, "no such ledger", {}) == (type(copy), str(copy), copy.facts)

    @pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
    def test_pickle_round_trip(self, error: type[sc.SanctionCalcError]) -> None:
        """pickle.loads(pickle.dumps(e)) keeps the type, the facts, the attributes and the text."""
        facts = facts_for(error)
        original = error(**facts)
        copy = pickle.loads(pickle.dumps(original))
        assert (type(original), original.facts, str(original), original.args) == (
            type(copy),
            copy.facts,
            str(copy),
            copy.args,
        )
        assert facts == {name: getattr(copy, name) for name in facts}


def _raise_unit_mismatch() -> object:
    return sc.cut("4,000,000 bbl", "393,750 t")


def _raise_inexact() -> object:
    return sc.Amount(1, "m3").to("bbl")


def _raise_ambiguous() -> object:
    return sc.parse_unit("Mbbl")


def _raise_parse() -> object:
    return sc.Amount.parse("10**10**10 barrel")


def _raise_zero() -> object:
    return sc.cut("0 bbl", "1 bbl")


def _raise_period_mismatch() -> object:
    return sc.cut("1 bbl for 1 Oct 2017 – 31 Dec 2017", "1 bbl per 12 months")


def _raise_factor() -> object:
    return sc.factor("ei-2021/crude")


def _raise_invalid_cap() -> object:
    return sc.Cap("-1 bbl", "12 months")


def _raise_invalid_amount() -> object:
    return sc.Amount(float("nan"), "bbl")


def _raise_invalid_period() -> object:
    return sc.Periodic(0)


def _raise_unknown_unit() -> object:
    return sc.parse_unit("hogshead")


def _raise_inexact_fraction() -> object:
    return sc.Amount.from_fraction(Fraction(1, 3), "bbl")


RAISERS: list[tuple[Callable[[], object], type[Exception]]] = [
    (_raise_unit_mismatch, TypeError),
    (_raise_inexact, ArithmeticError),
    (_raise_ambiguous, ValueError),
    (_raise_parse, ValueError),
    (_raise_zero, ZeroDivisionError),
    (_raise_period_mismatch, ValueError),
    (_raise_factor, LookupError),
    (_raise_invalid_cap, ValueError),
    (_raise_invalid_amount, ValueError),
    (_raise_invalid_period, ValueError),
    (_raise_unknown_unit, ValueError),
    (_raise_inexact_fraction, ArithmeticError),
]


class TestRaisedErrors:
    """Errors raised by the library follow the house rules."""

    @pytest.mark.parametrize(
        ("raiser", "builtin"), RAISERS, ids=lambda r: getattr(r, "__name__", "")
    )
    def test_caught_as_builtin(
        self, raiser: Callable[[], object], builtin: type[Exception]
    ) -> None:
        """A caller catching the builtin catches the library's error."""
        with pytest.raises(builtin) as info:
            raiser()
        assert isinstance(info.value, sc.SanctionCalcError)

    @pytest.mark.parametrize(
        ("raiser", "builtin"), RAISERS, ids=lambda r: getattr(r, "__name__", "")
    )
    def test_message_shape(self, raiser: Callable[[], object], builtin: type[Exception]) -> None:
        """Messages say what was got and expected, and end without a period."""
        with pytest.raises(sc.SanctionCalcError) as info:
            raiser()
        message = str(info.value)
        assert (True, True, False) == (
            ": got " in message,
            ", expected " in message,
            message.endswith("."),
        )

    @pytest.mark.parametrize(
        ("raiser", "builtin"), RAISERS, ids=lambda r: getattr(r, "__name__", "")
    )
    def test_raised_errors_pickle(
        self, raiser: Callable[[], object], builtin: type[Exception]
    ) -> None:
        """A raised error survives pickling with its facts and message."""
        with pytest.raises(sc.SanctionCalcError) as info:
            raiser()
        copy = pickle.loads(pickle.dumps(info.value))
        assert (type(info.value), info.value.facts, str(info.value)) == (
            type(copy),
            copy.facts,
            str(copy),
        )


class TestFactories:
    """Recurring messages come from named factories, written once."""

    def test_negative_limit(self) -> None:
        """A limit below zero: the type asked for, the field and the amount named."""
        error = sc.InvalidCapError.negative_limit("Cap.limit", "-1 bbl")
        assert (sc.InvalidCapError, "Cap.limit", "-1 bbl", "an amount of zero or more") == (
            type(error),
            error.field,
            error.got,
            error.expected,
        )

    def test_negative_limit_raised(self) -> None:
        """A negative cap is refused with the factory's message."""
        with pytest.raises(sc.InvalidCapError, match="a limit cannot be negative"):
            sc.Cap("-1 bbl", "12 months")

    def test_reversed_days(self) -> None:
        """A span in the wrong order: the type asked for, and the fix."""
        error = sc.LedgerError.reversed_days("last", "2 Jan – 1 Jan")
        assert (sc.LedgerError, "give the dates in order") == (type(error), error.fix)

    def test_reversed_days_raised(self) -> None:
        """A reversed span is refused with the factory's message."""
        with pytest.raises(sc.InvalidPeriodError, match="expected a last day on or after"):
            sc.Span.parse("2 Jan 2018 – 1 Jan 2018")
