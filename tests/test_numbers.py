"""Tests for exact number handling: coercion to Fraction and Decimal, rounding, formatting.

These are internal contracts: the number helpers in ``_numbers`` that every value type
reads and writes exact numbers through, tested directly.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctioncalc import InexactResultError, InvalidAmountError
from sanctioncalc._numbers import (
    MAX_DIGITS,
    MAX_PLACES,
    display_fraction,
    fraction_text,
    fraction_to_decimal,
    group,
    parse_fraction_text,
    round_half_up,
    terminates,
    to_decimal,
    to_fraction,
)

EXACT_FRACTIONS = st.fractions(min_value=-(10**12), max_value=10**12, max_denominator=10**6)


class TestToFraction:
    """Every accepted kind of number becomes the exact Fraction it spells."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (4_000_000, Fraction(4_000_000)),
            ("4000000", Fraction(4_000_000)),
            ("4_000_000", Fraction(4_000_000)),
            (" 7.33 ", Fraction(733, 100)),
            ("-0.5", Fraction(-1, 2)),
            ("+.5", Fraction(1, 2)),
            (Decimal("0.158987294928"), Fraction(158987294928, 10**12)),
            (Fraction(160, 21), Fraction(160, 21)),
        ],
    )
    def test_exact_inputs(self, value: object, expected: Fraction) -> None:
        """int, str, Decimal and Fraction are read exactly."""
        assert expected == to_fraction(value)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (0.1, Fraction(1, 10)),
            (7.33, Fraction(733, 100)),
            (1e-07, Fraction(1, 10**7)),
            (4_000_000.0, Fraction(4_000_000)),
            (-106094.17, Fraction(-10609417, 100)),
        ],
    )
    def test_float_is_read_by_its_shortest_repr(self, value: float, expected: Fraction) -> None:
        """A float means what it prints as (0.1 is one tenth), never its binary expansion."""
        assert expected == to_fraction(value)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (np.float64(0.1), Fraction(1, 10)),
            (np.float64(4_000_000.0), Fraction(4_000_000)),
            (np.int64(525_000), Fraction(525_000)),
        ],
    )
    def test_numpy_scalars(self, value: object, expected: Fraction) -> None:
        """numpy's float64 (by its shortest repr, not 'np.float64(0.1)') and int64 are read."""
        assert (expected, expected) == (to_fraction(value), Fraction(to_decimal(value)))

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (True, "expected a number"),
            (np.bool_(True), "convert the bool to one of those first"),
            (np.float32(0.1), "convert the float32 to one of those first"),
            (float("nan"), "expected a finite number"),
            (float("inf"), "expected a finite number"),
            (float("-inf"), "expected a finite number"),
            (Decimal("NaN"), "expected a finite number"),
            (Decimal("-Infinity"), "expected a finite number"),
            ("1e5", "without units, exponents or thousands separators"),
            ("4,000,000", "without units, exponents or thousands separators"),
            ("4000000 bbl", "without units, exponents or thousands separators"),
            ("", "a plain decimal number"),
            ("1" * 81, "a plain decimal number"),  # longer than any exact text we write
            (None, "convert the NoneType to one of those first"),
            ([1], "convert the list to one of those first"),
            (1j, "convert the complex to one of those first"),
        ],
    )
    def test_refused(self, value: object, message: str) -> None:
        """Bools, NaN, infinities, non-plain text and other types are refused, saying why."""
        with pytest.raises(InvalidAmountError, match=message):
            to_fraction(value)

    def test_error_names_the_field(self) -> None:
        """The error names the field the caller was filling in."""
        with pytest.raises(InvalidAmountError, match=r"^Cap\.limit: got nan"):
            to_fraction(float("nan"), "Cap.limit")

    def test_largest_accepted_magnitude(self) -> None:
        """Just below 10**30 is accepted, 10**30 is refused as implausibly large."""
        assert Fraction(10**MAX_DIGITS - 1) == to_fraction(10**MAX_DIGITS - 1)
        with pytest.raises(InvalidAmountError, match=r"an amount below 10\*\*30"):
            to_fraction(-(10**MAX_DIGITS))


class TestToDecimal:
    """Decimals keep their digits; other numbers become exact Decimals or are refused."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("1.50"), "1.50"),
            ("1.50", "1.50"),
            ("4_000_000", "4000000"),
            (0.1, "0.1"),
            (4_000_000, "4000000"),
            (Fraction(1, 8), "0.125"),
            (Fraction(-160, 16), "-10"),
        ],
    )
    def test_digits_are_kept(self, value: object, expected: str) -> None:
        """The Decimal spells the number as given (trailing zeros included)."""
        assert expected == str(to_decimal(value))

    def test_fraction_without_finite_decimal_is_refused(self) -> None:
        """8/9 has no finite decimal form, and the error says how to round."""
        with pytest.raises(InexactResultError, match="pass places=N to round half-up"):
            to_decimal(Fraction(8, 9))

    def test_too_many_places_are_refused(self) -> None:
        """More than MAX_PLACES decimals is refused as no sanctions figure is that fine."""
        with pytest.raises(InvalidAmountError, match="at most 40 decimal places"):
            to_decimal(Decimal("0." + "0" * MAX_PLACES + "1"))

    def test_string_spelling_is_checked(self) -> None:
        """A string goes through the same plain-number check as to_fraction."""
        with pytest.raises(InvalidAmountError, match="without units, exponents"):
            to_decimal("1E+3")


class TestTerminates:
    """A Fraction has a finite decimal form exactly when its denominator is 2^a·5^b."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Fraction(1, 8), True),
            (Fraction(7, 20), True),
            (Fraction(3), True),
            (Fraction(1, 3), False),
            # 4,000,000 bbl / 525,000 t, S/RES/2397 (2017) para 4
            (Fraction(4_000_000, 525_000), False),
            # 2,000,000 bbl × 92/365 days, the 2375 stub by days, S/RES/2375 (2017) para 14
            (Fraction(2_000_000 * 92, 365), False),
        ],
    )
    def test_examples(self, value: Fraction, expected: bool) -> None:
        """Known fractions are classified correctly."""
        assert expected == terminates(value)


class TestFractionToDecimal:
    """Fractions become Decimals exactly, or rounded half-up when places are given."""

    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            (Fraction(1, 8), None, "0.125"),
            (Fraction(-1, 8), None, "-0.125"),
            (Fraction(25), None, "25"),
            (Fraction(2, 3), 2, "0.67"),
            (Fraction(-2, 3), 2, "-0.67"),
            (Fraction(1, 8), 2, "0.13"),
            (Fraction(-1, 8), 2, "-0.13"),
            (Fraction(800, 9), 2, "88.89"),
            (Fraction(5), 2, "5.00"),
            (Fraction(15, 10), 0, "2"),
            # 2,000,000 bbl × 92/365, S/RES/2375 (2017) para 14 stub by days
            (Fraction(2_000_000 * 92, 365), 2, "504109.59"),
        ],
    )
    def test_examples(self, value: Fraction, places: int | None, expected: str) -> None:
        """Exact conversion, and half-up rounding (halves away from zero)."""
        assert Decimal(expected) == fraction_to_decimal(value, places=places)
        assert expected == str(fraction_to_decimal(value, places=places))

    def test_non_terminating_without_places(self) -> None:
        """Without places, 2/3 is refused with the exact value in the message."""
        with pytest.raises(InexactResultError, match=r"share: got 2/3, expected a value with"):
            fraction_to_decimal(Fraction(2, 3), field="share")

    def test_terminating_but_too_long(self) -> None:
        """1/2**41 terminates but needs 41 places, more than the 40 allowed."""
        with pytest.raises(InexactResultError, match="at most 40 decimal places"):
            fraction_to_decimal(Fraction(1, 2**41))

    @given(EXACT_FRACTIONS, st.integers(min_value=0, max_value=6))
    def test_rounding_error_is_at_most_half_a_unit(self, value: Fraction, places: int) -> None:
        """The rounded value is within half a unit of the last place of the exact value."""
        rounded = Fraction(fraction_to_decimal(value, places=places))
        assert abs(rounded - value) <= Fraction(1, 2 * 10**places)


class TestRoundHalfUp:
    """Rounding to an integer sends halves away from zero, as legal texts do."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Fraction(1, 2), 1),
            (Fraction(-1, 2), -1),
            (Fraction(5, 2), 3),
            (Fraction(-5, 2), -3),
            (Fraction(24999, 10000), 2),
            (Fraction(0), 0),
            (Fraction(7), 7),
        ],
    )
    def test_examples(self, value: Fraction, expected: int) -> None:
        """Halves round away from zero; everything else to the nearest integer."""
        assert expected == round_half_up(value)

    @given(EXACT_FRACTIONS)
    def test_symmetric(self, value: Fraction) -> None:
        """Rounding commutes with negation."""
        assert -round_half_up(value) == round_half_up(-value)


class TestGroup:
    """Display text groups thousands and keeps the stored digits."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("4000000", "4,000,000"),
            ("400870018", "400,870,018"),
            ("-106094.17", "-106,094.17"),
            ("999", "999"),
            ("1000", "1,000"),
            ("0.5", "0.5"),
            ("1.50", "1.50"),
            ("1E+3", "1,000"),
            ("0", "0"),
        ],
    )
    def test_examples(self, value: str, expected: str) -> None:
        """Thousands separators are commas; decimals are left as stored."""
        assert expected == group(Decimal(value))


class TestDisplayAndExactText:
    """display_fraction rounds only when needed; fraction_text is always exact."""

    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            (Fraction(25), 2, "25"),
            (Fraction(25, 2), 2, "12.5"),
            # the cumulative refined-petroleum cut from 2016 (US fact sheet on 2397)
            (Fraction(800, 9), 2, "88.89"),
            (Fraction(500, 9), 2, "55.56"),
            # 4,000,000 bbl / 525,000 t, S/RES/2397 (2017) para 4
            (Fraction(160, 21), 4, "7.6190"),
            (Fraction(400_870_018, 7_500_000), 2, "53.45"),
            (Fraction(123_456_789, 10), 2, "12,345,678.9"),
        ],
    )
    def test_display(self, value: Fraction, places: int, expected: str) -> None:
        """Exact when it fits in places, rounded half-up otherwise, thousands grouped."""
        assert expected == display_fraction(value, places)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Fraction(25), "25"),
            (Fraction(-1, 8), "-0.125"),
            (Fraction(800, 9), "800/9"),
            (Fraction(-160, 21), "-160/21"),
            (Fraction(123_456_789), "123456789"),
        ],
    )
    def test_exact_text(self, value: Fraction, expected: str) -> None:
        """A short decimal where one exists, else numerator/denominator, never grouped."""
        assert expected == fraction_text(value)

    @given(EXACT_FRACTIONS)
    def test_parse_inverts_exact_text(self, value: Fraction) -> None:
        """parse_fraction_text(fraction_text(x)) == x."""
        assert value == parse_fraction_text(fraction_text(value), "value")

    def test_zero_denominator_is_refused(self) -> None:
        """'1/0' is not a fraction."""
        with pytest.raises(InvalidAmountError, match="a non-zero denominator"):
            parse_fraction_text("1/0", "Rate.value")


class TestDecimalContext:
    """No function here depends on the caller's decimal context."""

    @given(EXACT_FRACTIONS, st.integers(min_value=0, max_value=6))
    def test_hostile_context_changes_nothing(
        self, hostile_context: decimal.Context, value: Fraction, places: int
    ) -> None:
        """Three-digit precision, ROUND_DOWN and traps on rounding give identical results."""

        def results() -> tuple[object, ...]:
            return (
                fraction_to_decimal(value, places=places),
                display_fraction(value, places),
                fraction_text(value),
                to_decimal(str(fraction_to_decimal(value, places=places))),
                group(fraction_to_decimal(value, places=places)),
                round_half_up(value),
            )

        expected = results()
        with decimal.localcontext(hostile_context):
            actual = results()
        assert expected == actual
