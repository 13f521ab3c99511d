"""Tests for the assertion helpers that embedders use (sanctioncalc.testing)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sanctioncalc import Amount, Percentage
from sanctioncalc.testing import (
    assert_amount_equal,
    assert_amount_identical,
    assert_percentage_equal,
)


class TestAssertAmountEqual:
    """Physical equality: same dimension and exact quantity, any unit."""

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            (Amount(1, "kbbl"), Amount(1000, "bbl")),
            (Amount(1, "bbl"), "42 gal"),
            # S/RES/2397 (2017) para 4: 4 million barrels
            (Amount(4_000_000, "bbl"), "4 million barrels"),
        ],
    )
    def test_passes(self, actual: Amount, expected: Amount | str) -> None:
        """Equal quantities pass, whatever the units."""
        assert_amount_equal(actual, expected)

    def test_different_quantity(self) -> None:
        """Unequal amounts fail, showing the difference."""
        with pytest.raises(
            AssertionError,
            match=r"amounts differ: 3,000,000 bbl != 4,000,000 bbl \(difference -1,000,000 bbl\)",
        ):
            assert_amount_equal(Amount(3_000_000, "bbl"), "4,000,000 bbl")

    def test_different_dimension(self) -> None:
        """Barrels and tonnes fail on dimension, not with a UnitMismatchError."""
        with pytest.raises(
            AssertionError, match="dimension differs: 525,000 t is mass, 4,000,000 bbl is volume"
        ):
            assert_amount_equal(Amount(525_000, "t"), "4,000,000 bbl")

    def test_not_an_amount(self) -> None:
        """A bare number fails, naming its type."""
        with pytest.raises(AssertionError, match="expected an Amount, got int: 5"):
            assert_amount_equal(5, "5 bbl")  # type: ignore[arg-type]


class TestAssertAmountIdentical:
    """Identical: same value and same unit."""

    def test_passes(self) -> None:
        """The same value in the same unit passes."""
        assert_amount_identical(Amount(500_000, "bbl"), "500,000 barrels")

    def test_same_quantity_other_unit(self) -> None:
        """1 kbbl is equal to, but not identical with, 1,000 bbl."""
        with pytest.raises(AssertionError, match="units differ: kbbl != bbl"):
            assert_amount_identical(Amount(1, "kbbl"), "1,000 bbl")


class TestAssertPercentageEqual:
    """Exact percentage equality."""

    @pytest.mark.parametrize(
        "expected",
        # US fact sheet on 2397: the 8/9 cut of refined supply from 2016
        ["800/9 %", Fraction(800, 9), Percentage.from_ratio(Fraction(8, 9))],
    )
    def test_passes(self, expected: Percentage | str | Fraction) -> None:
        """Text, a Fraction of percent points or a Percentage all compare exactly."""
        assert_percentage_equal(Percentage(Fraction(800, 9)), expected)

    def test_rounded_is_not_exact(self) -> None:
        """88.89 % is not 8/9, and the failure shows both exactly."""
        with pytest.raises(AssertionError, match=r"percentages differ: 800/9 % != 88\.89 %"):
            assert_percentage_equal(Percentage(Fraction(800, 9)), "88.89 %")

    def test_not_a_percentage(self) -> None:
        """A bare number fails, naming its type."""
        with pytest.raises(AssertionError, match="expected a Percentage, got int: 25"):
            assert_percentage_equal(25, 25)  # type: ignore[arg-type]
