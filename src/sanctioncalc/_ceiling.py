"""Ceilings: a limit on a stock or a flow in any dimension (kilograms, a count of
centrifuges, an enrichment percentage, dollars per 180-day phase), with an optional sunset; a
breach is reported as a multiple of the limit (JCPOA: 4,744.5 kg is 23.39× the 202.8 kg limit).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any, final

import attrs

from ._amount import Amount, exact_in
from ._commodity import Commodity, to_commodity
from ._errors import (
    InvalidCapError,
    InvalidPeriodError,
    UnitMismatchError,
    ZeroBaselineError,
    shown,
)
from ._fields import named, to_mark
from ._mark import Mark
from ._percent import Percentage
from ._period import Span, add_months, check_date, format_date, to_date, to_optional_date
from ._shape_fields import exact_amount, is_rounded, times_text

__all__ = [
    "Breach",
    "Ceiling",
]


def _limit(value: object) -> Amount | Percentage:
    if isinstance(value, Amount | Percentage):
        limit = value
    elif isinstance(value, str):
        limit = Percentage.parse(value) if "%" in value else Amount.parse(value)
    else:
        raise InvalidCapError(
            field="Ceiling.limit",
            got=shown(value, 60),
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
        got=shown(value, 60),
        expected="an Amount, its text, or None",
        fix="e.g. '300 kg' (of UF6)",
    )


def _optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 36_500
    ):
        raise InvalidCapError(
            field=f"Ceiling.{attribute.name}",
            got=shown(value, 20),
            expected="a whole number above zero, or None",
            fix="e.g. years=15, per_days=180",
        )


def _what(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidCapError(
            field="Ceiling.what",
            got=shown(value, 60),
            expected="a short description of what is limited (1 to 200 characters)",
            fix="e.g. 'enriched uranium stockpile (as uranium)'",
        )


@final
@attrs.frozen(field_transformer=named)
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
    def excess_exact(self) -> Fraction:
        """How far above the limit (negative below it), exactly, in the limit's unit."""
        if isinstance(self.limit, Percentage):
            assert isinstance(self.actual, Percentage)
            return self.actual.percent - self.limit.percent
        assert isinstance(self.actual, Amount)
        return exact_in(self.actual, self.limit.unit) - self.limit.exact

    @property
    def excess(self) -> Amount | Percentage:
        """How far above the limit (negative below it), in the limit's unit.

        Exact, or rounded half-up to six decimals when the actual figure is in a unit that
        leaves no finite decimal form (:attr:`excess_rounded` then says so).
        """
        if isinstance(self.limit, Percentage):
            return Percentage(self.excess_exact)
        return exact_amount(self.excess_exact, self.limit.unit)

    @property
    def excess_rounded(self) -> bool:
        """Whether :attr:`excess` shows :attr:`excess_exact` rounded."""
        excess = self.excess
        return isinstance(excess, Amount) and is_rounded(excess, self.excess_exact)

    def __str__(self) -> str:
        return f"{self.actual} is {times_text(self.multiple)} the limit of {self.limit}"


@final
@attrs.frozen(field_transformer=named)
class Ceiling:
    """A limit on a stock or a flow, in any dimension, with an optional sunset or phase.

    ``start`` and ``years`` give a sunset (the limit lapses ``years`` calendar years after
    ``start``); ``per_days`` makes it a limit per phase of that many days (Iraq oil-for-food:
    US$2 billion per 180 days).  ``equivalent`` is the same limit as the text also states it
    (300 kg of UF6 for 202.8 kg of uranium).  JCPOA, S/RES/2231 (2015) (V; IAEA figure V2):

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
    start: date | None = attrs.field(default=None, converter=to_optional_date)
    years: int | None = attrs.field(default=None, validator=_optional_count)
    per_days: int | None = attrs.field(default=None, validator=_optional_count)
    equivalent: Amount | None = attrs.field(default=None, converter=_optional_amount)
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=to_commodity,
    )
    start_mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
    years_mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
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

    def in_force_on(self, day: date | str) -> bool:
        """Whether the limit applied on *day* (a date or its text), from its start until its
        sunset."""
        day = to_date(day, "day")
        if self.start is not None and day < self.start:
            return False
        return self.expires is None or day < self.expires

    def phase(self, index: int) -> Span:
        """The *index*-th phase (0 first) of a per-phase ceiling that has a start.

        Raises :class:`InvalidPeriodError` for a phase that does not end by 2200.
        """
        if self.per_days is None or self.start is None:
            raise InvalidPeriodError(
                field="Ceiling.per_days",
                got=f"per_days={self.per_days}, start={self.start}",
                expected="a per-phase ceiling with a start date",
                fix="give per_days= and start=",
            )
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise InvalidPeriodError(
                field="Ceiling.phase",
                got=shown(index, 30),
                expected="a phase number, 0 or more (0 is the first phase)",
                fix="count phases from 0 at the start date",
            )
        first = self._day_after(index * self.per_days, index)
        return Span(first, self._day_after((index + 1) * self.per_days, index))

    def _day_after(self, days: int, index: int) -> date:
        assert self.start is not None
        try:
            return check_date(self.start + timedelta(days=days), "Ceiling.phase")
        except (OverflowError, InvalidPeriodError):  # beyond datetime's or the text forms' years
            raise InvalidPeriodError(
                field="Ceiling.phase",
                got=f"phase {shown(index, 30)} of {self.per_days} days from "
                f"{format_date(self.start)}",
                expected="a phase that ends by 2200",
                fix="count fewer phases from the start date",
            ) from None

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
