"""Loading deliveries from CSV rows and data frames, and writing them back as CSV."""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Final, NamedTuple, final

from sanctioncalc._amount import Amount
from sanctioncalc._errors import InvalidPeriodError, LedgerError, ParseError, shown
from sanctioncalc._period import Span, check_date, format_date, parse_date

from .fields import (
    _month,
    _names,
    _refuse,
    _span,
    csv_text_cell,
    parse_span,
    read_csv_text_cell,
)
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


class Row(NamedTuple):
    """A row to load: its number, its cells, a reason to reject it already found (or None),
    the physical lines of the file it was read from, and the error that refused it.
    """

    number: int
    cells: Mapping[str, object]
    refusal: str | None = None
    lines: int = 1
    error: str = ""


def column_name(name: object) -> str:
    """A column's name as the loaders match it: lowercase, without outer spaces or a BOM."""
    # A BOM opens a UTF-8 file saved by Excel; read through a text handle or a StringIO it
    # is the first character of the first column's name.
    return str(name).strip().lstrip("\ufeff").strip().lower()


def _columns(header: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    names = [column_name(h) for h in header]
    missing = [c for c in ("reporter", "quantity") if c not in names]
    if not any(c in names for c in ("first", "month", "span")):
        missing.append("first, month or span")
    duplicated = [n for n, k in Counter(names).items() if k > 1]
    if missing or duplicated:
        # Name only the columns this reader knows: the first line of a foreign file (a
        # password file, a key) is not repeated in an error that may be logged or shown.
        known = [n for n in dict.fromkeys(names) if n in _COLUMNS]
        others = len(names) - sum(1 for n in names if n in _COLUMNS)
        got = ", ".join(known) if known else "no column this reader knows"
        if others:
            got += f" and {others} other column{'s' if others > 1 else ''}"
        raise LedgerError(
            field="columns",
            got=got if names else "no header",
            expected="columns " + ", ".join(_COLUMNS) + " (reporter, quantity and dates required)",
            fix=("add " + ", ".join(missing) if missing else "")
            + ("; " if missing and duplicated else "")
            + (_rename(duplicated) if duplicated else ""),
        )
    return names, tuple(n for n in names if n not in _COLUMNS)


def _rename(duplicated: Sequence[str]) -> str:
    known = [n for n in duplicated if n in _COLUMNS]
    if len(known) == len(duplicated):
        return "rename duplicate " + ", ".join(known)
    return "rename the columns named more than once"


#: The columns that hold text, which CSV files escape (see :func:`csv_text_cell`).  Numbers,
#: units and dates are never escaped.
TEXT_COLUMNS: Final = frozenset({"product", "reporter", "counterparties", "note", "source", "ref"})


#: Where a CR that no LF follows ends a line.
_LONE_CR: Final = re.compile(r"(?<=\r)(?!\n)")


@final
class _Lines:
    """The physical lines of a text file, handed to a csv reader one at a time and counted.

    A line ends at LF, CRLF or a lone CR, whatever the source: a file opened with
    ``newline=""`` splits at all three, a StringIO only at LF, so a lone CR inside what the
    source calls a line ends a line here too.  The lines of the record being read are kept,
    so that a record the reader cannot parse can give back all but its first line, to be
    read again as rows of their own.
    """

    def __init__(self, handle: Iterable[str]) -> None:
        self._source = iter(handle)
        self._again: list[str] = []  # lines given back, the next one last
        self._first = True
        self.taken: list[str] = []
        #: Lines handed out and not given back: at the end, the lines of the file.
        self.count = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if not self._again:
            line = next(self._source)
            if not isinstance(line, str):
                raise LedgerError(
                    field="source",
                    got=f"a file whose lines are {type(line).__name__}",
                    expected="a path, or a file opened in text mode",
                    fix="pass open(path, newline='', encoding='utf-8') or a pathlib.Path",
                )
            if self._first:
                self._first = False
                line = line.removeprefix("\ufeff")  # a BOM read through a text handle
            if "\r" not in line:
                self._again.append(line)
            else:
                self._again.extend(reversed([part for part in _LONE_CR.split(line) if part]))
        line = self._again.pop()
        self.count += 1
        self.taken.append(line)
        return line

    def give_back(self, lines: Sequence[str]) -> None:
        self._again.extend(reversed(lines))
        self.count -= len(lines)

    def rest(self) -> int:
        """Read to the end of the file; the number of lines that were left."""
        left = sum(1 for _ in self)
        self.taken.clear()
        return left


_FIELD_LIMIT: Final = "field larger than field limit"


@final
class CsvRows:
    """The data rows of a CSV file, read strictly, each with the lines of the file it spans.

    The header is read when this is built (a missing or unreadable header raises
    :class:`LedgerError`).  A row the csv module cannot parse (a quote opened and never
    closed, text after a closing quote) is rejected as the one line it starts on,
    with a :class:`ParseError` naming that line, and the lines after it are read as rows of
    their own: an unclosed quote never swallows the rows that follow.  Text cells are read
    with :func:`read_csv_text_cell`.  Once iterated, :attr:`data_lines` are all the lines of
    the file after the header.
    """

    def __init__(self, handle: Iterable[str], name: str) -> None:
        self._name = name
        self._lines = _Lines(handle)
        self._reader = csv.reader(self._lines, strict=True)
        header = self._record()
        if header is None:
            raise LedgerError(
                field="columns", got="an empty file", expected="a header row", fix="add one"
            )
        if isinstance(header, csv.Error):
            raise LedgerError(
                field="columns",
                got=f"{name}, line 1: {header}"[:120],
                expected="a header row of column names",
                fix="write the column names on the first line, separated by commas",
            )
        self.names, self.ignored = _columns(header)
        self._header_lines = self._lines.count
        self._end: int | None = None

    @property
    def data_lines(self) -> int:
        """The lines of the file after the header (once the rows have all been read)."""
        if self._end is None:
            raise LedgerError(
                field="rows",
                got="rows not yet read",
                expected="all rows read",
                fix="iterate the rows first",
            )
        return self._end - self._header_lines

    def _record(self) -> list[str] | csv.Error | None:
        """The next record's cells, the csv error it raised, or None at the end of the file."""
        self._lines.taken.clear()
        try:
            return next(self._reader, None)
        except csv.Error as error:
            if _FIELD_LIMIT in str(error) and len(self._lines.taken) == 1:
                # One line that long is no ledger (a binary file, a dump): refuse the file.
                raise LedgerError(
                    field="file",
                    got=f"{self._name}, line {self._lines.count}: {error}"[:120],
                    expected="CSV text with cells of at most 131,072 characters",
                    fix="check the file is a CSV ledger opened in text mode",
                ) from None
            return error
        except UnicodeDecodeError as error:
            raise LedgerError(
                field="encoding",
                got=f"{self._name}: bytes that are not UTF-8 ({error.reason})"[:120],
                expected="UTF-8 text",
                fix="save the file as UTF-8 (a spreadsheet's 'CSV UTF-8' format)",
            ) from None

    def __iter__(self) -> Iterator[Row]:
        names = self.names
        number = 1  # the header is row 1, as a spreadsheet shows it
        while (record := self._record()) is not None:
            number += 1
            taken = list(self._lines.taken)
            if isinstance(record, csv.Error):
                yield self._unparsed(number, record, taken)
            elif len(record) > len(names):
                reason = f"{len(record)} cells: more than the header's {len(names)}"
                yield Row(number, {"row": ",".join(record)[:200]}, reason, len(taken))
            else:
                cells = {
                    name: read_csv_text_cell(cell) if name in TEXT_COLUMNS else cell
                    for name, cell in zip(names, record, strict=False)
                }
                yield Row(number, cells, None, len(taken))
        self._end = self._lines.count + self._lines.rest()

    def _unparsed(self, number: int, error: csv.Error, taken: list[str]) -> Row:
        """Reject the first line of a record the csv module could not parse, and read the
        lines after it again as rows of their own."""
        first, rest = taken[0], taken[1:]
        self._lines.give_back(rest)
        self._reader = csv.reader(self._lines, strict=True)
        line = self._lines.count
        shown_line = first.rstrip("\r\n")
        message = str(error)
        if rest or "unexpected end of data" in message or _FIELD_LIMIT in message:
            # A quote opened on this line and did not close before the line's end.
            try:
                cells = next(csv.reader([first], strict=False), [])
            except csv.Error:  # a cell over the size limit: the column is not known
                cells = []
            column = self.names[len(cells) - 1] if 0 < len(cells) <= len(self.names) else "row"
            problem = ParseError(
                field=column,
                got=f"a quote opened on line {line} that does not close on that line",
                expected="a quoted cell to end with '\"' before the next ',' or the line's end",
                fix="close the quote, and write a '\"' inside a quoted cell as '\"\"'; "
                "the lines after it were read as rows of their own",
            )
        elif "expected after" in message:
            problem = ParseError(
                field="row",
                got=f"text after a closing quote on line {line} ({shown(shown_line, 60)})",
                expected="',' or the line's end after a quoted cell's closing '\"'",
                fix="quote the whole cell, and write a '\"' inside it as '\"\"'",
            )
        else:  # nothing else is known to reach here: say what the csv module said
            problem = ParseError(
                field="row",
                got=f"a row on line {line} that the csv module cannot read ({error})",
                expected="a row of comma-separated cells",
                fix="check the quoting on that line",
            )
        return Row(number, {"row": shown_line[:200]}, str(problem), 1, type(problem).__name__)


#: The columns Ledger.to_csv writes, in order: those it reads, with dates as first and last.
CSV_COLUMNS: Final = tuple(c for c in _COLUMNS if c not in ("month", "span"))


def deliveries_csv(deliveries: Iterable[Delivery]) -> str:
    """CSV text of *deliveries*, one row each, in :data:`CSV_COLUMNS` (see Ledger.to_csv).

    Text cells that a spreadsheet would run as a formula are escaped by
    :func:`csv_text_cell`; :class:`CsvRows` reads them back.
    """
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
            csv_text_cell(d.product),
            csv_text_cell(d.reporter),
            csv_text_cell("; ".join(d.counterparties)),
            csv_text_cell(d.note),
            csv_text_cell(d.source),
            "" if d.ref is None else csv_text_cell(d.ref),
        )
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return buffer.getvalue()
