"""Tests for Amount: an exact Decimal value in a unit."""

from __future__ import annotations

import decimal
import time
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import (
    Amount,
    InexactResultError,
    InvalidAmountError,
    ParseError,
    UnitMismatchError,
    UnknownUnitError,
    parse_unit,
)
from sanctioncalc import strategies as scst

VOLUMES = ("bbl", "kbbl", "MMbbl", "gal", "L", "kL", "m3")
MASSES = ("t", "kg", "kt", "Mt", "short_ton", "long_ton", "lb", "g")


class TestConstruction:
    """Amount(value, unit) stores an exact Decimal and a Unit."""

    @pytest.mark.parametrize(
        ("value", "unit", "expected"),
        [
            (4_000_000, "bbl", "Amount('4000000', 'bbl')"),
            ("525000", "tons", "Amount('525000', 't')"),
            (Decimal("106094.17"), "barrels", "Amount('106094.17', 'bbl')"),
            (0.1, "m3", "Amount('0.1', 'm3')"),
            (Fraction(1, 8), "kbbl", "Amount('0.125', 'kbbl')"),
            ("1.50", "bbl", "Amount('1.50', 'bbl')"),
        ],
    )
    def test_repr(self, value: object, unit: str, expected: str) -> None:
        """repr reads like the call that makes the amount, digits as given."""
        assert expected == repr(Amount(value, unit))

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("0.0000001"), "Amount('0.0000001', 'bbl')"),
            (Decimal("1E+3"), "Amount('1000', 'bbl')"),
            (Decimal("-0"), "Amount('-0', 'bbl')"),
        ],
    )
    def test_repr_never_uses_exponents(self, value: Decimal, expected: str) -> None:
        """repr writes plain digits, so evaluating it gives the amount back."""
        amount = Amount(value, "bbl")
        assert (expected, amount) == (repr(amount), eval(repr(amount)))

    @given(scst.amounts(min_value=-(10**12)))
    def test_repr_evaluates_to_the_amount(self, amount: Amount) -> None:
        """eval(repr(x)) == x, digits and unit included."""
        back = eval(repr(amount))
        assert (amount, amount.unit, str(amount)) == (back, back.unit, str(back))

    def test_unit_object_is_accepted(self) -> None:
        """A Unit may be passed instead of its spelling."""
        assert parse_unit("t") == Amount(1, parse_unit("t")).unit

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (float("nan"), r"Amount\.value: got nan, expected a finite number"),
            (True, r"Amount\.value: got True, expected a number"),
            ("4,000,000", r"Amount\.value: got '4,000,000'"),
            (Fraction(1, 3), r"Amount\.value: got 1/3, expected a value with a finite decimal"),
        ],
    )
    def test_refused_values(self, value: object, message: str) -> None:
        """NaN, bools, grouped text and non-terminating fractions are refused, naming the field."""
        with pytest.raises((InvalidAmountError, InexactResultError), match=message):
            Amount(value, "bbl")

    def test_unknown_unit(self) -> None:
        """An unknown unit is refused by the unit table."""
        with pytest.raises(UnknownUnitError, match="got hogshead"):
            Amount(1, "hogshead")

    def test_frozen(self) -> None:
        """Amounts are immutable."""
        with pytest.raises(AttributeError):
            Amount(1, "bbl").value = Decimal(2)  # type: ignore[misc]


class TestParse:
    """Amount.parse reads amounts as sanctions texts write them."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # S/RES/2397 (2017) para 4
            ("4,000,000 barrels", Amount(4_000_000, "bbl")),
            ("4 million barrels", Amount(4_000_000, "bbl")),
            ("525,000 tons", Amount(525_000, "t")),
            # S/RES/2397 (2017) para 5
            ("500,000 barrels", Amount(500_000, "bbl")),
            # S/RES/2321 (2016) para 26
            ("US$400,870,018", Amount(400_870_018, "USD")),
            ("7,500,000 metric tons", Amount(7_500_000, "t")),
            ("US$53,495,894", Amount(53_495_894, "USD")),
            ("1,000,866 metric tons", Amount(1_000_866, "t")),
            # press reports: fractional barrels reported for Jan–May 2020
            ("106,094.17 bbl", Amount("106094.17", "bbl")),
            # G7 price cap on Russian seaborne crude
            ("$60/bbl", Amount(60, "USD/bbl")),
            ("US$47.60 per barrel", Amount("47.60", "USD/bbl")),
            # US fact sheet on 2397: "4.5 million bbl/yr" of refined products in 2016
            ("4.5 million bbl", Amount(4_500_000, "bbl")),
            ("0.5 million bbl", Amount(500_000, "bbl")),
            ("1.2345 billion USD", Amount(1_234_500_000, "USD")),
            ("−1,000,000 bbl", Amount(-1_000_000, "bbl")),
            ("-$5", Amount(-5, "USD")),
            ("  375000 bbl  ", Amount(375_000, "bbl")),
            (".5 t", Amount("0.5", "t")),
        ],
    )
    def test_worked_texts(self, text: str, expected: Amount) -> None:
        """Texts from the instruments parse to the amounts they state."""
        actual = Amount.parse(text)
        assert (expected, expected.unit) == (actual, actual.unit)

    def test_digits_are_kept_as_written(self) -> None:
        """Trailing zeros survive parsing (47.60 stays 47.60)."""
        assert "47.60" == str(Amount.parse("US$47.60 per barrel").value)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("10**10**10 barrel", "exponents and arithmetic are not read"),
            ("1e10 bbl", "a number without an exponent"),
            ("4,00,000 bbl", "exponents and arithmetic are not read"),
            ("4,000,000", "a unit after the number"),
            ("4 million", "a unit after the number"),
            ("bbl", "a number and a unit"),
            ("", "a number and a unit"),
            ("US$5 t", "put either a currency sign or a unit, not both"),
            ("US$$5", "a number and a unit"),
            ("4 bbl\n5 bbl", "printable characters"),
            ("1" * 201 + " bbl", "at most 200 printable characters"),
        ],
    )
    def test_refused(self, text: str, message: str) -> None:
        """Exponents, arithmetic, misplaced commas and missing units are refused, saying why."""
        with pytest.raises(ParseError, match=message):
            Amount.parse(text)

    def test_non_string(self) -> None:
        """Only text is parsed."""
        with pytest.raises(ParseError, match="a str such as '4,000,000 bbl'"):
            Amount.parse(4_000_000)  # type: ignore[arg-type]

    def test_unknown_unit_after_the_number(self) -> None:
        """A number followed by an unknown unit names the unit."""
        with pytest.raises(UnknownUnitError, match="got hogsheads"):
            Amount.parse("5 hogsheads")

    def test_power_tower_is_refused_quickly(self) -> None:
        """The text that hangs pint's evaluator is refused in well under a second."""
        start = time.perf_counter()
        with pytest.raises(ParseError):
            Amount.parse("10**10**10 barrel")
        assert time.perf_counter() - start < 1

    @given(scst.amounts(min_value=-(10**12), units=(*VOLUMES, *MASSES, "USD")))
    def test_parse_inverts_str(self, amount: Amount) -> None:
        """parse(str(x)) == x, in the same unit and with the same digits."""
        parsed = Amount.parse(str(amount))
        assert (amount, amount.unit, str(amount)) == (parsed, parsed.unit, str(parsed))


class TestEquality:
    """Equality is physical: the same quantity in any unit of one dimension."""

    @pytest.mark.parametrize(
        ("left", "right"),
        [
            (Amount(1, "kbbl"), Amount(1000, "bbl")),
            (Amount(1, "MMbbl"), Amount(1000, "kbbl")),
            (Amount(1, "bbl"), Amount(42, "gal")),
            (Amount(1, "bbl"), Amount("0.158987294928", "m3")),
            (Amount(1, "t"), Amount(1000, "kg")),
            (Amount(1, "kL"), Amount(1, "m3")),
            (Amount("1.50", "bbl"), Amount("1.5", "bbl")),
        ],
    )
    def test_equal_across_units(self, left: Amount, right: Amount) -> None:
        """Equal quantities compare equal and hash alike."""
        assert (True, hash(left)) == (left == right, hash(right))

    def test_different_dimensions_are_never_equal(self) -> None:
        """Barrels never equal tonnes, not even at zero."""
        assert (False, False) == (
            Amount(1, "bbl") == Amount(1, "t"),
            Amount(0, "bbl") == Amount(0, "t"),
        )

    def test_short_ton_is_not_a_tonne(self) -> None:
        """A short ton is 907.18474 kg, not 1,000."""
        assert Amount(1, "short_ton") != Amount(1, "t")
        assert Amount("907.18474", "kg") == Amount(1, "short_ton")

    def test_foreign_types_are_not_equal(self) -> None:
        """An amount never equals a bare number or a string."""
        assert (False, False, True) == (
            Amount(1, "bbl") == 1,
            Amount(1, "bbl") == "1 bbl",
            Amount(1, "bbl") != 1,
        )


class TestOrdering:
    """Ordering is physical and refuses to compare different dimensions."""

    def test_across_units(self) -> None:
        """A million-barrel unit is more than 999 thousand barrels."""
        big, small = Amount(1, "MMbbl"), Amount(999, "kbbl")
        assert (True, True, False, False) == (big > small, big >= small, big < small, big <= small)

    def test_equal_amounts(self) -> None:
        """Equal quantities are both <= and >= each other."""
        assert (True, True) == (
            Amount(1, "bbl") <= Amount(42, "gal"),
            Amount(1, "bbl") >= Amount(42, "gal"),
        )

    def test_barrels_against_tonnes(self) -> None:
        """Comparing barrels with tonnes raises, pointing to a named factor."""
        with pytest.raises(
            UnitMismatchError, match=r"comparison: got bbl \(volume\) with t \(mass\).*factor="
        ):
            _ = Amount(4_000_000, "bbl") < Amount(525_000, "t")

    def test_against_a_number(self) -> None:
        """Comparing with a bare number is a TypeError."""
        with pytest.raises(TypeError, match="not supported"):
            _ = Amount(1, "bbl") < 2

    @given(st.lists(scst.amounts(units=VOLUMES), min_size=2, max_size=6))
    def test_sorting_is_by_quantity(self, amounts: list[Amount]) -> None:
        """Sorting amounts of one dimension orders their exact sizes in cubic metres."""
        ordered = sorted(amounts)
        sizes = [a.exact * a.unit.size for a in ordered]
        assert sorted(sizes) == sizes


class TestArithmetic:
    """Sums, differences and scaling are exact."""

    @pytest.mark.parametrize(
        ("left", "right", "expected"),
        [
            (Amount(1, "kbbl"), Amount(1, "bbl"), "Amount('1.001', 'kbbl')"),
            (Amount(1, "bbl"), Amount(1, "kbbl"), "Amount('1001', 'bbl')"),
            (Amount(1, "gal"), Amount(1, "bbl"), "Amount('43', 'gal')"),
            # 1/42 bbl has no decimal form, so 1 bbl + 1 gal falls to the gallon
            (Amount(1, "bbl"), Amount(1, "gal"), "Amount('43', 'gal')"),
            # bbl cannot hold 1 bbl + 1 m3 exactly; m3 can
            (Amount(1, "bbl"), Amount(1, "m3"), "Amount('1.158987294928', 'm3')"),
            (Amount(1, "t"), Amount(1, "kg"), "Amount('1.001', 't')"),
        ],
    )
    def test_addition(self, left: Amount, right: Amount, expected: str) -> None:
        """The sum is in the first unit that holds it exactly."""
        assert expected == repr(left + right)

    def test_subtraction(self) -> None:
        """The 2397 refined cut from the 2375 level: 500,000 − 2,000,000 bbl."""
        # S/RES/2375 (2017) para 14 and S/RES/2397 (2017) para 5
        assert Amount(-1_500_000, "bbl") == Amount(500_000, "bbl") - Amount(2, "MMbbl")

    @pytest.mark.parametrize("operation", ["add", "sub"])
    def test_mixed_dimensions(self, operation: str) -> None:
        """Barrels and tonnes cannot be added or subtracted."""
        left, right = Amount(1, "bbl"), Amount(1, "t")
        field = {"add": "addition", "sub": "subtraction"}[operation]
        with pytest.raises(UnitMismatchError, match=f"^{field}: got bbl"):
            _ = left + right if operation == "add" else left - right

    def test_adding_a_number(self) -> None:
        """Adding a bare number is a TypeError."""
        with pytest.raises(TypeError, match="unsupported operand"):
            _ = Amount(1, "bbl") + 1

    @pytest.mark.parametrize(
        ("factor", "expected"),
        [
            (3, Amount(12_000_000, "bbl")),
            (Fraction(3, 4), Amount(3_000_000, "bbl")),
            (Decimal("0.25"), Amount(1_000_000, "bbl")),
        ],
    )
    def test_scaling(self, factor: object, expected: Amount) -> None:
        """An amount times an int, Fraction or Decimal is exact, on either side."""
        amount = Amount(4_000_000, "bbl")
        assert (expected, expected) == (amount * factor, factor * amount)

    @pytest.mark.parametrize("factor", [1.5, True, Amount(1, "bbl"), parse_unit("bbl")])
    def test_scaling_refused(self, factor: object) -> None:
        """Floats, bools, amounts and units do not scale an amount."""
        with pytest.raises(TypeError, match="unsupported operand"):
            _ = Amount(1, "bbl") * factor

    def test_scaling_without_finite_decimal(self) -> None:
        """A third of a barrel has no decimal form."""
        with pytest.raises(InexactResultError, match="got 1/3"):
            _ = Amount(1, "bbl") * Fraction(1, 3)

    def test_negation_and_abs(self) -> None:
        """Negation and abs keep the digits and the unit."""
        amount = Amount("4000001.5", "bbl")
        assert ("Amount('-4000001.5', 'bbl')", "Amount('4000001.5', 'bbl')") == (
            repr(-amount),
            repr(abs(-amount)),
        )

    def test_truth(self) -> None:
        """Zero is falsy, anything else truthy."""
        assert (False, True) == (bool(Amount(0, "bbl")), bool(Amount("0.001", "bbl")))

    def test_sign_helpers(self) -> None:
        """is_negative and ensure_non_negative check the sign."""
        assert (True, False) == (Amount(-1, "t").is_negative(), Amount(0, "t").is_negative())
        assert Amount(0, "t") == Amount(0, "t").ensure_non_negative("Cap.limit")
        with pytest.raises(
            InvalidAmountError, match=r"^Cap\.limit: got -1 t, expected an amount of zero or more"
        ):
            Amount(-1, "t").ensure_non_negative("Cap.limit")

    @given(scst.amounts(units=VOLUMES), scst.amounts(units=VOLUMES))
    def test_sum_is_exact(self, left: Amount, right: Amount) -> None:
        """The sum's size in cubic metres is the exact sum of the parts' sizes."""
        total = left + right
        assert (
            left.exact * left.unit.size + right.exact * right.unit.size
            == total.exact * total.unit.size
        )

    @given(scst.amounts(min_value=-(10**9), units=MASSES), scst.amounts(units=MASSES))
    def test_subtraction_undoes_addition(self, left: Amount, right: Amount) -> None:
        """(a + b) − b == a."""
        assert left == (left + right) - right


class TestConversion:
    """Amount.to converts exactly within a dimension."""

    @pytest.mark.parametrize(
        ("amount", "unit", "expected"),
        [
            (Amount(3, "kbbl"), "bbl", "Amount('3000', 'bbl')"),
            (Amount(1, "bbl"), "gal", "Amount('42', 'gal')"),
            (Amount(1, "bbl"), "m3", "Amount('0.158987294928', 'm3')"),
            # S/RES/2397 (2017) para 4: 4,000,000 barrels
            (Amount(4_000_000, "bbl"), "MMbbl", "Amount('4', 'MMbbl')"),
            (Amount(525_000, "t"), "kg", "Amount('525000000', 'kg')"),
            (Amount(1, "short_ton"), "kg", "Amount('907.18474', 'kg')"),
        ],
    )
    def test_exact(self, amount: Amount, unit: str, expected: str) -> None:
        """Conversions with a finite decimal form are exact."""
        assert expected == repr(amount.to(unit))

    def test_inexact_needs_places(self) -> None:
        """One cubic metre in barrels has no finite decimal form: the error says pass places."""
        with pytest.raises(InexactResultError, match=r"Amount in bbl: got .*pass places=N"):
            Amount(1, "m3").to("bbl")

    def test_places_rounds_half_up(self) -> None:
        """With places the result is rounded half-up."""
        assert "Amount('6.29', 'bbl')" == repr(Amount(1, "m3").to("bbl", places=2))

    def test_across_dimensions(self) -> None:
        """Barrels to tonnes needs a named factor, and the error shows how to pass it."""
        with pytest.raises(UnitMismatchError, match=r"factor=sc\.factor\(NAME\)"):
            Amount(4_000_000, "bbl").to("t")

    def test_currency_to_mass(self) -> None:
        """Dollars and tonnes meet only at a price, and the error says so."""
        with pytest.raises(UnitMismatchError, match="money and a quantity meet only at a price"):
            Amount(1, "USD").to("t")

    def test_two_currencies(self) -> None:
        """Dollars and euros meet only at an exchange rate: no barrels-to-tonnes factor hinted."""
        with pytest.raises(UnitMismatchError, match="exchange rate") as info:
            Amount(1, "USD").to("EUR")
        assert "factor" not in str(info.value)

    def test_energy_to_mass(self) -> None:
        """Gigajoules and tonnes do not convert into each other."""
        with pytest.raises(UnitMismatchError, match="cannot be converted into each other"):
            Amount(1, "GJ").to("t")

    def test_is_exact_in(self) -> None:
        """is_exact_in tells whether to() will succeed without places."""
        assert (True, False) == (
            Amount(1, "bbl").is_exact_in("m3"),
            Amount(1, "m3").is_exact_in("bbl"),
        )

    def test_from_fraction(self) -> None:
        """from_fraction builds exactly, or rounds when places are given."""
        assert Amount(500_000, "bbl") == Amount.from_fraction(Fraction(2_000_000 * 3, 12), "bbl")
        assert "Amount('504109.59', 'bbl')" == repr(
            Amount.from_fraction(Fraction(2_000_000 * 92, 365), "bbl", places=2)
        )

    @given(scst.amounts(min_value=-(10**12), units=["bbl"]))
    def test_barrels_to_cubic_metres_and_back(self, amount: Amount) -> None:
        """bbl → m3 → bbl returns the start, digit for digit."""
        back = amount.to("m3").to("bbl")
        assert (amount, "bbl") == (back, back.unit.symbol)
        assert amount.exact == back.exact

    @given(scst.amounts(min_value=-(10**12), units=["t"]))
    def test_tonnes_to_kilograms_and_back(self, amount: Amount) -> None:
        """t → kg → t returns the start, digit for digit."""
        back = amount.to("kg").to("t")
        assert (amount.exact, "t") == (back.exact, back.unit.symbol)

    @given(scst.amounts(units=VOLUMES), st.sampled_from(VOLUMES))
    def test_to_preserves_quantity(self, amount: Amount, unit: str) -> None:
        """Whenever to() succeeds, the quantity is unchanged."""
        if amount.is_exact_in(unit):
            assert amount == amount.to(unit)
        else:
            with pytest.raises(InexactResultError):
                amount.to(unit)


class TestDecimalContext:
    """A hostile global decimal context changes no amount."""

    @given(scst.amounts(min_value=-(10**12), units=VOLUMES), scst.amounts(units=VOLUMES))
    def test_results_are_identical(
        self, hostile_context: decimal.Context, left: Amount, right: Amount
    ) -> None:
        """Parsing, printing, sums, negation, scaling and conversion ignore the context."""

        def results() -> tuple[object, ...]:
            return (
                repr(Amount.parse(str(left))),
                repr(-left),
                repr(abs(left)),
                repr(left + right),
                repr(left - right),
                repr(left * 3),
                repr(left.to("m3")),
                repr(left.to("bbl", places=3)),
                left < right,
                hash(left),
            )

        expected = results()
        with decimal.localcontext(hostile_context):
            actual = results()
        assert expected == actual

    def test_negating_a_seven_digit_amount(self, hostile_context: decimal.Context) -> None:
        """−4,000,001 bbl stays −4,000,001 bbl with three-digit precision in force."""
        with decimal.localcontext(hostile_context):
            assert ("-4000001", "4000001") == (
                str((-Amount(4_000_001, "bbl")).value),
                str(abs(Amount(-4_000_001, "bbl")).value),
            )


class TestTypesetSpaces:
    """Figures as UN documents print them: no-break and thin spaces group thousands."""

    @pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
    def test_thousands_separator(self, space: str) -> None:
        """'500 000 barrels' with a no-break, narrow or thin space is 500,000 bbl."""
        assert Amount(500_000, "bbl") == Amount.parse(f"500{space}000{space}barrels")
        assert Amount(1_500_000, "bbl") == Amount.parse(f"1{space}500{space}000 bbl")

    def test_not_before_three_digits(self) -> None:
        """A space before two or four digits groups nothing: the text is refused."""
        with pytest.raises(ParseError):
            Amount.parse("5\u00a00000 bbl")

    def test_in_measures_and_percentages(self) -> None:
        """The same spaces read in a measure's text and in a percentage."""
        cap = sc.Cap.parse("500\u00a0000 barrels per 12\u00a0months from 1\u00a0Jan 2018")
        assert Amount(500_000, "bbl") == cap.limit
        assert sc.Percentage(25) == sc.Percentage.parse("25\u00a0%")
