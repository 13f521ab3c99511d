"""Quota schedules: a table of quotas, one per period, usually declining (EU quotas on
Russian steel slabs; US limits on Russian low-enriched uranium), with per-period utilization.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import final

import attrs

from ._amount import Amount, exact_in
from ._commodity import Commodity, to_commodity
from ._errors import InvalidCapError, InvalidPeriodError, UnitMismatchError, shown
from ._fields import named, to_mark
from ._mark import Mark
from ._ops import Change, compare
from ._percent import Percentage
from ._period import Span, check_date, to_date
from ._shape_fields import SHOWN_PLACES, amount_field, exact_amount, is_rounded, span_field

__all__ = [
    "QuotaSchedule",
    "QuotaUse",
    "ScheduleEntry",
    "ScheduleUtilization",
]


@final
@attrs.frozen(field_transformer=named)
class ScheduleEntry:
    """One period of a quota schedule, with the mark of its figure."""

    span: Span = attrs.field(converter=span_field)
    limit: Amount = attrs.field(converter=amount_field)
    mark: Mark = attrs.field(default=Mark.V, converter=to_mark)

    def __str__(self) -> str:
        flag = f" [{self.mark.qualifier}]" if self.mark is not Mark.V else ""
        return f"{self.limit} for {self.span}{flag}"


def _entries(value: object) -> tuple[ScheduleEntry, ...]:
    items = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else ()
    if not items or not all(isinstance(e, ScheduleEntry) for e in items):
        raise InvalidCapError(
            field="QuotaSchedule.entries",
            got=shown(value, 60),
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


def _year_start(year: int, first_year: object) -> date:
    """1 January of *year*, a year the text forms read back (1900 to 2200)."""
    try:
        day = date(year, 1, 1)
    except (OverflowError, ValueError):  # outside datetime's years 1 to 9999
        day = None
    if day is None or not _in_range(day):
        raise InvalidPeriodError(
            field="QuotaSchedule.yearly",
            got=f"the year {shown(year, 30)}, from first_year={shown(first_year, 30)}",
            expected="calendar years from 1900 to 2200",
            fix="check first_year and the number of limits",
        )
    return day


def _in_range(day: date) -> bool:
    try:
        check_date(day, "QuotaSchedule.yearly")
    except InvalidPeriodError:
        return False
    return True


def _limit_list(limits: object) -> tuple[object, ...]:
    if isinstance(limits, str | bytes) or not isinstance(limits, Iterable):
        raise InvalidCapError(
            field="QuotaSchedule.yearly.limits",
            got=shown(limits, 60),
            expected="a list of limits, one per year, such as ['485,279 kg', '455,142 kg']",
            fix="pass one Amount or text limit per calendar year",
        )
    return tuple(limits)


def _pairs(deliveries: object) -> list[tuple[object, Amount]]:
    """Dated deliveries as (day, amount) pairs, or the error that says what a pair is."""
    if isinstance(deliveries, str | bytes) or not isinstance(deliveries, Iterable):
        raise _not_pairs(shown(deliveries, 60))
    pairs = []
    for index, item in enumerate(deliveries):
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise _not_pairs(f"deliveries[{index}] = {shown(item, 40)}")
        day, raw = item
        if isinstance(raw, Amount):
            pairs.append((day, raw))
        elif isinstance(raw, str):
            pairs.append((day, Amount.parse(raw)))
        else:
            raise _not_pairs(f"deliveries[{index}] = {shown(item, 40)}")
    return pairs


def _not_pairs(got: str) -> InvalidCapError:
    return InvalidCapError(
        field="QuotaSchedule.utilization.deliveries",
        got=got,
        expected="(date, amount) pairs, such as (date(2015, 3, 1), '40,000 kg')",
        fix="pass a list of (day, amount) pairs; an amount is an Amount or its text",
    )


@final
@attrs.frozen(field_transformer=named)
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
    #: The exact amounts; ``used`` and ``remaining`` show them rounded half-up to six
    #: decimals when they have no finite decimal form (deliveries in another unit).
    used_exact: Fraction = Fraction(0)
    remaining_exact: Fraction = Fraction(0)

    @property
    def rounded(self) -> bool:
        """Whether ``used`` or ``remaining`` shows its exact value rounded."""
        return is_rounded(self.used, self.used_exact) or is_rounded(
            self.remaining, self.remaining_exact
        )

    def __str__(self) -> str:
        share = "—" if self.share is None else str(self.share)
        text = f"{self.entry.span}: {self.used} of {self.entry.limit} ({share}, {self.status})"
        return text + (f" [rounded to {SHOWN_PLACES} decimals]" if self.rounded else "")


@final
@attrs.frozen(field_transformer=named)
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
@attrs.frozen(field_transformer=named)
class QuotaSchedule:
    """A table of quotas, one per period (a declining schedule of yearly quotas).

    US limits on Russian low-enriched uranium, kg per calendar year (42 U.S.C. 2297h-10a(c), V):

    >>> s = QuotaSchedule.yearly(2014, ["485,279 kg", "455,142 kg"])
    >>> str(s.entry_on(date(2015, 6, 1)).limit)
    '455,142 kg'
    >>> [str(c.cut) for c in s.changes()]
    ['6.21 %']
    """

    entries: tuple[ScheduleEntry, ...] = attrs.field(converter=_entries)
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=to_commodity,
    )

    @classmethod
    def yearly(
        cls,
        first_year: int,
        limits: Iterable[Amount | str],
        *,
        mark: Mark | str = Mark.V,
        commodity: Commodity | str | None = None,
    ) -> QuotaSchedule:
        """Calendar-year quotas from *first_year* on, one limit per year.

        Raises :class:`InvalidPeriodError` unless every year is from 1900 to 2200.
        """
        if isinstance(first_year, bool) or not isinstance(first_year, int):
            raise InvalidPeriodError(
                field="QuotaSchedule.yearly.first_year",
                got=shown(first_year, 30),
                expected="a calendar year as an int, from 1900 to 2200",
                fix="e.g. QuotaSchedule.yearly(2014, ['485,279 kg', '455,142 kg'])",
            )
        values = _limit_list(limits)
        entries = tuple(
            ScheduleEntry(
                Span(
                    _year_start(first_year + i, first_year),
                    _year_start(first_year + i + 1, first_year),
                ),
                v,
                mark,
            )
            for i, v in enumerate(values)
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

    def entry_on(self, day: date | str) -> ScheduleEntry | None:
        """The period that contains *day* (a date or its text), if any."""
        when = to_date(day, "day")
        return next((e for e in self.entries if when in e.span), None)

    def changes(self) -> tuple[Change, ...]:
        """Period-on-period changes (delta and cut), as :class:`Change` values."""
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
        for index, (day, amount) in enumerate(_pairs(deliveries)):
            when = to_date(day, f"deliveries[{index}]")
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
                    exact_amount(used, unit),
                    exact_amount(limit - used, unit),
                    share,
                    status,
                    used,
                    limit - used,
                )
            )
        return ScheduleUtilization(self, tuple(uses), tuple(outside))

    def __str__(self) -> str:
        return "; ".join(map(str, self.entries))
