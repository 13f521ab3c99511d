"""Tests for exact rates and named, versioned conversion factors.

Beside the public API, this module tests internal contracts directly: ``convert_with``
(conversion through a factor, below ``Amount.to``).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sanctioncalc import (
    Amount,
    ConversionFactor,
    FactorNotFoundError,
    InexactResultError,
    InvalidAmountError,
    InvalidCapError,
    ParseError,
    Rate,
    UnitMismatchError,
    factor,
    factor_names,
    factor_tables,
)
from sanctioncalc import strategies as scst
from sanctioncalc._factors import convert_with

# S/RES/2321 (2016) para 26: US$400,870,018 or 7,500,000 metric tons, whichever is lower.
COAL_BREAK_EVEN = Fraction(400_870_018, 7_500_000)


class TestRate:
    """An exact positive ratio with a unit."""

    def test_coal_break_even(self) -> None:
        """The 2321 coal break-even is exactly 400,870,018/7,500,000 USD/t, shown as 53.45."""
        rate = Rate(COAL_BREAK_EVEN, "USD/t")
        assert ("53.45 USD/t", "200435009/3750000 USD/t", "53.4493 USD/t") == (
            str(rate),
            rate.exact,
            rate.rounded(4),
        )

    def test_repr(self) -> None:
        """repr reads like the call that makes the rate, exactly."""
        assert "Rate.parse('160/21 bbl/t')" == repr(Rate(Fraction(160, 21), "bbl/t"))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("53.45 USD/t", Rate(Fraction(5345, 100), "USD/t")),
            ("160/21 bbl/t", Rate(Fraction(160, 21), "bbl/t")),
            # G7 price cap from 5 Dec 2022: the crude cap, US$60 per barrel
            ("60 USD per barrel", Rate(60, "USD/bbl")),
            ("23000 b/d", Rate(23_000, "bbl/d")),
            # str() groups thousands, and parse reads them back
            ("1,500 USD/t", Rate(1500, "USD/t")),
            ("1,234,567.25/3 USD/t", Rate(Fraction(123456725, 300), "USD/t")),
        ],
    )
    def test_parse(self, text: str, expected: Rate) -> None:
        """A number (decimal or n/d), a space, and a unit."""
        assert expected == Rate.parse(text)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (0, "expected a positive ratio"),
            (-1, "expected a positive ratio"),
            (float("inf"), "expected a finite number"),
        ],
    )
    def test_positive_only(self, value: object, message: str) -> None:
        """A rate is a positive ratio."""
        with pytest.raises(InvalidAmountError, match=rf"Rate\.value: .*{message}"):
            Rate(value, "USD/t")

    @pytest.mark.parametrize("text", ["53.45", "USD/t", "", "x" * 2301 + " USD/t"])
    def test_parse_refused(self, text: str) -> None:
        """Text without both a number and a unit is refused."""
        with pytest.raises(ParseError, match="a number and a unit, such as '160/21 bbl/t'"):
            Rate.parse(text)

    @given(scst.rates())
    def test_parse_inverts_exact(self, rate: Rate) -> None:
        """parse(x.exact) == x."""
        assert rate == Rate.parse(rate.exact)

    @given(scst.rates())
    def test_parse_reads_str(self, rate: Rate) -> None:
        """parse(str(x)) is x rounded as str shows it, thousands separators included."""
        assume(rate.value >= Fraction(1, 200))  # below that, str shows 0 bbl/t
        shown = Rate.parse(str(rate))
        assert shown.unit == rate.unit
        assert abs(shown.value - rate.value) <= Fraction(1, 200)
        if (rate.value * 100).denominator == 1:
            assert shown == rate


class TestBundledFactors:
    """The bundled tables hold the published factors, each named table/product."""

    @pytest.mark.parametrize(
        ("name", "value", "from_unit", "to_unit", "mark"),
        [
            # Energy Institute / BP Statistical Review 2021 edition (V)
            ("ei-2021/ethane", "16.85", "t", "bbl", "V"),
            ("ei-2021/lpg", "11.6", "t", "bbl", "V"),
            ("ei-2021/gasoline", "8.35", "t", "bbl", "V"),
            ("ei-2021/kerosene", "7.88", "t", "bbl", "V"),
            ("ei-2021/gas-oil-diesel", "7.46", "t", "bbl", "V"),
            ("ei-2021/residual-fuel-oil", "6.35", "t", "bbl", "V"),
            ("ei-2021/product-basket", "8.058", "t", "bbl", "V"),
            ("ei-2021/crude-oil", "7.33", "t", "bbl", "V"),
            # older BP Statistical Review editions (V2)
            ("bp-older/gasoline", "8.5", "t", "bbl", "V2"),
            ("bp-older/kerosene", "7.8", "t", "bbl", "V2"),
            ("bp-older/gas-oil-diesel", "7.5", "t", "bbl", "V2"),
            ("bp-older/residual-fuel-oil", "6.7", "t", "bbl", "V2"),
            # UN Statistics Division Energy Statistics Yearbook (V)
            ("unsd/crude-oil", "7.32", "t", "bbl", "V"),
            ("unsd/gas-oil-diesel", "7.23", "t", "bbl", "V"),
            ("unsd/motor-gasoline", "8.50", "t", "bbl", "V"),
            ("unsd/kerosene", "7.77", "t", "bbl", "V"),
            ("unsd/jet-fuel", "7.77", "t", "bbl", "V"),
            ("unsd/lpg", "11.65", "t", "bbl", "V"),
            ("unsd/residual-fuel-oil", "6.62", "t", "bbl", "V"),
            ("unsd/fuel-oils", "6.91", "t", "bbl", "V"),
            ("unsd/naphtha", "8.74", "t", "bbl", "V"),
            ("unsd/aviation-gasoline", "8.62", "t", "bbl", "V"),
            # 1718 Committee conversion chart, LPG row (V)
            ("1718-committee/lpg", "11.6", "t", "bbl", "V"),
            ("1718-committee/lpg-bbl-to-t", "0.086", "bbl", "t", "V"),
            ("1718-committee/lpg-kl-to-t", "0.542", "kL", "t", "V"),
            # S/RES/2397 (2017) para 4: 4,000,000 barrels or 525,000 tons (V2: both limbs
            # seen only on the 1718 Committee's list of resolutions, not in the text)
            ("s-res-2397/crude-oil", "160/21", "t", "bbl", "V2"),
            # draft S/2022/431: 3,000,000 bbl or 393,750 t; 375,000 bbl or 46,875 t (V2)
            ("s-2022-431/crude-oil", "160/21", "t", "bbl", "V2"),
            ("s-2022-431/refined-petroleum", "8", "t", "bbl", "V2"),
        ],
    )
    def test_published_values(
        self, name: str, value: str, from_unit: str, to_unit: str, mark: str
    ) -> None:
        """Each factor has its published value, direction and verification mark."""
        found = factor(name)
        num, _, den = value.partition("/")
        expected = Fraction(num) / Fraction(den or 1)
        assert (expected, from_unit, to_unit, mark) == (
            found.value,
            found.from_unit.symbol,
            found.to_unit.symbol,
            found.mark.value,
        )

    def test_every_factor_has_provenance(self) -> None:
        """Every bundled factor names its table, edition, source address and product."""
        for name in factor_names():
            found = factor(name)
            assert (name, True, True, True, True) == (
                found.name,
                bool(found.table),
                bool(found.edition),
                bool(found.product),
                found.source.startswith(("https://", "http://")),
            )

    def test_tables(self) -> None:
        """The table keys are listed in file order."""
        assert ("ei-2021", "bp-older", "unsd", "1718-committee", "s-res-2397", "s-2022-431") == (
            factor_tables()
        )

    def test_lookup_ignores_case_and_spaces(self) -> None:
        """Names are looked up case-insensitively, surrounding spaces ignored."""
        assert factor("ei-2021/crude-oil") is factor("  EI-2021/Crude-Oil ")

    def test_unknown_name_suggests(self) -> None:
        """An unknown name lists the close matches and how to build one's own factor."""
        with pytest.raises(
            FactorNotFoundError,
            match=r"got 'ei-2021/crude'.*did you mean 'ei-2021/crude-oil'.*ConversionFactor",
        ):
            factor("ei-2021/crude")

    def test_non_string_name(self) -> None:
        """A non-string name is not found (and is a LookupError)."""
        with pytest.raises(LookupError, match=r"got 7\.33"):
            factor(7.33)  # type: ignore[arg-type]

    def test_text_forms(self) -> None:
        """str gives value, product, short source and mark; repr is the lookup call."""
        found = factor("ei-2021/crude-oil")
        assert (
            "ei-2021/crude-oil: 7.33 bbl/t (crude-oil, EI 2021, V)",
            "sanctioncalc.factor('ei-2021/crude-oil')",
            "7.33 bbl/t",
        ) == (str(found), repr(found), str(found.rate))

    def test_same_edition_tables_differ(self) -> None:
        """Tables disagree, which is why a factor carries its table: EI 7.33 vs UNSD 7.32."""
        assert factor("ei-2021/crude-oil").value != factor("unsd/crude-oil").value


class TestConversionFactor:
    """User-defined factors: validation and the text form."""

    def test_user_defined(self) -> None:
        """A factor built by hand is shown as user-defined, and repr spells its fields."""
        mine = ConversionFactor("mine/crude", Fraction(733, 100), "t", "bbl", product="crude-oil")
        assert (
            "mine/crude: 7.33 bbl/t (crude-oil, user-defined, U)",
            "ConversionFactor(name='mine/crude', value=Fraction('7.33'), from_unit='t', "
            "to_unit='bbl', product='crude-oil', mark='U')",
        ) == (str(mine), repr(mine))

    def test_same_dimension_is_refused(self) -> None:
        """Barrels to gallons needs no factor: Amount.to is exact."""
        with pytest.raises(
            UnitMismatchError, match=r"units of two different dimensions.*Amount\.to"
        ):
            ConversionFactor("x/y", 42, "bbl", "gal")

    @pytest.mark.parametrize("mark", ["", "v", "verified", None])
    def test_mark_is_checked(self, mark: object) -> None:
        """The mark is V, V2 or U, as for every other figure."""
        with pytest.raises(
            InvalidCapError,
            match=r"ConversionFactor\.mark.*'V' \(read in the instrument's own text\)",
        ):
            ConversionFactor("x/y", 7, "t", "bbl", mark=mark)

    def test_value_is_positive(self) -> None:
        """A factor of zero is refused."""
        with pytest.raises(InvalidAmountError, match=r"ConversionFactor\.value: got 0"):
            ConversionFactor("x/y", 0, "t", "bbl")

    def test_short_text(self) -> None:
        """'name | value to/from' is enough."""
        parsed = ConversionFactor.parse("my-table/crude | 7.33 bbl/t")
        assert ConversionFactor("my-table/crude", "7.33", "t", "bbl") == parsed

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("my-table/crude", "the seven fields of to_text"),
            ("a | 7 bbl/t | c", "the seven fields of to_text"),
            ("a | 7 bbl", "a unit over a unit, such as 'bbl/t'"),
            ("a | bbl/t", "a number and a unit"),
        ],
    )
    def test_parse_refused(self, text: str, message: str) -> None:
        """Wrong field counts, a simple unit and a missing value are refused."""
        with pytest.raises(ParseError, match=message):
            ConversionFactor.parse(text)

    @given(scst.conversion_factors())
    def test_parse_inverts_to_text(self, conversion: ConversionFactor) -> None:
        """parse(x.to_text()) == x."""
        assert conversion == ConversionFactor.parse(conversion.to_text())

    @given(scst.bundled_factors())
    def test_bundled_parse_inverts_to_text(self, conversion: ConversionFactor) -> None:
        """Every bundled factor survives its text form."""
        assert conversion == ConversionFactor.parse(conversion.to_text())

    def test_inverse_applies(self) -> None:
        """A t→bbl factor is used inverted for an amount in barrels."""
        crude = factor("ei-2021/crude-oil")
        assert (True, False) == (
            crude.inverse_applies(Amount(1, "bbl").unit),
            crude.inverse_applies(Amount(1, "t").unit),
        )


class TestConvertWith:
    """Cross-dimension conversion with a named factor, in either direction."""

    @pytest.mark.parametrize(
        ("amount", "name", "to", "expected"),
        [
            (Amount(100_000, "t"), "ei-2021/crude-oil", "bbl", Amount(733_000, "bbl")),
            # S/RES/2397 (2017) para 4: 525,000 tons ↔ 4,000,000 barrels
            (Amount(525_000, "t"), "s-res-2397/crude-oil", "bbl", Amount(4_000_000, "bbl")),
            (Amount(4_000_000, "bbl"), "s-res-2397/crude-oil", "t", Amount(525_000, "t")),
            # draft S/2022/431: 46,875 t ↔ 375,000 bbl refined
            (Amount(46_875, "t"), "s-2022-431/refined-petroleum", "bbl", Amount(375_000, "bbl")),
            (Amount(1, "kbbl"), "1718-committee/lpg-bbl-to-t", "t", Amount(86, "t")),
            (Amount(1000, "L"), "1718-committee/lpg-kl-to-t", "kg", Amount(542, "kg")),
            (Amount(1, "kt"), "ei-2021/crude-oil", "kbbl", Amount("7.33", "kbbl")),
        ],
    )
    def test_examples(self, amount: Amount, name: str, to: str, expected: Amount) -> None:
        """Each conversion gives the exact figure in the unit asked for."""
        actual = convert_with(amount, factor(name), to)
        assert (expected, to) == (actual, actual.unit.symbol)

    def test_result_is_in_the_unit_asked_for(self) -> None:
        """1 t at 160/21 bbl/t has no decimal form in barrels: an error, not cubic metres."""
        with pytest.raises(InexactResultError, match=r"got 160/21.*pass places=N"):
            convert_with(Amount(1, "t"), factor("s-res-2397/crude-oil"), "bbl")

    def test_places(self) -> None:
        """With places the result is rounded half-up, in the unit asked for."""
        assert "Amount('7.62', 'bbl')" == repr(
            convert_with(Amount(1, "t"), factor("s-res-2397/crude-oil"), "bbl", places=2)
        )

    def test_wrong_factor(self) -> None:
        """A mass-volume factor cannot convert dollars."""
        with pytest.raises(UnitMismatchError, match=r"a factor between currency:USD and volume"):
            convert_with(Amount(1, "USD"), factor("ei-2021/crude-oil"), "bbl")

    @given(scst.bundled_factors(), st.integers(min_value=0, max_value=10**12))
    def test_there_and_back(self, conversion: ConversionFactor, thousandths: int) -> None:
        """from-unit → to-unit → from-unit with a named factor returns the start exactly.

        The start is a multiple of the factor's denominator (21 t for 160/21 bbl/t), so the
        way there has a decimal form too.
        """
        value = Fraction(thousandths, 1000) * conversion.value.denominator
        start = Amount.from_fraction(value, conversion.from_unit)
        there = convert_with(start, conversion, conversion.to_unit)
        back = convert_with(there, conversion, conversion.from_unit)
        assert (start.exact, start.unit) == (back.exact, back.unit)
