"""The bulk path: millions of deliveries as int64 columns, counted exactly.

numpy is the optional ``bulk`` extra, and this module is imported only when it is used
(``Ledger.to_bulk()``, ``sanctioncalc.bulk.BulkLedger``).

float64 cannot hold 106,094.17 and object arrays of Decimal are far too slow, so quantities
are int64 *micro-units* (millionths) of the unit they were reported in, and every step is
integer arithmetic:

- a conversion by an exact ratio ``p/q`` (unit sizes times a named factor) is
  ``round_half_up(x·p/q)`` to the micro-unit of the limb's unit, exactly as the record path
  rounds (:func:`sanctioncalc._ledger.normalise.counted_micro`).  It is computed from a
  float64 estimate corrected by the exact residual ``2xp + q − 2qe``, evaluated modulo 2⁶⁴:
  the residual's true value is small, so the wrapped result is exact;
- totals, per-reporter sums and day-by-day running totals are int64 sums.

Anything that would leave int64's exact range (a quantity of 2⁶² micro-units or more, a total
that large, a ratio whose denominator exceeds 2⁵⁰) is detected and refused with
:class:`BulkOverflowError`; nothing wraps silently.  Results are the same
:class:`~sanctioncalc.Utilization` values the record path gives, figure for figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Final, final

import attrs

from sanctioncalc._errors import (
    BulkOverflowError,
    FactorNotFoundError,
    InvalidAmountError,
    InvalidPeriodError,
    LedgerError,
    missing_extra,
    shown,
)

try:
    import numpy as np
    import numpy.typing as npt
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise missing_extra("numpy", "sanctioncalc bulk path", "bulk") from error

from sanctioncalc._amount import Amount
from sanctioncalc._period import Periodic, Span
from sanctioncalc._units import Unit, to_unit

from .engine import ConversionKey, PeriodTally, Plan, assemble, plan
from .fields import MICRO, _product
from .ledger import Ledger
from .normalise import ConversionRoute, Normalisation, _route
from .records import Delivery
from .results import CapLike, Exclusions, Utilization
from .sensitivity import Sensitivity, _normalisations, side_by_side
from .thresholds import UsageThresholds

__all__ = ["BulkLedger"]

Int64s = npt.NDArray[np.int64]
Int32s = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]

_EPOCH: Final = date(1970, 1, 1)
#: Report date of a record whose report date is unknown: after every as_of date.
_NO_DATE: Final = int(np.iinfo(np.int32).max)
#: Largest quantity or total, in micro-units, that the bulk path accepts.
_LIMIT: Final = 2**62
#: Largest ratio denominator for which the residual stays within int64 (see module docs).
_MAX_DENOMINATOR: Final = 2**50


def _day(value: date) -> int:
    return (value - _EPOCH).days


def _date(day: int) -> date:
    return _EPOCH + timedelta(days=int(day))


def _overflow(field: str, got: str, fix: str) -> BulkOverflowError:
    return BulkOverflowError(
        field=field,
        got=got,
        expected=f"values below 2**62 micro-units ({_LIMIT // MICRO:,} units)",
        fix=fix,
    )


def convert(x: Int64s, ratio: Fraction, what: str = "conversion") -> Int64s:
    """``round_half_up(x · ratio)`` for non-negative int64 *x*, exactly; refuses overflow.

    >>> convert(np.array([60_000_000_000], dtype=np.int64), Fraction("7.23"))
    array([433800000000])
    >>> convert(np.array([1_000_000], dtype=np.int64), Fraction(10**12, 158987294928))
    array([6289811])
    """
    if ratio == 1:
        return x
    p, q = ratio.numerator, ratio.denominator
    top = int(x.max()) if x.size else 0
    if q == 1:
        if top * p >= _LIMIT:
            raise _overflow(what, f"{top:,} micro-units × {p}", "split the quantities")
        return x * np.int64(p)
    if p >= _LIMIT or q > _MAX_DENOMINATOR:
        raise _overflow(
            what,
            f"a ratio of {p}/{q}",
            "use a factor with fewer digits, or the record-by-record path (Ledger.utilization)",
        )
    estimate = x.astype(np.float64)
    estimate *= p / q
    if float(estimate.max() if estimate.size else 0.0) >= float(_LIMIT):
        raise _overflow(what, f"{top:,} micro-units × {p}/{q}", "split the quantities")
    estimate += 0.5
    np.floor(estimate, out=estimate)
    result = estimate.astype(np.int64)
    del estimate
    # d = 2xp + q − 2qe modulo 2**64.  Its true value is within a few thousand q of q, far
    # inside int64, so the wrapped unsigned arithmetic gives it exactly; then
    # floor((2xp + q) / 2q) = e + floor(d / 2q).
    residual = x.view(np.uint64) * np.uint64(2 * p)
    residual += np.uint64(q)
    residual -= result.view(np.uint64) * np.uint64(2 * q)
    result += np.floor_divide(residual.view(np.int64), np.int64(2 * q))
    return result


def _exact_sum(values: Int64s) -> int:
    """The exact sum of non-negative int64 *values*, however large (summed in safe chunks)."""
    if not values.size:
        return 0
    top = int(values.max())
    step = max(1, (2**63 - 1) // (top + 1))
    return sum(int(values[i : i + step].sum()) for i in range(0, values.size, step))


def _check_total(values: Int64s, what: str) -> None:
    """Refuse *values* whose total would not fit int64: every partial sum is then safe."""
    if _exact_sum(values) >= 2**63:
        raise BulkOverflowError(
            field=what,
            got="a total of 2**63 micro-units or more",
            expected="a total int64 can hold exactly",
            fix="count fewer records at once, or use the record-by-record path",
        )


def _not_a_column(field: str, values: Any, expected: str) -> LedgerError:
    return LedgerError(
        field=field,
        got=shown(values, 60),
        expected=expected,
        fix="pass one value per delivery, as a list or a one-dimensional numpy array",
    )


def _array(field: str, values: Any, dtype: Any = None) -> Any:
    try:
        return np.asarray(values) if dtype is None else np.array(values, dtype=dtype)
    except (TypeError, ValueError, OverflowError):  # ragged, mixed, or not array-like
        raise _not_a_column(field, values, "a column of one value per delivery") from None


def _names(field: str, labels: Any) -> tuple[str, ...]:
    if isinstance(labels, str | bytes) or not isinstance(labels, Sequence):
        raise _not_a_column(field, labels, f"a sequence of {field} names, one per code")
    return tuple(str(label) for label in labels)


def _labels(field: str, values: Any, labels: Sequence[str] | None) -> tuple[Any, tuple[str, ...]]:
    array = _array(field, values)
    if array.dtype.kind in "iu":
        if labels is None:
            raise LedgerError(
                field=field,
                got="integer codes without labels",
                expected=f"{field}s=(...) naming each code",
                fix=f"pass {field}s=('bbl', 't') or an array of texts",
            )
        names = _names(f"{field}s", labels)
        if array.size and (int(array.min()) < 0 or int(array.max()) >= len(names)):
            raise LedgerError(
                field=field,
                got=f"codes from {int(array.min())} to {int(array.max())}",
                expected=f"codes 0 to {len(names) - 1}",
                fix=f"every code must index {field}s",
            )
        return array.copy(), names  # our own copy: it is made read-only
    if array.dtype.kind not in "OUS":
        raise _not_a_column(field, values, f"{field} texts, or integer codes with {field}s=")
    try:
        uniques, codes = np.unique(array.astype(str), return_inverse=True)
    except (TypeError, ValueError):  # texts numpy cannot compare or decode
        raise _not_a_column(field, values, f"{field} texts, or integer codes") from None
    return codes, tuple(str(u) for u in uniques)


def _dates(field: str, values: Any) -> Int32s:
    array = _array(field, values)
    if array.dtype.kind == "O":
        array = _array(field, values, "datetime64[D]")
    if array.dtype.kind != "M":
        raise LedgerError(
            field=field,
            got=f"an array of {array.dtype}",
            expected="datetime64[D] dates (or datetime.date objects)",
            fix="pass np.array([...], dtype='datetime64[D]')",
        )
    days = array.astype("datetime64[D]")
    whole = days.astype(np.int64)
    # Checked before the cast: a day beyond int32 would wrap silently, and NaT is int64's least.
    far = (whole < _day(date(1900, 1, 1))) | (whole > _day(date(2200, 12, 31)))
    if far.any():
        i = int(np.flatnonzero(far)[0])
        raise _out_of_range(f"{field}[{i}]", str(days[i]))
    if (days != array).any():
        raise LedgerError(
            field=field, got="times of day", expected="whole days", fix="drop the times"
        )
    return whole.astype(np.int32) if days.size else np.empty(0, np.int32)


def _out_of_range(field: str, got: str) -> InvalidPeriodError:
    return InvalidPeriodError(
        field=field,
        got=got,
        expected="a year from 1900 to 2200",
        fix="check the year",
    )


def _code_dtype(count: int) -> Any:
    return np.int8 if count < 2**7 else (np.int16 if count < 2**15 else np.int32)


@final
@attrs.frozen(eq=False, repr=False)
class BulkLedger:
    """A ledger as read-only int64/int32 columns, counted exactly and fast.

    Days are int32 day numbers, quantities int64 micro-units of their reported unit, and
    units, products and reporters small integer codes into label tuples.  Build one with
    :meth:`from_arrays` or :meth:`from_ledger`; ask it what a :class:`Ledger` answers.

    >>> ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X",
    ...                           product="gas-oil-diesel")])
    >>> bulk = BulkLedger.from_ledger(ledger)
    >>> cap = "500,000 bbl per 12 months from 1 Jan 2018"
    >>> n = Normalisation(table="ei-2021")
    >>> bulk.utilization(cap, normalisation=n) == ledger.utilization(cap, normalisation=n)
    True
    """

    first: Int32s
    last: Int32s
    reported: Int32s
    quantity: Int64s
    unit: Any
    product: Any
    reporter: Any
    ref: Int64s | None
    units: tuple[Unit, ...]
    products: tuple[str, ...]
    reporters: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.quantity.size)

    def __repr__(self) -> str:
        return (
            f"<BulkLedger: {len(self):,} deliveries, {len(self.reporters)} reporters, "
            f"units {', '.join(u.symbol for u in self.units)}>"
        )

    @property
    def nbytes(self) -> int:
        """Memory held by the columns."""
        arrays = (self.first, self.last, self.reported, self.quantity)
        codes = (self.unit, self.product, self.reporter)
        extra = self.ref.nbytes if self.ref is not None else 0
        return sum(a.nbytes for a in arrays) + sum(int(c.nbytes) for c in codes) + extra

    # -- building --------------------------------------------------------------------

    @classmethod
    def from_arrays(
        cls,
        *,
        first: Any,
        last: Any,
        quantity_micro: Any,
        unit: Any,
        reporter: Any,
        product: Any = None,
        reported: Any = None,
        ref: Any = None,
        units: Sequence[str | Unit] | None = None,
        products: Sequence[str] | None = None,
        reporters: Sequence[str] | None = None,
    ) -> BulkLedger:
        """Build from columns, validating every row at array speed.

        *first*/*last* are inclusive days (``datetime64[D]``); *quantity_micro* int64
        millionths of each row's unit; *unit*, *product* and *reporter* arrays of texts, or of
        integer codes with the label tuples *units*, *products*, *reporters*.  *reported* may
        hold ``NaT`` for an unknown report date; *ref* (texts, ``""`` for none) marks
        versions of one record.  Rows are named ``deliveries[i]`` in errors.
        """
        first_days = _dates("first", first)
        last_days = _dates("last", last)
        size = first_days.size
        quantity = np.ascontiguousarray(quantity_micro)
        if quantity.dtype.kind not in "iu":
            raise InvalidAmountError(
                field="quantity_micro",
                got=f"an array of {quantity.dtype}",
                expected="integer micro-units (millionths of each row's unit)",
                fix="floats cannot hold 106,094.17 exactly: pass int64 micro-units",
            )
        quantity = np.array(quantity, dtype=np.int64)  # our own copy: it is made read-only
        unit_codes, unit_labels = _labels(
            "unit", unit, None if units is None else _names("units", units)
        )
        reporter_codes, reporter_labels = _labels("reporter", reporter, reporters)
        if product is None:
            product_codes: Any = np.zeros(size, np.int8)
            product_labels: tuple[str, ...] = ("unknown",)
        else:
            product_codes, product_labels = _labels("product", product, products)
        if reported is None:
            reported_days = np.full(size, _NO_DATE, np.int32)
        else:
            raw = _array("reported", reported)
            if raw.dtype.kind == "O":
                raw = _array("reported", reported, "datetime64[D]")
            unknown = np.isnat(raw) if raw.dtype.kind == "M" else np.zeros(size, bool)
            filled = np.where(unknown, np.datetime64("1970-01-01"), raw)
            reported_days = _dates("reported", filled)
            reported_days[unknown] = _NO_DATE
        columns = [first_days, last_days, quantity, unit_codes, reporter_codes, product_codes]
        columns.append(reported_days)
        if any(np.shape(c) != (size,) for c in columns):
            raise LedgerError(
                field="columns",
                got=", ".join(str(np.shape(c)) for c in columns),
                expected="one-dimensional columns of one length",
                fix="pass one value per delivery in every column",
            )
        ref_codes: Int64s | None = None
        if ref is not None:
            try:
                texts = _array("ref", ref).astype(str)
            except (TypeError, ValueError):  # refs numpy cannot turn into texts
                raise _not_a_column("ref", ref, "ref texts, '' for none") from None
            present = (texts != "") & (texts != "None")
            inverse = np.unique(texts, return_inverse=True)[1]
            ref_codes = np.where(present, inverse, -1).astype(np.int64)
        return cls._checked(
            first=first_days,
            last=last_days,
            reported=reported_days,
            quantity=quantity,
            unit=unit_codes,
            product=product_codes,
            reporter=reporter_codes,
            ref=ref_codes,
            units=tuple(to_unit(u) for u in unit_labels),
            products=tuple(_product(p) for p in product_labels),
            reporters=reporter_labels,
        )

    @classmethod
    def _checked(
        cls,
        *,
        first: Int32s,
        last: Int32s,
        reported: Int32s,
        quantity: Int64s,
        unit: Any,
        product: Any,
        reporter: Any,
        ref: Int64s | None,
        units: tuple[Unit, ...],
        products: tuple[str, ...],
        reporters: tuple[str, ...],
    ) -> BulkLedger:
        def row(mask: Bools) -> int:
            return int(np.flatnonzero(mask)[0])

        low, high = _day(date(1900, 1, 1)), _day(date(2200, 12, 31))
        bad = (first < low) | (last > high)
        if bad.any():
            i = row(bad)
            day = int(first[i]) if first[i] < low else int(last[i])
            raise _out_of_range(f"deliveries[{i}]", str(np.datetime64(day, "D")))
        bad = last < first
        if bad.any():
            i = row(bad)
            raise LedgerError.reversed_days(
                f"deliveries[{i}].last", f"{_date(int(first[i]))} to {_date(int(last[i]))}"
            )
        bad = (reported != _NO_DATE) & (reported < first)
        if bad.any():
            i = row(bad)
            raise LedgerError(
                field=f"deliveries[{i}].reported",
                got=str(_date(int(reported[i]))),
                expected=f"a date on or after the span's first day, {_date(int(first[i]))}",
                fix="a report cannot come before the delivery it reports; check both dates",
            )
        bad = (quantity < 0) | (quantity >= _LIMIT)
        if bad.any():
            i = row(bad)
            if quantity[i] < 0:
                raise InvalidAmountError(
                    field=f"deliveries[{i}].quantity",
                    got=f"{int(quantity[i])} micro-units",
                    expected="a quantity of zero or more",
                    fix="a correction is a new version of the record: give both the same ref",
                )
            raise _overflow(
                f"deliveries[{i}].quantity", f"{int(quantity[i]):,} micro-units", "split it"
            )
        for index, u in enumerate(units):
            dimension = u.dimension
            if u.is_quotient or not (
                dimension in ("volume", "mass") or dimension.startswith("currency:")
            ):
                raise InvalidAmountError(
                    field=f"units[{index}]",
                    got=str(u),
                    expected="a unit of volume, mass or a currency",
                    fix="report the quantity delivered, in bbl, t, kL or a currency",
                )
        if len(set(reporters)) != len(reporters):
            raise LedgerError(
                field="reporters",
                got=", ".join(r for r in reporters if reporters.count(r) > 1)[:80],
                expected="each reporter named once",
                fix="give one code per reporter",
            )
        for index, name in enumerate(reporters):
            if not name.strip() or name != name.strip() or not name.isprintable():
                raise LedgerError(
                    field=f"reporters[{index}]",
                    got=shown(name, 60),
                    expected="a printable name without outer spaces",
                    fix="name the reporting state as the source does",
                )
        if ref is not None:
            versioned = ref >= 0
            if (versioned & (reported == _NO_DATE)).any():
                i = row(versioned & (reported == _NO_DATE))
                raise LedgerError(
                    field=f"deliveries[{i}].reported",
                    got="None",
                    expected="a report date on a record with a ref",
                    fix="versions of a record are ordered by report date; give one",
                )
            rows = np.flatnonzero(versioned)
            order = rows[np.lexsort((reported[rows], ref[rows]))]
            same = (ref[order][1:] == ref[order][:-1]) & (
                reported[order][1:] == reported[order][:-1]
            )
            if same.any():
                i = int(order[1:][same][0])
                raise LedgerError(
                    field=f"deliveries[{i}].ref",
                    got=f"ref code {int(ref[i])} reported {_date(int(reported[i]))}",
                    expected="one version per report date",
                    fix="give the revision its own report date, or drop the duplicate",
                )
        columns = [first, last, reported, quantity, unit, product, reporter]
        if ref is not None:
            columns.append(ref)
        for column in columns:
            column.flags.writeable = False
        return cls(
            first,
            last,
            reported,
            quantity,
            unit.astype(_code_dtype(len(units)), copy=False),
            product.astype(_code_dtype(len(products)), copy=False),
            reporter.astype(_code_dtype(len(reporters)), copy=False),
            ref,
            units,
            products,
            reporters,
        )

    @classmethod
    def from_ledger(cls, ledger: Ledger) -> BulkLedger:
        """The columns of a :class:`Ledger`, row for row (its published totals stay behind)."""
        if not isinstance(ledger, Ledger):
            raise LedgerError(
                field="ledger",
                got=shown(ledger, 60),
                expected="a Ledger",
                fix="build Ledger(deliveries), or use BulkLedger.from_arrays for columns",
            )
        deliveries = ledger.deliveries
        units: dict[Unit, int] = {}
        products: dict[str, int] = {}
        reporters: dict[str, int] = {}
        refs: dict[str, int] = {}
        size = len(deliveries)
        first = np.empty(size, np.int32)
        last = np.empty(size, np.int32)
        reported = np.empty(size, np.int32)
        quantity = np.empty(size, np.int64)
        unit = np.empty(size, np.int32)
        product = np.empty(size, np.int32)
        reporter = np.empty(size, np.int32)
        ref = np.full(size, -1, np.int64)
        for i, d in enumerate(deliveries):
            micro = d.micro
            if micro >= _LIMIT:
                raise _overflow(f"deliveries[{i}].quantity", str(d.quantity), "split it")
            first[i] = _day(d.span.start)
            last[i] = _day(d.span.last)
            reported[i] = _NO_DATE if d.reported is None else _day(d.reported)
            quantity[i] = micro
            unit[i] = units.setdefault(d.quantity.unit, len(units))
            product[i] = products.setdefault(d.product, len(products))
            reporter[i] = reporters.setdefault(d.reporter, len(reporters))
            if d.ref is not None:
                ref[i] = refs.setdefault(d.ref, len(refs))
        return cls._checked(
            first=first,
            last=last,
            reported=reported,
            quantity=quantity,
            unit=unit,
            product=product,
            reporter=reporter,
            ref=ref if refs else None,
            units=tuple(units),
            products=tuple(products),
            reporters=tuple(reporters),
        )

    def to_ledger(self) -> Ledger:
        """The rows as a :class:`Ledger` (slow for millions; for checking and small extracts)."""
        codes = np.unique(self.ref) if self.ref is not None else np.empty(0, np.int64)
        refs = {int(code): f"ref-{int(code)}" for code in codes}
        deliveries = []
        for i in range(len(self)):
            reported = int(self.reported[i])
            deliveries.append(
                Delivery(
                    Span.inclusive(_date(int(self.first[i])), _date(int(self.last[i]))),
                    Amount.from_fraction(
                        Fraction(int(self.quantity[i]), MICRO), self.units[int(self.unit[i])]
                    ),
                    reporter=self.reporters[int(self.reporter[i])],
                    product=self.products[int(self.product[i])],
                    reported=None if reported == _NO_DATE else _date(reported),
                    ref=refs.get(int(self.ref[i])) if self.ref is not None else None,
                )
            )
        return Ledger(deliveries)

    # -- counting --------------------------------------------------------------------

    def utilization(
        self,
        cap: CapLike,
        *,
        normalisation: Normalisation | None = None,
        thresholds: UsageThresholds | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> Utilization:
        """How much of *cap* each period used: the same result as :meth:`Ledger.utilization`.

        Raises :class:`BulkOverflowError` where int64 micro-units would not hold a figure
        exactly, as well as the errors the record path raises.
        """
        p = plan(
            cap, normalisation=normalisation, thresholds=thresholds, as_of=as_of, period=period
        )
        return _Run(self, p).utilization()

    def sensitivity(
        self,
        cap: CapLike,
        normalisations: Sequence[Normalisation | str],
        *,
        thresholds: UsageThresholds | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> Sensitivity:
        """The share used under each normalisation, as :meth:`Ledger.sensitivity`."""
        return side_by_side(
            [
                self.utilization(
                    cap, normalisation=n, thresholds=thresholds, as_of=as_of, period=period
                )
                for n in _normalisations(normalisations)
            ]
        )


@final
@attrs.frozen
class _Group:
    """Rows that share a unit (and, when converted by a factor, a product) and so a route."""

    unit: int
    product: int | None
    route: ConversionRoute
    size: int


class _Run:
    """One utilization over a bulk ledger: select, place, convert, tally."""

    def __init__(self, ledger: BulkLedger, p: Plan) -> None:
        self.ledger = ledger
        self.p = p
        #: Boolean masks applied so far, to name a row of the original ledger in an error.
        self.masks: list[Bools] = []

    def origin(self, position: int) -> int:
        for mask in reversed(self.masks):
            position = int(np.flatnonzero(mask)[position])
        return position

    def utilization(self) -> Utilization:
        ledger, p = self.ledger, self.p
        size = len(ledger)
        keep: Bools | None = None
        not_yet = undated = superseded = 0
        if p.as_of is not None:
            day = _day(p.as_of)
            unknown = ledger.reported == _NO_DATE
            undated = int(np.count_nonzero(unknown))
            keep = ledger.reported <= day
            not_yet = size - undated - int(np.count_nonzero(keep))
        if ledger.ref is not None:
            keep, superseded = self._latest_versions(keep)
        first, last, quantity = ledger.first, ledger.last, ledger.quantity
        unit, product, reporter = ledger.unit, ledger.product, ledger.reporter
        if keep is not None and not keep.all():
            self.masks.append(keep)
            first, last, quantity = first[keep], last[keep], quantity[keep]
            unit, product, reporter = unit[keep], product[keep], reporter[keep]
        index, inside_count, outside = self._place(first, last)
        if outside:
            inside = index >= 0 if isinstance(p.grid, Periodic) else index == 0
            self.masks.append(inside)
            first, last, quantity = first[inside], last[inside], quantity[inside]
            unit, product, reporter, index = (
                unit[inside],
                product[inside],
                reporter[inside],
                index[inside],
            )
        excluded = Exclusions(not_yet, undated, superseded, outside)
        conversions: dict[ConversionKey, list[int]] = {}
        groups = self._routes(unit, product)
        counted = [
            self._convert(
                j,
                groups=groups[j],
                quantity=quantity,
                unit=unit,
                product=product,
                conversions=conversions,
            )
            for j in range(len(p.limbs))
        ]
        tallies = self._tally(index, first, last, reporter, counted)
        return assemble(p, tallies, conversions, inside_count, excluded)

    def _latest_versions(self, keep: Bools | None) -> tuple[Bools, int]:
        ledger = self.ledger
        assert ledger.ref is not None
        mask = np.ones(len(ledger), bool) if keep is None else keep.copy()
        rows = np.flatnonzero(mask & (ledger.ref >= 0))
        order = rows[np.lexsort((ledger.reported[rows], ledger.ref[rows]))]
        refs = ledger.ref[order]
        older = order[:-1][refs[:-1] == refs[1:]]
        mask[older] = False
        return mask, int(older.size)

    def _place(self, first: Int32s, last: Int32s) -> tuple[Int32s, int, int]:
        """Each row's period index on the grid; straddling rows raise."""
        p = self.p
        if not first.size:
            return np.empty(0, np.int32), 0, 0
        low, high = int(first.min()), int(last.max())
        if isinstance(p.grid, Span):
            offset = 0
            bounds = np.array([_day(p.grid.start), _day(p.grid.end)], np.int64)
        else:
            offset = p.grid.index_of(_date(low))
            top = p.grid.index_of(_date(high))
            starts = [_day(p.grid.nth(k).start) for k in range(offset, top + 1)]
            bounds = np.array([*starts, _day(p.grid.nth(top).end)], np.int64)
        lookup = (
            np.searchsorted(bounds, np.arange(low, high + 1, dtype=np.int64), side="right") - 1
        ).astype(np.int32)
        lookup += np.int32(offset)
        at_first = lookup[first - low]
        at_last = lookup[last - low]
        straddling = at_first != at_last
        if straddling.any():
            position = int(np.flatnonzero(straddling)[0])
            i = self.origin(position)
            span = Span.inclusive(_date(int(first[position])), _date(int(last[position])))
            p.straddle(
                f"deliveries[{i}].span", span, int(at_first[position]), int(at_last[position])
            )
        del at_last, straddling
        inside = (at_first >= 0) if isinstance(p.grid, Periodic) else (at_first == 0)
        count = int(np.count_nonzero(inside))
        return at_first, count, int(at_first.size) - count

    def _routes(self, unit: Any, product: Any) -> list[list[_Group]]:
        """Per limb, the groups of rows that share a route; refuses uncountable rows.

        Every group is checked before anything is converted, and the error names the lowest
        row (and its first uncountable limb), as the record path does.
        """
        ledger, p = self.ledger, self.p
        width = len(ledger.products)
        combined = np.bincount(
            unit.astype(np.intp) * width + product, minlength=len(ledger.units) * width
        ).reshape(len(ledger.units), width)
        groups: list[list[_Group]] = [[] for _ in p.limbs]
        failures: list[tuple[int, int, int]] = []
        for present in np.flatnonzero(combined.sum(axis=1)):
            u = int(present)
            source = ledger.units[u]
            for j, limb in enumerate(p.limbs):
                if source.dimension == limb.dimension:
                    route = _route(p.normalisation, source, "unknown", limb.unit)
                    assert route is not None
                    groups[j].append(_Group(u, None, route, int(combined[u].sum())))
                    continue
                for code in np.flatnonzero(combined[u]):
                    route = _route(p.normalisation, source, ledger.products[code], limb.unit)
                    if route is None:
                        failures.append((u, int(code), j))
                    else:
                        size = int(combined[u, code])
                        groups[j].append(_Group(u, int(code), route, size))
        if failures:
            row, j, bad_unit, bad_product = min(
                (int(np.flatnonzero((unit == fu) & (product == fp))[0]), fj, fu, fp)
                for fu, fp, fj in failures
            )
            try:
                source, name = ledger.units[bad_unit], ledger.products[bad_product]
                p.normalisation.route(source, name, p.limbs[j].unit)
            except FactorNotFoundError as error:
                facts = {**error.facts, "field": f"deliveries[{self.origin(row)}].product"}
                raise FactorNotFoundError(**facts) from None
            raise AssertionError("unreachable")  # pragma: no cover
        return groups

    def _convert(
        self,
        j: int,
        *,
        groups: list[_Group],
        quantity: Int64s,
        unit: Any,
        product: Any,
        conversions: dict[ConversionKey, list[int]],
    ) -> Int64s:
        """Every row's micro-units in limb *j*'s unit, group by group."""
        limb = self.p.limbs[j].unit
        if len(groups) == 1:
            # One route for every row: no masks, and no copy when counted as reported.
            [group] = groups
            result = convert(quantity, group.route.ratio, f"units[{group.unit}] to {limb}")
            self._note(conversions, j, group, _exact_sum(quantity), _exact_sum(result))
            return result
        # Start from the largest group that is counted as reported (often most rows), and
        # overwrite only the rows that convert: a copy is far cheaper than masking it out.
        same = [g for g in groups if g.product is None and g.route.ratio == 1]
        base = max(same, key=lambda g: g.size) if same else None
        result = quantity.copy() if base is not None else np.empty(quantity.size, np.int64)
        reported_elsewhere = 0
        for group in groups:
            if group is base:
                continue
            rows = unit == group.unit
            if group.product is not None:
                rows &= product == group.product
            reported = quantity[rows]
            part = convert(reported, group.route.ratio, f"units[{group.unit}] to {limb}")
            result[rows] = part
            reported_sum = _exact_sum(reported)
            reported_elsewhere += reported_sum
            self._note(conversions, j, group, reported_sum, _exact_sum(part))
        if base is not None:
            rest = _exact_sum(quantity) - reported_elsewhere
            self._note(conversions, j, base, rest, rest)
        return result

    def _note(
        self,
        conversions: dict[ConversionKey, list[int]],
        j: int,
        group: _Group,
        reported: int,
        counted: int,
    ) -> None:
        key = (j, self.ledger.units[group.unit], group.route.method, group.route.factor)
        counts = conversions.setdefault(key, [0, 0, 0])
        counts[0] += group.size
        counts[1] += reported
        counts[2] += counted

    def _tally(
        self,
        index: Int32s,
        first: Int32s,
        last: Int32s,
        reporter: Any,
        counted: list[Int64s],
    ) -> list[PeriodTally]:
        p, ledger = self.p, self.ledger
        if not index.size:
            return []
        for j, values in enumerate(counted):
            _check_total(values, f"total against {p.limbs[j]}")
        low_k = int(index.min())
        periods = int(index.max()) - low_k + 1
        names = len(ledger.reporters)
        relative = index - np.int32(low_k)
        records = np.bincount(relative, minlength=periods)
        key = relative.astype(np.int64) * names + reporter
        per_reporter_count = np.bincount(key, minlength=periods * names).reshape(periods, names)
        sums = []
        for values in counted:
            table = np.zeros(periods * names, np.int64)
            np.add.at(table, key, values)
            sums.append(table.reshape(periods, names))
        del key
        low_day = int(first.min())
        span_days = int(last.max()) - low_day + 1
        first_offset = first - np.int32(low_day)
        last_offset = last - np.int32(low_day)
        daily: list[tuple[Int64s, Int64s]] = []
        for values in counted:
            by_first = np.zeros(span_days, np.int64)
            by_last = np.zeros(span_days, np.int64)
            np.add.at(by_first, first_offset, values)
            np.add.at(by_last, last_offset, values)
            daily.append((by_first, by_last))
        order = sorted(range(names), key=lambda r: ledger.reporters[r])
        tallies: list[PeriodTally] = []
        for k in range(periods):
            if not records[k]:
                continue
            span = p.span(k + low_k)
            start = max(_day(span.start) - low_day, 0)
            stop = min(_day(span.end) - low_day, span_days)
            crossings = []
            for j, (by_first, by_last) in enumerate(daily):
                upper = np.cumsum(by_first[start:stop])
                lower = np.cumsum(by_last[start:stop])
                found: list[tuple[date, date] | None] = []
                for target in p.targets[j]:
                    at = int(np.searchsorted(upper, target, side="left"))
                    if at >= upper.size:
                        found.append(None)
                        continue
                    until = int(np.searchsorted(lower, target, side="left"))
                    found.append((_date(low_day + start + at), _date(low_day + start + until)))
                crossings.append(tuple(found))
            tallies.append(
                PeriodTally(
                    k + low_k,
                    int(records[k]),
                    tuple(int(s[k].sum()) for s in sums),
                    tuple(
                        (
                            ledger.reporters[r],
                            int(per_reporter_count[k, r]),
                            tuple(int(s[k, r]) for s in sums),
                        )
                        for r in order
                        if per_reporter_count[k, r]
                    ),
                    tuple(crossings),
                )
            )
        return tallies
