"""Shares, multiples, changes and solved baselines: the ratios analysts publish.

A reported tally as a share of the cap (168,679 bbl of 500,000 bbl is 33.74 %), an estimate
as a multiple of it, a rise as a rise (2,239.50 %, not a cut of −2,239.50 %), and the baseline
a published cut implies.  Each takes amounts, caps, dual caps (the limb of the part's
dimension) or catalog measures, all exact.
"""

from __future__ import annotations

from fractions import Fraction

from ._amount import Amount, exact_in, with_provenance
from ._errors import InvalidAmountError, UnitMismatchError, ZeroBaselineError, shown
from ._measure import Cap, DualCap
from ._ops import Side, cut, level_of
from ._percent import Multiple, Percentage, trusted_percentage
from ._provenance import Provenance
from ._units import dimension_fix

__all__ = ["baseline_for_cut", "percent_change", "ratio", "share"]


def _amount_of(value: object, field: str, like: Amount | None = None) -> Amount:
    """An amount of zero or more: given, a cap's limit, or a dual cap's limb like *like*."""
    measure = getattr(value, "measure", None)
    if isinstance(measure, Cap | DualCap):  # a catalog measure
        value = measure
    side = level_of(value, field)
    if isinstance(side, Amount):
        return side
    if isinstance(side, Cap):
        return side.limit
    if isinstance(side, DualCap):
        if like is not None:
            for limb in side.limbs:
                if limb.dimension == like.dimension:
                    return limb
        raise UnitMismatchError(
            field=field,
            got=str(side),
            expected="a limb of the part's dimension" if like else "one amount or a one-limb cap",
            fix="pick a limb first, e.g. cap.limb('bbl')",
        )
    raise InvalidAmountError(
        field=field,
        got=shown(side, 60),
        expected="an amount, a cap or a catalog measure with a limit",
        fix="a ban has no limit to take a share of",
    )


def _quotient(part: Amount, whole: Amount, field: str) -> Fraction:
    if part.dimension != whole.dimension:
        raise UnitMismatchError(
            field=field,
            got=f"{part} against {whole}",
            expected="amounts of one dimension",
            fix=dimension_fix(part.dimension, whole.dimension),
        )
    if not whole.exact:
        raise ZeroBaselineError(
            field=field,
            got=str(whole),
            expected="a non-zero amount to compare with",
            fix="nothing is a share or a multiple of zero",
        )
    return exact_in(part, whole.unit) / whole.exact


def share(part: Amount | str, whole: Side | object) -> Percentage:
    """*part* as an exact percentage of *whole* (a limit, a cap, or a catalog measure).

    The tally of all reporting states to 4 December 2024, 168,679 bbl, against the refined
    petroleum cap of S/RES/2397 (2017) para 5 (as reported by the Korea Herald, V2):

    >>> s = share("168,679 bbl", "500,000 bbl per 12 months from 1 Jan 2018")
    >>> str(s), s.exact
    ('33.74 %', '33.7358 %')
    """
    amount = _amount_of(part, "part")
    total = _amount_of(whole, "whole", amount)
    found = Percentage.from_ratio(_quotient(amount, total, "whole"))
    return trusted_percentage(
        found.percent, Provenance.combine(amount.provenance, total.provenance)
    )


def ratio(a: Amount | str | object, b: Amount | str | object) -> Multiple:
    """*a* as an exact multiple of *b*: the IAEA's 4,744.5 kg against the 202.8 kg limit.

    >>> m = ratio("4,744.5 kg", "202.8 kg")
    >>> str(m), m.exact
    ('23.39×', '15815/676×')
    """
    first = _amount_of(a, "a")
    second = _amount_of(b, "b", first)
    return Multiple(
        _quotient(first, second, "b"),
        provenance=Provenance.combine(first.provenance, second.provenance),
    )


def percent_change(old: Side, new: Side) -> Percentage:
    """The change from *old* to *new* as a percentage of *old*: ``new/old − 1``.

    The opposite of :func:`cut`, so that a rise reads as a rise.

    >>> str(percent_change("202.8 kg", "4,744.5 kg"))
    '2,239.50 %'
    >>> str(percent_change("4,500,000 bbl", "500,000 bbl"))
    '-88.89 %'
    """
    return -cut(old, new)


def baseline_for_cut(
    new: Amount | Cap | str,
    cut: Percentage | str | int | Fraction,
    /,
    *,
    places: int | None = None,
) -> Amount:
    """The level that a cut of *cut* leads from to *new*: ``new / (1 − cut)``.

    The inverse of :func:`cap_for_cut`.

    2397 cut refined imports by 800/9 % (88.89 %) to 500,000 bbl a year: from 4,500,000 bbl.

    >>> baseline_for_cut("500,000 bbl", "800/9 %")
    Amount('4500000', 'bbl')
    """
    amount = _amount_of(new, "new")
    pct = (
        cut
        if isinstance(cut, Percentage)
        else (Percentage.parse(cut) if isinstance(cut, str) else Percentage(cut))
    )
    if pct.percent >= 100:
        raise InvalidAmountError(
            field="cut",
            got=str(pct),
            expected="a cut below 100 %",
            fix="a cut of 100 % or more leaves nothing from which to solve the baseline",
        )
    found = Amount.from_fraction(amount.exact / (1 - pct.ratio), amount.unit, places=places)
    return with_provenance(found, Provenance.combine(amount.provenance, pct.provenance))
