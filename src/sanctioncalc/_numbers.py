"""Exact number handling: coercion to Decimal and Fraction, and context-free formatting.

No function here does Decimal arithmetic, so a caller's global :mod:`decimal` context
(precision, traps, rounding) cannot change a result.  Arithmetic happens on
:class:`~fractions.Fraction`; Decimals are built from digit tuples, which needs no context.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ._errors import InexactResultError, InvalidAmountError

Number = int | str | Decimal | Fraction | float

#: Largest magnitude (in decimal digits before the point) accepted for an amount.
MAX_DIGITS: Final = 30
#: Most decimal places accepted for an amount (a barrel in m³ needs 12; products of a few such).
MAX_PLACES: Final = 40

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _refuse(field: str, got: object, expected: str, fix: str) -> InvalidAmountError:
    return InvalidAmountError(field=field, got=_show(got), expected=expected, fix=fix)


def _show(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_size(value: Fraction, field: str, got: object) -> None:
    if value and abs(value) >= 10**MAX_DIGITS:
        raise _refuse(
            field,
            got,
            f"an amount below 10**{MAX_DIGITS}",
            "check the magnitude; no sanctions figure is this large",
        )


def to_fraction(value: object, field: str = "value") -> Fraction:
    """Read *value* as an exact Fraction.

    int, str, Decimal and Fraction are exact; a float is taken by its shortest repr, so
    ``0.1`` means one tenth.  NaN, infinities and bools are refused.

    >>> to_fraction(0.1)
    Fraction(1, 10)
    """
    if isinstance(value, bool):
        raise _refuse(field, value, "a number", "pass an int, str, Decimal or Fraction")
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, int):
        result = Fraction(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _refuse(field, value, "a finite number", "NaN and infinities have no amount")
        result = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _refuse(field, value, "a finite number", "NaN and infinities have no amount")
        result = Fraction(Decimal(repr(value)))
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        if len(text) > 64 or not _PLAIN.fullmatch(text):
            raise _refuse(
                field,
                value,
                "a plain decimal number such as '4000000' or '7.33'",
                "write the number without units, exponents or thousands separators",
            )
        result = Fraction(Decimal(text))
    else:
        raise _refuse(
            field,
            value,
            "int, str, Decimal, Fraction or float",
            f"convert the {type(value).__name__} to one of those first",
        )
    _check_size(result, field, value)
    return result


def to_decimal(value: object, field: str = "value") -> Decimal:
    """Read *value* as an exact Decimal (refusing fractions with no finite decimal form).

    >>> to_decimal("4000000")
    Decimal('4000000')
    >>> to_decimal(0.1)
    Decimal('0.1')
    """
    if isinstance(value, Decimal) and value.is_finite():
        _check_size(Fraction(value), field, value)
        if -value.as_tuple().exponent > MAX_PLACES:  # type: ignore[operator]
            raise _refuse(
                field,
                value,
                f"at most {MAX_PLACES} decimal places",
                "round the figure; no sanctions figure is that fine",
            )
        return value
    if isinstance(value, str):
        to_fraction(value, field)  # validates the spelling and the size
        return to_decimal(Decimal(value.strip().replace("_", "")), field)
    if isinstance(value, float) and math.isfinite(value):
        return to_decimal(Decimal(repr(value)), field)
    exact = to_fraction(value, field)
    return fraction_to_decimal(exact, field=field)


def terminates(value: Fraction) -> bool:
    """Whether *value* has a finite decimal expansion."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1


def fraction_to_decimal(
    value: Fraction, *, places: int | None = None, field: str = "value"
) -> Decimal:
    """Turn a Fraction into a Decimal: exactly, or rounded half-up to *places* if given.

    >>> fraction_to_decimal(Fraction(1, 8))
    Decimal('0.125')
    >>> fraction_to_decimal(Fraction(2, 3), places=2)
    Decimal('0.67')
    """
    if places is not None:
        return _digits_to_decimal(round_half_up(value * 10**places), -places)
    if not terminates(value):
        raise InexactResultError(
            field=field,
            got=str(value),
            expected="a value with a finite decimal form",
            fix="pass places=N to round half-up, or choose a unit in which it is exact",
        )
    exponent = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        exponent -= 1
    result = _digits_to_decimal(int(scaled), exponent)
    if -exponent > MAX_PLACES:
        raise InexactResultError(
            field=field,
            got=str(value),
            expected=f"at most {MAX_PLACES} decimal places",
            fix="pass places=N to round half-up",
        )
    return result


def _digits_to_decimal(integer: int, exponent: int) -> Decimal:
    sign = 1 if integer < 0 else 0
    digits = tuple(int(c) for c in str(abs(integer)))
    return Decimal((sign, digits, exponent))


def round_half_up(value: Fraction) -> int:
    """Round to the nearest integer, halves away from zero (the legal-text convention)."""
    magnitude = abs(value)
    floor = magnitude.numerator // magnitude.denominator
    if (magnitude - floor) * 2 >= 1:
        floor += 1
    return floor if value >= 0 else -floor


def group(value: Decimal) -> str:
    """Format a Decimal with thousands separators, digits as stored.

    >>> group(Decimal("4000000"))
    '4,000,000'
    >>> group(Decimal("-106094.17"))
    '-106,094.17'
    """
    text = format(value, "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    parts: list[str] = []
    while len(whole) > 3:
        parts.insert(0, whole[-3:])
        whole = whole[:-3]
    parts.insert(0, whole)
    return sign + ",".join(parts) + ("." + frac if frac else "")


def display_fraction(value: Fraction, places: int = 2) -> str:
    """Show a Fraction exactly if it needs at most *places* decimals, else rounded half-up.

    >>> display_fraction(Fraction(25))
    '25'
    >>> display_fraction(Fraction(800, 9))
    '88.89'
    """
    if (value * 10**places).denominator == 1:
        return group(fraction_to_decimal(value))
    return group(fraction_to_decimal(value, places=places))


def fraction_text(value: Fraction) -> str:
    """Exact text of a Fraction: a decimal where a short one exists, else ``n/d``.

    >>> fraction_text(Fraction(25))
    '25'
    >>> fraction_text(Fraction(800, 9))
    '800/9'
    """
    if (value * 10**MAX_PLACES).denominator == 1:
        return format(fraction_to_decimal(value), "f")
    return f"{value.numerator}/{value.denominator}"


def parse_fraction_text(text: str, field: str) -> Fraction:
    """Invert :func:`fraction_text`: a plain decimal or ``n/d``."""
    num, slash, den = text.partition("/")
    if slash:
        n = to_fraction(num, field)
        d = to_fraction(den, field)
        if d == 0:
            raise _refuse(field, text, "a non-zero denominator", "fix the fraction")
        return n / d
    return to_fraction(text, field)
