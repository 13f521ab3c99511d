"""Tests for schedules, ceilings and reduction rules (sanctioncalc._schedule, _ceiling, _reduction).

Figures from 42 U.S.C. 2297h-10a(c), the JCPOA, S/RES/986 (1995) and NDAA FY2012 §1245.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given

import sanctioncalc as sc
from sanctioncalc import strategies as scst
from sanctioncalc.testing import assert_amount_equal, assert_multiple, assert_schedule_equal

# US limits on Russian LEU, kg per calendar year 2014…2023 (42 U.S.C. 2297h-10a(c), V).
URANIUM = [
    "485,279 kg",
    "455,142 kg",
    "480,146 kg",
    "490,710 kg",
    "492,731 kg",
    "509,058 kg",
    "514,754 kg",
    "596,682 kg",
    "489,617 kg",
    "578,877 kg",
]


class TestCeilingMultiple:
    """Breaches as multiples of the limit (JCPOA, endorsed by S/RES/2231 (2015))."""

    def test_jcpoa_stockpile(self) -> None:
        """4,744.5 kg (IAEA 2023, V2) is 23.39× the 202.8 kg limit, exactly 47445/2028."""
        limit = sc.Ceiling("202.8 kg", "enriched uranium stockpile (as uranium)")
        breach = limit.multiple("4,744.5 kg")
        assert (Fraction(47445, 2028), True) == (breach.multiple, breach.breached)
        assert "4,744.5 kg is 23.39× the limit of 202.8 kg" == str(breach)
        assert_multiple(breach, "23.39")
        assert_amount_equal(breach.excess, "4,541.7 kg")  # type: ignore[arg-type]

    def test_bundled_stockpile(self) -> None:
        """The bundled JCPOA limit gives the same multiple."""
        ceiling = sc.catalog().measure("jcpoa-enriched-uranium").measure
        assert isinstance(ceiling, sc.Ceiling)
        assert_multiple(ceiling.multiple(sc.Amount("4744.5", "kg")), "23.39")
        assert ("300 kg", "UF6") == (str(ceiling.equivalent), ceiling.equivalent_of)

    def test_enrichment_percentage(self) -> None:
        """Enrichment limits are percentages: 60 % is 6000/367 of 3.67 %."""
        breach = sc.Ceiling("3.67 %", "enrichment in U-235").multiple("60 %")
        assert (Fraction(6000, 367), True) == (
            breach.multiple,
            "is 16.35× the limit" in str(breach),
        )
        assert sc.Percentage("56.33") == breach.excess

    def test_centrifuges_are_a_count(self) -> None:
        """5,060 IR-1 centrifuges is a count, which never meets a mass."""
        limit = sc.Ceiling("5,060 centrifuges", "IR-1 centrifuges enriching at Natanz")
        assert isinstance(limit.limit, sc.Amount)
        assert ("items", "count") == (str(limit.limit.unit), limit.limit.dimension)
        assert Fraction(1) == limit.multiple("5,060 items").multiple
        with pytest.raises(sc.UnitMismatchError, match=r"count.*mass|mass.*count"):
            limit.multiple("5,060 kg")

    def test_percentage_against_amount(self) -> None:
        """A percentage limit takes a percentage."""
        with pytest.raises(sc.UnitMismatchError, match="compare like with like"):
            sc.Ceiling("3.67 %", "enrichment").multiple("10 kg")

    def test_zero_limit(self) -> None:
        """Nothing is a multiple of zero."""
        with pytest.raises(sc.ZeroBaselineError, match="any amount breaches a zero limit"):
            sc.Ceiling("0 kg", "nothing allowed").multiple("1 kg")

    @given(scst.ceilings())
    def test_multiple_of_itself_is_one(self, ceiling: sc.Ceiling) -> None:
        """A limit is exactly 1× itself and not a breach."""
        breach = ceiling.multiple(ceiling.limit)
        assert (Fraction(1), False) == (breach.multiple, breach.breached)


class TestCeilingSunsetAndPhases:
    """Sunsets (JCPOA 10/15 years from Jan 2016) and phases (Iraq, 180 days)."""

    @pytest.mark.parametrize(
        ("measure_id", "expires"),
        [
            ("jcpoa-enriched-uranium", date(2031, 1, 16)),
            ("jcpoa-enrichment-level", date(2031, 1, 16)),
            ("jcpoa-ir1-centrifuges", date(2026, 1, 16)),
            ("jcpoa-heavy-water", date(2031, 1, 16)),
        ],
    )
    def test_jcpoa_sunsets(self, measure_id: str, expires: date) -> None:
        """Durations of 10 or 15 years from Implementation Day (16 Jan 2016, V2)."""
        ceiling = sc.catalog().measure(measure_id).measure
        assert isinstance(ceiling, sc.Ceiling)
        assert expires == ceiling.expires
        assert ceiling.in_force_on(date(2020, 1, 1))
        assert not ceiling.in_force_on(expires)
        assert not ceiling.in_force_on(date(2015, 12, 31))

    def test_jcpoa_durations_are_flagged(self) -> None:
        """The start and the per-limit durations are press-only or unverified, and say so."""
        flags = sc.catalog().measure("jcpoa-heavy-water").flags
        assert {"start date from a secondary source", "duration of 15 years unverified"} <= set(
            flags
        )

    def test_iraq_phases(self) -> None:
        """US$2 billion per 180 days, later US$5.256 billion (S/RES/986 (1995), V)."""
        first = sc.catalog().measure("986-1-iraq-oil").measure
        later = sc.catalog().measure("1153-2-iraq-oil").measure
        assert isinstance(first, sc.Ceiling)
        assert isinstance(later, sc.Ceiling)
        assert (180, 180) == (first.per_days, later.per_days)
        change = sc.compare(first.limit, later.limit)  # type: ignore[arg-type]
        assert ("3,256,000,000 USD", Fraction(-1628, 10)) == (str(change.delta), change.cut.percent)

    def test_phase_spans(self) -> None:
        """Phases of a per-phase ceiling follow each other by their number of days."""
        ceiling = sc.Ceiling(
            "US$2,000,000,000", "oil sales", start=date(1996, 12, 10), per_days=180
        )
        assert (date(1997, 6, 8), date(1997, 12, 4)) == (
            ceiling.phase(1).start,
            ceiling.phase(1).last,
        )
        with pytest.raises(sc.InvalidPeriodError, match="a per-phase ceiling with a start date"):
            sc.Ceiling("1 kg", "x").phase(0)

    def test_years_need_a_start(self) -> None:
        """A duration without a start is refused."""
        with pytest.raises(sc.InvalidPeriodError, match="give start="):
            sc.Ceiling("1 kg", "x", years=10)

    def test_rate_is_not_a_ceiling(self) -> None:
        """A price is a PriceCap, not a ceiling."""
        with pytest.raises(sc.InvalidCapError, match="a price ceiling is a PriceCap"):
            sc.Ceiling("60 USD/bbl", "price")


class TestQuotaSchedule:
    """Declining schedules of yearly quotas, with per-year utilization."""

    def test_bundled_uranium_schedule(self) -> None:
        """The bundled US LEU schedule holds the ten yearly limits of 42 U.S.C. 2297h-10a,
        each V2 (read on a mirror of the US Code, not its official host) and flagged so."""
        schedule = sc.catalog().measure("usec-3112a-c-leu").measure
        assert isinstance(schedule, sc.QuotaSchedule)
        assert_schedule_equal(schedule, sc.QuotaSchedule.yearly(2014, URANIUM, mark="V2"))
        assert_amount_equal(schedule.total, "5,092,996 kg")
        flags = sc.catalog().measure("usec-3112a-c-leu").flags
        assert "figure from a secondary source" == flags[0]
        assert [
            f"quota for 1 Jan {y} – 31 Dec {y} from a secondary source" for y in range(2014, 2024)
        ] == list(flags[1:])

    def test_bundled_steel_slabs(self) -> None:
        """3,747,905 t twice (V2), then the declining schedule flagged unverified (U)."""
        item = sc.catalog().measure("eu-slab-quota")
        schedule = item.measure
        assert isinstance(schedule, sc.QuotaSchedule)
        assert [("3,747,905 t", "V2")] * 2 == [
            (str(e.limit), e.mark.value) for e in schedule.entries[:2]
        ]
        assert ["U"] * 4 == [e.mark.value for e in schedule.entries[2:]]
        assert "quota for 1 Oct 2024 – 30 Sep 2025 unverified" in item.flags

    def test_year_on_year_cuts(self) -> None:
        """Each change is a delta and a cut against the previous year."""
        schedule = sc.QuotaSchedule.yearly(2024, ["3,185,000 t", "2,998,000 t"], mark="U")
        (change,) = schedule.changes()
        assert ("-187,000 t", Fraction(187, 3185) * 100) == (str(change.delta), change.cut.percent)

    def test_utilization(self) -> None:
        """Deliveries add up per period, with shares and the 90 % critical status."""
        schedule = sc.QuotaSchedule.yearly(2022, ["1,000 t", "1,000 t", "1,000 t"])
        use = schedule.utilization(
            [
                ("2022-03-01", "400 t"),
                ("2022-09-01", "500 t"),
                (date(2023, 1, 5), "1,000 t"),
                ("2024-02-01", "100,000 kg"),
                ("2030-01-01", "1 t"),
            ]
        )
        assert [
            ("900 t", "90 %", "critical"),
            ("1,000 t", "100 %", "exhausted"),
            ("100 t", "10 %", "open"),
        ] == [(str(p.used), str(p.share), p.status) for p in use.periods]
        assert (date(2030, 1, 1),) == tuple(d for d, _ in use.outside)

    def test_utilization_needs_one_dimension(self) -> None:
        """Barrels do not count against a tonnage quota without a named factor."""
        schedule = sc.QuotaSchedule.yearly(2022, ["1,000 t"])
        with pytest.raises(sc.UnitMismatchError, match="convert with a named factor"):
            schedule.utilization([("2022-03-01", "400 bbl")])

    def test_entry_on(self) -> None:
        """entry_on finds the period of a day, or None."""
        schedule = sc.QuotaSchedule.yearly(2014, URANIUM)
        entry = schedule.entry_on(date(2021, 7, 1))
        assert entry is not None
        assert (sc.Amount(596_682, "kg"), None) == (
            entry.limit,
            schedule.entry_on(date(2024, 1, 1)),
        )

    def test_overlapping_periods(self) -> None:
        """Entries must be in order without overlap."""
        entries = (
            sc.ScheduleEntry("1 Jan 2020 – 31 Dec 2020", "1 t"),
            sc.ScheduleEntry("1 Jun 2020 – 31 May 2021", "1 t"),
        )
        with pytest.raises(sc.InvalidPeriodError, match="in order, without overlap"):
            sc.QuotaSchedule(entries)

    def test_mixed_dimensions(self) -> None:
        """All periods share one dimension."""
        entries = (
            sc.ScheduleEntry("1 Jan 2020 – 31 Dec 2020", "1 t"),
            sc.ScheduleEntry("1 Jan 2021 – 31 Dec 2021", "1 bbl"),
        )
        with pytest.raises(sc.UnitMismatchError, match=r"QuotaSchedule\.entries"):
            sc.QuotaSchedule(entries)

    @given(scst.quota_schedules())
    def test_total_is_the_sum(self, schedule: sc.QuotaSchedule) -> None:
        """The total is the exact sum of the periods' quotas."""
        unit = schedule.entries[0].limit.unit
        assert sum((e.limit.exact for e in schedule.entries), Fraction(0)) == (
            schedule.total.exact * schedule.total.unit.size / unit.size
        )

    @given(scst.quota_schedules(min_value=1))
    def test_unused_schedule_is_open(self, schedule: sc.QuotaSchedule) -> None:
        """With no deliveries every period is open with everything remaining."""
        use = schedule.utilization([])
        assert all(p.status == "open" and p.remaining == p.entry.limit for p in use.periods)


class TestReductionRule:
    """A required reduction against one's own baseline, with a bar the caller chooses."""

    @pytest.mark.parametrize(
        ("bar", "current", "meets"),
        [
            # the de facto bar was reported at about 18–20 % (NDAA FY2012 §1245 commentary, V2)
            (18, "400,000 bbl/d", True),
            (20, "400,000 bbl/d", True),
            (20, "410,000 bbl/d", False),
        ],
    )
    def test_bar(self, bar: int, current: str, meets: bool) -> None:
        """The check compares the reduction with the chosen bar."""
        check = sc.ReductionRule(bar=bar).check(baseline="500,000 bbl/d", current=current)
        assert meets == check.meets

    def test_windows(self) -> None:
        """Review windows are 180 days by default."""
        first, second = sc.ReductionRule(bar=18).windows(date(2012, 3, 20), 2)
        assert (180, date(2012, 9, 16)) == (first.days, second.start)

    def test_errors(self) -> None:
        """A zero baseline, a bar of 0 % and mixed dimensions are refused."""
        with pytest.raises(sc.ZeroBaselineError, match="a baseline above zero"):
            sc.ReductionRule(bar=18).check(baseline="0 bbl", current="0 bbl")
        with pytest.raises(sc.InvalidCapError, match="a bar above 0 %"):
            sc.ReductionRule(bar=0)
        with pytest.raises(sc.UnitMismatchError, match="current"):
            sc.ReductionRule(bar=18).check(baseline="1 bbl", current="1 t")

    @given(scst.reduction_rules(), scst.amounts(min_value=1, units=["bbl"]))
    def test_no_change_meets_no_bar(self, rule: sc.ReductionRule, level: sc.Amount) -> None:
        """Buying as much as before is a 0 % reduction, which meets no bar."""
        check = rule.check(baseline=level, current=level)
        assert (sc.Percentage(0), False) == (check.reduction, check.meets)

    def test_ndaa_provision_in_catalog(self) -> None:
        """The bundled NDAA entry states no percentage and carries the V2 bar as a note."""
        item = sc.catalog().measure("ndaa-1245-significant-reduction")
        assert item.measure is None
        assert "18–20 % (V2)" in item.note


def test_decimal_limits_stay_exact() -> None:
    """Limits keep their digits (202.8 kg stays 202.8)."""
    limit = sc.Ceiling("202.8 kg", "x").limit
    assert isinstance(limit, sc.Amount)
    assert Decimal("202.8") == limit.value


class TestRoundingIsSaid:
    """A schedule's or a ceiling's amount without a finite decimal form says it is rounded."""

    def test_schedule_use_in_another_unit(self) -> None:
        """Deliveries in another unit: the exact values are kept, and the text says if rounded."""
        schedule = sc.QuotaSchedule.yearly(2024, ["1 t"])
        [use] = schedule.utilization([("2024-03-01", "1 lb")]).periods
        assert Fraction(45_359_237, 10**11) == use.used_exact
        assert not use.rounded
        [use] = (
            sc.QuotaSchedule.yearly(2024, ["1 lb"]).utilization([("2024-03-01", "1 kg")]).periods
        )
        assert use.rounded
        assert use.used_exact == Fraction(10**8, 45_359_237)
        assert str(use).endswith("[rounded to 6 decimals]")

    def test_breach_excess(self) -> None:
        """A breach measured in another unit keeps its exact excess beside the rounded one."""
        ceiling = sc.Ceiling("1 lb", "a test stock")
        breach = ceiling.multiple("1 kg")
        assert breach.excess_exact == Fraction(10**8, 45_359_237) - 1
        assert breach.excess_rounded
        assert not ceiling.multiple("2 lb").excess_rounded
