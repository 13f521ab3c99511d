"""Operations on amounts and measures: deltas, cuts, comparisons, cumulative restrictions,
conversion, binding limbs, proration, and the inverse questions.

Signs, once for everything downstream: ``delta = new − old`` (negative for a reduction);
``cut = 1 − new/old`` (positive for a reduction; a ban is a 100 % cut).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, final

import attrs

from ._amount import Amount, express, trusted_amount, with_provenance
from ._errors import (
    InexactResultError,
    InvalidAmountError,
    InvalidCapError,
    InvalidPeriodError,
    ParseError,
    PeriodMismatchError,
    SanctionCalcError,
    UnitMismatchError,
    UnknownUnitError,
    ZeroBaselineError,
    shown,
)
from ._factors import ConversionFactor, convert_with, converted_base, mismatch_fix
from ._hooks import RichDisplay, renderer
from ._measure import Ban, Cap, DualCap, Measure, parse_measure
from ._numbers import MAX_DIGITS, MAX_PLACES, check_places, fraction_text, terminates, to_fraction
from ._percent import Percentage, trusted_percentage
from ._period import Period, Periodic, Span
from ._provenance import (
    CALLER,
    Explanation,
    Provenance,
    explanation,
    flag_suffix,
    provenance_of,
    source_provenance,
)
from ._units import Unit, to_unit

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Change",
    "Comparison",
    "annualise",
    "cap_for_cut",
    "compare",
    "convert",
    "cut",
    "delta",
    "factor_provenance",
    "prorate",
]

#: Bound on a same-unit delta computed on the fast path (the amount size limit).
_LIMIT = 10**MAX_DIGITS

Side = Amount | Cap | DualCap | Ban | str
Basis = Literal["months", "days"]


def factor_provenance(factor: ConversionFactor | None) -> Provenance:
    """A factor's provenance: a ranked figure if it names its source, else the caller's."""
    if factor is None or not factor.source:  # a factor of the caller's own
        return CALLER
    return source_provenance(
        f"{factor.name} = {factor.rate}",
        factor.source,
        None,
        factor.mark,
    )


def _with_flags(text: str, provenance: Provenance) -> str:
    lines = [text + flag_suffix(provenance)]
    lines += [f"  note: {note}" for note in provenance.notes]
    return "\n".join(lines)


def level_of(value: object, field: str) -> Amount | Measure:
    """A level an operation compares: an amount of zero or more, or a measure."""
    side = _any_side(value, field)
    if isinstance(side, Amount) and side.value < 0:
        # A level (a limit, a baseline, an amount supplied) is never below zero; a change
        # is what delta() returns, not what it takes.
        raise InvalidAmountError.negative_limit(field, str(side))
    return side


def _any_side(value: object, field: str) -> Amount | Measure:
    if isinstance(value, Amount | Cap | DualCap | Ban):
        return value
    if isinstance(value, str):
        try:
            return Amount.parse(value)
        except SanctionCalcError as amount_error:  # not a bare amount: read it as a measure
            try:
                return parse_measure(value)
            except ParseError:
                # "4 Mbbl" is an amount with a bad unit, not a malformed measure: the unit
                # error says how to fix it ('kbbl' or 'MMbbl', did you mean 'bbl').
                if isinstance(amount_error, UnknownUnitError) and " " not in str(
                    amount_error.facts.get("got", " ")
                ):
                    raise amount_error from None
                raise
    raise InvalidAmountError(
        field=field,
        got=shown(value, 60),
        expected="an Amount, Cap, DualCap, Ban, or text of one",
        fix="e.g. sc.Cap.parse('500,000 bbl per 12 months')",
    )


def _period_of(side: Amount | Measure) -> Period | None:
    return side.period if isinstance(side, Cap | DualCap) else None


def check_periods(old: Amount | Measure, new: Amount | Measure) -> None:
    a, b = _period_of(old), _period_of(new)
    if a is None or b is None:
        return
    if a.months is None or b.months is None or a.months != b.months:
        if isinstance(a, Span) and isinstance(b, Span) and a.days == b.days:
            return
        raise PeriodMismatchError(
            field="period",
            got=f"{a} against {b}",
            expected="periods of the same length (anchors may differ)",
            fix="bring one to the other's length first with sc.annualise(cap, basis='months') "
            "or sc.prorate(cap, span, basis='months')",
        )


@final
@attrs.frozen
class Change:
    """One limb's change from ``old`` to ``new``: ``delta = new − old``, ``cut = 1 − new/old``.

    ``places`` is set when a factor's conversion has no finite decimal form: ``new`` and
    ``delta`` are then rounded half-up to that many decimals, each from its exact value (so
    ``delta`` may differ from ``new − old`` in the last place), and ``cut`` is still exact.
    """

    old: Amount
    new: Amount
    delta: Amount
    cut: Percentage
    factor: ConversionFactor | None = None
    places: int | None = None

    @property
    def provenance(self) -> Provenance:
        """The old and new figures' provenance, and the factor's, combined."""
        return self.cut.provenance

    def __str__(self) -> str:
        return _with_flags(self.text, self.provenance)

    @property
    def text(self) -> str:
        """The change in words, without its provenance flags."""
        via = f" (via {self.factor.name})" if self.factor else ""
        rounded = (
            f" (new and delta rounded to {self.places} places)" if self.places is not None else ""
        )
        return f"{self.old} → {self.new}: {self.delta}, cut {self.cut}{via}{rounded}"

    def explain(self) -> Explanation:
        """The delta and the cut written out with exact values, and each input's source.

        >>> print(compare("500,000 bbl", "375,000 bbl").changes[0].explain())
        change from 500,000 bbl to 375,000 bbl
          delta = new − old = 375,000 bbl − 500,000 bbl = -125,000 bbl
          cut = 1 − new/old = 1 − 375000/500000 = 0.25 = 25 %
        inputs:
          500,000 bbl: given by the caller
          375,000 bbl: given by the caller
        provenance: mark caller
        """
        return explanation(
            f"change from {self.old} to {self.new}", self.steps(), self.inputs(), self.provenance
        )

    def steps(self) -> tuple[str, ...]:
        """The arithmetic, one line per figure (used by the explanations that contain it)."""
        new = self.new if self.factor is None else f"{self.new} (via {self.factor.name})"
        exact_new = self.old.exact * (1 - self.cut.ratio)  # before any rounding to places
        return (
            f"delta = new − old = {new} − {self.old} = {self.delta}",
            f"cut = 1 − new/old = 1 − {fraction_text(exact_new)}/"
            f"{fraction_text(self.old.exact)} = {fraction_text(self.cut.ratio)} = {self.cut}",
        )

    def inputs(self) -> tuple[tuple[str, Provenance], ...]:
        """Each input figure with its provenance."""
        found = [(str(self.old), self.old.provenance), (str(self.new), self.new.provenance)]
        if self.factor is not None:
            found.append((str(self.factor), factor_provenance(self.factor)))
        return tuple(found)


def require_base(old: Amount, base_old: Fraction) -> None:
    if base_old == 0:
        raise ZeroBaselineError(
            field="old",
            got=str(old),
            expected="a non-zero old amount",
            fix="a cut is relative to the old limit; from a ban (zero) only the delta exists",
        )


def _change(old: Amount, new: Amount, factor: ConversionFactor | None = None) -> Change:
    same_unit = old.unit is new.unit
    if same_unit:  # the unit's size cancels out of both the delta and the ratio
        base_old, base_new = old.exact, new.exact
    else:
        base_old = old.exact * old.unit.size
        base_new = new.exact * new.unit.size
    require_base(old, base_old)
    provenance = Provenance.combine(old.provenance, new.provenance, factor_provenance(factor))
    delta_ = with_provenance(_difference(old, new, base_new - base_old), provenance)
    cut_ = trusted_percentage((1 - base_new / base_old) * 100, provenance)
    return Change(old, new, delta_, cut_, factor)


def _difference(old: Amount, new: Amount, difference: Fraction) -> Amount:
    """``new − old`` (given as *difference*, in old's unit if they share it) in old's unit."""
    if old.unit is new.unit:
        amount = Amount.from_fraction(difference, old.unit)
    else:
        amount = express(difference, old.unit, new.unit)
    return with_provenance(amount, Provenance.combine(old.provenance, new.provenance))


def _converted_change(
    old: Amount, partner: Amount, factor: ConversionFactor, places: int | None
) -> Change:
    """The change from *old* to *partner* converted with *factor*; the cut is always exact."""
    base_new = converted_base(partner, factor, old.unit)
    converted = Provenance.combine(partner.provenance, factor_provenance(factor))
    if terminates(base_new / old.unit.size) or terminates(base_new / old.unit.base.size):
        # Exact in the limb's unit where possible, else in the base unit: the cut is a
        # ratio and does not depend on the unit shown.
        try:
            return _change(old, with_provenance(express(base_new, old.unit), converted), factor)
        except InexactResultError:
            pass  # it ends, but past MAX_PLACES: round it like one that never ends
    base_old = old.exact * old.unit.size
    require_base(old, base_old)
    if places is None:
        raise InexactResultError(
            field="places",
            got=f"{partner} via {factor.name} = {fraction_text(base_new / old.unit.size)} "
            f"{old.unit}",
            expected="a converted amount with a finite decimal form, or places=N",
            fix="pass places=N to round the converted amount and the delta half-up; the cut "
            "is exact either way (cut() alone needs no places)",
        )
    provenance = Provenance.combine(old.provenance, converted)
    return Change(
        old,
        with_provenance(
            Amount.from_fraction(base_new / old.unit.size, old.unit, places=places), converted
        ),
        with_provenance(
            Amount.from_fraction((base_new - base_old) / old.unit.size, old.unit, places=places),
            provenance,
        ),
        trusted_percentage((1 - base_new / base_old) * 100, provenance),
        factor,
        places,
    )


@final
@attrs.frozen
class Comparison(RichDisplay):
    """How a measure changed from ``old`` to ``new``, limb by limb.

    :attr:`cut` and :attr:`delta` answer directly when there is one change or when every
    limb was cut by the same percentage.
    """

    old: Amount | Measure
    new: Amount | Measure
    changes: tuple[Change, ...]

    @property
    def cut(self) -> Percentage:
        """The percentage cut, if every limb agrees on it."""
        if len(self.changes) == 1:
            return self.changes[0].cut
        cuts = {change.cut for change in self.changes}
        if len(cuts) != 1:
            raise InvalidCapError(
                field="Comparison.cut",
                got=", ".join(str(c) for c in self.changes),
                expected="one cut shared by every limb",
                fix="read each limb's cut from Comparison.changes",
            )
        return cuts.pop()

    @property
    def delta(self) -> Amount:
        """The change in the first limb's unit (``new − old``)."""
        return self.changes[0].delta

    @property
    def provenance(self) -> Provenance:
        """Every limb's provenance combined, and both sides'."""
        return Provenance.combine(
            *(c.provenance for c in self.changes),
            provenance_of(self.old),
            provenance_of(self.new),
        )

    def __str__(self) -> str:
        return _with_flags("; ".join(c.text for c in self.changes), self.provenance)

    def explain(self) -> Explanation:
        """Each limb's delta and cut written out with exact values, and each input's source.

        >>> print(compare("4,000,000 bbl", "3,000,000 bbl").explain().steps[1])
        cut = 1 − new/old = 1 − 3000000/4000000 = 0.25 = 25 %
        """
        return explanation(
            f"comparison of {self.old} with {self.new}",
            (step for c in self.changes for step in c.steps()),
            (item for c in self.changes for item in c.inputs()),
            self.provenance,
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per limb: display strings, exact strings in ``unit``, the cut in points.

        Needs pandas (``pip install 'sanctioncalc[pandas]'``).

        >>> c = compare("4,000,000 bbl or 525,000 t per 12 months", "3,000,000 bbl per 12 months")
        >>> c.to_frame()[["old", "new", "delta_exact", "unit", "cut_pct_exact"]].values.tolist()
        [['4,000,000 bbl', '3,000,000 bbl', '-1000000', 'bbl', '25']]
        """
        return renderer().frame(self)  # type: ignore[no-any-return]


def _commodity_name(*sides: Amount | Measure) -> str | None:
    """The commodity either side names (the old side first), for a hint."""
    for side in sides:
        commodity = getattr(side, "commodity", None)
        if commodity is not None:
            return str(commodity.name)
    return None


def _limbs_of(side: Amount | Measure) -> tuple[Amount, ...]:
    return (side,) if isinstance(side, Amount) else side.limbs


def compare(
    old: Side, new: Side, *, factor: ConversionFactor | None = None, places: int | None = None
) -> Comparison:
    """Compare two amounts or measures: the delta and percentage cut of each shared limb.

    Limbs are paired by dimension; with *factor*, a limb with no partner of its dimension
    is converted.  A ban on the new side is a 100 % cut of every old limb.

    >>> c = compare("4,000,000 bbl or 525,000 t per 12 months", "3,000,000 bbl per 12 months")
    >>> str(c.cut), str(c.delta)
    ('25 %', '-1,000,000 bbl')

    A converted limb is exact when it can be.  When it has no finite decimal form (barrels
    to tonnes at 7.33 bbl/t), *places* rounds the converted amount and the delta half-up and
    :attr:`Change.places` records it; the cut is exact either way:

    >>> from sanctioncalc import factor
    >>> c = compare("525,000 t", "3,000,000 bbl", factor=factor("ei-2021/crude-oil"), places=2)
    >>> str(c.changes[0].new), str(c.cut), c.cut.exact
    ('409,276.94 t', '22.04 %', '113100/5131 %')
    """
    if places is not None:
        check_places(places)
    return compare_levels(old, new, factor, places)


def compare_levels(
    old: Side, new: Side, factor: ConversionFactor | None, places: int | None
) -> Comparison:
    a, b = level_of(old, "old"), level_of(new, "new")
    check_periods(a, b)
    if isinstance(a, Ban):
        raise ZeroBaselineError(
            field="old",
            got=str(a),
            expected="a measure with a non-zero limit",
            fix="nothing can be cut from a ban; compare the limits that replaced it",
        )
    old_limbs = _limbs_of(a)
    if isinstance(b, Ban):
        changes = tuple(
            _change(limb, Amount(0, limb.unit, provenance=b.provenance)) for limb in old_limbs
        )
        return Comparison(a, b, changes)
    new_limbs = _limbs_of(b)
    changes_list: list[Change] = []
    for limb in old_limbs:
        partner = next((n for n in new_limbs if n.dimension == limb.dimension), None)
        if partner is not None:
            changes_list.append(_change(limb, partner))
    if not changes_list and factor is not None:
        across = {factor.from_unit.dimension, factor.to_unit.dimension}
        changes_list.extend(
            _converted_change(limb, partner, factor, places)
            for limb in old_limbs
            for partner in new_limbs
            if {limb.dimension, partner.dimension} == across
        )
    if not changes_list:
        raise UnitMismatchError(
            field="new",
            got=f"{' or '.join(map(str, old_limbs))} against {' or '.join(map(str, new_limbs))}",
            expected="limbs of a shared dimension, or a conversion factor",
            fix=mismatch_fix(old_limbs[0].dimension, new_limbs[0].dimension, _commodity_name(a, b)),
        )
    return Comparison(a, b, tuple(changes_list))


def delta(
    old: Side, new: Side, *, factor: ConversionFactor | None = None, places: int | None = None
) -> Amount:
    """``new − old`` in the old limit's unit (negative for a reduction).

    *places* rounds a delta that a factor's conversion leaves without a finite decimal
    form (see :func:`compare`).

    >>> delta("500,000 bbl", "375,000 bbl")
    Amount('-125000', 'bbl')
    """
    if places is None and type(old) is Amount and type(new) is Amount and old.unit is new.unit:
        # Same unit, whole numbers: the exact difference needs no Fraction and no context.
        n_old, d_old = old.value.as_integer_ratio()
        n_new, d_new = new.value.as_integer_ratio()
        if d_old == d_new == 1 and -_LIMIT < (difference := n_new - n_old) < _LIMIT:
            return trusted_amount(
                Decimal(difference), old.unit, Provenance.combine(old.provenance, new.provenance)
            )
    if factor is None:
        # From zero (a ban, or nothing supplied yet) there is no cut, but the delta exists.
        a, b = level_of(old, "old"), level_of(new, "new")
        first = a.limit if isinstance(a, Cap) else a
        second = b.limit if isinstance(b, Cap) else b
        if (
            isinstance(first, Amount)
            and isinstance(second, Amount)
            and first.dimension == second.dimension
            and not first.exact
        ):
            check_periods(a, b)
            if first.unit is second.unit:
                return _difference(first, second, second.exact)
            return _difference(first, second, second.exact * second.unit.size)
    return compare(old, new, factor=factor, places=places).delta


def cut(old: Side, new: Side, *, factor: ConversionFactor | None = None) -> Percentage:
    """The percentage cut ``1 − new/old`` (25 % for 4,000,000 → 3,000,000 bbl).

    >>> cut("4,000,000 bbl", "3,000,000 bbl").to_decimal()
    Decimal('25')
    """
    if type(old) is Amount and type(new) is Amount and old.value > 0 and new.value >= 0:
        # Two amounts: 100·(1 − b/a) from the integer ratios, in one normalisation.
        n_old, d_old = old.value.as_integer_ratio()
        n_new, d_new = new.value.as_integer_ratio()
        both = Provenance.combine(old.provenance, new.provenance)
        if old.unit is new.unit:  # the unit's size cancels out
            denominator = d_new * n_old
            return trusted_percentage(
                Fraction(100 * (denominator - n_new * d_old), denominator), both
            )
        if old.unit.dimension == new.unit.dimension:  # each side in the base unit
            size_old, size_new = old.unit.size, new.unit.size
            numerator = n_new * d_old * size_new.numerator * size_old.denominator
            denominator = d_new * n_old * size_new.denominator * size_old.numerator
            return trusted_percentage(Fraction(100 * (denominator - numerator), denominator), both)
    # The cut is exact whatever the places: they round only the amounts, unused here.
    return compare_levels(old, new, factor, MAX_PLACES).cut


def convert(
    amount: Amount | str,
    to: Unit | str,
    *,
    factor: ConversionFactor | None = None,
    places: int | None = None,
) -> Amount:
    """Convert an amount to *to*: exactly within a dimension, with a named factor across.

    >>> from sanctioncalc import implied_factor
    >>> convert("525,000 t", "bbl", factor=implied_factor(
    ...     DualCap.parse("4,000,000 bbl or 525,000 t per 12 months")))
    Amount('4000000', 'bbl')
    """
    value = amount if isinstance(amount, Amount) else Amount.parse(amount)
    target = to_unit(to)
    if value.dimension == target.dimension:
        return value.to(target, places=places)
    if factor is None:
        value.require_same_dimension(target, field="to")
    assert factor is not None
    return with_provenance(
        convert_with(value, factor, target, places=places),
        Provenance.combine(value.provenance, factor_provenance(factor)),
    )


def explain_conversion(
    amount: Amount, result: Amount, factor: ConversionFactor | None
) -> Explanation:
    """A conversion written out exactly, with the factor's source."""
    if factor is None or amount.dimension == result.dimension:
        ratio = exact_ratio(result, amount)
        per = f"{result.unit.symbol}/{amount.unit.symbol}"
        steps = [f"{fraction_text(amount.exact)} × {fraction_text(ratio)} {per} = {result}"]
        inputs = [(str(amount), amount.provenance)]
    else:
        steps = [f"{amount} at {factor.name} ({factor.rate}) = {result}"]
        inputs = [(str(amount), amount.provenance), (str(factor), factor_provenance(factor))]
    return explanation(f"conversion of {amount} to {result.unit}", steps, inputs, result.provenance)


def exact_ratio(result: Amount, amount: Amount) -> Fraction:
    """How many of *result*'s unit one of *amount*'s unit is (same dimension)."""
    return amount.unit.size / result.unit.size


def _ratio(span: Span, period: Periodic, basis: Basis) -> Fraction:
    if basis == "months":
        if span.months is None:
            raise InvalidPeriodError(
                field="span",
                got=str(span),
                expected="whole calendar months for basis='months'",
                fix="use basis='days' for a range that is not whole months",
            )
        return Fraction(span.months, period.months)
    if basis == "days":
        if period.anchor is None:
            raise InvalidPeriodError(
                field="Periodic.anchor",
                got="None",
                expected="an anchored period for basis='days'",
                fix="give the cap's period an anchor date, or use basis='months'",
            )
        # Each period the span touches contributes its own share: the days of the span inside
        # it over the days of that period (a leap year's 366, a short month's 28).
        share = Fraction(0)
        day = span.start
        while day < span.end:
            containing = period.containing(day)
            stop = min(containing.end, span.end)
            share += Fraction((stop - day).days, containing.days)
            day = stop
        return share
    raise InvalidPeriodError(
        field="basis",
        got=shown(basis, 60),
        expected="'months' or 'days'",
        fix="choose how to count the period's share",
    )


def _require_periodic(cap: Cap, field: str) -> Periodic:
    if not isinstance(cap.period, Periodic):
        raise InvalidPeriodError(
            field=field,
            got=str(cap.period),
            expected="a repeating period such as '12 months from 1 Jan 2018'",
            fix="prorate a repeating cap onto a span; annualise a span cap",
        )
    return cap.period


def prorate(cap: Cap | str, span: Span | str, *, basis: Basis, places: int | None = None) -> Cap:
    """The share of a repeating cap for a span.

    By calendar months the 2375 stub is 3/12 of 2,000,000 bbl; by days it is 92/365.  By
    days, each period the span touches contributes the days of the span inside it over the
    days of that period, so two whole years of an annual cap are exactly two caps.

    >>> annual = Cap.parse("2,000,000 bbl per 12 months from 1 Jan 2018")
    >>> prorate(annual, "1 Oct 2017 – 31 Dec 2017", basis="months").limit
    Amount('500000', 'bbl')
    >>> prorate(annual, "1 Oct 2017 – 31 Dec 2017", basis="days", places=2).limit
    Amount('504109.59', 'bbl')
    """
    value = cap if isinstance(cap, Cap) else Cap.parse(cap)
    target = span if isinstance(span, Span) else Span.parse(span)
    period = _require_periodic(value, "cap.period")
    share = _ratio(target, period, basis)
    limit = Amount.from_fraction(value.limit.exact * share, value.limit.unit, places=places)
    return Cap(limit, target, value.commodity)


def annualise(
    cap: Cap | str,
    *,
    basis: Basis,
    period: Periodic | str | None = None,
    places: int | None = None,
) -> Cap:
    """The repeating cap a stub cap corresponds to (12 months unless *period* says otherwise).

    >>> stub = Cap.parse("500,000 bbl for 1 Oct 2017 – 31 Dec 2017")
    >>> annualise(stub, basis="months").limit
    Amount('2000000', 'bbl')
    """
    value = cap if isinstance(cap, Cap) else Cap.parse(cap)
    if not isinstance(value.period, Span):
        raise InvalidPeriodError(
            field="cap.period",
            got=str(value.period),
            expected="a span (a stub period)",
            fix="a repeating cap is already per period; use prorate() to go the other way",
        )
    target = (
        period
        if isinstance(period, Periodic)
        else (Periodic.parse(period) if isinstance(period, str) else Periodic(12, value.period.end))
    )
    share = _ratio(value.period, target, basis)
    limit = Amount.from_fraction(value.limit.exact / share, value.limit.unit, places=places)
    return Cap(limit, target, value.commodity)


def cap_for_cut(
    old: Amount | Cap | str,
    cut: Percentage | str | int | Fraction,
    /,
    *,
    places: int | None = None,
) -> Amount:
    """The limit that a given cut of *old* leaves (the inverse of :func:`cut`).

    Exact, or rounded half-up to *places*; raises :class:`InexactResultError` when the
    limit has no finite decimal form (a cut of 1/3 %) and *places* is None.

    >>> cap_for_cut("500,000 bbl", "40 %")
    Amount('300000', 'bbl')
    """
    side = level_of(old, "old")
    if not isinstance(side, Amount | Cap):
        raise InvalidAmountError(
            field="old",
            got=str(side),
            expected="an amount or a one-limb cap",
            fix="pick a limb of a dual cap first, e.g. cap.limb('bbl')",
        )
    amount = side if isinstance(side, Amount) else side.limit
    pct = (
        cut
        if isinstance(cut, Percentage)
        else (
            Percentage.parse(cut) if isinstance(cut, str) else Percentage(to_fraction(cut, "cut"))
        )
    )
    if pct.percent > 100:
        raise InvalidAmountError(
            field="cut",
            got=str(pct),
            expected="a cut of at most 100 %",
            fix="a cut above 100 % would leave a negative limit",
        )
    return Amount.from_fraction(amount.exact * (1 - pct.ratio), amount.unit, places=places)
