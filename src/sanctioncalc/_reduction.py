"""Required reductions against one's own baseline per window (the US "significant
reduction" exceptions, whose bar no statute states: the user chooses it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import final

import attrs

from ._amount import Amount, exact_in
from ._errors import InvalidCapError, InvalidPeriodError, ZeroBaselineError, shown
from ._percent import Percentage
from ._period import Span, check_date, format_date, to_date

__all__ = [
    "ReductionCheck",
    "ReductionRule",
]


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
            got=shown(value, 20),
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

    def windows(self, start: date | str, count: int) -> tuple[Span, ...]:
        """The first *count* review windows from *start* (a date or its text).

        Raises :class:`InvalidPeriodError` for windows that do not end by 2200.
        """
        first = to_date(start, "start")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidPeriodError(
                field="count",
                got=shown(count, 30),
                expected="a whole number of windows, 0 or more",
                fix="e.g. rule.windows(date(2012, 6, 28), 4)",
            )
        if count:
            self._window_start(first, count, count)  # the last window's end, checked first
        return tuple(
            Span(self._window_start(first, i, count), self._window_start(first, i + 1, count))
            for i in range(count)
        )

    def _window_start(self, first: date, index: int, count: int) -> date:
        try:
            return check_date(first + timedelta(days=index * self.window_days), "windows")
        except (OverflowError, InvalidPeriodError):  # beyond datetime's or the text forms' years
            raise InvalidPeriodError(
                field="count",
                got=f"{shown(count, 30)} windows of {self.window_days} days from "
                f"{format_date(first)}",
                expected="windows that end by 2200",
                fix="ask for fewer windows",
            ) from None

    def __str__(self) -> str:
        return f"{self.description}: at least {self.bar} per {self.window_days} days"
