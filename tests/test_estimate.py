"""Panel of Experts-style estimates: deliveries × capacity × laden fraction, kept apart.

Beside the public API, this module tests internal contracts directly: ``PANEL_SCENARIOS``
(the Panel of Experts' laden fractions).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import (
    Delivery,
    EstimateMixError,
    LadenScenario,
    Ledger,
    TankerDeliveries,
    estimate_deliveries,
)
from sanctioncalc._ledger.estimates import PANEL_SCENARIOS

REFINED = "500,000 bbl per 12 months from 1 Jan 2018"  # S/RES/2397 (2017) para 5 (V)
# Illustrative tankers and counts, not figures from a Panel of Experts report.
SMALL = TankerDeliveries("Illustrative A", "3,000 t", 10)
LARGE = TankerDeliveries("Illustrative B", "40,000 bbl", 5)
GAS_OIL = sc.factor("ei-2021/gas-oil-diesel")  # 7.46 bbl/t (EI 2021 table, V)


class TestScenarios:
    """Each laden fraction gives an exact volume and a multiple of the cap."""

    estimate = estimate_deliveries([SMALL, LARGE], factor=GAS_OIL, cap=REFINED)

    def test_full_capacity(self) -> None:
        """10 × 3,000 t × 7.46 + 5 × 40,000 bbl = 423,800 bbl fully laden."""
        assert Fraction(423_800) == self.estimate.capacity

    @pytest.mark.parametrize(
        ("label", "volume", "multiple"),
        [
            ("one third laden", Fraction(423_800, 3), Fraction(4238, 15000)),
            ("half laden", Fraction(211_900), Fraction(2119, 5000)),
            ("90 % laden", Fraction(381_420), Fraction(19071, 25000)),
            ("fully laden", Fraction(423_800), Fraction(2119, 2500)),
        ],
    )
    def test_side_by_side(self, label: str, volume: Fraction, multiple: Fraction) -> None:
        """The four Panel of Experts fractions, exactly."""
        scenario = self.estimate.scenario(label)
        assert (volume, multiple) == (scenario.volume, scenario.multiple)

    def test_display_rounds(self) -> None:
        """Text rounds half-up to whole barrels and shows the multiple."""
        assert "one third laden: ≈ 141,267 bbl = 0.28 × the cap" == str(self.estimate.scenarios[0])
        assert "estimate from 15 tanker deliveries" in str(self.estimate)

    def test_unknown_label(self) -> None:
        """Asking for a scenario that is not there lists the labels."""
        with pytest.raises(sc.InvalidAmountError, match="'half laden'"):
            self.estimate.scenario("two thirds laden")

    def test_custom_scenarios(self) -> None:
        """Any fractions can be used."""
        mine = (LadenScenario("two thirds", Fraction(2, 3)),)
        estimate = estimate_deliveries([LARGE], scenarios=mine)
        assert (Fraction(400_000, 3), None) == (
            estimate.scenarios[0].volume,
            estimate.scenarios[0].multiple,
        )

    @given(
        st.lists(
            st.builds(
                TankerDeliveries,
                st.just("V"),
                st.integers(1, 10**6).map(lambda n: sc.Amount(n, "bbl")),
                st.integers(0, 50),
            ),
            max_size=5,
        ),
        st.integers(1, 20),
    )
    def test_linear_and_ordered(self, tankers: list[TankerDeliveries], times: int) -> None:
        """Scenarios scale with the laden fraction; repeating every delivery scales them too."""
        once = estimate_deliveries(tankers)
        again = estimate_deliveries(
            [TankerDeliveries(t.vessel, t.capacity, t.deliveries * times) for t in tankers]
        )
        for a, b, scenario in zip(once.scenarios, again.scenarios, PANEL_SCENARIOS, strict=True):
            assert a.volume == once.capacity * scenario.fraction
            assert b.volume == a.volume * times
        volumes = [s.volume for s in once.scenarios]
        assert sorted(volumes) == volumes


class TestValidation:
    """Bad inputs are refused with the field and the fix."""

    def test_deadweight_needs_a_factor(self) -> None:
        """Deadweight tonnes become barrels only through a named factor."""
        with pytest.raises(sc.UnitMismatchError, match="named factor"):
            estimate_deliveries([SMALL])

    @pytest.mark.parametrize(
        ("build", "match"),
        [
            (lambda: LadenScenario("none", 0), "above 0"),
            (lambda: LadenScenario("over", Fraction(11, 10)), "at most 1"),
            (lambda: TankerDeliveries("V", "0 t", 1), "above zero"),
            (lambda: TankerDeliveries("V", "US$5", 1), "deadweight tonnes or in barrels"),
            (lambda: TankerDeliveries("V", "1 t", -1), "zero or more"),
            (lambda: TankerDeliveries("", "1 t", 1), "vessel name"),
        ],
    )
    def test_refused(self, build: object, match: str) -> None:
        """Fractions outside (0, 1], empty capacities, negative counts are refused."""
        with pytest.raises(sc.InvalidAmountError, match=match):
            build()  # type: ignore[operator]

    def test_cap_without_a_matching_limb(self) -> None:
        """An estimate in barrels cannot be a multiple of a tonnage-only cap."""
        with pytest.raises(sc.UnitMismatchError, match="limb in volume"):
            estimate_deliveries([LARGE], cap="7,500,000 t per 12 months from 1 Jan 2017")


class TestKeptApart:
    """Estimates are never summed with reported figures."""

    estimate = estimate_deliveries([LARGE], cap=REFINED)

    @pytest.mark.parametrize(
        "reported",
        [
            sc.Amount(100, "bbl"),
            Delivery("2023-01", "100 bbl", reporter="X"),
            Ledger(),
            0,
        ],
        ids=["amount", "delivery", "ledger", "zero"],
    )
    def test_no_addition(self, reported: object) -> None:
        """Either order, an estimate plus anything raises EstimateMixError."""
        for estimate in (self.estimate, self.estimate.scenarios[0]):
            with pytest.raises(EstimateMixError, match="side by side"):
                estimate + reported
            with pytest.raises(EstimateMixError, match="side by side"):
                reported + estimate

    def test_sum_refused(self) -> None:
        """sum() of scenario estimates starts from 0 and is refused at once."""
        with pytest.raises(EstimateMixError):
            sum(self.estimate.scenarios)

    def test_beside(self) -> None:
        """beside() shows reported and estimated figures next to each other."""
        ledger = Ledger([Delivery("2023-01", "100,000 bbl", reporter="X")])
        text = self.estimate.beside(ledger.utilization(REFINED).latest)
        assert text.splitlines()[0] == "reported: 100,000 bbl (20 % of 500,000 bbl)"
        assert "estimated, fully laden: ≈ 200,000 bbl = 0.4 × the cap, 2 × reported" in text
