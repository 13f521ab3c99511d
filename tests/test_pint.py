"""Tests for the pint boundary: our own registry, and quantities from any registry."""

from __future__ import annotations

import dataclasses
import decimal
import subprocess
import sys
import threading
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pint
import pytest
from hypothesis import given

import sanctioncalc as sc
from sanctioncalc import Amount, PrecisionLossWarning, UnknownUnitError, _pint, unit_registry
from sanctioncalc import strategies as scst

# A host tool's own float registry: foreign tests never touch pint's application registry.
FLOAT_REGISTRY: pint.UnitRegistry[Any] = pint.UnitRegistry()


@dataclasses.dataclass(frozen=True)
class LooksLikeAQuantity:
    """A magnitude and units, but no pint registry behind them."""

    magnitude: object
    units: str


@pytest.fixture(scope="module")
def foreign() -> pint.UnitRegistry[Any]:
    """A host tool's own float registry (never pint's application registry)."""
    return FLOAT_REGISTRY


@pytest.fixture(scope="module")
def decimal_foreign() -> pint.UnitRegistry[Any]:
    """A host tool's registry with Decimal magnitudes."""
    return pint.UnitRegistry(non_int_type=Decimal)


@pytest.fixture
def fresh_registry_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget sanctioncalc's registry for one test, so the next use builds it again."""
    monkeypatch.setattr(_pint, "_REGISTRY", [])


class TestOwnRegistry:
    """sanctioncalc's registry is built once, lazily, with Decimal magnitudes."""

    def test_built_once(self) -> None:
        """Every call returns the same registry."""
        assert unit_registry() is unit_registry()

    def test_oil_barrel_is_42_gallons(self) -> None:
        """In our registry an oil_barrel converts to exactly 42 gallons."""
        registry = unit_registry()
        assert Decimal(42) == registry.Quantity(Decimal(1), "oil_barrel").to("gallon").magnitude

    def test_magnitudes_are_decimal(self) -> None:
        """to_pint gives a Decimal magnitude with the amount's digits."""
        quantity = Amount("4000000.50", "bbl").to_pint()
        assert (Decimal("4000000.50"), "oil_barrel") == (quantity.magnitude, str(quantity.units))

    def test_currencies_are_separate_dimensions(self) -> None:
        """No exchange rate is implied between two currencies."""
        registry = unit_registry()
        with pytest.raises(pint.DimensionalityError):
            registry.Quantity(Decimal(1), "USD").to("EUR")

    def test_application_registry_is_untouched(self) -> None:
        """Our units are defined on our registry only, never on pint's application registry."""
        Amount(1, "USD").to_pint()
        application = pint.get_application_registry()
        with pytest.raises(pint.UndefinedUnitError):
            application.parse_units("USD")
        assert 31.5 == application.Quantity(1, "barrel").to("gallon").magnitude

    def test_threads_share_one_registry(self, fresh_registry_slot: None) -> None:
        """Threads that build the registry at the same moment all get one registry."""
        seen: list[Any] = []
        barrier = threading.Barrier(4)

        def build() -> None:
            barrier.wait()
            seen.append(unit_registry())

        threads = [threading.Thread(target=build) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert (4, 1) == (len(seen), len({id(r) for r in seen}))

    def test_built_in_a_hostile_decimal_context(
        self, fresh_registry_slot: None, hostile_context: decimal.Context
    ) -> None:
        """Building the registry under prec=3 with traps on rounding still works."""
        with decimal.localcontext(hostile_context):
            quantity = Amount("4000001.5", "bbl").to_pint()
        assert Amount("4000001.5", "bbl") == Amount.from_pint(quantity)


class TestOwnRegistryReadsSanctionsUnits:
    """In our registry a barrel is the 42-gallon oil barrel and a ton the metric tonne."""

    @pytest.mark.parametrize(
        ("text", "unit", "expected"),
        [
            ("1 bbl", "gallon", Decimal(42)),
            ("1 barrel", "gallon", Decimal(42)),
            ("1 oil_barrel", "gallon", Decimal(42)),
            ("1 kbbl", "gallon", Decimal(42_000)),
            ("1 kbbl", "bbl", Decimal(1000)),
            ("1 MMbbl", "bbl", Decimal(1_000_000)),
            ("1 ton", "kilogram", Decimal(1000)),
            ("1 t", "kilogram", Decimal(1000)),
            ("1 tonne", "kilogram", Decimal(1000)),
            ("1 short_ton", "pound", Decimal(2000)),
            ("1 US_ton", "pound", Decimal(2000)),
        ],
    )
    def test_parsed_quantities(self, text: str, unit: str, expected: Decimal) -> None:
        """Quantities parsed in our registry convert as sanctions texts mean them."""
        assert expected == unit_registry().Quantity(text).to(unit).magnitude

    @pytest.mark.parametrize(
        ("name", "symbol"),
        [("bbl", "bbl"), ("barrel", "bbl"), ("ton", "t"), ("t", "t"), ("short_ton", "short_ton")],
    )
    def test_names_read_back_as_our_symbols(self, name: str, symbol: str) -> None:
        """A quantity of our registry in bbl, barrel, ton or t reads back exactly, unwarned."""
        amount = Amount.from_pint(unit_registry().Quantity(Decimal("4000000.5"), name))
        assert Amount("4000000.5", symbol) == amount
        assert symbol == amount.unit.symbol

    @pytest.mark.parametrize("symbol", ["bbl", "kbbl", "MMbbl", "t", "kt", "short_ton"])
    def test_round_trip(self, symbol: str) -> None:
        """An amount goes out to our registry and back with its unit and digits."""
        registry = unit_registry()
        amount = Amount("525000.5", symbol)
        quantity = amount.to_pint(registry)
        assert repr(amount) == repr(Amount.from_pint(quantity))
        assert (
            quantity.to("m ** 3" if symbol.endswith("bbl") else "kg")
            == amount.to_pint(registry).to_base_units()
        )

    def test_conversions_agree_with_the_library(self) -> None:
        """Root units, products and rates use the redefined sizes, not pint's cached ones."""
        registry = unit_registry()
        barrel = registry.Quantity(Decimal(1), "barrel").to_root_units()
        ton = registry.Quantity(Decimal(1), "ton").to_root_units()
        rate = registry.Quantity(Decimal(1), "barrel / day").to("gallon / day")
        assert (Decimal("0.158987294928"), "meter ** 3") == (barrel.magnitude, str(barrel.units))
        assert (Decimal(10**6), "gram") == (ton.magnitude, str(ton.units))
        assert Decimal(42) == rate.magnitude
        assert Amount(1, "bbl").to("m3").value == barrel.magnitude

    def test_pint_defaults_are_untouched(self) -> None:
        """A fresh pint registry and the application registry keep pint's own barrel and ton."""
        unit_registry()
        assert (31.5, 2000.0) == (
            FLOAT_REGISTRY.Quantity(1, "bbl").to("gallon").magnitude,
            FLOAT_REGISTRY.Quantity(1, "ton").to("pound").magnitude,
        )
        application = pint.get_application_registry()
        assert 31.5 == application.Quantity(1, "barrel").to("gallon").magnitude


class TestFromForeignRegistry:
    """Known units of any registry come in exactly, by size, never by name alone."""

    def test_pint_barrel_is_three_quarters_of_an_oil_barrel(self) -> None:
        """pint's default 'barrel' is 31.5 gallons: 4 of them are exactly 3 oil barrels."""
        # The application registry is only read here, never modified.
        quantity = pint.get_application_registry().Quantity(4, "barrel")
        amount = Amount.from_pint(quantity)
        assert (Amount(3, "bbl"), "bbl") == (amount, amount.unit.symbol)

    def test_float_oil_barrels_stay_exact(self, foreign: pint.UnitRegistry[Any]) -> None:
        """4,000,000.0 oil_barrel from a float registry is exactly 4,000,000 bbl."""
        # S/RES/2397 (2017) para 4: 4,000,000 barrels of crude oil
        amount = Amount.from_pint(foreign.Quantity(4_000_000.0, "oil_barrel"))
        assert ("4000000", "bbl") == (str(amount.value), amount.unit.symbol)

    def test_pint_ton_is_a_short_ton(self, foreign: pint.UnitRegistry[Any]) -> None:
        """pint's 'ton' is 2,000 lb: it comes in as a short ton, never as a tonne."""
        amount = Amount.from_pint(foreign.Quantity(1, "ton"))
        assert ("short_ton", Amount("907.18474", "kg")) == (amount.unit.symbol, amount)
        assert Amount(1, "t") != amount

    @pytest.mark.parametrize(
        ("magnitude", "unit", "expected"),
        [
            (525_000, "metric_ton", Amount(525_000, "t")),
            (525_000, "tonne", Amount(525_000, "t")),
            (0.1, "m**3", Amount("0.1", "m3")),
            (42, "gallon", Amount(1, "bbl")),
            (1000, "liter", Amount(1, "m3")),
            (2.5, "kilogram", Amount("2.5", "kg")),
            (1, "long_ton", Amount("1016.0469088", "kg")),
            (1, "pound", Amount("0.45359237", "kg")),
            (30, "day", Amount(30, "d")),
            (1.5, "barrel", Amount("1.125", "bbl")),
            (Fraction(1, 3), "barrel", Amount("0.25", "bbl")),
            (Decimal("0.1"), "oil_barrel", Amount("0.1", "bbl")),
        ],
    )
    def test_table_units(
        self, foreign: pint.UnitRegistry[Any], magnitude: object, unit: str, expected: Amount
    ) -> None:
        """Listed units convert exactly from the magnitude's shortest repr."""
        assert expected == Amount.from_pint(foreign.Quantity(magnitude, unit))

    def test_decimal_registry(self, decimal_foreign: pint.UnitRegistry[Any]) -> None:
        """A registry with Decimal magnitudes keeps them exact."""
        quantity = decimal_foreign.Quantity(Decimal("106094.17"), "oil_barrel")
        assert Amount("106094.17", "bbl") == Amount.from_pint(quantity)

    @pytest.mark.parametrize(
        ("unit", "expected_m3_or_kg", "symbol"),
        [
            ("hogshead", Fraction("0.238480942392"), "m3"),
            ("cubic_foot", Fraction("0.028316846592"), "m3"),
            ("ounce", Fraction("0.028349523125"), "kg"),
        ],
    )
    def test_unlisted_unit_warns(
        self, foreign: pint.UnitRegistry[Any], unit: str, expected_m3_or_kg: Fraction, symbol: str
    ) -> None:
        """An unlisted unit goes through float base units, with a PrecisionLossWarning."""
        with pytest.warns(
            PrecisionLossWarning, match=rf"unit '{unit}' is not in sanctioncalc's exact table"
        ):
            amount = Amount.from_pint(foreign.Quantity(1, unit))
        assert symbol == amount.unit.symbol
        assert abs(amount.exact - expected_m3_or_kg) < Fraction(1, 10**12)

    def test_redefined_barrel_is_not_trusted_by_name(self) -> None:
        """A host's 'barrel' redefined as 50 gallons is converted by size, with a warning."""
        registry: pint.UnitRegistry[Any] = pint.UnitRegistry()
        registry.define("barrel = 50 * gallon")
        with pytest.warns(PrecisionLossWarning, match="unit 'barrel' is not in"):
            amount = Amount.from_pint(registry.Quantity(1, "barrel"))
        # 50 US gallons, not 42 and not 31.5
        assert abs(amount.exact - Fraction("0.1892705892")) < Fraction(1, 10**12)
        assert "m3" == amount.unit.symbol

    def test_pint_kilobarrel_is_not_our_kbbl(self, foreign: pint.UnitRegistry[Any]) -> None:
        """pint reads 'kbbl' as a thousand 31.5-gallon barrels: 750 oil barrels, with a warning."""
        with pytest.warns(PrecisionLossWarning, match="unit 'kilobarrel' is not in"):
            amount = Amount.from_pint(foreign.Quantity(1, "kbbl"))
        assert abs(amount.exact - Amount(750, "bbl").to("m3").exact) < Fraction(1, 10**9)

    @pytest.mark.parametrize("unit", ["meter", "second", "joule / kilogram"])
    def test_unlisted_unit_of_other_dimension(
        self, foreign: pint.UnitRegistry[Any], unit: str
    ) -> None:
        """An unlisted unit that is neither a volume nor a mass is refused."""
        with pytest.raises(
            UnknownUnitError, match="a volume or mass unit sanctioncalc can convert"
        ):
            Amount.from_pint(foreign.Quantity(1, unit))

    def test_not_a_quantity(self) -> None:
        """Something without magnitude and units is refused."""
        with pytest.raises(UnknownUnitError, match="quantity: got str, expected a pint Quantity"):
            Amount.from_pint("4,000,000 bbl")

    @pytest.mark.parametrize("units", ["bbl", "barrel", "oil_barrel", "metric_ton", "furlong"])
    def test_magnitude_and_units_without_a_registry(self, units: str) -> None:
        """An object with a magnitude and units but no registry is refused, not crashed on."""
        unit_registry()  # built first: telling our quantities apart must not need a registry
        with pytest.raises(UnknownUnitError, match=f"quantity.units: got {units}, expected"):
            Amount.from_pint(LooksLikeAQuantity(1, units))

    def test_array_magnitude(self, foreign: pint.UnitRegistry[Any]) -> None:
        """One quantity at a time: an array magnitude is refused."""
        quantity: pint.Quantity[Any] = foreign.Quantity([1, 2], "oil_barrel")
        with pytest.raises(UnknownUnitError, match="pass one quantity at a time"):
            Amount.from_pint(quantity)

    def test_elements_of_an_array_quantity(self, foreign: pint.UnitRegistry[Any]) -> None:
        """Iterating a numpy-backed quantity gives scalars that come in exactly."""
        # S/RES/2397 (2017) paras 4 and 5: 4,000,000 and 500,000 barrels
        quantity = foreign.Quantity(np.array([4_000_000.0, 500_000.0]), "oil_barrel")
        assert [Amount(4_000_000, "bbl"), Amount(500_000, "bbl")] == [
            Amount.from_pint(element) for element in quantity
        ]

    def test_nan_magnitude(self, foreign: pint.UnitRegistry[Any]) -> None:
        """A NaN magnitude is not an amount."""
        with pytest.raises(sc.InvalidAmountError, match="expected a finite number"):
            Amount.from_pint(foreign.Quantity(float("nan"), "oil_barrel"))


class TestToPint:
    """Amounts go out to our registry, or to a host registry by an exactly matching unit."""

    def test_building_the_registry_logs_nothing(self) -> None:
        """A fresh interpreter builds the registry without pint's 'Redefining' warnings."""
        code = (
            "import logging, sys\n"
            "logging.basicConfig(stream=sys.stdout, level=logging.DEBUG)\n"
            "import sanctioncalc as sc\n"
            "q = sc.Amount.parse('1 toe').to_pint()\n"
            "print('GJ', q.to('GJ').magnitude)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
        )
        assert (["GJ 41.868"], "") == (
            [line for line in done.stdout.splitlines() if "pint" in line or "GJ" in line],
            done.stderr,
        )

    @pytest.mark.parametrize(
        "symbol",
        [
            "bbl",
            "kbbl",
            "MMbbl",
            "gal",
            "L",
            "kL",
            "m3",
            "kg",
            "g",
            "t",
            "kt",
            "Mt",
            "short_ton",
            "long_ton",
            "lb",
            "d",
            "J",
            "GJ",
            "toe",
            "USD",
            "EUR",
            "USD/bbl",
            "USD/t",
            "bbl/d",
            "kbbl/d",
            "bbl/t",
        ],
    )
    def test_own_registry_round_trip(self, symbol: str) -> None:
        """from_pint(to_pint(x)) gives x back, unit and digits included."""
        amount = Amount("4000000.5", symbol)
        back = Amount.from_pint(amount.to_pint())
        assert (repr(amount)) == repr(back)

    @pytest.mark.parametrize(
        ("symbol", "pint_unit"),
        [
            ("bbl", "oil_barrel"),
            ("t", "metric_ton"),
            ("m3", "meter ** 3"),
            ("gal", "gallon"),
            ("short_ton", "ton"),
            ("d", "day"),
        ],
    )
    def test_to_foreign_registry(
        self, foreign: pint.UnitRegistry[Any], symbol: str, pint_unit: str
    ) -> None:
        """A foreign float registry gets its own unit of the same size and a float magnitude."""
        quantity = Amount(3, symbol).to_pint(foreign)
        assert (3.0, float, pint_unit) == (
            quantity.magnitude,
            type(quantity.magnitude),
            str(quantity.units),
        )
        assert Amount(3, symbol) == Amount.from_pint(quantity)

    def test_decimal_foreign_registry_gets_decimal(
        self, decimal_foreign: pint.UnitRegistry[Any]
    ) -> None:
        """A Decimal registry gets a Decimal magnitude."""
        quantity = Amount("525000.5", "t").to_pint(decimal_foreign)
        assert Decimal("525000.5") == quantity.magnitude

    def test_rate_to_foreign_registry(self, foreign: pint.UnitRegistry[Any]) -> None:
        """Rates go to our own registry only."""
        with pytest.raises(UnknownUnitError, match="a simple unit for a foreign registry"):
            Amount(60, "USD/bbl").to_pint(foreign)

    def test_unit_the_foreign_registry_lacks(self, foreign: pint.UnitRegistry[Any]) -> None:
        """A unit the host registry does not define with our size is refused."""
        with pytest.raises(UnknownUnitError, match="a unit the target registry defines"):
            Amount(1, "kbbl").to_pint(foreign)

    @given(scst.amounts(min_value=-(10**12)))
    def test_round_trip_property(self, amount: Amount) -> None:
        """Any amount survives a trip through our registry unchanged."""
        back = Amount.from_pint(amount.to_pint())
        assert (amount, amount.unit, amount.value) == (back, back.unit, back.value)

    @given(scst.amounts(units=["bbl", "t", "m3", "kg", "gal"]))
    def test_foreign_round_trip_property(self, amount: Amount) -> None:
        """Through a float registry an amount returns equal to within float precision."""
        back = Amount.from_pint(amount.to_pint(FLOAT_REGISTRY))
        assert amount.unit == back.unit
        assert abs(back.exact - amount.exact) <= abs(amount.exact) * Fraction(1, 10**15)
