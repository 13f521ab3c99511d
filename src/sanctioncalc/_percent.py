"""Exact percentages and multiples."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Final, final

import attrs

from ._errors import InvalidAmountError, ParseError, shown
from ._hooks import HtmlDisplay
from ._numbers import (
    RATIO_DIGITS,
    display_fraction,
    fraction_text,
    fraction_to_decimal,
    parse_fraction_text,
    read_spaces,
    to_fraction,
)
from ._provenance import CALLER, Provenance, check_provenance

__all__ = ["Multiple", "Percentage"]

# str() groups thousands ('-1,400 %' for a fifteenfold increase), so parse reads them back.
_PERCENT_RE: Final = re.compile(
    r"\s*(?P<num>[+\-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)(?:/\d+)?)"
    r"\s*(?:%|percent|per cent)\s*"
)


def _percent_converter(value: object) -> Fraction:
    return to_fraction(value, "Percentage.percent", digits=RATIO_DIGITS)


@final
@attrs.frozen(repr=False, order=True)
class Percentage(HtmlDisplay):
    """An exact percentage: ``Percentage(25)`` is 25 %, ``Percentage(Fraction(800, 9))`` 88.89 %.

    The value is a Fraction of percent points, so 8/9 stays 8/9.  ``str`` shows it exactly
    when two decimals suffice and rounded half-up otherwise; :attr:`exact` is the exact text.

    >>> p = Percentage.from_ratio(Fraction(8, 9))
    >>> str(p), p.exact
    ('88.89 %', '800/9 %')
    >>> Percentage(25).to_decimal()
    Decimal('25')
    """

    percent: Fraction = attrs.field(converter=_percent_converter)
    #: Where the figures behind it come from (outside ``==``, ordering and hash).
    provenance: Provenance = attrs.field(
        default=CALLER, kw_only=True, eq=False, order=False, validator=check_provenance
    )

    @classmethod
    def from_ratio(cls, ratio: object) -> Percentage:
        """Build from a ratio: ``from_ratio(Fraction(1, 4))`` is 25 %."""
        return cls(to_fraction(ratio, "ratio", digits=RATIO_DIGITS - 2) * 100)

    @property
    def ratio(self) -> Fraction:
        """The exact ratio (25 % is ``Fraction(1, 4)``)."""
        return self.percent / 100

    def to_decimal(self, places: int | None = None) -> Decimal:
        """The percent value as a Decimal: exact, or rounded half-up to *places*."""
        return fraction_to_decimal(self.percent, places=places, field="Percentage")

    def rounded(self, places: int = 2) -> Decimal:
        """The percent value rounded half-up (``88.89`` for 8/9)."""
        return self.to_decimal(places)

    @property
    def exact(self) -> str:
        """Exact text, which :meth:`parse` inverts: ``'25 %'``, ``'800/9 %'``."""
        return f"{fraction_text(self.percent)} %"

    def __str__(self) -> str:
        return f"{display_fraction(self.percent)} %"

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        if spec.startswith(".") and spec.endswith("%") and spec[1:-1].isdigit():
            return f"{fraction_to_decimal(self.percent, places=int(spec[1:-1]))} %"
        raise ParseError(
            field="format spec",
            got=shown(spec, 40),
            expected="'' or '.N%' with N decimal places",
            fix="unknown format spec for Percentage; use '.2%'",
        )

    def __repr__(self) -> str:
        return f"Percentage.parse({self.exact!r})"

    @classmethod
    def parse(cls, text: str) -> Percentage:
        """Read ``"25 %"``, ``"88.89%"``, ``"800/9 %"`` or ``"40 percent"``."""
        if isinstance(text, str):
            text = read_spaces(text)
        match = _PERCENT_RE.fullmatch(text) if isinstance(text, str) and len(text) < 2300 else None
        if match is None:
            raise ParseError(
                field="Percentage",
                got=shown(text, 60),
                expected="a percentage such as '25 %' or '800/9 %'",
                fix="write a number followed by '%'",
            )
        number = match["num"].replace("−", "-").replace(",", "")
        return cls(parse_fraction_text(number, "Percentage"))

    def complement(self) -> Percentage:
        """100 % minus this percentage (what remains after a cut)."""
        return Percentage(100 - self.percent, provenance=self.provenance)

    def __neg__(self) -> Percentage:
        """The opposite change: a cut of 25 % is a change of −25 %.

        >>> str(-Percentage(25))
        '-25 %'
        """
        return trusted_percentage(-self.percent, self.provenance)


# The slots' own setters: they skip the frozen class's __setattr__ and the attribute lookup.
_SET_PERCENT: Final = Percentage.__dict__["percent"].__set__
_SET_PROVENANCE: Final = Percentage.__dict__["provenance"].__set__


def trusted_percentage(percent: Fraction, provenance: Provenance = CALLER) -> Percentage:
    """A Percentage from an exact Fraction of percent points, skipping the converter."""
    result = object.__new__(Percentage)
    _SET_PERCENT(result, percent)
    _SET_PROVENANCE(result, provenance)
    return result


_MULTIPLE_RE: Final = re.compile(
    r"\s*(?P<num>(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)(?:/\d+)?)\s*[×x]\s*"
)


def _multiple_converter(value: object) -> Fraction:
    result = to_fraction(value, "Multiple.value", digits=RATIO_DIGITS)
    if result < 0:
        raise InvalidAmountError(
            field="Multiple.value",
            got=str(value),
            expected="a multiple of zero or more",
            fix="a multiple compares two amounts of zero or more",
        )
    return result


@final
@attrs.frozen(repr=False, order=True)
class Multiple:
    """An exact multiple of one amount by another: ``Multiple(Fraction(47445, 2028))`` is 23.39×.

    ``str`` shows it rounded half-up to two decimals; :attr:`exact` is the exact text, which
    :meth:`parse` inverts.

    >>> m = Multiple(Fraction(47445, 2028))
    >>> str(m), m.exact
    ('23.39×', '15815/676×')
    >>> Multiple.parse(m.exact) == m
    True
    """

    value: Fraction = attrs.field(converter=_multiple_converter)
    #: Where the figures behind it come from (outside ``==``, ordering and hash).
    provenance: Provenance = attrs.field(
        default=CALLER, kw_only=True, eq=False, order=False, validator=check_provenance
    )

    @property
    def exact(self) -> str:
        """Exact text, which :meth:`parse` inverts: ``'15815/676×'``."""
        return f"{fraction_text(self.value)}×"

    def to_decimal(self, places: int | None = None) -> Decimal:
        """The multiple as a Decimal: exact, or rounded half-up to *places*."""
        return fraction_to_decimal(self.value, places=places, field="Multiple")

    def as_percentage(self) -> Percentage:
        """The multiple as a percentage: 2.5× is 250 %."""
        return Percentage.from_ratio(self.value)

    def __str__(self) -> str:
        return f"{display_fraction(self.value)}×"

    def __repr__(self) -> str:
        return f"Multiple.parse({self.exact!r})"

    @classmethod
    def parse(cls, text: str) -> Multiple:
        """Read ``"23.39×"``, ``"2.5x"`` or ``"15815/676×"``."""
        if isinstance(text, str):
            text = read_spaces(text)
        match = _MULTIPLE_RE.fullmatch(text) if isinstance(text, str) and len(text) < 2300 else None
        if match is None:
            raise ParseError(
                field="Multiple",
                got=shown(text, 60),
                expected="a multiple such as '2.74×' or '137/50×'",
                fix="write a number followed by '×' (or 'x')",
            )
        return cls(parse_fraction_text(match["num"].replace(",", ""), "Multiple"))
