"""The boundary with pint: sanctioncalc's own registry, and quantities from any registry.

pint is imported only here and only on first use, so ``import sanctioncalc`` stays cheap.
The registry is built once, under a lock: pint's own lazily built registry fails when
several threads use it first at the same time.  The host's application registry is never
touched or reconfigured.
"""

from __future__ import annotations

import decimal
import math
import threading
import warnings
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ._amount import Amount, express
from ._errors import InvalidAmountError, PrecisionLossWarning, UnknownUnitError
from ._numbers import to_fraction
from ._units import Unit, parse_unit

__all__ = ["from_pint", "to_pint", "unit_registry"]

_LOCK: Final = threading.Lock()
_REGISTRY: list[Any] = []

# Our symbols as pint unit names in our registry.
_OUR_NAMES: Final = {
    "bbl": "oil_barrel",
    "kbbl": "kbbl",
    "MMbbl": "MMbbl",
    "gal": "gallon",
    "L": "liter",
    "kL": "kiloliter",
    "m3": "meter ** 3",
    "kg": "kilogram",
    "g": "gram",
    "t": "metric_ton",
    "kt": "kilotonne",
    "Mt": "megatonne",
    "short_ton": "short_ton",
    "long_ton": "long_ton",
    "lb": "pound",
    "d": "day",
    "J": "joule",
    "GJ": "gigajoule",
    "toe": "tonne_of_oil_equivalent",
    "items": "items",
}

# A foreign registry's unit names, read as exact multiples of our units.  pint's "barrel"
# is 31.5 US gallons: 3/4 of an oil barrel.  Its "ton" is the short ton.
_FOREIGN: Final[dict[str, tuple[str, Fraction]]] = {
    "oil_barrel": ("bbl", Fraction(1)),
    "barrel": ("bbl", Fraction(3, 4)),
    "kbbl": ("kbbl", Fraction(1)),
    "MMbbl": ("MMbbl", Fraction(1)),
    "gallon": ("gal", Fraction(1)),
    "liter": ("L", Fraction(1)),
    "litre": ("L", Fraction(1)),
    "kiloliter": ("kL", Fraction(1)),
    "meter ** 3": ("m3", Fraction(1)),
    "cubic_meter": ("m3", Fraction(1)),
    "kilogram": ("kg", Fraction(1)),
    "gram": ("g", Fraction(1)),
    "metric_ton": ("t", Fraction(1)),
    "tonne": ("t", Fraction(1)),
    "kilotonne": ("kt", Fraction(1)),
    "megatonne": ("Mt", Fraction(1)),
    "ton": ("short_ton", Fraction(1)),
    "short_ton": ("short_ton", Fraction(1)),
    "long_ton": ("long_ton", Fraction(1)),
    "pound": ("lb", Fraction(1)),
    "day": ("d", Fraction(1)),
    "joule": ("J", Fraction(1)),
    "gigajoule": ("GJ", Fraction(1)),
    "USD": ("USD", Fraction(1)),
}

# In sanctions text a barrel is the 42-gallon oil barrel and a ton the metric tonne (as in
# sanctioncalc's unit table), so our registry reads "bbl", "barrel" and "ton" that way: as
# aliases of oil_barrel and metric_ton, whose names our quantities carry.  pint's own
# readings stay under their own names: its 31.5-gallon barrel is not kept, its short ton is
# short_ton (US_ton), and the units defined from its ton are defined from short_ton.
_REDEFINITIONS: Final = (
    "@alias oil_barrel = barrel = bbl",
    "short_ton = 2e3 * pound",
    "@alias metric_ton = ton",
    "US_ton = short_ton",
    "force_ton = g_0 * short_ton = _ = ton_force = force_short_ton = short_ton_force",
)
_DEFINITIONS: Final = (
    "kbbl = 1000 * oil_barrel",
    "MMbbl = 1000000 * oil_barrel",
    "kilotonne = 1000 * metric_ton",
    "megatonne = 1000000 * metric_ton",
    # A count of things (centrifuges) is its own dimension, as in sanctioncalc's unit table.
    "items = [items]",
)
# pint defines toe as 10**10 international calories (41.868 GJ); defined here only if missing.
_TOE: Final = "tonne_of_oil_equivalent = 41.868 * gigajoule = toe"
_CURRENCIES: Final = ("USD", "EUR", "GBP", "CNY", "RUB", "JPY", "KRW", "CHF", "AUD", "CAD")
_BUILD_CONTEXT: Final = decimal.Context(
    prec=50,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
# Our pint names read back as our symbols: the simple units and each currency.
_OUR_SYMBOLS: Final = {
    **{name: symbol for symbol, name in _OUR_NAMES.items()},
    **{code: code for code in _CURRENCIES},
}


def unit_registry() -> Any:
    """sanctioncalc's own pint registry, built once on first use (thread-safe).

    Magnitudes are Decimal; ``bbl``, ``barrel`` and ``oil_barrel`` are the 42-gallon oil
    barrel and ``t``, ``ton`` and ``tonne`` the metric tonne, as everywhere in sanctioncalc
    (pint's short ton is ``short_ton``); each currency is its own dimension, so no exchange
    rate is ever implied.

    >>> registry = unit_registry()
    >>> gallons = registry.Quantity("1 bbl").to("gallon")
    >>> gallons.magnitude, str(gallons.units)
    (Decimal('42'), 'gallon')
    >>> str(registry.Quantity("2 kbbl").to("bbl"))
    '2000 oil_barrel'
    >>> registry.Quantity("1 ton").to("kilogram").magnitude == 1000
    True
    """
    if _REGISTRY:
        return _REGISTRY[0]
    with _LOCK:
        if not _REGISTRY:
            import pint  # noqa: PLC0415 - deferred: pint costs ~0.4 s to set up

            # pint does Decimal arithmetic while it reads its definitions: do it in a fixed
            # context, not in whatever (prec=3, trapping) context the caller has set.
            with decimal.localcontext(_BUILD_CONTEXT):
                # Redefinitions are ours and deliberate: pint need not log each one.
                registry: Any = pint.UnitRegistry(
                    non_int_type=Decimal, cache_folder=None, on_redefinition="ignore"
                )
                for line in _REDEFINITIONS:
                    registry.define(line)
                for line in _DEFINITIONS:
                    registry.define(line)
                if "tonne_of_oil_equivalent" not in registry:
                    registry.define(_TOE)
                for code in _CURRENCIES:
                    registry.define(f"{code} = [currency_{code}]")
                # pint builds its conversion cache when the registry is made and does not
                # clear it on redefinition (hgrecco/pint#922): rebuilt here, or "barrel"
                # would still reduce to 31.5 gallons.
                registry._build_cache()
            _REGISTRY.append(registry)
    return _REGISTRY[0]


def _magnitude(value: object) -> Fraction:
    if isinstance(value, float) and not math.isfinite(value):
        return to_fraction(value, "quantity.magnitude")
    try:
        return to_fraction(value, "quantity.magnitude")
    except InvalidAmountError as error:
        if error.facts.get("expected") != "int, str, Decimal, Fraction or float":
            raise  # a scalar, but too large, too fine or not finite: that error says so
        raise UnknownUnitError(
            field="quantity.magnitude",
            got=type(value).__name__,
            expected="a scalar int, float, Decimal or Fraction magnitude",
            fix="pass one quantity at a time; arrays go through the bulk ledger path",
        ) from None


def _base_size(quantity: Any, unit_name: str) -> float | None:
    """The size of a foreign unit in SI base units, or None if it is not plain."""
    try:
        base = quantity._REGISTRY.Quantity(1, unit_name).to_base_units()
    except Exception:  # a registry that cannot convert this unit: not a table match
        return None
    return float(base.magnitude)


def from_pint(quantity: Any) -> Amount:
    """Read a quantity from any pint registry as an exact :class:`Amount`.

    Known units go through an exact table applied to the magnitude's shortest repr; a unit
    the table does not list goes through float base units with a
    :class:`PrecisionLossWarning`.
    """
    # A registry with Decimal magnitudes converts in the current decimal context: size
    # checks and base units must not depend on a caller's (prec=3, trapping) one.
    with decimal.localcontext(_BUILD_CONTEXT):
        return _from_pint(quantity)


def _from_pint(quantity: Any) -> Amount:
    try:
        magnitude = quantity.magnitude
        units = quantity.units
    except AttributeError:
        raise UnknownUnitError(
            field="quantity",
            got=type(quantity).__name__,
            expected="a pint Quantity",
            fix="pass ureg.Quantity(value, unit) from your pint registry",
        ) from None
    value = _magnitude(magnitude)
    name = str(units)
    # An object with a magnitude and units, but not from a registry, is not one of ours.
    ours = _REGISTRY and getattr(quantity, "_REGISTRY", None) is _REGISTRY[0]
    if ours:
        symbol = _own_symbol(name)
        if symbol is not None:
            return Amount.from_fraction(value, symbol)
    match = _FOREIGN.get(name)
    if match is not None:
        symbol, multiple = match
        target = parse_unit(symbol)
        # Trust the name only if the foreign registry agrees on the size: a host may have
        # redefined "barrel".  Base units are SI (m**3, kg, s, J).
        expected = float(target.size * multiple) * (86400 if target.dimension == "time" else 1)
        actual = _base_size(quantity, name) if target.dimension != "currency:USD" else 1.0
        if actual is not None and math.isclose(actual, expected, rel_tol=1e-9):
            return express(value * multiple * target.size, target)
    return _via_base_units(quantity, value, name)


def _own_symbol(name: str) -> str | None:
    """Our symbol for a unit of our registry: ``oil_barrel`` is bbl, ``USD / oil_barrel``
    USD/bbl (to_pint writes rates as one unit over another)."""
    if name in _OUR_SYMBOLS:
        return _OUR_SYMBOLS[name]
    num, slash, den = name.partition(" / ")
    if slash and num in _OUR_SYMBOLS and den in _OUR_SYMBOLS:
        return f"{_OUR_SYMBOLS[num]}/{_OUR_SYMBOLS[den]}"
    return None


def _via_base_units(quantity: Any, value: Fraction, name: str) -> Amount:
    try:
        base = quantity.to_base_units()
        dims = dict(quantity.dimensionality)
    except Exception:
        dims = {}
        base = None
    if base is not None and dims == {"[length]": 3}:
        unit = parse_unit("m3")
    elif base is not None and dims == {"[mass]": 1}:
        unit = parse_unit("kg")
    else:
        raise UnknownUnitError(
            field="quantity.units",
            got=name,
            expected="a volume or mass unit sanctioncalc can convert",
            fix="convert to barrels, cubic metres or tonnes in your registry first",
        )
    warnings.warn(
        f"unit {name!r} is not in sanctioncalc's exact table; converted through float base "
        f"units ({base.magnitude!r} {unit.symbol}), which may lose precision",
        PrecisionLossWarning,
        stacklevel=5,  # the caller of Amount.from_pint
    )
    del value
    return Amount(Decimal(repr(float(base.magnitude))), unit)


def to_pint(amount: Amount, registry: Any = None) -> Any:
    """*amount* as a pint quantity, in sanctioncalc's registry or a given one."""
    if registry is None:
        registry = unit_registry()
        num = amount.unit.numerator
        den = amount.unit.denominator
        name = _OUR_NAMES.get(num.symbol, num.symbol)
        if den is not None:
            name = f"({name}) / ({_OUR_NAMES.get(den.symbol, den.symbol)})"
        return registry.Quantity(amount.value, name)
    return _to_foreign(amount, registry)


def _to_foreign(amount: Amount, registry: Any) -> Any:
    with decimal.localcontext(_BUILD_CONTEXT):  # the size check may do Decimal arithmetic
        return _to_foreign_unit(amount, registry)


def _to_foreign_unit(amount: Amount, registry: Any) -> Any:
    unit: Unit = amount.unit
    if unit.is_quotient:
        raise UnknownUnitError(
            field="registry",
            got=unit.symbol,
            expected="a simple unit for a foreign registry",
            fix="convert rates with sanctioncalc's own registry (registry=None)",
        )
    # Prefer an exactly matching name the foreign registry defines with our size.
    for name, (symbol, multiple) in _FOREIGN.items():
        if symbol == unit.symbol and multiple == 1:
            try:
                quantity = registry.Quantity(1, name)
            except Exception:  # the foreign registry lacks this name
                continue
            actual = _base_size(quantity, name)
            expected = float(unit.size) * (86400 if unit.dimension == "time" else 1)
            if actual is not None and math.isclose(actual, expected, rel_tol=1e-9):
                return registry.Quantity(_native(amount.value, registry), name)
    raise UnknownUnitError(
        field="registry",
        got=unit.symbol,
        expected="a unit the target registry defines with the same size",
        fix="convert to a common unit such as m3 or kg first",
    )


def _native(value: Decimal, registry: Any) -> Any:
    kind = getattr(registry, "non_int_type", float)
    return value if kind is Decimal else kind(value)
