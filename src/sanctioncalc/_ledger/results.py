"""The result types of counting a ledger against a cap."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any, final

import attrs

from sanctioncalc._amount import Amount, exact_in
from sanctioncalc._catalog import CatalogMeasure
from sanctioncalc._errors import InvalidCapError, LedgerError, missing_extra
from sanctioncalc._factors import ConversionFactor
from sanctioncalc._hooks import RichDisplay
from sanctioncalc._measure import Cap, DualCap
from sanctioncalc._numbers import fraction_text
from sanctioncalc._ops import factor_provenance
from sanctioncalc._percent import Percentage
from sanctioncalc._period import Span, format_date, to_date
from sanctioncalc._provenance import Provenance, flag_suffix, library_version
from sanctioncalc._units import Unit, to_unit

from .fields import MICRO, records_text
from .normalise import ConversionMethod, Normalisation
from .thresholds import UsageStatus, UsageThresholds, _percentage

__all__ = [
    "ConversionSummary",
    "Crossing",
    "Exclusions",
    "LimbUsage",
    "PeriodUsage",
    "ReporterUsage",
    "Utilization",
]


# -- results ---------------------------------------------------------------------------------


@final
@attrs.frozen
class Crossing:
    """When cumulative deliveries reached a level: the narrowest interval the data support.

    A record covering March–December that takes the total past 90 % places the crossing
    somewhere in March–December, never on a day the data do not show.

    >>> c = Crossing(Percentage(90), date(2023, 3, 1), date(2023, 12, 31))
    >>> str(c)
    '90 % between 1 Mar 2023 and 31 Dec 2023'
    """

    level: Percentage
    earliest: date
    latest: date

    @property
    def interval(self) -> Span:
        """The days on which the crossing may have happened (inclusive)."""
        return Span.inclusive(self.earliest, self.latest)

    @property
    def day(self) -> date | None:
        """The day of the crossing, when the data place it on one day."""
        return self.earliest if self.earliest == self.latest else None

    @property
    def provenance(self) -> Provenance:
        """The level's provenance (a catalog threshold's source and mark)."""
        return self.level.provenance

    def __str__(self) -> str:
        mark = self.level.provenance.mark
        flag = f" [threshold {mark.qualifier}]" if mark is not None and mark.strength < 2 else ""
        if self.day is not None:
            return f"{self.level} on {format_date(self.day)}{flag}"
        return (
            f"{self.level} between {format_date(self.earliest)} and "
            f"{format_date(self.latest)}{flag}"
        )


@final
@attrs.frozen
class ReporterUsage:
    """What one reporter's records used of a limb in a period."""

    reporter: str
    records: int
    used: Amount
    share: Percentage

    def __str__(self) -> str:
        return f"{self.reporter}: {self.used} ({self.share}, {records_text(self.records)})"


@final
@attrs.frozen
class LimbUsage:
    """Use of one limb of a cap in one period.

    ``headroom`` is what is left (zero once used up); ``excess`` what went over (zero until
    then); :attr:`multiple` the use as a multiple of the limit.
    """

    limit: Amount
    used: Amount
    share: Percentage
    headroom: Amount
    excess: Amount
    status: UsageStatus
    crossings: tuple[Crossing, ...]
    reporters: tuple[ReporterUsage, ...]

    @property
    def multiple(self) -> Fraction:
        """Use as a multiple of the limit (``Fraction(3, 2)`` is 1.5 times the cap)."""
        return self.share.ratio

    def crossing(self, level: Percentage | int | str) -> Crossing | None:
        """The crossing of *level*, or None if it was not reached."""
        wanted = _percentage(level)
        return next((c for c in self.crossings if c.level == wanted), None)

    def __str__(self) -> str:
        return f"{self.used} of {self.limit}: {self.share} ({self.status})"


@final
@attrs.frozen
class PeriodUsage:
    """Use of a cap in one of its periods, limb by limb; the binding limb is the fuller one."""

    period: Span
    records: int
    limbs: tuple[LimbUsage, ...]

    @property
    def binding(self) -> LimbUsage:
        """The limb with the largest share used (the first limb on a tie)."""
        return max(self.limbs, key=lambda limb: limb.share.percent)

    @property
    def share(self) -> Percentage:
        """The binding limb's share used."""
        return self.binding.share

    @property
    def used(self) -> Amount:
        """The binding limb's use."""
        return self.binding.used

    @property
    def status(self) -> UsageStatus:
        """The binding limb's status."""
        return self.binding.status

    def limb(self, unit: Unit | str) -> LimbUsage:
        """The limb in *unit*'s dimension."""
        wanted = to_unit(unit).dimension
        for limb in self.limbs:
            if limb.limit.dimension == wanted:
                return limb
        raise InvalidCapError(
            field="limb",
            got=str(unit),
            expected="one of " + ", ".join(str(limb.limit.unit) for limb in self.limbs),
            fix="ask for a unit of one of the cap's limbs",
        )


@final
@attrs.frozen
class Exclusions:
    """Records of the ledger that were not counted, and why (nothing is dropped silently)."""

    not_yet_reported: int = 0
    unknown_report_date: int = 0
    superseded: int = 0
    outside: int = 0

    @property
    def total(self) -> int:
        """All records not counted."""
        return self.not_yet_reported + self.unknown_report_date + self.superseded + self.outside

    def __str__(self) -> str:
        return (
            f"{self.not_yet_reported} not yet reported, {self.unknown_report_date} with no "
            f"report date, {self.superseded} superseded by a later version, {self.outside} "
            "outside the cap's periods"
        )


@final
@attrs.frozen
class ConversionSummary:
    """All records that reached one limb by one route: how many, as reported and as counted."""

    limit: Amount
    unit: Unit
    method: ConversionMethod
    factor: ConversionFactor | None
    records: int
    reported: Amount
    counted: Amount

    @property
    def rounding_bound(self) -> Amount:
        """How far ``counted`` can be from the exact conversion: half a millionth of the
        limb's unit per record converted (each is rounded half-up to a millionth), or zero
        when the records were counted in the limb's own unit.
        """
        if self.factor is None and self.unit == self.limit.unit:
            return Amount(0, self.limit.unit)
        return Amount.from_fraction(Fraction(self.records, 2 * MICRO), self.limit.unit)

    @property
    def exact(self) -> Fraction:
        """The exact conversion of ``reported`` into the limb's unit (conversion is linear,
        so this is the sum of the records' exact conversions)."""
        unit = self.limit.unit
        if self.factor is None:
            return exact_in(self.reported, unit)
        f = self.factor
        if self.reported.dimension == f.from_unit.dimension:
            converted = exact_in(self.reported, f.from_unit) * f.value * f.to_unit.size
        else:
            converted = exact_in(self.reported, f.to_unit) / f.value * f.from_unit.size
        return converted / unit.size

    @property
    def rounding(self) -> Fraction:
        """What rounding each record to a millionth added to the total (counted − exact)."""
        return self.counted.exact - self.exact

    def __str__(self) -> str:
        via = "" if self.factor is None else f" via {self.factor}"
        rounding = self.rounding
        rounded = (
            f" (rounded per record: {fraction_text(rounding)} {self.limit.unit} against the "
            f"exact total, within ±{self.rounding_bound})"
            if rounding
            else ""
        )
        return (
            f"{records_text(self.records)} in {self.unit}, {self.method}{via}: "
            f"{self.reported} → {self.counted}{rounded}"
        )


CapLike = Cap | DualCap | CatalogMeasure | str


@final
@attrs.frozen
class Utilization(RichDisplay):
    """How much of a cap each period used, with the conversions that got there.

    ``counted`` records were counted; ``excluded`` says why the others were not, so
    ``counted + excluded.total`` is the number of records in the ledger.
    """

    cap: Cap | DualCap
    normalisation: Normalisation
    thresholds: UsageThresholds
    as_of: date | None
    periods: tuple[PeriodUsage, ...]
    conversions: tuple[ConversionSummary, ...]
    counted: int
    excluded: Exclusions

    def period(self, day: date) -> PeriodUsage:
        """The period containing *day* (raises :class:`LedgerError` if it has no records)."""
        day = to_date(day, "day")
        for usage in self.periods:
            if day in usage.period:
                return usage
        raise LedgerError(
            field="day",
            got=format_date(day),
            expected="a day in one of: " + "; ".join(str(p.period) for p in self.periods),
            fix="that period has no counted records",
        )

    @property
    def latest(self) -> PeriodUsage:
        """The last period with records."""
        if not self.periods:
            raise LedgerError(
                field="periods",
                got="none",
                expected="at least one period with counted records",
                fix="add deliveries that fall in the cap's periods",
            )
        return self.periods[-1]

    @property
    def provenance(self) -> Provenance:
        """The shares' provenance: the cap's figures and the factors that converted records
        (the deliveries are the caller's).  Each crossing also carries its level's."""
        return Provenance.combine(
            self.cap.provenance, *(factor_provenance(f) for f in self.factors())
        )

    def factors(self) -> tuple[ConversionFactor, ...]:
        """The factors used, in the order first used."""
        found = dict.fromkeys(c.factor for c in self.conversions if c.factor is not None)
        return tuple(f for f in found if f is not None)

    def rows(self) -> list[dict[str, object]]:
        """One row per period and limb: display strings beside exact ones, never a float.

        As for the other ``to_frame()`` tables: an amount ``x`` gives ``x`` (``"433,800 bbl"``)
        and ``x_exact`` (``"433800"``, in the row's ``unit``); a percentage ``x`` gives ``x``
        (``"86.76 %"``) and ``x_pct_exact`` (percent points, ``n/d`` where no decimal ends).
        """
        rows: list[dict[str, object]] = []
        provenance = self.provenance
        for usage in self.periods:
            for limb in usage.limbs:
                unit = limb.limit.unit
                row: dict[str, object] = {
                    "first": usage.period.start,
                    "last": usage.period.last,
                    "unit": unit.symbol,
                }
                for name in ("limit", "used", "headroom", "excess"):
                    amount: Amount = getattr(limb, name)
                    row[name] = str(amount)
                    row[f"{name}_exact"] = fraction_text(exact_in(amount, unit))
                row["share"] = str(limb.share)
                row["share_pct_exact"] = fraction_text(limb.share.percent)
                row["status"] = limb.status.value
                row["binding"] = limb is usage.binding
                row["records"] = usage.records
                row["crossings"] = "; ".join(map(str, limb.crossings))
                row.update(
                    mark=provenance.mark_text,
                    status_of_figures=provenance.status_text,
                    flags="; ".join(
                        dict.fromkeys(
                            (
                                *provenance.flags,
                                *(
                                    f"threshold {c.level} {c.provenance.mark.qualifier}"
                                    for c in limb.crossings
                                    if c.provenance.mark is not None
                                    and c.provenance.mark.strength < 2
                                ),
                            )
                        )
                    ),
                )
                rows.append(row)
        return rows

    def to_frame(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (needs the ``pandas`` extra)."""
        pandas = _require("pandas", "Utilization.to_frame")
        frame = pandas.DataFrame.from_records(self.rows())
        frame.attrs["library_version"] = library_version()
        frame.attrs["catalog_edition"] = "; ".join(self.provenance.editions) or None
        return frame

    def __str__(self) -> str:
        lines = [
            f"utilization of {self.cap}",
            f"normalisation: {self.normalisation}; thresholds {self.thresholds}"
            + (f"; as of {format_date(self.as_of)}" if self.as_of else ""),
        ]
        for usage in self.periods:
            lines.append(f"{usage.period} ({records_text(usage.records)}): {usage.status}")
            for limb in usage.limbs:
                mark = "*" if limb is usage.binding and len(usage.limbs) > 1 else " "
                lines.append(
                    f" {mark} {limb.used} of {limb.limit}: {limb.share}, headroom "
                    f"{limb.headroom}, {limb.status}"
                )
                lines += [f"      crossed {c}" for c in limb.crossings]
                lines += [f"      {r}" for r in limb.reporters]
        lines += [f"  {c}" for c in self.conversions]
        lines.append(f"counted {records_text(self.counted)}; not counted: {self.excluded}")
        if not self.provenance.is_plain:
            lines.append(
                f"provenance: mark {self.provenance.mark_text}" + flag_suffix(self.provenance)
            )
        return "\n".join(lines)


def _require(module: str, what: str) -> Any:
    import importlib  # noqa: PLC0415 - optional extras are imported only when used

    extra = {"pandas": "pandas", "numpy": "bulk"}[module]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise missing_extra(module, what, extra) from None
