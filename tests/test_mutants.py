"""Facts that mutation testing found unchecked: error wording, bounds and edge cases.

Each test pins one behaviour a mutant of the core arithmetic changed without any other test
noticing (scripts/mutation.sh).  Beside the public API, this module tests an internal
contract directly: ``to_fraction``'s bound for ratios.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

import sanctioncalc as sc
from sanctioncalc._numbers import RATIO_DIGITS, to_fraction


class TestPercentageBounds:
    """A percentage holds ratios of up to 100 digits, and its text up to 2,299 characters."""

    def test_a_99_digit_percentage(self) -> None:
        """A percentage below 10**100 points is accepted (amounts stop at 10**30)."""
        assert Fraction(10**99) == sc.Percentage(10**99).percent

    def test_a_100_digit_percentage(self) -> None:
        """A percentage of 10**100 points is refused, naming the field."""
        with pytest.raises(sc.InvalidAmountError, match=r"^Percentage\.percent: .*10\*\*100"):
            sc.Percentage(10**RATIO_DIGITS)

    def test_from_a_large_ratio(self) -> None:
        """A ratio far beyond any amount's bound still makes a percentage (10**40 is 10**42 %)."""
        assert Fraction(10**42) == sc.Percentage.from_ratio(10**40).percent

    def test_longest_text(self) -> None:
        """Text of 2,299 characters is read; one more is refused before any parsing."""
        assert sc.Percentage(1) == sc.Percentage.parse(" " * 2296 + "1 %")
        with pytest.raises(sc.ParseError, match=r"^Percentage: got"):
            sc.Percentage.parse(" " * 2297 + "1 %")


class TestPercentageMessages:
    """A refusal names the field, what it got (shortened), what was expected and the fix."""

    def test_format_spec(self) -> None:
        """An unknown format spec is shown to 40 characters."""
        with pytest.raises(sc.ParseError) as caught:
            format(sc.Percentage(1), "x" * 50)
        expected = (
            f"format spec: got '{'x' * 36}..., expected '' or '.N%' with N decimal places; "
            "unknown format spec for Percentage; use '.2%'"
        )
        assert expected == str(caught.value)

    def test_parse(self) -> None:
        """Text that is no percentage is shown to 60 characters."""
        with pytest.raises(sc.ParseError) as caught:
            sc.Percentage.parse("y" * 70)
        expected = (
            f"Percentage: got '{'y' * 56}..., expected a percentage such as '25 %' or "
            "'800/9 %'; write a number followed by '%'"
        )
        assert expected == str(caught.value)

    def test_parse_a_zero_denominator(self) -> None:
        """A ratio text with a zero denominator names the percentage."""
        with pytest.raises(sc.InvalidAmountError) as caught:
            sc.Percentage.parse("1/0 %")
        assert "Percentage: got '1/0', expected a non-zero denominator; fix the fraction" == str(
            caught.value
        )

    def test_from_ratio(self) -> None:
        """A ratio that is no number is refused as the ratio."""
        with pytest.raises(sc.InvalidAmountError, match=r"^ratio: got 'abc', expected a plain"):
            sc.Percentage.from_ratio("abc")

    def test_to_decimal(self) -> None:
        """A percentage with no decimal form says so, naming the percentage."""
        with pytest.raises(sc.InexactResultError, match=r"^Percentage: got 1/3, expected"):
            sc.Percentage(Fraction(1, 3)).to_decimal()


class TestRatioBound:
    """to_fraction bounds a ratio by the digits it is given."""

    def test_digits_bound_an_int(self) -> None:
        """An int of 10**60 is refused when ratios are bounded at 10**50, as a Decimal is."""
        with pytest.raises(sc.InvalidAmountError, match=r"below 10\*\*50"):
            to_fraction(10**60, digits=50)

    def test_digits_bound_a_decimal(self) -> None:
        """A Decimal of 10**60 is refused when ratios are bounded at 10**50."""
        with pytest.raises(sc.InvalidAmountError, match=r"below 10\*\*50"):
            to_fraction(Decimal("1E60"), digits=50)
