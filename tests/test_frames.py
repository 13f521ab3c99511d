"""Tests for ``to_frame()``: pandas tables of results with exact strings beside display strings."""

from __future__ import annotations

import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest

import sanctioncalc as sc

CAT = sc.catalog()
BASELINE = "4,500,000 bbl/yr"  # refined petroleum supplied in 2016 (US figure)


def present(value: Any) -> bool:
    """Whether a frame cell holds a value (not None, NaN or NA)."""
    return not pd.isna(value)


class TestComparisonFrame:
    """A comparison gives one row per compared limb."""

    def test_dual_cap_against_a_cut_of_both_limbs(self) -> None:
        """The draft's crude cap against 2397's: two rows, 25 % each, exact in each limb's unit."""
        old, new = CAT.measure("2397-4-crude").measure, CAT.measure("s-2022-431-crude").measure
        assert isinstance(old, sc.DualCap)
        assert isinstance(new, sc.DualCap)
        comparison = sc.compare(old, new)
        frame = comparison.to_frame()
        expected = [
            ["4,000,000 bbl", "3,000,000 bbl", "-1,000,000 bbl", "25 %", "bbl", "-1000000", "25"],
            ["525,000 t", "393,750 t", "-131,250 t", "25 %", "t", "-131250", "25"],
        ]
        columns = ["old", "new", "delta", "cut", "unit", "delta_exact", "cut_pct_exact"]
        assert expected == frame[columns].values.tolist()

    def test_exact_columns_read_back_exactly(self) -> None:
        """Every exact string reads back as the value it came from, 1/3 % included."""
        comparison = sc.compare("3 bbl", "2.99 bbl")
        row = comparison.to_frame().iloc[0]
        change = comparison.changes[0]
        assert change.cut.percent == Fraction(row["cut_pct_exact"])
        assert change.delta.value == Decimal(row["delta_exact"])
        assert ("1/3", "0.33 %") == (row["cut_pct_exact"], row["cut"])

    def test_limbs_in_other_units_are_expressed_in_the_old_unit(self) -> None:
        """1 kbbl against 500 bbl: all exact columns are in kbbl, the old limit's unit."""
        row = sc.compare("1 kbbl", "500 bbl").to_frame().iloc[0]
        assert ("kbbl", "1", "0.5", "-0.5") == (
            row["unit"],
            row["old_exact"],
            row["new_exact"],
            row["delta_exact"],
        )

    def test_factor_is_named_with_its_mark(self) -> None:
        """A comparison through a named factor carries the factor's name and mark."""
        comparison = sc.compare(
            "4,000,000 bbl/yr", "393,750 t/yr", factor=sc.factor("s-2022-431/crude-oil")
        )
        row = comparison.to_frame().iloc[0]
        assert ("s-2022-431/crude-oil", "V2", "25") == (
            row["factor"],
            row["factor_mark"],
            row["cut_pct_exact"],
        )


class TestInstrumentComparisonFrame:
    """Two instruments give a row per commodity and limb, with both sources and the flags."""

    def test_rows(self) -> None:
        """2397 → S/2022/431: crude in two units, refined, then the three new bans."""
        frame = sc.compare_instruments("2397", "S/2022/431").to_frame()
        expected = [
            ("crude-oil", "bbl"),
            ("crude-oil", "t"),
            ("refined-petroleum", "bbl"),
            ("mineral-fuels", None),
            ("clocks-watches", None),
            ("tobacco", None),
        ]
        actual = [
            (c, u if present(u) else None)
            for c, u in zip(frame["commodity"], frame["unit"], strict=True)
        ]
        assert expected == actual

    def test_sources_marks_and_flags(self) -> None:
        """Each row carries both citations, addresses and marks; press-only figures are flagged."""
        frame = sc.compare_instruments("2397", "S/2022/431").to_frame()
        refined = frame[frame["commodity"] == "refined-petroleum"].iloc[0]
        old, new = CAT.measure("2397-5-refined"), CAT.measure("s-2022-431-refined")
        assert (old.source.citation, old.source.url, "V") == (
            refined["old_source"],
            refined["old_url"],
            refined["old_mark"],
        )
        assert (new.source.citation, "V2") == (refined["new_source"], refined["new_mark"])
        assert "figure from a secondary source" in refined["flags"]

    def test_new_bans_have_no_numbers_and_say_where_they_are(self) -> None:
        """A commodity only the draft touches has no cut, and a note naming the draft."""
        frame = sc.compare_instruments("2397", "S/2022/431").to_frame()
        tobacco = frame[frame["commodity"] == "tobacco"].iloc[0]
        assert not present(tobacco["cut_pct_exact"])
        assert not present(tobacco["old_measure"])
        assert ("ban", "only in S/2022/431") == (tobacco["new_limit"], tobacco["note"])


class TestWaterfallFrame:
    """A waterfall gives one row per step, in the baseline's unit."""

    def test_steps(self) -> None:
        """From 4.5 million bbl through 2375 and 2397: 500/9 % then 800/9 % in total."""
        frame = sc.cumulative_restriction("refined-petroleum", BASELINE).to_frame()
        expected = [
            ["4500000", "2000000", "500/9", "500/9", "55.56 %"],
            ["2000000", "500000", "75", "800/9", "88.89 %"],
        ]
        columns = ["before_exact", "after_exact", "step_pct_exact", "cumulative_pct_exact"]
        assert expected == frame[[*columns, "cumulative"]].values.tolist()
        assert {"bbl"} == set(frame["unit"])

    def test_steps_compose_from_the_frame_alone(self) -> None:
        """The exact columns obey 1 − Π(1 − step) = cumulative, with the draft included."""
        waterfall = sc.cumulative_restriction(
            "refined-petroleum", BASELINE, through=["2375", "2397", "S/2022/431"]
        )
        frame = waterfall.to_frame()
        remaining = Fraction(1)
        for step in frame["step_pct_exact"]:
            remaining *= 1 - Fraction(step) / 100
        assert Fraction(frame["cumulative_pct_exact"].iloc[-1]) == (1 - remaining) * 100
        assert waterfall.total.percent == Fraction(275, 3)

    def test_rounded_levels_are_marked(self) -> None:
        """A level a factor converted and places rounded says so in the places column."""
        waterfall = sc.cumulative(
            "600,000 t", "2,000,000 bbl", factor=sc.factor("ei-2021/product-basket"), places=2
        )
        frame = waterfall.to_frame()
        assert (["248200.55"], [2]) == (list(frame["after_exact"]), list(frame["places"]))
        exact = sc.cumulative_restriction("refined-petroleum", BASELINE).to_frame()
        assert [False, False] == [present(v) for v in exact["places"]]

    def test_amounts_in_other_units_are_expressed_in_the_baseline_unit(self) -> None:
        """A step given in kbbl shows in the baseline's bbl."""
        frame = sc.cumulative("4,500,000 bbl", "2,000 kbbl").to_frame()
        assert ("2000000", "bbl") == (frame["after_exact"].iloc[0], frame["unit"].iloc[0])


class TestTimelineFrame:
    """A timeline gives one row per measure with dates, status and exact limits per unit."""

    def test_refined_petroleum(self) -> None:
        """The stub, the superseded annual cap, 2397 and the two proposals, in order."""
        frame = sc.timeline("refined-petroleum").to_frame()
        expected = [
            ("S/RES/2375 (2017)", "ended", "500000"),
            ("S/RES/2375 (2017)", "superseded before it applied", "2000000"),
            ("S/RES/2397 (2017)", "in force", "500000"),
            ("US draft (April 2022)", "proposal, never in force", "250000"),
            ("S/2022/431", "proposal, never in force", "375000"),
        ]
        actual = list(
            zip(frame["instrument"], frame["status"], frame["limit_exact_bbl"], strict=True)
        )
        assert expected == actual

    def test_dates_are_datetimes_with_gaps_for_proposals(self) -> None:
        """Start and end are datetime columns; a proposal has neither, an open cap no end."""
        frame = sc.timeline("refined-petroleum").to_frame()
        assert pd.api.types.is_datetime64_any_dtype(frame["start"])
        assert pd.Timestamp("2017-10-01") == frame["start"].iloc[0]
        assert pd.Timestamp("2018-01-01") == frame["end_exclusive"].iloc[0]
        assert pd.isna(frame["end_exclusive"].iloc[2])
        assert pd.isna(frame["start"].iloc[4])

    def test_one_limit_column_per_unit(self) -> None:
        """Crude oil has barrel and tonne columns; a freeze has neither but shows its estimate."""
        frame = sc.timeline("crude-oil").to_frame()
        assert {"limit_exact_bbl", "limit_exact_t"} <= set(frame.columns)
        freeze = frame[frame["kind"] == "freeze"].iloc[0]
        assert not present(freeze["limit_exact_bbl"])
        assert "4,000,000 bbl" == freeze["estimate"]
        assert "estimate by United States" in freeze["flags"]
        dual = frame[frame["measure"] == "2397-4-crude"].iloc[0]
        assert ("4000000", "525000") == (dual["limit_exact_bbl"], dual["limit_exact_t"])


class TestWithoutPandas:
    """Without pandas, to_frame() says which extra to install."""

    def test_import_error_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A missing pandas raises MissingExtraError (an ImportError) naming the extra."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        waterfall = sc.cumulative("4,500,000 bbl", "500,000 bbl")
        with pytest.raises(
            sc.MissingExtraError,
            match=r"to_frame\(\): got pandas is not installed.*"
            r"pip install 'sanctioncalc\[pandas\]'",
        ) as caught:
            waterfall.to_frame()
        assert isinstance(caught.value, ImportError)
