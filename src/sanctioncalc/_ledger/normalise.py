"""Normalisation: which factor turns a record into a limb's unit, and the exact conversion."""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Final, final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._errors import FactorNotFoundError, StrictEnumType, shown
from sanctioncalc._factors import ConversionFactor, factor, factor_names, factor_tables
from sanctioncalc._numbers import display_fraction, fraction_text, round_half_up
from sanctioncalc._period import Span
from sanctioncalc._units import Unit, to_unit

from .fields import PRODUCT_ALIASES, _product
from .records import Delivery

__all__ = [
    "Conversion",
    "ConversionMethod",
    "ConversionRoute",
    "Normalisation",
    "NormalisedDelivery",
]


# -- normalisation ------------------------------------------------------------------------


class ConversionMethod(enum.Enum, metaclass=StrictEnumType):
    """How a record reached the limb's unit, in order of precedence."""

    AS_REPORTED = "as reported"
    TABLE = "table"
    FALLBACK = "fallback"

    def __str__(self) -> str:
        return self.value


_METHOD_ORDER: Final = {m: i for i, m in enumerate(ConversionMethod)}


def _table(value: object) -> str | tuple[ConversionFactor, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        key = value.strip().lower()
        if key not in factor_tables():
            raise FactorNotFoundError(
                field="Normalisation.table",
                got=shown(value, 60),
                expected="one of " + ", ".join(factor_tables()),
                fix="name a bundled table, or pass your own factors as a tuple",
            )
        return key
    if isinstance(value, Iterable):
        items = tuple(value)
        if items and all(isinstance(f, ConversionFactor) and f.product for f in items):
            return items
    raise FactorNotFoundError(
        field="Normalisation.table",
        got=shown(value, 60),
        expected="a bundled table key, or a tuple of ConversionFactors that name a product",
        fix="e.g. Normalisation(table='unsd')",
    )


def _fallback(value: object) -> tuple[ConversionFactor, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, ConversionFactor | str) else value
    if not isinstance(items, Iterable):
        raise FactorNotFoundError(
            field="Normalisation.fallback",
            got=shown(value, 60),
            expected="a ConversionFactor, a bundled factor name, or a tuple of them",
            fix="e.g. fallback=sc.factor('ei-2021/product-basket')",
        )
    result: list[ConversionFactor] = []
    for item in items:
        if isinstance(item, str):
            result.append(factor(item))
        elif isinstance(item, ConversionFactor):
            result.append(item)
        else:
            raise FactorNotFoundError(
                field="Normalisation.fallback",
                got=shown(item, 60),
                expected="a ConversionFactor or a bundled factor name",
                fix="e.g. fallback=sc.factor('ei-2021/product-basket')",
            )
    return tuple(result)


@functools.cache
def _bundled(key: str) -> tuple[ConversionFactor, ...]:
    return tuple(factor(name) for name in factor_names() if name.split("/")[0] == key)


@final
@attrs.frozen(repr=False)
class Normalisation:
    """How records in another dimension reach a limb's unit: a named table, then fallbacks.

    Records already in the limb's dimension are always counted as reported.  *table* is a
    bundled table key (``"unsd"``, ``"ei-2021"``, ``"bp-older"``...) or a tuple of your own
    factors, looked up by the record's product (see :data:`PRODUCT_ALIASES`); *fallback* is a
    factor, a bundled factor name, or several, tried in order when the table has no factor for
    the product.  There is no default table: the 1718 Committee never agreed an official
    rate, so the choice is yours and is shown with every result.

    >>> n = Normalisation(table="unsd", fallback="ei-2021/product-basket")
    >>> str(n)
    'table unsd, fallback ei-2021/product-basket'
    >>> n.route("t", "gas-oil-diesel", "bbl").factor.name
    'unsd/gas-oil-diesel'
    """

    table: str | tuple[ConversionFactor, ...] | None = attrs.field(default=None, converter=_table)
    fallback: tuple[ConversionFactor, ...] = attrs.field(default=(), converter=_fallback)

    @property
    def table_name(self) -> str:
        """The table's key, ``custom (n factors)`` for your own, or ``none``."""
        if self.table is None:
            return "none"
        if isinstance(self.table, str):
            return self.table
        return f"custom ({len(self.table)} factors)"

    def __str__(self) -> str:
        parts = [] if self.table is None else [f"table {self.table_name}"]
        if self.fallback:
            parts.append("fallback " + ", ".join(f.name for f in self.fallback))
        return ", ".join(parts) or "as reported only"

    def __repr__(self) -> str:
        table = self.table if isinstance(self.table, str | None) else f"<{self.table_name}>"
        return f"Normalisation(table={table!r}, fallback={tuple(f.name for f in self.fallback)!r})"

    def _candidates(self, product: str) -> Iterator[ConversionFactor]:
        if self.table is None:
            return
        factors = _bundled(self.table) if isinstance(self.table, str) else self.table
        for name in (product, *PRODUCT_ALIASES.get(product, ())):
            yield from (f for f in factors if f.product == name)

    def route(self, unit: Unit | str, product: str, limb: Unit | str) -> ConversionRoute:
        """How a record of *product* in *unit* reaches *limb*'s unit, by the precedence above.

        Raises :class:`FactorNotFoundError` when nothing connects the two dimensions.
        """
        found = _route(self, to_unit(unit), _product(product), to_unit(limb))
        if found is None:
            source = to_unit(unit)
            target = to_unit(limb)
            raise FactorNotFoundError(
                field="product",
                got=f"{product} in {source} ({source.dimension}) for a limb in {target} "
                f"({target.dimension})",
                expected=f"a factor for {product!r} in table {self.table_name}, or a fallback "
                f"between {source.dimension} and {target.dimension}",
                fix="choose a table that lists the product, or name a fallback factor: "
                "Normalisation(table='unsd', fallback='ei-2021/product-basket')",
            )
        return found


@final
@attrs.frozen
class ConversionRoute:
    """The exact ratio that takes one reported unit to the limb's unit, and why."""

    method: ConversionMethod
    factor: ConversionFactor | None
    ratio: Fraction


def _ratio_via(f: ConversionFactor, unit: Unit, limb: Unit) -> Fraction | None:
    if unit.dimension == f.from_unit.dimension and limb.dimension == f.to_unit.dimension:
        return unit.size / f.from_unit.size * f.value * f.to_unit.size / limb.size
    if unit.dimension == f.to_unit.dimension and limb.dimension == f.from_unit.dimension:
        return unit.size / f.to_unit.size / f.value * f.from_unit.size / limb.size
    return None


@functools.lru_cache(maxsize=4096)
def _route(
    normalisation: Normalisation, unit: Unit, product: str, limb: Unit
) -> ConversionRoute | None:
    if unit.dimension == limb.dimension:
        return ConversionRoute(ConversionMethod.AS_REPORTED, None, unit.size / limb.size)
    candidates = list(normalisation._candidates(product))
    # A factor stated in the record's direction is preferred to one inverted.
    direct = [f for f in candidates if f.from_unit.dimension == unit.dimension]
    for f in [*direct, *(f for f in candidates if f not in direct)]:
        ratio = _ratio_via(f, unit, limb)
        if ratio is not None:
            return ConversionRoute(ConversionMethod.TABLE, f, ratio)
    for f in normalisation.fallback:
        ratio = _ratio_via(f, unit, limb)
        if ratio is not None:
            return ConversionRoute(ConversionMethod.FALLBACK, f, ratio)
    return None


def counted_micro(micro: int, ratio: Fraction) -> int:
    """Convert *micro* reported micro-units by *ratio*, rounded half-up to a micro-unit.

    The one rounding the ledger does; :mod:`sanctioncalc._ledger.bulk` does the same in int64.

    >>> from sanctioncalc._ledger.fields import MICRO
    >>> counted_micro(60_000 * MICRO, Fraction("7.23")) // MICRO
    433800
    """
    if ratio == 1:
        return micro
    return round_half_up(micro * ratio)


@final
@attrs.frozen
class Conversion:
    """How one record was counted against one limb: method, factor, exact and counted value."""

    reported: Amount
    limit: Amount
    method: ConversionMethod
    factor: ConversionFactor | None
    exact: Fraction
    counted: Amount

    @property
    def rounding(self) -> Fraction:
        """What rounding to the micro-unit added (counted − exact), in the limb's unit."""
        return self.counted.exact - self.exact

    @property
    def rounded(self) -> bool:
        """Whether the counted amount was rounded to the micro-unit (its text then says so)."""
        return self.counted.exact != self.exact

    def __str__(self) -> str:
        if self.factor is None:
            how = "as reported"
        else:
            f = self.factor
            how = (
                f"× {display_fraction(f.value, 4)} {f.to_unit}/{f.from_unit} "
                f"[{f.name}, {f.short_source}, {f.mark}]"
            )
            if f.to_unit.dimension == self.reported.dimension:
                how = "÷" + how[1:]
        counted = str(self.counted)
        if self.rounded:
            counted += f" (rounded from {fraction_text(self.exact)})"
        return f"{self.reported} {how} = {counted} (against {self.limit})"


@final
@attrs.frozen
class NormalisedDelivery:
    """A delivery with how it was counted against each limb of a cap."""

    delivery: Delivery
    period: Span
    conversions: tuple[Conversion, ...]

    def __str__(self) -> str:
        lines = [str(self.delivery)]
        lines += [f"  {c}" for c in self.conversions]
        return "\n".join(lines)
