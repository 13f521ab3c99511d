"""Assertion helpers for code that embeds sanctioncalc (in the spirit of ``pint.testing``).

>>> import sanctioncalc as sc
>>> from sanctioncalc.testing import assert_amount_equal
>>> assert_amount_equal(sc.Amount(1, "kbbl"), sc.Amount(1000, "bbl"))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ._amount import Amount
from ._ceiling import Breach
from ._errors import InvalidAmountError, InvalidCapError
from ._errors import shown as _shown
from ._numbers import MAX_PLACES, display_fraction
from ._percent import Percentage
from ._price_cap import AppliedCap, PriceCap
from ._schedule import QuotaSchedule

__all__ = [
    "assert_amount_equal",
    "assert_amount_identical",
    "assert_applied_price",
    "assert_in_registry",
    "assert_multiple",
    "assert_percentage_equal",
    "assert_price_cap_equal",
    "assert_schedule_equal",
]


def assert_amount_equal(actual: Amount, expected: Amount | str) -> None:
    """Assert two amounts are physically equal (same dimension, same exact quantity)."""
    want = expected if isinstance(expected, Amount) else Amount.parse(expected)
    if not isinstance(actual, Amount):
        raise AssertionError(f"expected an Amount, got {type(actual).__name__}: {actual!r}")
    if actual.dimension != want.dimension:
        raise AssertionError(
            f"dimension differs: {actual} is {actual.dimension}, {want} is {want.dimension}"
        )
    if actual != want:
        difference = actual - want
        raise AssertionError(f"amounts differ: {actual} != {want} (difference {difference})")


def assert_amount_identical(actual: Amount, expected: Amount | str) -> None:
    """Assert same value *and* same unit (``1 kbbl`` is not identical to ``1,000 bbl``)."""
    want = expected if isinstance(expected, Amount) else Amount.parse(expected)
    assert_amount_equal(actual, want)
    if actual.unit != want.unit:
        raise AssertionError(f"units differ: {actual.unit} != {want.unit}")


def assert_percentage_equal(
    actual: Percentage, expected: Percentage | str | int | Fraction
) -> None:
    """Assert a percentage equals an exact value (``"800/9 %"``, ``25`` or a Percentage)."""
    want = (
        expected
        if isinstance(expected, Percentage)
        else Percentage.parse(expected)
        if isinstance(expected, str)
        else Percentage(expected)
    )
    if not isinstance(actual, Percentage):
        raise AssertionError(f"expected a Percentage, got {type(actual).__name__}: {actual!r}")
    if actual != want:
        raise AssertionError(f"percentages differ: {actual.exact} != {want.exact}")


def assert_price_cap_equal(actual: PriceCap, expected: PriceCap | str) -> None:
    """Assert two price caps are equal: same price (physically), class, places and dates.

    *expected* may be the text form (``"60 USD/bbl for crude in EU from 5 Dec 2022"``), which
    carries no wind-downs or rule: those are then not compared.
    """
    if not isinstance(actual, PriceCap):
        raise AssertionError(f"expected a PriceCap, got {type(actual).__name__}: {actual!r}")
    if not isinstance(expected, PriceCap | str):
        raise InvalidCapError(
            field="expected",
            got=_shown(expected, 60),
            expected="a PriceCap or its text",
            fix="pass e.g. '60 USD/bbl for crude in EU from 5 Dec 2022'",
        )
    text_only = isinstance(expected, str)
    want = PriceCap.parse(expected) if isinstance(expected, str) else expected
    assert_amount_equal(actual.price, want.price)
    mine = (actual.product_class, actual.jurisdictions, actual.effective_from)
    theirs = (want.product_class, want.jurisdictions, want.effective_from)
    if mine != theirs or actual.effective_until != want.effective_until:
        raise AssertionError(f"price caps differ: {actual} != {want}")
    if not text_only and (actual.wind_downs, actual.rule) != (want.wind_downs, want.rule):
        raise AssertionError(f"wind-downs or rule differ: {actual.describe()} != {want.describe()}")


def assert_applied_price(actual: AppliedCap, expected: Amount | str | None) -> None:
    """Assert the price that applied to a cargo (None: the cargo was outside any cap)."""
    if not isinstance(actual, AppliedCap):
        raise AssertionError(f"expected an AppliedCap, got {type(actual).__name__}: {actual!r}")
    if expected is None or actual.price is None:
        if expected is not actual.price:
            raise AssertionError(f"applied price differs: {actual} (expected {expected})")
        return
    assert_amount_equal(actual.price, expected)


def assert_schedule_equal(actual: QuotaSchedule, expected: QuotaSchedule) -> None:
    """Assert two quota schedules have the same periods, limits (physically) and marks."""
    if not isinstance(expected, QuotaSchedule):
        raise InvalidCapError(
            field="expected",
            got=_shown(expected, 60),
            expected="a QuotaSchedule",
            fix="build the expected schedule, e.g. QuotaSchedule.yearly(2014, [...])",
        )
    if not isinstance(actual, QuotaSchedule):
        raise AssertionError(f"expected a QuotaSchedule, got {type(actual).__name__}")
    if len(actual.entries) != len(expected.entries):
        raise AssertionError(
            f"schedules differ in length: {len(actual.entries)} != {len(expected.entries)}"
        )
    for index, (mine, theirs) in enumerate(zip(actual.entries, expected.entries, strict=True)):
        if (mine.span, mine.mark) != (theirs.span, theirs.mark):
            raise AssertionError(f"entry {index} differs: {mine} != {theirs}")
        assert_amount_equal(mine.limit, theirs.limit)


def assert_multiple(actual: Breach, expected: Fraction | int | str, *, places: int = 2) -> None:
    """Assert a breach's multiple: exactly a Fraction/int, or as shown to *places* (``"23.39"``).

    >>> import sanctioncalc as sc
    >>> assert_multiple(sc.Ceiling("202.8 kg", "stockpile").multiple("4,744.5 kg"), "23.39")
    """
    if isinstance(expected, bool) or not isinstance(expected, Fraction | int | str):
        raise InvalidAmountError(
            field="expected",
            got=_shown(expected, 60),
            expected="a Fraction, an int or the multiple as shown, such as '23.39'",
            fix="pass the exact multiple or its text",
        )
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PLACES:
        raise InvalidAmountError(
            field="places",
            got=_shown(places, 30),
            expected=f"a number of decimal places from 0 to {MAX_PLACES}",
            fix="e.g. places=2",
        )
    if not isinstance(actual, Breach):
        raise AssertionError(f"expected a Breach, got {type(actual).__name__}: {actual!r}")
    if isinstance(expected, str):
        shown = display_fraction(actual.multiple, places).replace(",", "")
        if shown != expected:
            raise AssertionError(f"multiple differs: {shown}× != {expected}×")
    elif actual.multiple != Fraction(expected):
        raise AssertionError(f"multiple differs: {actual.multiple} != {expected}")


def assert_in_registry(quantity: Any, registry: Any, expected: Amount | str | None = None) -> None:
    """Assert a pint quantity belongs to *registry* (and, optionally, equals *expected*).

    For tools that pass their own registry to :meth:`Amount.to_pint`: the quantity must come
    back in that registry, not sanctioncalc's.  pint's application registry is a proxy: its
    quantities belong to the registry it wraps.
    """
    from pint.registry import ApplicationRegistry  # noqa: PLC0415 - only embedders need pint

    proxy = isinstance(registry, ApplicationRegistry)
    target: Any = registry.get() if proxy else registry
    owner = getattr(quantity, "_REGISTRY", None)
    if owner is not target:
        raise AssertionError(f"quantity {quantity!r} is not in the given registry")
    if expected is not None:
        assert_amount_equal(Amount.from_pint(quantity), expected)
