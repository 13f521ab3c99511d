"""Catalog tables for the measure shapes beyond caps and bans: price caps, quota schedules
and ceilings.  Same strict reading as the rest of the catalog: unknown keys are refused and
every error names the file, the record and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._catalog import _Reader, _url
from ._commodity import Commodity
from ._errors import CatalogError, SanctionCalcError
from ._limits import Ceiling, QuotaSchedule, ScheduleEntry
from ._percent import Percentage
from ._pricecap import DynamicPriceRule, PriceCap, WindDown

__all__ = ["SHAPE_KEYS", "read_shape", "shape_flags"]

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
_MARK_WORDS: Final = {"V2": "from press only", "U": "unverified"}


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
            rule = DynamicPriceRule(
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


def shape_flags(measure: object) -> tuple[str, ...]:
    """What is unverified or secondary inside a price cap, schedule or ceiling, in words."""
    flags: list[str] = []
    if isinstance(measure, PriceCap):
        flags.extend(
            f"wind-down to {window.last_day.isoformat()} {_MARK_WORDS[window.mark]}"
            for window in measure.wind_downs
            if window.mark != "V"
        )
        if measure.rule is not None and measure.rule.mark != "V":
            flags.append(f"dynamic rule {_MARK_WORDS[measure.rule.mark]}")
        if measure.unverified_from is not None:
            flags.append(
                f"whether it still applied from {measure.unverified_from.isoformat()} is unverified"
            )
    elif isinstance(measure, QuotaSchedule):
        flags.extend(
            f"quota for {entry.span} {_MARK_WORDS[entry.mark]}"
            for entry in measure.entries
            if entry.mark != "V"
        )
    elif isinstance(measure, Ceiling):
        if measure.start is not None and measure.start_mark != "V":
            flags.append(f"start date {_MARK_WORDS[measure.start_mark]}")
        if measure.years is not None and measure.years_mark != "V":
            flags.append(f"duration of {measure.years} years {_MARK_WORDS[measure.years_mark]}")
    return tuple(flags)
