"""Which price cap applied to a cargo: the catalog's caps, wind-down windows included."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sanctioncalc._errors import InstrumentNotFoundError, InvalidCapError, InvalidPeriodError, shown
from sanctioncalc._mark import Mark
from sanctioncalc._period import format_date, to_date, to_optional_date
from sanctioncalc._price_cap import (
    AppliedCap,
    PriceCap,
    ProductClass,
    resolve_class,
)

from .catalog import catalog

__all__ = [
    "applicable_cap",
]


def applicable_cap(
    *,
    jurisdiction: str,
    contract_date: date | str,
    loading_date: date | str,
    unloading_date: date | str | None = None,
    product: str | None = None,
    hs_code: str | None = None,
    product_class: ProductClass | str | None = None,
    caps: Iterable[PriceCap] | None = None,
) -> AppliedCap:
    """Which price cap applied to a cargo, wind-down windows included.

    The cap is the one in force, in *jurisdiction* and for the cargo's class, on the
    cargo's latest date (contract, loading, and unloading where given), unless one of that
    cap's wind-down windows kept an earlier treatment.  *caps* defaults to the bundled
    catalog's.  Under UK rules a cargo contracted on 1 Sep 2025 and loaded on 10 Oct 2025
    kept the US$60 cap (UK notice of the 47.60 cap, V):

    >>> str(applicable_cap(jurisdiction="UK", product="crude oil",
    ...                    contract_date="2025-09-01", loading_date="2025-10-10").price)
    '60 USD/bbl'
    >>> str(applicable_cap(jurisdiction="UK", product="crude oil",
    ...                    contract_date="2025-09-01", loading_date="2025-10-18").price)
    '47.60 USD/bbl'
    """
    cls = resolve_class(product_class, product, hs_code)
    contract = to_date(contract_date, "contract_date")
    loading = to_date(loading_date, "loading_date")
    unloading = to_optional_date(unloading_date, "unloading_date")
    if unloading is not None and unloading < loading:
        raise InvalidPeriodError(
            field="unloading_date",
            got=f"unloaded {format_date(unloading)}, loaded {format_date(loading)}",
            expected="an unloading date on or after the loading date",
            fix="check the dates",
        )
    pool, citations = _pool(caps)
    known = sorted({j for cap in pool for j in cap.jurisdictions})
    if jurisdiction not in known:
        raise InstrumentNotFoundError(
            field="jurisdiction",
            got=shown(jurisdiction, 40),
            expected="one of " + ", ".join(known),
            fix="use a jurisdiction code the caps name",
        )
    mine = sorted(
        (c for c in pool if c.applies_in(jurisdiction) and c.product_class is cls),
        key=lambda c: c.effective_from,
    )
    reference = max(d for d in (contract, loading, unloading) if d is not None)
    in_force = next((c for c in reversed(mine) if c.in_force_on(reference)), None)
    flags: list[str] = []
    if in_force is None:
        later = next((c for c in mine if c.effective_from > reference), None)
        reason = f"no {cls} cap in force in {jurisdiction} on {format_date(reference)}"
        if later is not None:
            flags.extend(
                f"the {later.price} cap from {format_date(later.effective_from)} "
                f"applies unless the cargo is unloaded by {format_date(window.last_day)}"
                for window in later.wind_downs
                if window.covers(contract=contract, loading=loading, unloading=None) is None
            )
        return AppliedCap(jurisdiction, cls, reference, None, None, None, reason, tuple(flags))
    flags += _cap_flags(in_force, reference, citations)
    for window in in_force.wind_downs:
        covered = window.covers(contract=contract, loading=loading, unloading=unloading)
        if covered is None:
            flags.append(
                f"wind-down ({window}) needs the unloading date: without it the "
                f"{in_force.price} cap is assumed"
            )
        elif covered:
            if window.mark is not Mark.V:
                flags.append(f"wind-down {window.mark.qualifier}")
            kept = f"keeps {window.price}" if window.price is not None else "outside the cap"
            reason = f"wind-down of the {in_force.price} cap: {window}; this cargo {kept}"
            return AppliedCap(
                jurisdiction, cls, reference, in_force, window.price, window, reason, tuple(flags)
            )
    reason = f"the cap in force on {format_date(reference)}"
    return AppliedCap(
        jurisdiction, cls, reference, in_force, in_force.price, None, reason, tuple(flags)
    )


def _pool(caps: Iterable[PriceCap] | None) -> tuple[list[PriceCap], Mapping[int, str]]:
    """The caps to search, and flags per cap from the catalog (by object id)."""
    if caps is not None:
        pool = list(caps)
        if not all(isinstance(c, PriceCap) for c in pool):
            raise InvalidCapError(
                field="caps",
                got=", ".join(type(c).__name__ for c in pool)[:60],
                expected="PriceCap objects",
                fix="pass PriceCap values, or leave caps out to use the bundled catalog",
            )
        return pool, {}
    found: list[PriceCap] = []
    notes: dict[int, str] = {}
    for measure in catalog().measures():
        if isinstance(measure.measure, PriceCap):
            found.append(measure.measure)
            if measure.flags:
                notes[id(measure.measure)] = f"{measure.id}: {'; '.join(measure.flags)}"
    return found, notes


def _cap_flags(cap: PriceCap, day: date, citations: Mapping[int, str]) -> list[str]:
    flags = [citations[id(cap)]] if id(cap) in citations else []
    if cap.unverified_from is not None and day >= cap.unverified_from:
        flags.append(
            f"whether this cap still applied from {format_date(cap.unverified_from)} is unverified"
        )
    return flags
