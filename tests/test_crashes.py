"""Out-of-range and wrong-typed input gets our typed error, never a bare Python exception.

Each row is an input that once crashed from outside the library's hierarchy (a ValueError
from ``datetime.date``, an OverflowError from ``timedelta``, a ZeroDivisionError, an
AttributeError from deep inside) at the schedule, ceiling, reduction-rule, estimate, pint
and bulk-ledger entry points.  It must now raise the sanctioncalc error named, with a
message that names the field and says how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import sanctioncalc as sc
from sanctioncalc.bulk import BulkLedger
from sanctioncalc.testing import (
    assert_multiple,
    assert_price_cap_equal,
    assert_schedule_equal,
)

CAP = "500,000 bbl per 12 months from 1 Jan 2018"
TANKER = sc.TankerDeliveries("Vessel A", "20,000 bbl", 10)
SCHEDULE = sc.QuotaSchedule.yearly(2014, ["485,279 kg", "455,142 kg"])
PHASED = sc.Ceiling("2,000,000,000 USD", "oil sales", start=date(1996, 12, 10), per_days=180)
RULE = sc.ReductionRule(bar=18, window_days=180)


def estimate() -> sc.TankerEstimate:
    """An estimate of ten deliveries of 20,000 bbl against a 500,000 bbl cap."""
    return sc.estimate_deliveries([TANKER], cap=CAP)


ROWS: list[tuple[str, Callable[[], Any], type[sc.SanctionCalcError], str]] = [
    # QuotaSchedule.yearly: a year outside 1900-2200, or outside datetime's 1-9999 altogether.
    (
        "yearly-9999",
        lambda: sc.QuotaSchedule.yearly(9999, ["1 kg"]),
        sc.InvalidPeriodError,
        r"QuotaSchedule.yearly: got the year 9999, .*; check first_year",
    ),
    (
        "yearly-0",
        lambda: sc.QuotaSchedule.yearly(0, ["1 kg"]),
        sc.InvalidPeriodError,
        r"expected calendar years from 1900 to 2200",
    ),
    (
        "yearly-negative",
        lambda: sc.QuotaSchedule.yearly(-5, ["1 kg"]),
        sc.InvalidPeriodError,
        r"got the year -5",
    ),
    (
        "yearly-huge",
        lambda: sc.QuotaSchedule.yearly(10**20, ["1 kg"]),
        sc.InvalidPeriodError,
        r"got the year 100000000000000000000",
    ),
    (
        "yearly-last-year-beyond-2200",
        lambda: sc.QuotaSchedule.yearly(2199, ["1 kg", "1 kg"]),
        sc.InvalidPeriodError,
        r"got the year 2201, from first_year=2199",
    ),
    (
        "yearly-text-year",
        lambda: sc.QuotaSchedule.yearly("2014", ["1 kg"]),  # type: ignore[arg-type]
        sc.InvalidPeriodError,
        r"QuotaSchedule.yearly.first_year: got '2014', expected a calendar year as an int",
    ),
    (
        "yearly-bool-year",
        lambda: sc.QuotaSchedule.yearly(True, ["1 kg"]),
        sc.InvalidPeriodError,
        r"first_year: got True",
    ),
    (
        "yearly-limits-not-a-list",
        lambda: sc.QuotaSchedule.yearly(2014, None),  # type: ignore[arg-type]
        sc.InvalidCapError,
        r"QuotaSchedule.yearly.limits: got None, .*; pass one Amount or text limit per",
    ),
    (
        "yearly-limits-text",
        lambda: sc.QuotaSchedule.yearly(2014, "1 kg"),
        sc.InvalidCapError,
        r"yearly.limits: got '1 kg', expected a list of limits",
    ),
    (
        "entry-on-none",
        lambda: SCHEDULE.entry_on(None),  # type: ignore[arg-type]
        sc.InvalidPeriodError,
        r"day: got None, expected a datetime.date",
    ),
    (
        "utilization-not-iterable",
        lambda: SCHEDULE.utilization(None),  # type: ignore[arg-type]
        sc.InvalidCapError,
        r"QuotaSchedule.utilization.deliveries: got None, expected \(date, amount\) pairs",
    ),
    (
        "utilization-not-a-pair",
        lambda: SCHEDULE.utilization([1]),  # type: ignore[list-item]
        sc.InvalidCapError,
        r"got deliveries\[0\] = 1, expected \(date, amount\) pairs",
    ),
    (
        "utilization-amount-not-an-amount",
        lambda: SCHEDULE.utilization([(date(2015, 1, 1), 40_000)]),  # type: ignore[list-item]
        sc.InvalidCapError,
        r"got deliveries\[0\] = .*an amount is an Amount or its text",
    ),
    (
        "utilization-year-9999",
        lambda: SCHEDULE.utilization([(date(9999, 1, 1), "1 kg")]),
        sc.InvalidPeriodError,
        r"deliveries\[0\]: got 9999-01-01, expected a year from 1900 to 2200",
    ),
    # Ceiling phases and days: timedelta overflows and datetime's range.
    (
        "phase-beyond-2200",
        lambda: PHASED.phase(10**6),
        sc.InvalidPeriodError,
        r"Ceiling.phase: got phase 1000000 of 180 days from 10 Dec 1996, expected a phase "
        r"that ends by 2200; count fewer phases",
    ),
    (
        "phase-beyond-timedelta",
        lambda: PHASED.phase(10**30),
        sc.InvalidPeriodError,
        r"expected a phase that ends by 2200",
    ),
    (
        "phase-negative",
        lambda: PHASED.phase(-1),
        sc.InvalidPeriodError,
        r"Ceiling.phase: got -1, expected a phase number, 0 or more",
    ),
    (
        "phase-not-an-int",
        lambda: PHASED.phase(1.5),  # type: ignore[arg-type]
        sc.InvalidPeriodError,
        r"Ceiling.phase: got 1.5",
    ),
    (
        "ceiling-years-huge",
        lambda: sc.Ceiling("1 kg", "x", start=date(2018, 1, 1), years=10**5000),
        sc.InvalidCapError,
        r"Ceiling.years: got an integer of about 5001 digits",
    ),
    (
        "in-force-on-garbage",
        lambda: PHASED.in_force_on(b"2018-01-01"),  # type: ignore[arg-type]
        sc.InvalidPeriodError,
        r"day: got b'2018-01-01', expected a datetime.date",
    ),
    (
        "in-force-on-year-1",
        lambda: PHASED.in_force_on(date(1, 1, 1)),
        sc.InvalidPeriodError,
        r"day: got 0001-01-01, expected a year from 1900 to 2200",
    ),
    (
        "ceiling-limit-huge-int",
        lambda: sc.Ceiling(10**5000, "x"),
        sc.InvalidCapError,
        r"Ceiling.limit: got an integer of about 5001 digits",
    ),
    # Reduction windows.
    (
        "windows-beyond-2200",
        lambda: RULE.windows(date(2012, 6, 28), 10**6),
        sc.InvalidPeriodError,
        r"count: got 1000000 windows of 180 days from 28 Jun 2012, expected windows that end "
        r"by 2200; ask for fewer windows",
    ),
    (
        "windows-beyond-timedelta",
        lambda: RULE.windows(date(2012, 6, 28), 10**30),
        sc.InvalidPeriodError,
        r"expected windows that end by 2200",
    ),
    (
        "windows-negative",
        lambda: RULE.windows(date(2012, 6, 28), -1),
        sc.InvalidPeriodError,
        r"count: got -1, expected a whole number of windows",
    ),
    (
        "windows-start-text-garbage",
        lambda: RULE.windows("soon", 2),
        sc.ParseError,
        r"start: got 'soon', expected a date",
    ),
    (
        "windows-start-datetime-year-9999",
        lambda: RULE.windows(date(9999, 12, 31), 1),
        sc.InvalidPeriodError,
        r"start: got 9999-12-31, expected a year from 1900 to 2200",
    ),
    (
        "window-days-huge",
        lambda: sc.ReductionRule(bar=18, window_days=10**5000),
        sc.InvalidCapError,
        r"ReductionRule.window_days: got an integer of about 5001 digits",
    ),
    # Estimates: a zero cap, and wrong types that reached attribute lookups.
    (
        "estimate-zero-cap",
        lambda: sc.estimate_deliveries([TANKER], cap="0 bbl per 12 months from 1 Jan 2018"),
        sc.ZeroBaselineError,
        r"cap: got 0 bbl per 12 months from 1 Jan 2018, expected a cap whose limit is above "
        r"zero; any delivery breaches a zero limit",
    ),
    (
        "estimate-tankers-none",
        lambda: sc.estimate_deliveries(None),  # type: ignore[arg-type]
        sc.InvalidAmountError,
        r"tankers: got None, expected a list of TankerDeliveries",
    ),
    (
        "estimate-scenarios-wrong",
        lambda: sc.estimate_deliveries([TANKER], scenarios=[Fraction(1, 2)]),  # type: ignore[list-item]
        sc.InvalidAmountError,
        r"scenarios\[0\]: got Fraction\(1, 2\), expected LadenScenario",
    ),
    (
        "estimate-factor-wrong",
        lambda: sc.estimate_deliveries([TANKER], factor="ei-2021/crude-oil"),  # type: ignore[arg-type]
        sc.InvalidAmountError,
        r"factor: got 'ei-2021/crude-oil', expected a ConversionFactor or None; pass "
        r"factor=sc.factor",
    ),
    (
        "estimate-beside-wrong",
        lambda: estimate().beside(None),  # type: ignore[arg-type]
        sc.InvalidAmountError,
        r"usage: got None, expected a PeriodUsage or LimbUsage",
    ),
    (
        "tanker-deliveries-huge",
        lambda: sc.TankerDeliveries("Vessel A", "1 t", -(10**5000)),
        sc.InvalidAmountError,
        r"TankerDeliveries.deliveries: got an integer of about 5001 digits",
    ),
    # The pint boundary: a look-alike quantity once our registry exists.
    (
        "from-pint-look-alike",
        lambda: (sc.unit_registry(), sc.Amount.from_pint(LooksLikeAQuantity(1, "barrel"))),
        sc.UnknownUnitError,
        r"quantity.units: got barrel, expected a volume or mass unit",
    ),
    # The assertion helpers: a wrong expected value is our error, not an AttributeError.
    (
        "assert-schedule-expected-wrong",
        lambda: assert_schedule_equal(SCHEDULE, "485,279 kg"),  # type: ignore[arg-type]
        sc.InvalidCapError,
        r"expected: got '485,279 kg', expected a QuotaSchedule",
    ),
    (
        "assert-price-cap-expected-wrong",
        lambda: assert_price_cap_equal(
            sc.PriceCap.parse("60 USD/bbl for crude in EU from 5 Dec 2022"),
            60,  # type: ignore[arg-type]
        ),
        sc.InvalidCapError,
        r"expected: got 60, expected a PriceCap or its text",
    ),
    (
        "assert-multiple-expected-wrong",
        lambda: assert_multiple(
            sc.Ceiling("202.8 kg", "stockpile").multiple("4,744.5 kg"),
            None,  # type: ignore[arg-type]
        ),
        sc.InvalidAmountError,
        r"expected: got None, expected a Fraction, an int or the multiple as shown",
    ),
    (
        "assert-multiple-places-wrong",
        lambda: assert_multiple(
            sc.Ceiling("202.8 kg", "stockpile").multiple("4,744.5 kg"),
            "23.39",
            places=-1,
        ),
        sc.InvalidAmountError,
        r"places: got -1, expected a number of decimal places",
    ),
]


def bulk_columns(**changes: object) -> dict[str, object]:
    """Columns of one valid bulk delivery, with *changes*."""
    columns: dict[str, object] = {
        "first": np.array(["2018-01-01"], dtype="datetime64[D]"),
        "last": np.array(["2018-01-31"], dtype="datetime64[D]"),
        "quantity_micro": np.array([44_655 * 10**6]),
        "unit": ["bbl"],
        "reporter": ["Russia"],
    }
    return {**columns, **changes}


BULK_ROWS: list[tuple[str, dict[str, object], type[sc.SanctionCalcError], str]] = [
    (
        "ragged-dates",
        bulk_columns(first=[[date(2018, 1, 1)], [date(2018, 1, 2), date(2018, 1, 3)]]),
        sc.LedgerError,
        r"first: got .*, expected a column of one value per delivery",
    ),
    (
        "not-a-date",
        bulk_columns(first=[object()]),
        sc.LedgerError,
        r"first: got \[<object object at .*, expected a column of one value per delivery",
    ),
    (
        "nat",
        bulk_columns(last=np.array(["NaT"], dtype="datetime64[D]")),
        sc.InvalidPeriodError,
        r"last\[0\]: got NaT, expected a year from 1900 to 2200",
    ),
    (
        "beyond-int32-days",
        bulk_columns(last=np.array(["8000000-01-01"], dtype="datetime64[D]")),
        sc.InvalidPeriodError,
        r"last\[0\]: got 8000000-01-01, expected a year from 1900 to 2200",
    ),
    (
        "year-9999",
        bulk_columns(last=np.array(["9999-12-31"], dtype="datetime64[D]")),
        sc.InvalidPeriodError,
        r"last\[0\]: got 9999-12-31, expected a year from 1900 to 2200",
    ),
    (
        "reported-year-2500",
        bulk_columns(reported=np.array(["2500-01-01"], dtype="datetime64[D]")),
        sc.InvalidPeriodError,
        r"reported\[0\]: got 2500-01-01, expected a year from 1900 to 2200",
    ),
    (
        "unit-labels-not-a-sequence",
        bulk_columns(unit=np.array([0]), units=None, reporter=["Russia"]),
        sc.LedgerError,
        r"unit: got integer codes without labels",
    ),
    (
        "unit-labels-wrong-type",
        bulk_columns(unit=np.array([0]), units=42),
        sc.LedgerError,
        r"units: got 42, expected a sequence of units names",
    ),
    (
        "reporter-of-floats",
        bulk_columns(reporter=np.array([1.5])),
        sc.LedgerError,
        r"reporter: got .*, expected reporter texts, or integer codes with reporters=",
    ),
]


class TestBulkColumns:
    """Columns numpy cannot read, and days beyond int32, get our errors on the bulk path."""

    @pytest.mark.parametrize(
        ("columns", "error", "match"),
        [pytest.param(columns, error, match, id=key) for key, columns, error, match in BULK_ROWS],
    )
    def test_row(
        self, columns: dict[str, Any], error: type[sc.SanctionCalcError], match: str
    ) -> None:
        """The columns raise the documented sanctioncalc error with its message."""
        with pytest.raises(error, match=match):
            BulkLedger.from_arrays(**columns)

    def test_from_ledger_needs_a_ledger(self) -> None:
        """from_ledger refuses anything but a Ledger."""
        with pytest.raises(sc.LedgerError, match=r"ledger: got None, expected a Ledger"):
            BulkLedger.from_ledger(None)  # type: ignore[arg-type]

    def test_valid_columns(self) -> None:
        """The valid columns the rows start from are accepted."""
        assert 1 == len(BulkLedger.from_arrays(**bulk_columns()))  # type: ignore[arg-type]


class LooksLikeAQuantity:
    """A magnitude and units, but no pint registry behind them."""

    def __init__(self, magnitude: object, units: str) -> None:
        self.magnitude = magnitude
        self.units = units


class TestTypedErrors:
    """Each input that once crashed raises our error, naming the field and the fix."""

    @pytest.mark.parametrize(
        ("call", "error", "match"),
        [pytest.param(call, error, match, id=key) for key, call, error, match in ROWS],
    )
    def test_row(
        self, call: Callable[[], Any], error: type[sc.SanctionCalcError], match: str
    ) -> None:
        """The input raises the documented sanctioncalc error with its message."""
        with pytest.raises(error, match=match):
            call()


class TestValidInputStillWorks:
    """The checks refuse only what is out of range."""

    def test_yearly_up_to_2200(self) -> None:
        """A schedule may run to the end of 2199 (its last period ends on 1 Jan 2200)."""
        schedule = sc.QuotaSchedule.yearly(2198, ["2 kg", "1 kg"])
        assert date(2200, 1, 1) == schedule.end

    def test_last_phase_by_2200(self) -> None:
        """A phase that ends by 2200 is given; the next one is refused."""
        ceiling = sc.Ceiling("1 USD", "x", start=date(2199, 1, 1), per_days=180)
        assert sc.Span(date(2199, 1, 1), date(2199, 6, 30)) == ceiling.phase(0)

    def test_no_windows(self) -> None:
        """Zero windows is an empty tuple."""
        assert () == RULE.windows(date(2012, 6, 28), 0)

    def test_windows_from_text(self) -> None:
        """The start of the windows may be given as text."""
        assert RULE.windows(date(2012, 6, 28), 2) == RULE.windows("28 Jun 2012", 2)

    def test_entry_on_text(self) -> None:
        """entry_on reads a text date as utilization does."""
        assert SCHEDULE.entry_on(date(2015, 6, 1)) == SCHEDULE.entry_on("2015-06-01")

    def test_in_force_on_text(self) -> None:
        """in_force_on reads a text date."""
        assert PHASED.in_force_on(date(2000, 1, 1)) == PHASED.in_force_on("1 Jan 2000")

    def test_estimate_without_a_cap_has_no_multiple(self) -> None:
        """Without a cap an estimate still gives volumes (a zero cap is refused, not skipped)."""
        result = sc.estimate_deliveries([TANKER])
        assert [None] * 4 == [e.multiple for e in result.scenarios]
