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
- a mark short of V (``V2`` secondary source, ``U`` unverified) and every flag is spelt out in the
  cell text with a ⚠, so it shows where styles are stripped (GitHub, nbviewer, plain text).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Final, Literal, final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._catalog import CatalogMeasure, Source
from sanctioncalc._commodity import Commodity
from sanctioncalc._factors import ConversionFactor, Rate
from sanctioncalc._mark import Mark
from sanctioncalc._measure import Cap, DualCap
from sanctioncalc._numbers import fraction_text
from sanctioncalc._percent import Percentage
from sanctioncalc._period import Period, Periodic, months_text

__all__ = [
    "Cell",
    "Row",
    "Table",
    "amount_cell",
    "flags_cell",
    "fraction_cell",
    "mark_cell",
    "percentage_cell",
    "rate_cell",
    "source_cell",
]


Style = Literal["", "num", "warn", "code"]
RowKind = Literal["", "proposal", "muted", "total"]

MARKS_NOTE: Final = "marks: " + ", ".join(f"{m} {m.wording}" for m in Mark)
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


def mark_cell(mark: Mark) -> Cell:
    """A provenance mark; anything short of V is spelt out and flagged."""
    if mark is Mark.V:
        return Cell(mark.value, title=mark.wording)
    return Cell(f"{mark} ⚠ {mark.short}", title=mark.wording, style="warn")


def flags_cell(flags: Sequence[str], note: str = "") -> Cell:
    """What about a figure is unverified or secondary, with a ⚠; then a plain note."""
    text = ("⚠ " + "; ".join(flags)) if flags else ""
    if note:
        text = f"{text}; {note}" if text else note
    return Cell(text, style="warn" if flags else "")


def source_cell(source: Source, *, document: bool = False) -> Cell:
    """A citation (or, with *document*, the document alone) linked to its address."""
    meaning = source.mark.wording
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
    flag = "" if factor.mark is Mark.V else f" ⚠ {factor.mark}"
    return Cell(
        f"{factor.name}{flag}",
        title=f"{factor} — {factor.mark.wording}",
        style="" if factor.mark is Mark.V else "warn",
    )


def _row(*cells: Cell, kind: RowKind = "") -> Row:
    return Row(tuple(cells), kind)


def _kv(key: str, value: Cell) -> Row:
    return Row((Cell(key), value))
