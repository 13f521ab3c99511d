"""Tests for exact percentages."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctioncalc import InvalidAmountError, ParseError, Percentage
from sanctioncalc import strategies as scst


class TestWorkedPercentages:
    """The published cut claims are held exactly and shown as published."""

    @pytest.mark.parametrize(
        ("ratio", "text", "exact"),
        [
            # US fact sheet on 2397: 2397 cuts refined imports by 89 % from the 2016 level (8/9)
            (Fraction(8, 9), "88.89 %", "800/9 %"),
            # US fact sheet on 2375: 2375 cuts refined "over 55 %" (4.5 M → 2 M bbl)
            (Fraction(5, 9), "55.56 %", "500/9 %"),
            # S/RES/2397 (2017) para 5 against S/RES/2375 (2017) para 14: 2 M → 500,000 bbl
            (Fraction(3, 4), "75 %", "75 %"),
            # draft S/2022/431: 4 M → 3 M bbl crude, 500,000 → 375,000 bbl refined
            (Fraction(1, 4), "25 %", "25 %"),
            (Fraction(1, 8), "12.5 %", "12.5 %"),
            (Fraction(1, 3), "33.33 %", "100/3 %"),
            (Fraction(0), "0 %", "0 %"),
            (Fraction(-14), "-1,400 %", "-1400 %"),
        ],
    )
    def test_text_forms(self, ratio: Fraction, text: str, exact: str) -> None:
        """str shows two decimals at most (rounded half-up), exact is the exact fraction."""
        percentage = Percentage.from_ratio(ratio)
        assert (text, exact, ratio) == (str(percentage), percentage.exact, percentage.ratio)

    def test_25_percent_is_an_exact_decimal(self) -> None:
        """The draft S/2022/431 cut is exactly Decimal('25')."""
        assert Decimal("25") == Percentage(25).to_decimal()

    def test_over_55_percent(self) -> None:
        """2375's cut of refined imports from 4.5 M to 2 M bbl is 'over 55 %'."""
        # US fact sheet on S/RES/2375
        cut = Percentage.from_ratio(1 - Fraction(2_000_000, 4_500_000))
        assert (True, Decimal("55.56")) == (cut > Percentage(55), cut.rounded())

    def test_repr(self) -> None:
        """repr reads like the call that makes the value, exactly."""
        assert "Percentage.parse('800/9 %')" == repr(Percentage(Fraction(800, 9)))


class TestDecimalForms:
    """to_decimal is exact or rounded half-up; format specs round for display."""

    def test_inexact_needs_places(self) -> None:
        """8/9 has no finite decimal form: to_decimal() without places raises."""
        with pytest.raises(ArithmeticError, match="pass places=N"):
            Percentage(Fraction(800, 9)).to_decimal()

    @pytest.mark.parametrize(
        ("places", "expected"),
        [(0, "89"), (2, "88.89"), (4, "88.8889")],
    )
    def test_rounded(self, places: int, expected: str) -> None:
        """rounded(places) rounds half-up."""
        assert Decimal(expected) == Percentage(Fraction(800, 9)).rounded(places)

    @pytest.mark.parametrize(
        ("spec", "expected"),
        [("", "88.89 %"), (".4%", "88.8889 %"), (".0%", "89 %")],
    )
    def test_format(self, spec: str, expected: str) -> None:
        """f-strings take '.N%' to round to N places."""
        assert expected == format(Percentage(Fraction(800, 9)), spec)

    @pytest.mark.parametrize("spec", [".2f", "%", ".x%", ">10"])
    def test_unknown_format_spec(self, spec: str) -> None:
        """Other format specs are refused, pointing to the one that works."""
        with pytest.raises(ValueError, match=r"unknown format spec .* use '\.2%'"):
            format(Percentage(25), spec)


class TestArithmetic:
    """Complements, ratios and ordering."""

    def test_complement(self) -> None:
        """What remains after a 75 % cut is 25 %."""
        assert Percentage(25) == Percentage(75).complement()

    def test_ordering(self) -> None:
        """Percentages order by value."""
        assert sorted([Percentage(75), Percentage(Fraction(500, 9)), Percentage(25)]) == [
            Percentage(25),
            Percentage(Fraction(500, 9)),
            Percentage(75),
        ]

    def test_not_equal_to_a_number(self) -> None:
        """25 % is not the number 25 (nor 0.25)."""
        number: object = 25
        assert (False, False) == (Percentage(25) == number, Percentage(25) == Fraction(1, 4))

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(0.1, Fraction(1, 10)), ("12.5", Fraction(25, 2)), (Decimal("-3"), Fraction(-3))],
    )
    def test_accepted_values(self, value: object, expected: Fraction) -> None:
        """Floats by shortest repr, strings and Decimals become exact percent points."""
        assert expected == Percentage(value).percent

    def test_nan_is_refused(self) -> None:
        """NaN is not a percentage."""
        with pytest.raises(InvalidAmountError, match=r"Percentage\.percent: got nan"):
            Percentage(float("nan"))


class TestParse:
    """Percentage.parse reads the forms in use and inverts both text forms."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("25 %", Percentage(25)),
            ("25%", Percentage(25)),
            ("40 percent", Percentage(40)),
            ("40 per cent", Percentage(40)),
            ("800/9 %", Percentage(Fraction(800, 9))),
            ("88.89%", Percentage(Fraction(8889, 100))),
            ("−10 %", Percentage(-10)),
            ("-1,400 %", Percentage(-1400)),
            ("1,234.5 %", Percentage(Fraction(2469, 2))),
            (" 0.5 % ", Percentage(Fraction(1, 2))),
        ],
    )
    def test_forms(self, text: str, expected: Percentage) -> None:
        """Percent sign, the words, fractions, signs and thousands separators are read."""
        assert expected == Percentage.parse(text)

    @pytest.mark.parametrize(
        "text", ["25", "abc %", "1,2 %", "12,34 %", "1.2.3 %", ". %", "", "% 25", "x" * 100]
    )
    def test_refused(self, text: str) -> None:
        """Text without a percent sign or with malformed digits is refused."""
        with pytest.raises(ParseError, match="a percentage such as '25 %' or '800/9 %'"):
            Percentage.parse(text)

    def test_non_string(self) -> None:
        """Only text is parsed."""
        with pytest.raises(ParseError, match="got 25"):
            Percentage.parse(25)  # type: ignore[arg-type]

    @given(scst.percentages(min_value=-(10**6), max_value=10**6))
    def test_parse_inverts_exact(self, percentage: Percentage) -> None:
        """parse(x.exact) == x."""
        assert percentage == Percentage.parse(percentage.exact)

    @given(st.integers(min_value=-(10**9), max_value=10**9))
    def test_parse_inverts_str_with_two_decimals(self, hundredths: int) -> None:
        """parse(str(x)) == x when x needs at most two decimals, thousands included."""
        percentage = Percentage(Fraction(hundredths, 100))
        assert percentage == Percentage.parse(str(percentage))

    @given(scst.percentages())
    def test_hostile_context_changes_nothing(
        self, hostile_context: decimal.Context, percentage: Percentage
    ) -> None:
        """Text forms and rounding ignore the caller's decimal context."""

        def results() -> tuple[object, ...]:
            return (str(percentage), percentage.exact, percentage.rounded(3), f"{percentage:.5%}")

        expected = results()
        with decimal.localcontext(hostile_context):
            actual = results()
        assert expected == actual
