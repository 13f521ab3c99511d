"""A reference model of sanctioncalc's calculations, written from docs/definitions.md.

Plain :class:`~fractions.Fraction`, ``int`` and :class:`datetime.date` arithmetic, sharing no
code with the library (it imports nothing from ``sanctioncalc``): tests/test_reference.py
compares the two on random inputs.  Amounts are ``(value, unit symbol)`` pairs; ratios and
percentages are Fractions (a percentage in percent points).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Final, Literal

#: Each unit's dimension and size in the dimension's base unit (m³, kg, one currency unit),
#: from the definitions: an oil barrel is 42 US gallons = 0.158987294928 m³ exactly.
UNITS: Final[dict[str, tuple[str, Fraction]]] = {
    "bbl": ("volume", Fraction("0.158987294928")),
    "kbbl": ("volume", Fraction("158.987294928")),
    "MMbbl": ("volume", Fraction("158987.294928")),
    "gal": ("volume", Fraction("0.003785411784")),
    "L": ("volume", Fraction(1, 1000)),
    "kL": ("volume", Fraction(1)),
    "m3": ("volume", Fraction(1)),
    "kg": ("mass", Fraction(1)),
    "t": ("mass", Fraction(1000)),
    "kt": ("mass", Fraction(10**6)),
    "lb": ("mass", Fraction("0.45359237")),
    "short_ton": ("mass", Fraction("907.18474")),
    "USD": ("currency:USD", Fraction(1)),
}

Amount = tuple[Fraction, str]
Basis = Literal["months", "days"]
MICRO: Final = 10**6


class NoResultError(Exception):
    """The model's definition gives no value for these inputs (the library must refuse)."""


def dimension(unit: str) -> str:
    """The dimension of *unit*."""
    return UNITS[unit][0]


def base(amount: Amount) -> Fraction:
    """An amount in its dimension's base unit."""
    value, unit = amount
    return value * UNITS[unit][1]


def in_unit(amount: Amount, unit: str) -> Fraction:
    """An amount expressed in *unit* of the same dimension."""
    if dimension(amount[1]) != dimension(unit):
        raise NoResultError("different dimensions")
    return base(amount) / UNITS[unit][1]


def round_half_up(value: Fraction) -> int:
    """The nearest integer, halves away from zero."""
    floor = math.floor(abs(value))
    if abs(value) - floor >= Fraction(1, 2):
        floor += 1
    return floor if value >= 0 else -floor


def decimal_places(value: Fraction) -> int | None:
    """The places *value*'s decimal form needs, or None when it never ends."""
    d = value.denominator
    places = 0
    while d % 10 == 0:
        d //= 10
        places += 1
    extra = 0
    while d % 2 == 0:
        d //= 2
        extra += 1
    while d % 5 == 0:
        d //= 5
        extra += 1
    return places + extra if d == 1 else None


def shown(value: Fraction) -> Fraction:
    """An amount as schedules and ceilings give it: exact when its decimal form ends within
    40 places, else rounded half-up to 6 places."""
    places = decimal_places(value)
    if places is not None and places <= 40:
        return value
    return Fraction(round_half_up(value * 10**6), 10**6)


# -- changes ---------------------------------------------------------------------------------


def delta(old: Amount, new: Amount) -> Fraction:
    """new − old, in the base unit."""
    if dimension(old[1]) != dimension(new[1]):
        raise NoResultError("different dimensions")
    return base(new) - base(old)


def cut(old: Amount, new: Amount) -> Fraction:
    """The cut 1 − new/old, in percent points."""
    if dimension(old[1]) != dimension(new[1]) or base(old) == 0:
        raise NoResultError("no cut")
    return 100 * (1 - base(new) / base(old))


def compose_cuts(cuts: Iterable[Fraction]) -> Fraction:
    """1 − Π(1 − cᵢ), cuts and result in percent points."""
    remaining = Fraction(1)
    for c in cuts:
        remaining *= 1 - c / 100
    return 100 * (1 - remaining)


def cumulative(baseline: Amount, steps: Sequence[Amount | None]) -> list[tuple[Fraction, Fraction]]:
    """Per step (None is a ban): its cut from the previous level and the cut from *baseline*.

    Level i as a share of the baseline is ``left_i = level_i / baseline``; the step cut is
    ``1 − left_i / left_(i−1)`` and the cumulative cut ``1 − left_i`` (percent points).
    """
    if steps and base(baseline) == 0:
        raise NoResultError("zero baseline")
    result: list[tuple[Fraction, Fraction]] = []
    previous = Fraction(1)
    for step in steps:
        left = Fraction(0) if step is None else base(step) / base(baseline)
        if step is not None and dimension(step[1]) != dimension(baseline[1]):
            raise NoResultError("different dimensions")
        if previous == 0:
            raise NoResultError("a step after a ban")
        result.append((100 * (1 - left / previous), 100 * (1 - left)))
        previous = left
    return result


def cap_for_cut(old: Amount, cut_percent: Fraction) -> Fraction:
    """The limit left by a cut: old × (1 − c), in old's unit."""
    if cut_percent > 100:
        raise NoResultError("a cut above 100 %")
    return old[0] * (1 - cut_percent / 100)


# -- calendar periods ------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """*day* moved by whole calendar months, the day clamped to the month's length."""
    year = day.year + (day.month - 1 + months) // 12
    month = (day.month - 1 + months) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nth_period(months: int, anchor: date, index: int) -> tuple[date, date]:
    """Period *index* of "*months* months from *anchor*": ``[start, end)``."""
    return add_months(anchor, index * months), add_months(anchor, (index + 1) * months)


def period_index(months: int, anchor: date, day: date) -> int:
    """The index of the period containing *day*, found by walking from the anchor."""
    index = 0
    while nth_period(months, anchor, index)[0] > day:
        index -= 1
    while nth_period(months, anchor, index)[1] <= day:
        index += 1
    return index


def whole_months(start: date, end: date) -> int | None:
    """The m ≥ 1 with add_months(start, m) == end, or None ([start, end) half-open)."""
    m = 1
    while add_months(start, m) < end:
        m += 1
    return m if add_months(start, m) == end else None


def share(start: date, end: date, months: int, anchor: date | None, basis: Basis) -> Fraction:
    """The share of one period of "*months* months from *anchor*" that ``[start, end)`` is.

    months: whole calendar months of the span over the period's months.  days: the sum, over
    each period the span touches, of the span's days inside it over that period's days.
    """
    if basis == "months":
        count = whole_months(start, end)
        if count is None:
            raise NoResultError("not whole months")
        return Fraction(count, months)
    if anchor is None:
        raise NoResultError("no anchor")
    total = Fraction(0)
    index = period_index(months, anchor, start)
    while True:
        first, after = nth_period(months, anchor, index)
        if first >= end:
            return total
        inside = (min(after, end) - max(first, start)).days
        total += Fraction(inside, (after - first).days)
        index += 1


def prorate(
    limit: Fraction, *, months: int, anchor: date | None, start: date, end: date, basis: Basis
) -> Fraction:
    """A repeating cap's share for ``[start, end)``: limit × share."""
    return limit * share(start, end, months, anchor, basis)


def annualise(
    limit: Fraction, *, start: date, end: date, basis: Basis, months: int, anchor: date | None
) -> Fraction:
    """The repeating cap a stub cap on ``[start, end)`` corresponds to: limit / share."""
    return limit / share(start, end, months, anchor, basis)


# -- conversion, dual caps -------------------------------------------------------------------


def convert(amount: Amount, to: str, factor: tuple[Fraction, str, str] | None = None) -> Fraction:
    """*amount* in *to*: by unit sizes within a dimension, else by a factor (value, from, to).

    A factor of v to-units per from-unit multiplies amounts in its from-dimension and
    divides amounts in its to-dimension.
    """
    if dimension(amount[1]) == dimension(to):
        return in_unit(amount, to)
    if factor is None:
        raise NoResultError("no factor")
    value, a, b = factor
    if dimension(amount[1]) == dimension(a) and dimension(to) == dimension(b):
        return in_unit((in_unit(amount, a) * value, b), to)
    if dimension(amount[1]) == dimension(b) and dimension(to) == dimension(a):
        return in_unit((in_unit(amount, b) / value, a), to)
    raise NoResultError("the factor does not connect the units")


def break_even(money: Fraction, quantity: Fraction) -> Fraction:
    """The price at which both limbs of "money or quantity" bind: money / quantity."""
    if quantity == 0:
        raise NoResultError("zero quantity limb")
    return money / quantity


def binding(
    money: Fraction, quantity: Fraction, price: Fraction
) -> tuple[Literal["money", "quantity", "tie"], Fraction, Fraction]:
    """Which limb of "money or quantity, whichever is lower" binds at *price*.

    The money limb allows money/price of the quantity; the lower of that and the quantity
    limb binds.  Returns the binding limb, the quantity allowed and its value.
    """
    by_value = money / price
    which: Literal["money", "quantity", "tie"] = (
        "tie" if by_value == quantity else ("money" if by_value < quantity else "quantity")
    )
    allowed = min(by_value, quantity)
    return which, allowed, allowed * price


# -- ledgers ---------------------------------------------------------------------------------

Record = tuple[date, date, Fraction, str]  # first day, last day (inclusive), quantity, unit


def counted(
    quantity: Fraction, unit: str, limb_unit: str, factor: tuple[Fraction, str, str] | None
) -> int:
    """A record against a limb: converted exactly, then rounded half-up to a micro-unit."""
    return round_half_up(convert((quantity, unit), limb_unit, factor) * MICRO)


def crossing(records: Sequence[tuple[date, date, int]], target: int) -> tuple[date, date] | None:
    """The narrowest interval in which a running total of micro-units reached *target*.

    Earliest: the first day on which the total could have reached it, every record counted
    on its first day.  Latest: the first day on which it must have, every record counted on
    its last day.  None when the records never reach it.
    """

    def first_day(days: Sequence[date]) -> date | None:
        for day in sorted(set(days)):
            reached = sum(m for (_, _, m), d in zip(records, days, strict=True) if d <= day)
            if reached >= target:
                return day
        return None

    earliest = first_day([f for f, _, _ in records])
    latest = first_day([last for _, last, _ in records])
    if earliest is None:
        return None
    assert latest is not None
    return earliest, latest


def status(
    share_percent: Fraction, critical: Fraction, exhausted: Fraction
) -> Literal["open", "critical", "exhausted", "breached"]:
    """A period's status from its share used (percent points)."""
    if share_percent > 100:
        return "breached"
    if share_percent >= exhausted:
        return "exhausted"
    if share_percent >= critical:
        return "critical"
    return "open"


def limb_usage(
    limit: Fraction,
    micros: Sequence[tuple[date, date, int]],
    levels: Sequence[Fraction],
    critical: Fraction,
    exhausted: Fraction,
) -> dict[str, object]:
    """One limb's use in one period: used, share, headroom, excess, status and crossings."""
    used = Fraction(sum(m for _, _, m in micros), MICRO)
    pct = 100 * used / limit
    crossings = {}
    for level in levels:
        found = crossing(micros, math.ceil(level / 100 * limit * MICRO))
        if found is not None:
            crossings[level] = found
    return {
        "used": used,
        "share": pct,
        "headroom": max(limit - used, Fraction(0)),
        "excess": max(used - limit, Fraction(0)),
        "status": status(pct, critical, exhausted),
        "crossings": crossings,
    }


def period_of_record(first: date, last: date, months: int, anchor: date) -> int | None:
    """The period index of a record lying in one period; None if it straddles a boundary."""
    a, b = period_index(months, anchor, first), period_index(months, anchor, last)
    return a if a == b else None


# -- prices, schedules, ceilings -------------------------------------------------------------


def oil_price(delivered: Fraction, costs: Iterable[Fraction]) -> Fraction:
    """The price compared with a cap: the delivered price less ancillary costs (≥ 0)."""
    oil = delivered - sum(costs, Fraction(0))
    if oil < 0:
        raise NoResultError("costs above the delivered price")
    return oil


def price_check(cap: Fraction, price: Fraction) -> tuple[Fraction, Fraction, bool]:
    """Headroom cap − price, share price/cap (percent points), and price ≤ cap."""
    return cap - price, 100 * price / cap, price <= cap


def schedule_use(
    limits: Sequence[Fraction],
    spans: Sequence[tuple[date, date]],
    deliveries: Iterable[tuple[date, Fraction]],
    critical: Fraction,
) -> tuple[list[tuple[Fraction, Fraction, Fraction | None, str]], list[date]]:
    """Per period: used, remaining, share (percent points) and status; and the days outside.

    A delivery counts in the period ``[start, end)`` that contains its day.  Status: a zero
    quota is exhausted by any use; otherwise exhausted from 100 %, critical from *critical*.
    """
    used = [Fraction(0) for _ in limits]
    outside: list[date] = []
    for day, amount in deliveries:
        slot = next((i for i, (s, e) in enumerate(spans) if s <= day < e), None)
        if slot is None:
            outside.append(day)
        else:
            used[slot] += amount
    result: list[tuple[Fraction, Fraction, Fraction | None, str]] = []
    for limit, u in zip(limits, used, strict=True):
        if limit == 0:
            result.append((u, -u, None, "exhausted" if u else "open"))
            continue
        pct = 100 * u / limit
        word = "exhausted" if pct >= 100 else ("critical" if pct >= critical else "open")
        result.append((u, limit - u, pct, word))
    return result, outside


def multiple(limit: Fraction, actual: Fraction) -> tuple[Fraction, bool, Fraction]:
    """A figure against a ceiling: actual/limit, whether above 1, and actual − limit."""
    if limit == 0:
        raise NoResultError("zero limit")
    ratio = actual / limit
    return ratio, ratio > 1, actual - limit


def days(start: date, end: date) -> Iterable[date]:
    """Each day of ``[start, end)``."""
    day = start
    while day < end:
        yield day
        day += timedelta(days=1)
