"""Hypothesis strategies for sanctioncalc's value types (needs the ``strategies`` extra).

Strategies are plural nouns with keyword-only bounds, as in hypothesis' own API:

>>> from sanctioncalc import strategies as scst
>>> amount = scst.amounts(units=["bbl"]).example()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "sanctioncalc.strategies needs hypothesis: pip install 'sanctioncalc[strategies]'"
    ) from error

from ._amount import Amount
from ._commodity import Commodity, Direction
from ._factors import ConversionFactor, Rate
from ._measure import Ban, Cap, DualCap, Rule
from ._percent import Percentage
from ._period import Periodic, Span
from ._units import Unit, parse_unit

__all__ = [
    "amounts",
    "bans",
    "caps",
    "commodities",
    "conversion_factors",
    "decimals",
    "dual_caps",
    "percentages",
    "periodics",
    "periods",
    "rates",
    "spans",
    "units",
]

_VOLUME = ("bbl", "kbbl", "MMbbl", "gal", "L", "kL", "m3")
_MASS = ("t", "kg", "kt", "Mt", "short_ton", "long_ton", "lb", "g")
_SLUGS = ("crude-oil", "refined-petroleum", "coal", "iron-ore", "lpg", "seafood")


def units(*, dimensions: Sequence[str] = ("volume", "mass")) -> st.SearchStrategy[Unit]:
    """Simple units of the given dimensions (``"volume"``, ``"mass"``, ``"currency"``)."""
    names: list[str] = []
    if "volume" in dimensions:
        names += _VOLUME
    if "mass" in dimensions:
        names += _MASS
    if "currency" in dimensions:
        names += ["USD", "EUR"]
    return st.sampled_from([parse_unit(n) for n in names])


def decimals(
    *, min_value: Decimal | int = 0, max_value: Decimal | int = 10**12, places: int = 4
) -> st.SearchStrategy[Decimal]:
    """Finite Decimals in ``[min_value, max_value]`` with at most *places* decimals."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def amounts(
    *,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10**12,
    places: int = 4,
    units: Sequence[str] | None = None,
) -> st.SearchStrategy[Amount]:
    """Amounts with values in ``[min_value, max_value]`` in the given unit symbols."""
    pool = (
        [parse_unit(u) for u in units]
        if units is not None
        else [parse_unit(u) for u in (*_VOLUME, *_MASS, "USD")]
    )
    return st.builds(
        Amount,
        decimals(min_value=min_value, max_value=max_value, places=places),
        st.sampled_from(pool),
    )


def percentages(
    *, min_value: Fraction | int = 0, max_value: Fraction | int = 100
) -> st.SearchStrategy[Percentage]:
    """Exact percentages in ``[min_value, max_value]`` percent."""
    return st.fractions(
        min_value=Fraction(min_value), max_value=Fraction(max_value), max_denominator=10_000
    ).map(Percentage)


def _dates(min_value: date, max_value: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=min_value, max_value=max_value)


def spans(
    *, min_value: date = date(1990, 1, 1), max_value: date = date(2060, 12, 31)
) -> st.SearchStrategy[Span]:
    """Date ranges within ``[min_value, max_value]``."""
    return (
        st.tuples(_dates(min_value, max_value), _dates(min_value, max_value))
        .filter(lambda pair: pair[0] != pair[1])
        .map(lambda pair: Span.inclusive(min(pair), max(pair)))
    )


def periodics(
    *,
    min_value: date = date(1990, 1, 1),
    max_value: date = date(2060, 12, 31),
    anchored: bool | None = None,
) -> st.SearchStrategy[Periodic]:
    """Repeating periods of 1 to 24 months, with an anchor in range (or none)."""
    anchors: st.SearchStrategy[date | None]
    if anchored is None:
        anchors = st.none() | _dates(min_value, max_value)
    elif anchored:
        anchors = _dates(min_value, max_value)
    else:
        anchors = st.none()
    return st.builds(Periodic, st.sampled_from([1, 3, 6, 12, 12, 12, 24]), anchors)


def periods() -> st.SearchStrategy[Span | Periodic]:
    """Either kind of period."""
    return spans() | periodics()


def commodities() -> st.SearchStrategy[Commodity]:
    """Commodities with a slug name, a direction and sometimes an HS code."""
    return st.builds(
        Commodity,
        st.sampled_from(_SLUGS),
        st.sampled_from(list(Direction)),
        st.none() | st.sampled_from(["27", "2709", "2710", "2701", "271012"]),
    )


def caps(
    *,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10**12,
    units: Sequence[str] | None = None,
    periods: st.SearchStrategy[Span | Periodic] | None = None,
) -> st.SearchStrategy[Cap]:
    """Caps with limits in range and any period unless *periods* is given."""
    return st.builds(
        Cap,
        amounts(min_value=min_value, max_value=max_value, units=units),
        periods if periods is not None else spans() | periodics(),
        st.none() | commodities(),
    )


def dual_caps(
    *, min_value: Decimal | int = 1, max_value: Decimal | int = 10**12
) -> st.SearchStrategy[DualCap]:
    """Dual-basis caps with a volume and a mass limb (or a USD and a mass limb)."""
    volume = amounts(min_value=min_value, max_value=max_value, units=_VOLUME)
    mass = amounts(min_value=min_value, max_value=max_value, units=_MASS)
    money = amounts(min_value=min_value, max_value=max_value, units=["USD"])
    either = st.builds(lambda v, m: (v, m), volume, mass)
    lower = st.builds(lambda v, m: (v, m), money, mass)
    return st.one_of(
        st.builds(DualCap, either, periodics(), st.just(Rule.EITHER), st.none() | commodities()),
        st.builds(
            DualCap, lower, periodics(), st.just(Rule.WHICHEVER_LOWER), st.none() | commodities()
        ),
    )


def bans() -> st.SearchStrategy[Ban]:
    """Bans with optional commodity, exemptions and start date."""
    words = st.sampled_from(["livelihood", "humanitarian", "return flights", "case-by-case"])
    return st.builds(
        Ban,
        st.none() | commodities(),
        st.lists(words, max_size=3, unique=True).map(tuple),
        st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    )


def rates(
    *, min_value: Fraction | int = Fraction(1, 1000), max_value: Fraction | int = 10**6
) -> st.SearchStrategy[Rate]:
    """Positive exact rates such as bbl/t or USD/t."""
    unit_pairs = st.sampled_from([("bbl", "t"), ("USD", "t"), ("USD", "bbl"), ("bbl", "d")])
    return st.builds(
        lambda value, pair: Rate(value, f"{pair[0]}/{pair[1]}"),
        st.fractions(
            min_value=Fraction(min_value), max_value=Fraction(max_value), max_denominator=10**6
        ).filter(lambda f: f > 0),
        unit_pairs,
    )


def conversion_factors() -> st.SearchStrategy[ConversionFactor]:
    """Named volume-per-mass factors in a plausible oil range (5 to 20 bbl/t)."""
    return st.builds(
        ConversionFactor,
        st.sampled_from(["test/crude-oil", "test/gasoline", "test/lpg"]),
        st.fractions(min_value=5, max_value=20, max_denominator=10_000),
        st.just("t"),
        st.sampled_from(["bbl", "m3", "gal"]),
        st.sampled_from(["crude-oil", "gasoline", "lpg"]),
        st.just("test table"),
        st.just("1"),
        st.just(""),
        st.sampled_from(["V", "V2", "U"]),
    )
