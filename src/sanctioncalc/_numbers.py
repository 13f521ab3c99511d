"""Exact number handling: coercion to Decimal and Fraction, and context-free formatting.

No function here does Decimal arithmetic, so a caller's global :mod:`decimal` context
(precision, traps, rounding) cannot change a result.  Arithmetic happens on
:class:`~fractions.Fraction`; Decimals are built from integer digits by the exact
:class:`~decimal.Decimal` constructor, which needs no context.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ._errors import InexactResultError, InvalidAmountError, shown

Number = int | str | Decimal | Fraction | float

#: Largest magnitude (in decimal digits before the point) accepted for an amount.
MAX_DIGITS: Final = 30
#: Most decimal places accepted for an amount (a barrel in m³ needs 12; products of a few such).
MAX_PLACES: Final = 40
#: Largest magnitude (in digits) of a ratio: amounts up to 10**30 over amounts down to
#: 10**-40, in percent, fit with room to spare.
RATIO_DIGITS: Final = 100
_SIZE_LIMIT: Final = 10**MAX_DIGITS
_PLACES_LIMIT: Final = 10**MAX_PLACES
#: Far beyond any amount or ratio: a Fraction this large is refused before it is written out.
_WRITE_LIMIT: Final = _SIZE_LIMIT**100
#: A numerator this many bits longer than its denominator may reach _WRITE_LIMIT; a shorter
#: one cannot, and skips the multiplication (the common case, on every conversion).
_WRITE_BITS: Final = _WRITE_LIMIT.bit_length() - 2
_RATIO_LIMIT: Final = 10**RATIO_DIGITS
#: Longest plain decimal read as a number: 30 digits, a point, 40 places, a sign, and slack.
_MAX_NUMBER_TEXT: Final = 80
#: Longest part of an ``n/d`` ratio text (see parse_fraction_text).
_MAX_RATIO_PART: Final = 1100
#: Largest denominator accepted for an exact ratio given as a Fraction (1,000 digits): far
#: beyond any legal figure, and small enough that its text form stays cheap to write.
_MAX_DENOMINATOR: Final = 10**1000

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _refuse(field: str, got: object, expected: str, fix: str) -> InvalidAmountError:
    return InvalidAmountError(field=field, got=_show(got), expected=expected, fix=fix)


_show = shown  # the older name, used in this module


def _too_large(field: str, got: object, digits: int = MAX_DIGITS) -> InvalidAmountError:
    return _refuse(
        field,
        got,
        f"an amount below 10**{digits}" if digits == MAX_DIGITS else f"a ratio below 10**{digits}",
        "check the magnitude; no sanctions figure is this large",
    )


def _check_size(value: Fraction, field: str, got: object, digits: int = MAX_DIGITS) -> None:
    # abs(value) >= 10**digits, in integers (Fraction arithmetic is slow).
    limit = (
        _SIZE_LIMIT
        if digits == MAX_DIGITS
        else (_RATIO_LIMIT if digits == RATIO_DIGITS else 10**digits)
    )
    if abs(value.numerator) >= limit * value.denominator:
        raise _too_large(field, got, digits)


def _too_fine(field: str, got: object) -> InvalidAmountError:
    return _refuse(
        field,
        got,
        f"at most {MAX_PLACES} decimal places",
        "round the figure; no sanctions figure is that fine",
    )


def _check_decimal(value: Decimal, field: str, got: object, digits: int = MAX_DIGITS) -> None:
    """Refuse a finite Decimal too large or too fine *before* it becomes a Fraction.

    ``Fraction(Decimal("1E-99999999"))`` builds a 10**99999999 denominator: minutes of CPU.
    The exponent tells the size without building it (and without a decimal context).
    """
    if not value:
        return
    if value.adjusted() >= digits:
        raise _too_large(field, got, digits)
    _, coefficient, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if -exponent > MAX_PLACES:
        trailing = 0
        for digit in reversed(coefficient):  # 1.000...0 with 50 zeros is just 1
            if digit:
                break
            trailing += 1
        if -exponent - trailing > MAX_PLACES:
            raise _too_fine(field, got)


def to_fraction(value: object, field: str = "value", *, digits: int = MAX_DIGITS) -> Fraction:
    """Read *value* as an exact Fraction, below ``10**digits`` in magnitude.

    int, str, Decimal and Fraction are exact; a float is taken by its shortest repr, so
    ``0.1`` means one tenth.  NaN, infinities and bools are refused.  Amounts keep the
    default bound; ratios (percentages, rates, factors) pass ``digits=RATIO_DIGITS``, since
    a ratio of two amounts can be far larger than either.

    >>> to_fraction(0.1)
    Fraction(1, 10)
    """
    if isinstance(value, bool):
        raise _refuse(field, value, "a number", "pass an int, str, Decimal or Fraction")
    if isinstance(value, Fraction):
        if value.denominator >= _MAX_DENOMINATOR:
            raise _refuse(
                field,
                "a fraction whose denominator has more than 1,000 digits",
                "a denominator of at most 1,000 digits",
                "no sanctions ratio is that fine; simplify or round it",
            )
        result = value
    elif isinstance(value, int):
        result = Fraction(value)
    elif isinstance(value, numbers.Integral):  # numpy and other integer scalars
        result = Fraction(int(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _refuse(field, value, "a finite number", "NaN and infinities have no amount")
        _check_decimal(value, field, value, digits)
        result = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _refuse(field, value, "a finite number", "NaN and infinities have no amount")
        # float.__repr__, not repr(): numpy 2 spells np.float64 as 'np.float64(0.1)'.
        shortest = Decimal(float.__repr__(value))
        _check_decimal(shortest, field, value, digits)
        result = Fraction(shortest)
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        if len(text) > _MAX_NUMBER_TEXT or not _PLAIN.fullmatch(text):
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
    _check_size(result, field, value, digits)
    return result


def to_decimal(value: object, field: str = "value") -> Decimal:
    """Read *value* as an exact Decimal (refusing fractions with no finite decimal form).

    >>> to_decimal("4000000")
    Decimal('4000000')
    >>> to_decimal(0.1)
    Decimal('0.1')
    """
    if isinstance(value, Decimal) and value.is_finite():
        # abs(value) >= 10**MAX_DIGITS, read off the exponent of the leading digit (exact and
        # context-free, unlike Decimal arithmetic).
        if value and value.adjusted() >= MAX_DIGITS:
            raise _too_large(field, value)
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
        return to_decimal(Decimal(float.__repr__(value)), field)
    exact = to_fraction(value, field)
    return fraction_to_decimal(exact, field=field)


def _decimal_places(denominator: int) -> int | None:
    """Places a fraction with this (lowest-terms) denominator needs; None if it never ends.

    ``2**a * 5**b`` needs ``max(a, b)`` places.
    """
    twos = (denominator & -denominator).bit_length() - 1
    rest = denominator >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    return max(twos, fives) if rest == 1 else None


def terminates(value: Fraction) -> bool:
    """Whether *value* has a finite decimal expansion."""
    return _decimal_places(value.denominator) is not None


def fraction_to_decimal(
    value: Fraction, *, places: int | None = None, field: str = "value"
) -> Decimal:
    """Turn a Fraction into a Decimal: exactly, or rounded half-up to *places* if given.

    >>> fraction_to_decimal(Fraction(1, 8))
    Decimal('0.125')
    >>> fraction_to_decimal(Fraction(2, 3), places=2)
    Decimal('0.67')
    """
    if not isinstance(value, Fraction):
        value = to_fraction(value, field, digits=RATIO_DIGITS)
    numerator, denominator = value.numerator, value.denominator
    if (
        abs(numerator).bit_length() - denominator.bit_length() >= _WRITE_BITS
        and abs(numerator) >= _WRITE_LIMIT * denominator
    ):
        # Far beyond any amount (whose limit callers check); too long even to write out.
        raise _too_large(field, _fraction_show(value))
    if places is not None:
        check_places(places)
        return _digits_to_decimal(round_half_up(value * 10**places), -places)
    if value.denominator > _PLACES_LIMIT:
        # Needs more than MAX_PLACES places or never ends; either way there is no exact
        # Decimal, and counting the factors of a huge denominator would take long.
        raise InexactResultError(
            field=field,
            got=_fraction_show(value),
            expected=f"a value with a finite decimal form of at most {MAX_PLACES} places",
            fix="pass places=N to round half-up, or choose a unit in which it is exact",
        )
    places_needed = _decimal_places(value.denominator)
    if places_needed is None:
        raise InexactResultError(
            field=field,
            got=_fraction_show(value),
            expected="a value with a finite decimal form",
            fix="pass places=N to round half-up, or choose a unit in which it is exact",
        )
    # The fewest places that make the value whole, in integers (not a loop of Fraction * 10).
    scaled = value.numerator * 10**places_needed // value.denominator
    result = _digits_to_decimal(scaled, -places_needed)
    if places_needed > MAX_PLACES:
        raise InexactResultError(
            field=field,
            got=_fraction_show(value),
            expected=f"at most {MAX_PLACES} decimal places",
            fix="pass places=N to round half-up",
        )
    return result


def check_places(places: object, field: str = "places") -> int:
    """Return *places* if it is a whole number of decimal places we round to, else raise."""
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PLACES:
        raise _refuse(
            field,
            places,
            f"a whole number of decimal places from 0 to {MAX_PLACES}",
            "pass places=2 to round half-up to two decimals, or None for the exact value",
        )
    return places


def _fraction_show(value: Fraction) -> str:
    """A Fraction's text, shortened when its parts are long (for error messages)."""
    if value.denominator.bit_length() + value.numerator.bit_length() <= 800:
        return str(value)
    top, bottom = (
        abs(part).bit_length() * 30103 // 100000 + 1 for part in value.as_integer_ratio()
    )
    return f"a fraction of about {top} digits over {bottom} digits"


def _digits_to_decimal(integer: int, exponent: int) -> Decimal:
    # The same sign, coefficient digits and exponent as Decimal((sign, digits, exponent)):
    # the string constructor is exact and takes no context, and is faster than a digit tuple.
    return Decimal(f"{integer}E{exponent}")


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
    check_places(places)
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


#: A number grouped in thousands the way str() writes it: '1,500', '-12,345.6'.
_GROUPED: Final = re.compile(r"[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: No-break, narrow no-break and thin spaces, as UN documents print "500 000 barrels".
_GROUP_SPACE: Final = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))")
_ODD_SPACE: Final = re.compile(r"[\u00a0\u202f\u2009]")


def read_spaces(text: str) -> str:
    """*text* with the spaces typeset documents use read as a reader would.

    A no-break (U+00A0), narrow no-break (U+202F) or thin space (U+2009) between a digit and
    exactly three more digits groups thousands, like a comma; anywhere else it is a space.

    >>> read_spaces("500\u00a0000\u00a0barrels")
    '500,000 barrels'
    >>> read_spaces("5\u202f0000 bbl")
    '5 0000 bbl'
    """
    if text.isascii():
        return text
    return _ODD_SPACE.sub(" ", _GROUP_SPACE.sub(",", text))


def ungroup(text: str) -> str:
    """*text* without its thousands commas if it is grouped as ``str()`` groups, else as is.

    >>> ungroup("1,500.25")
    '1500.25'
    >>> ungroup("1,50")
    '1,50'
    """
    return text.replace(",", "") if _GROUPED.fullmatch(text) else text


def parse_fraction_text(text: str, field: str) -> Fraction:
    """Invert :func:`fraction_text`: a plain decimal or ``n/d``, read as a ratio.

    The parts may be as long as those of any ratio a value type holds (a 100-digit
    percentage, a 1,000-digit denominator), so that every exact text the library writes
    reads back; exponents and separators are refused as everywhere else.
    """
    num, slash, den = text.partition("/")
    parts: list[Fraction] = []
    for part in (num, den if slash else "1"):
        digits = part.strip().replace("_", "")
        if len(digits) > _MAX_RATIO_PART or not _PLAIN.fullmatch(digits):
            raise _refuse(
                field,
                text,
                "a plain decimal number such as '4000000' or '7.33', or n/d",
                "write the number without units, exponents or thousands separators",
            )
        parts.append(Fraction(Decimal(digits)))
    if parts[1] == 0:
        raise _refuse(field, text, "a non-zero denominator", "fix the fraction")
    return to_fraction(parts[0] / parts[1], field, digits=RATIO_DIGITS)
