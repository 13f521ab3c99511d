"""Reading catalog files: the strict reader of the schema, every error naming the file,
the record and the field.  Price caps, quota schedules and ceilings are read here too.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final, NoReturn

import attrs

from sanctioncalc._ceiling import Ceiling
from sanctioncalc._commodity import Commodity, Direction
from sanctioncalc._errors import CatalogConflictError, CatalogError, SanctionCalcError, shown
from sanctioncalc._fields import to_mark
from sanctioncalc._freeze import Freeze
from sanctioncalc._mark import Mark
from sanctioncalc._measure import Ban, parse_measure
from sanctioncalc._numbers import to_fraction
from sanctioncalc._percent import Percentage
from sanctioncalc._period import to_date
from sanctioncalc._price_cap import DynamicCapRule, PriceCap, WindDown
from sanctioncalc._schedule import QuotaSchedule, ScheduleEntry

from .model import (
    _ADDRESS,
    _CONTROL,
    _MAX_FILE_BYTES,
    SCHEMA,
    CatalogContents,
    CatalogMeasure,
    Contents,
    Instrument,
    InstrumentStatus,
    LimitMeasure,
    NotificationThreshold,
    Regime,
    Source,
    Vote,
    normalise_symbol,
)

__all__: list[str] = []


# -- loading --------------------------------------------------------------------------------


_SOURCE_KEYS: Final = "document paragraph paragraph_mark paragraph_url url mark"
_FREEZE_KEYS: Final = "baseline period estimate estimate_by estimate_mark estimate_url"
_VOTE_KEYS: Final = "in_favour against abstaining vetoed_by mark url"
_MEASURE_KEYS: Final = (
    "id commodity direction limit freeze provision source reporting_days reporting_mark "
    "thresholds superseded_by note hs_mark price_cap schedule ceiling"
)
_SHAPES: Final = ("price_cap", "schedule", "ceiling")
_INSTRUMENT_KEYS: Final = (
    "symbol kind title date date_mark date_url document_url status vote regime source measures note"
)
_PROGRAM_KEY_ORIGINS: Final = ("opensanctions", "own")


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

    def mark(self, field: str, default: Mark = Mark.V) -> Mark:
        try:
            return to_mark(self.raw.get(field, default), field)
        except SanctionCalcError as error:
            raise self.wrap(field, error) from None

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
            return to_date(value, field)
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
        paragraph_mark=sub.mark("paragraph_mark", Mark.V if paragraph is not None else Mark.U),
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


def _thresholds(reader: _Reader) -> tuple[NotificationThreshold, ...]:
    thresholds = []
    for index, item in enumerate(reader.items("thresholds")):
        sub = _Reader(reader.file, reader.record, item, f"thresholds[{index}].", "percent mark")
        try:
            percent = Percentage(to_fraction(sub.text("percent"), f"thresholds[{index}].percent"))
        except SanctionCalcError as error:
            raise sub.wrap("percent", error) from None
        if not 0 < percent.percent <= 100:
            sub.fail("percent", str(percent), "a percentage in (0, 100]", "e.g. '95'")
        thresholds.append(NotificationThreshold(percent, sub.mark("mark")))
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
            estimate_mark = sub.mark("estimate_mark", Mark.U)
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
    return read_shape(reader, shape[0], shape[1], commodity, sources)


def _vote(reader: _Reader, sources: Mapping[str, str]) -> Vote | None:
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
        url=_url(sub, "url", sources),
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
        status = InstrumentStatus(status_text)
    except ValueError:
        raise reader.fail(
            "status",
            status_text,
            "one of " + ", ".join(s.value for s in InstrumentStatus),
            "fix the status",
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
        vote=_vote(reader, sources),
        date_mark=reader.mark("date_mark"),
        origin=file,
        note=reader.text("note", required=False),
        document_url=_url(reader, "document_url", sources),
        date_url=_url(reader, "date_url", sources),
        program_key=regimes[regime].program_key,
        program_key_origin=regimes[regime].program_key_origin,
    )


def _parse_document(data: object, file: str, base: CatalogContents | None) -> Contents:
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
            keys="key title program_key program_key_origin url",
        )
        origin = sub.text("program_key_origin", required=False, default="own")
        if origin not in _PROGRAM_KEY_ORIGINS:
            sub.fail(
                "program_key_origin",
                origin,
                "'opensanctions' or 'own'",
                "say whether the program key is an OpenSanctions program id or a key of your own",
            )
        regime = Regime(
            sub.text("key"),
            sub.text("title"),
            sub.text("program_key"),
            _address(sub, "url", sub.text("url"), "an http(s) address"),
            origin,
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
    base: CatalogContents | None,
    instruments: Iterable[Instrument],
    regimes: Mapping[str, Regime],
    commodities: Mapping[str, Commodity],
    file: str,
) -> Contents:
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
    return Contents(tuple(combined.values()), merged_regimes, merged_commodities)


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
        return strict_json(text)
    except RepeatedKeyError as error:
        raise CatalogError(
            file=name,
            record="(file)",
            field="(syntax)",
            got=f"the key {shown(error.key, 60)} twice in one object",
            expected="each key once",
            fix="remove one of them: JSON readers keep the last silently, this one refuses",
        ) from None
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


class RepeatedKeyError(ValueError):
    """A JSON object that names one key twice (TOML refuses the same document itself)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise RepeatedKeyError(key)
        result[key] = value
    return result


def strict_json(text: str) -> Any:
    """Parse JSON, refusing an object that repeats a key (where the last would win).

    >>> strict_json('{"status": "adopted", "status": "vetoed"}')
    Traceback (most recent call last):
    ...
    sanctioncalc._catalog.reader.RepeatedKeyError: status
    """
    return json.loads(text, object_pairs_hook=_unique)


#: The measure keys this module reads (each an alternative to 'limit').
SHAPE_KEYS: Final = ("price_cap", "schedule", "ceiling")

_PRICE_CAP_KEYS: Final = (
    "price product_class jurisdictions effective_from effective_until unverified_from "
    "wind_downs rule"
)
_WIND_DOWN_KEYS: Final = "qualifies_by before last_day completes_by price mark note url"
_RULE_KEYS: Final = "weeks discount review_months reference no_change_band mark url"
_SCHEDULE_KEYS: Final = "entries"
_ENTRY_KEYS: Final = "period limit mark"
_CEILING_KEYS: Final = (
    "limit what start start_mark years years_mark per_days equivalent equivalent_of"
)


def read_shape(
    reader: _Reader,
    key: str,
    raw: Mapping[str, Any],
    commodity: Commodity | None,
    sources: Mapping[str, str],
) -> PriceCap | QuotaSchedule | Ceiling:
    """Read the table under *key* (one of :data:`SHAPE_KEYS`) of a measure record."""
    sub = _Reader(reader.file, reader.record, raw, f"{key}.")
    try:
        if key == "price_cap":
            return _price_cap(sub, commodity, sources)
        if key == "schedule":
            return _schedule(sub, commodity)
        return _ceiling(sub, commodity)
    except SanctionCalcError as error:
        if isinstance(error, CatalogError):
            raise
        raise sub.wrap("(value)", error) from None


def _integer(sub: _Reader, field: str, *, required: bool) -> int | None:
    return sub.integer(field, required=required)


def _price_cap(sub: _Reader, commodity: Commodity | None, sources: Mapping[str, str]) -> PriceCap:
    sub.check_keys(_PRICE_CAP_KEYS)
    jurisdictions = sub.items("jurisdictions")
    if not jurisdictions or not all(isinstance(j, str) for j in jurisdictions):
        sub.fail("jurisdictions", jurisdictions, "a list of codes such as ['EU']", "list them")
    windows = []
    for index, item in enumerate(sub.items("wind_downs")):
        prefix = f"{sub.prefix}wind_downs[{index}]."
        w = _Reader(sub.file, sub.record, item, prefix, _WIND_DOWN_KEYS)
        try:
            windows.append(
                WindDown(
                    w.text("qualifies_by"),
                    w.date("before"),
                    w.date("last_day"),
                    w.text("completes_by"),
                    w.optional_text("price"),
                    w.mark("mark"),
                    w.text("note", required=False),
                    _url(w, "url", sources),
                )
            )
        except SanctionCalcError as error:
            if isinstance(error, CatalogError):
                raise
            raise w.wrap("(value)", error) from None
    rule = None
    raw_rule = sub.mapping("rule")
    if raw_rule is not None:
        r = _Reader(sub.file, sub.record, raw_rule, f"{sub.prefix}rule.", _RULE_KEYS)
        band = r.optional_text("no_change_band")
        try:
            rule = DynamicCapRule(
                weeks=_integer(r, "weeks", required=True) or 0,
                discount=Percentage.parse(r.text("discount") + " %"),
                review_months=_integer(r, "review_months", required=True) or 0,
                reference=r.text("reference", required=False, default="reference price"),
                no_change_band=None if band is None else Percentage.parse(band + " %"),
                mark=r.mark("mark"),
                url=_url(r, "url", sources),
            )
        except SanctionCalcError as error:
            if isinstance(error, CatalogError):
                raise
            raise r.wrap("(value)", error) from None
    until = sub.raw.get("effective_until")
    unverified = sub.raw.get("unverified_from")
    return PriceCap(
        sub.text("price"),
        sub.text("product_class"),
        tuple(jurisdictions),
        sub.date("effective_from"),
        None if until is None else sub.date("effective_until"),
        tuple(windows),
        rule,
        None if unverified is None else sub.date("unverified_from"),
        commodity,
    )


def _schedule(sub: _Reader, commodity: Commodity | None) -> QuotaSchedule:
    sub.check_keys(_SCHEDULE_KEYS)
    entries = []
    for index, item in enumerate(sub.items("entries")):
        e = _Reader(sub.file, sub.record, item, f"{sub.prefix}entries[{index}].", _ENTRY_KEYS)
        try:
            entries.append(ScheduleEntry(e.text("period"), e.text("limit"), e.mark("mark")))
        except SanctionCalcError as error:
            if isinstance(error, CatalogError):
                raise
            raise e.wrap("(value)", error) from None
    if not entries:
        sub.fail("entries", "nothing", "one or more {period, limit, mark}", "list the periods")
    return QuotaSchedule(tuple(entries), commodity)


def _ceiling(sub: _Reader, commodity: Commodity | None) -> Ceiling:
    sub.check_keys(_CEILING_KEYS)
    start = sub.raw.get("start")
    return Ceiling(
        sub.text("limit"),
        sub.text("what"),
        None if start is None else sub.date("start"),
        _integer(sub, "years", required=False),
        _integer(sub, "per_days", required=False),
        sub.optional_text("equivalent"),
        commodity,
        sub.mark("start_mark"),
        sub.mark("years_mark"),
        sub.text("equivalent_of", required=False),
    )
