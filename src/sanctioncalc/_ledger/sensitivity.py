"""Sensitivity to the factor table, and reconciliation with published totals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._errors import LedgerError, shown
from sanctioncalc._factors import ConversionFactor
from sanctioncalc._measure import Cap, DualCap
from sanctioncalc._numbers import display_fraction
from sanctioncalc._percent import Percentage
from sanctioncalc._period import Span

from .fields import _refuse
from .normalise import Conversion, Normalisation
from .records import Delivery, PublishedTotal
from .results import Utilization
from .thresholds import UsageStatus

__all__ = [
    "Reconciliation",
    "Sensitivity",
    "SensitivityRow",
]


# -- sensitivity and reconciliation -------------------------------------------------------


@final
@attrs.frozen
class SensitivityRow:
    """One period's binding use under one normalisation."""

    normalisation: Normalisation
    period: Span
    used: Amount
    share: Percentage
    status: UsageStatus
    factors: tuple[ConversionFactor, ...]


@final
@attrs.frozen
class Sensitivity:
    """How the share used moves with the conversion table (what-if), period by period."""

    cap: Cap | DualCap
    rows: tuple[SensitivityRow, ...]

    def spread(self, period: Span) -> Percentage:
        """Largest minus smallest share across normalisations for one period."""
        shares = [row.share.percent for row in self.rows if row.period == period]
        if not shares:
            raise LedgerError(
                field="period",
                got=shown(period, 60),
                expected="a period with counted records",
                fix="pick one of the rows' periods",
            )
        return Percentage(max(shares) - min(shares))

    def __str__(self) -> str:
        lines = [f"sensitivity of {self.cap} to the conversion table"]
        for row in self.rows:
            factors = ", ".join(f"{f.name} {display_fraction(f.value, 4)}" for f in row.factors)
            lines.append(
                f"{row.period}  {row.normalisation!s:<40} {row.used}  {row.share}  "
                f"{row.status}" + (f"  [{factors}]" if factors else "")
            )
        return "\n".join(lines)


def side_by_side(utilizations: Sequence[Utilization]) -> Sensitivity:
    """Put utilizations of one cap under several normalisations side by side."""
    rows = [
        SensitivityRow(
            u.normalisation,
            usage.period,
            usage.used,
            usage.share,
            usage.status,
            u.factors(),
        )
        for u in utilizations
        for usage in u.periods
    ]
    rows.sort(key=lambda row: row.period.start)
    return Sensitivity(utilizations[0].cap, tuple(rows))


def _normalisations(values: Iterable[Normalisation | str]) -> list[Normalisation]:
    if isinstance(values, str | Normalisation) or not isinstance(values, Iterable):
        raise _refuse(
            "normalisations",
            shown(values, 60),
            "a list of Normalisations or table keys",
            "e.g. ('unsd', 'ei-2021', 'bp-older')",
        )
    result = [v if isinstance(v, Normalisation) else Normalisation(table=v) for v in values]
    if not result:
        raise _refuse(
            "normalisations",
            "nothing",
            "one or more Normalisations or table keys",
            "e.g. ('unsd', 'ei-2021', 'bp-older')",
        )
    return result


@final
@attrs.frozen
class Reconciliation:
    """A published total beside the sum of its parts, and the difference (published − parts)."""

    total: PublishedTotal
    parts: tuple[Delivery, ...]
    summed: Amount
    difference: Amount
    conversions: tuple[Conversion, ...]
    #: Records of the reporter that overlap the total's span without lying inside it.
    straddling: tuple[Delivery, ...]

    @property
    def matches(self) -> bool:
        """Whether the parts add up to the published total exactly."""
        return not self.difference

    def __str__(self) -> str:
        text = (
            f"{self.total}; the {len(self.parts)} parts sum to {self.summed}: "
            f"difference {self.difference}"
        )
        if self.straddling:
            text += f" ({len(self.straddling)} records overlap the span only partly)"
        return text
