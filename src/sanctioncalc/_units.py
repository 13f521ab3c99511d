"""Units as sanctions texts use them, with exact sizes.

Every unit has a dimension and an exact size in that dimension's base unit (cubic metres,
kilograms, days, joules, one unit of a currency).  In sanctions texts "barrel" is the
42-gallon oil barrel and "ton" the metric tonne; both are fixed here and never taken from
pint, whose ``barrel`` is 31.5 US gallons and whose ``ton`` is the 2,000 lb short ton.

Same-dimension conversion is exact table arithmetic; pint is only needed at the boundary
with other registries (see :mod:`sanctioncalc._pint`).
"""

from __future__ import annotations

import difflib
from fractions import Fraction
from typing import Final, final

import attrs

from ._errors import AmbiguousUnitError, UnknownUnitError, shown

__all__ = ["Unit", "known_units", "parse_unit"]

#: 1 oil barrel = 42 US gallons = 0.158987294928 m³ exactly.
OIL_BARREL_M3: Final = Fraction("0.158987294928")
US_GALLON_M3: Final = Fraction("0.003785411784")


@final
@attrs.frozen(repr=False)
class Unit:
    """A unit with an exact size in its dimension's base unit.

    ``dimension`` is a word such as ``"volume"``, ``"mass"``, ``"currency:USD"``, or a
    quotient of two (``"currency:USD/volume"``).  ``size`` is exact: an oil barrel is
    ``Fraction("0.158987294928")`` cubic metres.

    >>> parse_unit("barrels").size == parse_unit("gal").size * 42
    True
    """

    symbol: str
    dimension: str
    size: Fraction
    name: str

    def __str__(self) -> str:
        return self.symbol

    def __repr__(self) -> str:
        return f"Unit({self.symbol!r})"

    def __truediv__(self, other: object) -> Unit:
        if not isinstance(other, Unit):
            return NotImplemented
        if "/" in self.dimension or "/" in other.dimension:
            raise UnknownUnitError(
                field="unit",
                got=f"{self.symbol}/{other.symbol}",
                expected="at most one '/' in a unit",
                fix="express the quantity with a simple unit over a simple unit",
            )
        return Unit(
            symbol=f"{self.symbol}/{other.symbol}",
            dimension=f"{self.dimension}/{other.dimension}",
            size=self.size / other.size,
            name=f"{self.name} per {other.name}",
        )

    @property
    def is_quotient(self) -> bool:
        """Whether this unit is a rate or price (one unit over another)."""
        return "/" in self.dimension

    @property
    def numerator(self) -> Unit:
        """The unit above the line (the unit itself when it is not a quotient)."""
        return parse_unit(self.symbol.split("/", 1)[0]) if self.is_quotient else self

    @property
    def denominator(self) -> Unit | None:
        """The unit below the line, or None."""
        return parse_unit(self.symbol.split("/", 1)[1]) if self.is_quotient else None

    @property
    def base(self) -> Unit:
        """The base unit of this unit's dimension (m3, kg, d, J, one currency unit)."""
        if self.is_quotient:
            den = self.denominator
            assert den is not None
            return self.numerator.base / den.base
        return _BASE[self.dimension]

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Read a unit spelling; see :func:`parse_unit`."""
        return parse_unit(text)


_CURRENCIES: Final = ("USD", "EUR", "GBP", "CNY", "RUB", "JPY", "KRW", "CHF", "AUD", "CAD")

# symbol: (dimension, exact size in base, name, other spellings)
_TABLE: Final[dict[str, tuple[str, Fraction, str, tuple[str, ...]]]] = {
    "bbl": (
        "volume",
        OIL_BARREL_M3,
        "oil barrel (42 US gallons)",
        ("barrel", "barrels", "bbls", "oil_barrel", "oil barrel", "oil barrels", "bo"),
    ),
    "kbbl": (
        "volume",
        OIL_BARREL_M3 * 1000,
        "thousand oil barrels",
        ("thousand barrels", "kb"),
    ),
    "MMbbl": (
        "volume",
        OIL_BARREL_M3 * 10**6,
        "million oil barrels",
        ("mmbbl", "MMbbls", "million barrels"),
    ),
    "gal": ("volume", US_GALLON_M3, "US gallon", ("gallon", "gallons", "US gallon", "US_gallon")),
    "L": ("volume", Fraction(1, 1000), "litre", ("l", "litre", "litres", "liter", "liters")),
    "kL": (
        "volume",
        Fraction(1),
        "kilolitre",
        ("kl", "kilolitre", "kilolitres", "kiloliter", "kiloliters"),
    ),
    "m3": (
        "volume",
        Fraction(1),
        "cubic metre",
        ("m³", "m^3", "m**3", "cbm", "cubic metre", "cubic metres", "cubic meter", "cubic meters"),
    ),
    "kg": ("mass", Fraction(1), "kilogram", ("kilogram", "kilograms", "kgs")),
    "g": ("mass", Fraction(1, 1000), "gram", ("gram", "grams")),
    "t": (
        "mass",
        Fraction(1000),
        "metric tonne",
        (
            "tonne",
            "tonnes",
            "ton",
            "tons",
            "MT",
            "mt",
            "metric ton",
            "metric tons",
            "metric_ton",
            "metric tonne",
            "metric tonnes",
        ),
    ),
    "kt": ("mass", Fraction(10**6), "thousand metric tonnes", ("thousand tonnes", "kilotonne")),
    "Mt": ("mass", Fraction(10**9), "million metric tonnes", ("million tonnes", "megatonne")),
    "short_ton": (
        "mass",
        Fraction("907.18474"),
        "short ton (2,000 lb)",
        ("short ton", "short tons", "US ton", "US tons"),
    ),
    "long_ton": (
        "mass",
        Fraction("1016.0469088"),
        "long ton (2,240 lb)",
        ("long ton", "long tons"),
    ),
    "lb": ("mass", Fraction("0.45359237"), "pound", ("pound", "pounds", "lbs")),
    # Counts of things (JCPOA: 5,060 IR-1 centrifuges): a dimension of its own, so a count
    # never meets a mass or a volume.
    "items": (
        "count",
        Fraction(1),
        "items (a count)",
        ("item", "pcs", "pieces", "centrifuge", "centrifuges", "machines"),
    ),
    "d": ("time", Fraction(1), "day", ("day", "days")),
    "J": ("energy", Fraction(1), "joule", ("joule", "joules")),
    "GJ": ("energy", Fraction(10**9), "gigajoule", ("gigajoule", "gigajoules")),
    # A tonne of oil equivalent is energy (41.868 GJ), not a mass: it never meets tonnes.
    "toe": ("energy", Fraction(41_868_000_000), "tonne of oil equivalent (41.868 GJ)", ()),
}
for _code in _CURRENCIES:
    _TABLE[_code] = (f"currency:{_code}", Fraction(1), _code, ())
_TABLE["USD"] = ("currency:USD", Fraction(1), "USD", ("US$", "$", "US dollars", "dollars"))

# Rates written as one word.
_COMPOUND_ALIASES: Final = {
    "b/d": "bbl/d",
    "bpd": "bbl/d",
    "bopd": "bbl/d",
    "kb/d": "kbbl/d",
    "kbd": "kbbl/d",
    "kbpd": "kbbl/d",
}

_AMBIGUOUS: Final = {
    "Mbbl": "'Mbbl' means a thousand barrels in the oil industry but a million under SI "
    "prefixes; write 'kbbl' for 10**3 or 'MMbbl' for 10**6 oil barrels",
    "mbbl": "'mbbl' means a thousand barrels in the oil industry but a milli-barrel under SI "
    "prefixes; write 'kbbl' for 10**3 or 'MMbbl' for 10**6 oil barrels",
    "MBbl": "'MBbl' is ambiguous (thousand or million); write 'kbbl' or 'MMbbl'",
    "Mb/d": "'Mb/d' is ambiguous (thousand or million); write 'kb/d' or 'MMbbl/d'",
}
# Other capitalisations and plurals of the same spellings are just as ambiguous ('MBBL',
# 'Mbbls', 'mb/d'); refuse them too rather than suggest a near match such as 'MMbbls'.
_AMBIGUOUS_FOLDED: Final = {
    "mbbl": "'{}' may mean a thousand or a million barrels; write 'kbbl' for 10**3 or "
    "'MMbbl' for 10**6 oil barrels",
    "mbbls": "'{}' may mean a thousand or a million barrels; write 'kbbl' for 10**3 or "
    "'MMbbl' for 10**6 oil barrels",
    "mb/d": "'{}' may mean a thousand or a million barrels a day; write 'kb/d' or 'MMbbl/d'",
    "mbd": "'{}' may mean a thousand or a million barrels a day; write 'kb/d' or 'MMbbl/d'",
}


def _ambiguity(text: str) -> str | None:
    """The fix for an ambiguous spelling, or None."""
    if text in _AMBIGUOUS:
        return _AMBIGUOUS[text]
    folded = _AMBIGUOUS_FOLDED.get(text.lower())
    return None if folded is None else folded.format(text)


_PERIOD_WORDS: Final = frozenset(
    {"yr", "year", "years", "y", "a", "annum", "month", "months", "mo", "week", "weeks"}
)

_UNITS: Final[dict[str, Unit]] = {}
_ALIASES: Final[dict[str, str]] = {}
for _symbol, (_dim, _size, _name, _spellings) in _TABLE.items():
    _UNITS[_symbol] = Unit(symbol=_symbol, dimension=_dim, size=_size, name=_name)
    _ALIASES[_symbol] = _symbol
    for _spelling in _spellings:
        _ALIASES[_spelling] = _symbol
_fold_targets: dict[str, set[str]] = {}
for _spelling, _symbol in _ALIASES.items():
    _fold_targets.setdefault(_spelling.lower(), set()).add(_symbol)
# Case-folding only where it cannot change the meaning ('Mt' is megatonnes, 'MT' tonnes).
_FOLDED: Final = {
    k: next(iter(v))
    for k, v in _fold_targets.items()
    if len(v) == 1 and k not in _AMBIGUOUS and k not in _AMBIGUOUS_FOLDED
}
_BASE: Final = {
    "volume": _UNITS["m3"],
    "mass": _UNITS["kg"],
    "time": _UNITS["d"],
    "energy": _UNITS["J"],
    "count": _UNITS["items"],
    **{f"currency:{c}": _UNITS[c] for c in _CURRENCIES},
}
_CACHE: dict[str, Unit] = {}
_MAX_UNIT_TEXT: Final = 40


def known_units() -> tuple[str, ...]:
    """The canonical unit symbols, in table order.

    >>> known_units()[:3]
    ('bbl', 'kbbl', 'MMbbl')
    """
    return tuple(_TABLE)


def _simple(text: str, whole: str) -> Unit:
    fix = _ambiguity(text)
    if fix is not None:
        raise AmbiguousUnitError(field="unit", got=text, expected="an unambiguous unit", fix=fix)
    symbol = _ALIASES.get(text) or _FOLDED.get(text.lower())
    if symbol is not None:
        return _UNITS[symbol]
    if text.lower() in _PERIOD_WORDS:
        raise UnknownUnitError(
            field="unit",
            got=whole,
            expected="a unit of volume, mass, money, time or energy",
            fix="a per-period limit is a cap: write e.g. Cap.parse('500,000 bbl per 12 months')",
        )
    close = difflib.get_close_matches(text, list(_ALIASES), n=3)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    raise UnknownUnitError(
        field="unit",
        got=whole,
        expected="one of " + ", ".join(known_units()),
        fix=hint + "use a listed unit; see sanctioncalc.known_units()",
    )


def parse_unit(text: str) -> Unit:
    """Read a unit spelling: a symbol, a word, or ``A/B`` (also ``A per B``).

    Spellings are fixed: ``bbl``/``barrel`` is the 42-gallon oil barrel, ``t``/``ton``/``MT``
    the metric tonne, ``kbbl`` 10³ and ``MMbbl`` 10⁶ barrels, ``b/d`` barrels per day.
    ``Mbbl`` is refused as ambiguous.

    >>> parse_unit("tons").name
    'metric tonne'
    >>> parse_unit("USD per barrel")
    Unit('USD/bbl')
    """
    if not isinstance(text, str):
        raise UnknownUnitError(
            field="unit",
            got=shown(text, 60),
            expected="a unit spelling (str) or a Unit",
            fix="pass a string such as 'bbl' or 't'",
        )
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    whole = text.strip()
    if not whole or len(whole) > _MAX_UNIT_TEXT or not whole.isprintable():
        raise UnknownUnitError(
            field="unit",
            got=shown(text, 60),
            expected=f"a unit spelling of 1 to {_MAX_UNIT_TEXT} printable characters",
            fix="use a listed unit; see sanctioncalc.known_units()",
        )
    whole = _COMPOUND_ALIASES.get(whole, whole)
    if _ambiguity(whole) is not None:
        _simple(whole, whole)
    spaced = whole.replace(" per ", "/")
    if "/" in spaced:
        num, _, den = spaced.partition("/")
        if "/" in den:
            raise UnknownUnitError(
                field="unit",
                got=whole,
                expected="at most one '/' in a unit",
                fix="write a simple unit over a simple unit, such as 'USD/bbl'",
            )
        num_s, den_s = num.strip(), den.strip()
        unit = _simple(_COMPOUND_ALIASES.get(num_s, num_s), whole) / _simple(den_s, whole)
    else:
        unit = _simple(spaced, whole)
    if len(_CACHE) < 1024:
        _CACHE[text] = unit
    return unit


def to_unit(value: object) -> Unit:
    """Accept a Unit or a unit spelling."""
    return value if isinstance(value, Unit) else parse_unit(value)  # type: ignore[arg-type]


def dimension_fix(a: str, b: str) -> str:
    """How to put right a meeting of two dimensions that do not convert into each other.

    The hint fits the pair: two currencies meet only at an exchange rate, money and a
    quantity only at a price, barrels and tonnes only through a named factor.

    >>> dimension_fix("currency:USD", "currency:EUR").partition(":")[0]
    'amounts in two currencies meet only at an exchange rate'
    """
    pair = {a, b}
    if all(d.startswith("currency:") for d in pair):
        return (
            "amounts in two currencies meet only at an exchange rate: convert one yourself "
            "at a rate you state"
        )
    if any(d.startswith("currency:") for d in pair):
        return (
            "money and a quantity meet only at a price: see binding_limb(cap, price) and "
            "break_even(cap) for a cap with a money limb"
        )
    if pair == {"volume", "mass"}:
        return (
            "barrels and tonnes meet only through a named factor for the product: pass "
            "factor=sc.factor(NAME); see sanctioncalc.factor_names()"
        )
    return "these quantities cannot be converted into each other"
