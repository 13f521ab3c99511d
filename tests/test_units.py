"""Tests for units as sanctions texts use them: oil barrels, metric tonnes, rates."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given

import sanctioncalc as sc
from sanctioncalc import AmbiguousUnitError, Unit, UnknownUnitError, known_units, parse_unit
from sanctioncalc import strategies as scst

# 1 oil barrel = 42 US gallons = 0.158987294928 m³ exactly (V).
OIL_BARREL_M3 = Fraction("0.158987294928")
US_GALLON_M3 = Fraction("0.003785411784")


class TestOilBarrel:
    """'Barrel' in a sanctions text is the 42-gallon oil barrel, never pint's 31.5 gallons."""

    @pytest.mark.parametrize(
        "spelling",
        [
            # "4,000,000 barrels", S/RES/2397 (2017) para 4
            "barrels",
            "barrel",
            "bbl",
            "bbls",
            "oil barrel",
            "oil barrels",
            "oil_barrel",
            "bo",
            "BBL",
            "Barrels",
        ],
    )
    def test_spellings(self, spelling: str) -> None:
        """Every barrel spelling is the oil barrel of exactly 0.158987294928 m³."""
        unit = parse_unit(spelling)
        assert ("bbl", "volume", OIL_BARREL_M3) == (unit.symbol, unit.dimension, unit.size)

    def test_is_42_us_gallons(self) -> None:
        """An oil barrel is exactly 42 US gallons."""
        assert parse_unit("gal").size * 42 == parse_unit("bbl").size
        assert US_GALLON_M3 == parse_unit("US gallon").size

    def test_name_says_42_gallons(self) -> None:
        """The unit's name spells out which barrel it is."""
        assert "oil barrel (42 US gallons)" == parse_unit("barrel").name

    @pytest.mark.parametrize(
        ("spelling", "symbol", "barrels"),
        [
            ("kbbl", "kbbl", 10**3),
            ("thousand barrels", "kbbl", 10**3),
            ("kb", "kbbl", 10**3),
            ("MMbbl", "MMbbl", 10**6),
            ("mmbbl", "MMbbl", 10**6),
            ("MMBBL", "MMbbl", 10**6),
            ("million barrels", "MMbbl", 10**6),
        ],
    )
    def test_multiples(self, spelling: str, symbol: str, barrels: int) -> None:
        """kbbl is a thousand and MMbbl a million oil barrels."""
        unit = parse_unit(spelling)
        assert (symbol, OIL_BARREL_M3 * barrels) == (unit.symbol, unit.size)


class TestTonIsMetric:
    """'Ton' in a sanctions text is the metric tonne (1,000 kg), never the short ton."""

    @pytest.mark.parametrize(
        "spelling",
        [
            # "525,000 tons", S/RES/2397 (2017) para 4
            "tons",
            "ton",
            # "7,500,000 metric tons", S/RES/2321 (2016) para 26
            "metric tons",
            "metric ton",
            "MT",
            "mt",
            "t",
            "tonne",
            "tonnes",
            "metric_ton",
        ],
    )
    def test_spellings(self, spelling: str) -> None:
        """Every ton spelling is the metric tonne of 1,000 kg."""
        unit = parse_unit(spelling)
        assert ("t", "mass", Fraction(1000)) == (unit.symbol, unit.dimension, unit.size)

    @pytest.mark.parametrize(
        ("spelling", "symbol", "kilograms"),
        [
            ("short ton", "short_ton", Fraction("907.18474")),
            ("US tons", "short_ton", Fraction("907.18474")),
            ("long ton", "long_ton", Fraction("1016.0469088")),
            ("Mt", "Mt", Fraction(10**9)),
            ("kt", "kt", Fraction(10**6)),
            ("lb", "lb", Fraction("0.45359237")),
        ],
    )
    def test_other_masses_are_explicit(
        self, spelling: str, symbol: str, kilograms: Fraction
    ) -> None:
        """Short and long tons need their own names; 'Mt' is a megatonne, unlike 'MT'."""
        unit = parse_unit(spelling)
        assert (symbol, kilograms) == (unit.symbol, unit.size)

    def test_case_that_changes_meaning_is_refused(self) -> None:
        """'mT' could be MT (tonnes) or Mt (megatonnes), so it is not guessed."""
        with pytest.raises(UnknownUnitError, match="got mT"):
            parse_unit("mT")

    def test_toe_is_energy_not_mass(self) -> None:
        """A tonne of oil equivalent is 41.868 GJ of energy, never a mass."""
        unit = parse_unit("toe")
        assert ("energy", Fraction(41_868_000_000)) == (unit.dimension, unit.size)


class TestAmbiguousSpellings:
    """Spellings with two readings in use are refused, naming both fixes."""

    @pytest.mark.parametrize(
        "spelling",
        ["Mbbl", "mbbl", "MBbl", "MBBL", "Mbbls", "MBBLS", "Mb/d", "mb/d", "MBD", "Mbbl/d"],
    )
    def test_refused(self, spelling: str) -> None:
        """Thousand (oil industry) or million (SI): the error names both unambiguous units."""
        with pytest.raises(AmbiguousUnitError, match=r"ambiguous|thousand or a million") as info:
            parse_unit(spelling)
        message = str(info.value)
        assert ("kb" in message, "MMbbl" in message) == (True, True)

    def test_mbbl_message(self) -> None:
        """The Mbbl message explains both readings and both fixes."""
        with pytest.raises(
            AmbiguousUnitError,
            match=r"a thousand barrels in the oil industry but a million under SI prefixes; "
            r"write 'kbbl' for 10\*\*3 or 'MMbbl' for 10\*\*6 oil barrels",
        ):
            parse_unit("Mbbl")

    def test_is_an_unknown_unit_error(self) -> None:
        """Callers catching UnknownUnitError (or ValueError) also catch the ambiguity."""
        assert issubclass(AmbiguousUnitError, UnknownUnitError)
        assert issubclass(AmbiguousUnitError, ValueError)

    def test_no_suggestion_of_a_thousandfold_unit(self) -> None:
        """'Mbbls' is refused as ambiguous, not answered with 'did you mean MMbbls'."""
        with pytest.raises(AmbiguousUnitError) as info:
            parse_unit("Mbbls")
        assert "did you mean" not in str(info.value)


class TestRates:
    """Rates are one unit over another, including the oil industry's one-word forms."""

    @pytest.mark.parametrize(
        ("spelling", "symbol"),
        [
            # "a little more than 23,000 bpd" (US fact sheet on 2397)
            ("bpd", "bbl/d"),
            ("b/d", "bbl/d"),
            ("bopd", "bbl/d"),
            ("bbl/d", "bbl/d"),
            ("barrels per day", "bbl/d"),
            ("kb/d", "kbbl/d"),
            ("kbd", "kbbl/d"),
            ("kbpd", "kbbl/d"),
            ("USD/bbl", "USD/bbl"),
            ("US$/bbl", "USD/bbl"),
            ("USD per barrel", "USD/bbl"),
            ("USD/t", "USD/t"),
            ("bbl/t", "bbl/t"),
        ],
    )
    def test_spellings(self, spelling: str, symbol: str) -> None:
        """Each spelling reads as the canonical quotient symbol."""
        assert symbol == parse_unit(spelling).symbol

    def test_barrels_per_day(self) -> None:
        """b/d is volume over time, one oil barrel per day; kb/d is a thousand of them."""
        bpd = parse_unit("b/d")
        assert ("volume/time", OIL_BARREL_M3) == (bpd.dimension, bpd.size)
        assert bpd.size * 1000 == parse_unit("kb/d").size

    def test_quotient_parts(self) -> None:
        """A quotient unit knows its numerator, denominator and base."""
        unit = parse_unit("USD per barrel")
        assert (True, "USD", "bbl", "USD/m3") == (
            unit.is_quotient,
            unit.numerator.symbol,
            unit.denominator.symbol if unit.denominator else None,
            unit.base.symbol,
        )

    def test_simple_unit_parts(self) -> None:
        """A simple unit is its own numerator, has no denominator, and a base unit."""
        unit = parse_unit("t")
        assert (False, unit, None, "kg") == (
            unit.is_quotient,
            unit.numerator,
            unit.denominator,
            unit.base.symbol,
        )

    @pytest.mark.parametrize("spelling", ["USD/bbl/d", "bbl/d per t"])
    def test_one_slash_only(self, spelling: str) -> None:
        """A unit over a unit over a unit is refused."""
        with pytest.raises(UnknownUnitError, match="at most one '/' in a unit"):
            parse_unit(spelling)

    def test_dividing_a_quotient_is_refused(self) -> None:
        """Unit division builds simple quotients only."""
        with pytest.raises(UnknownUnitError, match="at most one '/' in a unit"):
            _ = parse_unit("bbl/d") / parse_unit("t")

    def test_division_by_a_non_unit(self) -> None:
        """Dividing a unit by a number is not defined."""
        with pytest.raises(TypeError, match="unsupported operand"):
            _ = parse_unit("bbl") / 2

    @pytest.mark.parametrize("spelling", ["bbl/yr", "t per year", "bbl/month", "bbl/a"])
    def test_per_period_is_a_cap_not_a_unit(self, spelling: str) -> None:
        """A calendar period is not a unit: the error points to Cap.parse."""
        with pytest.raises(UnknownUnitError, match=r"a per-period limit is a cap"):
            parse_unit(spelling)


class TestUnknownUnits:
    """Unknown spellings are refused with the list of units and a close match."""

    def test_typo_suggests_the_close_match(self) -> None:
        """'bbbl' suggests 'bbl'."""
        with pytest.raises(UnknownUnitError, match=r"did you mean 'bbl'"):
            parse_unit("bbbl")

    def test_lists_known_units(self) -> None:
        """An unrelated word lists the known units and where to find them."""
        with pytest.raises(
            UnknownUnitError, match=r"expected one of bbl, kbbl, MMbbl.*known_units"
        ):
            parse_unit("hogshead")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "a unit spelling of 1 to 40 printable characters"),
            ("   ", "a unit spelling of 1 to 40 printable characters"),
            ("b" * 41, "a unit spelling of 1 to 40 printable characters"),
            ("bb\x00l", "a unit spelling of 1 to 40 printable characters"),
            (42, "a unit spelling \\(str\\) or a Unit"),
            (None, "a unit spelling \\(str\\) or a Unit"),
        ],
    )
    def test_malformed(self, text: object, message: str) -> None:
        """Empty, overlong, non-printable and non-string spellings are refused."""
        with pytest.raises(UnknownUnitError, match=message):
            parse_unit(text)  # type: ignore[arg-type]


class TestUnitType:
    """The Unit value type: text forms, table, currencies."""

    def test_text_forms(self) -> None:
        """str is the symbol, repr reads like the call that makes it."""
        unit = parse_unit("barrels per day")
        assert ("bbl/d", "Unit('bbl/d')") == (str(unit), repr(unit))

    def test_parse_classmethod(self) -> None:
        """Unit.parse is parse_unit."""
        assert parse_unit("tons") == Unit.parse("tons")

    @pytest.mark.parametrize("symbol", known_units())
    def test_every_symbol_parses_to_itself(self, symbol: str) -> None:
        """Each canonical symbol reads back as the unit with that symbol."""
        assert symbol == parse_unit(symbol).symbol

    def test_known_units_start_with_barrels(self) -> None:
        """The table lists barrels first and includes tonnes and US dollars."""
        units = known_units()
        assert (("bbl", "kbbl", "MMbbl"), True, True) == (units[:3], "t" in units, "USD" in units)

    def test_currencies_are_separate_dimensions(self) -> None:
        """US dollars and euros never meet: no exchange rate is implied."""
        assert parse_unit("USD").dimension != parse_unit("EUR").dimension
        assert ("currency:USD", "USD") == (parse_unit("US$").dimension, parse_unit("$").symbol)

    def test_units_are_frozen(self) -> None:
        """A Unit cannot be changed after it is made."""
        with pytest.raises(AttributeError):
            parse_unit("bbl").size = Fraction(1)  # type: ignore[misc]

    def test_repeated_parse_gives_equal_units(self) -> None:
        """Parsing the same spelling twice gives equal (cached) units."""
        assert parse_unit("metric tons") == parse_unit("metric tons") == sc.Unit.parse("t")

    @given(scst.units(dimensions=("volume", "mass", "currency")))
    def test_base_has_size_one(self, unit: Unit) -> None:
        """Every dimension's base unit has size 1 and the same dimension."""
        assert (Fraction(1), unit.dimension) == (unit.base.size, unit.base.dimension)
