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
    InexactResultError,
    InvalidCapError,
    shown,
)
from ._factors import ConversionFactor
from ._numbers import check_places, fraction_text, fraction_to_decimal
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
    Amounts are exact.  One spread from a cargo total or converted from a per-tonne price may
    have no finite decimal form; it is then rounded half-up to :attr:`places` decimals, as
    the caller asked, and the text says so.  :attr:`headroom_exact` and the verdict are exact
    either way.
    """

    cap: Amount
    oil_price: Amount
    delivered_price: Amount | None
    ancillary: tuple[tuple[str, Amount], ...]
    headroom: Amount
    share: Percentage
    headroom_exact: Fraction
    #: The decimals a shown amount was rounded to (None: every amount is exact).
    places: int | None = None

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
        text += f"; headroom {self.headroom}"
        if self.places is not None:
            text += f" (amounts rounded half-up to {self.places} decimals; the verdict is exact)"
        return text


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
    places: int | None = None,
) -> PriceCheck:
    """Whether the price of the oil is at or below *cap*, ancillary costs separated.

    Give the oil's own price, or a delivered price with its freight, insurance and other
    costs, which are taken out first.  Totals (USD) need *volume*; a per-tonne price needs a
    named *factor*.  Currencies never mix.  Prices and costs are not negative, and each
    cost is named once.  An amount with no finite decimal form (a total spread over a cargo,
    a per-tonne price at 7.33 bbl/t) raises :class:`InexactResultError` unless *places*
    rounds it half-up; the verdict is decided on exact values either way.

    >>> check = check_price("47.60 USD/bbl", delivered_price="56.10 USD/bbl",
    ...                     freight="7.50 USD/bbl", insurance="1.00 USD/bbl")
    >>> str(check.oil_price), check.at_or_below, str(check.headroom)
    ('47.60 USD/bbl', True, '0.00 USD/bbl')
    """
    limit = limit_of(cap)
    unit = limit.unit
    product_class = getattr(cap, "product_class", None)
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
    if places is not None:
        check_places(places)
    shown = _Shown(_places(limit.value), places)
    costs: list[tuple[str, Amount]] = []
    named = _costs(freight, insurance, other)
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
        exact = per_volume(cost, name, unit, size, factor, product_class=product_class)
        if exact < 0:
            raise InvalidCapError(
                field=name, got=str(cost), expected="a cost of zero or more", fix="check the sign"
            )
        costs.append((name, shown(exact, unit, name)))
    field = "oil_price" if oil_price is not None else "delivered_price"
    given = oil_price if oil_price is not None else delivered_price
    assert given is not None
    given_exact = per_volume(given, field, unit, size, factor, product_class=product_class)
    if given_exact < 0:
        raise InvalidCapError(
            field=field, got=str(given), expected="a price of zero or more", fix="check the sign"
        )
    oil_exact = given_exact - sum(
        (
            per_volume(c, n, unit, size, factor, product_class=product_class)
            for n, c in named.items()
            if c is not None
        ),
        Fraction(0),
    )
    if oil_exact < 0:
        raise InvalidCapError(
            field="delivered_price",
            got=f"{given} less costs of {', '.join(f'{n} {a}' for n, a in costs)}",
            expected="costs no larger than the delivered price",
            fix="check that each cost is per the same volume as the price, and its figure",
        )
    delivered = None if delivered_price is None else shown(given_exact, unit, field)
    cap_exact = limit.exact
    return PriceCheck(
        cap=limit,
        oil_price=shown(oil_exact, unit, "oil_price"),
        delivered_price=delivered,
        ancillary=tuple(costs),
        headroom=shown(cap_exact - oil_exact, unit, "headroom"),
        share=Percentage.from_ratio(oil_exact / cap_exact),
        headroom_exact=cap_exact - oil_exact,
        places=places if shown.rounded else None,
    )


def _costs(
    freight: Amount | str | None,
    insurance: Amount | str | None,
    other: Mapping[str, Amount | str] | None,
) -> dict[str, Amount | str | None]:
    """The ancillary costs by name, each named once."""
    named: dict[str, Amount | str | None] = {"freight": freight, "insurance": insurance}
    for name, cost in (other or {}).items():
        if not isinstance(name, str) or not name.strip() or not name.isprintable():
            raise InvalidCapError(
                field="other",
                got=shown(name, 40),
                expected="costs named by a short printable text, such as 'port fees'",
                fix="name each cost",
            )
        if name in named:
            # A second freight would silently replace the first: refuse instead.
            raise InvalidCapError(
                field=f"other[{name!r}]",
                got=str(cost),
                expected="each cost once",
                fix=f"pass {name}= once, or give the other cost another name",
            )
        named[name] = cost
    return named


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _amount(exact: Fraction, unit: Unit, places: int) -> Amount:
    """An amount shown with at least the cap's places (cents), exact where it terminates."""
    return _Shown(places, None)(exact, unit, "amount")


@attrs.define
class _Shown:
    """Amounts of a price check: with the cap's cents, exact, or rounded as the caller asked."""

    cents: int
    places: int | None
    rounded: bool = False

    def __call__(self, exact: Fraction, unit: Unit, field: str) -> Amount:
        if (exact * 10**self.cents).denominator == 1:
            return Amount(fraction_to_decimal(exact, places=self.cents), unit)
        try:
            return Amount.from_fraction(exact, unit)
        except InexactResultError:
            if self.places is None:
                raise InexactResultError(
                    field=field,
                    got=f"{fraction_text(exact)} {unit}",
                    expected="an amount with a finite decimal form",
                    fix="pass places=N to round the amounts shown half-up; the verdict stays exact",
                ) from None
        self.rounded = True
        return Amount.from_fraction(exact, unit, places=self.places)


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
