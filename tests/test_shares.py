"""Shares, multiples, changes and solved baselines, on figures from the instruments and reports."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import strategies as scst

REFINED_2397 = "500,000 bbl per 12 months from 1 Jan 2018"  # S/RES/2397 (2017) para 5
VOLUMES = ["bbl", "kbbl", "m3"]


class TestShare:
    """A part as an exact percentage of a whole."""

    def test_tally_as_a_share_of_the_cap(self) -> None:
        """168,679 bbl to 4 Dec 2024 (Korea Herald, V2) is 33.7358 % of 500,000 bbl."""
        assert Fraction(168_679, 5_000) == sc.share("168,679 bbl", REFINED_2397).percent

    def test_catalog_measure_and_dual_cap_limbs(self) -> None:
        """A catalog measure gives its limit; a dual cap the limb of the part's dimension."""
        refined = sc.catalog().measure("2397-5-refined")
        assert sc.share("168,679 bbl", refined) == sc.share("168,679 bbl", REFINED_2397)
        crude = sc.catalog().measure("2397-4-crude")
        assert sc.Percentage(50) == sc.share("262,500 t", crude)
        assert sc.Percentage(50) == sc.share("2,000,000 bbl", crude)

    def test_units_convert_exactly(self) -> None:
        """A part in kbbl against a whole in bbl is the same share."""
        assert sc.share("168.679 kbbl", "500,000 bbl") == sc.share("168,679 bbl", "500,000 bbl")

    @pytest.mark.parametrize(
        ("part", "whole", "error", "match"),
        [
            ("5 t", "500,000 bbl", sc.UnitMismatchError, "named factor for the product"),
            ("5 bbl", "0 bbl", sc.ZeroBaselineError, "nothing is a share"),
            ("-5 bbl", "10 bbl", sc.InvalidAmountError, "cannot be negative"),
            ("5 bbl", "ban", sc.InvalidAmountError, "a ban has no limit"),
        ],
    )
    def test_refused(self, part: str, whole: str, error: type[Exception], match: str) -> None:
        """Mismatched dimensions, a zero whole, a negative part and a ban are refused."""
        with pytest.raises(error, match=match):
            sc.share(part, whole)


class TestRatio:
    """One amount as an exact multiple of another."""

    def test_iaea_stockpile_against_the_limit(self) -> None:
        """4,744.5 kg (IAEA 2023, V2) against 202.8 kg of uranium (JCPOA, V) is 23.39×."""
        multiple = sc.ratio("4,744.5 kg", "202.8 kg")
        assert (Fraction(47_445, 2_028), "23.39×") == (multiple.value, str(multiple))

    @given(scst.amounts(units=VOLUMES), scst.amounts(units=VOLUMES))
    def test_ratio_is_share_over_a_hundred(self, a: sc.Amount, b: sc.Amount) -> None:
        """ratio(a, b) is share(a, b) as a multiple, and does not depend on the units."""
        assume(b.exact != 0)
        assert sc.ratio(a, b).as_percentage() == sc.share(a, b)
        assert sc.ratio(a, b) == sc.ratio(a, b.to("L"))


class TestMultiple:
    """The multiple's text forms."""

    @given(st.fractions(min_value=0, max_value=10**6))
    def test_parse_inverts_exact(self, value: Fraction) -> None:
        """Multiple.parse(m.exact) is m, and repr evaluates back to it."""
        multiple = sc.Multiple(value)
        assert multiple == sc.Multiple.parse(multiple.exact)
        assert multiple == eval(repr(multiple), {"Multiple": sc.Multiple})

    def test_negative_is_refused(self) -> None:
        """A multiple of two levels is never negative."""
        with pytest.raises(sc.InvalidAmountError, match="a multiple of zero or more"):
            sc.Multiple(-1)


class TestPercentChange:
    """A change that reads as a change."""

    def test_rise_and_fall(self) -> None:
        """The stockpile's rise is +2,239.50 %; 2397's fall from 2016 levels is −800/9 %."""
        assert "2,239.50 %" == str(sc.percent_change("202.8 kg", "4,744.5 kg"))
        assert sc.Percentage(Fraction(-800, 9)) == sc.percent_change("4,500,000 bbl", "500,000 bbl")

    @given(scst.amounts(units=VOLUMES), scst.amounts(units=VOLUMES))
    def test_is_the_opposite_of_cut(self, old: sc.Amount, new: sc.Amount) -> None:
        """percent_change(old, new) == −cut(old, new), and a rise is positive."""
        assume(old.exact != 0)
        change = sc.percent_change(old, new)
        assert change == -sc.cut(old, new)
        assert (change.percent > 0) == (new > old)


class TestBaselineForCut:
    """The baseline a published cut implies."""

    def test_2397_from_the_2016_level(self) -> None:
        """500,000 bbl after 2397's 800/9 % cut comes from 4,500,000 bbl (US figures, V)."""
        assert sc.Amount(4_500_000, "bbl") == sc.baseline_for_cut("500,000 bbl", "800/9 %")

    @given(scst.amounts(units=VOLUMES), st.integers(min_value=0, max_value=9_999))
    def test_inverts_cap_for_cut(self, old: sc.Amount, hundredths: int) -> None:
        """baseline_for_cut(cap_for_cut(x, c), c) == x, exactly, for a cut to two decimals."""
        cut = sc.Percentage(Fraction(hundredths, 100))
        assert old == sc.baseline_for_cut(sc.cap_for_cut(old, cut), cut)

    @pytest.mark.parametrize("cut", ["100 %", "150 %"])
    def test_no_baseline_for_a_total_cut(self, cut: str) -> None:
        """A cut of 100 % or more leaves nothing to solve from."""
        with pytest.raises(sc.InvalidAmountError, match="a cut below 100 %"):
            sc.baseline_for_cut("5 bbl", cut)
