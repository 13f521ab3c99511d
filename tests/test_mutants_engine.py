"""Facts of the ledger's counting engine that mutation testing found unchecked.

Each test pins one behaviour of ``sanctioncalc._ledger.engine`` that a mutant changed
without any other test noticing (scripts/mutation.sh engine), from the ledger definitions
in docs/definitions.md.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

import sanctioncalc as sc

STUB = "500,000 bbl for 1 Oct 2017 – 31 Dec 2017"
ANNUAL = "100 bbl per 12 months from 1 Jan 2023"
FACTOR = sc.ConversionFactor("test/crude", Fraction("7.33"), "t", "bbl")


def deliver(
    span: str | sc.Span, quantity: str, reporter: str = "X", **kwargs: object
) -> sc.Delivery:
    """A delivery from *reporter*."""
    return sc.Delivery(span, quantity, reporter=reporter, **kwargs)  # type: ignore[arg-type]


class TestStubCap:
    """A stub cap is counted on its own span: records before or after it are outside."""

    def test_records_before_and_after(self) -> None:
        """Only the record inside the span counts; the other two are outside."""
        ledger = sc.Ledger(
            [
                deliver(sc.Span.inclusive(date(2017, 9, 1), date(2017, 9, 30)), "5 bbl"),
                deliver(sc.Span.inclusive(date(2017, 11, 1), date(2017, 11, 30)), "7 bbl"),
                deliver(sc.Span.inclusive(date(2018, 1, 1), date(2018, 1, 31)), "9 bbl"),
            ]
        )
        u = ledger.utilization(STUB)
        assert (1, 2, sc.Amount(7, "bbl")) == (u.counted, u.excluded.outside, u.latest.used)

    def test_straddling_the_start(self) -> None:
        """A record across the stub's first day is refused at that day."""
        span = sc.Span.inclusive(date(2017, 9, 25), date(2017, 10, 5))
        with pytest.raises(sc.PeriodStraddleError) as caught:
            sc.Ledger([deliver(span, "1 bbl")]).utilization(STUB)
        assert (
            "deliveries[0].span: got 25 Sep 2017 – 5 Oct 2017, across the boundary at "
            "1 Oct 2017, expected each record within one period of 1 Oct 2017 – 31 Dec 2017; "
            "split the record at 1 Oct 2017, or count it on a grid anchored like the records"
        ) == str(caught.value)

    def test_straddling_the_end(self) -> None:
        """A record across the stub's end is refused at the day after its last day."""
        span = sc.Span.inclusive(date(2017, 12, 25), date(2018, 1, 5))
        with pytest.raises(sc.PeriodStraddleError, match=r"across the boundary at 1 Jan 2018,"):
            sc.Ledger([deliver(span, "1 bbl")]).utilization(STUB)


class TestCrossings:
    """A level is crossed when the running total reaches level × limit, not before."""

    THRESHOLDS = sc.UsageThresholds((sc.Percentage(50),))

    def test_one_millionth_short(self) -> None:
        """49.999999 bbl of a 100 bbl cap does not reach 50 %; one millionth more does."""
        short = [deliver("2023-01", "49.999999 bbl")]
        u = sc.Ledger(short).utilization(ANNUAL, thresholds=self.THRESHOLDS)
        assert () == u.latest.limbs[0].crossings
        reached = [*short, deliver("2023-02", "0.000001 bbl")]
        u = sc.Ledger(reached).utilization(ANNUAL, thresholds=self.THRESHOLDS)
        [crossing] = u.latest.limbs[0].crossings
        assert (sc.Percentage(50), date(2023, 2, 1), date(2023, 2, 28)) == (
            crossing.level,
            crossing.earliest,
            crossing.latest,
        )


class TestVersions:
    """Of the versions of one ref, the latest reported counts, wherever it is listed."""

    def test_latest_listed_first(self) -> None:
        """The April version counts though the February one comes after it in the ledger."""
        ledger = sc.Ledger(
            [
                deliver("2023-01", "150 bbl", ref="n1", reported=date(2023, 4, 1)),
                deliver("2023-01", "100 bbl", ref="n1", reported=date(2023, 2, 10)),
            ]
        )
        u = ledger.utilization(ANNUAL)
        assert (sc.Amount(150, "bbl"), 1) == (u.latest.used, u.excluded.superseded)


class TestResult:
    """The utilization carries its cap, its as_of date, and each period's record count."""

    def test_cap_as_of_and_records(self) -> None:
        """Three records in January, one in the next period."""
        ledger = sc.Ledger(
            [deliver("2023-01", "1 bbl", reported=date(2023, 2, 1)) for _ in range(3)]
            + [deliver("2024-03", "2 bbl", reported=date(2024, 4, 1))]
        )
        u = ledger.utilization(ANNUAL, as_of=date(2025, 1, 1))
        assert sc.Cap(sc.Amount(100, "bbl"), sc.Periodic(12, date(2023, 1, 1))) == u.cap
        assert date(2025, 1, 1) == u.as_of
        assert [3, 1] == [period.records for period in u.periods]

    def test_reporters_of_a_dual_cap(self) -> None:
        """Each reporter's records and use in each limb, converted by the factor."""
        ledger = sc.Ledger(
            [
                deliver("2023-01", "733 bbl", "Russia"),
                deliver("2023-02", "10 t", "China"),
                deliver("2023-03", "10 t", "China"),
            ]
        )
        cap = "4,000,000 bbl or 525,000 t per 12 months from 1 Jan 2023"
        u = ledger.utilization(cap, normalisation=sc.Normalisation(fallback=(FACTOR,)))
        got = [[(r.reporter, r.records, r.used) for r in limb.reporters] for limb in u.latest.limbs]
        assert [
            [("China", 2, sc.Amount("146.6", "bbl")), ("Russia", 1, sc.Amount(733, "bbl"))],
            [("China", 2, sc.Amount(20, "t")), ("Russia", 1, sc.Amount(100, "t"))],
        ] == got


class TestGrid:
    """An explicit period for an anchored cap must lie on the cap's own grid."""

    def test_an_aligned_period(self) -> None:
        """The same grid anchored a year earlier counts as the cap's own."""
        ledger = sc.Ledger([deliver("2023-01", "1 bbl")])
        own = ledger.utilization(ANNUAL)
        aligned = ledger.utilization(ANNUAL, period=sc.Periodic(12, date(2022, 1, 1)))
        assert (own.latest.period, own.latest.used) == (aligned.latest.period, aligned.latest.used)

    def test_a_period_without_anchor(self) -> None:
        """A period with no anchor is no grid for an anchored cap."""
        with pytest.raises(sc.PeriodMismatchError, match=r"^period: got 12 months for a cap per"):
            sc.Ledger([]).utilization(ANNUAL, period=sc.Periodic(12))


class TestRefusals:
    """The engine's refusals name the field."""

    def test_zero_limit(self) -> None:
        """A zero limit is a ban."""
        with pytest.raises(sc.ZeroBaselineError) as caught:
            sc.Ledger([]).utilization("0 bbl per 12 months from 1 Jan 2023")
        assert (
            "cap.limit: got 0 bbl, expected a limit above zero; "
            "a zero limit is a ban: every delivery breaches it"
        ) == str(caught.value)

    def test_as_of_out_of_range(self) -> None:
        """An as_of date outside the supported years names as_of."""
        with pytest.raises(sc.InvalidPeriodError, match=r"^as_of: got 1800-01-01"):
            sc.Ledger([]).utilization(ANNUAL, as_of=date(1800, 1, 1))
