"""UsageThresholds: the shares of a cap at which a period changes status."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import final

import attrs

from sanctioncalc._errors import StrictEnumType
from sanctioncalc._percent import Percentage

from .fields import _refuse

__all__ = [
    "UsageStatus",
    "UsageThresholds",
]


# -- thresholds and status -----------------------------------------------------------------


class UsageStatus(enum.Enum, metaclass=StrictEnumType):
    """Where a period's use of a cap stands.

    ``OPEN`` below the critical level; ``CRITICAL`` from it (EU tariff quotas: 90 % of the
    initial volume); ``EXHAUSTED`` from the exhausted level (the 1718 Committee tells states
    to cease supplying at 95 %; an EU quota at 100 %); ``BREACHED`` above 100 %.
    """

    OPEN = "open"
    CRITICAL = "critical"
    EXHAUSTED = "exhausted"
    BREACHED = "breached"

    def __str__(self) -> str:
        return self.value


def _percentage(value: object) -> Percentage:
    if isinstance(value, Percentage):
        return value
    if isinstance(value, str):
        return Percentage.parse(value) if "%" in value else Percentage(value)
    return Percentage(value)


def _level_text(level: Percentage) -> str:
    """A level, with ``[unverified]`` or ``[secondary source]`` when its source says so."""
    mark = level.provenance.mark
    return f"{level} [{mark.short}]" if mark is not None and mark.strength < 2 else str(level)


def _levels(value: object) -> tuple[Percentage, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _refuse(
            "UsageThresholds.levels", value, "a tuple of percentages", "e.g. levels=(75, 90, 95)"
        )
    return tuple(_percentage(v) for v in value)


@final
@attrs.frozen(repr=False)
class UsageThresholds:
    """Notification levels on a cap's use, and the levels at which its status changes.

    ``UsageThresholds.un()`` is the 1718 Committee's: notices at 75 %, 90 % and 95 % (V for the
    2321 coal cap, U for refined products), critical from 90 %, exhausted at 95 % (when the
    Committee tells states to stop).  ``UsageThresholds.eu_quota()`` is an EU tariff quota's:
    critical at 90 % of the initial volume, exhausted at 100 %.

    >>> str(UsageThresholds.un())
    '75 %, 90 %, 95 % (critical 90 %, exhausted 95 %)'
    >>> UsageThresholds.eu_quota().status(Percentage(90))
    <UsageStatus.CRITICAL: 'critical'>
    """

    levels: tuple[Percentage, ...] = attrs.field(default=(75, 90, 95), converter=_levels)
    critical: Percentage = attrs.field(default=Percentage(90), converter=_percentage)
    exhausted: Percentage = attrs.field(default=Percentage(95), converter=_percentage)

    def __attrs_post_init__(self) -> None:
        values = [level.percent for level in self.levels]
        if any(not 0 < v <= 100 for v in values) or values != sorted(set(values)):
            raise _refuse(
                "UsageThresholds.levels",
                ", ".join(map(str, self.levels)),
                "increasing percentages above 0 and at most 100",
                "e.g. levels=(75, 90, 95)",
            )
        if not 0 < self.critical.percent <= self.exhausted.percent <= 100:
            raise _refuse(
                "UsageThresholds.critical",
                f"critical {self.critical}, exhausted {self.exhausted}",
                "0 < critical ≤ exhausted ≤ 100 %",
                "e.g. critical=90, exhausted=95",
            )

    @classmethod
    def un(cls) -> UsageThresholds:
        """The 1718 Committee's steps: 75/90/95 %, critical 90 %, exhausted 95 %."""
        return cls((75, 90, 95), 90, 95)

    @classmethod
    def eu_quota(cls) -> UsageThresholds:
        """An EU tariff quota's: critical (and notified) at 90 %, exhausted at 100 %."""
        return cls((90, 100), 90, 100)

    def status(self, share: Percentage) -> UsageStatus:
        """The status a share of the cap gives."""
        share = _percentage(share)
        if share.percent > 100:
            return UsageStatus.BREACHED
        if share >= self.exhausted:
            return UsageStatus.EXHAUSTED
        if share >= self.critical:
            return UsageStatus.CRITICAL
        return UsageStatus.OPEN

    def __str__(self) -> str:
        levels = ", ".join(map(_level_text, self.levels)) or "no levels"
        return f"{levels} (critical {self.critical}, exhausted {self.exhausted})"

    def __repr__(self) -> str:
        levels = tuple(level.exact for level in self.levels)
        return (
            f"UsageThresholds(levels={levels!r}, critical={self.critical.exact!r}, "
            f"exhausted={self.exhausted.exact!r})"
        )
