"""Tests for catalog queries: instrument comparisons and cumulative restrictions."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import sanctioncalc as sc

A = sc.Amount.parse
P = sc.Percentage


def citation(measure_id: str) -> str:
    """The citation of a bundled measure: document, paragraph and any paragraph flag."""
    return sc.catalog().measure(measure_id).source.citation


def limb_rows(change: sc.CommodityChange) -> list[tuple[sc.Amount, sc.Amount, sc.Amount, P]]:
    """A commodity change as (old, new, delta, cut) rows, one per compared limb."""
    assert change.comparison is not None
    return [(c.old, c.new, c.delta, c.cut) for c in change.comparison.changes]


class TestCompare2397WithTheDraft:
    """2397 against the vetoed draft S/2022/431 (UN press release SC/14911)."""

    comparison = sc.compare_instruments("2397", "S/2022/431")

    def test_instruments(self) -> None:
        """The old and new instruments are resolved from forgiving symbols."""
        assert ("S/RES/2397 (2017)", "S/2022/431") == (
            self.comparison.old.symbol,
            self.comparison.new.symbol,
        )

    def test_crude_oil_both_limbs(self) -> None:
        """Crude: 4,000,000 → 3,000,000 bbl and 525,000 → 393,750 t, each −25 %."""
        expected = [
            (A("4,000,000 bbl"), A("3,000,000 bbl"), A("-1,000,000 bbl"), P(25)),
            (A("525,000 t"), A("393,750 t"), A("-131,250 t"), P(25)),
        ]
        assert expected == limb_rows(self.comparison.change("crude-oil"))

    def test_refined_petroleum(self) -> None:
        """Refined: 500,000 → 375,000 bbl, −25 % (the draft's tonnage has no 2397 partner)."""
        expected = [(A("500,000 bbl"), A("375,000 bbl"), A("-125,000 bbl"), P(25))]
        assert expected == limb_rows(self.comparison.change("refined-petroleum"))

    def test_one_cut_per_commodity(self) -> None:
        """Every limb agrees, so each commodity has one cut of 25 %."""
        cuts = [c.comparison.cut for c in self.comparison.changes if c.comparison is not None]
        assert [P(25), P(25)] == cuts

    def test_only_in_new_are_the_three_bans(self) -> None:
        """The draft's new bans (HS ch. 27, 91, 24) are measures only in the new instrument."""
        expected = [
            "s-2022-431-mineral-fuels",
            "s-2022-431-clocks-watches",
            "s-2022-431-tobacco",
        ]
        assert expected == [m.id for m in self.comparison.only_in_new]
        assert all(isinstance(m.measure, sc.Ban) for m in self.comparison.only_in_new)

    def test_nothing_only_in_old(self) -> None:
        """The draft touches every commodity 2397 limits."""
        assert () == self.comparison.only_in_old

    def test_draft_vote(self) -> None:
        """The new instrument carries its 13–2 vote."""
        vote = self.comparison.new.vote
        assert vote is not None
        assert (13, 2) == (vote.in_favour, vote.against)

    def test_measures_are_the_repeating_caps(self) -> None:
        """Each side speaks through its repeating cap."""
        change = self.comparison.change("refined-petroleum")
        assert (change.old, change.new) == (
            sc.catalog().measure("2397-5-refined"),
            sc.catalog().measure("s-2022-431-refined"),
        )

    def test_unknown_commodity(self) -> None:
        """Asking for a commodity neither side touches lists the ones they do."""
        with pytest.raises(
            sc.InstrumentNotFoundError,
            match=r"got 'coal', expected one of crude-oil, refined-petroleum, mineral-fuels",
        ):
            self.comparison.change("coal")

    def test_reverse_order_negates_deltas(self) -> None:
        """Swapping old and new negates each delta (delta(a, b) = −delta(b, a))."""
        back = sc.compare_instruments("S/2022/431", "2397")
        forward_rows = limb_rows(self.comparison.change("crude-oil"))
        back_rows = limb_rows(back.change("crude-oil"))
        assert [-row[2] for row in forward_rows] == [row[2] for row in back_rows]
        assert [P(Fraction(-100, 3))] * 2 == [row[3] for row in back_rows]


class TestCompare2375With2397:
    """2375 against 2397: refined cap cut by 75 %, crude freeze not comparable."""

    comparison = sc.compare_instruments("S/RES/2375 (2017)", "res 2397")

    def test_refined_cut_by_75_percent(self) -> None:
        """2,000,000 → 500,000 bbl is a 75 % cut of the 2375 annual cap (US fact sheet)."""
        expected = [(A("2,000,000 bbl"), A("500,000 bbl"), A("-1,500,000 bbl"), P(75))]
        change = self.comparison.change("refined-petroleum")
        assert expected == limb_rows(change)
        assert change.old is not None
        assert "2375-14-refined" == change.old.id

    def test_crude_freeze_is_not_compared(self) -> None:
        """A freeze states no number, so crude has no change, only a note saying so."""
        change = self.comparison.change("crude-oil")
        assert change.comparison is None
        assert change.note.startswith("a freeze states no number")
        assert change.old is not None
        assert isinstance(change.old.measure, sc.Freeze)

    def test_condensates_only_in_2375(self) -> None:
        """2375's condensates ban has no 2397 counterpart."""
        assert "2375-13-condensates" in [m.id for m in self.comparison.only_in_old]


class TestCompareBans:
    """Comparisons where a ban is on one side."""

    def test_cap_to_ban_is_a_full_cut(self) -> None:
        """2371 turns the 2321 coal cap into a ban: a 100 % cut of both limbs."""
        change = sc.compare_instruments("2321", "2371").change("coal")
        expected = [
            (A("US$400,870,018"), A("0 USD"), A("-400,870,018 USD"), P(100)),
            (A("7,500,000 t"), A("0 t"), A("-7,500,000 t"), P(100)),
        ]
        assert expected == limb_rows(change)

    def test_ban_to_ban_is_noted(self) -> None:
        """Nothing can be cut from a ban: the change carries a note instead."""
        change = sc.compare_instruments("2270", "2371").change("coal")
        assert (None, "already banned") == (change.comparison, change.note)


def _write(folder: Path, limits: dict[str, str]) -> sc.Catalog:
    """A user catalog of made-up instruments, one crude-oil limit each, on the bundled one."""
    url = "https://example.org/test"
    instruments = [
        {
            "symbol": symbol,
            "kind": "draft",
            "title": symbol,
            "date": f"2030-0{index + 1}-01",
            "status": "never-voted",
            "regime": "un-dprk-1718",
            "source": {"url": url, "mark": "U"},
            "measures": [
                {
                    "id": f"test-{index}",
                    "commodity": "crude-oil",
                    "direction": "import",
                    "limit": limit,
                    "source": {"paragraph": "1", "url": url, "mark": "U"},
                }
            ],
        }
        for index, (symbol, limit) in enumerate(limits.items())
    ]
    path = folder / "test.json"
    path.write_text(
        json.dumps({"schema": "sanctioncalc.catalog/1", "instruments": instruments}), "utf-8"
    )
    return sc.Catalog.from_files(path, base=sc.catalog())


class TestCompareAcrossUnits:
    """Barrels meet tonnes only through a named factor."""

    def test_without_factor_the_note_asks_for_one(self, tmp_path: Path) -> None:
        """A barrel limit against a tonne limit is not compared, and the note says why."""
        cat = _write(tmp_path, {"T/1": "4,000,000 bbl per 12 months", "T/2": "400,000 t/yr"})
        change = sc.compare_instruments("T/1", "T/2", catalog=cat).change("crude-oil")
        assert change.comparison is None
        assert "expected limbs of a shared dimension, or a conversion factor" in change.note

    def test_with_factor_the_new_limit_is_converted(self, tmp_path: Path) -> None:
        """With the 2397-implied 160/21 bbl/t, 420,000 t is 3,200,000 bbl: a 20 % cut."""
        cat = _write(tmp_path, {"T/1": "4,000,000 bbl per 12 months", "T/2": "420,000 t/yr"})
        factor = sc.factor("s-res-2397/crude-oil")
        change = sc.compare_instruments("T/1", "T/2", catalog=cat, factor=factor).change(
            "crude-oil"
        )
        assert change.comparison is not None
        (limb,) = change.comparison.changes
        assert (A("3,200,000 bbl"), P(20), factor) == (limb.new, limb.cut, limb.factor)


class TestCumulativeRestriction:
    """Cumulative cuts from a baseline through the chain of instruments (US fact sheet on 2397)."""

    def test_refined_default_chain(self) -> None:
        """From 4.5 M bbl (2016), 2375 then 2397 cut refined supply by 8/9 ("89 %")."""
        result = sc.cumulative_restriction("refined-petroleum", "4,500,000 bbl/yr")
        labels = [s.label for s in result.steps]
        assert [citation("2375-14-refined"), citation("2397-5-refined")] == labels
        assert labels[0].startswith("S/RES/2375 (2017) para 14")
        assert labels[1].startswith("S/RES/2397 (2017) para 5")
        assert [P(Fraction(500, 9)), P(75)] == [s.step for s in result.steps]
        assert P.from_ratio(Fraction(8, 9)) == result.total
        assert A("500,000 bbl") == result.final

    def test_through_the_draft(self) -> None:
        """Through 2375, 2397 and the draft: 1 − (4/9)(1/4)(3/4) = 11/12."""
        result = sc.cumulative_restriction(
            "refined-petroleum",
            "4,500,000 bbl/yr",
            through=["2375", "S/RES/2397 (2017)", "s/2022/431"],
        )
        expected_total = 1 - Fraction(4, 9) * Fraction(1, 4) * Fraction(3, 4)
        assert (Fraction(11, 12), P.from_ratio(Fraction(11, 12))) == (
            expected_total,
            result.total,
        )
        assert A("375,000 bbl") == result.final
        assert "S/2022/431 (paragraph not identified)" == result.steps[-1].label

    def test_steps_compose(self) -> None:
        """The total is the composition of the step cuts: 1 − Π(1 − cᵢ)."""
        result = sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl/yr", through=["2375", "2397", "S/2022/431"]
        )
        assert sc.compose_cuts(*(s.step for s in result.steps)) == result.total

    @pytest.mark.parametrize(
        "baseline",
        [
            "4,500,000 bbl/yr",
            "4.5 million bbl per 12 months",
            "4500 kbbl/yr",
            sc.Amount(4_500_000, "bbl"),
            sc.Cap.parse("4,500,000 bbl per 12 months"),
        ],
    )
    def test_baseline_spellings(self, baseline: str | sc.Amount | sc.Cap) -> None:
        """The result does not depend on how, or in which volume unit, the baseline is given."""
        result = sc.cumulative_restriction("refined-petroleum", baseline)
        assert P.from_ratio(Fraction(8, 9)) == result.total

    def test_mass_baseline_with_a_factor(self) -> None:
        """A baseline in tonnes, with the draft's 8 bbl/t, gives the same 8/9."""
        result = sc.cumulative_restriction(
            "refined-petroleum",
            "562,500 t/yr",
            factor=sc.factor("s-2022-431/refined-petroleum"),
        )
        assert (P.from_ratio(Fraction(8, 9)), A("62,500 t")) == (result.total, result.final)

    def test_coal_chain_skips_the_ban_a_cap_replaced(self) -> None:
        """Coal: 2270's ban (livelihood exemption) gave way to 2321's cap, then 2371's ban."""
        result = sc.cumulative_restriction("coal", "7,500,000 t/yr")
        assert [citation("2321-26-coal"), citation("2371-8-coal")] == [
            s.label for s in result.steps
        ]
        assert (P(0), P(100)) == (result.steps[0].step, result.total)

    def test_iron_chain_counts_the_last_ban(self) -> None:
        """Iron: 2371's ban replaced 2270's; the chain counts only the one in force."""
        result = sc.cumulative_restriction("iron", "1,000,000 t/yr")
        assert [citation("2371-8-iron")] == [s.label for s in result.steps]
        assert P(100) == result.total

    def test_crude_default_chain_leaves_out_freeze_and_drafts(self) -> None:
        """Crude: the 2375 freeze states no number and drafts never applied; 2397 remains."""
        result = sc.cumulative_restriction("crude-oil", "4,000,000 bbl/yr")
        assert ([citation("2397-4-crude")], P(0)) == (
            [s.label for s in result.steps],
            result.total,
        )

    def test_freeze_in_through_is_refused(self) -> None:
        """Naming an instrument whose crude measure is a freeze is an error that says so."""
        with pytest.raises(
            sc.InstrumentNotFoundError,
            match=r"through: got S/RES/2375 \(2017\), expected an instrument with a stated "
            r"limit on crude-oil",
        ):
            sc.cumulative_restriction("crude-oil", "4,000,000 bbl/yr", through=["2375"])

    def test_unknown_commodity(self) -> None:
        """An unknown commodity lists the slugs."""
        with pytest.raises(sc.InstrumentNotFoundError, match=r"got 'oil', expected one of"):
            sc.cumulative_restriction("oil", "1 bbl/yr")

    def test_unit_mismatch_without_factor(self) -> None:
        """A tonne baseline against barrel caps needs a factor, and the error says so."""
        with pytest.raises(sc.UnitMismatchError, match=r"or a conversion factor; pass factor="):
            sc.cumulative_restriction("refined-petroleum", "600,000 t/yr")
