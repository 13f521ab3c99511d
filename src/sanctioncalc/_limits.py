"""Other shapes of numeric measures: yearly quota schedules, ceilings, required reductions.

- :class:`QuotaSchedule`: a table of quotas, one per period, usually declining (EU quotas on
  Russian steel slabs; US limits on Russian low-enriched uranium), with per-period
  utilization.
- :class:`Ceiling`: a limit on a stock or a flow in any dimension (kilograms, a count of
  centrifuges, an enrichment percentage, dollars per 180-day phase), with an optional
  sunset; a breach is reported as a multiple of the limit (JCPOA: 4,744.5 kg is 23.39× the
  202.8 kg limit).
- :class:`ReductionRule`: a required reduction against one's own baseline per window (the US
  "significant reduction" exceptions, whose bar no statute states: the user chooses it).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Final, final

import attrs

from ._amount import Amount, exact_in
from ._commodity import Commodity, to_commodity
from ._errors import InvalidCapError, InvalidPeriodError, UnitMismatchError, ZeroBaselineError
from ._numbers import display_fraction
from ._percent import Percentage
from ._period import Span, _check_date, add_months, format_date, parse_date

__all__ = [
    "Breach",
    "Ceiling",
    "QuotaSchedule",
    "QuotaUse",
    "ReductionCheck",
    "ReductionRule",
    "ScheduleEntry",
    "ScheduleUtilization",
]

_MARKS: Final = ("V", "V2", "U")
_MARK_WORDS: Final = {"V2": "press only", "U": "unverified"}


def _mark(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in _MARKS:
        raise InvalidCapError(
            field=f"{type(instance).__name__}.{attribute.name}",
            got=repr(value)[:20],
            expected="'V' (seen in the source), 'V2' (press only) or 'U' (unverified)",
            fix="mark how the figure was verified",
        )


def _amount(value: object, self: object, field: attrs.Attribute[Any]) -> Amount:
    name = f"{type(self).__name__}.{field.name}"
    amount = value if isinstance(value, Amount) else None
    if isinstance(value, str):
        amount = Amount.parse(value)
    if amount is None:
        raise InvalidCapError(
            field=name,
            got=repr(value)[:60],
            expected="an Amount or text such as '3,185,000 t'",
            fix="build Amount(value, unit) or pass text",
        )
    if amount.unit.is_quotient or amount.is_negative():
        raise InvalidCapError(
            field=name,
            got=str(amount),
            expected="an amount of zero or more, not a rate",
            fix="a per-period limit takes its period from the entry",
        )
    return amount


def _span(value: object, self: object, field: attrs.Attribute[Any]) -> Span:
    if isinstance(value, Span):
        return value
    if isinstance(value, str):
        return Span.parse(value)
    raise InvalidCapError(
        field=f"{type(self).__name__}.{field.name}",
        got=repr(value)[:60],
        expected="a Span or text such as '1 Oct 2024 – 30 Sep 2025'",
        fix="build Span.inclusive(first, last)",
    )


def _times(ratio: Fraction) -> str:
    return f"{display_fraction(ratio)}×"


@final
@attrs.frozen
class ScheduleEntry:
    """One period of a quota schedule, with the mark of its figure."""

    span: Span = attrs.field(
        converter=attrs.Converter(_span, takes_self=True, takes_field=True)  # type: ignore[misc]
    )
    limit: Amount = attrs.field(
        converter=attrs.Converter(_amount, takes_self=True, takes_field=True)  # type: ignore[misc]
    )
    mark: str = attrs.field(default="V", validator=_mark)

    def __str__(self) -> str:
        flag = f" [{_MARK_WORDS[self.mark]}]" if self.mark != "V" else ""
        return f"{self.limit} for {self.span}{flag}"


def _entries(value: object) -> tuple[ScheduleEntry, ...]:
    items = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else ()
    if not items or not all(isinstance(e, ScheduleEntry) for e in items):
        raise InvalidCapError(
            field="QuotaSchedule.entries",
            got=repr(value)[:60],
            expected="one or more ScheduleEntry",
            fix="build ScheduleEntry(span, limit, mark) for each period",
        )
    for first, second in itertools.pairwise(items):
        if second.span.start < first.span.end:
            raise InvalidPeriodError(
                field="QuotaSchedule.entries",
                got=f"{first.span} then {second.span}",
                expected="periods in order, without overlap",
                fix="sort the entries by start date",
            )
        first.limit.require_same_dimension(second.limit.unit, field="QuotaSchedule.entries")
    return items


@final
@attrs.frozen
class QuotaUse:
    """One period's utilization: limit, what was used, what remains, the share, the status.

    Status follows the EU tariff-quota words: ``open``, ``critical`` (from the critical share,
    90 % of the initial volume by default), ``exhausted`` (100 % or more).
    """

    entry: ScheduleEntry
    used: Amount
    remaining: Amount
    share: Percentage | None
    status: str

    def __str__(self) -> str:
        share = "—" if self.share is None else str(self.share)
        return f"{self.entry.span}: {self.used} of {self.entry.limit} ({share}, {self.status})"


@final
@attrs.frozen
class ScheduleUtilization:
    """Per-period utilization of a schedule; deliveries outside every period are kept apart."""

    schedule: QuotaSchedule
    periods: tuple[QuotaUse, ...]
    outside: tuple[tuple[date, Amount], ...]

    def __str__(self) -> str:
        lines = [str(p) for p in self.periods]
        if self.outside:
            lines.append(f"{len(self.outside)} deliveries outside every period")
        return "\n".join(lines)


@final
@attrs.frozen
class QuotaSchedule:
    """A table of quotas, one per period (a declining schedule of yearly quotas).

    US limits on Russian low-enriched uranium, kg per calendar year (DOMAIN §7a, V):

    >>> s = QuotaSchedule.yearly(2014, ["485,279 kg", "455,142 kg"])
    >>> str(s.entry_on(date(2015, 6, 1)).limit)
    '455,142 kg'
    >>> [str(c.cut) for c in s.changes()]
    ['6.21 %']
    """

    entries: tuple[ScheduleEntry, ...] = attrs.field(converter=_entries)
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=attrs.Converter(to_commodity, takes_self=True, takes_field=True),  # type: ignore[misc]
    )

    @classmethod
    def yearly(
        cls,
        first_year: int,
        limits: Iterable[Amount | str],
        *,
        mark: str = "V",
        commodity: Commodity | str | None = None,
    ) -> QuotaSchedule:
        """Calendar-year quotas from *first_year* on, one limit per year."""
        entries = tuple(
            ScheduleEntry(Span(date(first_year + i, 1, 1), date(first_year + i + 1, 1, 1)), v, mark)
            for i, v in enumerate(limits)
        )
        return cls(entries, commodity)

    @property
    def start(self) -> date:
        """The first day of the first period."""
        return self.entries[0].span.start

    @property
    def end(self) -> date:
        """The day after the last period (exclusive)."""
        return self.entries[-1].span.end

    @property
    def limbs(self) -> tuple[Amount, ...]:
        """A schedule has no single limit: ask :meth:`entry_on` for a period's."""
        return ()

    @property
    def total(self) -> Amount:
        """The sum of every period's quota."""
        total = self.entries[0].limit
        for entry in self.entries[1:]:
            total = total + entry.limit
        return total

    def entry_on(self, day: date) -> ScheduleEntry | None:
        """The period that contains *day*, if any."""
        return next((e for e in self.entries if day in e.span), None)

    def changes(self) -> tuple[Any, ...]:
        """Period-on-period changes (delta and cut), as :class:`Change` values."""
        from ._ops import compare  # noqa: PLC0415 - operations are a higher layer

        return tuple(
            compare(a.limit, b.limit).changes[0] for a, b in itertools.pairwise(self.entries)
        )

    def utilization(
        self,
        deliveries: Iterable[tuple[date | str, Amount | str]],
        *,
        critical: Percentage | int = 90,
    ) -> ScheduleUtilization:
        """Sum dated deliveries into their periods: used, remaining, share and status."""
        level = critical if isinstance(critical, Percentage) else Percentage(critical)
        totals: list[Fraction] = [Fraction(0) for _ in self.entries]
        outside: list[tuple[date, Amount]] = []
        unit = self.entries[0].limit.unit
        for index, (day, raw) in enumerate(deliveries):
            when = parse_date(day, "delivery") if isinstance(day, str) else _check_date(day, "day")
            amount = raw if isinstance(raw, Amount) else Amount.parse(raw)
            if amount.dimension != unit.dimension:
                raise UnitMismatchError(
                    field=f"deliveries[{index}]",
                    got=f"{amount} against quotas in {unit}",
                    expected=f"amounts of {unit.dimension}",
                    fix="convert with a named factor first: sc.convert(amount, unit, factor=...)",
                )
            slot = next((i for i, e in enumerate(self.entries) if when in e.span), None)
            if slot is None:
                outside.append((when, amount))
            else:
                totals[slot] += exact_in(amount, unit)
        uses = []
        for entry, used in zip(self.entries, totals, strict=True):
            limit = exact_in(entry.limit, unit)
            share = None if limit == 0 else Percentage.from_ratio(used / limit)
            if share is None:  # a quota of zero: any use exhausts it
                status = "exhausted" if used else "open"
            elif share.percent >= 100:
                status = "exhausted"
            else:
                status = "critical" if share >= level else "open"
            uses.append(
                QuotaUse(
                    entry,
                    _exact_amount(used, unit),
                    _exact_amount(limit - used, unit),
                    share,
                    status,
                )
            )
        return ScheduleUtilization(self, tuple(uses), tuple(outside))

    def __str__(self) -> str:
        return "; ".join(map(str, self.entries))


def _exact_amount(value: Fraction, unit: Any) -> Amount:
    try:
        return Amount.from_fraction(value, unit)
    except ArithmeticError:
        return Amount.from_fraction(value, unit, places=6)


def _limit(value: object) -> Amount | Percentage:
    if isinstance(value, Amount | Percentage):
        limit = value
    elif isinstance(value, str):
        limit = Percentage.parse(value) if "%" in value else Amount.parse(value)
    else:
        raise InvalidCapError(
            field="Ceiling.limit",
            got=repr(value)[:60],
            expected="an Amount, a Percentage, or text such as '202.8 kg' or '3.67 %'",
            fix="build Amount('202.8', 'kg') or Percentage('3.67')",
        )
    negative = limit.percent < 0 if isinstance(limit, Percentage) else limit.is_negative()
    if negative or (isinstance(limit, Amount) and limit.unit.is_quotient):
        raise InvalidCapError(
            field="Ceiling.limit",
            got=str(limit),
            expected="a limit of zero or more, not a rate",
            fix="a price ceiling is a PriceCap; a per-phase limit takes per_days=",
        )
    return limit


def _optional_amount(value: object) -> Amount | None:
    if value is None or isinstance(value, Amount):
        return value
    if isinstance(value, str):
        return Amount.parse(value)
    raise InvalidCapError(
        field="Ceiling.equivalent",
        got=repr(value)[:60],
        expected="an Amount, its text, or None",
        fix="e.g. '300 kg' (of UF6)",
    )


def _optional_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return parse_date(value, "Ceiling.start")
    return _check_date(value, "Ceiling.start")


def _optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 36_500
    ):
        raise InvalidCapError(
            field=f"Ceiling.{attribute.name}",
            got=repr(value)[:20],
            expected="a whole number above zero, or None",
            fix="e.g. years=15, per_days=180",
        )


def _what(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidCapError(
            field="Ceiling.what",
            got=repr(value)[:60],
            expected="a short description of what is limited (1 to 200 characters)",
            fix="e.g. 'enriched uranium stockpile (as uranium)'",
        )


@final
@attrs.frozen
class Breach:
    """An actual figure against a limit: the multiple, the excess, whether it breaches."""

    limit: Amount | Percentage
    actual: Amount | Percentage
    multiple: Fraction

    @property
    def breached(self) -> bool:
        """Whether the actual figure is above the limit."""
        return self.multiple > 1

    @property
    def excess(self) -> Amount | Percentage:
        """How far above the limit (negative below it), in the limit's unit."""
        if isinstance(self.limit, Percentage):
            assert isinstance(self.actual, Percentage)
            return Percentage(self.actual.percent - self.limit.percent)
        assert isinstance(self.actual, Amount)
        return _exact_amount(
            exact_in(self.actual, self.limit.unit) - self.limit.exact, self.limit.unit
        )

    def __str__(self) -> str:
        return f"{self.actual} is {_times(self.multiple)} the limit of {self.limit}"


@final
@attrs.frozen
class Ceiling:
    """A limit on a stock or a flow, in any dimension, with an optional sunset or phase.

    ``start`` and ``years`` give a sunset (the limit lapses ``years`` calendar years after
    ``start``); ``per_days`` makes it a limit per phase of that many days (Iraq oil-for-food:
    US$2 billion per 180 days).  ``equivalent`` is the same limit as the text also states it
    (300 kg of UF6 for 202.8 kg of uranium).  JCPOA (DOMAIN §7, V; IAEA figure V2):

    >>> stock = Ceiling("202.8 kg", "enriched uranium stockpile (as uranium)",
    ...                 start=date(2016, 1, 16), years=15, equivalent="300 kg",
    ...                 equivalent_of="UF6")
    >>> str(stock.multiple("4,744.5 kg"))
    '4,744.5 kg is 23.39× the limit of 202.8 kg'
    >>> stock.expires
    datetime.date(2031, 1, 16)
    """

    limit: Amount | Percentage = attrs.field(converter=_limit)
    what: str = attrs.field(validator=_what)
    start: date | None = attrs.field(default=None, converter=_optional_date)
    years: int | None = attrs.field(default=None, validator=_optional_count)
    per_days: int | None = attrs.field(default=None, validator=_optional_count)
    equivalent: Amount | None = attrs.field(default=None, converter=_optional_amount)
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=attrs.Converter(to_commodity, takes_self=True, takes_field=True),  # type: ignore[misc]
    )
    start_mark: str = attrs.field(default="V", validator=_mark)
    years_mark: str = attrs.field(default="V", validator=_mark)
    equivalent_of: str = ""

    def __attrs_post_init__(self) -> None:
        if self.years is not None and self.start is None:
            raise InvalidPeriodError(
                field="Ceiling.years",
                got=f"{self.years} years from an unknown start",
                expected="a start date with a duration",
                fix="give start= (the day the limit took effect)",
            )

    @property
    def limbs(self) -> tuple[Amount, ...]:
        """The limit as a one-limb tuple (empty for a percentage limit)."""
        return (self.limit,) if isinstance(self.limit, Amount) else ()

    @property
    def expires(self) -> date | None:
        """The first day the limit no longer applies (None without a sunset)."""
        if self.start is None or self.years is None:
            return None
        return add_months(self.start, 12 * self.years)

    def in_force_on(self, day: date) -> bool:
        """Whether the limit applied on *day* (from its start, until its sunset)."""
        if self.start is not None and day < self.start:
            return False
        return self.expires is None or day < self.expires

    def phase(self, index: int) -> Span:
        """The *index*-th phase (0 first) of a per-phase ceiling that has a start."""
        if self.per_days is None or self.start is None:
            raise InvalidPeriodError(
                field="Ceiling.per_days",
                got=f"per_days={self.per_days}, start={self.start}",
                expected="a per-phase ceiling with a start date",
                fix="give per_days= and start=",
            )
        first = self.start + timedelta(days=index * self.per_days)
        return Span(first, first + timedelta(days=self.per_days))

    def multiple(self, actual: Amount | Percentage | str) -> Breach:
        """*actual* as a multiple of the limit (above 1 is a breach).

        Raises :class:`UnitMismatchError` across dimensions and
        :class:`ZeroBaselineError` for a zero limit.
        """
        given = _limit(actual)
        if isinstance(self.limit, Percentage) != isinstance(given, Percentage):
            raise UnitMismatchError(
                field="actual",
                got=f"{given} against {self.limit}",
                expected="a percentage for a percentage limit, an amount for an amount",
                fix="compare like with like",
            )
        if isinstance(self.limit, Percentage):
            assert isinstance(given, Percentage)
            base, value = self.limit.percent, given.percent
        else:
            assert isinstance(given, Amount)
            self.limit.require_same_dimension(given.unit, field="actual")
            base, value = self.limit.exact, exact_in(given, self.limit.unit)
        if base == 0:
            raise ZeroBaselineError(
                field="limit",
                got=str(self.limit),
                expected="a non-zero limit",
                fix="any amount breaches a zero limit; there is no multiple",
            )
        return Breach(self.limit, given, value / base)

    def __str__(self) -> str:
        text = f"{self.what}: at most {self.limit}"
        if self.equivalent is not None:
            of = f" of {self.equivalent_of}" if self.equivalent_of else ""
            text += f" (≙ {self.equivalent}{of})"
        if self.per_days is not None:
            text += f" per {self.per_days} days"
        if self.start is not None:
            text += f" from {format_date(self.start)}"
        if self.years is not None:
            text += f" for {self.years} years"
        return text


@final
@attrs.frozen
class ReductionCheck:
    """A purchase level against one's own baseline: the reduction, and whether it meets the bar."""

    rule: ReductionRule
    baseline: Amount
    current: Amount
    reduction: Percentage

    @property
    def meets(self) -> bool:
        """Whether the reduction reaches the rule's bar."""
        return self.reduction >= self.rule.bar

    def __str__(self) -> str:
        verdict = "meets" if self.meets else "falls short of"
        return (
            f"{self.baseline} → {self.current}: reduced {self.reduction}, which {verdict} the "
            f"{self.rule.bar} bar"
        )


def _bar(value: object) -> Percentage:
    bar = (
        value
        if isinstance(value, Percentage)
        else Percentage.parse(value)
        if isinstance(value, str)
        else Percentage(value)
    )
    if not 0 < bar.percent <= 100:
        raise InvalidCapError(
            field="ReductionRule.bar",
            got=str(bar),
            expected="a bar above 0 % and at most 100 %",
            fix="choose the reduction you treat as significant, e.g. 18",
        )
    return bar


def _window(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 3660:
        raise InvalidCapError(
            field="ReductionRule.window_days",
            got=repr(value)[:20],
            expected="a whole number of days from 1 to 3660",
            fix="e.g. 180",
        )


@final
@attrs.frozen
class ReductionRule:
    """A required reduction against one's own baseline, checked per window of days.

    NDAA FY2012 §1245 asked for a "significant" reduction of Iranian crude purchases,
    re-reviewed every 180 days, with no percentage in the statute (V); the de facto bar was
    reported at about 18–20 % (V2).  So the bar is the caller's choice:

    >>> rule = ReductionRule(bar=18, window_days=180)
    >>> check = rule.check(baseline="500,000 bbl/d", current="400,000 bbl/d")
    >>> str(check.reduction), check.meets
    ('20 %', True)
    """

    bar: Percentage = attrs.field(converter=_bar)
    window_days: int = attrs.field(default=180, validator=_window)
    description: str = "significant reduction against the own baseline"

    def check(self, *, baseline: Amount | str, current: Amount | str) -> ReductionCheck:
        """The reduction from *baseline* to *current* (same dimension; rates allowed)."""
        base = baseline if isinstance(baseline, Amount) else Amount.parse(baseline)
        now = current if isinstance(current, Amount) else Amount.parse(current)
        base.require_same_dimension(now.unit, field="current")
        if base.value <= 0:
            raise ZeroBaselineError(
                field="baseline",
                got=str(base),
                expected="a baseline above zero",
                fix="a reduction is relative to what was bought before",
            )
        ratio = exact_in(now, base.unit) / base.exact
        return ReductionCheck(self, base, now, Percentage.from_ratio(1 - ratio))

    def windows(self, start: date, count: int) -> tuple[Span, ...]:
        """The first *count* review windows from *start*."""
        return tuple(
            Span(
                start + timedelta(days=i * self.window_days),
                start + timedelta(days=(i + 1) * self.window_days),
            )
            for i in range(count)
        )

    def __str__(self) -> str:
        return f"{self.description}: at least {self.bar} per {self.window_days} days"
