"""Estimates by the Panel of Experts' method: deliveries × tanker capacity × laden fraction.

Where states under-report, the Panel of Experts and several states estimate what reached the
DPRK from observed tanker deliveries: the number of deliveries times each tanker's listed
capacity (deadweight tonnes, or barrels) times an assumed laden fraction (one third, half,
90 %, full), stated as multiples of the cap.  An estimate is not a reported figure: it is a
type of its own that never adds to a :class:`~sanctioncalc.Delivery`, a
:class:`~sanctioncalc.Ledger` or another amount (:class:`EstimateMixError`).  Show the two
side by side instead (:meth:`TankerEstimate.beside`).

Deadweight is a mass; turning it into barrels needs a named factor, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, ClassVar, Final, NoReturn, TypeVar, final

import attrs

from sanctioncalc._amount import Amount, exact_in
from sanctioncalc._errors import (
    EstimateMixError,
    InvalidAmountError,
    UnitMismatchError,
    ZeroBaselineError,
    shown,
)
from sanctioncalc._factors import ConversionFactor
from sanctioncalc._numbers import display_fraction, to_fraction
from sanctioncalc._period import Span
from sanctioncalc._units import Unit, to_unit

from .engine import _resolve
from .results import CapLike, LimbUsage, PeriodUsage

__all__ = [
    "PANEL_SCENARIOS",
    "LadenScenario",
    "ScenarioEstimate",
    "TankerDeliveries",
    "TankerEstimate",
    "estimate_deliveries",
]


def _mix(left: object, right: object) -> NoReturn:
    raise EstimateMixError(
        field="addition",
        got=f"{type(left).__name__} + {type(right).__name__}",
        expected="estimates kept apart from reported figures and from each other's scenarios",
        fix="compare them side by side: TankerEstimate.beside(utilization.latest)",
    )


def _vessel(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 120:
        raise InvalidAmountError(
            field=f"TankerDeliveries.{attribute.name}",
            got=shown(value, 60),
            expected="a vessel name (1 to 120 characters)",
            fix="name the tanker as the report does",
        )


def _capacity(value: object) -> Amount:
    amount = Amount.parse(value) if isinstance(value, str) else value
    if not isinstance(amount, Amount) or amount.dimension not in ("mass", "volume"):
        raise InvalidAmountError(
            field="TankerDeliveries.capacity",
            got=shown(value, 60),
            expected="a capacity in deadweight tonnes or in barrels",
            fix="e.g. '3,000 t' (deadweight) or '20,000 bbl'",
        )
    if amount.value <= 0:
        raise InvalidAmountError(
            field="TankerDeliveries.capacity",
            got=str(amount),
            expected="a capacity above zero",
            fix="give the tanker's listed capacity",
        )
    return amount


def _count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidAmountError(
            field=f"TankerDeliveries.{attribute.name}",
            got=shown(value, 40),
            expected="a whole number of deliveries, zero or more",
            fix="count the observed deliveries",
        )


@final
@attrs.frozen
class TankerDeliveries:
    """Deliveries observed for one tanker, with its listed capacity.

    >>> t = TankerDeliveries("Vessel A", "3,000 t", 4)
    >>> str(t)
    'Vessel A: 4 deliveries × 3,000 t'
    """

    vessel: str = attrs.field(validator=_vessel)
    capacity: Amount = attrs.field(converter=_capacity)
    deliveries: int = attrs.field(validator=_count)
    source: str = attrs.field(default="", kw_only=True)

    def __str__(self) -> str:
        return f"{self.vessel}: {self.deliveries} deliveries × {self.capacity}"


def _fraction(value: object) -> Fraction:
    result = to_fraction(value, "LadenScenario.fraction")
    if not 0 < result <= 1:
        raise InvalidAmountError(
            field="LadenScenario.fraction",
            got=str(result),
            expected="a fraction above 0 and at most 1",
            fix="one third laden is Fraction(1, 3); fully laden is 1",
        )
    return result


@final
@attrs.frozen
class LadenScenario:
    """An assumed laden fraction, with the label reports use for it."""

    label: str
    fraction: Fraction = attrs.field(converter=_fraction)

    def __str__(self) -> str:
        return f"{self.label} ({display_fraction(self.fraction * 100)} %)"


#: The fractions the Panel of Experts' reports use: one third, half, 90 %, full.
PANEL_SCENARIOS: Final = (
    LadenScenario("one third laden", Fraction(1, 3)),
    LadenScenario("half laden", Fraction(1, 2)),
    LadenScenario("90 % laden", Fraction(9, 10)),
    LadenScenario("fully laden", Fraction(1)),
)


@final
@attrs.frozen
class ScenarioEstimate:
    """One scenario's estimate: an exact volume and, with a cap, its multiple of the cap.

    Never summed with reported figures: ``+`` raises :class:`EstimateMixError`.
    """

    _ESTIMATE: ClassVar[bool] = True

    scenario: LadenScenario
    volume: Fraction
    unit: Unit
    multiple: Fraction | None

    def amount(self, *, places: int = 0) -> Amount:
        """The volume rounded half-up to *places* (for display; the exact value is ``volume``)."""
        return Amount.from_fraction(self.volume, self.unit, places=places)

    def __str__(self) -> str:
        times = "" if self.multiple is None else f" = {display_fraction(self.multiple)} × the cap"
        return f"{self.scenario.label}: ≈ {self.amount()}{times}"

    def __add__(self, other: object) -> NoReturn:
        _mix(self, other)

    def __radd__(self, other: object) -> NoReturn:
        _mix(other, self)


@final
@attrs.frozen
class TankerEstimate:
    """Estimated volumes under each laden scenario, side by side.

    Never summed with reported figures: ``+`` raises :class:`EstimateMixError`.
    """

    _ESTIMATE: ClassVar[bool] = True

    tankers: tuple[TankerDeliveries, ...]
    factor: ConversionFactor | None
    unit: Unit
    limit: Amount | None
    span: Span | None
    scenarios: tuple[ScenarioEstimate, ...]

    @property
    def capacity(self) -> Fraction:
        """Deliveries × capacity, fully laden, exactly, in :attr:`unit`."""
        return sum(
            (t.deliveries * _volume(t, self.factor, self.unit) for t in self.tankers), Fraction(0)
        )

    def scenario(self, label: str) -> ScenarioEstimate:
        """The estimate of the scenario with this label."""
        for estimate in self.scenarios:
            if estimate.scenario.label == label:
                return estimate
        raise InvalidAmountError(
            field="label",
            got=shown(label, 60),
            expected="one of " + ", ".join(repr(e.scenario.label) for e in self.scenarios),
            fix="use a scenario's label",
        )

    def beside(self, usage: PeriodUsage | LimbUsage) -> str:
        """This estimate next to what was reported for a period, never added to it."""
        if not isinstance(usage, PeriodUsage | LimbUsage):
            raise InvalidAmountError(
                field="usage",
                got=shown(usage, 60),
                expected="a PeriodUsage or LimbUsage from a ledger's utilization",
                fix="pass utilization.latest or one of utilization.periods",
            )
        limb = usage.limb(self.unit) if isinstance(usage, PeriodUsage) else usage
        reported = exact_in(limb.used, self.unit)
        lines = [f"reported: {limb.used} ({limb.share} of {limb.limit})"]
        for estimate in self.scenarios:
            ratio = (
                f", {display_fraction(estimate.volume / reported)} × reported" if reported else ""
            )
            lines.append(f"estimated, {estimate}{ratio}")
        return "\n".join(lines)

    def __str__(self) -> str:
        head = f"estimate from {sum(t.deliveries for t in self.tankers)} tanker deliveries"
        if self.span is not None:
            head += f", {self.span}"
        if self.factor is not None:
            head += f" (deadweight at {self.factor})"
        return "\n".join([head, *(f"  {e}" for e in self.scenarios)])

    def __add__(self, other: object) -> NoReturn:
        _mix(self, other)

    def __radd__(self, other: object) -> NoReturn:
        _mix(other, self)


def _volume(tanker: TankerDeliveries, factor: ConversionFactor | None, unit: Unit) -> Fraction:
    capacity = tanker.capacity
    if capacity.dimension == unit.dimension:
        return exact_in(capacity, unit)
    if factor is not None:
        if capacity.dimension == factor.from_unit.dimension == "mass" and (
            factor.to_unit.dimension == unit.dimension
        ):
            return (
                exact_in(capacity, factor.from_unit)
                * factor.value
                * factor.to_unit.size
                / unit.size
            )
        if capacity.dimension == factor.to_unit.dimension and (
            factor.from_unit.dimension == unit.dimension
        ):
            return (
                exact_in(capacity, factor.to_unit)
                / factor.value
                * factor.from_unit.size
                / unit.size
            )
    raise UnitMismatchError(
        field="factor",
        got=f"{tanker.vessel}'s capacity in {capacity.unit} for an estimate in {unit}",
        expected="a named factor between deadweight tonnes and the estimate's unit",
        fix="pass factor=sc.factor('ei-2021/gas-oil-diesel') or another named factor",
    )


_T = TypeVar("_T")


def _items(values: object, field: str, kind: type[_T], build: str) -> tuple[_T, ...]:
    """*values* as a tuple of *kind*, or the error naming the first that is not one."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidAmountError(
            field=field,
            got=shown(values, 60),
            expected=f"a list of {kind.__name__}",
            fix=f"build {build} for each",
        )
    items = tuple(values)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidAmountError(
                field=f"{field}[{index}]",
                got=shown(item, 60),
                expected=kind.__name__,
                fix=f"build {build}",
            )
    return items


def estimate_deliveries(
    tankers: Iterable[TankerDeliveries],
    *,
    factor: ConversionFactor | None = None,
    unit: Unit | str = "bbl",
    cap: CapLike | None = None,
    scenarios: Sequence[LadenScenario] = PANEL_SCENARIOS,
    span: Span | None = None,
) -> TankerEstimate:
    """Deliveries × capacity × laden fraction, per scenario, and as multiples of *cap*.

    A capacity in deadweight tonnes needs *factor* (a named tonnes-to-barrels factor).
    Figures are exact; they are shown rounded.  The example numbers are illustrative.

    >>> est = estimate_deliveries(
    ...     [TankerDeliveries("Vessel A", "20,000 bbl", 10)],
    ...     cap="500,000 bbl per 12 months from 1 Jan 2018")
    >>> [str(e) for e in est.scenarios]  # doctest: +NORMALIZE_WHITESPACE
    ['one third laden: ≈ 66,667 bbl = 0.13 × the cap',
     'half laden: ≈ 100,000 bbl = 0.2 × the cap',
     '90 % laden: ≈ 180,000 bbl = 0.36 × the cap',
     'fully laden: ≈ 200,000 bbl = 0.4 × the cap']
    """
    target = to_unit(unit)
    observed = _items(
        tankers, "tankers", TankerDeliveries, "TankerDeliveries(vessel, capacity, deliveries)"
    )
    chosen = _items(scenarios, "scenarios", LadenScenario, "LadenScenario(label, fraction)")
    if factor is not None and not isinstance(factor, ConversionFactor):
        raise InvalidAmountError(
            field="factor",
            got=shown(factor, 60),
            expected="a ConversionFactor or None",
            fix="pass factor=sc.factor('ei-2021/gas-oil-diesel') or another named factor",
        )
    limit: Amount | None = None
    if cap is not None:
        measure, _ = _resolve(cap)
        matching = [limb for limb in measure.limbs if limb.dimension == target.dimension]
        if not matching:
            raise UnitMismatchError(
                field="cap",
                got=str(measure),
                expected=f"a limb in {target.dimension}",
                fix="estimate in the unit of one of the cap's limbs",
            )
        limit = matching[0]
        if not limit:
            raise ZeroBaselineError(
                field="cap",
                got=str(measure),
                expected="a cap whose limit is above zero",
                fix="any delivery breaches a zero limit; estimate without cap= to see the volumes",
            )
    if span is not None and not isinstance(span, Span):
        raise InvalidAmountError(
            field="span", got=shown(span, 60), expected="a Span or None", fix="pass a Span"
        )
    full = sum((t.deliveries * _volume(t, factor, target) for t in observed), Fraction(0))
    results = tuple(
        ScenarioEstimate(
            scenario,
            full * scenario.fraction,
            target,
            None if limit is None else full * scenario.fraction / exact_in(limit, target),
        )
        for scenario in chosen
    )
    return TankerEstimate(observed, factor, target, limit, span, results)
