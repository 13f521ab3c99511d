"""Rich display: HTML for Jupyter (``_repr_html_``), aligned text for IPython (``_repr_pretty_``).

Every displayable result is first built as one :class:`Table` (a title, lines under it,
header, rows of :class:`Cell`, notes), and the same table renders to HTML and to text, so
the notebook and the terminal never say different things.  A new result type plugs in by
registering a function that builds its table: ``@table_of.register`` (the utilization
ledger will); its ``_repr_html_`` and ``_repr_pretty_`` then call :func:`to_html` and
:func:`pretty` like every other type.

Rules the renderers keep:

- every text is escaped (``html.escape``); only ``http(s)`` addresses become links;
- numbers are shown as ``str`` shows them (thousands separators, units, percentages rounded
  half-up to two places); the exact value is in the cell's ``title`` (hover), and every
  rounded figure is listed with its exact value in a note under the table;
- a mark short of V (``V2`` press only, ``U`` unverified) and every flag is spelt out in the
  cell text with a ⚠, so it shows where styles are stripped (GitHub, nbviewer, plain text).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Final, Literal, final

import attrs

from ._amount import Amount
from ._catalog import CatalogMeasure, Instrument, Source
from ._commodity import Commodity
from ._errors import InexactResultError
from ._factors import ConversionFactor, Rate
from ._ledger import Utilization, records_text
from ._measure import Ban, Cap, DualCap, Rule
from ._numbers import fraction_text
from ._ops import Binding, Comparison, Waterfall
from ._percent import Percentage
from ._period import Period, Periodic, format_date, months_text
from ._queries import EntryStatus, InstrumentComparison, Timeline
from ._relative import Freeze
from ._units import Unit

__all__ = [
    "Cell",
    "Row",
    "Table",
    "amount_cell",
    "flags_cell",
    "fraction_cell",
    "mark_cell",
    "percentage_cell",
    "pretty",
    "rate_cell",
    "source_cell",
    "table_of",
    "to_html",
]

Style = Literal["", "num", "warn", "code"]
RowKind = Literal["", "proposal", "muted", "total"]

MARK_MEANING: Final = {
    "V": "seen in the cited source",
    "V2": "seen only in secondary sources (press)",
    "U": "unverified",
}
MARKS_NOTE: Final = "marks: V seen in the cited source, V2 seen only in the press, U unverified"
_SAFE_URL: Final = re.compile(r"https?://[^\s\"'<>\\]+")

_CSS: Final = {
    "table": "border-collapse:collapse;margin:0.3em 0",
    "cell": "vertical-align:top;padding:0.15em 0.6em",
    "key": "vertical-align:top;padding:0.15em 0.6em;font-weight:bold",
    "num": "white-space:nowrap;font-variant-numeric:tabular-nums",
    "warn": "background:rgba(234,179,8,0.28)",
    "code": "font-family:monospace",
    "proposal": "font-style:italic",
    "muted": "opacity:0.65",
    "total": "font-weight:bold;border-top:1px solid currentColor",
    "lines": "margin:0.1em 0",
    "notes": "margin:0.2em 0;font-size:smaller;opacity:0.85",
}


# -- the table model ------------------------------------------------------------------------


@final
@attrs.frozen
class Cell:
    """One shown value.

    ``title`` is the hover detail (the exact value, a unit's name, what a mark means);
    ``exact`` is set only when ``text`` is rounded, and is then listed under the table.
    """

    text: str
    title: str = ""
    exact: str = ""
    href: str = ""
    style: Style = ""


@final
@attrs.frozen
class Row:
    """A table row; ``kind`` styles proposals, muted (superseded) rows and totals."""

    cells: tuple[Cell, ...]
    kind: RowKind = ""


@final
@attrs.frozen
class Table:
    """What a result shows: a title, lines under it, a grid (or key/value rows), notes.

    With an empty ``header`` the rows are key/value pairs, keys in the first cell.
    """

    title: str
    header: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    lines: tuple[tuple[Cell, ...], ...] = ()
    notes: tuple[str, ...] = ()

    def _cells(self) -> Iterable[Cell]:
        for line in self.lines:
            yield from line
        for row in self.rows:
            yield from row.cells

    def rounded(self) -> tuple[str, ...]:
        """``"88.89 % = 800/9 %"`` for every rounded figure, once each, in order."""
        pairs = {f"{c.text} = {c.exact}": None for c in self._cells() if c.exact}
        return tuple(pairs)

    def all_notes(self) -> tuple[str, ...]:
        """The table's notes, then the exact values of the rounded figures."""
        rounded = self.rounded()
        extra = ("rounded for display: " + "; ".join(rounded),) if rounded else ()
        return self.notes + extra

    def sources(self) -> tuple[tuple[str, str], ...]:
        """``(text, address)`` of every linked cell, once each, in order."""
        pairs = {(c.text, c.href): None for c in self._cells() if c.href}
        return tuple(pairs)

    # -- HTML -------------------------------------------------------------------------------

    def to_html(self) -> str:
        """The table as an HTML fragment (escaped; styles inline, so it needs no CSS)."""
        parts = ['<div class="sanctioncalc">']
        parts.append(f'<p style="{_CSS["lines"]}"><strong>{_esc(self.title)}</strong></p>')
        if self.lines:
            body = "<br>".join(" ".join(_span(c) for c in line) for line in self.lines)
            parts.append(f'<p style="{_CSS["lines"]}">{body}</p>')
        if self.rows:
            parts.append(f'<table style="{_CSS["table"]}">')
            right = _numeric_columns(len(self.header), self.rows)
            if self.header:
                heads = "".join(
                    f'<th style="{_CSS["key"]};text-align:{"right" if r else "left"}">'
                    f"{_esc(h)}</th>"
                    for h, r in zip(self.header, right, strict=True)
                )
                parts.append(f"<thead><tr>{heads}</tr></thead>")
            parts.append("<tbody>")
            for row in self.rows:
                style = f' style="{_CSS[row.kind]}"' if row.kind else ""
                cells = [
                    _td(
                        cell,
                        key=not self.header and index == 0,
                        right=index < len(right) and right[index],
                    )
                    for index, cell in enumerate(row.cells)
                ]
                parts.append(f"<tr{style}>{''.join(cells)}</tr>")
            parts.append("</tbody></table>")
        notes = self.all_notes()
        if notes:
            parts.append(
                f'<p style="{_CSS["notes"]}">' + "<br>".join(_esc(n) for n in notes) + "</p>"
            )
        parts.append("</div>")
        return "\n".join(parts)

    # -- text -------------------------------------------------------------------------------

    def to_text(self) -> str:
        """The table as aligned plain text, sources listed with their addresses."""
        out = [self.title]
        out += ["  ".join(c.text for c in line if c.text) for line in self.lines]
        if self.header:
            out += _grid(self.header, self.rows)
        elif self.rows:
            width = max(len(row.cells[0].text) for row in self.rows)
            out += [
                f"  {row.cells[0].text:<{width}}  "
                + "  ".join(c.text for c in row.cells[1:] if c.text)
                for row in self.rows
            ]
        out += self.all_notes()
        sources = self.sources()
        if sources:
            out.append("sources:")
            out += [f"  {text}: {url}" for text, url in sources]
        return "\n".join(line.rstrip() for line in out)


def _grid(header: Sequence[str], rows: Sequence[Row]) -> list[str]:
    texts = [[c.text for c in row.cells] + [""] * (len(header) - len(row.cells)) for row in rows]
    widths = [len(h) for h in header]
    for line in texts:
        widths = [max(w, len(t)) for w, t in zip(widths, line, strict=False)]
    right = _numeric_columns(len(header), rows)

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            (t.rjust(w) if r else t.ljust(w)) for t, w, r in zip(cells, widths, right, strict=False)
        )

    return [fmt(header), "  ".join("-" * w for w in widths)] + [fmt(line) for line in texts]


def _numeric_columns(count: int, rows: Sequence[Row]) -> list[bool]:
    """Which of *count* grid columns hold numbers (and so align right); none for key/value."""
    return [any(i < len(r.cells) and r.cells[i].style == "num" for r in rows) for i in range(count)]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _body(cell: Cell) -> str:
    text = _esc(cell.text)
    if cell.href and _SAFE_URL.fullmatch(cell.href):
        return f'<a href="{_esc(cell.href)}" target="_blank" rel="noopener noreferrer">{text}</a>'
    return text


def _attrs(cell: Cell, base: str) -> str:
    extra = _CSS[cell.style] if cell.style else ""
    style = ";".join(part for part in (base, extra) if part)
    title = f' title="{_esc(cell.title)}"' if cell.title else ""
    return (f' style="{style}"' if style else "") + title


def _td(cell: Cell, *, key: bool, right: bool) -> str:
    # Numbers align right in grid columns; key/value values read left (Jupyter's own
    # stylesheet right-aligns every cell, so the alignment is always stated).
    tag = "th" if key else "td"
    base = f"{_CSS['key'] if key else _CSS['cell']};text-align:{'right' if right else 'left'}"
    return f"<{tag}{_attrs(cell, base)}>{_body(cell)}</{tag}>"


def _span(cell: Cell) -> str:
    return f"<span{_attrs(cell, '')}>{_body(cell)}</span>"


# -- cells ----------------------------------------------------------------------------------


def amount_cell(amount: Amount) -> Cell:
    """An amount as ``str`` shows it; the exact value and the unit's name on hover."""
    plain = format(amount.value, "f")
    return Cell(
        str(amount), title=f"exact: {plain} {amount.unit.symbol} — {amount.unit.name}", style="num"
    )


def fraction_cell(value: Fraction, shown: Amount) -> Cell:
    """An exact Fraction in *shown*'s unit, displayed as *shown* (rounded or not)."""
    exact = f"{fraction_text(value)} {shown.unit.symbol}"
    text = str(shown)
    differs = text.replace(",", "") != exact
    return Cell(text, title=f"exact: {exact}", exact=exact if differs else "", style="num")


def percentage_cell(value: Percentage) -> Cell:
    """A percentage rounded half-up for display; the exact value on hover and in a note."""
    text = str(value)
    differs = text.replace(",", "") != value.exact
    return Cell(
        text, title=f"exact: {value.exact}", exact=value.exact if differs else "", style="num"
    )


def rate_cell(rate: Rate) -> Cell:
    """A price or factor, rounded for display, exact on hover and in a note."""
    text = str(rate)
    differs = text.replace(",", "") != rate.exact
    return Cell(
        text,
        title=f"exact: {rate.exact} — {rate.unit.name}",
        exact=rate.exact if differs else "",
        style="num",
    )


def mark_cell(mark: str) -> Cell:
    """A verification mark; anything short of V is spelt out and flagged."""
    meaning = MARK_MEANING.get(mark, "unknown mark")
    if mark == "V":
        return Cell("V", title=meaning)
    short = "press only" if mark == "V2" else "unverified"
    return Cell(f"{mark} ⚠ {short}", title=meaning, style="warn")


def flags_cell(flags: Sequence[str], note: str = "") -> Cell:
    """What about a figure is unverified or secondary, with a ⚠; then a plain note."""
    text = ("⚠ " + "; ".join(flags)) if flags else ""
    if note:
        text = f"{text}; {note}" if text else note
    return Cell(text, style="warn" if flags else "")


def source_cell(source: Source, *, document: bool = False) -> Cell:
    """A citation (or, with *document*, the document alone) linked to its address."""
    meaning = MARK_MEANING.get(source.mark, "unknown mark")
    return Cell(
        source.document if document else source.citation,
        title=f"{source.document}: figure {meaning}",
        href=source.url.strip(),
    )


def _text(text: str, *, style: Style = "", title: str = "") -> Cell:
    return Cell(text, title=title, style=style)


def _dash() -> Cell:
    return Cell("—")


def _commodity_text(commodity: Commodity | None) -> str:
    if commodity is None:
        return "—"
    hs = f", HS {commodity.hs_code}" if commodity.hs_code else ""
    return f"{commodity.name} ({commodity.direction}{hs})"


def _period_text(period: Period) -> str:
    if isinstance(period, Periodic):
        if period.anchor is None:
            return f"{months_text(period.months)}, repeating (start not stated)"
        return f"{period}, repeating"
    months = f", {months_text(period.months)}" if period.months else ""
    return f"{period} (one range: {period.days:,} days{months})"


def _limbs_title(measure: object) -> str:
    if isinstance(measure, Cap | DualCap):
        return "exact: " + " or ".join(
            f"{format(limb.value, 'f')} {limb.unit.symbol}" for limb in measure.limbs
        )
    return ""


def _measure_cell(measure: CatalogMeasure) -> Cell:
    return Cell(measure.describe(), title=_limbs_title(measure.measure))


def _factor_cell(factor: ConversionFactor | None) -> Cell:
    if factor is None:
        return Cell("")
    flag = "" if factor.mark == "V" else f" ⚠ {factor.mark}"
    return Cell(
        f"{factor.name}{flag}",
        title=f"{factor} — {MARK_MEANING.get(factor.mark, '')}",
        style="" if factor.mark == "V" else "warn",
    )


def _row(*cells: Cell, kind: RowKind = "") -> Row:
    return Row(tuple(cells), kind)


def _kv(key: str, value: Cell) -> Row:
    return Row((Cell(key), value))


# -- tables, one per type -------------------------------------------------------------------


@functools.singledispatch
def table_of(value: object) -> Table:
    """The display table of *value*; each displayable type registers a builder."""
    raise TypeError(f"sanctioncalc has no display table for {type(value).__name__}")


def to_html(value: object) -> str:
    """HTML for ``_repr_html_``: an inline span for an amount or a percentage, else a table."""
    if isinstance(value, Amount):
        return _span(amount_cell(value))
    if isinstance(value, Percentage):
        return _span(percentage_cell(value))
    return table_of(value).to_html()


def pretty(value: object, printer: Any) -> None:
    """Write *value*'s text table to IPython's pretty printer (``_repr_pretty_``)."""
    printer.text(table_of(value).to_text())


def _title(kind: str, commodity: Commodity | None) -> str:
    return kind if commodity is None else f"{kind} — {commodity.name}"


@table_of.register
def _cap(cap: Cap) -> Table:
    return Table(
        _title("Cap", cap.commodity),
        rows=(
            _kv("limit", amount_cell(cap.limit)),
            _kv("period", _text(_period_text(cap.period))),
            _kv("commodity", _text(_commodity_text(cap.commodity))),
            _kv("text", _text(str(cap), style="code", title="Cap.parse() reads this back")),
        ),
    )


@table_of.register
def _dual_cap(cap: DualCap) -> Table:
    rule = (
        "whichever is lower (the limb that binds first at the going price)"
        if cap.rule is Rule.WHICHEVER_LOWER
        else "either limb (the supplier may count in either unit)"
    )
    limbs = [
        _kv("limit" if i == 0 else "or", amount_cell(limb)) for i, limb in enumerate(cap.limbs)
    ]
    return Table(
        _title("Dual cap", cap.commodity),
        rows=(
            *limbs,
            _kv("rule", _text(rule)),
            _kv("period", _text(_period_text(cap.period))),
            _kv("commodity", _text(_commodity_text(cap.commodity))),
            _kv("text", _text(str(cap), style="code", title="DualCap.parse() reads this back")),
        ),
    )


@table_of.register
def _ban(ban: Ban) -> Table:
    return Table(
        _title("Ban", ban.commodity),
        rows=(
            _kv("limit", _text("prohibited (a limit of zero)")),
            _kv("from", _text(format_date(ban.start) if ban.start else "— (not stated)")),
            _kv("except", _text("; ".join(ban.exemptions) or "— (no exemption stated)")),
            _kv("commodity", _text(_commodity_text(ban.commodity))),
            _kv("text", _text(str(ban), style="code", title="Ban.parse() reads this back")),
        ),
    )


@table_of.register
def _freeze(freeze: Freeze) -> Table:
    estimate = (
        Cell(
            f"{freeze.estimate.limit} ⚠ an outside estimate, not in the text",
            title=_limbs_title(freeze.estimate),
            style="warn",
        )
        if freeze.estimate is not None
        else _text("— (none attached)")
    )
    return Table(
        _title("Freeze", freeze.commodity),
        rows=(
            _kv("frozen at", _text(freeze.baseline)),
            _kv("period", _text(_period_text(freeze.period))),
            _kv("estimate", estimate),
            _kv("commodity", _text(_commodity_text(freeze.commodity))),
        ),
        notes=("the text states no number; an estimate is never the cap",),
    )


def _date_line(instrument: Instrument) -> Cell:
    text = f"{instrument.kind}, {format_date(instrument.date)}"
    if instrument.date_mark == "V":
        return Cell(text)
    return Cell(
        f"{text} ⚠ date {'unverified' if instrument.date_mark == 'U' else 'from the press'}",
        title=MARK_MEANING.get(instrument.date_mark, ""),
        style="warn",
    )


def _instrument_lines(instrument: Instrument) -> tuple[tuple[Cell, ...], ...]:
    lines: list[tuple[Cell, ...]] = [
        (_date_line(instrument), Cell(f"status: {instrument.status}")),
        (Cell(f"regime: {instrument.regime}"),),
    ]
    if instrument.vote is not None:
        vote = instrument.vote
        lines.append(
            (Cell(f"vote: {vote}"), *(() if vote.mark == "V" else (mark_cell(vote.mark),)))
        )
    lines.append(
        (
            Cell("source:"),
            source_cell(instrument.source, document=True),
            mark_cell(instrument.source.mark),
        )
    )
    return tuple(lines)


@table_of.register
def _instrument(instrument: Instrument) -> Table:
    rows = tuple(
        _row(
            Cell(m.id),
            Cell(_commodity_text(m.commodity)),
            _measure_cell(m),
            source_cell(m.source),
            mark_cell(m.source.mark),
            flags_cell(m.flags),
        )
        for m in instrument.measures
    )
    return Table(
        f"{instrument.symbol} — {instrument.title}",
        header=("measure", "commodity", "limit or provision", "source", "mark", "flags"),
        rows=rows,
        lines=_instrument_lines(instrument),
        notes=(MARKS_NOTE,),
    )


@table_of.register
def _catalog_measure(measure: CatalogMeasure) -> Table:
    rows = [
        _kv("instrument", Cell(measure.instrument)),
        _kv("commodity", Cell(_commodity_text(measure.commodity))),
        _kv("limit" if measure.measure is not None else "provision", _measure_cell(measure)),
        _kv("source", source_cell(measure.source)),
        _kv("mark", mark_cell(measure.source.mark)),
    ]
    if measure.reporting_days is not None:
        flag = "" if measure.reporting_mark == "V" else f" ⚠ {measure.reporting_mark}"
        rows.append(
            _kv(
                "reporting",
                Cell(
                    f"every {measure.reporting_days} days{flag}",
                    style="" if not flag else "warn",
                ),
            )
        )
    if measure.thresholds:
        unverified = any(t.mark != "V" for t in measure.thresholds)
        rows.append(
            _kv(
                "thresholds",
                Cell(
                    ", ".join(str(t) for t in measure.thresholds),
                    style="warn" if unverified else "",
                ),
            )
        )
    if measure.superseded_by:
        rows.append(_kv("superseded by", Cell(measure.superseded_by)))
    if measure.note:
        rows.append(_kv("note", Cell(measure.note)))
    if measure.flags:
        rows.append(_kv("flags", flags_cell(measure.flags)))
    return Table(f"{measure.id} — {measure.instrument}", rows=tuple(rows), notes=(MARKS_NOTE,))


_CHANGE_NOTE: Final = "delta = new − old (negative for a reduction); cut = 1 − new/old"


@table_of.register
def _comparison(comparison: Comparison) -> Table:
    factors = any(c.factor is not None for c in comparison.changes)
    rows = tuple(
        _row(
            amount_cell(c.old),
            amount_cell(c.new),
            amount_cell(c.delta),
            percentage_cell(c.cut),
            *((_factor_cell(c.factor),) if factors else ()),
        )
        for c in comparison.changes
    )
    return Table(
        "Comparison",
        header=("old", "new", "delta", "cut", *(("via factor",) if factors else ())),
        rows=rows,
        lines=((Cell(f"{comparison.old} → {comparison.new}"),),),
        notes=(
            _CHANGE_NOTE,
            *(
                f"{c.new} and the delta are rounded half-up to {c.places} places; the cut is exact"
                for c in comparison.changes
                if c.places is not None
            ),
        ),
    )


@table_of.register
def _instrument_comparison(result: InstrumentComparison) -> Table:
    rows: list[Row] = []
    for change in result.changes:
        old_source = source_cell(change.old.source) if change.old else _dash()
        new_source = source_cell(change.new.source) if change.new else _dash()
        flags = tuple(
            dict.fromkeys(
                (
                    *(change.old.flags if change.old else ()),
                    *(change.new.flags if change.new else ()),
                )
            )
        )
        if change.comparison is not None:
            for index, limb in enumerate(change.comparison.changes):
                first = index == 0
                rows.append(
                    _row(
                        Cell(change.commodity if first else ""),
                        amount_cell(limb.old),
                        amount_cell(limb.new),
                        amount_cell(limb.delta),
                        percentage_cell(limb.cut),
                        old_source if first else Cell(""),
                        new_source if first else Cell(""),
                        flags_cell(flags, change.note) if first else Cell(""),
                    )
                )
            continue
        if change.old is None:
            note = f"only in {result.new.symbol}"
        elif change.new is None:
            note = f"only in {result.old.symbol}"
        else:
            note = change.note
        rows.append(
            _row(
                Cell(change.commodity),
                _measure_cell(change.old) if change.old else _dash(),
                _measure_cell(change.new) if change.new else _dash(),
                _dash(),
                _dash(),
                old_source,
                new_source,
                flags_cell(flags, note),
            )
        )
    lines: list[tuple[Cell, ...]] = [
        (Cell(f"old: {result.old}"),),
        (Cell(f"new: {result.new}"),),
    ]
    if result.new.vote is not None:
        lines.append((Cell(f"vote on {result.new.symbol}: {result.new.vote}"),))
    return Table(
        f"{result.old.symbol} → {result.new.symbol}",
        header=("commodity", "old", "new", "delta", "cut", "old source", "new source", "notes"),
        rows=tuple(rows),
        lines=tuple(lines),
        notes=(_CHANGE_NOTE, MARKS_NOTE),
    )


@table_of.register
def _waterfall(waterfall: Waterfall) -> Table:
    rows = [
        _row(
            Cell(step.label),
            amount_cell(step.before),
            amount_cell(step.after),
            percentage_cell(step.step),
            percentage_cell(step.cumulative),
        )
        for step in waterfall.steps
    ]
    rows.append(
        _row(
            Cell("total"),
            amount_cell(waterfall.baseline),
            amount_cell(waterfall.final),
            Cell(""),
            percentage_cell(waterfall.total),
            kind="total",
        )
    )
    return Table(
        f"Cumulative restriction from {waterfall.baseline}",
        header=("step", "before", "after", "step cut", "cumulative"),
        rows=tuple(rows),
        notes=(
            "step cut = 1 − after/before; the steps compose as 1 − Π(1 − step cut)",
            *(
                f"{step.label}: levels converted by a factor are rounded half-up to "
                f"{step.places} places; the cuts are exact"
                for step in waterfall.steps
                if step.places is not None
            ),
        ),
    )


_ROW_KIND: Final[dict[EntryStatus, RowKind]] = {
    EntryStatus.PROPOSAL: "proposal",
    EntryStatus.SUPERSEDED_BEFORE_APPLYING: "muted",
}


@table_of.register
def _timeline(timeline: Timeline) -> Table:
    rows = []
    for entry in timeline.entries:
        status = str(entry.status)
        if entry.status is EntryStatus.PROPOSAL:
            status += f" ({entry.instrument.status})"
        rows.append(
            _row(
                Cell(entry.span_text),
                _measure_cell(entry.measure),
                Cell(entry.instrument.symbol),
                Cell(status),
                source_cell(entry.measure.source),
                mark_cell(entry.measure.source.mark),
                flags_cell(entry.measure.flags),
                kind=_ROW_KIND.get(entry.status, ""),
            )
        )
    return Table(
        f"Timeline: {timeline.commodity}",
        header=("applied", "limit", "instrument", "status", "source", "mark", "flags"),
        rows=tuple(rows),
        notes=("dates are inclusive; proposals never took effect", MARKS_NOTE),
    )


def _allowed(value: Fraction, unit: Unit) -> Cell:
    """An allowed quantity or value: exact where it has a finite decimal, else to the cent."""
    try:
        shown = Amount.from_fraction(value, unit)
    except InexactResultError:
        shown = Amount.from_fraction(value, unit, places=2)
    return fraction_cell(value, shown)


@table_of.register
def _binding(binding: Binding) -> Table:
    if binding.binding is None:
        binds = Cell("both limbs: the price is exactly the break-even")
    else:
        kind = "value" if binding.binding.dimension.startswith("currency:") else "quantity"
        binds = Cell(
            f"the {kind} limb, {binding.binding}", title=amount_cell(binding.binding).title
        )
    money = next(limb for limb in binding.cap.limbs if limb.dimension.startswith("currency:"))
    quantity = next(limb for limb in binding.cap.limbs if limb is not money)
    return Table(
        f"Binding limb at {binding.price}",
        rows=(
            _kv("cap", _text(str(binding.cap), style="code")),
            _kv("price", rate_cell(binding.price)),
            _kv("binds", binds),
            _kv("quantity allowed", _allowed(binding.allowed_quantity_exact, quantity.unit)),
            _kv("value allowed", _allowed(binding.allowed_value_exact, money.unit)),
            _kv("break-even price", rate_cell(binding.break_even)),
        ),
        notes=("above the break-even price the value limb binds first; below it the quantity",),
    )


@table_of.register
def _utilization(result: Utilization) -> Table:
    rows = []
    for usage in result.periods:
        for index, limb in enumerate(usage.limbs):
            binding = len(usage.limbs) > 1 and limb is usage.binding
            rows.append(
                _row(
                    Cell(str(usage.period) if index == 0 else ""),
                    amount_cell(limb.used),
                    amount_cell(limb.limit),
                    percentage_cell(limb.share),
                    amount_cell(limb.headroom),
                    amount_cell(limb.excess),
                    Cell(str(limb.status) + (" (binding)" if binding else "")),
                    Cell("; ".join(map(str, limb.crossings)) or "—"),
                    Cell(str(usage.records) if index == 0 else ""),
                )
            )
    as_of = f"; as of {format_date(result.as_of)}" if result.as_of else ""
    return Table(
        f"Utilization of {result.cap}",
        header=(
            "period",
            "used",
            "limit",
            "share",
            "headroom",
            "excess",
            "status",
            "crossed",
            "records",
        ),
        rows=tuple(rows),
        lines=((Cell(f"thresholds {result.thresholds}; {result.normalisation}{as_of}"),),),
        notes=(
            *(str(c) for c in result.conversions),
            f"counted {records_text(result.counted)}; not counted: {result.excluded}",
            "a crossing is the narrowest interval the records allow",
        ),
    )
