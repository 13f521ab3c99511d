"""The bulk path: int64 micro-unit columns that give exactly the record path's results.

Beside the public API, this module tests internal contracts directly: ``convert`` (the bulk
path's column conversion), ``round_half_up`` (the bulk path's rounding).
"""

from __future__ import annotations

import decimal
import importlib
import sys
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import (
    BulkOverflowError,
    Delivery,
    Ledger,
    LedgerError,
    MissingExtraError,
    Normalisation,
    UsageThresholds,
    Utilization,
)
from sanctioncalc._ledger.bulk import convert
from sanctioncalc._numbers import round_half_up
from sanctioncalc.bulk import BulkLedger

REFINED = "500,000 bbl per 12 months from 1 Jan 2018"  # S/RES/2397 (2017) para 5 (V)
CRUDE = "4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017"  # 2397 para 4 (V)
COAL = "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017"
STUB = "500,000 bbl for 1 Oct 2017 – 31 Dec 2017"  # S/RES/2375 (2017) para 14 (V)
HALF_YEAR = "300,000 kL per 6 months from 15 Mar 2018"  # synthetic: a mid-month anchor

PRICE = sc.ConversionFactor("test/coal-price", "53.45", "t", "USD", product="coal")
OIL_PRICE = sc.ConversionFactor("test/oil-price", "81.17", "bbl", "USD")
#: Fallbacks that connect every unit here to every limb: most random ledgers count fully.
EVERYTHING = Normalisation(
    table="unsd", fallback=(sc.factor("ei-2021/product-basket"), OIL_PRICE, PRICE)
)
NORMALISATIONS = (
    EVERYTHING,
    EVERYTHING,
    EVERYTHING,
    Normalisation(),
    Normalisation(table="unsd"),
    Normalisation(table="ei-2021", fallback="ei-2021/product-basket"),
    Normalisation(table="1718-committee", fallback=(PRICE, sc.factor("bp-older/gas-oil-diesel"))),
)
UNITS = ("bbl", "t", "kL", "kbbl", "gal", "USD", "MMbbl")
PRODUCTS = ("gas-oil-diesel", "kerosene", "lpg", "unknown", "crude-oil", "diesel", "coal")
START = date(2017, 6, 1)


def outcome(compute: Callable[[], object]) -> object:
    """The result, or the error's class and message: both paths must agree on either."""
    try:
        return ("ok", compute())
    except sc.SanctionCalcError as error:
        return ("error", type(error).__name__, str(error))


def agree(record: object, bulk: object) -> bool:
    """Same outcome; or bulk refused a figure int64 micro-units cannot hold, and rightly."""
    if record == bulk:
        return True
    if not (isinstance(bulk, tuple) and bulk[:2] == ("error", "BulkOverflowError")):
        return False
    assert isinstance(record, tuple)
    result = record[1]
    assert isinstance(result, Utilization)
    # A refused conversion is within a few thousand micro-units of 2**62.
    return any(
        sum(_micro(p.limbs[j].used) for p in result.periods) >= 2**62 - 2**13
        for j in range(len(result.cap.limbs))
    )


def _micro(amount: sc.Amount) -> int:
    scaled = amount.exact * 10**6
    assert scaled.denominator == 1
    return scaled.numerator


_ROW = st.tuples(
    st.integers(0, 3),  # 0: a whole month; otherwise a run of days
    st.integers(0, 1000),  # the month (mod 36) or the first day, from START
    st.integers(0, 9),  # days after the first
    st.integers(0, 10**13) | st.sampled_from([0, 1, 500_000, 10**12]),  # micro-units
    st.sampled_from(UNITS),
    st.none() | st.integers(0, 200),  # report lag in days
    st.none() | st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["China", "Russia", "X", "Y z"]),
    st.sampled_from(PRODUCTS),
)


@st.composite
def ledgers(draw: st.DrawFn, *, max_size: int = 14) -> Ledger:
    """Random ledgers: months and day ranges, several units, products, reporters, versions."""
    deliveries: list[Delivery] = []
    seen: set[tuple[str, date]] = set()
    for kind, where, length, micro, unit, lag, wanted, reporter, product in draw(
        st.lists(_ROW, max_size=max_size)
    ):
        if kind == 0:
            month = where % 36
            first = date(2017 + (5 + month) // 12, (5 + month) % 12 + 1, 1)
            span = sc.Span(first, date(first.year + first.month // 12, first.month % 12 + 1, 1))
        else:
            first = START + timedelta(where)
            span = sc.Span.inclusive(first, first + timedelta(length))
        reported = None if lag is None else span.start + timedelta(lag)
        # A ref needs a report date, and one version per report date.
        ok = wanted is not None and reported is not None and (wanted, reported) not in seen
        ref = wanted if ok else None
        if ref is not None and reported is not None:
            seen.add((ref, reported))
        deliveries.append(
            Delivery(
                span,
                sc.Amount.from_fraction(Fraction(micro, 10**6), unit),
                reporter=reporter,
                product=product,
                reported=reported,
                ref=ref,
            )
        )
    return Ledger(deliveries)


class TestSameResults:
    """The bulk path gives exactly the record path's result, or exactly its error."""

    @given(
        ledgers(),
        st.sampled_from([REFINED, CRUDE, COAL, STUB, HALF_YEAR]),
        st.sampled_from(NORMALISATIONS),
        st.none() | st.dates(date(2017, 6, 1), date(2021, 1, 1)),
        st.sampled_from([None, UsageThresholds.eu_quota(), UsageThresholds((10, 50, 75), 50, 80)]),
    )
    def test_random_ledgers(
        self,
        ledger: Ledger,
        cap: str,
        normalisation: Normalisation,
        as_of: date | None,
        thresholds: UsageThresholds | None,
    ) -> None:
        """Equal Utilization values (or the same error) for random ledgers, caps and tables."""
        options = {"normalisation": normalisation, "as_of": as_of, "thresholds": thresholds}
        bulk = BulkLedger.from_ledger(ledger)
        record = outcome(lambda: ledger.utilization(cap, **options))  # type: ignore[arg-type]
        assert agree(record, outcome(lambda: bulk.utilization(cap, **options)))  # type: ignore[arg-type]

    @given(ledgers(max_size=8))
    def test_calendar_grid_mostly_succeeds(self, ledger: Ledger) -> None:
        """On a grid the month records fit, results (not just errors) are compared.

        The record path always succeeds here; the bulk path gives its result, or refuses
        totals that int64 micro-units cannot hold (millions of MMbbl), and rightly.
        """
        months = Ledger(d for d in ledger if d.span.months == 1)
        n = Normalisation(
            table="ei-2021", fallback=(OIL_PRICE, sc.factor("ei-2021/product-basket"))
        )
        expected = ("ok", months.utilization(REFINED, normalisation=n))
        bulk = outcome(lambda: BulkLedger.from_ledger(months).utilization(REFINED, normalisation=n))
        assert agree(expected, bulk)

    def test_sensitivity(self) -> None:
        """Sensitivity tables agree: 60,000 t of gas oil at UNSD, EI 2021 and older BP."""
        ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X", product="gas-oil-diesel")])
        tables = ["unsd", "ei-2021", "bp-older"]
        bulk = ledger.to_bulk().sensitivity(REFINED, tables)
        assert ledger.sensitivity(REFINED, tables) == bulk
        assert ["86.76 %", "89.52 %", "90 %"] == [str(r.share) for r in bulk.rows]

    def test_fractional_barrels(self) -> None:
        """106,094.17 bbl (Jan–May 2020, press reports, V2) stays exact through the bulk path."""
        ledger = Ledger([Delivery("Jan 2020 – May 2020", "106,094.17 bbl", reporter="X")])
        usage = ledger.to_bulk().utilization(REFINED).latest
        assert sc.Amount("106094.17", "bbl") == usage.used

    def test_errors_name_the_same_record(self) -> None:
        """A straddling record is named by its row in both paths."""
        ledger = Ledger(
            [Delivery("2018-11", "1 bbl", reporter="X"), Delivery("2018-12", "1 bbl", reporter="X")]
        )
        with pytest.raises(sc.PeriodMismatchError, match=r"deliveries\[1\]\.span"):
            ledger.to_bulk().utilization(CRUDE)

    def test_hostile_decimal_context(self, hostile_context: decimal.Context) -> None:
        """A caller's decimal context changes nothing on either path."""
        ledger = Ledger(
            [
                Delivery("2023-01", "4,000,001.123456 bbl", reporter="X"),
                Delivery("2023-02", "17,294 t", reporter="Y", product="gas-oil-diesel"),
            ]
        )
        n = Normalisation(table="bp-older")
        expected = ledger.utilization(REFINED, normalisation=n)
        with decimal.localcontext(hostile_context):
            assert expected == ledger.utilization(REFINED, normalisation=n)
            assert expected == ledger.to_bulk().utilization(REFINED, normalisation=n)


class TestConvert:
    """The int64 conversion rounds half-up exactly, or refuses."""

    @given(
        st.lists(st.integers(0, 2**62 - 1), min_size=1, max_size=20),
        st.integers(1, 2**40),
        st.integers(1, 2**50),
    )
    def test_matches_fractions(self, values: list[int], p: int, q: int) -> None:
        """Each result is round_half_up(x·p/q), or the whole call is refused as overflow."""
        ratio = Fraction(p, q)
        expected = [round_half_up(x * ratio) for x in values]
        try:
            result = convert(np.array(values, dtype=np.int64), ratio)
        except BulkOverflowError:
            assert max(expected) >= 2**62 - 2**13
            return
        assert expected == [int(v) for v in result]

    @pytest.mark.parametrize(
        ("micro", "ratio", "expected"),
        [
            (60_000 * 10**6, Fraction("7.23"), 433_800 * 10**6),
            (10**6, Fraction(10**12, 158_987_294_928), 6_289_811),  # 1 kL in micro-barrels
            (1, Fraction(1, 2), 1),  # halves round up
            (3, Fraction(1, 2), 2),
            (2**62 - 1, Fraction(1), 2**62 - 1),
        ],
    )
    def test_examples(self, micro: int, ratio: Fraction, expected: int) -> None:
        """Worked conversions, halves away from zero."""
        assert [expected] == convert(np.array([micro], dtype=np.int64), ratio).tolist()

    @pytest.mark.parametrize(
        "ratio",
        [Fraction(2**62, 3), Fraction(1, 2**51), Fraction(2**40)],
    )
    def test_refused(self, ratio: Fraction) -> None:
        """Ratios or results outside int64's exact range are refused."""
        with pytest.raises(BulkOverflowError, match="2\\*\\*62"):
            convert(np.array([2**30, 2**40], dtype=np.int64), ratio)


class TestOverflowRefused:
    """Figures int64 micro-units cannot hold are refused, never wrapped."""

    def test_huge_quantity(self) -> None:
        """A record of 10^13 bbl is 10^19 micro-barrels: refused, naming the record."""
        ledger = Ledger([Delivery("2023-01", "10,000,000,000,000 bbl", reporter="X")])
        with pytest.raises(BulkOverflowError, match=r"deliveries\[0\]\.quantity"):
            ledger.to_bulk()
        assert "2,000,000,000 %" == str(ledger.utilization(REFINED).latest.share)

    def test_huge_total(self) -> None:
        """Five records of 2^61 micro-units cannot be summed in int64: refused."""
        bulk = BulkLedger.from_arrays(
            first=np.array(["2023-01-01"] * 5, dtype="datetime64[D]"),
            last=np.array(["2023-01-01"] * 5, dtype="datetime64[D]"),
            quantity_micro=np.full(5, 2**61, np.int64),
            unit=["bbl"] * 5,
            reporter=["X"] * 5,
        )
        with pytest.raises(BulkOverflowError, match="total"):
            bulk.utilization(REFINED)
        share = bulk.to_ledger().utilization(REFINED).latest.share
        assert Fraction(5 * 2**61, 10**6 * 500_000) * 100 == share.percent

    def test_factor_with_too_many_digits(self) -> None:
        """A factor whose denominator exceeds 2^50 is refused by bulk, counted by records."""
        fine = sc.ConversionFactor("test/fine", "7.0000000000000001", "t", "bbl", product="x")
        ledger = Ledger([Delivery("2023-01", "1 t", reporter="X", product="x")])
        n = Normalisation(table=(fine,))
        with pytest.raises(BulkOverflowError, match="ratio"):
            ledger.to_bulk().utilization(REFINED, normalisation=n)
        assert sc.Amount(7, "bbl") == ledger.utilization(REFINED, normalisation=n).latest.used


def arrays(**overrides: object) -> dict[str, object]:
    """Two valid rows of columns, with overrides."""
    columns: dict[str, object] = {
        "first": np.array(["2023-01-01", "2023-02-01"], dtype="datetime64[D]"),
        "last": np.array(["2023-01-31", "2023-02-28"], dtype="datetime64[D]"),
        "quantity_micro": np.array([44_655 * 10**6, 10_666 * 10**6], dtype=np.int64),
        "unit": ["bbl", "bbl"],
        "reporter": ["Russia", "Russia"],
    }
    columns.update(overrides)
    return columns


class TestFromArrays:
    """Columns are validated row by row at array speed, and kept read-only."""

    def test_same_as_records(self) -> None:
        """Columns give the same result as the equivalent ledger (Russia Jan–Feb 2023, V2)."""
        bulk = BulkLedger.from_arrays(**arrays())  # type: ignore[arg-type]
        ledger = Ledger(
            [
                Delivery("2023-01", "44,655 bbl", reporter="Russia"),
                Delivery("2023-02", "10,666 bbl", reporter="Russia"),
            ]
        )
        assert ledger.utilization(REFINED) == bulk.utilization(REFINED)

    def test_codes_with_labels(self) -> None:
        """Integer codes with label tuples are the fast way in."""
        bulk = BulkLedger.from_arrays(
            **arrays(  # type: ignore[arg-type]
                unit=np.array([0, 1], np.int8),
                units=("bbl", "t"),
                reporter=np.array([1, 0], np.int16),
                reporters=("China", "Russia"),
                product=np.array([0, 0], np.int8),
                products=("gas-oil-diesel",),
            )
        )
        u = bulk.utilization(REFINED, normalisation=Normalisation(table="unsd"))
        assert ["China", "Russia"] == [r.reporter for r in u.latest.binding.reporters]
        assert sc.Amount("121770.18", "bbl") == u.latest.used

    def test_read_only(self) -> None:
        """The columns cannot be changed in place, and the caller's arrays are left alone."""
        columns = arrays(unit=np.array([0, 0], np.int8), units=("bbl",))
        bulk = BulkLedger.from_arrays(**columns)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="read-only"):
            bulk.quantity[0] = 1
        given = columns["quantity_micro"]
        assert isinstance(given, np.ndarray)
        given[0] = 7  # still the caller's to change, and not ours
        assert 44_655 * 10**6 == int(bulk.quantity[0])
        assert bool(np.asarray(columns["unit"]).flags.writeable)

    def test_reported_with_nat_and_versions(self) -> None:
        """NaT is an unknown report date; refs make versions, the latest counting."""
        bulk = BulkLedger.from_arrays(
            **arrays(  # type: ignore[arg-type]
                first=np.array(["2023-01-01", "2023-01-01"], dtype="datetime64[D]"),
                last=np.array(["2023-01-31", "2023-01-31"], dtype="datetime64[D]"),
                reported=np.array(["2023-02-10", "2023-03-10"], dtype="datetime64[D]"),
                ref=["n1", "n1"],
            )
        )
        assert sc.Amount(10_666, "bbl") == bulk.utilization(REFINED).latest.used
        early = bulk.utilization(REFINED, as_of=date(2023, 3, 1))
        assert sc.Amount(44_655, "bbl") == early.latest.used
        assert 1 == early.excluded.not_yet_reported
        undated = BulkLedger.from_arrays(
            **arrays(reported=np.array(["NaT", "2023-03-01"], dtype="datetime64[D]"))  # type: ignore[arg-type]
        )
        assert (
            1 == undated.utilization(REFINED, as_of=date(2024, 1, 1)).excluded.unknown_report_date
        )

    @pytest.mark.parametrize(
        ("overrides", "error", "match"),
        [
            (
                {"last": np.array(["2022-12-31", "2023-02-28"], dtype="datetime64[D]")},
                LedgerError,
                r"deliveries\[0\]\.last",
            ),
            (
                {"reported": np.array(["2023-01-15", "2023-01-15"], dtype="datetime64[D]")},
                LedgerError,
                r"deliveries\[1\]\.reported",
            ),
            ({"quantity_micro": np.array([1, -1])}, sc.InvalidAmountError, "zero or more"),
            ({"quantity_micro": np.array([1.5, 2.0])}, sc.InvalidAmountError, "int64 micro"),
            ({"quantity_micro": np.array([2**62, 1])}, BulkOverflowError, "quantity"),
            ({"unit": np.array([0, 3])}, LedgerError, "without labels"),
            ({"unit": np.array([0, 3]), "units": ("bbl",)}, LedgerError, "codes 0 to 0"),
            ({"unit": ["bbl", "d"]}, sc.InvalidAmountError, "volume, mass or a currency"),
            ({"reporter": ["Russia", " Russia"]}, LedgerError, "outer spaces"),
            (
                {"reporter": np.array([0, 1]), "reporters": ("Russia", "Russia")},
                LedgerError,
                "each reporter named once",
            ),
            ({"reporter": ["Russia"]}, LedgerError, "one length"),
            (
                {"first": np.array(["2023-01-01T10", "2023-02-01T00"], dtype="datetime64[h]")},
                LedgerError,
                "whole days",
            ),
            ({"first": np.array([1, 2])}, LedgerError, "datetime64"),
            (
                {
                    "ref": ["n1", "n1"],
                    "reported": np.array(["2023-03-01", "2023-03-01"], dtype="datetime64[D]"),
                },
                LedgerError,
                "one version per report date",
            ),
            ({"ref": ["n1", ""]}, LedgerError, "report date on a record with a ref"),
        ],
    )
    def test_refused(self, overrides: dict[str, object], error: type, match: str) -> None:
        """Bad columns are refused, naming the row or the column."""
        with pytest.raises(error, match=match):
            BulkLedger.from_arrays(**arrays(**overrides))  # type: ignore[arg-type]

    def test_round_trip(self) -> None:
        """to_ledger() gives back records that count the same."""
        bulk = BulkLedger.from_arrays(**arrays(unit=["bbl", "kL"]))  # type: ignore[arg-type]
        assert bulk.to_ledger().utilization(REFINED) == bulk.utilization(REFINED)
        assert "2 deliveries" in repr(bulk)
        assert bulk.nbytes > 0


class TestOptionalNumpy:
    """Without numpy, the bulk path says which extra to install."""

    def test_missing_numpy(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Importing the bulk module, or asking a ledger for it, names the 'bulk' extra."""
        monkeypatch.setitem(sys.modules, "numpy", None)
        monkeypatch.delitem(sys.modules, "sanctioncalc._ledger.bulk")
        with pytest.raises(MissingExtraError, match=r"sanctioncalc\[bulk\]"):
            importlib.import_module("sanctioncalc._ledger.bulk")
        with pytest.raises(MissingExtraError, match=r"sanctioncalc\[bulk\]"):
            Ledger().to_bulk()

    def test_ledger_module_needs_no_numpy(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The record path works without numpy."""
        monkeypatch.setitem(sys.modules, "numpy", None)
        ledger = Ledger([Delivery("2023-01", "1 bbl", reporter="X")])
        assert 1 == ledger.utilization(REFINED).counted
