"""Dual caps: the factor two limbs imply, the break-even price, and which limb binds.

"4,000,000 barrels or 525,000 tons" implies 160/21 bbl/t; "US$400,870,018 or 7,500,000
metric tons, whichever is lower" has a break-even price of about 53.45 USD/t, above which
the value limb binds first.  Each operation takes a dual cap, its text, or a catalog measure
holding one (whose source and mark a derived factor keeps).
"""

from __future__ import annotations

from fractions import Fraction
from typing import final

import attrs

from ._amount import Amount
from ._errors import (
    InexactResultError,
    InvalidCapError,
    UnitMismatchError,
    ZeroBaselineError,
    shown,
)
from ._factors import ConversionFactor, Rate
from ._hooks import RichDisplay
from ._mark import Mark
from ._measure import DualCap, LimbRule
from ._numbers import fraction_text
from ._provenance import Explanation, Provenance, explanation, flag_suffix

__all__ = ["Binding", "binding_limb", "break_even", "implied_factor"]


def _dual(value: object, field: str) -> tuple[DualCap, Mark, str]:
    """A dual cap, its text, or a catalog measure holding one; with its mark and citation.

    A catalog measure lends the factor or price derived from it its own source and mark.
    """
    if isinstance(value, str):
        value = DualCap.parse(value)
    if isinstance(value, DualCap):
        # A caller's figures are never ranked V: a factor from them is the caller's (U,
        # no source); figures from a catalog lend it their weakest mark and citations.
        found = value.provenance
        citations = "; ".join(dict.fromkeys(s.citation for s in found.sources))
        return value, found.mark or Mark.U, citations
    measure, source = getattr(value, "measure", None), getattr(value, "source", None)
    mark, citation = getattr(source, "mark", None), getattr(source, "citation", None)
    if isinstance(measure, DualCap) and isinstance(mark, Mark) and isinstance(citation, str):
        return measure, mark, citation
    raise InvalidCapError(
        field=field,
        got=shown(value, 60),
        expected="a DualCap, its text, or a catalog measure of two limbs",
        fix="e.g. sc.DualCap.parse('4,000,000 bbl or 525,000 t per 12 months'), or "
        "sc.catalog().measure('2397-4-crude')",
    )


def implied_factor(cap: DualCap | str | object, *, name: str | None = None) -> ConversionFactor:
    """The factor the limbs of a dual cap imply: 4,000,000 bbl / 525,000 t = 160/21 bbl/t.

    The factor runs from the second limb's unit to the first's.  From a catalog measure it
    carries the measure's source and mark: the ratio the vetoed draft implies is no better
    sourced than the draft's figures.

    >>> import sanctioncalc as sc
    >>> draft = implied_factor(sc.catalog().measure("s-2022-431-crude"))
    >>> draft.value, draft.mark
    (Fraction(160, 21), Mark.V2)
    """
    cap, mark, citation = _dual(cap, "cap")
    first, second = cap.limbs[0], cap.limbs[1]
    if not second.exact:
        raise ZeroBaselineError(
            field="DualCap.limbs[1]",
            got=str(second),
            expected="a non-zero second limb",
            fix="a zero limb implies no factor; give the factor by name instead",
        )
    value = first.exact / second.exact
    return ConversionFactor(
        name=name or f"implied/{cap.commodity.name if cap.commodity else 'cap'}",
        value=value,
        from_unit=second.unit,
        to_unit=first.unit,
        product=cap.commodity.name if cap.commodity else "",
        table=f"implied by {cap}",
        source=citation,
        mark=mark,
    )


def break_even(cap: DualCap | str | object) -> Rate:
    """The price at which both limbs of a value-or-quantity cap bind at once.

    >>> str(break_even(DualCap.parse(
    ...     "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months")))
    '53.45 USD/t'
    """
    cap = _dual(cap, "cap")[0]
    money = [limb for limb in cap.limbs if limb.dimension.startswith("currency:")]
    other = [limb for limb in cap.limbs if not limb.dimension.startswith("currency:")]
    if len(money) != 1 or len(other) != 1:
        raise InvalidCapError(
            field="DualCap.limbs",
            got=", ".join(map(str, cap.limbs)),
            expected="one money limb and one quantity limb",
            fix="use implied_factor() for two quantity limbs",
        )
    if not other[0].exact:
        raise ZeroBaselineError(
            field="DualCap.limbs",
            got=str(other[0]),
            expected="a non-zero quantity limb",
            fix="with a zero quantity limb nothing may be supplied at any price; there is no "
            "break-even",
        )
    return Rate(money[0].exact / other[0].exact, money[0].unit / other[0].unit)


@final
@attrs.frozen
class Binding(RichDisplay):
    """Which limb of a value-or-quantity cap binds at a price, with what each limb allows.

    ``binding`` is None when the price is exactly the break-even (both limbs bind together).
    The allowed quantity and value are exact Fractions in the limbs' units.
    """

    cap: DualCap
    price: Rate
    binding: Amount | None
    break_even: Rate
    allowed_quantity_exact: Fraction
    allowed_value_exact: Fraction

    @property
    def tie(self) -> bool:
        """Whether the price is exactly the break-even."""
        return self.binding is None

    def quantity_allowed(self, *, places: int | None = None) -> Amount:
        """The quantity the cap allows at this price (exact, or rounded to *places*)."""
        return Amount.from_fraction(
            self.allowed_quantity_exact, _limb(self.cap, money=False).unit, places=places
        )

    def value_allowed(self, *, places: int | None = None) -> Amount:
        """The value the cap allows at this price (exact, or rounded to *places*)."""
        return Amount.from_fraction(
            self.allowed_value_exact, _limb(self.cap, money=True).unit, places=places
        )

    @property
    def provenance(self) -> Provenance:
        """The cap's figures' provenance (the price is the caller's)."""
        return self.cap.provenance

    def explain(self) -> Explanation:
        """The break-even and the binding limb written out exactly, with the cap's sources."""
        money, quantity = _limb(self.cap, money=True), _limb(self.cap, money=False)
        steps = (
            f"break-even = {money} / {quantity} = {fraction_text(self.break_even.value)} "
            f"{self.break_even.unit} ≈ {self.break_even}",
            f"at {self.price}: the value limb allows {money} / price = "
            f"{fraction_text(money.exact / self.price_in_cap_units)} "
            f"{quantity.unit}; the quantity limb allows {quantity}",
            "binding: "
            + ("both (the price is the break-even)" if self.binding is None else str(self.binding)),
        )
        return explanation(
            f"binding limb of {self.cap} at {self.price}",
            steps,
            ((str(limb), limb.provenance) for limb in self.cap.limbs),
            self.provenance,
        )

    @property
    def price_in_cap_units(self) -> Fraction:
        """The price in the cap's own money-per-quantity unit, exactly."""
        return self.price.value * self.price.unit.size / self.break_even.unit.size

    def __str__(self) -> str:
        return self.text + flag_suffix(self.provenance)

    @property
    def text(self) -> str:
        """The binding limb in words, without provenance flags."""
        which = (
            "both limbs bind (break-even)"
            if self.binding is None
            else f"the {self.binding} limb binds"
        )
        try:
            allowed = str(self.quantity_allowed())
        except InexactResultError:
            allowed = f"≈ {self.quantity_allowed(places=2)}"
        return f"at {self.price}, {which}: {allowed}; break-even {self.break_even}"


def _limb(cap: DualCap, *, money: bool) -> Amount:
    return next(limb for limb in cap.limbs if limb.dimension.startswith("currency:") is money)


def binding_limb(cap: DualCap | str | object, price: Rate | str) -> Binding:
    """Which limb of a "whichever is lower" cap binds at an average *price*.

    Above the break-even price (≈ 53.45 USD/t for the 2321 coal cap) the value limb binds
    first; below it the tonnage limb.

    >>> coal = DualCap.parse(
    ...     "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months")
    >>> str(binding_limb(coal, "60 USD/t").binding)
    '400,870,018 USD'
    """
    cap = _dual(cap, "cap")[0]
    if cap.rule is not LimbRule.WHICHEVER_LOWER:
        raise InvalidCapError(
            field="DualCap.rule",
            got=str(cap.rule),
            expected="a 'whichever is lower' cap",
            fix="with 'either', the supplier chooses the limb; no limb binds by price",
        )
    rate = price if isinstance(price, Rate) else Rate.parse(price)
    even = break_even(cap)
    if rate.unit.dimension != even.unit.dimension:
        raise UnitMismatchError(
            field="price",
            got=str(rate.unit),
            expected=f"a price in {even.unit} or another unit of {even.unit.dimension}",
            fix=f"give the average price per {even.unit.denominator}",
        )
    money, quantity = _limb(cap, money=True), _limb(cap, money=False)
    price_in = rate.value * rate.unit.size / even.unit.size  # in the cap's own units
    by_value = money.exact / price_in  # the quantity the value limb allows
    binding: Amount | None = None
    if by_value != quantity.exact:
        binding = money if by_value < quantity.exact else quantity
    allowed = min(by_value, quantity.exact)
    return Binding(cap, rate, binding, even, allowed, allowed * price_in)
