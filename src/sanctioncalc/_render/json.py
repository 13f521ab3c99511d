"""JSON-ready forms of results: exact strings beside display strings, units spelled out.

The shapes follow the published schema ``sanctioncalc.cli/1``
(``data/schema/sanctioncalc.cli-1.schema.json``); numbers are never JSON floats.
"""

from __future__ import annotations

from typing import Any, Final

from sanctioncalc._amount import Amount
from sanctioncalc._catalog import (
    CatalogMeasure,
    Instrument,
    InstrumentComparison,
    Source,
    Timeline,
    TimelineEntry,
)
from sanctioncalc._cumulative import Waterfall
from sanctioncalc._factors import ConversionFactor, Rate
from sanctioncalc._freeze import Freeze
from sanctioncalc._mark import Mark
from sanctioncalc._numbers import fraction_text
from sanctioncalc._ops import Change, Comparison
from sanctioncalc._percent import Percentage
from sanctioncalc._provenance import Explanation, Provenance, library_version, provenance_of

from .json_shapes import shape_json

__all__ = ["CLI_SCHEMA", "document", "library_version"]

CLI_SCHEMA: Final = "sanctioncalc.cli/1"

Json = dict[str, Any]


def amount_json(amount: Amount) -> Json:
    """``{"exact": "4000000", "display": "4,000,000 bbl", "unit": "bbl", "unit_name": ...}``."""
    return {
        "exact": format(amount.value, "f"),
        "display": str(amount),
        "unit": amount.unit.symbol,
        "unit_name": amount.unit.name,
    }


def percentage_json(value: Percentage) -> Json:
    """``{"exact": "800/9", "display": "88.89 %"}`` (percent points)."""
    return {"exact": fraction_text(value.percent), "display": str(value)}


def rate_json(rate: Rate) -> Json:
    """An exact rate with its unit."""
    return {"exact": fraction_text(rate.value), "display": str(rate), "unit": rate.unit.symbol}


def factor_json(factor: ConversionFactor) -> Json:
    """A named factor with its provenance."""
    return {
        "name": factor.name,
        "value": fraction_text(factor.value),
        "from": factor.from_unit.symbol,
        "to": factor.to_unit.symbol,
        "product": factor.product,
        "table": factor.table,
        "edition": factor.edition,
        "source": factor.source,
        "mark": factor.mark.value,
    }


def source_json(source: Source) -> Json:
    """Document, paragraph, address and marks."""
    return {
        "document": source.document,
        "paragraph": source.paragraph,
        "citation": source.citation,
        "url": source.url,
        "mark": source.mark.value,
        "paragraph_mark": source.paragraph_mark.value,
        "paragraph_url": source.paragraph_url,
    }


def measure_json(measure: CatalogMeasure) -> Json:
    """A catalog measure with its limbs, source and flags."""
    inner = measure.measure
    limbs = [amount_json(a) for a in (inner.limbs if inner is not None else ())]
    shape = shape_json(inner)
    result: Json = {
        "id": measure.id,
        "instrument": measure.instrument,
        "commodity": measure.commodity.name if measure.commodity else None,
        "direction": str(measure.commodity.direction) if measure.commodity else None,
        "kind": (shape[0].replace("_", "") if shape else type(inner).__name__.lower())
        if inner is not None
        else "provision",
        "text": measure.describe(),
        "limbs": limbs,
        "reporting_days": measure.reporting_days,
        "thresholds": [
            {**percentage_json(t.percent), "mark": t.mark.value} for t in measure.thresholds
        ],
        "superseded_by": measure.superseded_by,
        "source": source_json(measure.source),
        "flags": list(measure.flags),
        "note": measure.note,
        "estimate": _estimate_json(measure),
    }
    if shape is not None:  # price caps, schedules and ceilings carry their table
        result[shape[0]] = shape[1]
    return result


def _estimate_json(measure: CatalogMeasure) -> Json | None:
    inner = measure.measure
    if not isinstance(inner, Freeze) or inner.estimate is None:
        return None
    return {
        "limit": amount_json(inner.estimate.limit),
        "by": measure.estimate_by,
        "mark": (measure.estimate_mark or Mark.U).value,
        "url": measure.estimate_url,
    }


def instrument_json(instrument: Instrument, *, measures: bool = True) -> Json:
    """An instrument, with its measures unless told otherwise."""
    vote = instrument.vote
    result: Json = {
        "symbol": instrument.symbol,
        "kind": instrument.kind,
        "title": instrument.title,
        "date": instrument.date.isoformat(),
        "date_mark": instrument.date_mark.value,
        "status": str(instrument.status),
        "regime": instrument.regime,
        "vote": None
        if vote is None
        else {
            "in_favour": vote.in_favour,
            "against": vote.against,
            "abstaining": vote.abstaining,
            "vetoed_by": list(vote.vetoed_by),
            "display": str(vote),
            "mark": vote.mark.value,
            "url": vote.url,
        },
        "source": source_json(instrument.source),
        "note": instrument.note,
        "document_url": instrument.document_url,
        "date_url": instrument.date_url,
        "program_key": instrument.program_key or None,
        "program_key_origin": instrument.program_key_origin,
    }
    if measures:
        result["measures"] = [measure_json(m) for m in instrument.measures]
    return result


def change_json(change: Change) -> Json:
    """One limb's old, new, delta and cut (and ``places`` when the conversion was rounded)."""
    result: Json = {
        "old": amount_json(change.old),
        "new": amount_json(change.new),
        "delta": amount_json(change.delta),
        "cut": percentage_json(change.cut),
        "factor": factor_json(change.factor) if change.factor else None,
        "provenance": change.provenance.to_json(),
    }
    if change.places is not None:
        result["places"] = change.places
    return result


def comparison_json(comparison: Comparison) -> list[Json]:
    """Every limb's change."""
    return [change_json(c) for c in comparison.changes]


def instrument_comparison_json(result: InstrumentComparison) -> Json:
    """Commodity rows plus the measures present on one side only."""
    return {
        "old": instrument_json(result.old, measures=False),
        "new": instrument_json(result.new, measures=False),
        "commodities": [
            {
                "commodity": c.commodity,
                "old": measure_json(c.old) if c.old else None,
                "new": measure_json(c.new) if c.new else None,
                "changes": comparison_json(c.comparison) if c.comparison else [],
                "note": c.note,
                "provenance": Provenance.combine(
                    *(provenance_of(m.measure) for m in (c.old, c.new) if m is not None)
                ).to_json(),
            }
            for c in result.changes
        ],
        "only_in_old": [m.id for m in result.only_in_old],
        "only_in_new": [m.id for m in result.only_in_new],
    }


def entry_json(entry: TimelineEntry) -> Json:
    """One timeline entry."""
    return {
        "instrument": entry.instrument.symbol,
        "measure": measure_json(entry.measure),
        "start": entry.start.isoformat() if entry.start else None,
        "end_exclusive": entry.end.isoformat() if entry.end else None,
        "status": str(entry.status),
        "provenance": entry.provenance.to_json(),
    }


def timeline_json(timeline: Timeline) -> Json:
    """A commodity's timeline."""
    return {"commodity": timeline.commodity, "entries": [entry_json(e) for e in timeline.entries]}


def waterfall_json(waterfall: Waterfall) -> Json:
    """Baseline, steps and total of a cumulative restriction."""
    return {
        "baseline": amount_json(waterfall.baseline),
        "steps": [
            {
                "label": s.label,
                "before": amount_json(s.before),
                "after": amount_json(s.after),
                "step": percentage_json(s.step),
                "cumulative": percentage_json(s.cumulative),
                "provenance": s.provenance.to_json(),
                **({"places": s.places} if s.places is not None else {}),
            }
            for s in waterfall.steps
        ],
        "total": percentage_json(waterfall.total),
        "provenance": waterfall.provenance.to_json(),
    }


def document(
    command: str,
    result: Json | list[Json],
    *,
    catalog_edition: str | None = None,
    provenance: Provenance | None = None,
    explanation: Explanation | None = None,
) -> Json:
    """Wrap a command's result in the versioned envelope, naming the library version and
    the catalog edition that made it, with the result's provenance (and explanation)."""
    found: Json = {
        "schema": CLI_SCHEMA,
        "command": command,
        "library_version": library_version(),
        "catalog_edition": catalog_edition,
        "result": result,
    }
    if provenance is not None:
        found["provenance"] = provenance.to_json()
    if explanation is not None:
        found["explanation"] = explanation.to_json()
    return found
