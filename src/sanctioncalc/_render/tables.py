"""The display table of each type, each registered with ``@table_of.register``."""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any, Final

from sanctioncalc._amount import Amount
from sanctioncalc._catalog import (
    CatalogMeasure,
    Instrument,
    InstrumentComparison,
    Timeline,
    TimelineStatus,
)
from sanctioncalc._commodity import Commodity
from sanctioncalc._cumulative import Waterfall
from sanctioncalc._errors import InexactResultError
from sanctioncalc._freeze import Freeze
from sanctioncalc._ledger import Utilization, records_text
from sanctioncalc._limbs import Binding
from sanctioncalc._mark import Mark
from sanctioncalc._measure import Ban, Cap, DualCap, LimbRule
from sanctioncalc._ops import Comparison
from sanctioncalc._percent import Percentage
from sanctioncalc._period import format_date
from sanctioncalc._provenance import Provenance
from sanctioncalc._units import Unit

from .table import (
    MARKS_NOTE,
    Cell,
    Row,
    RowKind,
    Table,
    _commodity_text,
    _dash,
    _factor_cell,
    _kv,
    _limbs_title,
    _measure_cell,
    _period_text,
    _row,
    _span,
    _text,
    amount_cell,
    flags_cell,
    fraction_cell,
    mark_cell,
    percentage_cell,
    rate_cell,
    source_cell,
)

__all__ = [
    "pretty",
    "table_of",
    "to_html",
]


# -- tables, one per type -------------------------------------------------------------------


@functools.singledispatch
def table_of(value: object) -> Table:
    """The display table of *value*; each displayable type registers a builder."""
    raise TypeError(f"sanctioncalc has no display table for {type(value).__name__}")


@functools.singledispatch
def to_html(value: object) -> str:
    """HTML for ``_repr_html_``: an inline span for an amount or a percentage, else a table."""
    return table_of(value).to_html()


@to_html.register
def _amount_html(value: Amount) -> str:
    return _span(amount_cell(value))


@to_html.register
def _percentage_html(value: Percentage) -> str:
    return _span(percentage_cell(value))


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
        if cap.rule is LimbRule.WHICHEVER_LOWER
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
    mark = instrument.date_mark
    if mark is Mark.V:
        return Cell(text)
    return Cell(
        f"{text} ⚠ date {mark.qualifier}",
        title=mark.wording,
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
            (Cell(f"vote: {vote}"), *(() if vote.mark is Mark.V else (mark_cell(vote.mark),)))
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
        flag = "" if measure.reporting_mark is Mark.V else f" ⚠ {measure.reporting_mark}"
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
        unverified = any(t.mark is not Mark.V for t in measure.thresholds)
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


def provenance_notes(provenance: Provenance) -> tuple[str, ...]:
    """The notes a table ends with when its result is not plain: mark, flags and notes."""
    if provenance.is_plain and not provenance.notes:
        return ()
    return (
        f"provenance: mark {provenance.mark_text}"
        + "".join(f"; ⚠ {flag}" for flag in provenance.flags),
        *(f"note: {note}" for note in provenance.notes),
    )


_CHANGE_NOTE: Final = "delta = new − old (negative for a reduction); cut = 1 − new/old"


@table_of.register
def _comparison(comparison: Comparison) -> Table:
    factors = any(c.factor is not None for c in comparison.changes)
    flagged = not comparison.provenance.is_plain
    rows = tuple(
        _row(
            amount_cell(c.old),
            amount_cell(c.new),
            amount_cell(c.delta),
            percentage_cell(c.cut),
            *((_factor_cell(c.factor),) if factors else ()),
            *((flags_cell(c.provenance.flags),) if flagged else ()),
            kind="proposal" if c.provenance.is_hypothetical else "",
        )
        for c in comparison.changes
    )
    return Table(
        "Comparison",
        header=(
            "old",
            "new",
            "delta",
            "cut",
            *(("via factor",) if factors else ()),
            *(("flags",) if flagged else ()),
        ),
        rows=rows,
        lines=((Cell(f"{comparison.old} → {comparison.new}"),),),
        notes=(
            _CHANGE_NOTE,
            *(
                f"{c.new} and the delta are rounded half-up to {c.places} places; the cut is exact"
                for c in comparison.changes
                if c.places is not None
            ),
            *provenance_notes(comparison.provenance),
        ),
    )


@table_of.register
def _instrument_comparison(result: InstrumentComparison) -> Table:
    rows: list[Row] = []
    for change in result.changes:
        old_source = source_cell(change.old.source) if change.old else _dash()
        new_source = source_cell(change.new.source) if change.new else _dash()
        flags = change.flags
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
        notes=(_CHANGE_NOTE, MARKS_NOTE, *provenance_notes(result.provenance)),
    )


@table_of.register
def _waterfall(waterfall: Waterfall) -> Table:
    flagged = not waterfall.provenance.is_plain
    rows = [
        _row(
            Cell(step.label),
            amount_cell(step.before),
            amount_cell(step.after),
            percentage_cell(step.step),
            percentage_cell(step.cumulative),
            *(
                (flags_cell(step.provenance.flags, "; ".join(step.after.provenance.notes)),)
                if flagged
                else ()
            ),
            kind="proposal" if step.after.provenance.is_hypothetical else "",
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
            *((flags_cell(waterfall.provenance.flags),) if flagged else ()),
            kind="total",
        )
    )
    return Table(
        f"Cumulative restriction from {waterfall.baseline}",
        header=(
            "step",
            "before",
            "after",
            "step cut",
            "cumulative",
            *(("flags",) if flagged else ()),
        ),
        rows=tuple(rows),
        notes=(
            "step cut = 1 − after/before; the steps compose as 1 − Π(1 − step cut)",
            *(
                f"{step.label}: levels converted by a factor are rounded half-up to "
                f"{step.places} places; the cuts are exact"
                for step in waterfall.steps
                if step.places is not None
            ),
            *provenance_notes(waterfall.provenance),
        ),
    )


_ROW_KIND: Final[dict[TimelineStatus, RowKind]] = {
    TimelineStatus.PROPOSAL: "proposal",
    TimelineStatus.SUPERSEDED_BEFORE_APPLYING: "muted",
}


@table_of.register
def _timeline(timeline: Timeline) -> Table:
    rows = []
    for entry in timeline.entries:
        status = str(entry.status)
        if entry.status is TimelineStatus.PROPOSAL:
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
