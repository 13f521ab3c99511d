"""JSON-ready forms of price caps, quota schedules, ceilings and their results.

Shapes follow ``sanctioncalc.cli/1`` (``$defs`` ``priceCap``, ``windDown``, ``dynamicRule``,
``quotaSchedule``, ``ceiling``, ``appliedCap``, ``priceCheck``, ``dynamicCap``, ``breach``,
``scheduleUtilization``, ``reductionCheck``); numbers are exact strings, never JSON floats.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sanctioncalc._amount import Amount
from sanctioncalc._ceiling import Breach, Ceiling
from sanctioncalc._numbers import fraction_text
from sanctioncalc._percent import Percentage
from sanctioncalc._price_cap import AppliedCap, DynamicCap, DynamicCapRule, PriceCap, WindDown
from sanctioncalc._price_check import PriceCheck
from sanctioncalc._reduction import ReductionCheck
from sanctioncalc._schedule import QuotaSchedule, ScheduleEntry, ScheduleUtilization

__all__ = [
    "applied_cap_json",
    "breach_json",
    "ceiling_json",
    "dynamic_cap_json",
    "price_cap_json",
    "price_check_json",
    "reduction_check_json",
    "schedule_json",
    "schedule_utilization_json",
    "shape_json",
]

Json = dict[str, Any]


def _amount(amount: Amount) -> Json:
    return {
        "exact": format(amount.value, "f"),
        "display": str(amount),
        "unit": amount.unit.symbol,
        "unit_name": amount.unit.name,
    }


def _percentage(value: Percentage) -> Json:
    return {"exact": fraction_text(value.percent), "display": str(value)}


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def wind_down_json(window: WindDown) -> Json:
    """A wind-down window with its mark."""
    return {
        "qualifies_by": window.qualifies_by,
        "before": window.before.isoformat(),
        "last_day": window.last_day.isoformat(),
        "completes_by": window.completes_by,
        "price": None if window.price is None else _amount(window.price),
        "display": str(window),
        "mark": window.mark.value,
        "note": window.note,
        "url": window.url,
    }


def rule_json(rule: DynamicCapRule) -> Json:
    """A dynamic price rule with its mark."""
    return {
        "weeks": rule.weeks,
        "discount": _percentage(rule.discount),
        "review_months": rule.review_months,
        "reference": rule.reference,
        "no_change_band": None if rule.no_change_band is None else _percentage(rule.no_change_band),
        "places": rule.places,
        "display": str(rule),
        "mark": rule.mark.value,
        "url": rule.url,
    }


def price_cap_json(cap: PriceCap) -> Json:
    """A price cap: price, class, jurisdictions, dates, wind-downs and rule."""
    return {
        "price": _amount(cap.price),
        "product_class": str(cap.product_class),
        "jurisdictions": list(cap.jurisdictions),
        "effective_from": cap.effective_from.isoformat(),
        "effective_until": _day(cap.effective_until),
        "unverified_from": _day(cap.unverified_from),
        "wind_downs": [wind_down_json(w) for w in cap.wind_downs],
        "rule": None if cap.rule is None else rule_json(cap.rule),
    }


def _entry(entry: ScheduleEntry) -> Json:
    return {
        "start": entry.span.start.isoformat(),
        "end_exclusive": entry.span.end.isoformat(),
        "display": str(entry.span),
        "limit": _amount(entry.limit),
        "mark": entry.mark.value,
    }


def schedule_json(schedule: QuotaSchedule) -> Json:
    """A quota schedule, one entry per period with its mark."""
    return {"entries": [_entry(e) for e in schedule.entries], "total": _amount(schedule.total)}


def _limit(limit: Amount | Percentage) -> Json:
    if isinstance(limit, Percentage):
        return {"percentage": _percentage(limit), "amount": None}
    return {"percentage": None, "amount": _amount(limit)}


def ceiling_json(ceiling: Ceiling) -> Json:
    """A ceiling: its limit (an amount or a percentage), sunset or phase, and marks."""
    return {
        "limit": _limit(ceiling.limit),
        "what": ceiling.what,
        "start": _day(ceiling.start),
        "start_mark": ceiling.start_mark.value,
        "years": ceiling.years,
        "years_mark": ceiling.years_mark.value,
        "expires": _day(ceiling.expires),
        "per_days": ceiling.per_days,
        "equivalent": None if ceiling.equivalent is None else _amount(ceiling.equivalent),
        "equivalent_of": ceiling.equivalent_of,
    }


def shape_json(measure: object) -> tuple[str, Json] | None:
    """The extra key and table of a catalog measure of one of these shapes, else None."""
    if isinstance(measure, PriceCap):
        return "price_cap", price_cap_json(measure)
    if isinstance(measure, QuotaSchedule):
        return "schedule", schedule_json(measure)
    if isinstance(measure, Ceiling):
        return "ceiling", ceiling_json(measure)
    return None


def applied_cap_json(result: AppliedCap) -> Json:
    """Which cap applied to a cargo, and why."""
    return {
        "jurisdiction": result.jurisdiction,
        "product_class": str(result.product_class),
        "reference_date": result.reference_date.isoformat(),
        "cap": None if result.cap is None else price_cap_json(result.cap),
        "price": None if result.price is None else _amount(result.price),
        "wind_down": None if result.wind_down is None else wind_down_json(result.wind_down),
        "reason": result.reason,
        "flags": list(result.flags),
    }


def price_check_json(check: PriceCheck) -> Json:
    """A price against a cap, ancillary costs separated."""
    return {
        "cap": _amount(check.cap),
        "oil_price": _amount(check.oil_price),
        "delivered_price": (
            None if check.delivered_price is None else _amount(check.delivered_price)
        ),
        "ancillary": [{"name": n, "amount": _amount(a)} for n, a in check.ancillary],
        "headroom": _amount(check.headroom),
        "headroom_exact": fraction_text(check.headroom_exact),
        "share": _percentage(check.share),
        "at_or_below": check.at_or_below,
    }


def dynamic_cap_json(result: DynamicCap) -> Json:
    """A dynamic-rule cap with its arithmetic: window, observations, average, result."""
    return {
        "rule": rule_json(result.rule),
        "window_start": result.window.start.isoformat(),
        "window_end_exclusive": result.window.end.isoformat(),
        "observations": [
            {"date": d.isoformat(), "price": _amount(p)} for d, p in result.observations
        ],
        "average": fraction_text(result.average),
        "exact": fraction_text(result.exact),
        "unit": result.unit.symbol,
        "cap": _amount(result.cap),
        "current": None if result.current is None else _amount(result.current),
        "changed": result.changed,
        "applies": _amount(result.applies),
        "steps": list(result.steps()),
    }


def _figure(value: Amount | Percentage) -> Json:
    return _limit(value)


def breach_json(breach: Breach) -> Json:
    """An actual figure against a limit, as a multiple."""
    return {
        "limit": _figure(breach.limit),
        "actual": _figure(breach.actual),
        "multiple": fraction_text(breach.multiple),
        "display": str(breach),
        "breached": breach.breached,
    }


def schedule_utilization_json(result: ScheduleUtilization) -> Json:
    """Per-period use of a schedule."""
    return {
        "periods": [
            {
                **_entry(p.entry),
                "used": _amount(p.used),
                "remaining": _amount(p.remaining),
                "share": None if p.share is None else _percentage(p.share),
                "status": p.status,
            }
            for p in result.periods
        ],
        "outside": [{"date": d.isoformat(), "amount": _amount(a)} for d, a in result.outside],
    }


def reduction_check_json(check: ReductionCheck) -> Json:
    """A reduction against one's own baseline, and whether it meets the chosen bar."""
    return {
        "bar": _percentage(check.rule.bar),
        "window_days": check.rule.window_days,
        "baseline": _amount(check.baseline),
        "current": _amount(check.current),
        "reduction": _percentage(check.reduction),
        "meets": check.meets,
    }
