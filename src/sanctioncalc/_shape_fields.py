"""Field checks shared by the quota-schedule, ceiling and reduction-rule shapes."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Final

from ._amount import Amount
from ._errors import InvalidCapError, shown
from ._numbers import display_fraction
from ._period import Span

__all__: list[str] = []


def amount_field(value: object, field: str = "value") -> Amount:
    name = field
    amount = value if isinstance(value, Amount) else None
    if isinstance(value, str):
        amount = Amount.parse(value)
    if amount is None:
        raise InvalidCapError(
            field=name,
            got=shown(value, 60),
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


def span_field(value: object, field: str = "value") -> Span:
    if isinstance(value, Span):
        return value
    if isinstance(value, str):
        return Span.parse(value)
    raise InvalidCapError(
        field=field,
        got=shown(value, 60),
        expected="a Span or text such as '1 Oct 2024 – 30 Sep 2025'",
        fix="build Span.inclusive(first, last)",
    )


def times_text(ratio: Fraction) -> str:
    return f"{display_fraction(ratio)}×"


#: The decimals a shape result shows an amount with when it has no finite decimal form.
SHOWN_PLACES: Final = 6


def exact_amount(value: Fraction, unit: Any) -> Amount:
    """*value* exactly, or rounded half-up to :data:`SHOWN_PLACES` decimals (see
    :func:`is_rounded`: results that show such an amount say so and keep the exact value)."""
    try:
        return Amount.from_fraction(value, unit)
    except ArithmeticError:
        return Amount.from_fraction(value, unit, places=SHOWN_PLACES)


def is_rounded(amount: Amount, exact: Fraction) -> bool:
    """Whether *amount* shows *exact* rounded (its decimal form does not end)."""
    return amount.exact != exact
