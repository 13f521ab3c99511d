"""The counting engine that the record path and the bulk path share."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any, NoReturn, final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._catalog import CatalogMeasure
from sanctioncalc._errors import (
    FactorNotFoundError,
    InvalidCapError,
    InvalidPeriodError,
    PeriodMismatchError,
    PeriodStraddleError,
    ZeroBaselineError,
    shown,
)
from sanctioncalc._factors import ConversionFactor
from sanctioncalc._freeze import Freeze
from sanctioncalc._measure import Ban, Cap, DualCap, parse_measure
from sanctioncalc._percent import Percentage, trusted_percentage
from sanctioncalc._period import Periodic, Span, check_date, format_date, months_text
from sanctioncalc._provenance import source_provenance
from sanctioncalc._units import Unit

from .fields import MICRO, _amount
from .normalise import (
    _METHOD_ORDER,
    ConversionMethod,
    ConversionRoute,
    Normalisation,
    _route,
    counted_micro,
)
from .records import Delivery
from .results import (
    CapLike,
    ConversionSummary,
    Crossing,
    Exclusions,
    LimbUsage,
    PeriodUsage,
    ReporterUsage,
    Utilization,
)
from .thresholds import UsageThresholds

__all__: list[str] = []


# -- the shared engine: both the record path and the bulk path end here --------------------


@final
@attrs.frozen
class Plan:
    """A cap resolved for counting: its limbs, period grid, thresholds and targets.

    Built by :func:`plan`; both the record-by-record path and the bulk path use it, so
    the two agree on periods, targets and the final figures.
    """

    cap: Cap | DualCap
    limbs: tuple[Amount, ...]
    grid: Span | Periodic
    normalisation: Normalisation
    thresholds: UsageThresholds
    as_of: date | None
    #: Per limb, per level: the smallest micro-unit total that reaches the level.
    targets: tuple[tuple[int, ...], ...]

    def index(self, day: date) -> int:
        """The grid index of *day* (for a span: −1 before it, 0 inside, 1 after)."""
        if isinstance(self.grid, Span):
            return -1 if day < self.grid.start else (0 if day < self.grid.end else 1)
        return self.grid.index_of(day)

    def inside(self, index: int) -> bool:
        """Whether grid index *index* is a period of the cap."""
        return index == 0 if isinstance(self.grid, Span) else index >= 0

    def span(self, index: int) -> Span:
        """The period with grid index *index*."""
        return self.grid if isinstance(self.grid, Span) else self.grid.nth(index)

    def straddle(self, field: str, delivery_span: Span, first: int, last: int) -> None:
        """Raise :class:`PeriodStraddleError` if a record's span crosses a period boundary."""
        if first == last:
            return
        if isinstance(self.grid, Span):
            boundary = self.grid.start if first < 0 else self.grid.end
        else:
            boundary = self.grid.nth(first).end
        raise PeriodStraddleError(
            field=field,
            got=f"{delivery_span}, across the boundary at {format_date(boundary)}",
            expected=f"each record within one period of {self.grid}",
            fix=f"split the record at {format_date(boundary)}, or count it on a grid "
            "anchored like the records",
        )


def _resolve(cap: CapLike) -> tuple[Cap | DualCap, UsageThresholds | None]:
    if isinstance(cap, CatalogMeasure):
        measure: object = cap.measure
        # Each level carries its own source and mark (the refined-product 75 and 90 % steps
        # are unverified), so a crossing of it says so.
        levels = tuple(
            trusted_percentage(
                t.percent.percent,
                source_provenance(
                    f"{t.percent} threshold", cap.source.citation, cap.source.url, t.mark
                ),
            )
            for t in cap.thresholds
        )
        thresholds = UsageThresholds(levels) if levels else None
        name = cap.id
    elif isinstance(cap, str):
        measure, thresholds, name = parse_measure(cap), None, cap
    else:
        measure, thresholds = cap, None
        name = str(cap) if isinstance(cap, Ban | Freeze) else shown(cap, 80)
    if isinstance(measure, Cap | DualCap):
        return measure, thresholds
    raise InvalidCapError(
        field="cap",
        got=f"{name}: {measure}"[:80] if isinstance(measure, Ban | Freeze) else name,
        expected="a Cap or DualCap with a limit to use up",
        fix="a ban has no share to use up (every delivery breaches it) and a freeze has no "
        "stated number; list the deliveries, or count against an estimate's Cap",
    )


def plan(
    cap: CapLike,
    *,
    normalisation: Normalisation | None = None,
    thresholds: UsageThresholds | None = None,
    as_of: date | None = None,
    period: Periodic | None = None,
) -> Plan:
    """Resolve *cap* for counting: limbs, the period grid, thresholds and level targets.

    *period* supplies the grid for a cap whose periods have no anchor (a draft's "annual");
    for an anchored cap it must lie on the cap's own grid: aggregating deliveries into periods
    of mixed anchors raises :class:`PeriodMismatchError`.

    >>> p = plan("500,000 bbl per 12 months from 1 Jan 2018")
    >>> p.targets
    ((375000000000, 450000000000, 475000000000),)
    """
    measure, catalog_thresholds = _resolve(cap)
    chosen = thresholds or catalog_thresholds or UsageThresholds.un()
    limbs = measure.limbs
    for limb in limbs:
        if not limb:
            raise ZeroBaselineError(
                field="cap.limit",
                got=str(limb),
                expected="a limit above zero",
                fix="a zero limit is a ban: every delivery breaches it",
            )
    grid = _grid(measure, period)
    targets = tuple(
        tuple(math.ceil(level.ratio * limb.exact * MICRO) for level in chosen.levels)
        for limb in limbs
    )
    if as_of is not None:
        check_date(as_of, "as_of")
    return Plan(measure, limbs, grid, normalisation or Normalisation(), chosen, as_of, targets)


def _grid(measure: Cap | DualCap, period: Periodic | None) -> Span | Periodic:
    own = measure.period
    if period is not None and not isinstance(period, Periodic):
        raise InvalidPeriodError(
            field="period",
            got=shown(period, 60),
            expected="a Periodic such as Periodic(12, date(2023, 1, 1))",
            fix="pass the grid to count on",
        )
    if isinstance(own, Span):
        if period is not None:
            raise PeriodMismatchError(
                field="period",
                got=f"{period} for a cap on {own}",
                expected="no period: a stub cap is counted on its own span",
                fix="drop period=",
            )
        return own
    if own.anchor is None:
        if period is None or period.anchor is None:
            raise InvalidPeriodError(
                field="period",
                got=f"{own} (no anchor)",
                expected="an anchored grid to count deliveries on",
                fix=f"pass period=Periodic({own.months}, date(2023, 1, 1)) with the date the "
                "periods count from",
            )
        if period.months != own.months:
            raise PeriodMismatchError(
                field="period",
                got=f"{period} for a cap per {months_text(own.months)}",
                expected=f"periods of {months_text(own.months)}",
                fix="count on periods as long as the cap's",
            )
        return period
    if period is None:
        return own
    aligned = (
        period.anchor is not None
        and period.months == own.months
        and own.containing(period.anchor).start == period.anchor
    )
    if not aligned:
        raise PeriodMismatchError(
            field="period",
            got=f"{period} for a cap per {own}",
            expected="periods on the cap's own grid (same length, anchors on its boundaries)",
            fix="aggregating deliveries into periods of mixed anchors mixes two caps' years; "
            "count on the cap's own periods",
        )
    return period


@final
@attrs.frozen
class PeriodTally:
    """The exact integer figures of one period, from either path, before results are built."""

    index: int
    records: int
    #: Per limb: micro-units used.
    totals: tuple[int, ...]
    #: Sorted by reporter: (reporter, records, per-limb micro-units).
    reporters: tuple[tuple[str, int, tuple[int, ...]], ...]
    #: Per limb, per level: (earliest, latest) crossing day, or None when not reached.
    crossings: tuple[tuple[tuple[date, date] | None, ...], ...]


#: (limb index, reported unit, method, factor) → [records, reported micro, counted micro]
ConversionKey = tuple[int, Unit, ConversionMethod, ConversionFactor | None]


def assemble(
    p: Plan,
    tallies: Iterable[PeriodTally],
    conversions: Mapping[ConversionKey, Sequence[int]],
    counted: int,
    excluded: Exclusions,
) -> Utilization:
    """Build the :class:`Utilization` from exact integer tallies (shared by both paths)."""
    periods: list[PeriodUsage] = []
    for tally in sorted(tallies, key=lambda t: t.index):
        limbs: list[LimbUsage] = []
        for j, limit in enumerate(p.limbs):
            limbs.append(
                _limb_usage(
                    p,
                    limit=limit,
                    micro=tally.totals[j],
                    crossings=tally.crossings[j],
                    reporters=tally.reporters,
                    j=j,
                )
            )
        periods.append(PeriodUsage(p.span(tally.index), tally.records, tuple(limbs)))
    summaries = [
        ConversionSummary(
            p.limbs[j],
            unit,
            method,
            f,
            counts[0],
            _amount(counts[1], unit),
            _amount(counts[2], p.limbs[j].unit),
        )
        for (j, unit, method, f), counts in conversions.items()
    ]
    summaries.sort(
        key=lambda s: (
            p.limbs.index(s.limit),
            _METHOD_ORDER[s.method],
            s.factor.name if s.factor else "",
            s.unit.symbol,
        )
    )
    return Utilization(
        p.cap,
        p.normalisation,
        p.thresholds,
        p.as_of,
        tuple(periods),
        tuple(summaries),
        counted,
        excluded,
    )


def _limb_usage(
    p: Plan,
    *,
    limit: Amount,
    micro: int,
    crossings: Sequence[tuple[date, date] | None],
    reporters: Sequence[tuple[str, int, tuple[int, ...]]],
    j: int,
) -> LimbUsage:
    unit = limit.unit
    share = Percentage.from_ratio(Fraction(micro, MICRO) / limit.exact)
    left = limit.exact - Fraction(micro, MICRO)
    return LimbUsage(
        limit=limit,
        used=_amount(micro, unit),
        share=share,
        headroom=Amount.from_fraction(max(left, Fraction(0)), unit),
        excess=Amount.from_fraction(max(-left, Fraction(0)), unit),
        status=p.thresholds.status(share),
        crossings=tuple(
            Crossing(level, found[0], found[1])
            for level, found in zip(p.thresholds.levels, crossings, strict=True)
            if found is not None
        ),
        reporters=tuple(
            ReporterUsage(
                name,
                count,
                _amount(micros[j], unit),
                Percentage.from_ratio(Fraction(micros[j], MICRO) / limit.exact),
            )
            for name, count, micros in reporters
        ),
    )


def first_reaching(days: Sequence[Any], cumulative: Sequence[int], target: int) -> Any:
    """The first of *days* whose running total reaches *target*, or None."""
    i = bisect.bisect_left(cumulative, target)
    return days[i] if i < len(cumulative) else None


def _running(pairs: list[tuple[date, int]]) -> tuple[list[date], list[int]]:
    pairs.sort(key=lambda pair: pair[0])
    days: list[date] = []
    totals: list[int] = []
    running = 0
    for day, micro in pairs:
        running += micro
        if days and days[-1] == day:
            totals[-1] = running
        else:
            days.append(day)
            totals.append(running)
    return days, totals


def select(deliveries: Sequence[Delivery], as_of: date | None) -> tuple[list[int], Exclusions]:
    """Indices of the records that count as of a date (latest version per ref), and the rest."""
    if as_of is not None:
        check_date(as_of, "as_of")
    not_yet = undated = 0
    candidates: list[int] = []
    for i, delivery in enumerate(deliveries):
        if as_of is not None:
            if delivery.reported is None:
                undated += 1
                continue
            if delivery.reported > as_of:
                not_yet += 1
                continue
        candidates.append(i)
    latest: dict[str, tuple[date, int]] = {}
    for i in candidates:
        delivery = deliveries[i]
        if delivery.ref is not None and delivery.reported is not None:
            seen = latest.get(delivery.ref)
            if seen is None or delivery.reported > seen[0]:
                latest[delivery.ref] = (delivery.reported, i)
    winners = {i for _, i in latest.values()}
    chosen = [i for i in candidates if deliveries[i].ref is None or i in winners]
    return chosen, Exclusions(not_yet, undated, len(candidates) - len(chosen), 0)


def _count(
    p: Plan, deliveries: Sequence[Delivery]
) -> tuple[
    list[tuple[int, int, Delivery, tuple[tuple[ConversionRoute, int], ...]]], Exclusions, int
]:
    """The record path's first half: select, place on the grid, and convert each record.

    Checks run in the bulk path's order (every record's span, then every record's route),
    so both paths name the same record in an error.
    """
    chosen, excluded = select(deliveries, p.as_of)
    inside: list[tuple[int, int]] = []
    for i in chosen:
        delivery = deliveries[i]
        first, last = p.index(delivery.span.start), p.index(delivery.span.last)
        p.straddle(f"deliveries[{i}].span", delivery.span, first, last)
        if p.inside(first):
            inside.append((i, first))
    outside = len(chosen) - len(inside)
    placed: list[tuple[int, int, Delivery, tuple[tuple[ConversionRoute, int], ...]]] = []
    for i, first in inside:
        delivery = deliveries[i]
        converted: list[tuple[ConversionRoute, int]] = []
        for limb in p.limbs:
            route = _route(p.normalisation, delivery.quantity.unit, delivery.product, limb.unit)
            if route is None:
                _unconvertible(p, i, delivery, limb)
            converted.append((route, counted_micro(delivery.micro, route.ratio)))
        placed.append((i, first, delivery, tuple(converted)))
    return placed, attrs.evolve(excluded, outside=outside), len(placed)


def _unconvertible(p: Plan, i: int, delivery: Delivery, limb: Amount) -> NoReturn:
    try:
        p.normalisation.route(delivery.quantity.unit, delivery.product, limb.unit)
    except FactorNotFoundError as error:
        raise FactorNotFoundError(**{**error.facts, "field": f"deliveries[{i}].product"}) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _utilization(p: Plan, deliveries: Sequence[Delivery]) -> Utilization:
    placed, excluded, counted = _count(p, deliveries)
    n = len(p.limbs)
    groups: dict[int, list[tuple[Delivery, tuple[int, ...]]]] = {}
    conversions: dict[ConversionKey, list[int]] = {}
    for _, index, delivery, converted in placed:
        micros = tuple(m for _, m in converted)
        groups.setdefault(index, []).append((delivery, micros))
        for j, (route, micro) in enumerate(converted):
            key = (j, delivery.quantity.unit, route.method, route.factor)
            counts = conversions.setdefault(key, [0, 0, 0])
            counts[0] += 1
            counts[1] += delivery.micro
            counts[2] += micro
    tallies: list[PeriodTally] = []
    for index, items in groups.items():
        reporters: dict[str, list[int]] = {}
        for delivery, micros in items:
            entry = reporters.setdefault(delivery.reporter, [0] * (n + 1))
            entry[0] += 1
            for j in range(n):
                entry[j + 1] += micros[j]
        crossings: list[tuple[tuple[date, date] | None, ...]] = []
        for j in range(n):
            starts = _running([(d.span.start, m[j]) for d, m in items])
            ends = _running([(d.span.last, m[j]) for d, m in items])
            found: list[tuple[date, date] | None] = []
            for target in p.targets[j]:
                earliest = first_reaching(*starts, target)
                latest_day = first_reaching(*ends, target)
                found.append(None if earliest is None else (earliest, latest_day))
            crossings.append(tuple(found))
        tallies.append(
            PeriodTally(
                index,
                len(items),
                tuple(sum(m[j] for _, m in items) for j in range(n)),
                tuple(
                    (name, entry[0], tuple(entry[1:])) for name, entry in sorted(reporters.items())
                ),
                tuple(crossings),
            )
        )
    return assemble(p, tallies, conversions, counted, excluded)
