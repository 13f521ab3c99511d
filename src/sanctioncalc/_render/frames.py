"""pandas DataFrames of results (the optional ``pandas`` extra), for ``to_frame()``.

Columns follow the JSON output's rule: a figure is an exact string beside a display string,
never a float.  An amount ``x`` gives ``x`` (``"4,000,000 bbl"``) and ``x_exact``
(``"4000000"``) in the row's ``unit`` column; a percentage ``x`` gives ``x`` (``"88.89 %"``)
and ``x_pct_exact`` (``"800/9"``, percent points).  Exact strings are a plain decimal where one
exists, else ``numerator/denominator``: ``fractions.Fraction`` reads both back exactly.
Catalog rows carry their source (citation, address, mark) and flags.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from sanctioncalc._amount import Amount, exact_in
from sanctioncalc._catalog import CatalogMeasure, InstrumentComparison, Timeline
from sanctioncalc._cumulative import Waterfall
from sanctioncalc._errors import missing_extra
from sanctioncalc._freeze import Freeze
from sanctioncalc._measure import Cap, DualCap
from sanctioncalc._numbers import fraction_text
from sanctioncalc._ops import Change, Comparison
from sanctioncalc._percent import Percentage
from sanctioncalc._period import Periodic
from sanctioncalc._provenance import Provenance, library_version
from sanctioncalc._units import Unit

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "comparison_frame",
    "frame_of",
    "instrument_comparison_frame",
    "timeline_frame",
    "waterfall_frame",
]

Record = dict[str, Any]


@functools.singledispatch
def frame_of(value: object) -> pd.DataFrame:
    """The pandas DataFrame of *value* (``to_frame``); each type registers its builder."""
    raise TypeError(f"sanctioncalc has no data frame for {type(value).__name__}")


def _frame(
    records: Sequence[Record], columns: Sequence[str], provenance: Provenance | None = None
) -> pd.DataFrame:
    try:
        import pandas as pd  # noqa: PLC0415 - pandas is an optional extra
    except ImportError as error:
        raise missing_extra("pandas", "to_frame()", "pandas") from error
    frame = pd.DataFrame.from_records(list(records), columns=list(columns))
    # Which library and catalog edition made the figures, so they can be reproduced.
    frame.attrs["library_version"] = library_version()
    editions = provenance.editions if provenance is not None else ()
    frame.attrs["catalog_edition"] = "; ".join(editions) or None
    if provenance is not None:
        frame.attrs["provenance"] = provenance.to_json()
    return frame


_PROVENANCE_COLUMNS: Final = ("mark", "status", "flags", "sources")


def _provenance(provenance: Provenance) -> Record:
    """The ``mark``, ``status``, ``flags`` and ``sources`` columns of a row."""
    return {
        "mark": provenance.mark_text,
        "status": provenance.status_text,
        "flags": "; ".join(provenance.flags),
        "sources": "; ".join(str(s) for s in provenance.sources),
    }


def _exact(amount: Amount, unit: Unit) -> str:
    return fraction_text(exact_in(amount, unit))


def _pct(value: Percentage) -> str:
    return fraction_text(value.percent)


_CHANGE_COLUMNS: Final = (
    "old",
    "new",
    "delta",
    "cut",
    "unit",
    "old_exact",
    "new_exact",
    "delta_exact",
    "cut_pct_exact",
    "factor",
    "factor_mark",
    "places",
    *_PROVENANCE_COLUMNS,
)


def _change(change: Change) -> Record:
    unit = change.old.unit
    return {
        "old": str(change.old),
        "new": str(change.new),
        "delta": str(change.delta),
        "cut": str(change.cut),
        "unit": unit.symbol,
        "old_exact": _exact(change.old, unit),
        "new_exact": _exact(change.new, unit),
        "delta_exact": _exact(change.delta, unit),
        "cut_pct_exact": _pct(change.cut),
        "factor": change.factor.name if change.factor else None,
        "factor_mark": change.factor.mark.value if change.factor else None,
        # Set when a factor's conversion was rounded: new and delta to this many places.
        "places": change.places,
        **_provenance(change.provenance),
    }


@frame_of.register(Comparison)
def comparison_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per compared limb."""
    return _frame([_change(c) for c in comparison.changes], _CHANGE_COLUMNS, comparison.provenance)


def _source(prefix: str, measure: CatalogMeasure | None) -> Record:
    if measure is None:
        fields = ("measure", "limit", "source", "url", "mark")
        return dict.fromkeys(f"{prefix}_{field}" for field in fields)
    return {
        f"{prefix}_measure": measure.id,
        f"{prefix}_limit": measure.describe(),
        f"{prefix}_source": measure.source.citation,
        f"{prefix}_url": measure.source.url,
        f"{prefix}_mark": measure.source.mark.value,
    }


@frame_of.register(InstrumentComparison)
def instrument_comparison_frame(result: InstrumentComparison) -> pd.DataFrame:
    """One row per commodity and compared limb; commodities on one side only get one row."""
    records: list[Record] = []
    for change in result.changes:
        measure = change.new or change.old
        commodity = measure.commodity if measure is not None else None
        note = change.note
        if change.old is None:
            note = f"only in {result.new.symbol}"
        elif change.new is None:
            note = f"only in {result.old.symbol}"
        head: Record = {
            "commodity": change.commodity,
            "direction": str(commodity.direction) if commodity else None,
            "old_instrument": result.old.symbol,
            "new_instrument": result.new.symbol,
        }
        tail: Record = {
            **_source("old", change.old),
            **_source("new", change.new),
            "flags": "; ".join(change.flags),
            "note": note,
        }
        limbs = change.comparison.changes if change.comparison is not None else ()
        if not limbs:
            records.append(
                {**head, **dict.fromkeys(_CHANGE_COLUMNS), **_provenance(change.provenance), **tail}
            )
        records.extend({**head, **_change(limb), **tail} for limb in limbs)
    columns = (
        "commodity",
        "direction",
        "old_instrument",
        "new_instrument",
        *_CHANGE_COLUMNS,
        *_source("old", None),
        *_source("new", None),
        "note",
    )
    return _frame(records, columns, result.provenance)


@frame_of.register(Waterfall)
def waterfall_frame(waterfall: Waterfall) -> pd.DataFrame:
    """One row per step, amounts in the baseline's unit."""
    unit = waterfall.baseline.unit
    records = [
        {
            "label": step.label,
            "before": str(step.before),
            "after": str(step.after),
            "step": str(step.step),
            "cumulative": str(step.cumulative),
            "unit": unit.symbol,
            "before_exact": _exact(step.before, unit),
            "after_exact": _exact(step.after, unit),
            "step_pct_exact": _pct(step.step),
            "cumulative_pct_exact": _pct(step.cumulative),
            # Set when a factor's conversion was rounded: after to this many places.
            "places": step.places,
            **_provenance(step.provenance),
        }
        for step in waterfall.steps
    ]
    columns = (
        "label",
        "before",
        "after",
        "step",
        "cumulative",
        "unit",
        "before_exact",
        "after_exact",
        "step_pct_exact",
        "cumulative_pct_exact",
        "places",
        *_PROVENANCE_COLUMNS,
    )
    return _frame(records, columns, waterfall.provenance)


def _kind(measure: CatalogMeasure) -> str:
    inner = measure.measure
    return type(inner).__name__.lower() if inner is not None else "provision"


@frame_of.register(Timeline)
def timeline_frame(timeline: Timeline) -> pd.DataFrame:
    """One row per measure on the timeline, with one exact limit column per unit.

    ``start`` and ``end_exclusive`` are datetimes (``NaT`` for a proposal or an open end);
    ``limit_exact_<unit>`` holds each limb's exact value (``limit_exact_bbl``,
    ``limit_exact_t``).
    """
    units: dict[str, None] = {}
    for entry in timeline.entries:
        inner = entry.measure.measure
        if isinstance(inner, Cap | DualCap):
            units.update(dict.fromkeys(limb.unit.symbol for limb in inner.limbs))
    records = []
    for entry in timeline.entries:
        measure = entry.measure
        inner = measure.measure
        limbs = {limb.unit.symbol: limb for limb in inner.limbs} if inner is not None else {}
        period = inner.period if isinstance(inner, Cap | DualCap | Freeze) else None
        estimate = inner.estimate if isinstance(inner, Freeze) else None
        records.append(
            {
                "commodity": timeline.commodity,
                "instrument": entry.instrument.symbol,
                "instrument_status": str(entry.instrument.status),
                "program_key": entry.instrument.program_key or None,
                "program_key_origin": entry.instrument.program_key_origin,
                "measure": measure.id,
                "kind": _kind(measure),
                "limit": measure.describe(),
                "applied": entry.span_text,
                "start": entry.start,
                "end_exclusive": entry.end,
                "status": str(entry.status),
                "period": str(period) if period is not None else None,
                "repeating": isinstance(period, Periodic),
                **{
                    f"limit_exact_{symbol}": (
                        format(limbs[symbol].value, "f") if symbol in limbs else None
                    )
                    for symbol in units
                },
                "estimate": str(estimate.limit) if estimate is not None else None,
                "source": measure.source.citation,
                "url": measure.source.url,
                "mark": measure.source.mark.value,
                "flags": "; ".join(measure.flags),
                "hypothetical": "; ".join(entry.provenance.hypothetical),
                "sources": "; ".join(str(s) for s in entry.provenance.sources),
            }
        )
    columns = (
        "commodity",
        "instrument",
        "instrument_status",
        "program_key",
        "program_key_origin",
        "measure",
        "kind",
        "limit",
        "applied",
        "start",
        "end_exclusive",
        "status",
        "period",
        "repeating",
        *(f"limit_exact_{symbol}" for symbol in units),
        "estimate",
        "source",
        "url",
        "mark",
        "flags",
        "hypothetical",
        "sources",
    )
    frame = _frame(records, columns, timeline.provenance)
    for column in ("start", "end_exclusive"):
        frame[column] = frame[column].astype("datetime64[s]")
    return frame
