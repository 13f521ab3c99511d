"""The ``sanctioncalc`` command line: reports on the bundled catalog, and quick arithmetic.

Exit codes: 0 success; 1 a sanctioncalc error (bad input, unknown symbol, unit mismatch),
reported in one line on stderr; 2 a usage error (unknown command or option).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final, NoReturn

from ._amount import Amount
from ._catalog import (
    Catalog,
    CatalogMeasure,
    catalog,
    compare_instruments,
    cumulative_restriction,
    timeline,
)
from ._errors import SanctionCalcError
from ._factors import Rate, factor, factor_names
from ._ledger import csv_text_cell
from ._mark import Mark
from ._numbers import MAX_PLACES, fraction_text
from ._ops import compare, convert, explain_conversion
from ._provenance import Explanation, Provenance
from ._render import json as ser

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1
EXIT_USAGE: Final = 2

Rows = list[list[str]]
# Typographic characters of the table and CSV text, for consoles that cannot show them
# (cp1252 on Windows has the dashes but not the arrow; JSON escapes instead).
_ASCII: Final = str.maketrans({"→": "->", "–": "-", "—": "-", "−": "-", "≈": "~"})


def _table(headers: Sequence[str], rows: Rows) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join(lines)


#: Columns whose cells are figures and dates the library writes; every other column is text,
#: and a text cell a spreadsheet would run as a formula gets one leading "'".
_VALUE_COLUMNS: Final = frozenset(
    {"old", "new", "delta", "cut", "before", "after", "step cut", "cumulative", "date"}
    | {"from", "to", "factor", "measures", "vote", "applied"}
)


def _csv(headers: Sequence[str], rows: Rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    text = [header not in _VALUE_COLUMNS for header in headers]
    writer.writerows(
        [csv_text_cell(cell) if is_text else cell for cell, is_text in zip(row, text, strict=True)]
        for row in rows
    )
    return buffer.getvalue().rstrip("\n")


class Output:
    """What a command produced, in the three formats."""

    def __init__(
        self,
        command: str,
        data: ser.Json | list[ser.Json],
        headers: Sequence[str],
        rows: Rows,
        *,
        csv_rows: Rows | None = None,
        csv_headers: Sequence[str] | None = None,
        before: str = "",
        after: str = "",
        catalog: Catalog | None = None,
        provenance: Provenance | None = None,
        csv_provenance: Sequence[Provenance] | None = None,
        explanation: Explanation | None = None,
    ) -> None:
        self.catalog = catalog
        self.provenance = provenance
        self.csv_provenance = csv_provenance
        self.explanation = explanation
        self.command = command
        self.data = data
        self.headers = headers
        self.rows = rows
        self.csv_rows = csv_rows if csv_rows is not None else rows
        self.csv_headers = csv_headers if csv_headers is not None else headers
        self.before = before
        self.after = after

    def render(self, fmt: str, *, ascii_only: bool = False) -> str:
        """The output as text; *ascii_only* for a stream that cannot encode "→" or "–"."""
        edition = self.catalog.edition if self.catalog is not None else None
        if fmt == "json":
            found = ser.document(
                self.command,
                self.data,
                catalog_edition=edition,
                provenance=self.provenance,
                explanation=self.explanation,
            )
            return json.dumps(found, indent=2, ensure_ascii=ascii_only)
        if fmt == "csv":
            headers, rows = list(self.csv_headers), [list(r) for r in self.csv_rows]
            if self.csv_provenance is not None:
                headers += ["mark", "flags"]
                for row, found_provenance in zip(rows, self.csv_provenance, strict=True):
                    row += [found_provenance.mark_text, "; ".join(found_provenance.flags)]
            headers += ["library_version", "catalog_edition"]
            made_by = [ser.library_version(), edition or ""]
            for row in rows:
                row.extend(made_by)
            text = _csv(headers, rows)
        else:
            headers, rows = list(self.headers), [list(r) for r in self.rows]
            marks = self.csv_provenance
            if marks is not None and len(marks) == len(rows) and not all(m.is_plain for m in marks):
                headers.append("flags")
                for row, found_provenance in zip(rows, marks, strict=True):
                    flags = found_provenance.flags
                    row.append(("⚠ " + "; ".join(flags)) if flags else "")
            parts = [p for p in (self.before, _table(headers, rows), self.after) if p]
            if self.provenance is not None and not self.provenance.is_plain:
                parts.append(
                    f"provenance: mark {self.provenance.mark_text}\n"
                    + "\n".join(f"  ⚠ {flag}" for flag in self.provenance.flags)
                )
            if self.explanation is not None:
                parts.append(f"explanation: {self.explanation}")
            text = "\n\n".join(parts)
        if ascii_only:
            text = text.translate(_ASCII).encode("ascii", "backslashreplace").decode("ascii")
        return text


def _flags(measure: CatalogMeasure | None) -> str:
    return f" [{'; '.join(measure.flags)}]" if measure is not None and measure.flags else ""


def _source_line(label: str, measure: CatalogMeasure) -> str:
    return (
        f"  {label}: {measure.source.citation} ({measure.source.mark}) {measure.source.url}"
        f"{_flags(measure)}"
    )


def _load_catalog(args: argparse.Namespace) -> Catalog:
    extra: list[str] = args.catalog or []
    return Catalog.from_files(*extra, base=catalog()) if extra else catalog()


def cmd_compare(args: argparse.Namespace) -> Output:
    cat = _load_catalog(args)
    fac = factor(args.factor) if args.factor else None
    result = compare_instruments(args.old, args.new, catalog=cat, factor=fac, places=args.places)
    # The table reads the note in the cut column; CSV keeps numbers and notes apart.
    rows: Rows = []
    csv_rows: Rows = []
    csv_provenance: list[Provenance] = []
    sources: list[str] = []
    for change in result.changes:
        if change.comparison is not None:
            for index, limb in enumerate(change.comparison.changes):
                row = [
                    change.commodity if index == 0 else "",
                    str(limb.old),
                    str(limb.new),
                    str(limb.delta),
                    str(limb.cut),
                ]
                rows.append(row)
                csv_rows.append([*row, ""])
                csv_provenance.append(limb.provenance)
        elif change.old is not None and change.new is not None:
            row = [change.commodity, change.old.describe(), change.new.describe(), "—"]
            rows.append([*row, change.note])
            csv_rows.append([*row, "—", change.note])
            csv_provenance.append(Provenance.combine(change.old.provenance, change.new.provenance))
        for label, measure in (("old", change.old), ("new", change.new)):
            if measure is not None and (change.comparison is not None or change.note):
                sources.append(_source_line(f"{change.commodity} {label}", measure))
    old, new = result.old, result.new
    before = f"compare {old} → {new}"
    if new.vote is not None:
        before += f"\nvote on {new.symbol}: {new.vote}"
    after_parts: list[str] = []
    for title, items in (
        (f"only in {old.symbol}", result.only_in_old),
        (f"only in {new.symbol}", result.only_in_new),
    ):
        if items:
            after_parts.append(
                title
                + ":\n"
                + "\n".join(
                    f"  {m.commodity.name if m.commodity else '-'}"
                    f" ({m.commodity.direction if m.commodity else '-'}): {m.describe()}{_flags(m)}"
                    for m in items
                )
            )
    provisions = [m for m in new.measures if m.measure is None]
    if provisions:
        after_parts.append(
            f"other provisions of {new.symbol}:\n"
            + "\n".join(f"  {m.provision}{_flags(m)}" for m in provisions)
        )
    if sources:
        after_parts.append("sources:\n" + "\n".join(sources))
    after_parts.append(
        "cut = 1 − new/old (positive for a reduction); delta = new − old; "
        + ", ".join(f"{m} = {m.wording}" for m in Mark)
    )
    return Output(
        "compare",
        ser.instrument_comparison_json(result),
        ["commodity", "old", "new", "delta", "cut"],
        rows,
        csv_rows=csv_rows,
        csv_headers=["commodity", "old", "new", "delta", "cut", "note"],
        before=before,
        after="\n\n".join(after_parts),
        catalog=cat,
        provenance=result.provenance,
        csv_provenance=csv_provenance,
        explanation=result.explain() if args.explain else None,
    )


def cmd_timeline(args: argparse.Namespace) -> Output:
    cat = _load_catalog(args)
    result = timeline(args.commodity, catalog=cat)
    rows = [
        [
            e.span_text,
            e.measure.describe(),
            e.instrument.symbol,
            str(e.status),
            e.measure.source.citation,
            "; ".join(f for f in e.measure.flags if not f.startswith("paragraph")),
        ]
        for e in result.entries
    ]
    return Output(
        "timeline",
        ser.timeline_json(result),
        ["applied", "limit", "instrument", "status", "source", "flags"],
        rows,
        before=f"timeline: {result.commodity}",
        catalog=cat,
        provenance=result.provenance,
        explanation=result.explain() if args.explain else None,
    )


def cmd_show(args: argparse.Namespace) -> Output:
    cat = _load_catalog(args)
    inst = cat.instrument(args.symbol)
    rows = [
        [
            m.id,
            m.commodity.name if m.commodity else "—",
            str(m.commodity.direction) if m.commodity else "—",
            m.describe(),
            m.source.citation,
            m.source.mark.value,
            "; ".join(m.flags),
        ]
        for m in inst.measures
    ]
    regime = cat.regimes[inst.regime]
    whose = "OpenSanctions program" if regime.program_key_origin == "opensanctions" else "own key"
    head = [str(inst), f"regime: {inst.regime} ({regime.program_key}, {whose})"]
    if inst.document_url:
        head.append(f"document: {inst.document_url}")
    if inst.date_url or inst.date_mark is not Mark.V:
        read_on = inst.date_url or "no page"
        head.append(f"date: {inst.date.isoformat()} ({inst.date_mark}, {read_on})")
    if inst.vote:
        head.append(f"vote: {inst.vote} ({inst.vote.mark}, {inst.vote.url or 'no page'})")
    head.append(f"source: {inst.source.url} ({inst.source.mark})")
    notes = [
        f"  {m.id}: reporting every {m.reporting_days} days"
        + (f"; thresholds {', '.join(map(str, m.thresholds))}" if m.thresholds else "")
        for m in inst.measures
        if m.reporting_days or m.thresholds
    ]
    return Output(
        "show",
        ser.instrument_json(inst),
        ["measure", "commodity", "direction", "limit", "source", "mark", "flags"],
        rows,
        before="\n".join(head),
        after=("reporting and thresholds:\n" + "\n".join(notes)) if notes else "",
        catalog=cat,
    )


def cmd_list(args: argparse.Namespace) -> Output:
    cat = _load_catalog(args)
    rows = [
        [
            i.symbol,
            i.date.isoformat() + (" [date unverified]" if i.date_mark is Mark.U else ""),
            i.kind,
            str(i.status),
            str(i.vote) if i.vote else "",
            str(len(i.measures)),
        ]
        for i in cat.instruments
    ]
    return Output(
        "list",
        [ser.instrument_json(i, measures=False) for i in cat.instruments],
        ["symbol", "date", "kind", "status", "vote", "measures"],
        rows,
        catalog=cat,
    )


def cmd_cumulative(args: argparse.Namespace) -> Output:
    cat = _load_catalog(args)
    fac = factor(args.factor) if args.factor else None
    result = cumulative_restriction(
        args.commodity,
        args.baseline,
        through=args.through,
        catalog=cat,
        factor=fac,
        places=args.places,
    )
    rows = [
        [s.label, str(s.before), str(s.after), str(s.step), str(s.cumulative)] for s in result.steps
    ]
    return Output(
        "cumulative",
        ser.waterfall_json(result),
        ["step", "before", "after", "step cut", "cumulative"],
        rows,
        catalog=cat,
        provenance=result.provenance,
        csv_provenance=[s.provenance for s in result.steps],
        explanation=result.explain() if args.explain else None,
        before=f"cumulative restriction: {args.commodity} from {result.baseline}",
        after="\n".join(
            [
                *(
                    f"{s.label}: levels rounded half-up to {s.places} places; the cuts are exact"
                    for s in result.steps
                    if s.places is not None
                ),
                f"total: {result.total} (exact {result.total.exact})",
            ]
        ),
    )


def cmd_convert(args: argparse.Namespace) -> Output:
    fac = factor(args.factor) if args.factor else None
    amount = Amount.parse(args.amount)
    result = convert(amount, args.to, factor=fac, places=args.places)
    data: ser.Json = {
        "from": ser.amount_json(amount),
        "to": ser.amount_json(result),
        "factor": ser.factor_json(fac) if fac else None,
        "provenance": result.provenance.to_json(),
    }
    via = f" via {fac}" if fac else ""
    return Output(
        "convert",
        data,
        ["from", "to", "factor"],
        [[str(amount), str(result), via.strip()]],
        provenance=result.provenance,
        csv_provenance=[result.provenance],
        explanation=explain_conversion(amount, result, fac) if args.explain else None,
    )


def cmd_cut(args: argparse.Namespace) -> Output:
    fac = factor(args.factor) if args.factor else None
    result = compare(args.old, args.new, factor=fac, places=args.places)
    rows = [[str(c.old), str(c.new), str(c.delta), str(c.cut)] for c in result.changes]
    rounded = [
        f"{c.new} and the delta are rounded half-up to {c.places} places; the cut is exact"
        for c in result.changes
        if c.places is not None
    ]
    return Output(
        "cut",
        ser.comparison_json(result),
        ["old", "new", "delta", "cut"],
        rows,
        after="\n".join(rounded),
        provenance=result.provenance,
        csv_provenance=[c.provenance for c in result.changes],
        explanation=result.explain() if args.explain else None,
    )


def _rate_text(rate: Rate) -> str:
    """A factor as published (0.086 t/bbl, not 0.09), or rounded with its exact fraction."""
    if "/" not in fraction_text(rate.value):
        return rate.exact
    return f"{rate} ({fraction_text(rate.value)})"


def cmd_factors(args: argparse.Namespace) -> Output:
    rows = []
    data = []
    for name in factor_names():
        f = factor(name)
        rows.append([name, _rate_text(f.rate), f.product, f.short_source, f.mark.value])
        data.append(ser.factor_json(f))
    return Output("factors", data, ["name", "factor", "product", "table", "mark"], rows)


_EXAMPLES: Final = {
    "compare": "sanctioncalc compare 2397 S/2022/431",
    "timeline": "sanctioncalc timeline refined-petroleum",
    "show": "sanctioncalc show 2397",
    "list": "sanctioncalc list --format csv",
    "cumulative": 'sanctioncalc cumulative refined-petroleum --baseline "4500000 bbl/yr"',
    "convert": 'sanctioncalc convert "525000 t" --to bbl --factor s-res-2397/crude-oil',
    "cut": 'sanctioncalc cut "4,000,000 bbl" "3,000,000 bbl"',
    "factors": "sanctioncalc factors",
}


def _places(text: str) -> int:
    """An argparse type: a number of decimal places the library accepts."""
    try:
        places = int(text)
    except ValueError:
        places = -1
    if not 0 <= places <= MAX_PLACES:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to {MAX_PLACES}")
    return places


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_: object) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from importlib.metadata import version  # noqa: PLC0415 - costly to import; rarely used

        sys.stdout.write(f"sanctioncalc {version('sanctioncalc')}\n")
        parser.exit()


class _Once(argparse.Action):
    """Store an option's value, and refuse the option given twice (the last would win)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        seen: set[str] = namespace.__dict__.setdefault("_given", set())
        if option_string is not None and self.dest in seen:
            parser.error(f"{option_string} was given twice; give it once")
        seen.add(self.dest)
        setattr(namespace, self.dest, values)


class _Parser(argparse.ArgumentParser):
    """argparse, with single-valued options given once and usage errors in plain characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", None, _Once)
        self.register("action", "store", _Once)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {plain(message)}\n")


def plain(text: str) -> str:
    r"""*text* on one line, with control and other unprintable characters escaped.

    A catalog value or an argument may hold ESC or BEL sequences; a message never passes them
    to the terminal.

    >>> plain("got '\x1b[31mred'\nnext")
    "got '\\x1b[31mred' next"
    """
    line = " ".join(text.splitlines())
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in line
    )


#: Python calls a message suggests, and the options that do the same on the command line.
_HINTS: Final = (
    (re.compile(r"pass places=(N|\d+)( to round half-up)?"), r"add --places \1\2"),
    (re.compile(r"pass factor=sc\.factor\('([^']+)'\)"), r"add --factor \1"),
    (re.compile(r"pass factor=sc\.factor\(NAME\)"), "add --factor NAME"),
    (re.compile(r"see sanctioncalc\.factor_names\(\)"), "see 'sanctioncalc factors'"),
    (
        re.compile(r"see sanctioncalc\.known_units\(\)"),
        "see the units listed in the reference docs",
    ),
    (
        re.compile(r"or build your own sanctioncalc\.ConversionFactor\(\.\.\.\)"),
        "see 'sanctioncalc factors'",
    ),
    (
        re.compile(
            r"with sc\.annualise\(cap, basis='months'\) or sc\.prorate\(cap, span, basis='months'\)"
        ),
        "(annualise a stub, or prorate a repeating cap, in Python), or compare caps of one length",
    ),
)


def command_line_hint(message: str) -> str:
    """*message* with the Python calls it suggests written as this command's options.

    >>> command_line_hint("no finite decimal form; pass places=N to round half-up")
    'no finite decimal form; add --places N to round half-up'
    """
    for pattern, option in _HINTS:
        message = pattern.sub(option, message)
    return message


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sanctioncalc",
        description="Exact, unit-safe arithmetic on sanctions measures, "
        "with a bundled catalog of real instruments.",
        epilog="example: " + _EXAMPLES["compare"] + "\nexit codes: 0 ok, 1 error in the input "
        "or data, 2 usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    def add(
        name: str, func: Callable[[argparse.Namespace], Output], help_: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"example: {_EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=func)
        p.add_argument(
            "--format", choices=("table", "json", "csv"), default="table", help="output format"
        )
        return p

    def with_catalog(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--catalog",
            action="append",
            metavar="FILE",
            help="also load this catalog file (JSON or TOML); repeatable",
        )

    def with_explain(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--explain",
            action="store_true",
            help="write out the arithmetic with exact values and each input's source",
        )

    def with_places(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "--places",
            type=_places,
            help=f"round {what} half-up to this many decimals (0 to {MAX_PLACES})",
        )

    p = add("compare", cmd_compare, "compare two instruments commodity by commodity")
    p.add_argument("old", help="the earlier instrument, e.g. 2397")
    p.add_argument("new", help="the later instrument, e.g. S/2022/431")
    p.add_argument("--factor", help="named factor to compare barrels with tonnes")
    with_places(p, "a converted amount and the delta (the cut stays exact)")
    with_explain(p)
    with_catalog(p)

    p = add("timeline", cmd_timeline, "the measures on a commodity over time")
    p.add_argument("commodity", help="a commodity slug, e.g. refined-petroleum")
    with_explain(p)
    with_catalog(p)

    p = add("show", cmd_show, "one instrument with its measures and sources")
    p.add_argument("symbol", help="e.g. 2397, 'S/RES/2397 (2017)', S/2022/431")
    with_catalog(p)

    p = add("list", cmd_list, "the instruments in the catalog")
    with_catalog(p)

    p = add("cumulative", cmd_cumulative, "cumulative restriction from a baseline")
    p.add_argument("commodity", help="a commodity slug")
    p.add_argument("--baseline", required=True, help="e.g. '4500000 bbl/yr'")
    p.add_argument(
        "--through",
        nargs="+",
        action="extend",
        metavar="SYMBOL",
        help="instruments, in order (repeatable: '--through 2375 --through 2397' is '--through "
        "2375 2397')",
    )
    p.add_argument("--factor", help="named factor if the baseline is in another dimension")
    with_places(p, "levels a factor converts")
    with_explain(p)
    with_catalog(p)

    p = add("convert", cmd_convert, "convert an amount, with a named factor across dimensions")
    p.add_argument("amount", help="e.g. '525000 t'")
    p.add_argument("--to", required=True, help="target unit, e.g. bbl")
    p.add_argument("--factor", help="named factor, see 'sanctioncalc factors'")
    with_places(p, "the result")
    with_explain(p)

    p = add("cut", cmd_cut, "delta and percentage cut between two amounts or caps")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--factor", help="named factor to compare barrels with tonnes")
    with_places(p, "a converted amount and the delta (the cut stays exact)")
    with_explain(p)

    add("factors", cmd_factors, "the bundled conversion factors")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        output: Output = args.func(args)
        text = output.render(args.format)
    except SanctionCalcError as error:
        # One line in plain characters, whatever the input held (a catalog value may carry
        # a newline or an escape sequence), with the fix written as this command's options.
        message = plain(command_line_hint(str(error)))
        print(f"sanctioncalc: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    try:
        try:
            print(text)
        except UnicodeEncodeError:  # nothing was written: encoding fails before the write
            print(output.render(args.format, ascii_only=True))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    return EXIT_OK


def run() -> Any:  # pragma: no cover - console-script shim
    """Console-script entry point."""
    sys.exit(main())
