"""Questions asked of a catalog: timelines, the cap on a date, comparisons, cumulative cuts."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._ceiling import Ceiling
from sanctioncalc._cumulative import Waterfall, cumulative
from sanctioncalc._errors import (
    CatalogError,
    InstrumentNotFoundError,
    SanctionCalcError,
    StrictEnumType,
    UnitMismatchError,
    shown,
)
from sanctioncalc._factors import ConversionFactor
from sanctioncalc._freeze import Freeze
from sanctioncalc._hooks import RichDisplay, renderer
from sanctioncalc._measure import Ban, Cap, DualCap
from sanctioncalc._numbers import check_places
from sanctioncalc._ops import Comparison, compare
from sanctioncalc._period import Span, format_date, to_date
from sanctioncalc._price_cap import PriceCap
from sanctioncalc._price_check import compare_price_caps
from sanctioncalc._provenance import (
    Explanation,
    Provenance,
    explanation,
    flag_suffix,
    provenance_of,
)
from sanctioncalc._schedule import QuotaSchedule

from .catalog import Catalog, catalog
from .model import CatalogMeasure, Instrument, map_figures

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CommodityChange",
    "InstrumentComparison",
    "Timeline",
    "TimelineEntry",
    "TimelineStatus",
    "compare_instruments",
    "cumulative_restriction",
    "timeline",
]


class TimelineStatus(enum.Enum, metaclass=StrictEnumType):
    """How a measure stands on a timeline."""

    IN_FORCE = "in force"
    ENDED = "ended"
    SUPERSEDED = "superseded"
    SUPERSEDED_BEFORE_APPLYING = "superseded before it applied"
    PROPOSAL = "proposal, never in force"

    def __str__(self) -> str:
        return self.value


@final
@attrs.frozen
class TimelineEntry:
    """One measure on a commodity's timeline, with the dates it applied (``end`` exclusive)."""

    instrument: Instrument
    measure: CatalogMeasure
    start: date | None
    end: date | None
    status: TimelineStatus

    @property
    def note(self) -> str | None:
        """A provenance note the status calls for: superseded before it applied, or ended."""
        if self.status is TimelineStatus.SUPERSEDED_BEFORE_APPLYING:
            return f"{self.measure.source.citation}: superseded before it applied"
        if self.status is TimelineStatus.ENDED and self.end is not None:
            return f"{self.measure.source.citation}: expired {format_date(self.end)}"
        return None

    @property
    def provenance(self) -> Provenance:
        """The measure's figures' provenance, with the status's note."""
        found = provenance_of(self.measure.measure)
        return found.with_notes(self.note) if self.note else found

    def applies_on(self, day: date) -> bool:
        """Whether the measure applied on *day*."""
        day = to_date(day, "day")
        if self.status is TimelineStatus.PROPOSAL or self.start is None:
            return False
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def span_text(self) -> str:
        """``1 Jan 2018 – open`` style text (inclusive end)."""
        if self.start is None:
            return "—"
        if self.end is None:
            return f"{format_date(self.start)} – open"
        if self.end <= self.start:
            return f"{format_date(self.start)} (never applied)"
        return str(Span(self.start, self.end))


@final
@attrs.frozen
class Timeline(RichDisplay):
    """The measures on one commodity over time, proposals included and marked as such."""

    commodity: str
    entries: tuple[TimelineEntry, ...]

    def on(self, day: date) -> tuple[TimelineEntry, ...]:
        """The entries that applied on *day* (several when measures overlap)."""
        day = to_date(day, "day")
        return tuple(e for e in self.entries if e.applies_on(day))

    def __str__(self) -> str:
        lines = [f"timeline: {self.commodity}"]
        lines.extend(
            f"{e.span_text:<34} {e.measure.describe():<50} {e.instrument.symbol} ({e.status})"
            + flag_suffix(e.provenance)
            for e in self.entries
        )
        return "\n".join(lines)

    @property
    def provenance(self) -> Provenance:
        """Every entry's provenance combined."""
        return Provenance.combine(*(e.provenance for e in self.entries))

    def explain(self) -> Explanation:
        """Each entry's limit, dates and status, with each figure's source."""
        return explanation(
            f"timeline: {self.commodity}",
            (
                f"{e.instrument.symbol}: {e.measure.describe()} — {e.span_text} ({e.status})"
                for e in self.entries
            ),
            ((e.measure.describe(), e.provenance) for e in self.entries),
            self.provenance,
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: dates, status, an exact limit column per unit, source, flags.

        Needs pandas (``pip install 'sanctioncalc[pandas]'``).

        >>> frame = timeline("refined-petroleum").to_frame()
        >>> frame.loc[frame["status"] == "in force", ["instrument", "limit_exact_bbl"]].values
        array([['S/RES/2397 (2017)', '500000']], dtype=object)
        """
        return renderer().frame(self)  # type: ignore[no-any-return]


def _catalog(value: Catalog | None) -> Catalog:
    if value is None:
        return catalog()
    if not isinstance(value, Catalog):
        raise CatalogError(
            field="catalog",
            got=shown(value, 60),
            expected="a sanctioncalc.Catalog, or None for the bundled one",
            fix="load one with sc.Catalog.from_files(path, base=sc.catalog())",
        )
    return value


def timeline(commodity: str, *, catalog: Catalog | None = None) -> Timeline:
    """Every measure on *commodity*, in order, with when it applied and how it ended.

    >>> t = timeline("refined-petroleum")
    >>> [str(e.status) for e in t.entries][:3]
    ['ended', 'superseded before it applied', 'in force']
    """
    cat = _catalog(catalog)
    entries: list[TimelineEntry] = []
    for measure in cat.measures(commodity):
        instrument = cat.instrument(measure.instrument)
        start = measure.start
        if start is None and instrument.status.took_effect:
            start = instrument.date
        end: date | None = None
        status = TimelineStatus.IN_FORCE
        inner = measure.measure
        if isinstance(inner, Cap | DualCap) and isinstance(inner.period, Span):
            end, status = inner.period.end, TimelineStatus.ENDED
        elif (fixed_end := _fixed_end(inner)) is not None:
            end, status = fixed_end, TimelineStatus.ENDED
        successor = cat.superseding(measure)
        # Only a measure that took effect can end another: a draft's proposal ends nothing.
        if successor is not None and cat.instrument(successor.instrument).status.took_effect:
            successor_start = successor.start or cat.instrument(successor.instrument).date
            if end is None or successor_start < end:
                end = successor_start
                status = (
                    TimelineStatus.SUPERSEDED_BEFORE_APPLYING
                    if start is not None and successor_start <= start
                    else TimelineStatus.SUPERSEDED
                )
        if not instrument.status.took_effect:
            status, end = TimelineStatus.PROPOSAL, None
        entries.append(TimelineEntry(instrument, measure, start, end, status))
    entries.sort(key=lambda e: (e.start or e.instrument.date, e.instrument.date))
    return Timeline(cat.commodity(commodity).name, tuple(entries))


@final
@attrs.frozen
class CommodityChange:
    """How one commodity's measure changed between two instruments."""

    commodity: str
    old: CatalogMeasure | None
    new: CatalogMeasure | None
    comparison: Comparison | None
    note: str = ""

    @property
    def provenance(self) -> Provenance:
        """Both measures' provenance combined."""
        return Provenance.combine(*(m.provenance for m in (self.old, self.new) if m))

    @property
    def flags(self) -> tuple[str, ...]:
        """Both measures' flags, and the hypothetical statuses of their instruments."""
        measure_flags = (f for m in (self.old, self.new) if m for f in m.flags)
        hypothetical = (f"hypothetical: {h}" for h in self.provenance.hypothetical)
        return tuple(dict.fromkeys((*measure_flags, *hypothetical)))


@final
@attrs.frozen
class InstrumentComparison(RichDisplay):
    """Two instruments side by side: shared commodities with their changes, and the rest."""

    old: Instrument
    new: Instrument
    changes: tuple[CommodityChange, ...]

    @property
    def only_in_old(self) -> tuple[CatalogMeasure, ...]:
        """Measures with a commodity the new instrument does not touch."""
        return tuple(c.old for c in self.changes if c.new is None and c.old is not None)

    @property
    def only_in_new(self) -> tuple[CatalogMeasure, ...]:
        """Measures the new instrument adds (such as the 2022 draft's bans)."""
        return tuple(c.new for c in self.changes if c.old is None and c.new is not None)

    @property
    def provenance(self) -> Provenance:
        """Every measure's provenance on either side, combined."""
        return Provenance.combine(
            *(
                provenance_of(m.measure)
                for c in self.changes
                for m in (c.old, c.new)
                if m is not None
            )
        )

    def __str__(self) -> str:
        lines = [f"{self.old.symbol} → {self.new.symbol}{flag_suffix(self.provenance)}"]
        for c in self.changes:
            if c.comparison is not None:
                body = "; ".join(ch.text for ch in c.comparison.changes)
            else:
                body = c.note or "no comparison"
            lines.append(f"  {c.commodity}: {body}")
        return "\n".join(lines)

    def explain(self) -> Explanation:
        """Each compared commodity's arithmetic, and each figure's source."""
        steps: list[str] = []
        inputs: list[tuple[str, Provenance]] = []
        for c in self.changes:
            if c.comparison is not None:
                steps += [f"{c.commodity}: {step}" for step in c.comparison.explain().steps]
                inputs += [i for ch in c.comparison.changes for i in ch.inputs()]
            else:
                steps.append(f"{c.commodity}: {c.note or 'no comparison'}")
                inputs += [
                    (m.describe(), provenance_of(m.measure))
                    for m in (c.old, c.new)
                    if m is not None and m.measure is not None
                ]
        return explanation(
            f"{self.old.symbol} compared with {self.new.symbol}", steps, inputs, self.provenance
        )

    def change(self, commodity: str) -> CommodityChange:
        """The change for one commodity."""
        for c in self.changes:
            if c.commodity == commodity:
                return c
        raise InstrumentNotFoundError(
            field="commodity",
            got=shown(commodity, 60),
            expected="one of " + ", ".join(c.commodity for c in self.changes),
            fix="use a commodity that either instrument touches",
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per commodity and limb: limits, delta and cut, both sources, flags.

        Needs pandas (``pip install 'sanctioncalc[pandas]'``).

        >>> frame = compare_instruments("2397", "S/2022/431").to_frame()
        >>> frame[["commodity", "unit", "delta_exact", "cut_pct_exact"]].values[:2]
        array([['crude-oil', 'bbl', '-1000000', '25'],
               ['crude-oil', 't', '-131250', '25']], dtype=object)
        >>> frame.loc[3, ["commodity", "new_limit", "new_mark", "note"]].tolist()
        ['mineral-fuels', 'ban', 'V2', 'only in S/2022/431']
        """
        return renderer().frame(self)  # type: ignore[no-any-return]


def _main_measure(instrument: Instrument, commodity: str) -> CatalogMeasure | None:
    """The measure that speaks for an instrument on a commodity: a repeating limit first."""
    candidates = instrument.measures_for(commodity)
    for test in (
        lambda m: m.is_repeating,
        lambda m: isinstance(m.measure, Ban | Freeze),
        lambda m: m.measure is not None,
    ):
        for m in candidates:
            if test(m):
                return m
    return None


def _commodities_in(instrument: Instrument) -> list[str]:
    return list(dict.fromkeys(m.commodity.name for m in instrument.measures if m.commodity))


def compare_instruments(
    old: str | Instrument,
    new: str | Instrument,
    *,
    catalog: Catalog | None = None,
    factor: ConversionFactor | None = None,
    places: int | None = None,
) -> InstrumentComparison:
    """Compare two instruments commodity by commodity: old and new limit, delta, cut.

    *factor* and *places* work as in :func:`compare`.

    >>> c = compare_instruments("2397", "S/2022/431")
    >>> str(c.change("crude-oil").comparison.cut), str(c.change("refined-petroleum").comparison.cut)
    ('25 %', '25 %')
    """
    if places is not None:
        check_places(places)
    cat = _catalog(catalog)
    a, b = cat.instrument(old), cat.instrument(new)
    names = list(dict.fromkeys(_commodities_in(a) + _commodities_in(b)))
    changes: list[CommodityChange] = []
    for name in names:
        m_old, m_new = _main_measure(a, name), _main_measure(b, name)
        comparison: Comparison | None = None
        note = ""
        if m_old is not None and m_new is not None:
            comparison, note = _compare_measures(m_old, m_new, factor, places)
        changes.append(CommodityChange(name, m_old, m_new, comparison, note))
    return InstrumentComparison(a, b, tuple(changes))


def _fixed_end(inner: object) -> date | None:
    """The planned end (exclusive) of a price cap, schedule or ceiling that states one."""
    if isinstance(inner, PriceCap):
        return inner.effective_until
    if isinstance(inner, QuotaSchedule):
        return inner.end
    if isinstance(inner, Ceiling):
        return inner.expires
    return None


def _compare_measures(
    old: CatalogMeasure,
    new: CatalogMeasure,
    factor: ConversionFactor | None,
    places: int | None = None,
) -> tuple[Comparison | None, str]:
    left, right = old.measure, new.measure
    if isinstance(left, PriceCap) or isinstance(right, PriceCap):
        if isinstance(left, PriceCap) and isinstance(right, PriceCap):
            try:
                return compare_price_caps(left, right), ""
            except SanctionCalcError as error:
                return None, str(error)
        return None, "a price cap compares only with another price cap"
    if isinstance(left, QuotaSchedule | Ceiling) or isinstance(right, QuotaSchedule | Ceiling):
        if isinstance(left, Ceiling) and isinstance(right, Ceiling) and left.limbs and right.limbs:
            try:
                return compare(left.limbs[0], right.limbs[0], factor=factor, places=places), ""
            except SanctionCalcError as error:
                return None, str(error)
        return None, "compare a schedule period by period, or ceilings of the same kind"
    if isinstance(left, Freeze) or isinstance(right, Freeze):
        return None, "a freeze states no number; compare its estimate explicitly if you accept it"
    if left is None or right is None:
        return None, "no limit to compare"
    if isinstance(left, Ban):
        return None, "already banned"
    try:
        return compare(left, right, factor=factor, places=places), ""
    except UnitMismatchError as error:
        return None, str(error)
    except SanctionCalcError as error:
        return None, str(error)


def cumulative_restriction(
    commodity: str,
    baseline: Amount | Cap | str,
    *,
    through: Sequence[str] | None = None,
    catalog: Catalog | None = None,
    factor: ConversionFactor | None = None,
    places: int | None = None,
) -> Waterfall:
    """The cumulative cut of *commodity* from *baseline* through the chain of instruments.

    By default the chain is every adopted instrument's repeating limit on the commodity, in
    date order (superseded ones included: they were adopted), and its bans, except a ban that
    a later measure replaced: a cap that replaced it shows it did not hold supply at zero
    (2270's coal ban, with its livelihood exemption, gave way to 2321's cap), and a ban that
    replaced it is the one that counts.  *through* names the instruments explicitly (drafts
    allowed).  *factor* and *places* work as in :func:`cumulative`.

    >>> w = cumulative_restriction("refined-petroleum", "4,500,000 bbl/yr")
    >>> [s.label for s in w.steps], str(w.total)
    (['S/RES/2375 (2017) para 14 [para unverified]', 'S/RES/2397 (2017) para 5'], '88.89 %')
    """
    cat = _catalog(catalog)
    name = cat.commodity(commodity).name
    chosen: list[CatalogMeasure] = []
    if through is None:
        for instrument in cat.instruments:
            if instrument.status.took_effect:
                main = _main_measure(instrument, name)
                ban = main is not None and isinstance(main.measure, Ban)
                if main is not None and (main.is_repeating or (ban and main.superseded_by is None)):
                    chosen.append(main)
    else:
        if isinstance(through, str):  # "2397" would otherwise be read as '2', '3', '9', '7'
            raise InstrumentNotFoundError(
                field="through",
                got=shown(through, 60),
                expected="a list of instrument symbols",
                fix=f"pass through=[{through[:40]!r}]",
            )
        for symbol in through:
            instrument = cat.instrument(symbol)
            main = _main_measure(instrument, name)
            if main is None or isinstance(main.measure, Freeze) or main.measure is None:
                raise InstrumentNotFoundError(
                    field="through",
                    got=instrument.symbol,
                    expected=f"an instrument with a stated limit on {name}",
                    fix="leave it out of the chain",
                )
            chosen.append(main)
    notes = {e.measure.id: e.note for e in timeline(name, catalog=cat).entries if e.note}
    steps = [
        _noted(m.measure, notes.get(m.id))
        for m in chosen
        if isinstance(m.measure, Cap | DualCap | Ban)
    ]
    labels = [m.source.citation for m in chosen if isinstance(m.measure, Cap | DualCap | Ban)]
    return cumulative(baseline, *steps, labels=labels, factor=factor, places=places)


def _noted(measure: Cap | DualCap | Ban, note: str | None) -> Cap | DualCap | Ban:
    """*measure* with *note* added to its figures' provenance."""
    if note is None:
        return measure
    return map_figures(measure, lambda _, provenance: provenance.with_notes(note))
