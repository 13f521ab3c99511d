"""Writing a catalog back to a file in the schema it is read from (``sanctioncalc.catalog/1``).

The inverse of :func:`sanctioncalc.Catalog.from_files`: every field a loaded record had comes
back, so ``Catalog.from_files(path)`` of a written file gives the same instruments,
regimes, commodities and titles.  Addresses are written out in full (the file's ``sources``
table is a spelling convenience, not content); amounts are written with their exact digits.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._ceiling import Ceiling
from sanctioncalc._errors import CatalogError
from sanctioncalc._freeze import Freeze
from sanctioncalc._mark import Mark
from sanctioncalc._measure import Ban, Cap, DualCap
from sanctioncalc._numbers import fraction_text
from sanctioncalc._percent import Percentage
from sanctioncalc._price_cap import DynamicCapRule, PriceCap, WindDown
from sanctioncalc._schedule import QuotaSchedule

from .model import SCHEMA, CatalogContents, CatalogMeasure, Instrument, Source

__all__ = ["catalog_document"]

Json = dict[str, Any]

#: A DynamicCapRule's rounding the schema cannot state: its default.
_RULE_PLACES: Final = 2


def _unwritable(field: str, got: str, expected: str) -> CatalogError:
    return CatalogError(
        file="(writing)",
        record="(catalog)",
        field=field,
        got=got,
        expected=expected,
        fix="the catalog schema cannot hold this; build the record as the loader would",
    )


def _put(record: Json, key: str, value: object) -> None:
    """Set *key* unless *value* is None or empty text (the loader refuses empty texts)."""
    if value is not None and value != "":
        record[key] = value


def _amount(amount: Amount) -> str:
    # The exact digits (no thousands commas), as Amount.parse reads them back.
    return f"{format(amount.value, 'f')} {amount.unit.symbol}"


def _percent(value: Percentage) -> str:
    return fraction_text(value.percent)


def _source(source: Source) -> Json:
    record: Json = {"document": source.document}
    _put(record, "paragraph", source.paragraph)
    record["paragraph_mark"] = source.paragraph_mark.value
    _put(record, "paragraph_url", source.paragraph_url)
    record["url"] = source.url
    record["mark"] = source.mark.value
    return record


def _wind_down(window: WindDown) -> Json:
    record: Json = {
        "qualifies_by": window.qualifies_by,
        "before": window.before.isoformat(),
        "last_day": window.last_day.isoformat(),
        "completes_by": window.completes_by,
    }
    _put(record, "price", None if window.price is None else _amount(window.price))
    record["mark"] = window.mark.value
    _put(record, "note", window.note)
    _put(record, "url", window.url)
    return record


def _rule(rule: DynamicCapRule) -> Json:
    if rule.places != _RULE_PLACES:
        raise _unwritable("rule.places", str(rule.places), f"{_RULE_PLACES} (the schema's)")
    record: Json = {
        "weeks": rule.weeks,
        "discount": _percent(rule.discount),
        "review_months": rule.review_months,
        "reference": rule.reference,
    }
    band = rule.no_change_band
    _put(record, "no_change_band", None if band is None else _percent(band))
    record["mark"] = rule.mark.value
    _put(record, "url", rule.url)
    return record


def _price_cap(cap: PriceCap) -> Json:
    record: Json = {
        "price": _amount(cap.price),
        "product_class": str(cap.product_class),
        "jurisdictions": list(cap.jurisdictions),
        "effective_from": cap.effective_from.isoformat(),
    }
    _put(record, "effective_until", cap.effective_until and cap.effective_until.isoformat())
    _put(record, "unverified_from", cap.unverified_from and cap.unverified_from.isoformat())
    if cap.wind_downs:
        record["wind_downs"] = [_wind_down(w) for w in cap.wind_downs]
    if cap.rule is not None:
        record["rule"] = _rule(cap.rule)
    return record


def _schedule(schedule: QuotaSchedule) -> Json:
    return {
        "entries": [
            {"period": str(e.span), "limit": _amount(e.limit), "mark": e.mark.value}
            for e in schedule.entries
        ]
    }


def _ceiling(ceiling: Ceiling) -> Json:
    limit = ceiling.limit
    record: Json = {
        "limit": f"{_percent(limit)} %" if isinstance(limit, Percentage) else _amount(limit),
        "what": ceiling.what,
    }
    _put(record, "start", ceiling.start and ceiling.start.isoformat())
    record["start_mark"] = ceiling.start_mark.value
    _put(record, "years", ceiling.years)
    record["years_mark"] = ceiling.years_mark.value
    _put(record, "per_days", ceiling.per_days)
    _put(record, "equivalent", None if ceiling.equivalent is None else _amount(ceiling.equivalent))
    _put(record, "equivalent_of", ceiling.equivalent_of)
    return record


def _measure(m: CatalogMeasure) -> Json:
    record: Json = {"id": m.id}
    if m.commodity is not None:
        record["commodity"] = m.commodity.name
        record["direction"] = str(m.commodity.direction)
    inner = m.measure
    if isinstance(inner, Cap | DualCap | Ban):
        record["limit"] = str(attrs.evolve(inner, commodity=None))
    elif isinstance(inner, Freeze):
        freeze: Json = {"baseline": inner.baseline, "period": str(inner.period)}
        _put(freeze, "estimate", None if inner.estimate is None else str(inner.estimate))
        _put(freeze, "estimate_by", m.estimate_by)
        freeze["estimate_mark"] = (m.estimate_mark or Mark.U).value
        _put(freeze, "estimate_url", m.estimate_url)
        record["freeze"] = freeze
    elif isinstance(inner, PriceCap):
        record["price_cap"] = _price_cap(inner)
    elif isinstance(inner, QuotaSchedule):
        record["schedule"] = _schedule(inner)
    elif isinstance(inner, Ceiling):
        record["ceiling"] = _ceiling(inner)
    else:
        record["provision"] = m.provision
    if inner is not None and m.provision:
        raise _unwritable(f"{m.id}: provision", m.provision, "a provision or a limit, not both")
    record["source"] = _source(m.source)
    _put(record, "reporting_days", m.reporting_days)
    record["reporting_mark"] = m.reporting_mark.value
    if m.thresholds:
        record["thresholds"] = [
            {"percent": _percent(t.percent), "mark": t.mark.value} for t in m.thresholds
        ]
    _put(record, "superseded_by", m.superseded_by)
    _put(record, "note", m.note)
    record["hs_mark"] = m.hs_mark.value
    return record


def _instrument(i: Instrument) -> Json:
    record: Json = {
        "symbol": i.symbol,
        "kind": i.kind,
        "title": i.title,
        "date": i.date.isoformat(),
        "date_mark": i.date_mark.value,
        "status": str(i.status),
        "regime": i.regime,
        "source": _source(i.source),
        "measures": [_measure(m) for m in i.measures],
    }
    if i.vote is not None:
        record["vote"] = {
            "in_favour": i.vote.in_favour,
            "against": i.vote.against,
            "abstaining": i.vote.abstaining,
            "vetoed_by": list(i.vote.vetoed_by),
            "mark": i.vote.mark.value,
        }
        _put(record["vote"], "url", i.vote.url)
    _put(record, "date_url", i.date_url)
    _put(record, "document_url", i.document_url)
    _put(record, "note", i.note)
    return record


def catalog_document(catalog: CatalogContents) -> Json:
    """*catalog* as one JSON-ready document of the catalog schema."""
    commodities = []
    for name, commodity in catalog.commodities.items():
        entry: Json = {"name": name}
        _put(entry, "title", catalog.commodity_titles.get(name))
        _put(entry, "hs_code", commodity.hs_code)
        commodities.append(entry)
    return {
        "schema": SCHEMA,
        "regimes": [
            {
                "key": r.key,
                "title": r.title,
                "program_key": r.program_key,
                "program_key_origin": r.program_key_origin,
                "url": r.url,
            }
            for r in catalog.regimes.values()
        ],
        "commodities": commodities,
        "instruments": [_instrument(i) for i in catalog.instruments],
    }
