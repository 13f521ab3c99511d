"""The catalog: real instruments and their measures, each figure with its source and mark.

The bundled catalog (``data/catalog/*.json``) is the embedded default; users load their own
files in the same schema (JSON, or TOML with the same structure) and combine them with it.
Marks follow the project's convention: ``V`` seen in the cited source, ``V2`` seen only in
secondary sources (press), ``U`` unverified.  Anything marked ``U`` is flagged wherever it
is shown.
"""

from __future__ import annotations

import enum
import json
import re
import threading
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any, Final, NoReturn, final

import attrs

from ._amount import Amount
from ._commodity import Commodity, Direction
from ._errors import (
    CatalogConflictError,
    CatalogError,
    InstrumentNotFoundError,
    SanctionCalcError,
    shown,
)
from ._limits import Ceiling, QuotaSchedule
from ._measure import Ban, Cap, DualCap, parse_measure
from ._numbers import to_fraction
from ._percent import Percentage
from ._period import Periodic, Span, _check_date, format_date, parse_date
from ._pricecap import PriceCap
from ._relative import Freeze
from ._rich import RichDisplay

__all__ = [
    "Catalog",
    "CatalogMeasure",
    "Instrument",
    "Regime",
    "Source",
    "Status",
    "Threshold",
    "Vote",
    "catalog",
    "normalise_symbol",
]

SCHEMA: Final = "sanctioncalc.catalog/1"
MARKS: Final = ("V", "V2", "U")
_MAX_FILE_BYTES: Final = 10 * 1024 * 1024
# C0/C1 controls, surrogates, and the bidirectional overrides that can make a text show
# something other than what it holds ("Trojan source").
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
#: A page's address as written: http(s), then no spaces (a space would not survive a rewrite),
#: at most 2,000 characters in all (the limit of any text the catalog reads).
_ADDRESS: Final = re.compile(r"https?://\S{1,1992}")

LimitMeasure = Cap | DualCap | Ban | Freeze | PriceCap | QuotaSchedule | Ceiling


class Status(enum.Enum):
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
        return self in (Status.ADOPTED, Status.TERMINATED)


@final
@attrs.frozen
class Source:
    """Where a figure comes from: document, paragraph, address, and how it was verified."""

    document: str
    paragraph: str | None
    url: str
    mark: str
    paragraph_mark: str = "V"
    paragraph_url: str | None = None

    @property
    def citation(self) -> str:
        """``S/RES/2397 (2017) para 4`` (with ``[para unverified]`` where so marked)."""
        if self.paragraph is None:
            return f"{self.document} (paragraph not identified)"
        flag = {"U": " [para unverified]", "V2": " [para per secondary source]"}.get(
            self.paragraph_mark, ""
        )
        return f"{self.document} para {self.paragraph}{flag}"


@final
@attrs.frozen
class Threshold:
    """A notification step on utilization, such as 95 % of a cap, with its mark."""

    percent: Percentage
    mark: str

    def __str__(self) -> str:
        return f"{self.percent}{' [unverified]' if self.mark == 'U' else ''}"


@final
@attrs.frozen
class Vote:
    """A recorded Security Council vote."""

    in_favour: int
    against: int
    abstaining: int
    vetoed_by: tuple[str, ...]
    mark: str

    def __str__(self) -> str:
        text = f"{self.in_favour}–{self.against}"
        if self.abstaining:
            text += f"–{self.abstaining}"
        if self.vetoed_by:
            text += f" (vetoed by {' and '.join(self.vetoed_by)})"
        return text


@final
@attrs.frozen
class Regime:
    """A sanctions regime, with a program key that joins to OpenSanctions-style program ids."""

    key: str
    title: str
    program_key: str
    url: str


@final
@attrs.frozen
class CatalogMeasure(RichDisplay):
    """One measure of an instrument: its limit (or ban, freeze, or provision) and provenance."""

    id: str
    instrument: str
    commodity: Commodity | None
    measure: LimitMeasure | None
    source: Source
    provision: str | None = None
    reporting_days: int | None = None
    reporting_mark: str = "V"
    thresholds: tuple[Threshold, ...] = ()
    superseded_by: str | None = None
    note: str = ""
    hs_mark: str = "V"
    estimate_by: str | None = None
    estimate_mark: str | None = None
    estimate_url: str | None = None

    @property
    def flags(self) -> tuple[str, ...]:
        """What about this measure is unverified or secondary, in words (empty if nothing)."""
        flags: list[str] = []
        if self.source.mark == "U":
            flags.append("figure unverified")
        elif self.source.mark == "V2":
            flags.append("figure from press only")
        if self.source.paragraph_mark == "U":
            flags.append("paragraph unverified")
        elif self.source.paragraph_mark == "V2":
            flags.append("paragraph number from a secondary source")
        if self.commodity is not None and self.commodity.hs_code and self.hs_mark == "U":
            flags.append("HS code unverified")
        flags += [f"threshold {t.percent} unverified" for t in self.thresholds if t.mark == "U"]
        if isinstance(self.measure, Freeze) and self.measure.estimate is not None:
            flags.append(f"estimate by {self.estimate_by or 'an outside source'}, not in the text")
        if isinstance(self.measure, PriceCap | QuotaSchedule | Ceiling):
            from ._catalog_shapes import shape_flags  # noqa: PLC0415 - imports this module

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
@attrs.frozen
class Instrument(RichDisplay):
    """A resolution or draft, with its status, vote, regime and measures."""

    symbol: str
    kind: str
    title: str
    date: date
    status: Status
    regime: str
    source: Source
    measures: tuple[CatalogMeasure, ...]
    vote: Vote | None = None
    date_mark: str = "V"
    origin: str = "bundled"
    note: str = ""

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


# -- loading --------------------------------------------------------------------------------


_SOURCE_KEYS: Final = "document paragraph paragraph_mark paragraph_url url mark"
_FREEZE_KEYS: Final = "baseline period estimate estimate_by estimate_mark estimate_url"
_VOTE_KEYS: Final = "in_favour against abstaining vetoed_by mark"
_MEASURE_KEYS: Final = (
    "id commodity direction limit freeze provision source reporting_days reporting_mark "
    "thresholds superseded_by note hs_mark price_cap schedule ceiling"
)
_SHAPES: Final = ("price_cap", "schedule", "ceiling")
_INSTRUMENT_KEYS: Final = "symbol kind title date date_mark status vote regime source measures note"


def _brief(value: object) -> str:
    """A raw value for an error message: short, and safe for any value (a 5,000-digit int
    cannot even be written out)."""
    if isinstance(value, str):
        return value[:80]
    if isinstance(value, int) and value.bit_length() > 256:
        return f"an integer of about {value.bit_length() * 30103 // 100000 + 1} digits"
    try:
        return shown(value, 80)
    except ValueError:  # a huge int inside a list or table
        return f"a {type(value).__name__} holding a number too long to write out"


class _Reader:
    """Validates one raw record, naming file, record and field in every error.

    *prefix* names a nested table (``"source."``), so an error says ``source.mark`` rather
    than a bare ``mark`` that the record itself does not have.
    """

    def __init__(
        self, file: str, record: str, raw: object, prefix: str = "", keys: str = ""
    ) -> None:
        self.file = file
        self.record = record
        self.prefix = prefix
        if not isinstance(raw, Mapping):
            raise CatalogError(
                file=file,
                record=record,
                field=prefix.rstrip(".") or "record",
                got=type(raw).__name__,
                expected="an object/table",
                fix="each record is a mapping",
            )
        self.raw: Mapping[str, Any] = raw
        if keys:
            self.check_keys(keys)

    def check_keys(self, keys: str) -> None:
        """Refuse fields the schema does not define: a typo must not drop a figure."""
        allowed = keys.split()
        for key in self.raw:
            if key not in allowed:
                self.fail(
                    str(key),
                    "an unknown field",
                    "one of " + ", ".join(allowed),
                    "fix the field's name or remove it",
                )

    def fail(self, field: str, got: object, expected: str, fix: str) -> NoReturn:
        raise CatalogError(
            file=self.file,
            record=self.record,
            field=self.prefix + field,
            got=_brief(got),
            expected=expected,
            fix=fix,
        )

    def text(self, field: str, *, required: bool = True, default: str = "") -> str:
        value = self.raw.get(field)
        if value is None:
            if required:
                self.fail(field, "nothing", "a text", f"add '{field}' to the record")
            return default
        if not isinstance(value, str) or not value.strip() or len(value) > 2000:
            self.fail(field, value, "a non-empty text", f"give '{field}' as a string")
        if _CONTROL.search(value):
            self.fail(
                field,
                shown(value, 80),
                "text without control characters (newlines, NUL, bidirectional overrides)",
                f"write '{field}' on one line, in plain characters",
            )
        return value.strip()

    def optional_text(self, field: str) -> str | None:
        return self.text(field, required=False) or None

    def mark(self, field: str, default: str = "V") -> str:
        value = self.raw.get(field, default)
        if value not in MARKS:
            self.fail(field, value, "'V', 'V2' or 'U'", "mark how the figure was verified")
        return str(value)

    def integer(self, field: str, *, required: bool = False) -> int | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                self.fail(field, "nothing", "a whole number", f"add '{field}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**6:
            self.fail(
                field, value, "a whole number from 0 to 1,000,000", f"give '{field}' as an integer"
            )
        return int(value)

    def date(self, field: str) -> date:
        value = self.raw.get(field)
        if not isinstance(value, str | date):
            self.fail(field, value, "a date such as '2017-12-22'", f"add '{field}'")
        try:
            # TOML gives dates (and datetimes, which are dates too) ready-made: check them
            # like parsed text, so a datetime or a year 1 never gets into the catalog.
            return parse_date(value, field) if isinstance(value, str) else _check_date(value, field)
        except SanctionCalcError as error:
            raise self.wrap(field, error) from None

    def wrap(self, field: str, error: SanctionCalcError) -> CatalogError:
        facts = error.facts
        return CatalogError(
            file=self.file,
            record=self.record,
            field=self.prefix + field,
            got=str(facts.get("got", "?")),
            expected=str(facts.get("expected", "a valid value")),
            fix=str(facts.get("fix", "correct the value")),
        )

    def mapping(self, field: str) -> Mapping[str, Any] | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail(field, value, "an object/table", f"give '{field}' as a mapping")
        result: Mapping[str, Any] = value
        return result

    def items(self, field: str) -> list[Any]:
        value = self.raw.get(field, [])
        if not isinstance(value, list):
            self.fail(field, value, "a list", f"give '{field}' as a list")
        result: list[Any] = value
        return result


def _source(reader: _Reader, sources: Mapping[str, str], document: str) -> Source:
    raw = reader.mapping("source")
    if raw is None:
        raise reader.fail(
            "source",
            "nothing",
            "a source with url and mark",
            "every figure carries its source: add source = {url = ..., mark = 'V'}",
        )
    sub = _Reader(reader.file, reader.record, raw, "source.", _SOURCE_KEYS)
    url = sub.text("url")
    url = _address(sub, "url", sources.get(url, url))
    paragraph = raw.get("paragraph")
    if paragraph is not None and (
        not isinstance(paragraph, str | int)
        or isinstance(paragraph, bool)
        or (
            isinstance(paragraph, str)
            and (_CONTROL.search(paragraph) or not paragraph.strip() or len(paragraph) > 80)
        )
    ):
        sub.fail("paragraph", paragraph, "a paragraph number or null", "e.g. '4'")
    return Source(
        document=sub.text("document", required=False, default=document),
        paragraph=None if paragraph is None else str(paragraph),
        url=url,
        mark=sub.mark("mark"),
        paragraph_mark=sub.mark("paragraph_mark", "V" if paragraph is not None else "U"),
        paragraph_url=_url(sub, "paragraph_url", sources),
    )


def _url(reader: _Reader, field: str, sources: Mapping[str, str]) -> str | None:
    """An optional address: a URL or a key of the file's 'sources' table."""
    value = reader.optional_text(field)
    if value is None:
        return None
    return _address(reader, field, sources.get(value, value))


def _address(
    reader: _Reader,
    field: str,
    url: object,
    expected: str = "an http(s) address or a key of 'sources'",
    fix: str = "cite the page",
) -> str:
    """*url* if it is an http(s) address of plain characters without spaces."""
    if not isinstance(url, str) or not _ADDRESS.fullmatch(url) or _CONTROL.search(url):
        if isinstance(url, str):  # both ends, quoted: a stray space or character shows
            url = repr(url if len(url) <= 74 else f"{url[:36]}…{url[-36:]}")
        reader.fail(field, url, expected, fix)
    return url


def _thresholds(reader: _Reader) -> tuple[Threshold, ...]:
    thresholds = []
    for index, item in enumerate(reader.items("thresholds")):
        sub = _Reader(reader.file, reader.record, item, f"thresholds[{index}].", "percent mark")
        try:
            percent = Percentage(to_fraction(sub.text("percent"), f"thresholds[{index}].percent"))
        except SanctionCalcError as error:
            raise sub.wrap("percent", error) from None
        if not 0 < percent.percent <= 100:
            sub.fail("percent", str(percent), "a percentage in (0, 100]", "e.g. '95'")
        thresholds.append(Threshold(percent, sub.mark("mark")))
    return tuple(thresholds)


def _measure(
    raw: object,
    *,
    file: str,
    symbol: str,
    instrument_date: date,
    commodities: Mapping[str, Commodity],
    sources: Mapping[str, str],
) -> CatalogMeasure:
    record_id = raw.get("id") if isinstance(raw, Mapping) else None
    reader = _Reader(file, f"{symbol} / {record_id or '?'}", raw, keys=_MEASURE_KEYS)
    measure_id = reader.text("id")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", measure_id):
        reader.fail("id", measure_id, "a lowercase slug", "use letters, digits and hyphens")
    source = _source(reader, sources, symbol)
    commodity: Commodity | None = None
    name = reader.optional_text("commodity")
    if name is not None:
        known = commodities.get(name)
        if known is None:
            reader.fail(
                "commodity",
                name,
                "one of " + ", ".join(sorted(commodities)),
                "add it to the file's 'commodities' list or use a listed slug",
            )
        assert known is not None
        direction = reader.text("direction", required=False, default="any")
        if direction not in {d.value for d in Direction}:
            reader.fail("direction", direction, "'import', 'export' or 'any'", "fix the direction")
        commodity = Commodity(known.name, Direction(direction), known.hs_code)
    limit_text = reader.optional_text("limit")
    freeze_raw = reader.mapping("freeze")
    provision = reader.optional_text("provision")
    shape = _shape_table(reader)
    if sum(x is not None for x in (limit_text, freeze_raw, provision, shape)) != 1:
        reader.fail(
            "limit",
            "none or several of limit/freeze/provision",
            "exactly one of 'limit', 'freeze' or 'provision' (or of the tables 'price_cap', "
            "'schedule', 'ceiling')",
            "give the measure's limit text, a freeze table, a provision text, or one table",
        )
    if (limit_text or freeze_raw or shape) and commodity is None:
        reader.fail("commodity", "nothing", "a commodity for a limit", "add 'commodity'")
    measure: LimitMeasure | None = None
    estimate_by = estimate_mark = estimate_url = None
    try:
        if limit_text is not None:
            parsed = parse_measure(limit_text)
            if isinstance(parsed, Ban) and parsed.start is None:
                parsed = Ban(commodity, parsed.exemptions, None)
            else:
                parsed = attrs.evolve(parsed, commodity=commodity)
            measure = parsed
        elif shape is not None:
            measure = _read_shape(reader, shape, commodity, sources)
        elif freeze_raw is not None:
            sub = _Reader(file, reader.record, freeze_raw, "freeze.", _FREEZE_KEYS)
            estimate_by = sub.optional_text("estimate_by")
            estimate_mark = sub.mark("estimate_mark", "U")
            estimate_url = _url(sub, "estimate_url", sources)
            measure = Freeze(
                sub.text("baseline"),
                sub.text("period"),
                sub.optional_text("estimate"),
                commodity,
            )
    except CatalogError:
        raise
    except SanctionCalcError as error:
        raise reader.wrap("limit" if limit_text is not None else "freeze", error) from None
    thresholds = _thresholds(reader)
    del instrument_date
    return CatalogMeasure(
        id=measure_id,
        instrument=symbol,
        commodity=commodity,
        measure=measure,
        source=source,
        provision=provision,
        reporting_days=reader.integer("reporting_days"),
        reporting_mark=reader.mark("reporting_mark"),
        thresholds=thresholds,
        superseded_by=reader.optional_text("superseded_by"),
        note=reader.text("note", required=False),
        hs_mark=reader.mark("hs_mark"),
        estimate_by=estimate_by,
        estimate_mark=estimate_mark,
        estimate_url=estimate_url,
    )


def _shape_table(reader: _Reader) -> tuple[str, Mapping[str, Any]] | None:
    """The one 'price_cap', 'schedule' or 'ceiling' table of a measure record, if any."""
    found = [(key, table) for key in _SHAPES if (table := reader.mapping(key)) is not None]
    if len(found) > 1:
        reader.fail(
            found[1][0],
            f"both '{found[0][0]}' and '{found[1][0]}'",
            "one table per measure",
            "split them into two measures",
        )
    return found[0] if found else None


def _read_shape(
    reader: _Reader,
    shape: tuple[str, Mapping[str, Any]],
    commodity: Commodity | None,
    sources: Mapping[str, str],
) -> PriceCap | QuotaSchedule | Ceiling:
    from ._catalog_shapes import read_shape  # noqa: PLC0415 - it imports this module

    return read_shape(reader, shape[0], shape[1], commodity, sources)


def _vote(reader: _Reader) -> Vote | None:
    raw = reader.mapping("vote")
    if raw is None:
        return None
    sub = _Reader(reader.file, reader.record, raw, "vote.", _VOTE_KEYS)
    vetoed = sub.items("vetoed_by")
    if not all(isinstance(v, str) and v.strip() and not _CONTROL.search(v) for v in vetoed):
        sub.fail("vetoed_by", vetoed, "a list of member names", "e.g. ['China']")
    return Vote(
        in_favour=sub.integer("in_favour", required=True) or 0,
        against=sub.integer("against", required=True) or 0,
        abstaining=sub.integer("abstaining") or 0,
        vetoed_by=tuple(vetoed),
        mark=sub.mark("mark"),
    )


def _instrument(
    raw: object,
    file: str,
    commodities: Mapping[str, Commodity],
    sources: Mapping[str, str],
    regimes: Mapping[str, Regime],
) -> Instrument:
    symbol_raw = raw.get("symbol") if isinstance(raw, Mapping) else None
    reader = _Reader(file, str(symbol_raw or "?"), raw, keys=_INSTRUMENT_KEYS)
    symbol = reader.text("symbol")
    day = reader.date("date")
    status_text = reader.text("status")
    try:
        status = Status(status_text)
    except ValueError:
        raise reader.fail(
            "status", status_text, "one of " + ", ".join(s.value for s in Status), "fix the status"
        ) from None
    regime = reader.text("regime")
    if regime not in regimes:
        reader.fail("regime", regime, "one of " + ", ".join(sorted(regimes)), "declare it")
    kind = reader.text("kind")
    if kind not in ("resolution", "draft", "decision", "regulation", "statute"):
        reader.fail(
            "kind",
            kind,
            "'resolution', 'draft', 'decision', 'regulation' or 'statute'",
            "fix the kind",
        )
    measures = tuple(
        _measure(
            item,
            file=file,
            symbol=symbol,
            instrument_date=day,
            commodities=commodities,
            sources=sources,
        )
        for item in reader.items("measures")
    )
    seen: set[str] = set()
    for m in measures:
        if m.id in seen:
            reader.fail("measures.id", m.id, "unique measure ids", "rename one of them")
        seen.add(m.id)
    return Instrument(
        symbol=symbol,
        kind=kind,
        title=reader.text("title"),
        date=day,
        status=status,
        regime=regime,
        source=_source(reader, sources, symbol),
        measures=measures,
        vote=_vote(reader),
        date_mark=reader.mark("date_mark"),
        origin=file,
        note=reader.text("note", required=False),
    )


def _parse_document(data: object, file: str, base: Catalog | None) -> Catalog:
    """Read one document and combine it with *base* (conflicts are errors)."""
    top = _Reader(file, "(file)", data)
    if top.raw.get("schema") != SCHEMA:
        top.fail("schema", top.raw.get("schema"), repr(SCHEMA), f'put schema = "{SCHEMA}" first')
    top.check_keys("schema regimes commodities sources instruments")
    regimes = dict(base.regimes) if base else {}
    seen_regimes: set[str] = set()
    for item in top.items("regimes"):
        sub = _Reader(
            file,
            f"regime {item.get('key', '?') if isinstance(item, Mapping) else '?'}",
            item,
            keys="key title program_key url",
        )
        regime = Regime(
            sub.text("key"),
            sub.text("title"),
            sub.text("program_key"),
            _address(sub, "url", sub.text("url"), "an http(s) address"),
        )
        if regime.key in seen_regimes:
            sub.fail("key", regime.key, "each regime key once per file", "remove the duplicate")
        seen_regimes.add(regime.key)
        regimes[regime.key] = regime
    commodities = dict(base.commodities) if base else {}
    titles = dict(base.commodity_titles) if base else {}
    seen_commodities: set[str] = set()
    for item in top.items("commodities"):
        sub = _Reader(
            file,
            f"commodity {item.get('name', '?') if isinstance(item, Mapping) else '?'}",
            item,
            keys="name title hs_code",
        )
        try:
            commodity = Commodity(sub.text("name"), Direction.ANY, sub.optional_text("hs_code"))
        except SanctionCalcError as error:
            raise sub.wrap("name", error) from None
        if commodity.name in seen_commodities:
            sub.fail("name", commodity.name, "each commodity once per file", "remove the duplicate")
        seen_commodities.add(commodity.name)
        commodities[commodity.name] = commodity
        title = sub.optional_text("title")
        if title is not None:
            titles[commodity.name] = title
    sources_raw = top.mapping("sources") or {}
    for key, value in sources_raw.items():
        _address(
            top,
            f"sources.{key}",
            value,
            "an http(s) address of plain characters, without spaces",
            "each entry of 'sources' names one page: key = 'https://...'",
        )
    sources = {str(k): str(v) for k, v in sources_raw.items()}
    instruments = [
        _instrument(item, file, commodities, sources, regimes) for item in top.items("instruments")
    ]
    combined = _combine(base, instruments, regimes, commodities, file)
    return attrs.evolve(combined, commodity_titles=titles)


def _first_difference(mine: Instrument | Regime | Commodity, theirs: object) -> str:
    for field in attrs.fields(type(mine)):
        name: str = field.name
        if name != "origin" and getattr(mine, name) != getattr(theirs, name):
            return name
    return ""


def _check_redefinitions(
    kind: str,
    base: Mapping[str, Regime] | Mapping[str, Commodity],
    given: Mapping[str, object],
    file: str,
) -> None:
    """A regime or commodity that *file* defines again must be defined the same way."""
    for key, mine in base.items():
        theirs = given.get(key, mine)
        field = _first_difference(mine, theirs) if theirs != mine else ""
        if field:
            raise CatalogConflictError(
                file=file,
                record=f"{kind} {key}",
                field=field,
                got=f"{getattr(theirs, field)!r} where the catalog has {getattr(mine, field)!r}",
                expected=f"the same {kind}, or a new {kind} key",
                fix=f"give your {kind} its own key, or remove it",
            )


def _combine(
    base: Catalog | None,
    instruments: Iterable[Instrument],
    regimes: Mapping[str, Regime],
    commodities: Mapping[str, Commodity],
    file: str,
) -> Catalog:
    if base is not None:
        _check_redefinitions("regime", base.regimes, regimes, file)
        _check_redefinitions("commodity", base.commodities, commodities, file)
    combined = {normalise_symbol(i.symbol): i for i in base.instruments} if base else {}
    fresh: set[str] = set()
    for instrument in instruments:
        key = normalise_symbol(instrument.symbol)
        mine = combined.get(key)
        if key in fresh:
            raise CatalogError(
                file=file,
                record=instrument.symbol,
                field="symbol",
                got=instrument.symbol,
                expected="each symbol once per file",
                fix="remove the duplicate record",
            )
        fresh.add(key)
        if mine is not None:
            field = _first_difference(mine, instrument)
            if field:
                raise CatalogConflictError(
                    file=file,
                    record=instrument.symbol,
                    field=field,
                    got=f"a {field} that differs from {mine.origin}",
                    expected="the same record, or a new symbol",
                    fix="give your version its own symbol, or remove it",
                )
            continue
        combined[key] = instrument
    merged_regimes = {**(base.regimes if base else {}), **regimes}
    merged_commodities = {**(base.commodities if base else {}), **commodities}
    return Catalog._build(combined.values(), merged_regimes, merged_commodities, file)


def _read_file(path: Path) -> object:
    name = str(path)
    try:
        # A device or a pipe (/dev/zero, a FIFO) never ends: read regular files only, and
        # no more than the size limit.
        if path.exists() and not path.is_file() and not path.is_dir():
            raise OSError(0, "not a regular file")
        with path.open("rb") as handle:
            data = handle.read(_MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise CatalogError(
            file=repr(name)[1:-1][:200],
            record="(file)",
            field="(file)",
            got=getattr(error, "strerror", None) or str(error),
            expected="a readable file",
            fix="check the path",
        ) from None
    if len(data) > _MAX_FILE_BYTES:
        raise CatalogError(
            file=name,
            record="(file)",
            field="(file)",
            got=f"more than {_MAX_FILE_BYTES} bytes",
            expected=f"at most {_MAX_FILE_BYTES} bytes",
            fix="split the catalog into files",
        )
    try:
        text = data.decode("utf-8-sig")  # a leading BOM (Windows editors) is not an error
    except UnicodeDecodeError as error:
        raise CatalogError(
            file=name,
            record="(file)",
            field="(encoding)",
            got=f"byte {error.start}",
            expected="UTF-8 text",
            fix="save the file as UTF-8",
        ) from None
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except ValueError as error:  # JSON/TOML syntax, or an integer too long to read
        raise CatalogError(
            file=name,
            record="(file)",
            field="(syntax)",
            got=str(error)[:120],
            expected="valid JSON or TOML",
            fix="fix the syntax at the position given",
        ) from None
    except RecursionError:
        raise CatalogError(
            file=name,
            record="(file)",
            field="(syntax)",
            got="nesting too deep",
            expected="a catalog document",
            fix="flatten the file",
        ) from None


@final
@attrs.frozen(repr=False)
class Catalog:
    """Instruments, regimes and commodities, with look-ups and queries.

    >>> cat = catalog()
    >>> cat.instrument("res 2397").symbol
    'S/RES/2397 (2017)'
    """

    instruments: tuple[Instrument, ...]
    regimes: Mapping[str, Regime] = attrs.field(eq=False)
    commodities: Mapping[str, Commodity] = attrs.field(eq=False)
    _index: Mapping[str, Instrument] = attrs.field(eq=False, alias="_index")
    _measures: Mapping[str, CatalogMeasure] = attrs.field(eq=False, alias="_measures")
    #: Each commodity's title as the catalog files give it ("crude oil"), by slug.
    commodity_titles: Mapping[str, str] = attrs.field(factory=dict, eq=False, kw_only=True)

    @classmethod
    def _build(
        cls,
        instruments: Iterable[Instrument],
        regimes: Mapping[str, Regime],
        commodities: Mapping[str, Commodity],
        file: str,
    ) -> Catalog:
        index: dict[str, Instrument] = {}
        measures: dict[str, CatalogMeasure] = {}
        ordered = sorted(instruments, key=lambda i: (i.date, i.symbol))
        for instrument in ordered:
            key = normalise_symbol(instrument.symbol)
            if key in index:
                raise CatalogError(
                    file=file,
                    record=instrument.symbol,
                    field="symbol",
                    got=instrument.symbol,
                    expected="a symbol not already in the catalog",
                    fix="remove the duplicate record",
                )
            index[key] = instrument
            for m in instrument.measures:
                if m.id in measures:
                    raise CatalogError(
                        file=file,
                        record=f"{instrument.symbol} / {m.id}",
                        field="id",
                        got=m.id,
                        expected="a measure id unique across the catalog",
                        fix="rename it",
                    )
                measures[m.id] = m
        for m in measures.values():
            if m.superseded_by is not None and m.superseded_by not in measures:
                raise CatalogError(
                    file=file,
                    record=f"{m.instrument} / {m.id}",
                    field="superseded_by",
                    got=m.superseded_by,
                    expected="the id of a measure in the catalog",
                    fix="fix the id, or load the file that defines it first",
                )
        return cls(tuple(ordered), dict(regimes), dict(commodities), index, measures)

    @classmethod
    def from_files(cls, *paths: str | Path, base: Catalog | None = None) -> Catalog:
        """Load catalog files (JSON or TOML) on top of *base* (nothing by default).

        Records that repeat one in *base* must be identical; a differing one raises
        :class:`CatalogConflictError` naming the file, record and field.
        """
        result = base
        for path in paths:
            if not isinstance(path, str | PathLike):
                raise CatalogError(
                    file=shown(path, 60),
                    record="(file)",
                    field="(file)",
                    got=type(path).__name__,
                    expected="a path (str or pathlib.Path)",
                    fix="pass the catalog file's path",
                )
            result = _parse_document(_read_file(Path(path)), str(path), result)
        if result is None:
            return cls._build((), {}, {}, "(empty)")
        return result

    @classmethod
    def bundled(cls) -> Catalog:
        """The catalog shipped with sanctioncalc (loaded once, thread-safe)."""
        return catalog()

    def merged(self, other: Catalog) -> Catalog:
        """This catalog plus *other*; a record defined differently in both is a conflict."""
        origin = other.instruments[0].origin if other.instruments else "(merged)"
        combined = _combine(self, other.instruments, other.regimes, other.commodities, origin)
        titles = {**other.commodity_titles, **self.commodity_titles}
        return attrs.evolve(combined, commodity_titles=titles)

    def to_json(self) -> str:
        """This catalog as one JSON document of the schema :meth:`from_files` reads.

        Loading the text back gives the same instruments (their ``origin`` aside), regimes,
        commodities and commodity titles.

        >>> import json
        >>> document = json.loads(catalog().to_json())
        >>> document["schema"], len(document["instruments"]) == len(catalog())
        ('sanctioncalc.catalog/1', True)
        """
        from ._catalog_writer import catalog_document  # noqa: PLC0415 - it imports this module

        return json.dumps(catalog_document(self), indent=2, ensure_ascii=False) + "\n"

    def write(self, path: str | Path) -> Path:
        """Write :meth:`to_json` to *path* (UTF-8); returns the path.

        ``Catalog.from_files(catalog.write(path))`` reads back the same catalog.
        """
        if not isinstance(path, str | PathLike):
            raise CatalogError(
                file=shown(path, 60),
                record="(file)",
                field="(file)",
                got=type(path).__name__,
                expected="a path (str or pathlib.Path)",
                fix="pass the file's path",
            )
        target = Path(path)
        try:
            target.write_text(self.to_json(), encoding="utf-8")
        except (OSError, ValueError) as error:
            raise CatalogError(
                file=repr(str(target))[1:-1][:200],
                record="(file)",
                field="(file)",
                got=getattr(error, "strerror", None) or str(error),
                expected="a writable file",
                fix="check the path",
            ) from None
        return target

    def __or__(self, other: object) -> Catalog:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.merged(other)

    def __repr__(self) -> str:
        return f"<Catalog: {len(self.instruments)} instruments, {len(self._measures)} measures>"

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.instruments)

    def __len__(self) -> int:
        return len(self.instruments)

    # -- look-ups -----------------------------------------------------------------------------

    def instrument(self, symbol: str | Instrument) -> Instrument:
        """Find an instrument however its symbol is written (``2397``, ``S/RES/2397 (2017)``,
        ``res 2397``, ``S/2022/431``)."""
        if isinstance(symbol, Instrument):
            return symbol
        found = (
            self._index.get(normalise_symbol(symbol))
            if isinstance(symbol, str) and len(symbol) < 200
            else None
        )
        written = _RES_RE.fullmatch(" ".join(symbol.split())) if found is not None else None
        if found is not None and written and written[2] and f"({written[2]})" not in found.symbol:
            found = None  # "S/RES/2397 (2016)" names no resolution: the year is part of it
        if found is None:
            raise InstrumentNotFoundError(
                field="symbol",
                got=shown(symbol, 60),
                expected="one of " + ", ".join(i.symbol for i in self.instruments),
                fix="write a listed symbol; resolution numbers alone ('2397') also work",
            )
        return found

    def measure(self, measure_id: str) -> CatalogMeasure:
        """A measure by its id (``"2397-4-crude"``)."""
        found = self._measures.get(measure_id) if isinstance(measure_id, str) else None
        if found is None:
            raise InstrumentNotFoundError(
                field="measure",
                got=shown(measure_id, 60),
                expected="one of " + ", ".join(self._measures),
                fix="use a listed measure id",
            )
        return found

    def commodity(self, name: str) -> Commodity:
        """A commodity by slug; the error lists the slugs that exist."""
        slug = (
            name.strip().lower().replace(" ", "-").replace("_", "-")
            if isinstance(name, str)
            else ""
        )
        found = self.commodities.get(slug)
        if found is None:
            raise InstrumentNotFoundError(
                field="commodity",
                got=shown(name, 60),
                expected="one of " + ", ".join(sorted(self.commodities)),
                fix="use a listed commodity slug",
            )
        return found

    def measures(self, commodity: str | None = None) -> tuple[CatalogMeasure, ...]:
        """All measures, or those on one commodity, in instrument date order."""
        name = self.commodity(commodity).name if commodity is not None else None
        return tuple(
            m
            for i in self.instruments
            for m in i.measures
            if name is None or (m.commodity is not None and m.commodity.name == name)
        )

    def superseding(self, measure: CatalogMeasure) -> CatalogMeasure | None:
        """The measure that replaced *measure*, if any."""
        return self._measures[measure.superseded_by] if measure.superseded_by else None


_LOCK: Final = threading.Lock()
_BUNDLED: list[Catalog] = []


def catalog() -> Catalog:
    """The bundled catalog, loaded on first use (thread-safe) and cached.

    >>> catalog().instrument("S/2022/431").vote.in_favour
    13
    """
    if _BUNDLED:
        return _BUNDLED[0]
    with _LOCK:
        if not _BUNDLED:
            folder = resources.files("sanctioncalc").joinpath("data/catalog")
            result: Catalog | None = None
            for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                if not entry.name.endswith(".json"):
                    continue
                result = _parse_document(
                    json.loads(entry.read_text("utf-8")), f"bundled:{entry.name}", result
                )
            assert result is not None
            _BUNDLED.append(result)
    return _BUNDLED[0]


def limit_amounts(measure: CatalogMeasure) -> tuple[Amount, ...]:
    """The stated limbs of a catalog measure (empty for bans, freezes and provisions)."""
    inner = measure.measure
    return inner.limbs if isinstance(inner, Cap | DualCap) else ()
