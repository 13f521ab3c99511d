"""The catalog's value types: instruments and their measures, each figure with its source and mark.

The bundled catalog (``data/catalog/*.json``) is the embedded default; users load their own
files in the same schema (JSON, or TOML with the same structure) and combine them with it.
Marks are :class:`~sanctioncalc.Mark` members: ``V`` read in the instrument's own text,
``V2`` seen only in a secondary source, ``U`` unverified.  Anything short of ``V`` is flagged
wherever it is shown.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Final, Protocol, final

import attrs

from sanctioncalc._amount import with_provenance
from sanctioncalc._ceiling import Ceiling
from sanctioncalc._commodity import Commodity
from sanctioncalc._errors import StrictEnumType
from sanctioncalc._fields import named, to_mark, to_optional_mark
from sanctioncalc._freeze import Freeze
from sanctioncalc._hooks import RichDisplay
from sanctioncalc._mark import Mark
from sanctioncalc._measure import Ban, Cap, DualCap
from sanctioncalc._percent import Percentage
from sanctioncalc._period import Periodic, Span, format_date
from sanctioncalc._price_cap import PriceCap
from sanctioncalc._provenance import (
    Origin,
    Provenance,
    origin_provenance,
    source_provenance,
)
from sanctioncalc._schedule import QuotaSchedule

__all__ = [
    "CatalogMeasure",
    "Instrument",
    "InstrumentStatus",
    "NotificationThreshold",
    "Regime",
    "Source",
    "Vote",
    "normalise_symbol",
]


SCHEMA: Final = "sanctioncalc.catalog/1"
_MAX_FILE_BYTES: Final = 10 * 1024 * 1024
# C0/C1 controls, surrogates, and the bidirectional overrides that can make a text show
# something other than what it holds ("Trojan source").
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
#: A page's address as written: http(s), then no spaces (a space would not survive a rewrite),
#: at most 2,000 characters in all (the limit of any text the catalog reads).
_ADDRESS: Final = re.compile(r"https?://\S{1,1992}")

LimitMeasure = Cap | DualCap | Ban | Freeze | PriceCap | QuotaSchedule | Ceiling


class InstrumentStatus(enum.Enum, metaclass=StrictEnumType):
    """Where an instrument stands."""

    ADOPTED = "adopted"
    VETOED = "vetoed"
    NEVER_VOTED = "never-voted"
    FAILED = "failed"
    TERMINATED = "terminated"

    def __str__(self) -> str:
        return self.value

    @property
    def took_effect(self) -> bool:
        """Whether measures of an instrument with this status ever applied."""
        return self in (InstrumentStatus.ADOPTED, InstrumentStatus.TERMINATED)


@final
@attrs.frozen(field_transformer=named)
class Source:
    """Where a figure comes from: document, paragraph, address, and how it was verified."""

    document: str
    paragraph: str | None
    url: str
    mark: Mark = attrs.field(converter=to_mark)
    paragraph_mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
    paragraph_url: str | None = None

    @property
    def citation(self) -> str:
        """``S/RES/2397 (2017) para 4`` (with ``[para unverified]`` where so marked)."""
        if self.paragraph is None:
            return f"{self.document} (paragraph not identified)"
        mark = self.paragraph_mark
        flag = "" if mark is Mark.V else f" [para {mark.qualifier}]"
        return f"{self.document} para {self.paragraph}{flag}"


@final
@attrs.frozen(field_transformer=named)
class NotificationThreshold:
    """A notification step on utilization, such as 95 % of a cap, with its mark."""

    percent: Percentage
    mark: Mark = attrs.field(converter=to_mark)

    def __str__(self) -> str:
        return f"{self.percent}{' [unverified]' if self.mark is Mark.U else ''}"


@final
@attrs.frozen(field_transformer=named)
class Vote:
    """A recorded Security Council vote."""

    in_favour: int
    against: int
    abstaining: int
    vetoed_by: tuple[str, ...]
    mark: Mark = attrs.field(converter=to_mark)
    #: The page the vote was read on (a UN press release or meeting record for a V).
    url: str | None = None

    def __str__(self) -> str:
        text = f"{self.in_favour}–{self.against}"
        if self.abstaining:
            text += f"–{self.abstaining}"
        if self.vetoed_by:
            text += f" (vetoed by {' and '.join(self.vetoed_by)})"
        return text


@final
@attrs.frozen(field_transformer=named)
class Regime:
    """A sanctions regime, with a program key that joins to OpenSanctions-style program ids.

    ``program_key_origin`` says whose key it is: ``"opensanctions"`` for an OpenSanctions
    program id, ``"own"`` for a key of the catalog's own (no OpenSanctions id was found).
    """

    key: str
    title: str
    program_key: str
    url: str
    program_key_origin: str = "own"


@final
@attrs.frozen(field_transformer=named)
class CatalogMeasure(RichDisplay):
    """One measure of an instrument: its limit (or ban, freeze, or provision) and provenance."""

    id: str
    instrument: str
    commodity: Commodity | None
    measure: LimitMeasure | None
    source: Source
    provision: str | None = None
    reporting_days: int | None = None
    reporting_mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
    thresholds: tuple[NotificationThreshold, ...] = ()
    superseded_by: str | None = None
    note: str = ""
    hs_mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
    estimate_by: str | None = None
    estimate_mark: Mark | None = attrs.field(default=None, converter=to_optional_mark)
    estimate_url: str | None = None
    #: The provenance of the measure's figures, set when a catalog is built (it knows the
    #: instrument's status); outside ``==`` and hash.
    figure_provenance: Provenance | None = attrs.field(
        default=None, kw_only=True, eq=False, repr=False
    )

    @property
    def provenance(self) -> Provenance:
        """Where the measure's figures come from: source, mark and the instrument's status."""
        if self.figure_provenance is not None:
            return self.figure_provenance
        source = self.source
        return source_provenance(self.describe(), source.citation, source.url, source.mark)

    @property
    def flags(self) -> tuple[str, ...]:
        """What about this measure is unverified or secondary, in words (empty if nothing)."""
        flags: list[str] = []
        if self.source.mark is not Mark.V:
            flags.append(f"figure {self.source.mark.qualifier}")
        if self.source.paragraph_mark is Mark.U:
            flags.append("paragraph unverified")
        elif self.source.paragraph_mark is Mark.V2:
            flags.append("paragraph number from a secondary source")
        if self.commodity is not None and self.commodity.hs_code and self.hs_mark is Mark.U:
            flags.append("HS code unverified")
        flags += [f"threshold {t.percent} unverified" for t in self.thresholds if t.mark is Mark.U]
        if isinstance(self.measure, Freeze) and self.measure.estimate is not None:
            flags.append(f"estimate by {self.estimate_by or 'an outside source'}, not in the text")
        if isinstance(self.measure, PriceCap | QuotaSchedule | Ceiling):
            flags += shape_flags(self.measure)
        return tuple(flags)

    @property
    def start(self) -> date | None:
        """The first day the measure applies (None for an unanchored proposal)."""
        measure = self.measure
        if isinstance(measure, Cap | DualCap | Freeze):
            period = measure.period
            return period.start if isinstance(period, Span) else period.anchor
        if isinstance(measure, Ban | Ceiling):
            return measure.start
        if isinstance(measure, PriceCap):
            return measure.effective_from
        if isinstance(measure, QuotaSchedule):
            return measure.start
        return None

    @property
    def is_repeating(self) -> bool:
        """Whether the limit repeats per period (rather than covering one stub range)."""
        return isinstance(self.measure, Cap | DualCap) and isinstance(self.measure.period, Periodic)

    def describe(self) -> str:
        """One line: the limit text without the commodity, or the provision."""
        if self.measure is not None:
            return str(attrs.evolve(self.measure, commodity=None))
        return self.provision or ""


@final
@attrs.frozen(field_transformer=named)
class Instrument(RichDisplay):
    """A resolution or draft, with its status, vote, regime and measures."""

    symbol: str
    kind: str
    title: str
    date: date
    status: InstrumentStatus
    regime: str
    source: Source
    measures: tuple[CatalogMeasure, ...]
    vote: Vote | None = None
    date_mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
    origin: str = "bundled"
    note: str = ""
    #: The document's own address (for a UN document, its Official Document System page),
    #: separate from the pages its figures were read in.
    document_url: str | None = None
    #: The page the date was read on.
    date_url: str | None = None
    #: The regime's program key and whose key it is (``"opensanctions"`` or ``"own"``),
    #: carried so results can be joined to sanctions lists without the catalog at hand.
    program_key: str = ""
    program_key_origin: str = "own"

    @property
    def number(self) -> str | None:
        """The resolution number (``"2397"``), or None for a draft."""
        match = re.fullmatch(r"S/RES/(\d+) \(\d{4}\)", self.symbol)
        return match[1] if match else None

    def measures_for(self, commodity: str) -> tuple[CatalogMeasure, ...]:
        """This instrument's measures on a commodity (by slug)."""
        return tuple(
            m for m in self.measures if m.commodity is not None and m.commodity.name == commodity
        )

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title} ({format_date(self.date)}, {self.status})"


_RES_RE: Final = re.compile(
    r"(?:S/RES/|RES(?:OLUTION)?\.?\s*|UNSCR\s*|UNSC\s*RES(?:OLUTION)?\s*)?(\d{3,4})"
    r"(?:\s*\(\s*(\d{4})\s*\))?",
    re.IGNORECASE,
)


def normalise_symbol(text: str) -> str:
    """A lookup key for how people write symbols: ``"res 2397"`` and ``"S/RES/2397 (2017)"``
    both give ``"S/RES/2397"``; anything else is upper-cased with spaces collapsed.

    >>> normalise_symbol("S/RES/2397 (2017)"), normalise_symbol("res 2397")
    ('S/RES/2397', 'S/RES/2397')
    >>> normalise_symbol(" s/2022/431 ")
    'S/2022/431'
    """
    stripped = " ".join(text.split())
    match = _RES_RE.fullmatch(stripped)
    if match:
        return f"S/RES/{int(match[1])}"
    return stripped.upper()


_STATUS_WORDS: Final = {
    "vetoed": "vetoed {}",
    "never-voted": "never put to a vote (draft of {})",
    "failed": "not adopted (vote of {})",
}


def status_words(instrument: Instrument) -> str | None:
    """How a hypothetical instrument's status reads ("vetoed 26 May 2022"); None if it
    took effect."""
    if instrument.status.took_effect:
        return None
    return _STATUS_WORDS.get(instrument.status.value, "{}").format(format_date(instrument.date))


def with_figure_provenance(
    measure: CatalogMeasure, instrument: Instrument, edition: str | None = None
) -> CatalogMeasure:
    """*measure* with each figure of its limit carrying its source, mark, status and the
    *edition* of the catalog it was read from."""
    inner = measure.measure
    source, status = measure.source, status_words(instrument)

    def of(figure: str) -> Provenance:
        return source_provenance(
            figure,
            source.citation,
            source.url,
            source.mark,
            instrument=instrument.symbol,
            status=status,
            edition=edition,
        )

    whole = of(measure.describe())
    if isinstance(inner, Freeze) and inner.estimate is not None:
        outside = origin_provenance(
            Origin.OUTSIDE_ESTIMATE,
            note=f"estimate by {measure.estimate_by or 'an outside source'}",
        )
        whole = Provenance.combine(whole, outside)
    if not isinstance(inner, Cap | DualCap | Ban):
        return attrs.evolve(measure, figure_provenance=whole)
    built = map_figures(inner, lambda figure, _: of(figure))
    return attrs.evolve(measure, measure=built, figure_provenance=whole)


def map_figures(
    measure: Cap | DualCap | Ban, change: Callable[[str, Provenance], Provenance]
) -> Cap | DualCap | Ban:
    """*measure* with each figure's provenance replaced by ``change(figure text, provenance)``
    (a cap's limit, each limb of a dual cap, a ban as ``"ban"``)."""
    if isinstance(measure, Cap):
        limit = measure.limit
        return attrs.evolve(
            measure, limit=with_provenance(limit, change(str(limit), limit.provenance))
        )
    if isinstance(measure, DualCap):
        limbs = tuple(with_provenance(x, change(str(x), x.provenance)) for x in measure.limbs)
        return attrs.evolve(measure, limbs=limbs)
    return attrs.evolve(measure, provenance=change("ban", measure.provenance))


def shape_flags(measure: object) -> tuple[str, ...]:
    """What is unverified or secondary inside a price cap, schedule or ceiling, in words."""
    flags: list[str] = []
    if isinstance(measure, PriceCap):
        flags.extend(
            f"wind-down to {window.last_day.isoformat()} {window.mark.qualifier}"
            for window in measure.wind_downs
            if window.mark is not Mark.V
        )
        if measure.rule is not None and measure.rule.mark is not Mark.V:
            flags.append(f"dynamic rule {measure.rule.mark.qualifier}")
        if measure.unverified_from is not None:
            flags.append(
                f"whether it still applied from {measure.unverified_from.isoformat()} is unverified"
            )
    elif isinstance(measure, QuotaSchedule):
        flags.extend(
            f"quota for {entry.span} {entry.mark.qualifier}"
            for entry in measure.entries
            if entry.mark is not Mark.V
        )
    elif isinstance(measure, Ceiling):
        if measure.start is not None and measure.start_mark is not Mark.V:
            flags.append(f"start date {measure.start_mark.qualifier}")
        if measure.years is not None and measure.years_mark is not Mark.V:
            flags.append(f"duration of {measure.years} years {measure.years_mark.qualifier}")
    return tuple(flags)


class CatalogContents(Protocol):
    """What a catalog holds: what the reader builds on and the writer writes."""

    @property
    def instruments(self) -> Sequence[Instrument]: ...
    @property
    def regimes(self) -> Mapping[str, Regime]: ...
    @property
    def commodities(self) -> Mapping[str, Commodity]: ...
    @property
    def commodity_titles(self) -> Mapping[str, str]: ...


@final
@attrs.frozen(field_transformer=named)
class Contents:
    """Instruments, regimes and commodities as read, before the catalog indexes them."""

    instruments: tuple[Instrument, ...]
    regimes: Mapping[str, Regime]
    commodities: Mapping[str, Commodity]
    commodity_titles: Mapping[str, str] = attrs.field(factory=dict)
