"""The utilization ledger: reported deliveries counted against caps.

A :class:`Delivery` is one report as the supplying state made it: the span of dates it
covers, the date it was received, the quantity in the unit it was reported in, the product,
the reporter and the source.  A :class:`Ledger` holds deliveries and the published totals
they should add up to, and answers how much of a cap each period used.

**Which limb a report counts against.**  A report in a dimension of one of the cap's own
limbs counts against that limb as reported: 100,000 t of crude oil is 19.05 % of 2397's
525,000 t limb, where converting at the Energy Institute's 7.33 bbl/t first would say
18.33 % of the 4,000,000 bbl limb.  Every limb of a dual cap is tracked; the binding limb is
the one with the larger share used (for "A or B" caps this is the conservative reading; both
limbs are always shown).

**Normalisation precedence** (:class:`Normalisation`), as the 1718 Committee does it
(barrels as submitted first, then a product-specific chart), for each record and limb:

1. *as reported* — the record is in the limb's dimension (barrels, kilolitres or gallons
   for a barrel limb): an exact unit conversion, no factor;
2. *table* — the product's factor from the chosen named table (a factor that runs from the
   record's unit to the limb's before one that runs the other way);
3. *fallback* — the first user-named fallback factor that connects the two dimensions;
4. otherwise the record cannot be counted and :class:`FactorNotFoundError` names it.

Each normalised record keeps how it was converted (:class:`Conversion`: method, factor with
its name, edition and value), so a total can be explained and re-run with another table.

**Rounding, once.**  Quantities are accepted to the micro-unit (six decimal places of the
unit they were reported in).  Each record is converted from its reported figure into the
limb's unit exactly, then rounded half-up (halves away from zero) to the micro-unit of the
limb's unit: the only rounding anywhere.  Totals, shares and threshold crossings are exact
from there.  The bulk path (:class:`sanctioncalc.bulk.BulkLedger`) rounds the same way and gives
identical results.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, final

import attrs

from sanctioncalc._errors import (
    EstimateMixError,
    FactorNotFoundError,
    LedgerError,
    SanctionCalcError,
    shown,
)
from sanctioncalc._hooks import bulk_path
from sanctioncalc._period import Periodic, check_date, format_date

if TYPE_CHECKING:
    from sanctioncalc.bulk import BulkLedger

from .engine import _count, _utilization, plan, select
from .fields import _amount, _is_estimate, _micro, _refuse
from .loading import (
    CsvRows,
    Row,
    _blank,
    _columns,
    _delivery_from,
    column_name,
    deliveries_csv,
)
from .normalise import Conversion, Normalisation, NormalisedDelivery, counted_micro
from .records import Delivery, PublishedTotal
from .results import CapLike, Utilization, _require
from .sensitivity import Reconciliation, Sensitivity, _normalisations, side_by_side
from .thresholds import UsageThresholds

__all__ = [
    "Ledger",
    "LoadReport",
    "RejectedRow",
]


@final
@attrs.frozen
class RejectedRow:
    """A row that could not be read: where it was, why, and what it held.

    ``error`` names the sanctioncalc error the row raised (``"ParseError"``), or is ``""``
    for a row refused before it was read (blank, too many cells, a repeated version).
    """

    row: int
    reason: str
    values: tuple[tuple[str, str], ...]
    error: str = ""

    @property
    def blank(self) -> bool:
        """Whether the row was refused for holding nothing."""
        return self.reason == BLANK_ROW and not self.error

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


#: The reason a row with no cell filled in is rejected.
BLANK_ROW = "blank row"


@final
@attrs.frozen
class LoadReport:
    """What loading read: the ledger of accepted rows and every rejected row with its reason.

    Every row read is accepted or rejected, so ``accepted + len(rejected) == read`` always
    holds; :attr:`blank` of the rejected rows held nothing.  Loading checks that the rows it
    counted span every line of a CSV file (every row of a frame), and raises
    :class:`LedgerError` rather than report counts that do not add up.
    """

    ledger: Ledger
    rejected: tuple[RejectedRow, ...]
    read: int
    ignored_columns: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if (
            not isinstance(self.ledger, Ledger)
            or not isinstance(self.rejected, tuple)
            or not all(isinstance(r, RejectedRow) for r in self.rejected)
            or isinstance(self.read, bool)
            or not isinstance(self.read, int)
        ):
            raise _refuse(
                "LoadReport",
                f"{type(self.ledger).__name__}, {type(self.rejected).__name__}, "
                f"{type(self.read).__name__}",
                "a Ledger, a tuple of RejectedRow and a count of rows read",
                "a LoadReport comes from a loader such as Ledger.from_csv",
            )
        if self.accepted + len(self.rejected) != self.read:
            raise LedgerError(
                field="LoadReport.read",
                got=f"{self.read} rows read",
                expected=f"{self.accepted} accepted + {len(self.rejected)} rejected rows",
                fix="count every row read as accepted or rejected",
            )

    @property
    def accepted(self) -> int:
        """Rows that became deliveries."""
        return len(self.ledger.deliveries)

    @property
    def blank(self) -> int:
        """Rejected rows that held nothing (a blank line, a row of empty cells)."""
        return sum(1 for r in self.rejected if r.blank)

    def __str__(self) -> str:
        blank = f" ({self.blank} blank)" if self.blank else ""
        lines = [
            f"read {self.read} rows: {self.accepted} accepted, {len(self.rejected)} rejected"
            + blank
        ]
        if self.ignored_columns:
            lines.append("ignored columns: " + ", ".join(self.ignored_columns))
        lines += [f"  {r}" for r in self.rejected]
        return "\n".join(lines)


def _writable(value: object) -> bool:
    try:
        str(value)
    except ValueError:
        return False
    return True


def _load(
    rows: Iterable[Row], ignored: tuple[str, ...], *, lines: Callable[[], int] | None = None
) -> LoadReport:
    """Accept or reject each row; *lines*, called after the last row, gives the lines of the
    source that the rows must span between them (a CSV file's lines after its header)."""
    accepted: list[Delivery] = []
    rejected: list[RejectedRow] = []
    versions: dict[tuple[str, date | None], int] = {}
    read = spanned = 0
    for number, given, refusal, span, error in rows:
        read += 1
        spanned += span
        cells, refused = given, refusal
        # An int too long to write in decimal (str() raises) is no figure: refuse the row.
        huge = [k for k, v in cells.items() if isinstance(v, int) and v.bit_length() > 3000]
        if huge and refused is None:
            refused = f"{huge[0]}: got a number of over 900 digits, expected a reported figure"
            cells = {k: ("<huge number>" if k in huge else v) for k, v in cells.items()}
        # A value holding such an int ([10**5000]) cannot be written either: str() raises.
        unwritable = [k for k, v in cells.items() if not _writable(v)]
        if unwritable and refused is None:
            refused = f"{unwritable[0]}: got {shown(cells[unwritable[0]])}, expected a cell value"
        cells = {k: (v if _writable(v) else shown(v)) for k, v in cells.items()}
        values = tuple((k, "" if _blank(v) else str(v)) for k, v in cells.items())
        if refused is not None or all(_blank(v) for v in cells.values()):
            rejected.append(RejectedRow(number, refused or BLANK_ROW, values, error))
            continue
        try:
            delivery = _delivery_from(cells)
        except SanctionCalcError as error:
            rejected.append(RejectedRow(number, str(error), values, type(error).__name__))
            continue
        if delivery.ref is not None:
            if delivery.reported is None:
                rejected.append(
                    RejectedRow(
                        number,
                        "reported: missing; a record with a ref needs a report date, so that "
                        "its versions can be ordered",
                        values,
                    )
                )
                continue
            key = (delivery.ref, delivery.reported)
            if key in versions:
                rejected.append(
                    RejectedRow(
                        number,
                        f"ref: {delivery.ref!r} reported {format_date(delivery.reported)} "
                        f"again (first on row {versions[key]}); expected one version per "
                        "report date",
                        values,
                    )
                )
                continue
            versions[key] = number
        accepted.append(delivery)
    if lines is not None and spanned != (expected := lines()):
        # Rows the reader saw but never handed on, or lines read twice: refuse to report
        # counts that do not describe the file.
        raise LedgerError(
            field="rows",
            got=f"{read} rows spanning {spanned} lines",
            expected=f"rows spanning all {expected} lines read",
            fix="nothing was loaded; report this with the file, it is a fault in the loader",
        )
    return LoadReport(Ledger(tuple(accepted)), tuple(rejected), read, ignored)


# -- the ledger --------------------------------------------------------------------------------


def _deliveries(value: object) -> tuple[Delivery, ...]:
    if isinstance(value, Delivery) or not isinstance(value, Iterable):
        raise _refuse(
            "Ledger.deliveries", value, "an iterable of Delivery", "pass a list of deliveries"
        )
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Delivery):
            if _is_estimate(item):
                raise EstimateMixError(
                    field=f"Ledger.deliveries[{index}]",
                    got=type(item).__name__,
                    expected="reported deliveries only",
                    fix="estimates are never summed with reported figures; show them beside "
                    "the utilization with TankerEstimate.beside()",
                )
            raise _refuse(
                f"Ledger.deliveries[{index}]",
                repr(item),
                "a Delivery",
                "build Delivery(span, quantity, reporter=...)",
            )
    return items


def _totals(value: object) -> tuple[PublishedTotal, ...]:
    items = tuple(value) if isinstance(value, Iterable) else (value,)
    for index, item in enumerate(items):
        if not isinstance(item, PublishedTotal):
            raise _refuse(f"Ledger.totals[{index}]", repr(item), "a PublishedTotal", "build one")
    return items


@final
@attrs.frozen(repr=False)
class Ledger:
    """Reported deliveries and published totals, counted against caps.

    >>> ledger = Ledger([
    ...     Delivery("2023-01", "44,655 bbl", reporter="Russia", reported=date(2023, 2, 28)),
    ...     Delivery("2023-02", "10,666 bbl", reporter="Russia", reported=date(2023, 3, 30)),
    ... ])
    >>> u = ledger.utilization("500,000 bbl per 12 months from 1 Jan 2018")
    >>> str(u.latest.used), str(u.latest.share), str(u.latest.status)
    ('55,321 bbl', '11.06 %', 'open')
    """

    deliveries: tuple[Delivery, ...] = attrs.field(default=(), converter=_deliveries)
    totals: tuple[PublishedTotal, ...] = attrs.field(default=(), kw_only=True, converter=_totals)

    def __attrs_post_init__(self) -> None:
        seen: dict[tuple[str, date], int] = {}
        for index, delivery in enumerate(self.deliveries):
            if delivery.ref is None:
                continue
            if delivery.reported is None:
                raise _refuse(
                    f"deliveries[{index}].reported",
                    "None",
                    "a report date on a record with a ref",
                    "versions of a record are ordered by report date; give one",
                )
            key = (delivery.ref, delivery.reported)
            if key in seen:
                raise _refuse(
                    f"deliveries[{index}].ref",
                    f"{delivery.ref!r} reported {format_date(delivery.reported)}",
                    f"one version per report date (deliveries[{seen[key]}] has it)",
                    "give the revision its own report date, or drop the duplicate",
                )
            seen[key] = index

    def __len__(self) -> int:
        return len(self.deliveries)

    def __iter__(self) -> Iterator[Delivery]:
        return iter(self.deliveries)

    def __repr__(self) -> str:
        return f"<Ledger: {len(self.deliveries)} deliveries, {len(self.totals)} published totals>"

    def with_deliveries(self, *deliveries: Delivery) -> Ledger:
        """This ledger with more deliveries."""
        return attrs.evolve(self, deliveries=(*self.deliveries, *deliveries))

    def with_totals(self, *totals: PublishedTotal) -> Ledger:
        """This ledger with more published totals."""
        return attrs.evolve(self, totals=(*self.totals, *totals))

    def as_of(self, day: date) -> Ledger:
        """The ledger as it stood on *day*: only reports received by then.

        Records with no report date are left out, since nobody can say when they arrived.
        """
        check_date(day, "as_of")
        kept = tuple(d for d in self.deliveries if d.reported is not None and d.reported <= day)
        return attrs.evolve(self, deliveries=kept)

    def current(self, *, as_of: date | None = None) -> tuple[Delivery, ...]:
        """The records that count: as of a date if given, the latest version of each ref."""
        chosen, _ = select(self.deliveries, as_of)
        return tuple(self.deliveries[i] for i in chosen)

    # -- counting ----------------------------------------------------------------------

    def normalise(
        self,
        cap: CapLike,
        *,
        normalisation: Normalisation | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> tuple[NormalisedDelivery, ...]:
        """Each counted record with how it was converted to each limb of *cap*.

        >>> ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X",
        ...                           product="gas-oil-diesel")])
        >>> [n] = ledger.normalise("500,000 bbl per 12 months from 1 Jan 2018",
        ...                        normalisation=Normalisation(table="unsd"))
        >>> print(n.conversions[0])  # doctest: +NORMALIZE_WHITESPACE
        60,000 t × 7.23 bbl/t [unsd/gas-oil-diesel, UNSD yearbook, V] = 433,800 bbl
        (against 500,000 bbl)
        """
        p = plan(cap, normalisation=normalisation, as_of=as_of, period=period)
        placed, _, _ = _count(p, self.deliveries)
        result: list[NormalisedDelivery] = []
        for _, index, delivery, converted in placed:
            conversions = tuple(
                Conversion(
                    delivery.quantity,
                    limb,
                    route.method,
                    route.factor,
                    delivery.quantity.exact * route.ratio,
                    _amount(micro, limb.unit),
                )
                for limb, (route, micro) in zip(p.limbs, converted, strict=True)
            )
            result.append(NormalisedDelivery(delivery, p.span(index), conversions))
        return tuple(result)

    def utilization(
        self,
        cap: CapLike,
        *,
        normalisation: Normalisation | None = None,
        thresholds: UsageThresholds | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> Utilization:
        """How much of *cap* each of its periods used, record by record.

        *cap* is a :class:`Cap`, :class:`DualCap`, its text, or a catalog measure (whose
        thresholds are then used unless *thresholds* is given; otherwise
        :meth:`UsageThresholds.un`).  With *as_of*, only reports received by that date count.
        Raises :class:`PeriodStraddleError` for a record that crosses a period boundary and
        :class:`FactorNotFoundError` for one that no factor can count.

        >>> ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X",
        ...                           product="gas-oil-diesel")])
        >>> cap = "500,000 bbl per 12 months from 1 Jan 2018"
        >>> for table in ("unsd", "ei-2021", "bp-older"):
        ...     u = ledger.utilization(cap, normalisation=Normalisation(table=table))
        ...     print(table, u.latest.share, u.latest.status)
        unsd 86.76 % open
        ei-2021 89.52 % open
        bp-older 90 % critical
        """
        p = plan(
            cap, normalisation=normalisation, thresholds=thresholds, as_of=as_of, period=period
        )
        return _utilization(p, self.deliveries)

    def sensitivity(
        self,
        cap: CapLike,
        normalisations: Iterable[Normalisation | str],
        *,
        thresholds: UsageThresholds | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> Sensitivity:
        """The share used under each normalisation (a table key is ``Normalisation(table=key)``).

        >>> ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X",
        ...                           product="gas-oil-diesel")])
        >>> s = ledger.sensitivity("500,000 bbl per 12 months from 1 Jan 2018",
        ...                        ["unsd", "ei-2021", "bp-older"])
        >>> [str(row.share) for row in s.rows]
        ['86.76 %', '89.52 %', '90 %']
        """
        return side_by_side(
            [
                self.utilization(
                    cap, normalisation=n, thresholds=thresholds, as_of=as_of, period=period
                )
                for n in _normalisations(normalisations)
            ]
        )

    def reconcile(
        self, *, normalisation: Normalisation | None = None
    ) -> tuple[Reconciliation, ...]:
        """Each published total beside the sum of the records it covers.

        Parts are the current records of the total's reporter (and product) that lie inside
        its span, counted in the total's unit the same way as against a cap.

        >>> ledger = Ledger([
        ...     Delivery("Jan 2023", "44,655 bbl", reporter="Russia"),
        ...     Delivery("Feb 2023", "10,666 bbl", reporter="Russia"),
        ...     Delivery("Mar 2023 – Dec 2023", "50,523 bbl", reporter="Russia"),
        ... ], totals=[PublishedTotal("2023-01 – 2023-12", "105,845 bbl", reporter="Russia")])
        >>> [r] = ledger.reconcile()
        >>> str(r.summed), str(r.difference)
        ('105,844 bbl', '1 bbl')
        """
        if normalisation is not None and not isinstance(normalisation, Normalisation):
            raise _refuse(
                "normalisation",
                shown(normalisation, 60),
                "a Normalisation or None",
                "e.g. Normalisation(table='unsd')",
            )
        chosen = self.current()
        position = {id(d): i for i, d in enumerate(self.deliveries)}
        norm = normalisation or Normalisation()
        result: list[Reconciliation] = []
        for total in self.totals:
            mine = [
                d
                for d in chosen
                if (total.reporter is None or d.reporter == total.reporter)
                and (total.product is None or d.product == total.product)
            ]
            parts = tuple(
                d for d in mine if total.span.start <= d.span.start and d.span.end <= total.span.end
            )
            straddling = tuple(d for d in mine if d.span.overlaps(total.span) and d not in parts)
            unit = total.amount.unit
            conversions: list[Conversion] = []
            summed = 0
            for d in parts:
                try:
                    route = norm.route(d.quantity.unit, d.product, unit)
                except FactorNotFoundError as error:
                    field = f"deliveries[{position[id(d)]}].product"
                    raise FactorNotFoundError(**{**error.facts, "field": field}) from None
                micro = counted_micro(d.micro, route.ratio)
                summed += micro
                conversions.append(
                    Conversion(
                        d.quantity,
                        total.amount,
                        route.method,
                        route.factor,
                        d.quantity.exact * route.ratio,
                        _amount(micro, unit),
                    )
                )
            result.append(
                Reconciliation(
                    total,
                    parts,
                    _amount(summed, unit),
                    _amount(_micro(total.amount) - summed, unit),
                    tuple(conversions),
                    straddling,
                )
            )
        return tuple(result)

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]], *, first_row: int = 1) -> LoadReport:
        """Load deliveries from mappings of column name to value, one per row.

        Columns: ``first`` and ``last`` (inclusive), or ``month``, or ``span``; ``quantity``
        (with ``unit``, or an amount such as ``"17,294 t"``); ``reporter``; optional
        ``reported``, ``product``, ``counterparties`` (``;``-separated), ``note``,
        ``source``, ``ref``.  Rows are numbered from *first_row*.

        >>> report = Ledger.from_rows([
        ...     {"month": "2023-01", "quantity": "44,655", "unit": "bbl", "reporter": "Russia"},
        ...     {"month": "2023-13", "quantity": "1", "unit": "bbl", "reporter": "Russia"},
        ... ])
        >>> report.accepted, [r.row for r in report.rejected], report.read
        (1, [2], 2)
        """
        if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
            raise _refuse(
                "rows",
                type(rows).__name__,
                "an iterable of mappings (one per row)",
                "pass a list of dicts; read a CSV file with Ledger.from_csv",
            )

        def cells() -> Iterator[Row]:
            for i, row in enumerate(rows):
                if not isinstance(row, Mapping):
                    reason = f"row: got {type(row).__name__}, expected a mapping of column to value"
                    yield Row(first_row + i, {"row": shown(row, 80)}, reason)
                else:
                    yield Row(first_row + i, {column_name(k): v for k, v in row.items()})

        return _load(cells(), ())

    @classmethod
    def from_csv(cls, source: str | Path | IO[str]) -> LoadReport:
        """Load deliveries from a CSV file (a path, or an open text file).

        Columns as for :meth:`from_rows`, named in a header row; extra columns are ignored
        and listed in the report.  Row numbers are as a spreadsheet shows them (the header is
        row 1).  A header without ``reporter``, ``quantity`` or dates raises
        :class:`LedgerError`; a bad data row is rejected with its reason.  A leading BOM is
        skipped however the file is given.

        The CSV is read strictly: a row the csv module cannot parse (a quote opened and never
        closed, text after a closing quote) is rejected as the line it starts on, with a
        :class:`ParseError` naming the line, and the lines after it are read as rows, so an
        unclosed quote never swallows the rows that follow.  Text cells (``product``,
        ``reporter``, ``counterparties``, ``note``, ``source``, ``ref``) lose one leading
        ``'``, the escape :meth:`to_csv` writes before text a spreadsheet would run.

        >>> import io
        >>> text = 'month,quantity,unit,reporter\\n2023-01,"44,655",bbl,Russia\\n2023-13,5,bbl,X\\n'
        >>> report = Ledger.from_csv(io.StringIO(text))
        >>> report.accepted, [(r.row, r.reason[:6]) for r in report.rejected]
        (1, [(3, 'month:')])
        """
        if isinstance(source, str | PathLike):
            name = repr(str(source))[1:-1][:200]
            try:
                path = Path(source)
                # A device or a pipe (/dev/zero) never ends: read regular files only.
                if path.exists() and not path.is_file() and not path.is_dir():
                    raise OSError(0, "not a regular file")
                with path.open(newline="", encoding="utf-8-sig") as handle:
                    return cls._read_csv(handle, name)
            except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
                if isinstance(error, SanctionCalcError):
                    raise
                raise LedgerError(
                    field="file",
                    got=f"{name}: {getattr(error, 'strerror', None) or error}"[:120],
                    expected="a readable CSV file",
                    fix="check the path",
                ) from None
        if not hasattr(source, "read") or isinstance(source, io.RawIOBase | io.BufferedIOBase):
            raise _refuse(
                "source",
                type(source).__name__,
                "a path, or a file opened in text mode",
                "pass open(path, newline='', encoding='utf-8'), a str path or a pathlib.Path",
            )
        return cls._read_csv(source, "the file")

    @classmethod
    def _read_csv(cls, handle: IO[str], name: str) -> LoadReport:
        rows = CsvRows(handle, name)
        return _load(rows, rows.ignored, lines=lambda: rows.data_lines)

    @classmethod
    def from_frame(cls, frame: Any) -> LoadReport:
        """Load deliveries from a pandas DataFrame (needs the ``pandas`` extra).

        Columns as for :meth:`from_rows`; rows are numbered by position from 0.  Missing
        cells (NaN, None, NaT) are blanks; a float quantity is read by its shortest repr.
        """
        pandas = _require("pandas", "Ledger.from_frame")
        if not isinstance(frame, pandas.DataFrame):
            raise _refuse("frame", type(frame).__name__, "a pandas DataFrame", "pass one")
        names, ignored = _columns([str(c) for c in frame.columns])

        def plain(value: object) -> object:
            if value is None or (not isinstance(value, str) and pandas.isna(value) is True):
                return None
            if isinstance(value, pandas.Timestamp):
                return value.to_pydatetime()
            item = getattr(value, "item", None)
            return item() if callable(item) and not isinstance(value, Decimal) else value

        def rows() -> Iterator[Row]:
            for position, values in enumerate(frame.itertuples(index=False, name=None)):
                yield Row(position, {k: plain(v) for k, v in zip(names, values, strict=True)})

        return _load(rows(), ignored, lines=lambda: len(frame))

    def to_csv(self, target: str | Path | IO[str] | None = None) -> str:
        """The deliveries as CSV text that :meth:`from_csv` reads back to an equal ledger.

        Columns ``first``, ``last`` (inclusive ISO dates), ``reported``, ``quantity`` (the
        exact digits as reported), ``unit``, ``product``, ``reporter``, ``counterparties``
        (``;``-separated), ``note``, ``source``, ``ref``.  Published totals have no rows here.
        With *target* (a path or an open text file) the text is also written there.

        A text cell that starts with ``=``, ``+``, ``-``, ``@``, ``'``, a tab or a CR is
        written with one ``'`` in front, so that a spreadsheet shows ``=HYPERLINK(...)`` in a
        note instead of running it; :meth:`from_csv` removes it again.  Numbers and dates are
        never changed.

        >>> ledger = Ledger([Delivery("2023-01", "44,655.50 bbl", reporter="Russia")])
        >>> print(ledger.to_csv(), end="")
        first,last,reported,quantity,unit,product,reporter,counterparties,note,source,ref
        2023-01-01,2023-01-31,,44655.50,bbl,unknown,Russia,,,,
        >>> Ledger.from_csv(io.StringIO(ledger.to_csv())).ledger == ledger
        True
        >>> tricky = Ledger([Delivery("2023-01", "1 bbl", reporter="R", note="=1+1")])
        >>> tricky.to_csv().splitlines()[1]
        "2023-01-01,2023-01-31,,1,bbl,unknown,R,,'=1+1,,"
        >>> Ledger.from_csv(io.StringIO(tricky.to_csv())).ledger == tricky
        True
        """
        text = deliveries_csv(self.deliveries)
        if isinstance(target, str | PathLike):
            name = repr(str(target))[1:-1][:200]
            try:
                Path(target).write_text(text, encoding="utf-8", newline="")
            except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
                raise LedgerError(
                    field="file",
                    got=f"{name}: {getattr(error, 'strerror', None) or error}"[:120],
                    expected="a writable file",
                    fix="check the path",
                ) from None
        elif target is not None:
            if not callable(getattr(target, "write", None)):
                raise _refuse(
                    "target",
                    type(target).__name__,
                    "a path, or a file opened for writing text",
                    "pass a str path, a pathlib.Path or open(path, 'w', newline='')",
                )
            target.write(text)
        return text

    def to_bulk(self) -> BulkLedger:
        """This ledger as columns for the bulk path (needs the ``bulk`` extra, numpy)."""
        _require("numpy", "Ledger.to_bulk")
        return bulk_path().from_ledger(self)  # type: ignore[no-any-return]
