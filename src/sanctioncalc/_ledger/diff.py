"""Snapshot diff: what changed between two states of a ledger."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._errors import LedgerError, shown
from sanctioncalc._period import Periodic, Span

from .ledger import Ledger
from .normalise import Normalisation
from .records import Delivery
from .results import CapLike, Crossing
from .thresholds import UsageStatus, UsageThresholds

__all__ = [
    "CrossingChange",
    "Revision",
    "SnapshotDiff",
    "StatusChange",
    "snapshot_diff",
]


# -- snapshot diff ------------------------------------------------------------------------


@final
@attrs.frozen
class Revision:
    """A record present in both snapshots with different contents."""

    key: str
    old: Delivery
    new: Delivery
    fields: tuple[str, ...]

    def __str__(self) -> str:
        changes = ", ".join(
            f"{name} {getattr(self.old, name)} → {getattr(self.new, name)}" for name in self.fields
        )
        return f"revised {self.key}: {changes}"


@final
@attrs.frozen
class StatusChange:
    """A period's status on one limb moved between snapshots (None: no records then)."""

    period: Span
    limit: Amount
    old: UsageStatus | None
    new: UsageStatus | None

    def __str__(self) -> str:
        old, new = self.old or "no records", self.new or "no records"
        return f"{self.period} ({self.limit}): {old} → {new}"


@final
@attrs.frozen
class CrossingChange:
    """A threshold crossing that is new, or whose interval narrowed or moved."""

    period: Span
    limit: Amount
    old: Crossing | None
    new: Crossing

    def __str__(self) -> str:
        before = f" (was {self.old})" if self.old is not None else ""
        return f"{self.period} ({self.limit}): crossed {self.new}{before}"


@final
@attrs.frozen
class SnapshotDiff:
    """What changed between two snapshots of a ledger."""

    added: tuple[Delivery, ...]
    removed: tuple[Delivery, ...]
    revised: tuple[Revision, ...]
    crossings: tuple[CrossingChange, ...]
    transitions: tuple[StatusChange, ...]

    def __bool__(self) -> bool:
        parts = (self.added, self.removed, self.revised, self.crossings, self.transitions)
        return any(parts)

    def __str__(self) -> str:
        if not self:
            return "no changes"
        lines = [f"added {d}" for d in self.added]
        lines += [f"removed {d}" for d in self.removed]
        lines += [str(r) for r in self.revised]
        lines += [str(c) for c in self.crossings]
        lines += [str(t) for t in self.transitions]
        return "\n".join(lines)


def _keyed(ledger: Ledger) -> dict[str, Delivery]:
    keyed: dict[str, Delivery] = {}
    seen: Counter[str] = Counter()
    for delivery in ledger.current():
        if delivery.ref is not None:
            keyed[f"ref {delivery.ref}"] = delivery
            continue
        base = f"{delivery.reporter} | {delivery.span} | {delivery.product}"
        seen[base] += 1
        keyed[base if seen[base] == 1 else f"{base} #{seen[base]}"] = delivery
    return keyed


def snapshot_diff(
    old: Ledger,
    new: Ledger,
    cap: CapLike | None = None,
    *,
    normalisation: Normalisation | None = None,
    thresholds: UsageThresholds | None = None,
    as_of: date | None = None,
    period: Periodic | None = None,
) -> SnapshotDiff:
    """What changed from snapshot *old* to *new*: records, and with *cap*, crossings and status.

    Records are matched by ``ref`` where they have one, else by reporter, span and product
    (in order, when several share those).

    >>> last_week = Ledger([Delivery("2023-01", "400,000 bbl", reporter="X", ref="n1",
    ...                              reported=date(2023, 2, 20))])
    >>> this_week = last_week.with_deliveries(
    ...     Delivery("2023-02", "60,000 bbl", reporter="X", reported=date(2023, 3, 20)))
    >>> print(snapshot_diff(last_week, this_week, "500,000 bbl per 12 months from 1 Jan 2023"))
    added X: 60,000 bbl unknown, 1 Feb 2023 – 28 Feb 2023 (reported 20 Mar 2023)
    1 Jan 2023 – 31 Dec 2023 (500,000 bbl): crossed 90 % between 1 Feb 2023 and 28 Feb 2023
    1 Jan 2023 – 31 Dec 2023 (500,000 bbl): open → critical
    """
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, Ledger):
            raise LedgerError(
                field=name,
                got=shown(value, 60),
                expected="a Ledger",
                fix="pass two snapshots of one ledger, e.g. Ledger.from_csv(path).ledger",
            )
    before, after = _keyed(old), _keyed(new)
    added = tuple(d for k, d in after.items() if k not in before)
    removed = tuple(d for k, d in before.items() if k not in after)
    revised = tuple(
        Revision(
            key,
            before[key],
            d,
            tuple(
                f.name
                for f in attrs.fields(Delivery)
                if getattr(before[key], f.name) != getattr(d, f.name)
            ),
        )
        for key, d in after.items()
        if key in before and before[key] != d
    )
    crossings: list[CrossingChange] = []
    transitions: list[StatusChange] = []
    if cap is not None:
        options: dict[str, Any] = {
            "normalisation": normalisation,
            "thresholds": thresholds,
            "as_of": as_of,
            "period": period,
        }
        then = {u.period: u for u in old.utilization(cap, **options).periods}
        now = {u.period: u for u in new.utilization(cap, **options).periods}
        for span, usage in now.items():
            prior = then.get(span)
            for j, limb in enumerate(usage.limbs):
                was = prior.limbs[j] if prior is not None else None
                for crossing in limb.crossings:
                    earlier = was.crossing(crossing.level) if was is not None else None
                    if earlier != crossing:
                        crossings.append(CrossingChange(span, limb.limit, earlier, crossing))
                if was is None or was.status is not limb.status:
                    transitions.append(
                        StatusChange(span, limb.limit, was.status if was else None, limb.status)
                    )
        for span, usage in then.items():
            if span not in now:
                transitions.extend(
                    StatusChange(span, limb.limit, limb.status, None) for limb in usage.limbs
                )
    return SnapshotDiff(added, removed, revised, tuple(crossings), tuple(transitions))
