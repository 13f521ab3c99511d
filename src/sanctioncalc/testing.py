"""Assertion helpers for code that embeds sanctioncalc (in the spirit of ``pint.testing``).

>>> import sanctioncalc as sc
>>> from sanctioncalc.testing import assert_amount_equal
>>> assert_amount_equal(sc.Amount(1, "kbbl"), sc.Amount(1000, "bbl"))
"""

from __future__ import annotations

from fractions import Fraction

from ._amount import Amount
from ._percent import Percentage

__all__ = ["assert_amount_equal", "assert_amount_identical", "assert_percentage_equal"]


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
