"""Tests for operations: deltas, cuts, cumulative restrictions, conversion, binding limbs,
proration and the inverse questions, on the worked examples of the DPRK regime.

Beside the public API, this module tests internal contracts directly: ``terminates``
(whether a ratio has a finite decimal form), ``add_months`` (calendar month arithmetic).
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from random import Random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import (
    Amount,
    Ban,
    Cap,
    ConversionFactor,
    DualCap,
    InexactResultError,
    InvalidAmountError,
    InvalidCapError,
    InvalidPeriodError,
    LimbRule,
    Percentage,
    PeriodMismatchError,
    Rate,
    Span,
    UnitMismatchError,
    ZeroBaselineError,
    annualise,
    binding_limb,
    break_even,
    cap_for_cut,
    compare,
    compose_cuts,
    convert,
    cumulative,
    cut,
    delta,
    implied_factor,
    prorate,
)
from sanctioncalc import strategies as scst
from sanctioncalc._numbers import terminates
from sanctioncalc._period import add_months

# S/RES/2397 (2017) para 4: 4,000,000 barrels or 525,000 tons, 12 months from 22 Dec 2017.
CRUDE_2397 = DualCap.parse("4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017")
# draft S/2022/431 (vetoed): 3,000,000 bbl or 393,750 t crude (tonnage V2).
#: The bundled factors from tonnes to barrels (EI, BP, UNSD, the resolutions' ratios).
TONNES_TO_BARRELS = tuple(
    name
    for name in sc.factor_names()
    if (sc.factor(name).from_unit.symbol, sc.factor(name).to_unit.symbol) == ("t", "bbl")
)
CRUDE_DRAFT = DualCap.parse("3,000,000 bbl or 393,750 t per 12 months from 22 Dec 2017")
# draft S/2022/431 (vetoed): 375,000 bbl or 46,875 t refined (tonnage V2).
REFINED_DRAFT = DualCap.parse("375,000 bbl or 46,875 t per 12 months from 1 Jan 2018")
# S/RES/2321 (2016) para 26: coal from 1 January 2017.
COAL_2321 = DualCap.parse(
    "US$400,870,018 or 7,500,000 metric tons, whichever is lower, per 12 months from 1 Jan 2017"
)
# S/RES/2321 (2016) para 26: coal from adoption to 31 December 2016.
COAL_2321_STUB = DualCap.parse(
    "US$53,495,894 or 1,000,866 metric tons, whichever is lower, for 30 Nov 2016 – 31 Dec 2016"
)
# S/RES/2375 (2017) para 14: 2,000,000 barrels per 12 months from 1 January 2018.
REFINED_2375 = Cap.parse("2,000,000 bbl per 12 months from 1 Jan 2018")
# S/RES/2375 (2017) para 14: 500,000 barrels for 1 October to 31 December 2017.
STUB_2375 = Cap.parse("500,000 bbl for 1 Oct 2017 – 31 Dec 2017")
# S/RES/2397 (2017) para 5: 500,000 barrels per 12 months from 1 January 2018.
REFINED_2397 = Cap.parse("500,000 bbl per 12 months from 1 Jan 2018")
# US fact sheet on 2397: refined petroleum imported in 2016, 4.5 million bbl/yr (US figure, V).
REFINED_2016 = Cap.parse("4,500,000 bbl/yr")

VOLUMES = ("bbl", "m3", "gal")
MIXED_UNITS = ("bbl", "m3", "gal", "kbbl", "MMbbl", "L", "kL", "t", "kg", "kt", "USD")


class TestCompare:
    """compare pairs limbs by dimension and reports each limb's delta and cut."""

    @pytest.mark.parametrize(
        ("old", "new", "delta_", "cut_"),
        [
            # draft S/2022/431 against S/RES/2397 (2017) para 4: crude 4 M → 3 M bbl
            (
                "4,000,000 bbl per 12 months",
                "3,000,000 bbl per 12 months",
                Amount(-1_000_000, "bbl"),
                "25",
            ),
            # draft S/2022/431 against S/RES/2397 (2017) para 5: refined 500,000 → 375,000 bbl
            (
                REFINED_2397,
                "375,000 bbl per 12 months from 1 Jan 2018",
                Amount(-125_000, "bbl"),
                "25",
            ),
            # S/RES/2375 (2017) para 14 → S/RES/2397 (2017) para 5: 2,000,000 → 500,000 bbl
            (REFINED_2375, REFINED_2397, Amount(-1_500_000, "bbl"), "75"),
            # bare amounts
            ("4,000,000 bbl", "3,000,000 bbl", Amount(-1_000_000, "bbl"), "25"),
            # an increase is a negative cut
            ("500,000 bbl", "2,000,000 bbl", Amount(1_500_000, "bbl"), "-300"),
        ],
    )
    def test_worked_examples(self, old: object, new: object, delta_: Amount, cut_: str) -> None:
        """Delta and cut of the published changes are exact."""
        comparison = compare(old, new)  # type: ignore[arg-type]
        assert (delta_, delta_.unit, Decimal(cut_)) == (
            comparison.delta,
            comparison.delta.unit,
            comparison.cut.to_decimal(),
        )

    def test_draft_cuts_both_limbs_by_25_percent(self) -> None:
        """S/2022/431 cuts crude by −1,000,000 bbl and −131,250 t, 25 % on each limb."""
        comparison = compare(CRUDE_2397, CRUDE_DRAFT)
        assert (
            [Amount(-1_000_000, "bbl"), Amount(-131_250, "t")],
            {Percentage(25)},
            Decimal("25"),
        ) == (
            [change.delta for change in comparison.changes],
            {change.cut for change in comparison.changes},
            comparison.cut.to_decimal(),
        )

    def test_dual_cap_against_a_cap_in_tonnes(self) -> None:
        """The crude dual cap compares with a cap in tonnes through its tonne limb: 25 %."""
        comparison = compare(CRUDE_2397, "393,750 t per 12 months from 22 Dec 2017")
        assert (Percentage(25), Amount(-131_250, "t")) == (comparison.cut, comparison.delta)

    @pytest.mark.parametrize(
        ("commodity", "factor_name"),
        [
            ("crude-oil, import", "ei-2021/crude-oil"),
            ("refined-petroleum, import", "ei-2021/product-basket"),
            ("gasoline", "ei-2021/gasoline"),
        ],
    )
    def test_hint_fits_the_commodity(self, commodity: str, factor_name: str) -> None:
        """Barrels against tonnes of a named commodity suggest that product's factor."""
        with pytest.raises(UnitMismatchError) as info:
            cut(
                f"500,000 bbl per 12 months [{commodity}]",
                f"46,875 t per 12 months [{commodity}]",
            )
        assert f"pass factor=sc.factor('{factor_name}')" in str(info.value)

    def test_barrels_against_tonnes_needs_a_factor(self) -> None:
        """4 M bbl against 393,750 t has no shared limb: the error shows how to pass factor=."""
        with pytest.raises(
            UnitMismatchError,
            match=r"got 4,000,000 bbl against 393,750 t.*"
            r"pass factor=sc\.factor\(NAME\)",
        ):
            cut("4,000,000 bbl per 12 months", "393,750 t per 12 months")

    def test_barrels_against_tonnes_with_a_factor(self) -> None:
        """With the draft's implied 160/21 bbl/t, 393,750 t is 3,000,000 bbl: a 25 % cut."""
        comparison = compare(
            "4,000,000 bbl per 12 months",
            "393,750 t per 12 months",
            factor=sc.factor("s-2022-431/crude-oil"),
        )
        change = comparison.changes[0]
        assert (Percentage(25), Amount(3_000_000, "bbl"), "s-2022-431/crude-oil") == (
            comparison.cut,
            change.new,
            change.factor.name if change.factor else None,
        )

    def test_factor_changes_the_answer(self) -> None:
        """At EI 2021's 7.33 bbl/t, 393,750 t is 2,886,187.5 bbl: a different cut."""
        comparison = compare(
            "4,000,000 bbl per 12 months",
            "393,750 t per 12 months",
            factor=sc.factor("ei-2021/crude-oil"),
        )
        assert (Amount("2886187.5", "bbl"), "27.85 %") == (
            comparison.changes[0].new,
            str(comparison.cut),
        )

    def test_cut_across_dimensions_is_exact_without_places(self) -> None:
        """525,000 t → 3,000,000 bbl at EI's 7.33 bbl/t: the cut is exact; no places needed."""
        expected = Percentage.from_ratio(1 - Fraction(3_000_000) / Fraction("7.33") / 525_000)
        assert (expected, "22.04 %") == (
            cut("525,000 t", "3,000,000 bbl", factor=sc.factor("ei-2021/crude-oil")),
            str(expected),
        )

    def test_places_round_the_converted_amount_only(self) -> None:
        """places= rounds new and delta half-up (409,276.94 t), and the cut stays exact."""
        ei = sc.factor("ei-2021/crude-oil")
        change = compare("525,000 t", "3,000,000 bbl", factor=ei, places=2).changes[0]
        assert (
            Amount("409276.94", "t"),
            Amount("-115723.06", "t"),
            cut("525,000 t", "3,000,000 bbl", factor=ei),
            2,
        ) == (change.new, change.delta, change.cut, change.places)
        assert str(change).endswith("(via ei-2021/crude-oil) (new and delta rounded to 2 places)")

    def test_inexact_conversion_asks_for_places(self) -> None:
        """Without places the error shows the exact fraction and how to round it."""
        with pytest.raises(
            InexactResultError,
            match=r"places: got 3,000,000 bbl via ei-2021/crude-oil = "
            r"300000000/733 t.*pass places=N",
        ):
            compare("525,000 t", "3,000,000 bbl", factor=sc.factor("ei-2021/crude-oil"))

    def test_conversion_past_forty_places(self) -> None:
        """A conversion that ends only after 40 places is rounded like one that never ends."""
        ei, tiny = sc.factor("ei-2021/crude-oil"), "0." + "0" * 39 + "1 t"
        with pytest.raises(InexactResultError, match="pass places=N"):
            compare("1 bbl", tiny, factor=ei)
        change = compare("1 bbl", tiny, factor=ei, places=2).changes[0]
        assert (Amount(0, "bbl"), 2, Percentage.from_ratio(1 - Fraction("7.33E-40"))) == (
            change.new,
            change.places,
            cut("1 bbl", tiny, factor=ei),
        )

    def test_exact_conversion_ignores_places(self) -> None:
        """places changes nothing when the conversion is exact: Change.places stays None."""
        draft = sc.factor("s-2022-431/crude-oil")
        exact = compare("4,000,000 bbl", "393,750 t", factor=draft)
        assert (exact, None) == (
            compare("4,000,000 bbl", "393,750 t", factor=draft, places=0),
            exact.changes[0].places,
        )

    @given(
        st.integers(1, 10**9),
        st.integers(1, 10**9),
        st.sampled_from(TONNES_TO_BARRELS),
        st.integers(0, 12),
    )
    def test_places_never_change_the_cut(
        self, tonnes: int, barrels: int, name: str, places: int
    ) -> None:
        """Across dimensions the cut is the exact ratio whatever places rounds the amounts to."""
        fac = sc.factor(name)
        old, new = Amount(tonnes, "t"), Amount(barrels, "bbl")
        change = compare(old, new, factor=fac, places=places).changes[0]
        exact_new = Fraction(barrels) / fac.rate.value  # tonnes
        assert (change.cut, change.places in (None, places)) == (
            Percentage.from_ratio(1 - exact_new / tonnes),
            True,
        )
        assert abs(change.new.exact - exact_new) <= Fraction(1, 2 * 10**places)

    def test_converted_limb_falls_back_to_cubic_metres(self) -> None:
        """1 t at 160/21 bbl/t has no decimal form in barrels; compare keeps it exact in m3."""
        comparison = compare("3,000,000 bbl", "1 t", factor=sc.factor("s-res-2397/crude-oil"))
        new = comparison.changes[0].new
        assert (
            Amount("1.21133177088", "m3"),
            Percentage.from_ratio(1 - Fraction(160, 21) / 3_000_000),
        ) == (
            new,
            comparison.cut,
        )

    def test_ban_is_a_full_cut(self) -> None:
        """A ban replacing the crude cap cuts every limb by 100 %."""
        comparison = compare(CRUDE_2397, Ban())
        assert ([Amount(-4_000_000, "bbl"), Amount(-525_000, "t")], Percentage(100)) == (
            [change.delta for change in comparison.changes],
            comparison.cut,
        )

    def test_nothing_can_be_cut_from_a_ban(self) -> None:
        """A ban on the old side has no percentage base."""
        with pytest.raises(ZeroBaselineError, match="nothing can be cut from a ban"):
            cut(Ban(), "500,000 bbl")

    def test_zero_old_amount(self) -> None:
        """A cut from zero is undefined; the error says only the delta exists."""
        with pytest.raises(ZeroBaselineError, match="from a ban \\(zero\\) only the delta exists"):
            cut("0 bbl", "500,000 bbl")

    def test_limbs_that_disagree(self) -> None:
        """When limbs are cut by different percentages, Comparison.cut refuses to pick one."""
        comparison = compare(CRUDE_2397, "3,000,000 bbl or 400,000 t per 12 months")
        with pytest.raises(
            InvalidCapError, match=r"one cut shared by every limb.*Comparison\.changes"
        ):
            _ = comparison.cut

    def test_periods_of_different_length(self) -> None:
        """A stub cap and an annual cap cannot be compared directly; the error says how to."""
        with pytest.raises(PeriodMismatchError, match=r"sc\.annualise\(cap, basis='months'\)"):
            compare(STUB_2375, REFINED_2375)

    def test_spans_of_equal_months(self) -> None:
        """Two quarters compare: Oct–Dec 2017 against Jan–Mar 2018."""
        assert Percentage(-100) == cut(STUB_2375, "1 MMbbl for 1 Jan 2018 – 31 Mar 2018")

    def test_spans_of_equal_days(self) -> None:
        """Two ragged spans of equal length in days compare."""
        old = "10 bbl for 2 Jan 2018 – 11 Jan 2018"
        new = "5 bbl for 2 Feb 2018 – 11 Feb 2018"
        assert Percentage(50) == cut(old, new)

    def test_different_anchors_same_length(self) -> None:
        """The crude year (from 22 Dec) and refined year (from 1 Jan) are both 12 months."""
        assert Percentage(25) == cut(CRUDE_2397.limb("bbl"), REFINED_DRAFT.limb("bbl") * 8)

    def test_text_form(self) -> None:
        """A comparison reads limb by limb."""
        assert (
            "4,000,000 bbl → 3,000,000 bbl: -1,000,000 bbl, cut 25 %; "
            "525,000 t → 393,750 t: -131,250 t, cut 25 %"
        ) == str(compare(CRUDE_2397, CRUDE_DRAFT))

    def test_not_a_side(self) -> None:
        """Numbers are not amounts or measures."""
        with pytest.raises(InvalidAmountError, match="old: got 5, expected an Amount, Cap"):
            delta(5, "1 bbl")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("text", "error", "message"),
        [
            ("4 Mbbl", sc.AmbiguousUnitError, "write 'kbbl' for 10\\*\\*3 or 'MMbbl'"),
            (
                "4 Mbbl per 12 months",
                sc.AmbiguousUnitError,
                "write 'kbbl' for 10\\*\\*3 or 'MMbbl'",
            ),
            ("4 bbbl", sc.UnknownUnitError, "did you mean 'bbl'"),
        ],
    )
    def test_unit_errors_in_text_are_kept(
        self, text: str, error: type[Exception], message: str
    ) -> None:
        """A bare amount with a bad unit reports the unit, not 'expected <limit> per <period>'."""
        with pytest.raises(error, match=message):
            cut(text, "1 bbl")

    def test_unreadable_text(self) -> None:
        """Text that is neither an amount nor a measure raises the measure parser's error."""
        with pytest.raises(sc.ParseError, match="'<limit> per <period>'"):
            cut("lots", "1 bbl")


class TestDeltaAndCutLaws:
    """Laws: antisymmetry of delta, and independence from the unit chosen."""

    @given(
        scst.amounts(min_value=-(10**9), units=MIXED_UNITS),
        scst.amounts(min_value=-(10**9), units=MIXED_UNITS),
    )
    def test_cut_of_two_amounts_is_the_comparison_s(self, old: Amount, new: Amount) -> None:
        """cut(a, b) on amounts (a shortcut) is the cut compare(a, b) gives, or the same error."""
        try:
            expected: object = compare(old, new).cut
        except sc.SanctionCalcError as error:
            expected = type(error)
        try:
            actual: object = cut(old, new)
        except sc.SanctionCalcError as error:
            actual = type(error)
        assert expected == actual

    @given(scst.amounts(min_value=1, units=VOLUMES), scst.amounts(min_value=1, units=VOLUMES))
    def test_delta_is_antisymmetric(self, old: Amount, new: Amount) -> None:
        """delta(a, b) == −delta(b, a)."""
        assert delta(old, new) == -delta(new, old)

    @given(
        scst.decimals(min_value=1, max_value=10**9, places=3),
        scst.decimals(min_value=0, max_value=10**9, places=3),
    )
    def test_unit_does_not_matter(self, old_value: Decimal, new_value: Decimal) -> None:
        """Cut and delta are the same whether the caps are written in bbl, m3 or US gallons."""
        old, new = Amount(old_value, "bbl"), Amount(new_value, "bbl")
        results = set()
        for unit in VOLUMES:
            comparison = compare(old.to(unit), new.to(unit))
            results.add((comparison.cut, comparison.delta.to("bbl").exact))
        assert {(cut(old, new), delta(old, new).exact)} == results

    @given(
        scst.caps(min_value=1, units=["bbl"], periods=st.just(sc.Periodic(12))),
        st.integers(min_value=-10_000, max_value=10_000).map(
            lambda hundredths: Percentage(Fraction(hundredths, 100))
        ),
    )
    def test_cut_inverts_cap_for_cut(self, cap: Cap, percentage: Percentage) -> None:
        """cut(old, cap_for_cut(old, c)) == c (for cuts in hundredths of a percent)."""
        assert percentage == cut(cap, cap_for_cut(cap, percentage))


class TestCapForCut:
    """The inverse question: which limit does a given cut leave?"""

    @pytest.mark.parametrize(
        ("old", "cut_", "expected"),
        [
            ("500,000 bbl", "40 %", Amount(300_000, "bbl")),
            # draft S/2022/431: a 25 % cut takes 4,000,000 bbl to 3,000,000 bbl
            ("4,000,000 bbl", 25, Amount(3_000_000, "bbl")),
            (
                "4,000,000 bbl per 12 months from 22 Dec 2017",
                Fraction(25),
                Amount(3_000_000, "bbl"),
            ),
            # US fact sheet on 2397: 8/9 off the 4.5 M bbl of 2016 leaves 2397's 500,000 bbl
            ("4,500,000 bbl", "800/9 %", Amount(500_000, "bbl")),
            ("500,000 bbl", Percentage(100), Amount(0, "bbl")),
            ("500,000 bbl", 0, Amount(500_000, "bbl")),
            ("500,000 bbl", -100, Amount(1_000_000, "bbl")),
        ],
    )
    def test_examples(self, old: str, cut_: object, expected: Amount) -> None:
        """The limit left by a cut, exactly."""
        assert expected == cap_for_cut(old, cut_)  # type: ignore[arg-type]

    def test_over_100_percent(self) -> None:
        """A cut above 100 % would leave a negative limit."""
        with pytest.raises(InvalidAmountError, match="a cut of at most 100 %"):
            cap_for_cut("500,000 bbl", "101 %")

    def test_dual_cap_needs_a_limb(self) -> None:
        """A dual cap has two limits: pick one first."""
        with pytest.raises(InvalidAmountError, match=r"cap\.limb\('bbl'\)"):
            cap_for_cut(CRUDE_2397, 25)  # type: ignore[arg-type]

    def test_inexact_needs_places(self) -> None:
        """A third of a percent off 500,000 bbl has no decimal form; places rounds it."""
        with pytest.raises(InexactResultError, match="pass places=N"):
            cap_for_cut("500,000 bbl", "1/3 %")
        assert Amount("498333.33", "bbl") == cap_for_cut("500,000 bbl", "1/3 %", places=2)

    @given(scst.amounts(min_value=0, units=VOLUMES), scst.percentages(min_value=0, max_value=100))
    def test_a_cut_never_raises_a_cap(self, old: Amount, percentage: Percentage) -> None:
        """A cut of 0 to 100 % never leaves more than the old limit, nor less than zero."""
        new = cap_for_cut(old, percentage, places=6)
        assert Amount(0, old.unit) <= new <= old


class TestComposeCuts:
    """Successive cuts compose as 1 − Π(1 − cᵢ)."""

    @pytest.mark.parametrize(
        ("cuts", "expected"),
        [
            # US fact sheets: 2375 (5/9, "over 55 %") then 2397 (75 %) is 8/9 off the 2016 level
            (("500/9 %", Percentage(75)), Percentage(Fraction(800, 9))),
            # draft S/2022/431 after 2397: 75 % then 25 %
            ((75, 25), Percentage(Fraction(325, 4))),
            (("25 %", 25, Fraction(25)), Percentage(Fraction(3700, 64))),
            ((100, 50), Percentage(100)),
            ((), Percentage(0)),
        ],
    )
    def test_examples(self, cuts: tuple[object, ...], expected: Percentage) -> None:
        """Cuts given as Percentage, text, int or Fraction compose exactly."""
        assert expected == compose_cuts(*cuts)  # type: ignore[arg-type]

    @given(st.lists(scst.percentages(), max_size=6))
    def test_formula(self, cuts: list[Percentage]) -> None:
        """The composition is 1 − Π(1 − cᵢ)."""
        remaining = Fraction(1)
        for item in cuts:
            remaining *= 1 - item.ratio
        assert Percentage.from_ratio(1 - remaining) == compose_cuts(*cuts)

    @given(st.lists(scst.percentages(), max_size=6), st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, cuts: list[Percentage], random: Random) -> None:
        """Composing a permutation of the cuts gives the same total."""
        shuffled = list(cuts)
        random.shuffle(shuffled)
        assert compose_cuts(*cuts) == compose_cuts(*shuffled)

    @given(st.lists(scst.percentages(min_value=0, max_value=100), min_size=1, max_size=6))
    def test_composition_is_at_least_each_cut(self, cuts: list[Percentage]) -> None:
        """Cutting further never undoes a cut: the total is at least the largest step."""
        assert max(cuts) <= compose_cuts(*cuts) <= Percentage(100)


class TestCumulative:
    """The cumulative restriction from a baseline through successive measures."""

    def test_refined_petroleum_from_2016(self) -> None:
        """From 4.5 M bbl/yr, 2375 and 2397 cut refined supply by 8/9 ('89 %')."""
        # US fact sheet on 2397; S/RES/2375 (2017) para 14; S/RES/2397 (2017) para 5
        waterfall = cumulative(REFINED_2016, REFINED_2375, REFINED_2397, labels=["2375", "2397"])
        assert ("88.89 %", "800/9 %", Amount(500_000, "bbl")) == (
            str(waterfall.total),
            waterfall.total.exact,
            waterfall.final,
        )

    def test_waterfall_steps(self) -> None:
        """Step cuts are 5/9 ('over 55 %') and 75 %; cumulative cuts 5/9 and 8/9."""
        waterfall = cumulative(REFINED_2016, REFINED_2375, REFINED_2397, labels=["2375", "2397"])
        assert [
            ("2375", Amount(4_500_000, "bbl"), Amount(2_000_000, "bbl"), "500/9 %", "500/9 %"),
            ("2397", Amount(2_000_000, "bbl"), Amount(500_000, "bbl"), "75 %", "800/9 %"),
        ] == [
            (s.label, s.before, s.after, s.step.exact, s.cumulative.exact) for s in waterfall.steps
        ]

    def test_steps_compose_to_the_total(self) -> None:
        """The waterfall's step cuts compose as 1 − Π(1 − cᵢ) to its total."""
        waterfall = cumulative(REFINED_2016, REFINED_2375, REFINED_2397)
        assert waterfall.total == compose_cuts(*(step.step for step in waterfall.steps))

    def test_over_55_percent(self) -> None:
        """2375 alone cut refined supply from the 2016 level by 'over 55 %'."""
        waterfall = cumulative(REFINED_2016, REFINED_2375)
        assert (True, "55.56 %") == (waterfall.total > Percentage(55), str(waterfall.total))

    def test_text_form(self) -> None:
        """The waterfall prints one line per step after the baseline."""
        waterfall = cumulative(
            "4,500,000 bbl", "2,000,000 bbl", "500,000 bbl", labels=["2375", "2397"]
        )
        assert (
            "baseline 4,500,000 bbl\n"
            "2375: 4,500,000 bbl → 2,000,000 bbl (cut 55.56 %, cumulative 55.56 %)\n"
            "2397: 2,000,000 bbl → 500,000 bbl (cut 75 %, cumulative 88.89 %)"
        ) == str(waterfall)

    def test_labels_default_to_the_step_text(self) -> None:
        """Without labels each step is labelled by its measure."""
        waterfall = cumulative(REFINED_2016, REFINED_2375)
        assert str(REFINED_2375) == waterfall.steps[0].label

    def test_dual_cap_step(self) -> None:
        """A dual-cap step counts through the limb of the baseline's dimension."""
        # US fact sheet: crude 4 M bbl/yr in 2016; S/RES/2397 (2017) para 4; draft S/2022/431
        waterfall = cumulative("4,000,000 bbl/yr", CRUDE_2397, CRUDE_DRAFT)
        assert ("0 %", "25 %") == (str(waterfall.steps[0].step), str(waterfall.total))

    def test_step_in_tonnes_with_a_factor(self) -> None:
        """A step in tonnes needs a factor to count against a baseline in barrels."""
        waterfall = cumulative(
            "4,000,000 bbl/yr",
            "393,750 t per 12 months",
            factor=sc.factor("s-2022-431/crude-oil"),
        )
        assert Percentage(25) == waterfall.total

    def test_rounded_levels_keep_exact_cuts(self) -> None:
        """From 525,000 t through 3 M and 2 M bbl at 7.33 bbl/t: levels rounded, cuts exact."""
        waterfall = cumulative(
            "525,000 t",
            "3,000,000 bbl",
            "2,000,000 bbl",
            factor=sc.factor("ei-2021/crude-oil"),
            places=2,
        )
        first, second = (Fraction(b) / Fraction("7.33") for b in (3_000_000, 2_000_000))
        assert [
            (Amount(525_000, "t"), Amount("409276.94", "t"), 1 - first / 525_000),
            (Amount("409276.94", "t"), Amount("272851.30", "t"), Fraction(1, 3)),
        ] == [(s.before, s.after, s.step.ratio) for s in waterfall.steps]
        assert (waterfall.total.ratio, waterfall.total) == (
            1 - second / 525_000,
            compose_cuts(*(s.step for s in waterfall.steps)),
        )
        assert str(waterfall).splitlines()[-1] == (
            "2,000,000 bbl: 409,276.94 t → 272,851.30 t "
            "(cut 33.33 %, cumulative 48.03 %; rounded to 2 places)"
        )

    def test_a_step_from_a_rounded_level_says_so(self) -> None:
        """A step whose level before was rounded is marked, though its own limit is exact."""
        ei = sc.factor("ei-2021/crude-oil")
        waterfall = cumulative("525,000 t", "3,000,000 bbl", "100,000 t", factor=ei, places=2)
        second = waterfall.steps[1]
        assert (Amount("409276.94", "t"), Amount(100_000, "t"), 2) == (
            second.before,
            second.after,
            second.places,
        )
        assert second.step == Percentage.from_ratio(1 - 100_000 / (3_000_000 / Fraction("7.33")))

    def test_a_limit_after_a_ban_is_refused(self) -> None:
        """After a ban nothing remains to cut from: a later limit has no percentage base."""
        with pytest.raises(ZeroBaselineError, match="only the delta exists"):
            cumulative(REFINED_2016, Ban(), REFINED_2397)

    def test_ban_step(self) -> None:
        """A ban is a 100 % cumulative cut."""
        waterfall = cumulative(REFINED_2016, REFINED_2375, Ban())
        assert (Percentage(100), Amount(0, "bbl")) == (waterfall.total, waterfall.final)

    def test_no_steps(self) -> None:
        """Without steps the total is 0 % and the final level is the baseline."""
        waterfall = cumulative(REFINED_2016)
        assert (Percentage(0), Amount(4_500_000, "bbl")) == (waterfall.total, waterfall.final)

    def test_labels_must_match_steps(self) -> None:
        """One label per step."""
        with pytest.raises(InvalidAmountError, match="1 labels for 2 steps"):
            cumulative(REFINED_2016, REFINED_2375, REFINED_2397, labels=["2375"])

    def test_dual_baseline_is_refused(self) -> None:
        """The baseline must be one amount: pick the limb of a dual cap."""
        with pytest.raises(InvalidAmountError, match=r"crude\.limb\('bbl'\)"):
            cumulative(CRUDE_2397, CRUDE_DRAFT)

    def test_period_mismatch(self) -> None:
        """An annual baseline and a stub step cannot be compared."""
        with pytest.raises(PeriodMismatchError, match="periods of the same length"):
            cumulative(REFINED_2016, STUB_2375)

    @given(st.lists(scst.decimals(min_value=1, max_value=10**9, places=0), min_size=1, max_size=5))
    def test_composition_law(self, levels: list[Decimal]) -> None:
        """For any chain of levels the step cuts compose to the cumulative cut."""
        baseline = Amount(10**9, "bbl")
        waterfall = cumulative(baseline, *(Amount(v, "bbl") for v in levels))
        assert (
            compose_cuts(*(s.step for s in waterfall.steps)),
            cut(baseline, Amount(levels[-1], "bbl")),
        ) == (waterfall.total, waterfall.total)


class TestImpliedFactor:
    """The factor the limbs of a dual cap imply."""

    @pytest.mark.parametrize(
        ("cap", "expected"),
        [
            # S/RES/2397 (2017) para 4: 4,000,000 bbl / 525,000 t
            (CRUDE_2397, Fraction(160, 21)),
            # draft S/2022/431: 3,000,000 bbl / 393,750 t keeps the 2397 ratio
            (CRUDE_DRAFT, Fraction(160, 21)),
            # draft S/2022/431: 375,000 bbl / 46,875 t
            (REFINED_DRAFT, Fraction(8)),
        ],
    )
    def test_examples(self, cap: DualCap, expected: Fraction) -> None:
        """The implied factors are exact: 160/21 bbl/t for crude, 8 bbl/t for refined.  From
        caps the caller typed in they are the caller's: marked U, never V, with no source."""
        found = implied_factor(cap)
        assert (expected, "t", "bbl", "U", "") == (
            found.value,
            found.from_unit.symbol,
            found.to_unit.symbol,
            found.mark.value,
            found.source,
        )

    def test_about_7_619(self) -> None:
        """'4 million barrels or 525,000 tons' implies about 7.619 bbl/t."""
        assert "7.62 bbl/t" == str(implied_factor(CRUDE_2397).rate)

    def test_name_and_provenance(self) -> None:
        """The factor is named for the commodity and cites the cap it came from."""
        crude = DualCap(CRUDE_2397.limbs, CRUDE_2397.period, commodity="crude-oil, import")
        found = implied_factor(crude)
        assert ("implied/crude-oil", "crude-oil", f"implied by {crude}") == (
            found.name,
            found.product,
            found.table,
        )
        assert "mine" == implied_factor(crude, name="mine").name

    def test_converts_one_limb_into_the_other(self) -> None:
        """525,000 t at the implied factor is exactly 4,000,000 bbl."""
        assert Amount(4_000_000, "bbl") == convert(
            "525,000 t", "bbl", factor=implied_factor(CRUDE_2397)
        )


class TestBindingLimb:
    """Which limb of a 'whichever is lower' cap binds at a price."""

    def test_break_even(self) -> None:
        """The 2321 coal cap's limbs meet at exactly 400,870,018/7,500,000 USD/t (≈ 53.45)."""
        rate = break_even(COAL_2321)
        assert (Fraction(400_870_018, 7_500_000), "USD/t", "53.45 USD/t") == (
            rate.value,
            rate.unit.symbol,
            str(rate),
        )

    def test_stub_break_even_is_also_about_53_45(self) -> None:
        """The 2016 stub's limbs imply about the same price (S/RES/2321 (2016) para 26)."""
        rate = break_even(COAL_2321_STUB)
        assert (Fraction(53_495_894, 1_000_866), "53.45 USD/t") == (rate.value, str(rate))

    @pytest.mark.parametrize(
        ("price", "binding", "quantity", "value"),
        [
            # below the break-even the tonnage limb binds: 7,500,000 t worth 375,000,000 USD
            ("50 USD/t", Amount(7_500_000, "t"), Fraction(7_500_000), Fraction(375_000_000)),
            # above it the dollar limb binds: 400,870,018 USD buys 6,681,166.97 t
            (
                "60 USD/t",
                Amount(400_870_018, "USD"),
                Fraction(400_870_018, 60),
                Fraction(400_870_018),
            ),
            # the same prices per kilogram
            ("0.05 USD/kg", Amount(7_500_000, "t"), Fraction(7_500_000), Fraction(375_000_000)),
            (
                "0.06 USD/kg",
                Amount(400_870_018, "USD"),
                Fraction(400_870_018, 60),
                Fraction(400_870_018),
            ),
        ],
    )
    def test_which_limb_binds(
        self, price: str, binding: Amount, quantity: Fraction, value: Fraction
    ) -> None:
        """S/RES/2321 (2016) para 26 at an average price: binding limb and what it allows."""
        result = binding_limb(COAL_2321, price)
        assert (binding, False, quantity, value) == (
            result.binding,
            result.tie,
            result.allowed_quantity_exact,
            result.allowed_value_exact,
        )

    def test_tie_at_break_even(self) -> None:
        """At exactly the break-even price both limbs bind together."""
        result = binding_limb(COAL_2321, Rate(Fraction(400_870_018, 7_500_000), "USD/t"))
        assert (None, True, Amount(7_500_000, "t"), Amount(400_870_018, "USD")) == (
            result.binding,
            result.tie,
            result.quantity_allowed(),
            result.value_allowed(),
        )

    def test_just_either_side_of_break_even(self) -> None:
        """A hair above the break-even the dollar limb binds, a hair below the tonnage limb."""
        even = Fraction(400_870_018, 7_500_000)
        above = binding_limb(COAL_2321, Rate(even + Fraction(1, 10**9), "USD/t"))
        below = binding_limb(COAL_2321, Rate(even - Fraction(1, 10**9), "USD/t"))
        assert ("USD", "t") == (
            above.binding.unit.symbol if above.binding else None,
            below.binding.unit.symbol if below.binding else None,
        )

    def test_allowed_quantity_rounded(self) -> None:
        """At 60 USD/t the tonnage allowed has no decimal form; places rounds it."""
        result = binding_limb(COAL_2321, "60 USD/t")
        with pytest.raises(InexactResultError, match="pass places=N"):
            result.quantity_allowed()
        assert Amount("6681166.97", "t") == result.quantity_allowed(places=2)

    @pytest.mark.parametrize(
        ("price", "expected"),
        [
            (
                "50 USD/t",
                "at 50 USD/t, the 7,500,000 t limb binds: 7,500,000 t; break-even 53.45 USD/t",
            ),
            (
                "60 USD/t",
                "at 60 USD/t, the 400,870,018 USD limb binds: ≈ 6,681,166.97 t; "
                "break-even 53.45 USD/t",
            ),
        ],
    )
    def test_text_form(self, price: str, expected: str) -> None:
        """The result reads as a sentence."""
        assert expected == str(binding_limb(COAL_2321, price))

    def test_text_form_at_the_tie(self) -> None:
        """At the break-even price the sentence says both limbs bind."""
        result = binding_limb(COAL_2321, break_even(COAL_2321))
        assert (
            "at 53.45 USD/t, both limbs bind (break-even): 7,500,000 t; break-even 53.45 USD/t"
        ) == str(result)

    def test_either_rule_has_no_binding_limb(self) -> None:
        """With 'or' the supplier chooses the limb; no limb binds by price."""
        with pytest.raises(InvalidCapError, match="with 'either', the supplier chooses the limb"):
            binding_limb(CRUDE_2397, "60 USD/bbl")

    def test_price_in_the_wrong_unit(self) -> None:
        """A price per barrel does not apply to a cap in tonnes."""
        with pytest.raises(UnitMismatchError, match="give the average price per t"):
            binding_limb(COAL_2321, "60 USD/bbl")

    def test_break_even_needs_a_money_limb(self) -> None:
        """Two quantity limbs have an implied factor, not a break-even price."""
        with pytest.raises(InvalidCapError, match=r"use implied_factor\(\) for two quantity limbs"):
            break_even(CRUDE_2397)

    @given(
        st.fractions(min_value=1, max_value=200, max_denominator=10**6).map(
            lambda value: Rate(value, "USD/t")
        )
    )
    def test_binding_limb_is_the_lower(self, price: Rate) -> None:
        """The allowed quantity is the smaller of the two limbs' quantities at that price."""
        result = binding_limb(COAL_2321, price)
        assert min(Fraction(7_500_000), Fraction(400_870_018) / price.value) == (
            result.allowed_quantity_exact
        )


class TestProrate:
    """The share of a repeating cap for a shorter span."""

    def test_2375_stub_by_months(self) -> None:
        """The 2375 stub is 3/12 of 2,000,000 bbl: 500,000 bbl."""
        # S/RES/2375 (2017) para 14
        stub = prorate(REFINED_2375, "1 Oct 2017 – 31 Dec 2017", basis="months")
        assert (STUB_2375, Amount(500_000, "bbl")) == (stub, stub.limit)

    def test_2375_stub_by_days_is_inexact(self) -> None:
        """By days the stub is 2,000,000 × 92/365 bbl, which has no decimal form."""
        with pytest.raises(InexactResultError, match=r"got 36800000/73.*pass places=N"):
            prorate(REFINED_2375, "1 Oct 2017 – 31 Dec 2017", basis="days")

    def test_2375_stub_by_days_rounded(self) -> None:
        """With places=2 the day-count stub is 504,109.59 bbl."""
        stub = prorate(REFINED_2375, "1 Oct 2017 – 31 Dec 2017", basis="days", places=2)
        assert (Amount("504109.59", "bbl"), Fraction(2_000_000 * 92, 365)) == (
            stub.limit,
            Fraction(2_000_000) * 92 / 365,
        )

    def test_keeps_the_commodity(self) -> None:
        """The prorated cap keeps the commodity."""
        annual = Cap.parse(
            "2,000,000 bbl per 12 months from 1 Jan 2018 [refined-petroleum, import]"
        )
        assert annual.commodity == prorate(annual, STUB_2375.period, basis="months").commodity  # type: ignore[arg-type]

    def test_ragged_span_by_months(self) -> None:
        """A span that is not whole months needs basis='days'."""
        with pytest.raises(InvalidPeriodError, match="use basis='days'"):
            prorate(REFINED_2375, "1 Oct 2017 – 30 Dec 2017", basis="months")

    def test_days_need_an_anchor(self) -> None:
        """Counting days needs to know which year the span falls in."""
        with pytest.raises(InvalidPeriodError, match="give the cap's period an anchor date"):
            prorate("2,000,000 bbl per 12 months", "1 Oct 2017 – 31 Dec 2017", basis="days")

    def test_unknown_basis(self) -> None:
        """The basis is 'months' or 'days'."""
        with pytest.raises(InvalidPeriodError, match="'months' or 'days'"):
            prorate(REFINED_2375, STUB_2375.period, basis="weeks")  # type: ignore[arg-type]

    def test_two_whole_years_by_days_are_two_caps(self) -> None:
        """By days, 1 Jan 2020 – 31 Dec 2021 of a calendar-year cap is exactly twice the cap.

        2020 has 366 days and 2021 has 365: each year contributes its own days over its own
        length, so the leap year does not make the share 731/366 (3,994,535.52 bbl).
        """
        annual = Cap.parse("2,000,000 bbl per 12 months from 1 Jan 2018")
        two_years = prorate(annual, "1 Jan 2020 – 31 Dec 2021", basis="days", places=2)
        assert Amount(4_000_000, "bbl") == two_years.limit

    def test_straddling_span_by_days(self) -> None:
        """A span across a period boundary adds each part: 61/365 + 61/366 of 2397's year."""
        crude = Cap.parse("4,000,000 bbl per 12 months from 22 Dec 2017")
        straddle = prorate(crude, "22 Oct 2019 – 20 Feb 2020", basis="days", places=6)
        expected = Fraction(4_000_000) * (Fraction(61, 365) + Fraction(61, 366))
        assert Amount.from_fraction(expected, "bbl", places=6) == straddle.limit

    @given(
        start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
        length=st.integers(min_value=1, max_value=2_000),
        anchor=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
        months=st.sampled_from([1, 3, 6, 12]),
    )
    def test_days_share_matches_a_day_by_day_count(
        self, start: date, length: int, anchor: date, months: int
    ) -> None:
        """The share by days is the sum, over each day of the span, of 1/(days of its period).

        The reference counts day by day with plain date arithmetic and the period's own
        bounds, written here apart from the library's loop.
        """
        cap = Cap(Amount(1, "bbl"), sc.Periodic(months, anchor))
        span = Span(start, start + timedelta(days=length))
        expected = Fraction(0)
        for offset in range(length):
            day = start + timedelta(days=offset)
            first, end = _period_around(anchor, months, day)
            expected += Fraction(1, (end - first).days)
        exact = prorate(cap, span, basis="days", places=40).limit.exact
        assert abs(expected - exact) <= Fraction(1, 10**40)

    def test_span_cap_cannot_be_prorated(self) -> None:
        """Only a repeating cap is prorated."""
        with pytest.raises(InvalidPeriodError, match="prorate a repeating cap onto a span"):
            prorate(STUB_2375, "1 Oct 2017 – 31 Oct 2017", basis="months")


class TestAnnualise:
    """The repeating cap a stub cap corresponds to."""

    def test_2375_stub_by_months(self) -> None:
        """500,000 bbl for Oct–Dec 2017 is 2,000,000 bbl per 12 months from 1 Jan 2018."""
        # S/RES/2375 (2017) para 14
        assert REFINED_2375 == annualise(STUB_2375, basis="months")

    def test_2375_stub_by_days(self) -> None:
        """By days it is 500,000 × 365/92 bbl: inexact, 1,983,695.65 bbl with places=2."""
        with pytest.raises(InexactResultError, match=r"got 45625000/23"):
            annualise(STUB_2375, basis="days")
        assert Amount("1983695.65", "bbl") == annualise(STUB_2375, basis="days", places=2).limit

    def test_days_back_and_forth(self) -> None:
        """Annualising the exact day-count stub gives back 2,000,000 bbl."""
        annual = annualise(
            Cap(Amount("504109.58904109589041095890410958904109589", "bbl"), STUB_2375.period),
            basis="days",
            places=0,
        )
        assert Amount(2_000_000, "bbl") == annual.limit

    def test_given_period(self) -> None:
        """A stub can be annualised onto a named repeating period."""
        annual = annualise(STUB_2375, basis="months", period="6 months from 1 Jan 2018")
        assert Cap.parse("1,000,000 bbl per 6 months from 1 Jan 2018") == annual

    def test_repeating_cap_is_refused(self) -> None:
        """A repeating cap is already per period."""
        with pytest.raises(InvalidPeriodError, match=r"use prorate\(\) to go the other way"):
            annualise(REFINED_2375, basis="months")

    @given(
        scst.periodics(anchored=True, max_value=date(2100, 1, 1)),
        st.integers(min_value=1, max_value=10**9),
        st.integers(min_value=1, max_value=12),
    )
    def test_months_round_trip(self, period: sc.Periodic, per_month: int, months: int) -> None:
        """Prorating by months and annualising back returns the repeating cap's limit."""
        assert period.anchor is not None
        cap = Cap(Amount(per_month * period.months, "bbl"), period)
        span = Span(period.anchor, add_months(period.anchor, months))
        stub = prorate(cap, span, basis="months")
        back = annualise(stub, basis="months", period=period)
        assert (Amount(per_month * months, "bbl"), cap) == (stub.limit, back)


class TestConvert:
    """convert: exact within a dimension, with a named factor across."""

    @pytest.mark.parametrize(
        ("amount", "to", "name", "expected"),
        [
            ("4,000,000 bbl", "MMbbl", None, Amount(4, "MMbbl")),
            ("1 bbl", "gal", None, Amount(42, "gal")),
            # S/RES/2397 (2017) para 4
            ("525,000 t", "bbl", "s-res-2397/crude-oil", Amount(4_000_000, "bbl")),
            ("4,000,000 bbl", "t", "s-res-2397/crude-oil", Amount(525_000, "t")),
            # draft S/2022/431, refined: 46,875 t ↔ 375,000 bbl at 8 bbl/t
            ("375,000 bbl", "t", "s-2022-431/refined-petroleum", Amount(46_875, "t")),
            ("100,000 t", "bbl", "ei-2021/crude-oil", Amount(733_000, "bbl")),
        ],
    )
    def test_examples(self, amount: str, to: str, name: str | None, expected: Amount) -> None:
        """Each conversion is exact and in the unit asked for."""
        actual = convert(amount, to, factor=sc.factor(name) if name else None)
        assert (expected, to) == (actual, actual.unit.symbol)

    def test_across_dimensions_without_a_factor(self) -> None:
        """Barrels to tonnes without a factor: the error shows how to pass factor=."""
        with pytest.raises(UnitMismatchError, match=r"factor=sc\.factor\(NAME\)"):
            convert("4,000,000 bbl", "t")

    def test_result_is_in_the_unit_asked_for(self) -> None:
        """1 t at 160/21 bbl/t is not a decimal number of barrels: an error, not m3."""
        with pytest.raises(InexactResultError, match="pass places=N"):
            convert("1 t", "bbl", factor=sc.factor("s-res-2397/crude-oil"))
        assert Amount("7.62", "bbl") == convert(
            "1 t", "bbl", factor=sc.factor("s-res-2397/crude-oil"), places=2
        )

    def test_wrong_factor(self) -> None:
        """A factor between other dimensions is refused."""
        price = ConversionFactor("price/coal", 60, "t", "USD")
        with pytest.raises(UnitMismatchError, match="a factor between volume and mass"):
            convert("1 bbl", "t", factor=price)

    @given(
        scst.bundled_factors(from_units=["t"], to_units=["bbl"]).filter(
            lambda f: terminates(f.value)
        ),
        scst.decimals(min_value=0, max_value=10**9, places=3),
    )
    def test_tonnes_to_barrels_and_back(self, conversion: ConversionFactor, value: Decimal) -> None:
        """t → bbl → t with a named factor returns the start exactly."""
        start = Amount(value, "t")
        back = convert(convert(start, "bbl", factor=conversion), "t", factor=conversion)
        assert (start.exact, "t") == (back.exact, back.unit.symbol)

    @given(scst.amounts(min_value=-(10**12), units=["bbl"]))
    def test_barrels_to_cubic_metres_and_back(self, amount: Amount) -> None:
        """bbl → m3 → bbl returns the start exactly."""
        assert amount.exact == convert(convert(amount, "m3"), "bbl").exact


class TestDecimalContext:
    """A hostile global decimal context changes no result."""

    @staticmethod
    def worked_results() -> tuple[object, ...]:
        """Every worked example of this module, as text."""
        waterfall = cumulative(REFINED_2016, REFINED_2375, REFINED_2397)
        return (
            str(compare(CRUDE_2397, CRUDE_DRAFT)),
            repr(delta("4,000,001 bbl", "3,000,000.5 bbl")),
            cut("4,000,001 bbl", "3,000,001 bbl").exact,
            str(waterfall),
            waterfall.total.exact,
            str(implied_factor(CRUDE_2397)),
            str(binding_limb(COAL_2321, "60.123 USD/t")),
            str(break_even(COAL_2321)),
            repr(prorate(REFINED_2375, STUB_2375.period, basis="days", places=2)),  # type: ignore[arg-type]
            repr(annualise(STUB_2375, basis="days", places=2)),
            repr(cap_for_cut("500,001 bbl", "40.5 %")),
            repr(convert("100,001 t", "bbl", factor=sc.factor("ei-2021/crude-oil"))),
            repr(convert("4,000,001 bbl", "m3")),
            compose_cuts("500/9 %", 75, "12.345 %").exact,
        )

    def test_worked_examples(self, hostile_context: decimal.Context) -> None:
        """prec=3, ROUND_DOWN and traps on Inexact and Rounded leave every result unchanged."""
        expected = self.worked_results()
        with decimal.localcontext(hostile_context):
            actual = self.worked_results()
        assert expected == actual

    @given(scst.amounts(min_value=1, units=VOLUMES), scst.amounts(min_value=0, units=VOLUMES))
    def test_compare_property(
        self, hostile_context: decimal.Context, old: Amount, new: Amount
    ) -> None:
        """compare gives the same delta and cut under a hostile context."""
        expected = str(compare(old, new))
        with decimal.localcontext(hostile_context):
            actual = str(compare(old, new))
        assert expected == actual


class TestRuleType:
    """The LimbRule enum's text form is its value."""

    def test_str(self) -> None:
        """'either' and 'whichever-lower'."""
        texts = (str(LimbRule.EITHER), str(LimbRule.WHICHEVER_LOWER))
        assert ("either", "whichever-lower") == texts


class TestDates:
    """The worked periods line up with the instruments."""

    def test_stub_and_year_meet(self) -> None:
        """The 2375 stub ends where the 2375/2397 refined year starts (1 Jan 2018)."""
        assert isinstance(STUB_2375.period, Span)
        assert isinstance(REFINED_2397.period, sc.Periodic)
        assert (STUB_2375.period.end, date(2018, 1, 1)) == (
            REFINED_2397.period.nth(0).start,
            REFINED_2397.period.anchor,
        )


def _add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (a reference, not the library's)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _period_around(anchor: date, months: int, day: date) -> tuple[date, date]:
    """[first, end) of the period of *months* months counted from *anchor* that holds *day*.

    Period k runs from anchor + k·months to anchor + (k + 1)·months, each bound counted from
    the anchor (so a period from 29 Feb, after an anchor on the 30th, ends on 30 Mar).
    """
    steps = ((day.year - anchor.year) * 12 + day.month - anchor.month) // months + 1
    while _add_months(anchor, steps * months) > day:
        steps -= 1
    return _add_months(anchor, steps * months), _add_months(anchor, (steps + 1) * months)


class TestSigns:
    """Levels (limits, baselines, amounts supplied) are never negative, at every entry point."""

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: cut("4,000,000 bbl", "-3,000,000 bbl"), "new"),
            (lambda: cut("-4,000,000 bbl", "3,000,000 bbl"), "old"),
            (lambda: cut(Amount(-4, "bbl"), Amount(3, "bbl")), "old"),
            (lambda: cut(Amount(4, "bbl"), Amount(-3, "kbbl")), "new"),
            (lambda: delta("4,000,000 bbl", "-3,000,000 bbl"), "new"),
            (lambda: compare("-1 t", "2 t"), "old"),
            (lambda: cumulative("-4,500,000 bbl", "500,000 bbl"), "baseline"),
            (lambda: cumulative("4,500,000 bbl", "-500,000 bbl"), "steps[0]"),
            (lambda: cap_for_cut("-500,000 bbl", "40 %"), "old"),
        ],
    )
    def test_negative_levels_are_refused(self, call: Any, field: str) -> None:
        """A negative level is an InvalidAmountError naming the argument, never a result."""
        with pytest.raises(InvalidAmountError, match="a limit cannot be negative") as info:
            call()
        assert field == info.value.field

    def test_a_cut_above_all_is_refused(self) -> None:
        """compose_cuts refuses a cut above 100 %, which would leave a negative level."""
        with pytest.raises(InvalidAmountError, match=r"cuts\[0\]: got 150 %") as info:
            compose_cuts("150 %", "10 %")
        assert "cuts[0]" == info.value.field
        assert Percentage(-10) == compose_cuts("-10 %")

    def test_negative_zero_is_zero(self) -> None:
        """'-0 bbl' is zero, not negative: a cut to it is 100 %."""
        assert Percentage(100) == cut("5 bbl", "-0 bbl")


class TestCatalogMeasuresInDualCapOperations:
    """implied_factor, break_even and binding_limb take a catalog measure, keeping its mark."""

    def test_implied_factor_keeps_the_drafts_mark(self) -> None:
        """The ratio implied by the vetoed draft's figures is V2, like the figures, and cited."""
        measure = sc.catalog().measure("s-2022-431-crude")
        implied = implied_factor(measure)
        assert (Fraction(160, 21), sc.Mark.V2, measure.source.citation) == (
            implied.value,
            implied.mark,
            implied.source,
        )

    def test_break_even_and_binding_limb(self) -> None:
        """The 2321 coal cap from the catalog gives the same break-even as its text."""
        measure = sc.catalog().measure("2321-26-coal")
        assert isinstance(measure.measure, DualCap)
        assert break_even(measure.measure) == break_even(measure)
        assert (
            binding_limb(measure, "60 USD/t").binding
            == binding_limb(measure.measure, "60 USD/t").binding
        )

    @pytest.mark.parametrize("value", [5, None, sc.Amount(5, "bbl"), object()])
    def test_other_values_are_refused(self, value: object) -> None:
        """Anything else is an InvalidCapError naming the argument, not an AttributeError."""
        for call in (implied_factor, break_even, lambda v: binding_limb(v, "60 USD/t")):
            with pytest.raises(InvalidCapError) as info:
                call(value)
            assert "cap" == info.value.field


class TestDeltaFromZero:
    """From zero there is no cut, but the delta exists, whatever the units."""

    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [
            ("0 bbl", "1 bbl", Amount(1, "bbl")),
            ("0 bbl", "0.5 bbl", Amount("0.5", "bbl")),
            ("0 bbl", "0 kbbl", Amount(0, "bbl")),
            ("0 kbbl", "1 bbl", Amount("0.001", "kbbl")),
            ("0 bbl per 12 months", "5 bbl per 12 months", Amount(5, "bbl")),
        ],
    )
    def test_delta_from_zero(self, old: str, new: str, expected: Amount) -> None:
        """delta(0, x) is x in the old unit; cut(0, x) stays refused."""
        assert expected == delta(old, new)
        with pytest.raises(ZeroBaselineError, match="only the delta exists"):
            cut(old, new)

    def test_periods_still_checked(self) -> None:
        """Caps of different period lengths are refused from zero too."""
        with pytest.raises(PeriodMismatchError):
            delta("0 bbl per 12 months", "5 bbl per 6 months")
