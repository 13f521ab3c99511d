"""Operations on price caps: whether a price is at or below a cap (ancillary costs
separated), and the change between two caps.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import final

import attrs

from ._amount import Amount, exact_in
from ._errors import (
    InvalidCapError,
)
from ._factors import ConversionFactor
from ._numbers import fraction_to_decimal
from ._ops import Change, Comparison, compare
from ._percent import Percentage
from ._price_cap import AppliedCap, PriceCap, limit_of, per_volume
from ._units import Unit

__all__ = [
    "PriceCheck",
    "check_price",
    "compare_price_caps",
]


# -- is a price at or below the cap ------------------------------------------------------------


@final
@attrs.frozen
class PriceCheck:
    """A price compared with a cap, ancillary costs separated from the price of the oil.

    ``oil_price`` is what is compared; ``ancillary`` lists what was taken out of a delivered
    price (freight, insurance...).  ``headroom = cap − oil_price`` (negative above the cap).
    Amounts spread from cargo totals may not end in a few decimals: they are shown rounded
    to six places, while :attr:`headroom_exact` and the verdict stay exact.
    """

    cap: Amount
    oil_price: Amount
    delivered_price: Amount | None
    ancillary: tuple[tuple[str, Amount], ...]
    headroom: Amount
    share: Percentage
    headroom_exact: Fraction

    @property
    def at_or_below(self) -> bool:
        """Whether the oil price is at or below the cap (decided on exact values)."""
        return self.headroom_exact >= 0

    def __str__(self) -> str:
        verdict = "at or below" if self.at_or_below else "above"
        text = f"oil {self.oil_price} is {verdict} the cap of {self.cap}"
        if self.delivered_price is not None:
            parts = ", ".join(f"{name} {amount}" for name, amount in self.ancillary)
            text += f" (delivered {self.delivered_price} less {parts})"
        return f"{text}; headroom {self.headroom}"


def check_price(
    cap: PriceCap | AppliedCap | Amount | str,
    *,
    oil_price: Amount | str | None = None,
    delivered_price: Amount | str | None = None,
    freight: Amount | str | None = None,
    insurance: Amount | str | None = None,
    other: Mapping[str, Amount | str] | None = None,
    volume: Amount | str | None = None,
    factor: ConversionFactor | None = None,
) -> PriceCheck:
    """Whether the price of the oil is at or below *cap*, ancillary costs separated.

    Give the oil's own price, or a delivered price with its freight, insurance and other
    costs, which are taken out first.  Totals (USD) need *volume*; a per-tonne price needs a
    named *factor*.  Currencies never mix.

    >>> check = check_price("47.60 USD/bbl", delivered_price="56.10 USD/bbl",
    ...                     freight="7.50 USD/bbl", insurance="1.00 USD/bbl")
    >>> str(check.oil_price), check.at_or_below, str(check.headroom)
    ('47.60 USD/bbl', True, '0.00 USD/bbl')
    """
    limit = limit_of(cap)
    unit = limit.unit
    size = Amount.parse(volume) if isinstance(volume, str) else volume
    if size is not None and (size.dimension != "volume" or size.value <= 0):
        raise InvalidCapError(
            field="volume",
            got=str(size),
            expected="a positive volume such as '700,000 bbl'",
            fix="give the cargo's size in barrels or cubic metres",
        )
    if (oil_price is None) == (delivered_price is None):
        raise InvalidCapError(
            field="oil_price",
            got="both" if oil_price is not None else "neither",
            expected="exactly one of oil_price= or delivered_price=",
            fix="give the oil's own price, or the delivered price and its costs",
        )
    places = _places(limit.value)
    costs: list[tuple[str, Amount]] = []
    named = {"freight": freight, "insurance": insurance, **(other or {})}
    for name, cost in named.items():
        if cost is None:
            continue
        if oil_price is not None:
            raise InvalidCapError(
                field=name,
                got=str(cost),
                expected="ancillary costs only with delivered_price=",
                fix="an oil price already excludes them; pass delivered_price= instead",
            )
        exact = per_volume(cost, name, unit, size, factor)
        if exact < 0:
            raise InvalidCapError(
                field=name, got=str(cost), expected="a cost of zero or more", fix="check the sign"
            )
        costs.append((name, _amount(exact, unit, places)))
    given = oil_price if oil_price is not None else delivered_price
    assert given is not None
    given_exact = per_volume(given, "oil_price", unit, size, factor)
    oil_exact = given_exact - sum(
        (per_volume(c, n, unit, size, factor) for n, c in named.items() if c is not None),
        Fraction(0),
    )
    delivered = None if delivered_price is None else _amount(given_exact, unit, places)
    cap_exact = limit.exact
    return PriceCheck(
        cap=limit,
        oil_price=_amount(oil_exact, unit, places),
        delivered_price=delivered,
        ancillary=tuple(costs),
        headroom=_amount(cap_exact - oil_exact, unit, places),
        share=Percentage.from_ratio(oil_exact / cap_exact),
        headroom_exact=cap_exact - oil_exact,
    )


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _amount(exact: Fraction, unit: Unit, places: int) -> Amount:
    """An amount shown with at least the cap's places (cents), exact where it terminates."""
    scaled = exact * 10**places
    if scaled.denominator == 1:
        return Amount(fraction_to_decimal(exact, places=places), unit)
    try:
        return Amount.from_fraction(exact, unit)
    except ArithmeticError:
        return Amount.from_fraction(exact, unit, places=places + 4)


# -- comparing caps -----------------------------------------------------------------------------


def compare_price_caps(old: PriceCap | Amount | str, new: PriceCap | Amount | str) -> Comparison:
    """The change between two price caps: ``delta = new − old``, ``cut = 1 − new/old``.

    The delta keeps the caps' cents.  60 → 47.60 is a cut of exactly 31/150 (20.67 %):

    >>> c = compare_price_caps("60 USD/bbl", "47.60 USD/bbl")
    >>> str(c.delta), str(c.cut), c.cut.ratio
    ('-12.40 USD/bbl', '20.67 %', Fraction(31, 150))
    """
    a, b = limit_of(old), limit_of(new)
    result = compare(a, b)
    change = result.changes[0]
    places = max(_places(a.value), _places(b.value))
    delta = _amount(exact_in(change.delta, a.unit), a.unit, places)
    return Comparison(a, b, (Change(a, b, delta, change.cut),))
