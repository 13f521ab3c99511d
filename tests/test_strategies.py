"""Tests for the public hypothesis strategies (sanctioncalc.strategies)."""

from __future__ import annotations

import importlib
import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given

from sanctioncalc import (
    Amount,
    Ban,
    Cap,
    Commodity,
    ConversionFactor,
    DualCap,
    LimbRule,
    MissingExtraError,
    Percentage,
    Periodic,
    Rate,
    Span,
    Unit,
)
from sanctioncalc import strategies as scst


class TestValueStrategies:
    """Each strategy draws valid values of its type, within its bounds."""

    @given(scst.amounts(min_value=-5, max_value=5, places=2, units=["bbl", "t"]))
    def test_amounts(self, amount: Amount) -> None:
        """Amounts respect value bounds, places and units."""
        assert isinstance(amount, Amount)
        assert Decimal(-5) <= amount.value <= Decimal(5)
        assert amount.unit.symbol in ("bbl", "t")
        assert amount.value == round(amount.value, 2)

    @given(scst.units(dimensions=("mass",)))
    def test_units(self, unit: Unit) -> None:
        """Units come from the dimensions asked for."""
        assert "mass" == unit.dimension

    @given(scst.percentages(min_value=10, max_value=20))
    def test_percentages(self, percentage: Percentage) -> None:
        """Percentages lie within their bounds."""
        assert Percentage(10) <= percentage <= Percentage(20)

    @given(scst.spans(min_value=date(2017, 1, 1), max_value=date(2018, 12, 31)))
    def test_spans(self, span: Span) -> None:
        """Spans lie within their bounds."""
        assert date(2017, 1, 1) <= span.start < span.end <= date(2019, 1, 1)

    @given(scst.periodics(anchored=False))
    def test_unanchored_periodics(self, periodic: Periodic) -> None:
        """anchored=False gives periods without an anchor."""
        assert None is periodic.anchor

    @given(scst.periodics(anchored=True))
    def test_anchored_periodics(self, periodic: Periodic) -> None:
        """anchored=True always gives an anchor."""
        assert periodic.anchor is not None

    @given(scst.caps(units=["kbbl"]))
    def test_caps(self, cap: Cap) -> None:
        """Caps have a non-negative limit in the units asked for."""
        assert ("kbbl", False) == (cap.limit.unit.symbol, cap.limit.is_negative())

    @given(scst.dual_caps())
    def test_dual_caps(self, cap: DualCap) -> None:
        """Dual caps have two limbs of different dimensions, a mass limb included."""
        dimensions = {limb.dimension for limb in cap.limbs}
        assert (2, True) == (len(dimensions), "mass" in dimensions)
        if cap.rule is LimbRule.WHICHEVER_LOWER:
            assert "currency:USD" in dimensions

    @given(scst.bans())
    def test_bans(self, ban: Ban) -> None:
        """Bans have distinct exemptions."""
        assert len(set(ban.exemptions)) == len(ban.exemptions)

    @given(scst.commodities())
    def test_commodities(self, commodity: Commodity) -> None:
        """Commodities round-trip through their text form."""
        assert commodity == Commodity.parse(str(commodity))

    @given(scst.rates(min_value=1, max_value=10))
    def test_rates(self, rate: Rate) -> None:
        """Rates lie within their bounds and have a quotient unit."""
        assert (True, True) == (Fraction(1) <= rate.value <= 10, rate.unit.is_quotient)

    @given(scst.conversion_factors())
    def test_conversion_factors(self, conversion: ConversionFactor) -> None:
        """Factors run from tonnes to a volume, 5 to 20 units per tonne."""
        assert ("t", "volume") == (conversion.from_unit.symbol, conversion.to_unit.dimension)
        assert 5 <= conversion.value <= 20


class TestBundledFactors:
    """bundled_factors draws the bundled named factors, optionally by units."""

    @given(scst.bundled_factors(from_units=["t"], to_units=["bbl"]))
    def test_filtered(self, conversion: ConversionFactor) -> None:
        """Only tonnes-to-barrels factors are drawn when asked for."""
        assert ("t", "bbl") == (conversion.from_unit.symbol, conversion.to_unit.symbol)

    def test_no_match(self) -> None:
        """A filter that matches nothing is refused at once."""
        with pytest.raises(ValueError, match="no bundled factor from"):
            scst.bundled_factors(from_units=["USD"])


def test_missing_hypothesis_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without hypothesis, importing the strategies names the 'strategies' extra."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "sanctioncalc.strategies")
    with pytest.raises(MissingExtraError, match=r"pip install 'sanctioncalc\[strategies\]'"):
        importlib.import_module("sanctioncalc.strategies")
