"""Embedding: a host's pint registry gets quantities back in its own registry, untouched."""

from __future__ import annotations

import decimal
from typing import Any

import pint
import pytest

import sanctioncalc as sc
from sanctioncalc.testing import assert_in_registry


@pytest.fixture(scope="module")
def decimal_registry() -> pint.UnitRegistry[Any]:
    """A host registry with Decimal magnitudes, built in a fixed decimal context."""
    with decimal.localcontext(decimal.Context(prec=50)):
        return pint.UnitRegistry(non_int_type=decimal.Decimal, cache_folder=None)


def _names(registry: object) -> set[str]:
    return set(registry._units)  # type: ignore[attr-defined]


class TestApplicationRegistry:
    """pint's default application registry, as most hosts use it."""

    def test_quantity_comes_back_in_the_host_registry(self) -> None:
        """to_pint(app) returns a quantity of the registry the application proxy wraps."""
        app = pint.get_application_registry()
        quantity = sc.Amount(4_000_000, "bbl").to_pint(app)
        assert_in_registry(quantity, app, "4,000,000 bbl")
        assert "oil_barrel" == str(quantity.units)

    def test_host_registry_is_not_touched(self) -> None:
        """Converting both ways defines nothing on the host's registry."""
        app = pint.get_application_registry()
        app.Quantity(1, "m")  # build it before taking the snapshot
        before = _names(app.get())
        sc.Amount.from_pint(app.Quantity(525_000, "metric_ton"))
        sc.Amount(525_000, "t").to_pint(app)
        sc.Amount(1, "kbbl").to_pint()  # our own registry, built on the side
        assert before == _names(app.get())
        assert sc.unit_registry() is not app.get()

    def test_round_trip(self) -> None:
        """Host quantity → Amount → host quantity keeps the physical amount."""
        app = pint.get_application_registry()
        amount = sc.Amount.from_pint(app.Quantity(4, "barrel"))  # pint's 31.5-gallon barrel
        assert sc.Amount(3, "bbl") == amount
        assert_in_registry(amount.to_pint(app), app, "3 bbl")


class TestCustomRegistry:
    """A host registry of its own, with Decimal magnitudes."""

    def test_decimal_magnitudes_in_the_host_registry(
        self, decimal_registry: pint.UnitRegistry[Any]
    ) -> None:
        """The quantity is in the host registry, with an exact Decimal magnitude."""
        quantity = sc.Amount("202.8", "kg").to_pint(decimal_registry)
        assert_in_registry(quantity, decimal_registry, "202.8 kg")
        assert decimal.Decimal("202.8") == quantity.magnitude

    def test_not_in_another_registry(self, decimal_registry: pint.UnitRegistry[Any]) -> None:
        """assert_in_registry tells registries apart."""
        quantity = sc.Amount(1, "t").to_pint()
        with pytest.raises(AssertionError, match="not in the given registry"):
            assert_in_registry(quantity, decimal_registry)

    def test_nothing_defined_on_the_host(self, decimal_registry: pint.UnitRegistry[Any]) -> None:
        """Currencies and our barrel multiples stay out of the host registry."""
        before = _names(decimal_registry)
        sc.Amount(5_060, "items").to_pint()
        sc.Amount("60", "USD/bbl").to_pint()
        sc.Amount(3, "bbl").to_pint(decimal_registry)
        assert before == _names(decimal_registry)
        assert "USD" not in before

    def test_prices_stay_in_our_registry(self, decimal_registry: pint.UnitRegistry[Any]) -> None:
        """A price has no counterpart in a host registry without currencies: refused."""
        with pytest.raises(sc.UnknownUnitError, match="convert rates with sanctioncalc's own"):
            sc.Amount("47.60", "USD/bbl").to_pint(decimal_registry)

    def test_counts_round_trip_in_our_registry(self) -> None:
        """A count of centrifuges goes to our registry and back."""
        assert sc.Amount(5_060, "items") == sc.Amount.from_pint(sc.Amount(5_060, "items").to_pint())
