"""Amounts: an exact Decimal value in a unit."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, final

import attrs

from ._errors import InvalidAmountError, ParseError, UnitMismatchError, shown
from ._fields import named
from ._hooks import HtmlDisplay, pint_boundary
from ._numbers import (
    fraction_to_decimal,
    group,
    read_spaces,
    terminates,
    to_decimal,
    to_fraction,
)
from ._provenance import CALLER, Provenance, check_provenance
from ._units import Unit, dimension_fix, to_unit

__all__ = ["Amount", "exact_in", "with_provenance"]

_MAX_TEXT: Final = 200
_SCALES: Final = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_AMOUNT_RE: Final = re.compile(
    r"""\s*
    (?P<cur>US\$|\$)?\s*
    (?P<sign>[+\-−])?\s*
    (?P<cur2>US\$|\$)?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?:\s*(?P<scale>thousand|million|billion)\b)?
    \s*(?P<unit>.*?)\s*$""",
    re.VERBOSE,
)


def _unit_converter(value: object) -> Unit:
    return to_unit(value)


def exact_in(amount: Amount, unit: Unit) -> Fraction:
    """The exact value of *amount* in *unit* (same dimension), as a Fraction."""
    if amount.unit is unit or amount.unit == unit:
        return amount.exact
    amount.require_same_dimension(unit)
    return amount.exact * amount.unit.size / unit.size


@final
@attrs.frozen(eq=False, repr=False, field_transformer=named)
class Amount(HtmlDisplay):
    """An exact amount in a unit: ``Amount("4000000", "bbl")``.

    The value is a :class:`~decimal.Decimal` kept exactly as given; a float is read by its
    shortest repr.  Equality and ordering are physical: ``1 kbbl == 1,000 bbl``; amounts of
    different dimensions are never equal, and ordering them raises
    :class:`UnitMismatchError`.

    >>> Amount(4_000_000, "bbl")
    Amount('4000000', 'bbl')
    >>> str(Amount.parse("4 million barrels"))
    '4,000,000 bbl'
    >>> Amount.parse("1 kbbl") == Amount(1000, "bbl")
    True
    """

    value: Decimal = attrs.field(converter=to_decimal)
    unit: Unit = attrs.field(converter=_unit_converter)
    #: Where the figure comes from (outside ``==`` and hash): :data:`CALLER` unless a
    #: catalog, a factor table or an operation on such figures set it.
    provenance: Provenance = attrs.field(
        default=CALLER, kw_only=True, eq=False, validator=check_provenance
    )

    # -- text -------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{group(self.value)} {self.unit.symbol}"

    def __repr__(self) -> str:
        # format 'f', not str(): str(Decimal) writes 1E-7, which Amount() refuses to read.
        return f"Amount({format(self.value, 'f')!r}, {self.unit.symbol!r})"

    @classmethod
    def parse(cls, text: str) -> Amount:
        """Read an amount: ``"4,000,000 bbl"``, ``"4 million barrels"``, ``"US$400,870,018"``.

        Numbers are read here, never by pint's expression evaluator: exponents and
        arithmetic are refused.
        """
        if not isinstance(text, str):
            raise ParseError(
                field="Amount",
                got=shown(text, 60),
                expected="a str such as '4,000,000 bbl'",
                fix="pass text, or build Amount(value, unit) directly",
            )
        text = read_spaces(text)
        if len(text) > _MAX_TEXT or not text.isprintable():
            raise ParseError(
                field="Amount",
                got=repr(text[:40]) + ("..." if len(text) > 40 else ""),
                expected=f"at most {_MAX_TEXT} printable characters",
                fix="pass one amount such as '4,000,000 bbl'",
            )
        match = _AMOUNT_RE.fullmatch(text)
        if match is None or (match["cur"] and match["cur2"]):
            raise ParseError(
                field="Amount",
                got=shown(text, 60),
                expected="a number and a unit, such as '4,000,000 bbl' or '525,000 t'",
                fix="write digits (thousands commas allowed, no exponents) then a unit",
            )
        number = Fraction(Decimal(match["num"].replace(",", "")))
        if match["scale"]:
            number *= _SCALES[match["scale"]]
        if match["sign"] in ("-", "−"):
            number = -number
        unit_text = match["unit"]
        if unit_text[:1] and not (unit_text[0].isalpha() or unit_text[0] in "/$"):
            raise ParseError(
                field="Amount",
                got=repr(text[:60]),
                expected="digits then a unit, such as '4,000,000 bbl'",
                fix="exponents and arithmetic are not read; write the number out in digits",
            )
        if re.match(r"[eE][+\-]?\d", unit_text):
            raise ParseError(
                field="Amount",
                got=repr(text[:60]),
                expected="a number without an exponent",
                fix="write the number out in digits, e.g. '10000000000 bbl'",
            )
        currency = match["cur"] or match["cur2"]
        if currency:
            if unit_text and not unit_text.startswith(("/", "per ")):
                raise ParseError(
                    field="Amount",
                    got=shown(text, 60),
                    expected="a currency amount such as 'US$400,870,018' or '$60/bbl'",
                    fix="put either a currency sign or a unit, not both",
                )
            unit_text = "USD" + (unit_text if unit_text.startswith("/") else " " + unit_text)
        if not unit_text:
            raise ParseError(
                field="Amount",
                got=shown(text, 60),
                expected="a unit after the number",
                fix="add a unit, such as 'bbl', 't' or 'USD'",
            )
        unit = to_unit(unit_text.strip())
        if match["scale"]:
            return cls(fraction_to_decimal(number, field="Amount.value"), unit)
        digits = match["num"].replace(",", "")
        # The sign as written, not `number < 0`: "-0.0 bbl" is str(Amount("-0.0", "bbl")).
        return cls(("-" if match["sign"] in ("-", "−") else "") + digits, unit)

    # -- exact views ------------------------------------------------------------------------

    @property
    def exact(self) -> Fraction:
        """The value as an exact Fraction."""
        # Decimal.as_integer_ratio is exact; passing two ints skips Fraction's type dispatch.
        return Fraction(*self.value.as_integer_ratio())

    @property
    def dimension(self) -> str:
        """The unit's dimension (``"volume"``, ``"mass"``, ``"currency:USD"``...)."""
        return self.unit.dimension

    def _base(self) -> Fraction:
        return self.exact * self.unit.size

    def require_same_dimension(self, other: Unit, field: str = "unit") -> None:
        """Raise :class:`UnitMismatchError` unless *other* has this amount's dimension."""
        other = to_unit(other)
        if other.dimension != self.unit.dimension:
            raise UnitMismatchError(
                field=field,
                got=f"{self.unit.symbol} ({self.unit.dimension}) with "
                f"{other.symbol} ({other.dimension})",
                expected="amounts of one dimension",
                fix=dimension_fix(self.unit.dimension, other.dimension),
            )

    def to(self, unit: Unit | str, *, places: int | None = None) -> Amount:
        """Express this amount in another unit of the same dimension, exactly.

        Raises :class:`InexactResultError` if the result has no finite decimal form,
        unless *places* is given (then rounded half-up).

        >>> Amount(3, "kbbl").to("bbl")
        Amount('3000', 'bbl')
        >>> Amount(1, "bbl").to("gal")
        Amount('42', 'gal')
        """
        target = to_unit(unit)
        value = exact_in(self, target)
        return Amount(
            fraction_to_decimal(value, places=places, field=f"Amount in {target.symbol}"),
            target,
            provenance=self.provenance,
        )

    def is_exact_in(self, unit: Unit | str) -> bool:
        """Whether this amount has a finite decimal form in *unit*."""
        return terminates(exact_in(self, to_unit(unit)))

    @classmethod
    def from_fraction(
        cls, value: Fraction, unit: Unit | str, *, places: int | None = None
    ) -> Amount:
        """Build an amount from an exact Fraction (rounded half-up only if *places* is given)."""
        return cls(fraction_to_decimal(value, places=places, field="Amount.value"), to_unit(unit))

    # -- pint boundary ----------------------------------------------------------------------

    @classmethod
    def from_pint(cls, quantity: Any) -> Amount:
        """Take a quantity from any pint registry, keeping its physical amount exactly.

        A foreign ``barrel`` is pint's 31.5-gallon barrel (3/4 of an oil barrel) and a
        foreign ``ton`` the short ton; both are converted, never re-read as ours.
        """
        return pint_boundary().from_pint(quantity)  # type: ignore[no-any-return]

    def to_pint(self, registry: Any = None) -> Any:
        """This amount as a pint quantity (in sanctioncalc's own registry by default)."""
        return pint_boundary().to_pint(self, registry)

    # -- arithmetic and comparison -----------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Amount):
            return NotImplemented
        return self.unit.dimension == other.unit.dimension and self._base() == other._base()

    def __hash__(self) -> int:
        return hash((self.unit.dimension, self._base()))

    def _cmp_base(self, other: object) -> tuple[Fraction, Fraction] | None:
        if not isinstance(other, Amount):
            return None
        self.require_same_dimension(other.unit, field="comparison")
        return self._base(), other._base()

    def __lt__(self, other: object) -> bool:
        pair = self._cmp_base(other)
        return NotImplemented if pair is None else pair[0] < pair[1]

    def __le__(self, other: object) -> bool:
        pair = self._cmp_base(other)
        return NotImplemented if pair is None else pair[0] <= pair[1]

    def __gt__(self, other: object) -> bool:
        pair = self._cmp_base(other)
        return NotImplemented if pair is None else pair[0] > pair[1]

    def __ge__(self, other: object) -> bool:
        pair = self._cmp_base(other)
        return NotImplemented if pair is None else pair[0] >= pair[1]

    # copy_negate and copy_abs are exact: unary minus and abs() round to the caller's
    # decimal context (prec=3 would turn 4,000,001 into 4.00E+6).
    def __neg__(self) -> Amount:
        return Amount(self.value.copy_negate(), self.unit, provenance=self.provenance)

    def __abs__(self) -> Amount:
        return Amount(self.value.copy_abs(), self.unit, provenance=self.provenance)

    def _combine(self, other: Amount, sign: int) -> Amount:
        total = self._base() + sign * other._base()
        return with_provenance(
            express(total, self.unit, other.unit),
            Provenance.combine(self.provenance, other.provenance),
        )

    def __add__(self, other: object) -> Amount:
        if not isinstance(other, Amount):
            return NotImplemented
        self.require_same_dimension(other.unit, field="addition")
        return self._combine(other, 1)

    def __sub__(self, other: object) -> Amount:
        if not isinstance(other, Amount):
            return NotImplemented
        self.require_same_dimension(other.unit, field="subtraction")
        return self._combine(other, -1)

    def __mul__(self, other: object) -> Amount:
        if isinstance(other, Amount | Unit) or not isinstance(other, int | Fraction | Decimal):
            return NotImplemented
        if isinstance(other, bool):
            return NotImplemented
        return with_provenance(
            Amount.from_fraction(self.exact * to_fraction(other, "factor"), self.unit),
            self.provenance,
        )

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return bool(self.value)

    def is_negative(self) -> bool:
        """Whether the value is below zero."""
        return self.value < 0

    def ensure_non_negative(self, field: str) -> Amount:
        """Return self, or raise :class:`InvalidAmountError` naming *field* if negative."""
        if self.value < 0:
            raise InvalidAmountError.negative_limit(field, str(self))
        return self


def express(base_value: Fraction, *units: Unit) -> Amount:
    """Express a base-unit value in the first of *units* that holds it exactly.

    Falls back to the dimension's base unit, which always holds a sum of table units exactly.
    """
    for unit in units:
        value = base_value / unit.size
        if terminates(value):
            return Amount.from_fraction(value, unit)
    base = units[0].base
    return Amount.from_fraction(base_value / base.size, base)


# The slots' own setters: they skip the frozen class's __setattr__ and the attribute lookup.
_SET_VALUE: Final = Amount.__dict__["value"].__set__
_SET_UNIT: Final = Amount.__dict__["unit"].__set__
_SET_PROVENANCE: Final = Amount.__dict__["provenance"].__set__


def trusted_amount(value: Decimal, unit: Unit, provenance: Provenance = CALLER) -> Amount:
    """An Amount from parts already known valid, skipping the converters (hot paths only).

    *value* must be a finite Decimal within the size limits and *unit* a table Unit.
    """
    amount = object.__new__(Amount)
    _SET_VALUE(amount, value)
    _SET_UNIT(amount, unit)
    _SET_PROVENANCE(amount, provenance)
    return amount


def with_provenance(amount: Amount, provenance: Provenance) -> Amount:
    """*amount* carrying *provenance* (itself when it already does)."""
    if amount.provenance is provenance:
        return amount
    return trusted_amount(amount.value, amount.unit, provenance)
