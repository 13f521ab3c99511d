"""Faults in ledger CSV files: a malformed quote, a bad row or a BOM never costs the other rows,
and no text cell written is run by a spreadsheet (tests ``sanctioncalc._ledger.loading.CsvRows``
directly, to break its line accounting, and the escape pair ``csv_text_cell`` and
``read_csv_text_cell`` that the command line shares)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import Delivery, Ledger, LedgerError, LoadReport
from sanctioncalc._ledger import csv_text_cell, loading, read_csv_text_cell

HEADER = "month,quantity,unit,reporter,note\n"


def good(count: int, start: int = 0) -> list[str]:
    """*count* good rows, each one line."""
    return [
        f"2023-{1 + (start + i) % 12:02d},{start + i + 1},bbl,Russia,row {start + i}\n"
        for i in range(count)
    ]


def load(text: str) -> LoadReport:
    """The report of loading *text* from a StringIO."""
    return Ledger.from_csv(io.StringIO(text))


def rejections(report: LoadReport) -> list[tuple[int, str]]:
    """Each rejected row's number and error name."""
    return [(r.row, r.error) for r in report.rejected]


class TestUnclosedQuote:
    """A quote that never closes rejects the line it opens on; the rows after it are read."""

    def test_rows_after_are_kept(self) -> None:
        """300 good rows around an unclosed quote: 300 accepted, 1 rejected, none swallowed."""
        broken = '2023-05,5,bbl,Russia,"see the annex, page 4\n'
        report = load(HEADER + "".join([*good(150), broken, *good(150, 150)]))
        assert (301, 300, [(152, "ParseError")]) == (
            report.read,
            report.accepted,
            rejections(report),
        )

    def test_reason_names_the_cell_and_line(self) -> None:
        """The reason names the column the quote opened in and the file's line."""
        report = load(HEADER + "".join([*good(2), '2023-05,5,bbl,Russia,"oops\n', *good(2)]))
        [rejected] = report.rejected
        assert re.match(r"note: got a quote opened on line 4 that does not close", rejected.reason)
        assert (("row", '2023-05,5,bbl,Russia,"oops'),) == rejected.values

    def test_quote_closed_lines_later(self) -> None:
        """A quote that closes on a later row's quoted cell still swallows nothing."""
        text = HEADER + '2023-01,1,bbl,R,"oops\n2023-02,2,bbl,R,plain\n2023-03,3,bbl,R,"a, b"\n'
        report = load(text)
        assert (3, 2, [(2, "ParseError")]) == (report.read, report.accepted, rejections(report))

    def test_cut_off_file(self) -> None:
        """A file cut off inside a quoted cell rejects that last row and keeps the others."""
        report = load(HEADER + "".join(good(3)) + '2023-04,"4,0')
        assert (4, 3, [(5, "ParseError")]) == (report.read, report.accepted, rejections(report))

    def test_quoted_cell_with_a_newline(self) -> None:
        """A quoted cell over two lines, closed, is one row."""
        report = load(HEADER + '2023-01,1,bbl,R,"line one\nline two"\n' + "".join(good(1)))
        assert (2, 2) == (report.read, report.accepted)
        assert "line one\nline two" == report.ledger.deliveries[0].note

    def test_unclosed_quote_in_the_header(self) -> None:
        """A header that cannot be read is an error for the file, naming line 1."""
        with pytest.raises(LedgerError, match=r"columns: got the file, line 1: "):
            load('month,quantity,"unit,reporter\n2023-01,1,bbl,R\n')


class TestMalformedQuotes:
    """Other quoting the csv module refuses is rejected row by row, with the line."""

    @pytest.mark.parametrize(
        ("row", "match"),
        [
            ('2023-01,"5" ,bbl,R,\n', r"row: got text after a closing quote on line 2"),
            ('2023-01,5,bbl,R,"a"b\n', r"row: got text after a closing quote on line 2"),
        ],
    )
    def test_rejected(self, row: str, match: str) -> None:
        """The row is a ParseError naming line 2; the next row is accepted."""
        report = load(HEADER + row + "".join(good(1)))
        assert (2, 1, [(2, "ParseError")]) == (report.read, report.accepted, rejections(report))
        assert re.match(match, report.rejected[0].reason)


class TestLineEnds:
    """A line ends at LF, CRLF or a lone CR, from a StringIO as from a file."""

    def test_lone_cr_ends_a_line(self) -> None:
        """A CR with no LF after it ends its row, as it does in a file opened with newline=''."""
        text = HEADER.replace("\n", "\r") + "2023-01,5,bbl,R,a\rb\r\n2023-02,6,bbl,R,\r"
        report = load(text)
        assert (3, 2, [(3, "ParseError")]) == (report.read, report.accepted, rejections(report))

    def test_quoted_cr_kept(self) -> None:
        """A CR inside a quoted cell stays in the cell."""
        [d] = load(HEADER + '2023-01,5,bbl,R,"a\rb\r\nc"\n').ledger.deliveries
        assert "a\rb\r\nc" == d.note

    def test_bytes_refused(self) -> None:
        """A source whose lines are bytes is refused as a whole."""
        with pytest.raises(LedgerError, match=r"source: got a file whose lines are bytes"):
            Ledger._read_csv(iter([b"month,quantity,reporter\n"]), "the file")  # type: ignore[arg-type]


class TestLineAccounting:
    """The rows a load counts span every line of the file; a load that loses one raises."""

    def test_dropped_row_raises(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """If the reader handed on one row fewer than it read, the load raises, not reports."""
        read_rows = loading.CsvRows.__iter__

        def dropping(self: loading.CsvRows) -> Iterator[loading.Row]:
            rows = read_rows(self)
            next(rows)
            yield from rows

        monkeypatch.setattr(loading.CsvRows, "__iter__", dropping)
        with pytest.raises(LedgerError, match=r"rows: got 2 rows spanning 2 lines, expected"):
            load(HEADER + "".join(good(3)))

    def test_dropped_frame_row_raises(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """If a frame yielded one row fewer than it has, the load raises."""
        pandas = pytest.importorskip("pandas")
        frame = pandas.DataFrame({"month": ["2023-01"] * 3, "quantity": ["1"] * 3})
        frame["reporter"] = "R"
        itertuples = pandas.DataFrame.itertuples

        def dropping(self: Any, *args: Any, **kwargs: Any) -> Iterator[tuple[Any, ...]]:
            rows = itertuples(self, *args, **kwargs)
            next(rows)
            yield from rows

        monkeypatch.setattr(pandas.DataFrame, "itertuples", dropping)
        with pytest.raises(LedgerError, match=r"rows: got 2 rows spanning 2 lines"):
            Ledger.from_frame(frame)

    def test_report_that_does_not_add_up(self) -> None:
        """A LoadReport whose counts do not add up cannot be built."""
        with pytest.raises(LedgerError, match=r"LoadReport.read: got 3 rows read"):
            LoadReport(Ledger(), (), 3)

    @pytest.mark.parametrize(
        "args", [(None, None, None), (Ledger(), [], 0), (Ledger(), (), True), (Ledger(), (1,), 1)]
    )
    def test_report_of_wrong_parts(self, args: tuple[Any, ...]) -> None:
        """A LoadReport of anything but a ledger, rejected rows and a count is refused."""
        with pytest.raises(LedgerError, match=r"LoadReport: got .*, expected a Ledger"):
            LoadReport(*args)

    def test_data_lines_before_reading(self) -> None:
        """The lines of a file are known only once its rows are read."""
        rows = loading.CsvRows(io.StringIO(HEADER), "the file")
        with pytest.raises(LedgerError, match="rows: got rows not yet read"):
            assert rows.data_lines

    def test_multiline_rows_span_their_lines(self) -> None:
        """Rows over several lines count each line once."""
        text = HEADER + '2023-01,1,bbl,R,"a\nb\nc"\n\n2023-02,"2",bbl,R,"x\r\ny"\n'
        rows = loading.CsvRows(io.StringIO(text), "the file")
        assert ([3, 1, 2], 6) == ([row.lines for row in rows], rows.data_lines)


class TestBlankRows:
    """Blank rows are rejected as blank, and the report counts them."""

    def test_counted(self) -> None:
        """An empty line and a row of empty cells are both blank rows."""
        report = load(HEADER + "".join(good(1)) + "\n,,,,\n" + "".join(good(1)))
        assert (4, 2, 2) == (report.read, report.accepted, report.blank)
        assert str(report).startswith("read 4 rows: 2 accepted, 2 rejected (2 blank)\n")

    def test_refusal_is_not_blank(self) -> None:
        """A row refused for its content is not counted as blank."""
        report = load(HEADER + "2023-13,1,bbl,R,\n")
        assert (1, 0) == (len(report.rejected), report.blank)
        assert "read 1 rows: 0 accepted, 1 rejected" == str(report).splitlines()[0]


class TestByteOrderMark:
    """A leading BOM is skipped from a path, an open handle and a StringIO alike."""

    TEXT = '\ufeff"month",quantity,unit,reporter\n2023-01,1,bbl,R\n'

    def test_path(self, tmp_path: Path) -> None:
        """A file with a BOM, by path."""
        path = tmp_path / "bom.csv"
        path.write_text(self.TEXT, encoding="utf-8")
        assert (1, 1) == (Ledger.from_csv(path).read, Ledger.from_csv(path).accepted)

    def test_handle(self, tmp_path: Path) -> None:
        """A file with a BOM, opened as UTF-8 text (the BOM is then a character)."""
        path = tmp_path / "bom.csv"
        path.write_text(self.TEXT, encoding="utf-8")
        with path.open(newline="", encoding="utf-8") as handle:
            assert 1 == Ledger.from_csv(handle).accepted

    def test_string_io(self) -> None:
        """Text with a BOM, in a StringIO."""
        assert 1 == load(self.TEXT).accepted

    def test_rows_and_frames(self) -> None:
        """A column named with a BOM (a DictReader's first key) is the column."""
        rows = [{"\ufeffmonth": "2023-01", "quantity": "1", "unit": "bbl", "reporter": "R"}]
        assert 1 == Ledger.from_rows(rows).accepted


class TestOutOfRangeMonths:
    """A month or date no calendar holds rejects its row with a sanctioncalc error."""

    @pytest.mark.parametrize(
        ("header", "cell"),
        [
            ("month", "0000-01"),
            ("month", "Jan 0000"),
            ("month", "9999-12"),
            ("month", "1800-01"),
            ("span", "0000-01"),
            ("span", "0000-01 – 2023-01"),
            ("span", "Dec 2023 – Jan 0000"),
            ("span", "1 Jan 0000"),
            ("first", "0000-01-01"),
            ("first", "1 Jan 0000"),
            ("first", "9999-12-31"),
            ("reported", "0000-01-01"),
        ],
    )
    def test_rejected(self, header: str, cell: str) -> None:
        """The row is rejected with its error; the good row beside it is accepted."""
        dates = "month" if header == "reported" else header
        text = f"{dates},reported,quantity,unit,reporter\n"
        bad = f"2023-01,{cell}" if header == "reported" else f"{cell},"
        fine = "2023-01-01" if dates == "first" else "2023-01"
        report = load(text + f"{bad},1,bbl,R\n{fine},,2,bbl,R\n")
        assert (2, 1, [2]) == (report.read, report.accepted, [r.row for r in report.rejected])
        error = getattr(sc, report.rejected[0].error)
        assert issubclass(error, sc.SanctionCalcError)


# -- formulas in text cells ---------------------------------------------------------------------

TRIGGERS = ("=", "+", "-", "@", "'", "\t", "\r")
ATTACKS = (
    '=HYPERLINK("https://example.org/x","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "'already quoted",
    "''twice",
    "=1+1",
)
#: Starts that a spreadsheet might run, then anything.
_starts = st.sampled_from(("", *TRIGGERS, *ATTACKS))
_texts = st.builds(str.__add__, _starts, st.text(max_size=30))
_printable = st.text(
    st.characters(exclude_categories=("C", "Z"), include_characters=" "), max_size=20
)


def _name(text: str) -> str | None:
    """*text* as a reporter, party or ref can hold it, or None."""
    name = text.strip()
    ok = name and name.isprintable() and ";" not in name and len(name) <= 120
    return name if ok else None


_names = st.builds(str.__add__, _starts, _printable).map(_name).filter(bool).map(str)


@st.composite
def hostile_deliveries(draw: st.DrawFn) -> Delivery:
    """A delivery whose every text field may start with a formula or an escape quote."""
    first = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)))
    last = first + timedelta(days=draw(st.integers(0, 400)))
    reported = draw(st.none() | st.just(last))
    return Delivery(
        sc.Span.inclusive(first, last),
        draw(st.sampled_from(["1 bbl", "44,655.5 bbl", "17,294 t", "US$1,000"])),
        reporter=draw(_names),
        reported=reported,
        counterparties=tuple(draw(st.lists(_names, max_size=3))),
        note=draw(_texts),
        source=draw(_texts),
        ref=draw(st.none() | _names) if reported is not None else None,
    )


hostile_ledgers = st.lists(hostile_deliveries(), max_size=6).map(
    lambda items: Ledger(list({(d.ref, d.reported) if d.ref else id(d): d for d in items}.values()))
)
TEXT_CELLS = ("product", "reporter", "counterparties", "note", "source", "ref")


def written_cells(ledger: Ledger) -> list[dict[str, str]]:
    """The cells of ledger.to_csv(), as a csv reader sees them."""
    return list(csv.DictReader(io.StringIO(ledger.to_csv(), newline="")))


class TestFormulaCells:
    """Text cells that a spreadsheet would run are written with one leading quote."""

    @pytest.mark.parametrize("attack", [*ATTACKS, *(f"{t}x" for t in TRIGGERS)])
    def test_note_escaped(self, attack: str) -> None:
        """A note, source, reporter and counterparty that start with a formula get one quote."""
        name = _name(attack) or "x"
        ledger = Ledger(
            [
                Delivery(
                    "2023-01",
                    "5 bbl",
                    reporter=name,
                    counterparties=(name,),
                    note=attack,
                    source=attack,
                    ref=name,
                    reported=date(2023, 2, 1),
                )
            ]
        )
        [row] = written_cells(ledger)
        note = attack.strip()
        expected = {"note": f"'{note}", "source": f"'{note}"} if note[:1] in TRIGGERS else {}
        if name[:1] in TRIGGERS:
            expected |= {"reporter": f"'{name}", "counterparties": f"'{name}", "ref": f"'{name}"}
        assert expected == {k: v for k, v in row.items() if v.startswith("'")}

    @pytest.mark.parametrize("target", ["", ".", "/nonexistent/folder/ledger.csv", "a\x00b"])
    def test_unwritable_path(self, target: str) -> None:
        """A path that cannot be written is a LedgerError naming it."""
        with pytest.raises(LedgerError, match=r"file: got .*expected a writable file"):
            Ledger().to_csv(target)

    def test_target_that_cannot_write(self) -> None:
        """A target with no write method is refused before anything is written."""
        with pytest.raises(LedgerError, match=r"target: got bool, expected a path"):
            Ledger().to_csv(True)  # type: ignore[arg-type]

    def test_plain_text_untouched(self) -> None:
        """Text that no spreadsheet would run is written as it is."""
        ledger = Ledger([Delivery("2023-01", "5 bbl", reporter="Russia", note="a = b, c - d")])
        [row] = written_cells(ledger)
        assert ("Russia", "a = b, c - d") == (row["reporter"], row["note"])

    def test_numbers_and_dates_untouched(self) -> None:
        """Quantities and dates are never escaped, and a read CSV keeps them as written."""
        text = "first,quantity,unit,reporter,note\n2023-01-01,'5,bbl,R,'=1\n"
        report = load(text)
        assert [(2, "ParseError")] == rejections(report)
        assert ("quantity", "'5") == report.rejected[0].values[1]

    def test_no_written_cell_starts_a_formula(self) -> None:
        """After escaping, no text cell of the file starts with a formula character."""
        ledger = Ledger(
            [Delivery("2023-01", "5 bbl", reporter=a, note=a, source=a) for a in ATTACKS]
        )
        starts = {row[c][:1] for row in written_cells(ledger) for c in TEXT_CELLS}
        assert set() == starts & set(TRIGGERS) - {"'"}

    def test_reader_removes_one_quote(self) -> None:
        """A text cell loses exactly one leading quote when read; other columns none."""
        text = (
            "month,quantity,unit,reporter,counterparties,note,source,ref,reported\n"
            "2023-01,5,bbl,'=R,'@A; B,''x,'-y,'+z,2023-02-01\n"
        )
        [d] = load(text).ledger.deliveries
        assert ("=R", ("@A", "B"), "'x", "-y", "+z") == (
            d.reporter,
            d.counterparties,
            d.note,
            d.source,
            d.ref,
        )

    @given(st.text())
    def test_escape_round_trip(self, text: str) -> None:
        """read_csv_text_cell undoes csv_text_cell for any text."""
        assert text == read_csv_text_cell(csv_text_cell(text))

    @given(_texts)
    def test_escaped_cell_is_safe(self, text: str) -> None:
        """An escaped cell starts with a quote or with no formula character at all."""
        cell = csv_text_cell(text)
        assert cell.startswith("'") or not cell.startswith(TRIGGERS)

    @given(hostile_ledgers)
    def test_ledger_round_trip(self, ledger: Ledger) -> None:
        """from_csv(to_csv()) is the same ledger, whatever its text fields start with."""
        report = Ledger.from_csv(io.StringIO(ledger.to_csv()))
        assert (len(ledger), ()) == (report.accepted, report.rejected)
        assert ledger == report.ledger

    @given(hostile_ledgers)
    def test_ledger_round_trip_through_a_file(self, ledger: Ledger) -> None:
        """The same through a file written by to_csv(path) and read by from_csv(path)."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "ledger.csv"
            ledger.to_csv(path)
            assert ledger == Ledger.from_csv(path).ledger


# -- the hostile files, through every loader ----------------------------------------------------

DATA = Path(__file__).with_name("data") / "csv"


class Loaded(NamedTuple):
    """What a load kept: accepted rows, and each rejection's error (``blank``, or ``refused``
    for a row refused before it was read)."""

    accepted: int
    rejections: tuple[str, ...] = ()


PE, LE, IPE = "ParseError", "LedgerError", "InvalidPeriodError"
#: Each file: what the CSV loaders (path, open handle, StringIO) give, and what
#: ``Ledger.from_frame(pandas.read_csv(...))`` gives, or the name of the error raised
#: (pandas' parser is pandas' own: it refuses some files and forgives others).
FILES: dict[str, tuple[Loaded | str, Loaded | str]] = {
    # 150 good rows, a note whose quote never closes, 150 good rows: only that line is lost.
    "unclosed_quote.csv": (Loaded(300, (PE,)), "ParserError"),
    # A UTF-8 BOM before a quoted header.
    "bom.csv": (Loaded(3), Loaded(3)),
    # Months and dates in year 0 or past the ledger's range, beside good rows.
    "year_zero.csv": (Loaded(2, (PE, PE, PE, PE, IPE)), Loaded(2, (PE, PE, PE, PE, IPE))),
    # Formulas in text cells are text (read as written); in a quantity or month, refused.
    "formulas.csv": (Loaded(3, (PE, PE)), Loaded(3, (PE, PE))),
    # Cells escaped by to_csv: the CSV loaders remove one quote, pandas none.
    "escaped_formulas.csv": (Loaded(2), Loaded(2)),
    # CRLF line ends, and a CRLF inside a quoted note.
    "crlf.csv": (Loaded(4), Loaded(4)),
    # Quoted notes over several lines, with commas, doubled quotes and a blank line.
    "multiline_notes.csv": (Loaded(4), Loaded(4)),
    # A NUL in a quantity, in a reporter's name, in a note.
    "nul_byte.csv": (Loaded(2, (PE, LE)), Loaded(2, (PE, LE))),
    # Empty lines and rows of empty cells (pandas drops empty lines itself).
    "blank_lines.csv": (Loaded(2, ("blank",) * 4), Loaded(2, ("blank",) * 2)),
    # Text after a closing quote: refused by the strict reader, forgiven by pandas.
    "text_after_quote.csv": (Loaded(1, (PE, PE)), Loaded(3)),
    # Cut off inside a quoted cell.
    "truncated.csv": (Loaded(2, (PE,)), "ParserError"),
    # A row with more cells than the header.
    "extra_cells.csv": (Loaded(2, ("refused",)), "ParserError"),
    # Old Mac line ends: a lone CR ends each line.
    "lone_cr.csv": (Loaded(3), Loaded(3)),
    "only_header.csv": (Loaded(0), Loaded(0)),
    "empty.csv": (LE, "EmptyDataError"),
}


def _from_path(path: Path) -> LoadReport:
    return Ledger.from_csv(path)


def _from_handle(path: Path) -> LoadReport:
    with path.open(newline="", encoding="utf-8") as handle:
        return Ledger.from_csv(handle)


def _from_string_io(path: Path) -> LoadReport:
    return Ledger.from_csv(io.StringIO(path.read_bytes().decode("utf-8")))


def _from_pandas(path: Path) -> LoadReport:
    import pandas as pd

    return Ledger.from_frame(pd.read_csv(path, dtype=str, keep_default_na=False))


LOADERS = {
    "path": _from_path,
    "handle": _from_handle,
    "StringIO": _from_string_io,
    "pandas": _from_pandas,
}


def outcome(report: LoadReport) -> tuple[int, int, int, tuple[str, ...]]:
    """Accepted, rejected and blank counts, and each rejection's error."""
    errors = tuple("blank" if r.blank else r.error or "refused" for r in report.rejected)
    return report.accepted, len(report.rejected), report.blank, errors


class TestHostileFiles:
    """Every CSV loader gives each hostile file's documented outcome."""

    def test_every_file_is_documented(self) -> None:
        """The folder holds exactly the documented files (so none is skipped or missing)."""
        assert sorted(FILES) == sorted(p.name for p in DATA.glob("*.csv"))

    @pytest.mark.parametrize("loader", list(LOADERS))
    @pytest.mark.parametrize("name", list(FILES))
    def test_outcome(self, name: str, loader: str) -> None:
        """The file loads to its documented counts and errors, or raises its documented error."""
        expected = FILES[name][loader == "pandas"]
        if isinstance(expected, str):
            import pandas as pd

            errors = {"LedgerError": LedgerError, **vars(pd.errors)}
            with pytest.raises(errors[expected]) as info:
                LOADERS[loader](DATA / name)
            assert expected == type(info.value).__name__
            return
        report = LOADERS[loader](DATA / name)
        blank = expected.rejections.count("blank")
        assert (expected.accepted, len(expected.rejections), blank, expected.rejections) == (
            outcome(report)
        )
        assert report.read == report.accepted + len(report.rejected)

    @pytest.mark.parametrize("loader", ["path", "handle", "StringIO"])
    def test_unclosed_quote_names_its_line(self, loader: str) -> None:
        """The unclosed quote's rejection names its column and its line, 152."""
        report = LOADERS[loader](DATA / "unclosed_quote.csv")
        [rejected] = report.rejected
        assert (152, "note: got a quote opened on line 152") == (rejected.row, rejected.reason[:36])

    def test_formulas_are_written_escaped(self) -> None:
        """Formulas read as text are written back with one leading quote, and read back."""
        ledger = Ledger.from_csv(DATA / "formulas.csv").ledger
        cells = [row[c] for row in written_cells(ledger) for c in TEXT_CELLS]
        assert [] == [c for c in cells if c.startswith(TRIGGERS) and not c.startswith("'")]
        assert ledger == Ledger.from_csv(io.StringIO(ledger.to_csv())).ledger

    def test_escaped_cells_read_back(self) -> None:
        """Cells escaped by to_csv read back as the text they hold."""
        first, second = Ledger.from_csv(DATA / "escaped_formulas.csv").ledger.deliveries
        assert ("=1+1", ("-Vessel A", "@Company B"), '=HYPERLINK("x")', "@SUM(A1:A9)", "+r1") == (
            first.reporter,
            first.counterparties,
            first.note,
            first.source,
            first.ref,
        )
        assert ("'quoted'", "plain") == (second.note, second.source)

    def test_line_ends_kept_in_the_repository(self) -> None:
        """The CRLF and CR files still hold their line ends (git did not convert them)."""
        crlf, cr = (DATA / "crlf.csv").read_bytes(), (DATA / "lone_cr.csv").read_bytes()
        assert (6, 0, 4) == (crlf.count(b"\r\n"), cr.count(b"\n"), cr.count(b"\r"))
        assert (DATA / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")


class TestForeignFiles:
    """A file that is not a ledger is refused without its first line repeated in the error."""

    @pytest.mark.parametrize(
        "first",
        ["root:x:0:0:root:/root:/bin/bash", "api_key=sk-live-0123456789abcdef", "month,month,x=1"],
    )
    def test_header_is_not_quoted(self, tmp_path: Path, first: str) -> None:
        """The error names the columns it knows and counts the others; it never quotes them."""
        path = tmp_path / "foreign.csv"
        path.write_text(first + "\nsecond line\n", encoding="utf-8")
        with pytest.raises(LedgerError) as info:
            sc.Ledger.from_csv(path)
        unknown = [part for part in first.split(",") if part not in ("month",)]
        assert not any(part in str(info.value) for part in unknown), str(info.value)
        assert "columns" == info.value.field
