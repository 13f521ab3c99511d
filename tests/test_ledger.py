"""The utilization ledger: deliveries, normalisation, utilization, loading and diffs.

Beside the public API, this module tests internal contracts directly: ``parse_span`` (the
month-span parser every ledger loader shares).
"""

from __future__ import annotations

import io
import pickle
import sys
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import (
    ConversionMethod,
    Crossing,
    Delivery,
    EstimateMixError,
    Ledger,
    LedgerError,
    MissingExtraError,
    Normalisation,
    PeriodStraddleError,
    PublishedTotal,
    TankerDeliveries,
    UsageStatus,
    UsageThresholds,
    Utilization,
    estimate_deliveries,
    snapshot_diff,
)
from sanctioncalc._ledger.fields import parse_span

REFINED = "500,000 bbl per 12 months from 1 Jan 2018"  # S/RES/2397 (2017) para 5 (V)
CRUDE = "4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017"  # 2397 para 4 (V)
COAL = "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017"
STUB = "500,000 bbl for 1 Oct 2017 – 31 Dec 2017"  # S/RES/2375 (2017) para 14 (V)


def deliver(span: str | sc.Span, quantity: str | sc.Amount, **kwargs: object) -> Delivery:
    """A delivery with a default reporter."""
    kwargs.setdefault("reporter", "X")
    return Delivery(span, quantity, **kwargs)  # type: ignore[arg-type]


def share(ledger: Ledger, cap: str, **kwargs: object) -> str:
    """The latest period's share used, as text."""
    return str(ledger.utilization(cap, **kwargs).latest.share)  # type: ignore[arg-type]


class TestParseSpan:
    """Spans are written as months, month ranges, days or day ranges."""

    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [
            ("2023-01", date(2023, 1, 1), date(2023, 1, 31)),
            ("Jan 2023", date(2023, 1, 1), date(2023, 1, 31)),
            ("February 2024", date(2024, 2, 1), date(2024, 2, 29)),
            ("Mar 2023 – Dec 2023", date(2023, 3, 1), date(2023, 12, 31)),
            ("2023-03 .. 2023-12", date(2023, 3, 1), date(2023, 12, 31)),
            ("2023-01-15", date(2023, 1, 15), date(2023, 1, 15)),
            ("1 Jan 2024 – 4 Dec 2024", date(2024, 1, 1), date(2024, 12, 4)),
        ],
    )
    def test_forms(self, text: str, first: date, last: date) -> None:
        """Each spelling gives the inclusive first and last day."""
        span = parse_span(text)
        assert (first, last) == (span.start, span.last)

    @pytest.mark.parametrize("text", ["2023-13", "Dec 2023 – Mar 2023", "sometime", ""])
    def test_refused(self, text: str) -> None:
        """Months out of range, reversed ranges and prose are refused."""
        with pytest.raises(sc.SanctionCalcError, match=r"span|Span|month"):
            parse_span(text)


class TestDelivery:
    """A delivery keeps the reported figure exactly and refuses what cannot be one."""

    def test_fractional_barrels_exact(self) -> None:
        """106,094.17 bbl (Jan–May 2020, press reports, V2) is kept to the hundredth."""
        d = deliver("Jan 2020 – May 2020", "106,094.17 bbl")
        assert Decimal("106094.17") == d.quantity.value
        assert 106_094_170_000 == d.micro

    def test_text_form(self) -> None:
        """str shows reporter, quantity, product, span and report date."""
        d = Delivery("2023-01", "44,655 bbl", reporter="Russia", reported=date(2023, 2, 28))
        assert "Russia: 44,655 bbl unknown, 1 Jan 2023 – 31 Jan 2023 (reported 28 Feb 2023)" == str(
            d
        )

    def test_product_slug_normalised(self) -> None:
        """Spaces and underscores in a product become hyphens, lowercased."""
        assert "gas-oil-diesel" == deliver("2023-01", "1 t", product="Gas oil_Diesel").product

    @pytest.mark.parametrize(
        ("quantity", "match"),
        [
            ("-5 bbl", "zero or more"),
            ("1.0000001 bbl", "at most 6 decimal places"),
            ("60 USD/bbl", "volume, a mass or a value"),
            ("3 d", "volume, a mass or a value"),
        ],
    )
    def test_bad_quantities(self, quantity: str, match: str) -> None:
        """Negative, sub-micro, rate and time quantities are refused with the reason."""
        with pytest.raises(sc.InvalidAmountError, match=match):
            deliver("2023-01", quantity)

    def test_report_before_span(self) -> None:
        """A report dated before the span began is refused."""
        with pytest.raises(LedgerError, match="on or after the span's first day"):
            deliver("2023-02", "1 bbl", reported=date(2023, 1, 31))

    def test_reporter_required(self) -> None:
        """A blank reporter is refused, naming the field."""
        with pytest.raises(LedgerError, match=r"Delivery\.reporter"):
            Delivery("2023-01", "1 bbl", reporter=" ")

    def test_datetime_refused(self) -> None:
        """A datetime is not a report date."""
        from datetime import datetime

        with pytest.raises(sc.InvalidPeriodError, match="not a datetime"):
            deliver("2023-01", "1 bbl", reported=datetime(2023, 2, 1))  # noqa: DTZ001


class TestLimbCounting:
    """A report in a limb's own dimension counts against that limb as reported."""

    def test_tonnes_count_against_the_tonne_limb(self) -> None:
        """100,000 t of crude is 19.05 % of 2397's 525,000 t limb, not 18.33 % (EI 7.33)."""
        ledger = Ledger([deliver("2018-02", "100,000 t", product="crude-oil")])
        usage = ledger.utilization(CRUDE, normalisation=Normalisation(table="ei-2021")).latest
        assert ("19.05 %", "18.33 %") == (str(usage.limb("t").share), str(usage.limb("bbl").share))
        assert sc.Amount(525_000, "t") == usage.binding.limit

    @pytest.mark.parametrize(
        ("table", "binding", "used"),
        [
            # EI 7.33 (V) is below the 160/21 bbl/t that 2397's limbs imply: barrels become
            # more tonnes, so the tonne limb binds.
            ("ei-2021", "525,000 t", "430,276.944065 t"),
            # At the implied ratio itself both limbs are equally full: the first limb binds.
            ("s-res-2397", "4,000,000 bbl", "3,160,000 bbl"),
        ],
    )
    def test_binding_limb_depends_on_the_factor(self, table: str, binding: str, used: str) -> None:
        """Mixed barrel and tonne reports bind the limb the factor makes fuller."""
        ledger = Ledger(
            [
                deliver("2018-02", "3,000,000 bbl", product="crude-oil"),
                deliver("2018-03", "21,000 t", product="crude-oil"),
            ]
        )
        usage = ledger.utilization(CRUDE, normalisation=Normalisation(table=table)).latest
        assert (binding, used) == (str(usage.binding.limit), str(usage.used))

    def test_custom_factor_above_implied_binds_barrels(self) -> None:
        """A factor above 160/21 bbl/t makes the barrel limb the fuller one."""
        eight = sc.ConversionFactor("mine/crude", 8, "t", "bbl", product="crude-oil")
        ledger = Ledger(
            [
                deliver("2018-02", "3,000,000 bbl", product="crude-oil"),
                deliver("2018-03", "10,000 t", product="crude-oil"),
            ]
        )
        usage = ledger.utilization(CRUDE, normalisation=Normalisation(table=(eight,))).latest
        assert ("4,000,000 bbl", "3,080,000 bbl") == (str(usage.binding.limit), str(usage.used))

    def test_whichever_lower_tracks_both(self) -> None:
        """Coal in tonnes counts against the tonnage limb and, at a price, the value limb."""
        price = sc.ConversionFactor("price/coal", 60, "t", "USD", product="coal")
        ledger = Ledger([deliver("2017-03", "6,000,000 t", product="coal")])
        usage = ledger.utilization(COAL, normalisation=Normalisation(fallback=price)).latest
        assert "80 %" == str(usage.limb("t").share)
        assert sc.Amount(360_000_000, "USD") == usage.limb("USD").used
        assert "89.80 %" == str(usage.share)
        assert sc.Amount(400_870_018, "USD") == usage.binding.limit


class TestNormalisation:
    """Records reach the limb's unit by a documented precedence, and keep how."""

    def test_precedence_as_reported_first(self) -> None:
        """A kilolitre record on a barrel cap is an exact unit conversion, no factor."""
        route = Normalisation(table="unsd").route("kL", "lpg", "bbl")
        assert (ConversionMethod.AS_REPORTED, None) == (route.method, route.factor)
        assert Fraction(10**12, 158_987_294_928) == route.ratio

    def test_table_before_fallback(self) -> None:
        """The table's product factor wins over a fallback."""
        n = Normalisation(table="unsd", fallback="ei-2021/product-basket")
        route = n.route("t", "gas-oil-diesel", "bbl")
        assert route.factor is not None
        assert (ConversionMethod.TABLE, "unsd/gas-oil-diesel") == (route.method, route.factor.name)

    def test_fallback_when_table_lacks_product(self) -> None:
        """A product the table does not list falls back to the named factor."""
        n = Normalisation(table="bp-older", fallback="ei-2021/product-basket")
        route = n.route("t", "unknown", "bbl")
        assert (ConversionMethod.FALLBACK, Fraction("8.058")) == (route.method, route.ratio)

    @pytest.mark.parametrize(
        ("product", "factor"),
        [
            ("diesel", "unsd/gas-oil-diesel"),
            ("gasoline", "unsd/motor-gasoline"),
            ("crude", "unsd/crude-oil"),
        ],
    )
    def test_aliases(self, product: str, factor: str) -> None:
        """Common product spellings find the table's entry."""
        route = Normalisation(table="unsd").route("t", product, "bbl")
        assert route.factor is not None
        assert factor == route.factor.name

    def test_direct_factor_before_inverse(self) -> None:
        """The 1718 chart's t→bbl 11.6 is used for tonnes, not the inverted bbl→t 0.086."""
        route = Normalisation(table="1718-committee").route("t", "lpg", "bbl")
        assert Fraction("11.6") == route.ratio
        back = Normalisation(table="1718-committee").route("bbl", "lpg", "t")
        assert Fraction("0.086") == back.ratio

    def test_custom_table(self) -> None:
        """A tuple of your own factors is a table."""
        mine = sc.ConversionFactor("mine/diesel", "7.4", "t", "bbl", product="gas-oil-diesel")
        route = Normalisation(table=(mine,)).route("t", "diesel", "bbl")
        assert mine == route.factor

    def test_no_route_names_the_record(self) -> None:
        """A record no factor can count raises, naming the record and the fix."""
        ledger = Ledger([deliver("2023-01", "1 bbl"), deliver("2023-02", "5 t", product="lpg")])
        with pytest.raises(sc.FactorNotFoundError, match=r"deliveries\[1\]\.product.*fallback"):
            ledger.utilization(REFINED)

    def test_unknown_table(self) -> None:
        """An unknown table key lists the tables that exist."""
        with pytest.raises(sc.FactorNotFoundError, match="one of ei-2021"):
            Normalisation(table="ei-2099")

    def test_each_record_keeps_its_conversion(self) -> None:
        """A normalised record names the factor, its edition and value."""
        ledger = Ledger([deliver("2020-01", "17,294 t", product="gas-oil-diesel")])
        [record] = ledger.normalise(REFINED, normalisation=Normalisation(table="bp-older"))
        [conversion] = record.conversions
        f = conversion.factor
        assert f is not None
        assert ("bp-older/gas-oil-diesel", "pre-2021", Fraction("7.5")) == (
            f.name,
            f.edition,
            f.value,
        )
        assert sc.Amount(129_705, "bbl") == conversion.counted
        assert "17,294 t × 7.5 bbl/t" in str(conversion)

    def test_rounding_once_half_up(self) -> None:
        """A non-terminating conversion is rounded once, half-up, to the micro-barrel."""
        ledger = Ledger([deliver("2023-01", "1 kL")])
        [record] = ledger.normalise(REFINED)
        [conversion] = record.conversions
        assert Decimal("6.289811") == conversion.counted.value
        assert abs(conversion.rounding) <= Fraction(1, 2 * 10**6)


class TestSensitivity:
    """What-if: the share used depends on the conversion table."""

    @pytest.mark.parametrize(
        ("table", "expected", "status"),
        [
            # UNSD 7.23 (V), EI 2021 7.46 (V), older BP 7.5 (V2).
            ("unsd", "86.76 %", UsageStatus.OPEN),
            ("ei-2021", "89.52 %", UsageStatus.OPEN),
            ("bp-older", "90 %", UsageStatus.CRITICAL),
        ],
    )
    def test_gas_oil(self, table: str, expected: str, status: UsageStatus) -> None:
        """60,000 t of gas oil against 500,000 bbl, under each table."""
        ledger = Ledger([deliver("2020-01", "60,000 t", product="gas-oil-diesel")])
        usage = ledger.utilization(REFINED, normalisation=Normalisation(table=table)).latest
        assert (expected, status) == (str(usage.share), usage.status)

    def test_side_by_side(self) -> None:
        """sensitivity() puts the three tables in one result, with the spread."""
        ledger = Ledger([deliver("2020-01", "60,000 t", product="gas-oil-diesel")])
        result = ledger.sensitivity(REFINED, ["unsd", "ei-2021", "bp-older"])
        assert ["86.76 %", "89.52 %", "90 %"] == [str(r.share) for r in result.rows]
        assert "3.24 %" == str(result.spread(result.rows[0].period))
        assert "bp-older/gas-oil-diesel 7.5" in str(result)

    @given(
        st.lists(
            st.tuples(
                st.integers(1, 12),
                st.integers(0, 10**5),
                st.sampled_from(["bbl", "t", "kL"]),
                st.sampled_from(["gas-oil-diesel", "kerosene", "unknown"]),
            ),
            max_size=12,
        ),
        st.sampled_from(["unsd", "ei-2021", "bp-older"]),
    )
    def test_table_changes_totals_and_nothing_else(
        self, rows: list[tuple[int, int, str, str]], table: str
    ) -> None:
        """Switching table leaves periods, records, reporters and as-reported figures alone."""
        ledger = Ledger(
            [
                Delivery(f"2023-{m:02d}", sc.Amount(q, u), reporter=f"R{m % 3}", product=p)
                for m, q, u, p in rows
            ]
        )
        fallback = "ei-2021/product-basket"
        a = ledger.utilization(
            REFINED, normalisation=Normalisation(table="unsd", fallback=fallback)
        )
        b = ledger.utilization(REFINED, normalisation=Normalisation(table=table, fallback=fallback))

        def skeleton(u: Utilization) -> object:
            return (
                [
                    (p.period, p.records, [r.reporter for r in p.limbs[0].reporters])
                    for p in u.periods
                ],
                [c for c in u.conversions if c.method is ConversionMethod.AS_REPORTED],
                u.counted,
                u.excluded,
            )

        assert skeleton(a) == skeleton(b)


class TestThresholds:
    """UsageThresholds give crossings and the status ladder."""

    @pytest.mark.parametrize(
        ("percent", "un", "eu"),
        [
            (Fraction(0), UsageStatus.OPEN, UsageStatus.OPEN),
            (Fraction(8999, 100), UsageStatus.OPEN, UsageStatus.OPEN),
            (Fraction(90), UsageStatus.CRITICAL, UsageStatus.CRITICAL),
            (Fraction(95), UsageStatus.EXHAUSTED, UsageStatus.CRITICAL),
            (Fraction(100), UsageStatus.EXHAUSTED, UsageStatus.EXHAUSTED),
            (Fraction(100_001, 1000), UsageStatus.BREACHED, UsageStatus.BREACHED),
        ],
    )
    def test_ladder(self, percent: Fraction, un: UsageStatus, eu: UsageStatus) -> None:
        """UN: critical 90, exhausted 95 (1718 Committee); EU quota: critical 90, exhausted 100."""
        share = sc.Percentage(percent)
        statuses = (UsageThresholds.un().status(share), UsageThresholds.eu_quota().status(share))
        assert (un, eu) == statuses

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"levels": (90, 75)},
            {"levels": (0,)},
            {"levels": (101,)},
            {"critical": 96, "exhausted": 95},
        ],
    )
    def test_refused(self, kwargs: dict[str, object]) -> None:
        """Unordered levels, levels out of range and critical above exhausted are refused."""
        with pytest.raises(LedgerError, match="UsageThresholds"):
            UsageThresholds(**kwargs)

    def test_configurable_levels(self) -> None:
        """Your own levels give your own crossings."""
        ledger = Ledger([deliver(f"2023-{m:02d}", "50,000 bbl") for m in range(1, 7)])
        usage = ledger.utilization(REFINED, thresholds=UsageThresholds((25, 50), 50, 100)).latest
        assert ["25 %", "50 %"] == [str(c.level) for c in usage.binding.crossings]

    def test_catalog_thresholds_used(self) -> None:
        """A catalog measure brings its own levels (2397 para 5: 75, 90, 95)."""
        measure = sc.catalog().measure("2397-5-refined")
        u = Ledger([deliver("2023-01", "1 bbl")]).utilization(measure)
        assert ("75 %", "90 %", "95 %") == tuple(str(level) for level in u.thresholds.levels)


class TestSyntheticYear:
    """A synthetic year of 45,000 bbl a month crosses every threshold, then breaches."""

    ledger = Ledger(
        [
            Delivery(
                f"2023-{m:02d}",
                "45,000 bbl",
                reporter="A" if m % 2 else "B",
                reported=date(2023, m, 28),
            )
            for m in range(1, 13)
        ]
    )

    def test_crossings_are_months(self) -> None:
        """Monthly figures place each crossing in a month, never on a day."""
        limb = self.ledger.utilization(REFINED).latest.binding
        assert [
            ("75 %", date(2023, 9, 1), date(2023, 9, 30)),
            ("90 %", date(2023, 10, 1), date(2023, 10, 31)),
            ("95 %", date(2023, 11, 1), date(2023, 11, 30)),
        ] == [(str(c.level), c.earliest, c.latest) for c in limb.crossings]
        assert all(c.day is None for c in limb.crossings)

    def test_breach_figures(self) -> None:
        """540,000 bbl of 500,000 is 108 %, 1.08 times the cap, 40,000 bbl over."""
        limb = self.ledger.utilization(REFINED).latest.binding
        assert (UsageStatus.BREACHED, Fraction(27, 25)) == (limb.status, limb.multiple)
        assert (sc.Amount(0, "bbl"), sc.Amount(40_000, "bbl")) == (limb.headroom, limb.excess)

    def test_per_reporter(self) -> None:
        """Each reporter's use is shown with its share of the cap."""
        reporters = self.ledger.utilization(REFINED).latest.binding.reporters
        assert [("A", 6, "54 %"), ("B", 6, "54 %")] == [
            (r.reporter, r.records, str(r.share)) for r in reporters
        ]

    @pytest.mark.parametrize(
        ("day", "status"),
        [
            (date(2023, 8, 31), UsageStatus.OPEN),
            (date(2023, 10, 28), UsageStatus.CRITICAL),
            (date(2023, 11, 28), UsageStatus.EXHAUSTED),
            (date(2023, 12, 28), UsageStatus.BREACHED),
        ],
    )
    def test_as_of(self, day: date, status: UsageStatus) -> None:
        """As of a date, only reports received by then count."""
        assert status == self.ledger.utilization(REFINED, as_of=day).latest.status


class TestCrossingIntervals:
    """A crossing is reported as the narrowest interval the data support."""

    def test_daily_records_give_a_day(self) -> None:
        """Single-day records place the crossing on one day."""
        ledger = Ledger([deliver("2023-03-01", "370,000 bbl"), deliver("2023-03-09", "10,000 bbl")])
        crossing = ledger.utilization(REFINED).latest.binding.crossing(75)
        assert crossing == Crossing(sc.Percentage(75), date(2023, 3, 9), date(2023, 3, 9))
        assert date(2023, 3, 9) == crossing.day

    def test_long_record_gives_its_span(self) -> None:
        """Russia's March–December figure (Yonhap, V2) can only place a crossing in its span."""
        ledger = Ledger(
            [deliver("2023-01", "300,000 bbl"), deliver("Mar 2023 – Dec 2023", "100,000 bbl")]
        )
        crossing = ledger.utilization(REFINED).latest.binding.crossing(75)
        assert crossing is not None
        assert "75 % between 1 Mar 2023 and 31 Dec 2023" == str(crossing)

    def test_overlapping_reporters(self) -> None:
        """A month from one reporter inside another's long span narrows the interval's start."""
        ledger = Ledger(
            [
                deliver("Jan 2023 – Dec 2023", "200,000 bbl", reporter="A"),
                deliver("2023-06", "200,000 bbl", reporter="B"),
            ]
        )
        crossing = ledger.utilization(REFINED).latest.binding.crossing(75)
        assert crossing is not None
        assert (date(2023, 6, 1), date(2023, 12, 31)) == (crossing.earliest, crossing.latest)

    def test_unreached_levels_absent(self) -> None:
        """Levels not reached have no crossing."""
        limb = Ledger([deliver("2023-01", "1 bbl")]).utilization(REFINED).latest.binding
        assert ((), None) == (limb.crossings, limb.crossing(95))

    @given(
        st.lists(
            st.tuples(st.integers(0, 364), st.integers(0, 60), st.integers(0, 200_000)),
            min_size=1,
            max_size=15,
        )
    )
    def test_interval_contains_every_consistent_day(self, rows: list[tuple[int, int, int]]) -> None:
        """Earliest ≤ latest, and both lie within the period."""
        start = date(2023, 1, 1)
        ledger = Ledger(
            [
                deliver(
                    sc.Span.inclusive(
                        start + timedelta(a), min(start + timedelta(a + n), date(2023, 12, 31))
                    ),
                    sc.Amount(q, "bbl"),
                )
                for a, n, q in rows
            ]
        )
        usage = ledger.utilization(REFINED).latest
        for crossing in usage.binding.crossings:
            assert crossing.earliest <= crossing.latest
            assert crossing.interval.start in usage.period
            assert crossing.latest in usage.period


class TestPeriods:
    """Deliveries are counted in the cap's own periods: calendar, anchored, or a stub."""

    def test_anchored_year(self) -> None:
        """2397's crude year runs from 22 December (S/RES/2397 (2017) para 4, V)."""
        ledger = Ledger(
            [
                deliver("2018-12-21", "1,000 bbl", product="crude-oil"),
                deliver("2018-12-22", "2,000 bbl", product="crude-oil"),
            ]
        )
        periods = ledger.utilization(CRUDE, normalisation=Normalisation(table="unsd")).periods
        assert ["22 Dec 2017 – 21 Dec 2018", "22 Dec 2018 – 21 Dec 2019"] == [
            str(p.period) for p in periods
        ]

    def test_month_straddling_the_anchor_is_an_error(self) -> None:
        """A December 2018 figure cannot be put in a year that turns on 22 December."""
        ledger = Ledger([deliver("2018-12", "1,000 bbl")])
        with pytest.raises(PeriodStraddleError, match=r"deliveries\[0\]\.span.*22 Dec 2018"):
            ledger.utilization(CRUDE)

    def test_stub_period(self) -> None:
        """The 2375 stub (Oct–Dec 2017) counts only its own span; the rest is outside."""
        ledger = Ledger([deliver("2017-10", "100,000 bbl"), deliver("2018-01", "7 bbl")])
        u = ledger.utilization(STUB)
        assert ("1 Oct 2017 – 31 Dec 2017", "20 %", 1) == (
            str(u.latest.period),
            str(u.latest.share),
            u.excluded.outside,
        )

    def test_record_across_the_stub_edge(self) -> None:
        """A record covering September–October crosses the stub's start."""
        ledger = Ledger([deliver("Sep 2017 – Oct 2017", "1 bbl")])
        with pytest.raises(PeriodStraddleError, match="1 Oct 2017"):
            ledger.utilization(STUB)

    def test_before_the_anchor_is_outside(self) -> None:
        """Records before the cap applied are not counted, and said so."""
        ledger = Ledger([deliver("2017-11", "1 bbl"), deliver("2018-01", "2 bbl")])
        u = ledger.utilization(REFINED)
        assert (1, 1) == (u.counted, u.excluded.outside)

    def test_mixed_anchors_refused(self) -> None:
        """Counting the crude cap on calendar years mixes two anchors."""
        with pytest.raises(sc.PeriodMismatchError, match="mixed anchors"):
            Ledger().utilization(CRUDE, period=sc.Periodic(12, date(2018, 1, 1)))

    def test_unanchored_cap_needs_a_grid(self) -> None:
        """A draft's "annual" cap needs the grid to count on."""
        draft = "375,000 bbl per 12 months"  # S/2022/431 (V2)
        ledger = Ledger([deliver("2023-01", "75,000 bbl")])
        with pytest.raises(sc.InvalidPeriodError, match="period=Periodic"):
            ledger.utilization(draft)
        u = ledger.utilization(draft, period=sc.Periodic(12, date(2023, 1, 1)))
        assert "20 %" == str(u.latest.share)

    def test_bans_and_freezes_refused(self) -> None:
        """A ban has no share to use up."""
        with pytest.raises(sc.InvalidCapError, match="ban has no share"):
            Ledger().utilization(sc.catalog().measure("2371-8-coal"))

    def test_zero_cap_refused(self) -> None:
        """A zero limit is a ban in disguise."""
        with pytest.raises(sc.ZeroBaselineError, match="above zero"):
            Ledger().utilization("0 bbl per 12 months from 1 Jan 2018")


class TestAsOfAndVersions:
    """Only reports received by a date count, and the latest version of a record."""

    def test_undated_excluded_with_as_of(self) -> None:
        """A record with no report date counts only when no as_of date is asked."""
        ledger = Ledger(
            [deliver("2023-01", "1 bbl"), deliver("2023-02", "2 bbl", reported=date(2023, 3, 1))]
        )
        assert 2 == ledger.utilization(REFINED).counted
        u = ledger.utilization(REFINED, as_of=date(2023, 12, 31))
        assert (1, 1) == (u.counted, u.excluded.unknown_report_date)

    def test_revision_counts_from_its_report_date(self) -> None:
        """A revised figure replaces the original from the day it was received."""
        ledger = Ledger(
            [
                deliver("2023-01", "100 bbl", ref="n1", reported=date(2023, 2, 10)),
                deliver("2023-01", "150 bbl", ref="n1", reported=date(2023, 4, 1)),
            ]
        )
        early = ledger.utilization(REFINED, as_of=date(2023, 3, 1))
        late = ledger.utilization(REFINED)
        assert (sc.Amount(100, "bbl"), sc.Amount(150, "bbl")) == (
            early.latest.used,
            late.latest.used,
        )
        assert (1, 1) == (late.excluded.superseded, early.excluded.not_yet_reported)

    def test_duplicate_version_refused(self) -> None:
        """Two versions of one ref on one report date are ambiguous."""
        d = deliver("2023-01", "100 bbl", ref="n1", reported=date(2023, 2, 10))
        with pytest.raises(LedgerError, match="one version per report date"):
            Ledger([d, attrs.evolve(d, quantity=sc.Amount(1, "bbl"))])

    def test_ref_needs_report_date(self) -> None:
        """Versions are ordered by report date, so a ref needs one."""
        with pytest.raises(LedgerError, match="report date on a record with a ref"):
            Ledger([deliver("2023-01", "1 bbl", ref="n1")])

    def test_as_of_ledger(self) -> None:
        """Ledger.as_of keeps only what had arrived."""
        ledger = Ledger(
            [deliver("2023-01", "1 bbl", reported=date(2023, 2, 1)), deliver("2023-02", "1 bbl")]
        )
        assert 1 == len(ledger.as_of(date(2023, 6, 1)))

    @given(
        st.lists(
            st.tuples(st.integers(1, 12), st.integers(0, 5), st.booleans(), st.integers(0, 3)),
            max_size=20,
        ),
        st.dates(date(2022, 12, 1), date(2024, 9, 1)) | st.none(),
    )
    def test_every_record_accounted_for(
        self, rows: list[tuple[int, int, bool, int]], as_of: date | None
    ) -> None:
        """Counted plus excluded is the number of records, whatever the as_of date."""
        deliveries = []
        for i, (month, lag, dated, ref) in enumerate(rows):
            # lag * 40 + i keeps each record's report date distinct (at most 20 records).
            reported = date(2024, 1, 1) + timedelta(lag * 40 + i) if dated or ref else None
            deliveries.append(
                deliver(
                    f"2023-{month:02d}",
                    "1 bbl",
                    reported=reported,
                    ref=f"r{ref}" if ref else None,
                )
            )
        u = Ledger(deliveries).utilization(REFINED, as_of=as_of)
        assert len(deliveries) == u.counted + u.excluded.total

    @given(st.dates(date(2023, 1, 1), date(2024, 3, 1)), st.integers(0, 200))
    def test_share_grows_with_as_of(self, day: date, later: int) -> None:
        """Without revisions, a later as_of date never shows less use."""
        ledger = TestSyntheticYear.ledger
        a = ledger.utilization(REFINED, as_of=day)
        b = ledger.utilization(REFINED, as_of=day + timedelta(later))
        used_a = a.periods[0].used if a.periods else sc.Amount(0, "bbl")
        used_b = b.periods[0].used if b.periods else sc.Amount(0, "bbl")
        assert used_a <= used_b


class TestReconcile:
    """Published totals are kept beside their parts and the difference reported."""

    def test_russia_2023(self) -> None:
        """Russia 2023: parts 44,655 + 10,666 + 50,523 = 105,844; published 105,845 (V2)."""
        ledger = Ledger(
            [
                Delivery("Jan 2023", "44,655 bbl", reporter="Russia"),
                Delivery("Feb 2023", "10,666 bbl", reporter="Russia"),
                Delivery("Mar 2023 – Dec 2023", "50,523 bbl", reporter="Russia"),
                Delivery("Jan 2023", "9 bbl", reporter="China"),
            ],
            totals=[PublishedTotal("Jan 2023 – Dec 2023", "105,845 bbl", reporter="Russia")],
        )
        [r] = ledger.reconcile()
        assert (3, sc.Amount(105_844, "bbl"), sc.Amount(1, "bbl"), False) == (
            len(r.parts),
            r.summed,
            r.difference,
            r.matches,
        )

    def test_tonnes_reported_as_barrels(self) -> None:
        """Jan–Aug 2020: 17,294 t shown as 129,706 bbl (V2); older BP 7.5 gives 129,705."""
        ledger = Ledger(
            [Delivery("Jan 2020 – Aug 2020", "17,294 t", reporter="China and Russia")],
            totals=[PublishedTotal("Jan 2020 – Aug 2020", "129,706 bbl")],
        )
        with pytest.raises(sc.FactorNotFoundError, match=r"deliveries\[0\]\.product"):
            ledger.reconcile()
        fallback = Normalisation(fallback="bp-older/gas-oil-diesel")
        [r] = ledger.reconcile(normalisation=fallback)
        assert (sc.Amount(129_705, "bbl"), sc.Amount(1, "bbl")) == (r.summed, r.difference)
        used = r.conversions[0].factor
        assert used is not None
        assert "bp-older/gas-oil-diesel" == used.name

    def test_straddling_records_listed(self) -> None:
        """A record only partly inside the total's span is listed, not summed."""
        ledger = Ledger(
            [deliver("Dec 2022 – Jan 2023", "5 bbl")],
            totals=[PublishedTotal("2023-01 – 2023-12", "5 bbl")],
        )
        [r] = ledger.reconcile()
        assert (0, 1) == (len(r.parts), len(r.straddling))


class TestSnapshotDiff:
    """Two snapshots: what records, crossings and statuses changed."""

    def test_records(self) -> None:
        """New, removed and revised records are told apart."""
        a = deliver("2023-01", "10 bbl", ref="n1", reported=date(2023, 2, 1))
        b = deliver("2023-02", "20 bbl")
        old = Ledger([a, b])
        new = Ledger(
            [
                attrs.evolve(a, quantity=sc.Amount(12, "bbl"), reported=date(2023, 3, 1)),
                deliver("2023-03", "30 bbl"),
            ]
        )
        diff = snapshot_diff(old, new)
        assert ([new.deliveries[1]], [b]) == (list(diff.added), list(diff.removed))
        [revision] = diff.revised
        assert ("ref n1", ("quantity", "reported")) == (revision.key, revision.fields)

    def test_no_change_is_falsy(self) -> None:
        """Identical snapshots give an empty diff."""
        ledger = TestSyntheticYear.ledger
        diff = snapshot_diff(ledger, ledger, REFINED)
        assert (False, "no changes") == (bool(diff), str(diff))

    def test_crossings_and_transitions(self) -> None:
        """A week's reports that cross 90 % show the crossing and open → critical."""
        ledger = TestSyntheticYear.ledger
        diff = snapshot_diff(
            ledger.as_of(date(2023, 9, 30)), ledger.as_of(date(2023, 10, 31)), REFINED
        )
        assert ["90 %"] == [str(c.new.level) for c in diff.crossings]
        [change] = diff.transitions
        assert (UsageStatus.OPEN, UsageStatus.CRITICAL) == (change.old, change.new)

    def test_period_gone(self) -> None:
        """A period whose records were all removed transitions to no records."""
        old = Ledger([deliver("2023-01", "1 bbl")])
        diff = snapshot_diff(old, Ledger(), REFINED)
        assert [(UsageStatus.OPEN, None)] == [(t.old, t.new) for t in diff.transitions]


class TestLoading:
    """CSV and DataFrame loading: bad rows rejected with row and reason; counts add up."""

    CSV = (
        "month,first,last,quantity,unit,product,reporter,reported,source,notes\n"
        '2023-01,,,"44,655",bbl,refined-petroleum,Russia,2023-02-28,Yonhap,x\n'
        ",2023-02-01,2023-02-28,10666,bbl,refined-petroleum,Russia,,Yonhap,\n"
        "2023-03,,,-5,bbl,,Russia,,,\n"
        ",,,7,bbl,,Russia,,,\n"
        "2023-04,,,17294 t,,diesel,China,2023-03-01,,\n"
        "2023-05,,,1,bbl,,,,,\n"
        ",,,,,,,,,\n"
        "2023-06,,,1,bbl,,X,,,,extra\n"
    )

    def test_rows_and_reasons(self) -> None:
        """Each bad row is rejected with its spreadsheet row number and reason."""
        report = Ledger.from_csv(io.StringIO(self.CSV))
        reasons = {r.row: r.reason for r in report.rejected}
        assert (2, [4, 5, 6, 7, 8, 9], 8) == (report.accepted, sorted(reasons), report.read)
        assert "zero or more" in reasons[4]
        assert "first" in reasons[5]
        assert "before the delivery" in reasons[6]
        assert "reporter" in reasons[7]
        assert "blank row" == reasons[8]
        assert "11 cells: more than the header's 10" == reasons[9]
        assert ("notes",) == report.ignored_columns
        assert "read 8 rows: 2 accepted, 6 rejected" in str(report)

    def test_file_path(self, tmp_path: object) -> None:
        """A path is read as UTF-8, a BOM allowed."""
        from pathlib import Path

        path = Path(str(tmp_path)) / "d.csv"
        path.write_text("\ufeffmonth,quantity,unit,reporter\n2023-01,1,bbl,X\n", encoding="utf-8")
        assert 1 == Ledger.from_csv(path).accepted

    @pytest.mark.parametrize(
        ("header", "match"),
        [
            ("month,unit,reporter", "add quantity"),
            ("quantity,unit,reporter", "first, month or span"),
            ("month,quantity,quantity,reporter", "duplicate quantity"),
        ],
    )
    def test_bad_header(self, header: str, match: str) -> None:
        """A header missing required columns is an error for the whole file."""
        with pytest.raises(LedgerError, match=match):
            Ledger.from_csv(io.StringIO(header + "\n"))

    def test_empty_file(self) -> None:
        """An empty file has no header."""
        with pytest.raises(LedgerError, match="header row"):
            Ledger.from_csv(io.StringIO(""))

    def test_duplicate_version_rejected(self) -> None:
        """A second row with the same ref and report date is rejected, naming the first."""
        text = "month,quantity,unit,reporter,ref,reported\n" + "2023-01,1,bbl,X,n1,2023-02-01\n" * 2
        report = Ledger.from_csv(io.StringIO(text))
        assert ["first on row 2"] == [r.reason.split("(")[1].split(")")[0] for r in report.rejected]

    def test_dataframe(self) -> None:
        """A DataFrame loads the same way; NaN cells are blanks; positions number rows."""
        import pandas as pd

        frame = pd.DataFrame(
            {
                "first": pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01"]),
                "last": pd.to_datetime(["2023-01-31", "2023-02-28", "NaT"]),
                "quantity": [106094.17, float("nan"), 3],
                "unit": ["bbl", "bbl", "t"],
                "reporter": ["Russia", "Russia", "China"],
                "reported": [pd.Timestamp("2023-02-28"), pd.NaT, pd.NaT],
            }
        )
        report = Ledger.from_frame(frame)
        assert (2, [1], 3) == (report.accepted, [r.row for r in report.rejected], report.read)
        assert sc.Amount("106094.17", "bbl") == report.ledger.deliveries[0].quantity
        assert date(2023, 3, 1) == report.ledger.deliveries[1].span.last

    def test_missing_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, the error names the extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingExtraError, match=r"sanctioncalc\[pandas\]"):
            Ledger.from_frame(object())

    @given(
        st.lists(
            st.fixed_dictionaries(
                {
                    "month": st.sampled_from(["2023-01", "2023-13", "", "Feb 2023"]),
                    "quantity": st.sampled_from(["1", "-1", "1.5", "x", "", "2.0000001"]),
                    "unit": st.sampled_from(["bbl", "t", "furlong", ""]),
                    "reporter": st.sampled_from(["A", "", " B"]),
                }
            ),
            max_size=20,
        )
    )
    def test_counts_add_up(self, rows: list[dict[str, str]]) -> None:
        """Accepted plus rejected is always the number of rows read."""
        report = Ledger.from_rows(rows)
        assert (len(rows), report.read) == (report.accepted + len(report.rejected), len(rows))


class TestEstimatesKeptApart:
    """Reported figures and estimates are never summed together."""

    estimate = estimate_deliveries([TankerDeliveries("V", "20,000 bbl", 2)], cap=REFINED)

    def test_ledger_refuses_estimates(self) -> None:
        """A ledger takes deliveries only."""
        with pytest.raises(EstimateMixError, match="never summed"):
            Ledger([self.estimate])

    def test_delivery_refuses_an_estimate_as_quantity(self) -> None:
        """An estimate is not a reported quantity."""
        with pytest.raises(sc.InvalidAmountError, match="estimates and reports are kept apart"):
            Delivery("2023-01", self.estimate.scenarios[0], reporter="X")


class TestDisplayAndRows:
    """Results read well and export exact rows."""

    ledger = Ledger([deliver("2020-01", "60,000 t", product="gas-oil-diesel")])

    def test_str(self) -> None:
        """The text shows the cap, normalisation, period, share and conversions."""
        text = str(self.ledger.utilization(REFINED, normalisation=Normalisation(table="bp-older")))
        for part in (
            "normalisation: table bp-older",
            "450,000 bbl of 500,000 bbl: 90 %",
            "critical",
        ):
            assert part in text

    def test_rows_and_frame(self) -> None:
        """rows() put exact strings beside display strings; to_frame() wraps them."""
        u = self.ledger.utilization(REFINED, normalisation=Normalisation(table="unsd"))
        [row] = u.rows()
        assert ("433,800 bbl", "433800", "86.76", "open", True) == (
            row["used"],
            row["used_exact"],
            row["share_pct_exact"],
            row["status"],
            row["binding"],
        )
        frame = u.to_frame()
        assert ["433800"] == list(frame["used_exact"])

    def test_rows_exact_where_no_decimal_ends(self) -> None:
        """A share of 1/3 is written as n/d percent points, not rounded."""
        u = Ledger([deliver("2023-01", "1 bbl")]).utilization("3 bbl per 12 months from 1 Jan 2023")
        assert "100/3" == u.rows()[0]["share_pct_exact"]

    def test_missing_pandas_for_frames(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """to_frame() without pandas names the extra."""
        u = self.ledger.utilization(REFINED, normalisation=Normalisation(table="unsd"))
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingExtraError, match=r"Utilization\.to_frame"):
            u.to_frame()

    def test_period_lookup(self) -> None:
        """period(day) finds the period, and says when none has records."""
        u = self.ledger.utilization(REFINED, normalisation=Normalisation(table="unsd"))
        assert u.latest == u.period(date(2020, 6, 1))
        with pytest.raises(LedgerError, match="no counted records"):
            u.period(date(2021, 6, 1))


class TestErrors:
    """The ledger's errors pickle and subclass the builtins callers catch."""

    @pytest.mark.parametrize(
        ("cls", "builtin"),
        [
            (LedgerError, ValueError),
            (PeriodStraddleError, ValueError),
            (MissingExtraError, ImportError),
            (EstimateMixError, TypeError),
        ],
    )
    def test_pickle_and_builtin(self, cls: type[sc.SanctionCalcError], builtin: type) -> None:
        """Facts survive pickling; the builtin base is there."""
        error = cls(field="f", got="g", expected="e", fix="x")
        again = pickle.loads(pickle.dumps(error))
        assert (str(error), error.facts) == (str(again), again.facts)
        assert isinstance(error, builtin)


class TestRoundedConversions:
    """A conversion rounded to the micro-unit says so, with the exact value beside it."""

    def test_rounded_conversion_is_flagged(self) -> None:
        """1 t at 7.33 bbl/t is exact; 1 bbl at 7.33 bbl/t is rounded and shows 100/733 t."""
        ledger = sc.Ledger(
            [
                sc.Delivery("2020-01", "1 t", reporter="X", product="crude-oil"),
                sc.Delivery("2020-02", "1 bbl", reporter="X", product="crude-oil"),
            ]
        )
        cap = "1,000 t per 12 months from 1 Jan 2020"
        exact, rounded = (
            n.conversions[0]
            for n in ledger.normalise(cap, normalisation=sc.Normalisation(table="ei-2021"))
        )
        assert (False, True) == (exact.rounded, rounded.rounded)
        assert Fraction(100, 733) == rounded.exact
        assert str(rounded).endswith("(rounded from 100/733) (against 1,000 t)")
        assert "rounded" not in str(exact)
        assert abs(rounded.rounding) <= Fraction(1, 2 * 10**6)


class TestRoundingInTheSummary:
    """A utilization's conversion summary gives the exact effect of per-record rounding."""

    def test_rounded_records_are_stated_with_their_effect(self) -> None:
        """Three 1 bbl records against a cap in tonnes at 7.33 bbl/t: each rounded, said so."""
        ledger = sc.Ledger(
            [
                sc.Delivery(f"2020-0{m}", "1 bbl", reporter="X", product="crude-oil")
                for m in (1, 2, 3)
            ]
        )
        usage = ledger.utilization(
            "1,000 t per 12 months from 1 Jan 2020",
            normalisation=sc.Normalisation(table="ei-2021"),
        )
        [summary] = usage.conversions
        assert Fraction(300, 733) == summary.exact
        assert summary.rounding == summary.counted.exact - Fraction(300, 733)
        assert summary.rounding != 0
        assert abs(summary.rounding) <= summary.rounding_bound.exact == Fraction(3, 2 * 10**6)
        assert "rounded per record" in str(summary)

    def test_exact_conversions_say_nothing(self) -> None:
        """10 kt at 7.46 bbl/t is exactly 74,600 bbl: no rounding is mentioned."""
        ledger = sc.Ledger(
            [sc.Delivery("2020-01", "10 kt", reporter="X", product="gas-oil-diesel")]
        )
        usage = ledger.utilization(
            "500,000 bbl per 12 months from 1 Jan 2020",
            normalisation=sc.Normalisation(table="ei-2021"),
        )
        [summary] = usage.conversions
        assert (Fraction(0), False) == (summary.rounding, "rounded" in str(summary))
