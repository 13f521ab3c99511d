"""Loading deliveries from CSV rows and data frames, and writing them back as CSV."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Final

from sanctioncalc._amount import Amount
from sanctioncalc._errors import InvalidPeriodError, LedgerError, ParseError, shown
from sanctioncalc._period import Span, check_date, format_date, parse_date

from .fields import _month, _names, _refuse, _span, parse_span
from .records import Delivery

__all__: list[str] = []


# -- loading -----------------------------------------------------------------------------------


_COLUMNS: Final = (
    "first",
    "last",
    "month",
    "span",
    "reported",
    "quantity",
    "unit",
    "product",
    "reporter",
    "counterparties",
    "note",
    "source",
    "ref",
)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)  # a missing cell in a DataFrame
    return False


def _day_cell(field: str, value: object) -> date:
    if isinstance(value, str):
        return parse_date(value, field)
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _refuse(field, str(value), "a date without a time of day", "drop the time")
        return value.date()
    return check_date(value, field)


def _delivery_from(cells: Mapping[str, object]) -> Delivery:
    """Build a delivery from one row's cells (column name → value; blanks are missing)."""
    given = {k: v for k, v in cells.items() if not _blank(v)}
    if "span" in given:
        span = _span(str(given["span"]))
    elif "month" in given:
        month = str(given["month"]).strip()
        if _month(month) is None:
            raise ParseError(
                field="month",
                got=shown(month, 40),
                expected="a month such as '2023-01' or 'Jan 2023'",
                fix="write the year and month",
            )
        span = parse_span(month)
    elif "first" in given:
        first = _day_cell("first", given["first"])
        last = _day_cell("last", given.get("last", first))
        if last < first:
            raise InvalidPeriodError.reversed_days(
                "last", f"{format_date(first)} – {format_date(last)}"
            )
        span = Span.inclusive(first, last)
    else:
        raise _refuse("first", "nothing", "first (and last), month, or span", "give the dates")
    if "quantity" not in given:
        raise _refuse("quantity", "nothing", "a quantity such as '44,655'", "give the figure")
    if "reporter" not in given:
        raise _refuse("reporter", "nothing", "the reporting state", "name the reporter")
    raw, unit = given["quantity"], given.get("unit")
    if isinstance(raw, Amount):
        quantity = raw
    elif unit is None:
        quantity = Amount.parse(str(raw))
    elif isinstance(raw, str):
        quantity = Amount.parse(f"{raw.strip()} {str(unit).strip()}")
    else:
        quantity = Amount(raw, str(unit).strip())
    reported = given.get("reported")
    return Delivery(
        span,
        quantity,
        reporter=str(given["reporter"]).strip(),
        product=str(given.get("product", "unknown")),
        reported=None if reported is None else _day_cell("reported", reported),
        counterparties=_names(given.get("counterparties", ())),
        note=str(given.get("note", "")),
        source=str(given.get("source", "")),
        ref=None if given.get("ref") is None else str(given["ref"]).strip(),
    )


#: A row to load: its number, its cells, and a reason to reject it already found (or None).
_Row = tuple[int, Mapping[str, object], str | None]


def _columns(header: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    names = [str(h).strip().lower() for h in header]
    missing = [c for c in ("reporter", "quantity") if c not in names]
    if not any(c in names for c in ("first", "month", "span")):
        missing.append("first, month or span")
    duplicated = [n for n, k in Counter(names).items() if k > 1]
    if missing or duplicated:
        raise LedgerError(
            field="columns",
            got=", ".join(names)[:80] or "no header",
            expected="columns " + ", ".join(_COLUMNS) + " (reporter, quantity and dates required)",
            fix=("add " + ", ".join(missing) if missing else "")
            + ("; " if missing and duplicated else "")
            + ("rename duplicate " + ", ".join(duplicated) if duplicated else ""),
        )
    return names, tuple(n for n in names if n not in _COLUMNS)


#: The columns Ledger.to_csv writes, in order: those it reads, with dates as first and last.
CSV_COLUMNS: Final = tuple(c for c in _COLUMNS if c not in ("month", "span"))


def deliveries_csv(deliveries: Iterable[Delivery]) -> str:
    """CSV text of *deliveries*, one row each, in :data:`CSV_COLUMNS` (see Ledger.to_csv)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes a cell with '\n' but not one with a lone '\r' (not in this
    # line terminator), which then does not read back: quote such rows whole.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for d in deliveries:
        row = (
            d.span.start.isoformat(),
            d.span.last.isoformat(),
            "" if d.reported is None else d.reported.isoformat(),
            format(d.quantity.value, "f"),
            d.quantity.unit.symbol,
            d.product,
            d.reporter,
            "; ".join(d.counterparties),
            d.note,
            d.source,
            "" if d.ref is None else d.ref,
        )
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return buffer.getvalue()
