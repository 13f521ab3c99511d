"""Hypothesis strategies for sanctioncalc's value types (needs the ``strategies`` extra).

Strategies are plural nouns with keyword-only bounds, as in hypothesis' own API:

>>> from sanctioncalc import strategies as scst
>>> amount = scst.amounts(units=["bbl"]).example()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised only without the extra
    from ._errors import missing_extra

    raise missing_extra("hypothesis", "sanctioncalc.strategies", "strategies") from error

from ._amount import Amount
from ._ceiling import Ceiling
from ._commodity import Commodity, Direction
from ._factors import ConversionFactor, Rate, factor, factor_names
from ._mark import Mark
from ._measure import Ban, Cap, DualCap, LimbRule
from ._percent import Percentage
from ._period import Periodic, Span
from ._price_cap import DynamicCapRule, PriceCap, ProductClass, WindDown
from ._reduction import ReductionRule
from ._schedule import QuotaSchedule, ScheduleEntry
from ._units import Unit, parse_unit

__all__ = [
    "amounts",
    "bans",
    "bundled_factors",
    "caps",
    "ceilings",
    "commodities",
    "conversion_factors",
    "decimals",
    "dual_caps",
    "dynamic_price_rules",
    "percentages",
    "periodics",
    "periods",
    "price_caps",
    "price_series",
    "prices",
    "product_classes",
    "quota_schedules",
    "rates",
    "reduction_rules",
    "spans",
    "units",
    "wind_downs",
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
        st.builds(
            DualCap, either, periodics(), st.just(LimbRule.EITHER), st.none() | commodities()
        ),
        st.builds(
            DualCap,
            lower,
            periodics(),
            st.just(LimbRule.WHICHEVER_LOWER),
            st.none() | commodities(),
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
        st.sampled_from(Mark),
    )


def bundled_factors(
    *, from_units: Sequence[str] | None = None, to_units: Sequence[str] | None = None
) -> st.SearchStrategy[ConversionFactor]:
    """The named factors bundled with sanctioncalc, optionally only those between given units.

    ``bundled_factors(from_units=["t"], to_units=["bbl"])`` draws the tonnes-to-barrels rows
    of every table (EI 2021, UNSD, the 1718 Committee chart, the implied ones).
    """
    pool = [
        found
        for found in map(factor, factor_names())
        if (from_units is None or found.from_unit.symbol in from_units)
        and (to_units is None or found.to_unit.symbol in to_units)
    ]
    if not pool:
        raise ValueError(f"no bundled factor from {from_units} to {to_units}")
    return st.sampled_from(pool)


# -- price caps, schedules, ceilings (issue 7) ----------------------------------------------

_JURISDICTIONS = ("EU", "UK", "US", "AU", "CA", "JP")


def product_classes() -> st.SearchStrategy[ProductClass]:
    """The price-cap product classes."""
    return st.sampled_from(list(ProductClass))


def prices(
    *,
    min_value: Decimal | int | str = Decimal("0.01"),
    max_value: Decimal | int | str = 500,
    currencies: Sequence[str] = ("USD",),
    units: Sequence[str] = ("bbl",),
) -> st.SearchStrategy[Amount]:
    """Prices in a currency per volume (``USD/bbl``), in cents, in ``[min_value, max_value]``."""
    pool = [f"{c}/{u}" for c in currencies for u in units]
    return st.builds(
        Amount,
        decimals(min_value=Decimal(min_value), max_value=Decimal(max_value), places=2).filter(
            lambda d: d > 0
        ),
        st.sampled_from(pool),
    )


def wind_downs(
    *,
    min_value: date = date(2020, 1, 1),
    max_value: date = date(2035, 12, 31),
    prices_: st.SearchStrategy[Amount] | None = None,
) -> st.SearchStrategy[WindDown]:
    """Wind-down windows with cut-off and last day in range, keeping a price or none."""
    days = st.tuples(_dates(min_value, max_value), _dates(min_value, max_value)).map(
        lambda pair: (min(pair), max(pair))
    )
    kept = st.none() | (prices_ if prices_ is not None else prices())
    return st.builds(
        lambda pair, q, c, price, mark: WindDown(q, pair[0], pair[1], c, price, mark),
        days,
        st.sampled_from(["contract", "loading"]),
        st.sampled_from(["loading", "unloading"]),
        kept,
        st.sampled_from(Mark),
    )


def dynamic_price_rules(
    *, min_value: Fraction | int = 0, max_value: Fraction | int = 50
) -> st.SearchStrategy[DynamicCapRule]:
    """Dynamic rules: 1 to 52 weeks, a discount in ``[min_value, max_value]`` percent."""
    return st.builds(
        DynamicCapRule,
        weeks=st.integers(min_value=1, max_value=52),
        discount=percentages(min_value=min_value, max_value=max_value).filter(
            lambda p: p.percent < 100
        ),
        review_months=st.sampled_from([3, 6, 12]),
    )


def price_caps(
    *,
    min_value: Decimal | int | str = Decimal("0.01"),
    max_value: Decimal | int | str = 500,
    currencies: Sequence[str] = ("USD",),
    jurisdictions: Sequence[str] = _JURISDICTIONS,
    with_wind_downs: bool = True,
) -> st.SearchStrategy[PriceCap]:
    """Price caps with prices in range, one to three jurisdictions and optional extras."""
    start = _dates(date(2020, 1, 1), date(2034, 12, 31))
    length = st.none() | st.integers(min_value=1, max_value=2000)
    price = prices(min_value=min_value, max_value=max_value, currencies=currencies)

    def build(
        *,
        p: Amount,
        cls: ProductClass,
        where: list[str],
        first: date,
        days: int | None,
        windows: list[WindDown],
        rule: DynamicCapRule | None,
    ) -> PriceCap:
        until = None if days is None else first + timedelta(days=days)
        return PriceCap(p, cls, tuple(where), first, until, tuple(windows), rule)

    windows = (
        st.lists(
            wind_downs(
                prices_=prices(min_value=min_value, max_value=max_value, currencies=currencies[:1])
            ),
            max_size=2,
        )
        if with_wind_downs and len(currencies) == 1
        else st.just([])
    )
    return st.builds(
        build,
        p=price,
        cls=product_classes(),
        where=st.lists(st.sampled_from(list(jurisdictions)), min_size=1, max_size=3, unique=True),
        first=start,
        days=length,
        windows=windows,
        rule=st.none() | dynamic_price_rules(),
    )


def price_series(
    *,
    min_value: Decimal | int | str = 20,
    max_value: Decimal | int | str = 120,
    weeks: int = 22,
    start: date = date(2025, 7, 15),
    unit: str = "USD/bbl",
) -> st.SearchStrategy[list[tuple[date, Amount]]]:
    """Weekly reference prices for *weeks* weeks from *start* (for dynamic rules)."""
    values = st.lists(
        decimals(min_value=Decimal(min_value), max_value=Decimal(max_value), places=2).filter(
            lambda d: d > 0
        ),
        min_size=weeks,
        max_size=weeks,
    )
    return values.map(
        lambda vs: [(start + timedelta(weeks=i), Amount(v, unit)) for i, v in enumerate(vs)]
    )


def quota_schedules(
    *,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 10**9,
    units: Sequence[str] = ("t",),
    max_periods: int = 8,
) -> st.SearchStrategy[QuotaSchedule]:
    """Yearly quota schedules (calendar years) with limits in range, any mark."""
    unit = st.sampled_from(list(units))
    return st.builds(
        lambda first, u, values, marks: QuotaSchedule(
            tuple(
                ScheduleEntry(
                    Span(date(first + i, 1, 1), date(first + i + 1, 1, 1)), Amount(v, u), m
                )
                for i, (v, m) in enumerate(zip(values, marks, strict=False))
            )
        ),
        st.integers(min_value=1990, max_value=2040),
        unit,
        st.lists(
            decimals(min_value=min_value, max_value=max_value, places=3),
            min_size=1,
            max_size=max_periods,
        ),
        st.lists(st.sampled_from(Mark), min_size=max_periods, max_size=max_periods),
    )


def ceilings(
    *,
    min_value: Decimal | int = Decimal("0.001"),
    max_value: Decimal | int = 10**9,
    units: Sequence[str] = ("kg", "t", "items", "USD"),
) -> st.SearchStrategy[Ceiling]:
    """Ceilings in amounts (or percentages) with an optional sunset or phase."""
    limit = amounts(min_value=min_value, max_value=max_value, places=3, units=units).filter(
        lambda a: a.value > 0
    ) | percentages(min_value=Fraction(1, 100), max_value=100)
    start = st.none() | _dates(date(1990, 1, 1), date(2040, 12, 31))
    return st.builds(
        lambda lim, s, years, per: Ceiling(lim, "a test limit", s, years if s else None, per),
        limit,
        start,
        st.none() | st.integers(min_value=1, max_value=30),
        st.none() | st.sampled_from([90, 180, 365]),
    )


def reduction_rules(
    *, min_value: Fraction | int = 1, max_value: Fraction | int = 100
) -> st.SearchStrategy[ReductionRule]:
    """Reduction rules with a bar in ``[min_value, max_value]`` percent and a window."""
    return st.builds(
        ReductionRule,
        percentages(min_value=min_value, max_value=max_value).filter(lambda p: p.percent > 0),
        st.sampled_from([90, 180, 365]),
    )
