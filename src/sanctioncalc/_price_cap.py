"""Price caps: a ceiling on the price of oil (USD per barrel), per product class and jurisdiction.

The price-cap coalition (G7, EU, Australia) lets its firms ship, insure and finance Russian
seaborne oil only if it was bought at or below a cap.  A cap is a *price*: currency per
volume, never a quantity, so it is its own type here (:class:`PriceCap`), with the product
class it covers, the jurisdictions that apply it, when it took effect, and the wind-down
windows in which older cargoes kept an earlier cap.  Figures used here, from the G7 and EU
price-cap notices and OFAC's combined guidance of February 2023 (marks as in the catalog):
crude US$60/bbl from 5 Dec 2022, products US$100/45 from 5 Feb 2023 (V); premium-to-crude =
gasoline and motor/aviation spirit, motor fuel blendstocks, gas oil/diesel, kerosene and jet
fuel, vacuum gas oil, discount-to-crude = every other HS 2710 subheading (V).

The values live here; checking a price against a cap is :mod:`sanctioncalc._price_check`,
and which cap applied to a cargo is :mod:`sanctioncalc._catalog.applicable`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Final, final

import attrs

from ._amount import Amount, exact_in
from ._commodity import Commodity, to_commodity
from ._errors import (
    InvalidCapError,
    InvalidPeriodError,
    ParseError,
    StrictEnumType,
    UnitMismatchError,
    shown,
)
from ._factors import ConversionFactor, converted_base
from ._fields import named, one_of, to_mark
from ._mark import Mark
from ._numbers import display_fraction
from ._percent import Percentage
from ._period import (
    Span,
    format_date,
    months_text,
    parse_date,
    to_date,
    to_optional_date,
)
from ._units import Unit

__all__ = [
    "AppliedCap",
    "DynamicCap",
    "DynamicCapRule",
    "PriceCap",
    "ProductClass",
    "WindDown",
    "classify_hs",
    "classify_product",
]


_JURISDICTION_RE: Final = re.compile(r"[A-Z][A-Z0-9]{1,9}")


class ProductClass(enum.Enum, metaclass=StrictEnumType):
    """The class of oil a price cap covers.

    ``CRUDE``: crude oil (HS 2709); ``PREMIUM_TO_CRUDE``: products that trade above crude
    (gasoline, diesel, jet fuel...); ``DISCOUNT_TO_CRUDE``: every other HS 2710 product
    (fuel oil, naphtha, waste oils).
    """

    CRUDE = "crude"
    PREMIUM_TO_CRUDE = "premium-to-crude"
    DISCOUNT_TO_CRUDE = "discount-to-crude"

    def __str__(self) -> str:
        return self.value


# OFAC price-cap guidance, Feb 2023 (V): the classes the UK, EU and US aligned from 5 Feb 2023.
_PREMIUM: Final = frozenset(
    {
        "gasoline",
        "petrol",
        "motor spirit",
        "aviation spirit",
        "aviation gasoline",
        "motor fuel blendstock",
        "motor fuel blendstocks",
        "motor fuel blending stock",
        "gas oil",
        "gasoil",
        "diesel",
        "gas oil diesel",
        "kerosene",
        "jet fuel",
        "kerosene type jet fuel",
        "vacuum gas oil",
        "vgo",
    }
)
_DISCOUNT: Final = frozenset(
    {"fuel oil", "residual fuel oil", "naphtha", "waste oil", "waste oils"}
)
_CRUDE: Final = frozenset({"crude", "crude oil"})
# HS 2710 91 and 2710 99 are the waste-oil subheadings: discount-to-crude whatever follows.
# Every other six-digit subheading of 2710 holds products of both classes (2710 12: motor
# spirit and naphtha; 2710 19: gas oil and fuel oil; 2710 20: the same with biodiesel).
_WASTE_OILS: Final = ("271091", "271099")
_MIXED: Final = {
    "271012": "light oils: motor spirit (premium-to-crude) and naphtha (discount-to-crude)",
    "271019": "medium and heavy oils: kerosene and gas oil (premium-to-crude) and fuel oil "
    "(discount-to-crude)",
    "271020": "oils with biodiesel: gas oil (premium-to-crude) and fuel oil (discount-to-crude)",
}


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[-_/]", " ", text.lower()).split())


def classify_product(product: str) -> ProductClass:
    """The price-cap class of a product named in words (OFAC price-cap guidance, Feb 2023).

    >>> classify_product("gas oil"), classify_product("naphtha"), classify_product("crude oil")
    (<ProductClass.PREMIUM_TO_CRUDE: 'premium-to-crude'>, \
<ProductClass.DISCOUNT_TO_CRUDE: 'discount-to-crude'>, <ProductClass.CRUDE: 'crude'>)

    Raises :class:`InvalidCapError` for a product the class lists do not name: every other
    HS 2710 product is discount-to-crude, but a name alone does not say it is HS 2710.
    """
    folded = _fold(product) if isinstance(product, str) and len(product) < 80 else ""
    if folded in _CRUDE:
        return ProductClass.CRUDE
    if folded in _PREMIUM:
        return ProductClass.PREMIUM_TO_CRUDE
    if folded in _DISCOUNT:
        return ProductClass.DISCOUNT_TO_CRUDE
    raise InvalidCapError(
        field="product",
        got=shown(product, 60),
        expected="crude oil or a product the class lists name: "
        + ", ".join(sorted(_PREMIUM | _DISCOUNT)),
        fix="every other HS 2710 product is discount-to-crude: pass its HS code to "
        "classify_hs(), or pass product_class= directly",
    )


def classify_hs(code: str) -> ProductClass:
    """The price-cap class of an HS code: 2709 is crude, 2710 91/99 (waste oils) discount.

    The other six-digit subheadings of 2710 hold products of both classes, so they are
    refused with the products they mix; name the product with :func:`classify_product`.

    >>> classify_hs("2709.00"), classify_hs("2710 99")
    (<ProductClass.CRUDE: 'crude'>, <ProductClass.DISCOUNT_TO_CRUDE: 'discount-to-crude'>)
    """
    digits = re.sub(r"[\s.]", "", code) if isinstance(code, str) and len(code) < 30 else ""
    if not re.fullmatch(r"\d{4}(?:\d{2}){0,3}", digits):
        raise InvalidCapError(
            field="hs_code",
            got=shown(code, 40),
            expected="an HS code of 4 to 10 digits, such as '2710 19'",
            fix="give the code's digits (dots and spaces are ignored)",
        )
    if digits.startswith("2709"):
        return ProductClass.CRUDE
    if not digits.startswith("2710"):
        raise InvalidCapError(
            field="hs_code",
            got=digits,
            expected="HS 2709 (crude oil) or HS 2710 (petroleum products)",
            fix="the price caps cover crude oil and HS 2710 products only",
        )
    if digits[:6] in _WASTE_OILS:
        return ProductClass.DISCOUNT_TO_CRUDE
    mixed = _MIXED.get(digits[:6])
    raise InvalidCapError(
        field="hs_code",
        got=digits,
        expected="a code whose products share one class",
        fix=(f"HS {digits[:4]} {digits[4:6]} holds {mixed}" if mixed else "HS 2710 holds both")
        + "; name the product instead, e.g. classify_product('gas oil')",
    )


def resolve_class(
    product_class: ProductClass | str | None, product: str | None, hs_code: str | None
) -> ProductClass:
    given = [x for x in (product_class, product, hs_code) if x is not None]
    if len(given) != 1:
        raise InvalidCapError(
            field="product",
            got=f"{len(given)} of product_class, product, hs_code",
            expected="exactly one of product_class=, product= or hs_code=",
            fix="say what the cargo is once",
        )
    if product is not None:
        return classify_product(product)
    if hs_code is not None:
        return classify_hs(hs_code)
    return _product_class(product_class)


def _product_class(value: object) -> ProductClass:
    if isinstance(value, ProductClass):
        return value
    try:
        return ProductClass(value)
    except ValueError:
        raise InvalidCapError(
            field="product_class",
            got=shown(value, 40),
            expected="'crude', 'premium-to-crude' or 'discount-to-crude'",
            fix="pass a sanctioncalc.ProductClass",
        ) from None


def require_price(amount: Amount, field: str) -> Amount:
    """Refuse anything but a positive price in currency per volume."""
    unit = amount.unit
    den = unit.denominator
    if not unit.dimension.startswith("currency:") or den is None or den.dimension != "volume":
        fix = "give the price per barrel, such as '60 USD/bbl'"
        if den is not None and den.dimension == "mass":
            fix = (
                "a per-barrel cap needs a price per barrel: give the cap per barrel, and check a "
                "per-tonne price with check_price(..., factor=sc.factor(NAME)), a named factor "
                "for the product"
            )
        elif not unit.is_quotient:
            fix = "a price cap is a price, not a quantity: write e.g. '47.60 USD/bbl'"
        raise InvalidCapError(
            field=field,
            got=f"{amount} ({unit.dimension})",
            expected="a price in a currency per unit of volume, such as '60 USD/bbl'",
            fix=fix,
        )
    if amount.value <= 0:
        raise InvalidCapError(
            field=field,
            got=str(amount),
            expected="a price above zero",
            fix="a ban is a Ban, not a cap of zero",
        )
    return amount


def _price(value: object, field: str = "value") -> Amount:
    name = field
    amount = value if isinstance(value, Amount) else _parse_amount(value, name)
    return require_price(amount, name)


def _optional_price(value: object, field: str = "value") -> Amount | None:
    return None if value is None else _price(value, field)


def _parse_amount(value: object, name: str) -> Amount:
    if isinstance(value, str):
        return Amount.parse(value)
    raise InvalidCapError(
        field=name,
        got=shown(value, 60),
        expected="an Amount or text such as '60 USD/bbl'",
        fix="build Amount('60', 'USD/bbl') or pass text",
    )


@final
@attrs.frozen(field_transformer=named)
class WindDown:
    """A window in which older cargoes keep an earlier treatment after a cap changes.

    A cargo qualifies when its *qualifies_by* date (the contract date, or the loading date) is
    before :attr:`before`; it keeps :attr:`price` (or, with ``price=None``, stays outside
    the cap altogether) if its *completes_by* date (loading or unloading) is on or before
    :attr:`last_day`.  UK, 47.60: contracts before 2 Sep 2025 compliant with 60 could run to
    17 Oct 2025 (UK notice of the 47.60 cap, V):

    >>> uk = WindDown("contract", date(2025, 9, 2), date(2025, 10, 17), "loading", "60 USD/bbl")
    >>> uk.covers(contract=date(2025, 9, 1), loading=date(2025, 10, 10), unloading=None)
    True
    """

    qualifies_by: str = attrs.field(validator=one_of("contract", "loading"))
    before: date = attrs.field(converter=to_date)
    last_day: date = attrs.field(converter=to_date)
    completes_by: str = attrs.field(validator=one_of("loading", "unloading"))
    price: Amount | None = attrs.field(
        default=None,
        converter=_optional_price,
    )
    mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
    note: str = ""
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.last_day < self.before - timedelta(days=1):
            raise InvalidPeriodError(
                field="WindDown.last_day",
                got=f"{format_date(self.last_day)} before {format_date(self.before)}",
                expected="a last day no earlier than the qualifying cut-off",
                fix="give the dates in order",
            )

    def covers(self, *, contract: date, loading: date, unloading: date | None) -> bool | None:
        """Whether a cargo with these dates falls in the window (None: needs the unloading)."""
        contract, loading = to_date(contract, "contract"), to_date(loading, "loading")
        unloading = to_optional_date(unloading, "unloading")
        qualifying = contract if self.qualifies_by == "contract" else loading
        if qualifying >= self.before:
            return False
        completion = loading if self.completes_by == "loading" else unloading
        if completion is None:
            return None
        return completion <= self.last_day

    def __str__(self) -> str:
        keeps = f"keep {self.price}" if self.price is not None else "stay outside the cap"
        text = (
            f"{self.qualifies_by} before {format_date(self.before)}: {keeps} if "
            f"{'loaded' if self.completes_by == 'loading' else 'unloaded'} by "
            f"{format_date(self.last_day)}"
        )
        return text if self.mark is Mark.V else f"{text} [{self.mark.qualifier}]"


def _jurisdictions(value: object) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        items = ()
    result = tuple(items)
    if not result or not all(isinstance(j, str) and _JURISDICTION_RE.fullmatch(j) for j in result):
        raise InvalidCapError(
            field="PriceCap.jurisdictions",
            got=shown(value, 60),
            expected="one or more upper-case codes such as 'EU', 'UK', 'US', 'AU'",
            fix="pass a tuple of jurisdiction codes",
        )
    if len(set(result)) != len(result):
        raise InvalidCapError(
            field="PriceCap.jurisdictions",
            got=", ".join(result),
            expected="each jurisdiction once",
            fix="remove the duplicate",
        )
    return result


def _wind_downs(value: object) -> tuple[WindDown, ...]:
    items = tuple(value) if isinstance(value, Iterable) else None
    if items is None or not all(isinstance(w, WindDown) for w in items):
        raise InvalidCapError(
            field="PriceCap.wind_downs",
            got=shown(value, 60),
            expected="a tuple of WindDown",
            fix="build WindDown(...) for each window",
        )
    return items


def _rule(value: object) -> DynamicCapRule | None:
    if value is None or isinstance(value, DynamicCapRule):
        return value
    raise InvalidCapError(
        field="PriceCap.rule",
        got=shown(value, 60),
        expected="a DynamicCapRule or None",
        fix="build DynamicCapRule(weeks=22, discount=15, review_months=6)",
    )


_CAP_RE: Final = re.compile(
    r"(?P<price>.+?)\s+for\s+(?P<cls>crude|premium-to-crude|discount-to-crude)"
    r"\s+in\s+(?P<where>[A-Z0-9, ]+?)\s+from\s+(?P<start>.+?)(?:\s+to\s+(?P<last>.+?))?"
)


@final
@attrs.frozen(repr=False, field_transformer=named)
class PriceCap:
    """A price ceiling: currency per volume, for a product class, in some jurisdictions.

    ``effective_until`` is exclusive (the first day of the next cap).  Wind-down windows say
    which older cargoes kept an earlier treatment; a dynamic rule says how the cap is reset.
    ``unverified_from`` marks the day from which it is not verified that the cap still
    applied (whether the US stayed at 60 after Sep 2025 is unverified).

    >>> eu = PriceCap.parse("47.60 USD/bbl for crude in EU from 3 Sep 2025 to 31 Jan 2026")
    >>> eu.price, eu.effective_until
    (Amount('47.60', 'USD/bbl'), datetime.date(2026, 2, 1))
    >>> PriceCap.parse(str(eu)) == eu
    True
    """

    price: Amount = attrs.field(converter=_price)
    product_class: ProductClass = attrs.field(converter=_product_class)
    jurisdictions: tuple[str, ...] = attrs.field(converter=_jurisdictions)
    effective_from: date = attrs.field(converter=to_date)
    effective_until: date | None = attrs.field(
        default=None,
        converter=to_optional_date,
    )
    wind_downs: tuple[WindDown, ...] = attrs.field(default=(), converter=_wind_downs)
    rule: DynamicCapRule | None = attrs.field(default=None, converter=_rule)
    unverified_from: date | None = attrs.field(
        default=None,
        converter=to_optional_date,
    )
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=to_commodity,
    )

    def __attrs_post_init__(self) -> None:
        if self.effective_until is not None and self.effective_until <= self.effective_from:
            raise InvalidPeriodError(
                field="PriceCap.effective_until",
                got=f"{format_date(self.effective_from)} to "
                f"{format_date(self.effective_until)} (exclusive)",
                expected="an end after the start",
                fix="effective_until is the first day the cap no longer applies",
            )
        for window in self.wind_downs:
            if window.price is not None:
                self.price.require_same_dimension(window.price.unit, field="WindDown.price")

    @property
    def limbs(self) -> tuple[Amount, ...]:
        """The price, as a one-limb tuple (for code that lists every measure's figures)."""
        return (self.price,)

    @property
    def currency(self) -> str:
        """The currency code (``"USD"``)."""
        return self.price.unit.numerator.symbol

    def applies_in(self, jurisdiction: str) -> bool:
        """Whether *jurisdiction* applies this cap."""
        return jurisdiction in self.jurisdictions

    def in_force_on(self, day: date) -> bool:
        """Whether the cap was in force on *day* (wind-downs aside)."""
        day = to_date(day, "day")
        return self.effective_from <= day and (
            self.effective_until is None or day < self.effective_until
        )

    @property
    def span(self) -> Span | None:
        """The days the cap was in force, if it has ended."""
        if self.effective_until is None:
            return None
        return Span(self.effective_from, self.effective_until)

    def __str__(self) -> str:
        text = (
            f"{self.price} for {self.product_class} in {', '.join(self.jurisdictions)} "
            f"from {format_date(self.effective_from)}"
        )
        if self.effective_until is not None:
            text += f" to {format_date(self.effective_until - timedelta(days=1))}"
        return text

    def describe(self) -> str:
        """The text form plus wind-down windows, rule and what is unverified."""
        parts = [str(self)]
        parts += [f"wind-down: {w}" for w in self.wind_downs]
        if self.rule is not None:
            parts.append(f"rule: {self.rule}")
        if self.unverified_from is not None:
            parts.append(f"unverified from {format_date(self.unverified_from)}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        extra = ""
        if self.wind_downs or self.rule or self.unverified_from or self.commodity:
            extra = " (+ wind-downs, rule or commodity: see describe())"
        return f"PriceCap.parse({str(self)!r}){extra}"

    @classmethod
    def parse(cls, text: str) -> PriceCap:
        """Read ``"60 USD/bbl for crude in EU, UK from 5 Dec 2022 to 2 Sep 2025"``.

        The ``to`` day is the last day in force (inclusive).  Wind-downs and rules have no
        text form: add them with ``attrs.evolve``.
        """
        match = (
            _CAP_RE.fullmatch(text.strip()) if isinstance(text, str) and len(text) < 300 else None
        )
        if match is None:
            raise ParseError(
                field="PriceCap",
                got=shown(text, 60),
                expected="text such as '60 USD/bbl for crude in EU, UK from 5 Dec 2022'",
                fix="give the price, the class, the jurisdictions and the first day",
            )
        last = parse_date(match["last"], "PriceCap.to") if match["last"] else None
        return cls(
            Amount.parse(match["price"]),
            match["cls"],
            tuple(j.strip() for j in match["where"].split(",")),
            parse_date(match["start"], "PriceCap.from"),
            None if last is None else last + timedelta(days=1),
        )


# -- which cap applied to a cargo --------------------------------------------------------------


@final
@attrs.frozen(field_transformer=named)
class AppliedCap:
    """The cap a cargo had to respect, and why.

    ``price`` is the limit that applied to this cargo: the cap in force, or the earlier cap
    a wind-down window kept; None when the cargo was outside any cap.  ``cap`` is the cap in
    force on the cargo's reference date (the latest of its contract, loading and unloading
    dates), if any.
    """

    jurisdiction: str
    product_class: ProductClass
    reference_date: date
    cap: PriceCap | None
    price: Amount | None
    wind_down: WindDown | None
    reason: str
    flags: tuple[str, ...] = ()

    def __str__(self) -> str:
        limit = str(self.price) if self.price is not None else "no cap"
        flags = f" [{'; '.join(self.flags)}]" if self.flags else ""
        return f"{self.jurisdiction} {self.product_class}: {limit} ({self.reason}){flags}"


# -- prices per volume----------------------------------------------------------------------


#: The bundled factor a per-tonne price of each class would most likely be converted with.
_CLASS_FACTOR: Final = {
    ProductClass.CRUDE: "ei-2021/crude-oil",
    ProductClass.PREMIUM_TO_CRUDE: "ei-2021/gas-oil-diesel",
    ProductClass.DISCOUNT_TO_CRUDE: "ei-2021/residual-fuel-oil",
}


def factor_hint(product_class: ProductClass | None) -> str:
    """How to give a per-tonne price a per-barrel cap can meet, fitted to the product class.

    >>> factor_hint(ProductClass.DISCOUNT_TO_CRUDE)
    "pass factor=sc.factor('ei-2021/residual-fuel-oil') or another named factor for the product"
    """
    name = _CLASS_FACTOR.get(product_class) if product_class is not None else None
    if name is None:
        return "pass factor=sc.factor(NAME), a named factor for the product"
    return f"pass factor=sc.factor('{name}') or another named factor for the product"


def per_volume(
    value: Amount | str,
    field: str,
    target: Unit,
    volume: Amount | None,
    factor: ConversionFactor | None,
    *,
    product_class: ProductClass | None = None,
) -> Fraction:
    """*value* as an exact number of *target* units (currency per volume)."""
    amount = value if isinstance(value, Amount) else Amount.parse(value)
    unit = amount.unit
    currency = target.numerator
    if unit.numerator.dimension != currency.dimension:
        raise UnitMismatchError(
            field=field,
            got=f"{amount} against a cap in {target}",
            expected=f"an amount in {currency}",
            fix="mixed currencies: no exchange rate is implied; convert it yourself first",
        )
    den = unit.denominator
    if den is None:
        if volume is None:
            raise UnitMismatchError(
                field=field,
                got=f"{amount} (a total, not a price per volume)",
                expected=f"a price in {target}",
                fix="give it per barrel, or pass volume= (the cargo's size) to spread a total",
            )
        return exact_in(amount, currency) / exact_in(volume, volume_of(target))
    in_currency = amount.exact * unit.numerator.size / currency.size
    target_den = volume_of(target)
    if den.dimension == "volume":
        return in_currency * target_den.size / den.size
    if factor is None:
        raise UnitMismatchError(
            field=field,
            got=f"{amount} against a cap in {target}",
            expected=f"a price per {target_den} (or another volume)",
            fix="a price per tonne meets a per-barrel cap only through a named factor: "
            + factor_hint(product_class),
        )
    # price per mass unit -> per volume: divide by the volume one mass unit holds.
    one = Amount(1, den)
    volume_base = converted_base(one, factor, target_den)  # m3 per one `den`
    return in_currency / (volume_base / target_den.size)


def volume_of(unit: Unit) -> Unit:
    den = unit.denominator
    assert den is not None
    return den


def limit_of(cap: PriceCap | AppliedCap | Amount | str) -> Amount:
    if isinstance(cap, PriceCap):
        return cap.price
    if isinstance(cap, AppliedCap):
        if cap.price is None:
            raise InvalidCapError(
                field="cap",
                got=str(cap),
                expected="a cargo that was under a cap",
                fix="this cargo was outside any cap: there is no price to compare with",
            )
        return cap.price
    amount = cap if isinstance(cap, Amount) else Amount.parse(cap)
    return require_price(amount, "cap")


# -- the dynamic rule -------------------------------------------------------------------------


def _positive_int(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 520:
        raise InvalidCapError(
            field=f"{type(instance).__name__}.{attribute.name}",
            got=shown(value, 20),
            expected="a whole number from 1 to 520",
            fix="e.g. weeks=22, review_months=6",
        )


def _percentage(value: object) -> Percentage:
    if isinstance(value, Percentage):
        result = value
    elif isinstance(value, str):
        result = Percentage.parse(value)
    else:
        result = Percentage(value)
    if not 0 <= result.percent < 100:
        raise InvalidCapError(
            field="DynamicCapRule.discount",
            got=str(result),
            expected="a discount from 0 % to below 100 %",
            fix="the cap is the average less this percentage",
        )
    return result


def _optional_percentage(value: object) -> Percentage | None:
    return None if value is None else _percentage(value)


@final
@attrs.frozen(field_transformer=named)
class DynamicCap:
    """A dynamic-rule cap with its arithmetic shown: window, average, discount, result.

    ``average`` and ``exact`` are exact Fractions in ``unit``; ``cap`` is the result shown
    to the rule's places (rounded half-up: the published cap is in cents).  With a current
    cap and a no-change band, ``changed`` says whether the cap moves.
    """

    rule: DynamicCapRule
    window: Span
    observations: tuple[tuple[date, Amount], ...]
    average: Fraction
    exact: Fraction
    cap: Amount
    current: Amount | None = None
    changed: bool = True

    @property
    def unit(self) -> Unit:
        """The unit of the average and the cap."""
        return self.cap.unit

    @property
    def average_amount(self) -> Amount:
        """The average, rounded half-up to four places for display."""
        return Amount.from_fraction(self.average, self.unit, places=4)

    @property
    def applies(self) -> Amount:
        """The cap that applies after this review: the new one, or the current if unchanged."""
        if not self.changed and self.current is not None:
            return self.current
        return self.cap

    def steps(self) -> tuple[str, ...]:
        """The arithmetic, one line per step."""
        n = len(self.observations)
        keep = self.rule.discount.complement()
        lines = [
            f"window: {self.window} ({self.rule.weeks} weeks, {n} observations)",
            f"average: sum / {n} = {self.average} = {display_fraction(self.average, 4)} "
            f"{self.unit}",
            f"less {self.rule.discount}: {display_fraction(self.average, 4)} × {keep} = "
            f"{display_fraction(self.exact, 4)} {self.unit} (exact {self.exact})",
            f"cap: {self.cap} (rounded half-up to {self.rule.places} places)",
        ]
        if self.current is not None and self.rule.no_change_band is not None:
            verdict = "changes" if self.changed else "stays"
            lines.append(
                f"against the current {self.current}: within ±{self.rule.no_change_band}? "
                f"the cap {verdict} ({self.applies})"
            )
        return tuple(lines)

    def __str__(self) -> str:
        return "\n".join(self.steps())


@final
@attrs.frozen(field_transformer=named)
class DynamicCapRule:
    """A cap reset from a reference price: its average over *weeks*, less *discount*.

    The EU rule (EU press reports, V2): the average Urals price over the previous 22 weeks less
    15 %, reviewed every 6 months.  ``no_change_band`` (a cap that moves by no more than this
    percentage stays) is reported by one press source only; leave it None unless you accept
    it.  Compute a cap from your own price series:

    >>> rule = DynamicCapRule(weeks=22, discount=15, review_months=6)
    >>> series = [(date(2025, 7, 15) + timedelta(weeks=i), Amount(50 + 4 * (i % 2), "USD/bbl"))
    ...           for i in range(22)]
    >>> result = rule.compute(series, end=date(2025, 12, 16))
    >>> result.average, str(result.cap)
    (Fraction(52, 1), '44.20 USD/bbl')
    """

    weeks: int = attrs.field(validator=_positive_int)
    discount: Percentage = attrs.field(converter=_percentage)
    review_months: int = attrs.field(validator=_positive_int)
    reference: str = "average market price of Urals crude"
    no_change_band: Percentage | None = attrs.field(default=None, converter=_optional_percentage)
    places: int = 2
    mark: Mark = attrs.field(default=Mark.V, converter=to_mark)
    url: str | None = None

    def __str__(self) -> str:
        text = (
            f"{self.reference} over the previous {self.weeks} weeks less {self.discount}, "
            f"reviewed every {months_text(self.review_months)}"
        )
        if self.no_change_band is not None:
            text += f", unchanged within {self.no_change_band}"
        return text

    def window(self, end: date) -> Span:
        """The reference window of *weeks* weeks ending the day before *end*."""
        end = to_date(end, "end")
        return Span(to_date(end - timedelta(weeks=self.weeks), "window start"), end)

    def compute(
        self,
        series: Sequence[tuple[date, Amount | str]] | Mapping[date, Amount | str],
        *,
        end: date | str | None = None,
        current: Amount | str | None = None,
    ) -> DynamicCap:
        """The cap this rule gives from a price *series* (dated prices, any spacing).

        The window is the *weeks* weeks before *end* (exclusive; default: the day after the
        last observation); every observation in it counts once.  Raises
        :class:`InvalidCapError` for an empty window and :class:`UnitMismatchError` for
        mixed currencies.
        """
        if isinstance(series, str) or not isinstance(series, Mapping | Iterable):
            raise InvalidCapError(
                field="series",
                got=shown(series, 60),
                expected="dated prices such as [(date(2025, 7, 15), '55.20 USD/bbl'), ...]",
                fix="pass the reference price series as (date, price) pairs or a mapping",
            )
        items = list(series.items()) if isinstance(series, Mapping) else list(series)
        if not items:
            raise InvalidCapError(
                field="series",
                got="no observations",
                expected="dated prices such as [(date(2025, 7, 15), '55.20 USD/bbl'), ...]",
                fix="pass the reference price series",
            )
        observations: list[tuple[date, Amount]] = []
        for index, item in enumerate(items):
            if isinstance(item, str) or not isinstance(item, Sequence) or len(item) != 2:
                raise InvalidCapError(
                    field=f"series[{index}]",
                    got=shown(item, 60),
                    expected="a (date, price) pair",
                    fix="e.g. (date(2025, 7, 15), '55.20 USD/bbl')",
                )
            day, price = item
            when = to_date(day, f"series[{index}].date")
            if isinstance(day, datetime):
                raise InvalidPeriodError(
                    field=f"series[{index}].date",
                    got=shown(day, 40),
                    expected="a date",
                    fix="pass datetime.date values",
                )
            amount = price if isinstance(price, Amount) else Amount.parse(price)
            observations.append((when, require_price(amount, f"series[{index}].price")))
        unit = observations[0][1].unit
        last = max(d for d, _ in observations)
        stop = to_date(end, "end") if end is not None else last + timedelta(days=1)
        span = self.window(stop)
        chosen = sorted((d, p) for d, p in observations if d in span)
        if not chosen:
            raise InvalidCapError(
                field="series",
                got=f"no observation in {span}",
                expected=f"prices dated within the {self.weeks} weeks before {format_date(stop)}",
                fix="pass end= inside your series, or a series that covers the window",
            )
        values = [per_volume(p, f"series[{d}]", unit, None, None) for d, p in chosen]
        average = sum(values, Fraction(0)) / len(values)
        exact = average * self.discount.complement().ratio
        cap = Amount.from_fraction(exact, unit, places=self.places)
        now = None if current is None else limit_of(current)
        changed = True
        if now is not None and self.no_change_band is not None:
            moved = abs(exact_in(cap, now.unit) - now.exact) / now.exact
            changed = moved > self.no_change_band.ratio
        return DynamicCap(self, span, tuple(chosen), average, exact, cap, now, changed)
