"""The utilization ledger: reported deliveries counted against caps.

A :class:`Delivery` is one report as the supplying state made it: the span of dates it
covers, the date it was received, the quantity in the unit it was reported in, the product,
the reporter and the source.  A :class:`Ledger` holds deliveries and the published totals
they should add up to, and answers how much of a cap each period used.

**Which limb a report counts against.**  A report in a dimension of one of the cap's own
limbs counts against that limb as reported: 100,000 t of crude oil is 19.05 % of 2397's
525,000 t limb, where converting at the Energy Institute's 7.33 bbl/t first would say
18.33 % of the 4,000,000 bbl limb.  Every limb of a dual cap is tracked; the binding limb is
the one with the larger share used (for "A or B" caps this is the conservative reading; both
limbs are always shown).

**Normalisation precedence** (:class:`Normalisation`), as the 1718 Committee does it
(barrels as submitted first, then a product-specific chart), for each record and limb:

1. *as reported* — the record is in the limb's dimension (barrels, kilolitres or gallons
   for a barrel limb): an exact unit conversion, no factor;
2. *table* — the product's factor from the chosen named table (a factor that runs from the
   record's unit to the limb's before one that runs the other way);
3. *fallback* — the first user-named fallback factor that connects the two dimensions;
4. otherwise the record cannot be counted and :class:`FactorNotFoundError` names it.

Each normalised record keeps how it was converted (:class:`Conversion`: method, factor with
its name, edition and value), so a total can be explained and re-run with another table.

**Rounding, once.**  Quantities are accepted to the micro-unit (six decimal places of the
unit they were reported in).  Each record is converted from its reported figure into the
limb's unit exactly, then rounded half-up (halves away from zero) to the micro-unit of the
limb's unit: the only rounding anywhere.  Totals, shares and threshold crossings are exact
from there.  The bulk path (:class:`sanctioncalc.BulkLedger`) rounds the same way and gives
identical results.
"""

from __future__ import annotations

import bisect
import calendar
import csv
import enum
import functools
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, final

import attrs

from ._amount import Amount, exact_in
from ._catalog import CatalogMeasure
from ._errors import (
    EstimateMixError,
    FactorNotFoundError,
    InvalidAmountError,
    InvalidCapError,
    InvalidPeriodError,
    LedgerError,
    ParseError,
    PeriodMismatchError,
    PeriodStraddleError,
    SanctionCalcError,
    ZeroBaselineError,
    missing_extra,
    shown,
)
from ._factors import ConversionFactor, factor, factor_names, factor_tables
from ._measure import Cap, DualCap, parse_measure
from ._numbers import display_fraction, fraction_text, round_half_up
from ._percent import Percentage
from ._period import Periodic, Span, add_months, format_date, months_text, parse_date
from ._rich import RichDisplay
from ._units import Unit, to_unit

if TYPE_CHECKING:
    from ._bulk import BulkLedger

__all__ = [
    "Conversion",
    "ConversionMethod",
    "ConversionRoute",
    "ConversionSummary",
    "Crossing",
    "CrossingChange",
    "Delivery",
    "Exclusions",
    "Ledger",
    "LimbUsage",
    "LoadReport",
    "Normalisation",
    "NormalisedDelivery",
    "PeriodUsage",
    "PublishedTotal",
    "Reconciliation",
    "RejectedRow",
    "ReporterUsage",
    "Revision",
    "Sensitivity",
    "SensitivityRow",
    "SnapshotDiff",
    "StatusChange",
    "Thresholds",
    "UsageStatus",
    "Utilization",
    "snapshot_diff",
]

#: Quantities are counted in millionths of a unit: the one place where rounding happens.
MICRO: Final = 10**6
_PLACES: Final = 6

#: Product spellings tried after the product's own slug when looking a factor up in a table,
#: in order.  Only unambiguous ones: "fuel-oil" is not here, because UNSD has both
#: residual fuel oil (6.62) and fuel oils (6.91).
PRODUCT_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "diesel": ("gas-oil-diesel",),
    "gas-oil": ("gas-oil-diesel",),
    "gasoil": ("gas-oil-diesel",),
    "gasoline": ("motor-gasoline",),
    "motor-gasoline": ("gasoline",),
    "petrol": ("gasoline", "motor-gasoline"),
    "crude": ("crude-oil",),
    "jet": ("jet-fuel",),
}

_SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_NAME: Final = 120
_MAX_TEXT: Final = 2000


# -- small converters and validators ---------------------------------------------------------


def _refuse(field: str, got: object, expected: str, fix: str) -> LedgerError:
    text = got if isinstance(got, str) else repr(got)
    return LedgerError(field=field, got=text[:80], expected=expected, fix=fix)


def _name(field: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (
            not isinstance(value, str)
            or not value.strip()
            or value != value.strip()
            or len(value) > _MAX_NAME
            or not value.isprintable()
        ):
            raise _refuse(
                f"{field}.{attribute.name}",
                value,
                f"a name of 1 to {_MAX_NAME} printable characters, without outer spaces",
                "name the reporting state as the source does, e.g. 'Russia'",
            )

    return check


def _optional_name(field: str) -> Any:
    inner = _name(field)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def _text(field: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or len(value) > _MAX_TEXT:
            raise _refuse(
                f"{field}.{attribute.name}",
                value,
                f"text of at most {_MAX_TEXT} characters",
                "shorten it, or keep long notes outside the ledger",
            )

    return check


def _product(value: object) -> str:
    if not isinstance(value, str):
        raise _refuse("product", value, "a product slug such as 'gas-oil-diesel'", "pass text")
    slug = "-".join(value.strip().lower().replace("_", " ").split())
    if not _SLUG.fullmatch(slug) or len(slug) > 60:
        raise _refuse(
            "product",
            value,
            "a product slug such as 'gas-oil-diesel', 'lpg' or 'unknown'",
            "use letters, digits and hyphens; spaces and underscores become hyphens",
        )
    return slug


def _optional_product(value: object) -> str | None:
    return None if value is None else _product(value)


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = tuple(part.strip() for part in value.split(";") if part.strip())
    if not isinstance(value, Iterable):
        raise _refuse("counterparties", value, "a tuple of names", "pass ('Vessel A', 'Company B')")
    items = tuple(value)
    for item in items:
        # A CSV cell lists the parties separated by ';' (see Ledger.to_csv): a name with a
        # ';', outer spaces or a control character would not read back as written.
        if (
            not isinstance(item, str)
            or not item.strip()
            or len(item) > _MAX_NAME
            or item != item.strip()
            or ";" in item
            or not item.isprintable()
        ):
            raise _refuse(
                "counterparties",
                item,
                f"names of 1 to {_MAX_NAME} printable characters, without ';' or outer spaces",
                "list each party by name",
            )
    return items


def _stripped(value: object) -> object:
    # Outer spaces of a note are not kept by a CSV round trip (a blank cell is no note).
    return value.strip() if isinstance(value, str) else value


def _check_day(field: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidPeriodError(
            field=field,
            got=shown(value, 60),
            expected="a datetime.date (not a datetime)",
            fix="pass date(2023, 2, 28), or text such as '2023-02-28'",
        )
    return value


def _reported(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return parse_date(value, "Delivery.reported")
    return _check_day("Delivery.reported", value)


# -- spans written as months ---------------------------------------------------------------

_MONTH_NAMES: Final = {
    **{calendar.month_abbr[i].lower(): i for i in range(1, 13)},
    **{calendar.month_name[i].lower(): i for i in range(1, 13)},
    "sept": 9,
}
_ISO_MONTH: Final = re.compile(r"(\d{4})-(\d{1,2})")
_WORD_MONTH: Final = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_SEPARATOR: Final = re.compile(r"\s+(?:–|—|-|to)\s+|\s*\.\.\s*|\s*[–—]\s*")


def _month(text: str) -> date | None:
    iso = _ISO_MONTH.fullmatch(text)
    if iso and 1 <= int(iso[2]) <= 12:
        return date(int(iso[1]), int(iso[2]), 1)
    word = _WORD_MONTH.fullmatch(text)
    if word and word[1].lower() in _MONTH_NAMES:
        return date(int(word[2]), _MONTH_NAMES[word[1].lower()], 1)
    return None


def parse_span(text: str) -> Span:
    """Read the span a report covers: a month, a range of months, a day, or a range of days.

    ``"2023-01"`` and ``"Jan 2023"`` are the whole of January; ``"Mar 2023 – Dec 2023"`` is
    March to December inclusive; ``"2023-01-15"`` is one day; anything :meth:`Span.parse`
    reads is read as it reads it.

    >>> str(parse_span("Mar 2023 – Dec 2023"))
    '1 Mar 2023 – 31 Dec 2023'
    >>> parse_span("2023-02").days
    28
    """
    if not isinstance(text, str) or len(text) > 100:
        raise ParseError(
            field="span",
            got=shown(text, 60),
            expected="a month ('2023-01', 'Jan 2023'), months ('Mar 2023 – Dec 2023') or days",
            fix="write the first and last month or day the report covers",
        )
    stripped = text.strip()
    parts = [part.strip() for part in _SEPARATOR.split(stripped)]
    months = [_month(part) for part in parts]
    if len(parts) in (1, 2) and all(m is not None for m in months):
        first, last = months[0], months[-1]
        assert first is not None
        assert last is not None
        if last < first:
            raise InvalidPeriodError(
                field="span",
                got=stripped,
                expected="months in order",
                fix="give the first month, then the last",
            )
        return Span(first, add_months(last, 1))
    if len(parts) == 1:
        try:
            day = parse_date(stripped, "span")
        except ParseError:
            raise ParseError(
                field="span",
                got=shown(stripped, 60),
                expected="a month ('2023-01', 'Jan 2023'), months ('Mar 2023 – Dec 2023') "
                "or days ('1 Jan 2023 – 4 Dec 2023')",
                fix="write the first and last month or day the report covers",
            ) from None
        return Span.inclusive(day, day)
    return Span.parse(stripped)


def _span(value: object) -> Span:
    if isinstance(value, Span):
        return value
    if isinstance(value, str):
        return parse_span(value)
    raise _refuse(
        "span",
        value,
        "a Span, or text such as 'Mar 2023 – Dec 2023'",
        "build Span.inclusive(first, last) or pass text",
    )


def _quantity(value: object) -> Amount:
    amount = value if isinstance(value, Amount) else None
    if amount is None and isinstance(value, str):
        amount = Amount.parse(value)
    if amount is None:
        raise InvalidAmountError(
            field="quantity",
            got=shown(value, 60),
            expected="an Amount or text such as '44,655 bbl'",
            fix="an estimate is not a reported figure: estimates and reports are kept apart"
            if _is_estimate(value)
            else "build Amount(value, unit) or pass text",
        )
    dimension = amount.dimension
    if amount.unit.is_quotient or not (
        dimension in ("volume", "mass") or dimension.startswith("currency:")
    ):
        raise InvalidAmountError(
            field="quantity",
            got=str(amount),
            expected="a volume, a mass or a value in a currency",
            fix="report the quantity delivered, such as '44,655 bbl', '17,294 t' or 'US$1,000'",
        )
    if amount.is_negative():
        raise InvalidAmountError(
            field="quantity",
            got=str(amount),
            expected="a quantity of zero or more",
            fix="a correction is a new version of the record: give both the same ref",
        )
    if (amount.exact * MICRO).denominator != 1:
        raise InvalidAmountError(
            field="quantity",
            got=str(amount),
            expected=f"at most {_PLACES} decimal places (the ledger counts in micro-units)",
            fix=f"round the reported figure to {_PLACES} places",
        )
    return amount


def records_text(count: int) -> str:
    """``'1 record'``, ``'3 records'``."""
    return f"{count} record" if count == 1 else f"{count} records"


def _micro(amount: Amount) -> int:
    scaled = amount.exact * MICRO
    return scaled.numerator // scaled.denominator


def _amount(micro: int, unit: Unit) -> Amount:
    return Amount.from_fraction(Fraction(micro, MICRO), unit)


# -- records -------------------------------------------------------------------------------


@final
@attrs.frozen
class Delivery:
    """One reported delivery: a quantity over a span of dates, as the reporter gave it.

    *span* is what the report covers (a day, a month, "March–December"); *reported* the date
    the report was received (``None`` when unknown: such a record counts only when no
    ``as_of`` date is asked for); *quantity* the figure as reported, in barrels, tonnes,
    kilolitres or a currency, to at most six decimal places; *product* a slug such as
    ``gas-oil-diesel``, ``lpg`` or ``unknown``.  Records that share a *ref* are versions of
    one record: the latest reported by the ``as_of`` date counts.

    >>> d = Delivery("Jan 2023", "44,655 bbl", reporter="Russia",
    ...              product="refined-petroleum", reported=date(2023, 2, 28))
    >>> str(d)
    'Russia: 44,655 bbl refined-petroleum, 1 Jan 2023 – 31 Jan 2023 (reported 28 Feb 2023)'
    """

    span: Span = attrs.field(converter=_span)
    quantity: Amount = attrs.field(converter=_quantity)
    reporter: str = attrs.field(kw_only=True, validator=_name("Delivery"))
    product: str = attrs.field(default="unknown", kw_only=True, converter=_product)
    reported: date | None = attrs.field(default=None, kw_only=True, converter=_reported)
    counterparties: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_names)
    note: str = attrs.field(
        default="", kw_only=True, converter=_stripped, validator=_text("Delivery")
    )
    source: str = attrs.field(
        default="", kw_only=True, converter=_stripped, validator=_text("Delivery")
    )
    ref: str | None = attrs.field(default=None, kw_only=True, validator=_optional_name("Delivery"))

    def __attrs_post_init__(self) -> None:
        if self.reported is not None and self.reported < self.span.start:
            raise _refuse(
                "Delivery.reported",
                format_date(self.reported),
                f"a date on or after the span's first day, {format_date(self.span.start)}",
                "a report cannot come before the delivery it reports; check both dates",
            )

    @property
    def micro(self) -> int:
        """The quantity in millionths of its own unit (exact)."""
        return _micro(self.quantity)

    def __str__(self) -> str:
        when = f" (reported {format_date(self.reported)})" if self.reported else ""
        return f"{self.reporter}: {self.quantity} {self.product}, {self.span}{when}"


def _is_estimate(value: object) -> bool:
    """Whether *value* is an estimate (marked by :mod:`sanctioncalc._estimate`'s types)."""
    return getattr(type(value), "_ESTIMATE", False) is True


@final
@attrs.frozen
class PublishedTotal:
    """A total as the source published it, kept beside the parts it should add up to.

    ``reporter`` and ``product`` of ``None`` mean all of them.

    >>> t = PublishedTotal("Jan 2023 – Dec 2023", "105,845 bbl", reporter="Russia")
    >>> str(t)
    'Russia, 1 Jan 2023 – 31 Dec 2023: 105,845 bbl published'
    """

    span: Span = attrs.field(converter=_span)
    amount: Amount = attrs.field(converter=_quantity)
    reporter: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_name("PublishedTotal")
    )
    product: str | None = attrs.field(default=None, kw_only=True, converter=_optional_product)
    source: str = attrs.field(default="", kw_only=True, validator=_text("PublishedTotal"))
    note: str = attrs.field(default="", kw_only=True, validator=_text("PublishedTotal"))

    def __str__(self) -> str:
        who = self.reporter or "all reporters"
        what = f" {self.product}" if self.product else ""
        return f"{who}{what}, {self.span}: {self.amount} published"


# -- normalisation ------------------------------------------------------------------------


class ConversionMethod(enum.Enum):
    """How a record reached the limb's unit, in order of precedence."""

    AS_REPORTED = "as reported"
    TABLE = "table"
    FALLBACK = "fallback"

    def __str__(self) -> str:
        return self.value


_METHOD_ORDER: Final = {m: i for i, m in enumerate(ConversionMethod)}


def _table(value: object) -> str | tuple[ConversionFactor, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        key = value.strip().lower()
        if key not in factor_tables():
            raise FactorNotFoundError(
                field="Normalisation.table",
                got=shown(value, 60),
                expected="one of " + ", ".join(factor_tables()),
                fix="name a bundled table, or pass your own factors as a tuple",
            )
        return key
    if isinstance(value, Iterable):
        items = tuple(value)
        if items and all(isinstance(f, ConversionFactor) and f.product for f in items):
            return items
    raise FactorNotFoundError(
        field="Normalisation.table",
        got=shown(value, 60),
        expected="a bundled table key, or a tuple of ConversionFactors that name a product",
        fix="e.g. Normalisation(table='unsd')",
    )


def _fallback(value: object) -> tuple[ConversionFactor, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, ConversionFactor | str) else value
    if not isinstance(items, Iterable):
        raise FactorNotFoundError(
            field="Normalisation.fallback",
            got=shown(value, 60),
            expected="a ConversionFactor, a bundled factor name, or a tuple of them",
            fix="e.g. fallback=sc.factor('ei-2021/product-basket')",
        )
    result: list[ConversionFactor] = []
    for item in items:
        if isinstance(item, str):
            result.append(factor(item))
        elif isinstance(item, ConversionFactor):
            result.append(item)
        else:
            raise FactorNotFoundError(
                field="Normalisation.fallback",
                got=shown(item, 60),
                expected="a ConversionFactor or a bundled factor name",
                fix="e.g. fallback=sc.factor('ei-2021/product-basket')",
            )
    return tuple(result)


@functools.cache
def _bundled(key: str) -> tuple[ConversionFactor, ...]:
    return tuple(factor(name) for name in factor_names() if name.split("/")[0] == key)


@final
@attrs.frozen(repr=False)
class Normalisation:
    """How records in another dimension reach a limb's unit: a named table, then fallbacks.

    Records already in the limb's dimension are always counted as reported.  *table* is a
    bundled table key (``"unsd"``, ``"ei-2021"``, ``"bp-older"``...) or a tuple of your own
    factors, looked up by the record's product (see :data:`PRODUCT_ALIASES`); *fallback* is a
    factor, a bundled factor name, or several, tried in order when the table has no factor for
    the product.  There is no default table: the 1718 Committee never agreed an official
    rate, so the choice is yours and is shown with every result.

    >>> n = Normalisation(table="unsd", fallback="ei-2021/product-basket")
    >>> str(n)
    'table unsd, fallback ei-2021/product-basket'
    >>> n.route("t", "gas-oil-diesel", "bbl").factor.name
    'unsd/gas-oil-diesel'
    """

    table: str | tuple[ConversionFactor, ...] | None = attrs.field(default=None, converter=_table)
    fallback: tuple[ConversionFactor, ...] = attrs.field(default=(), converter=_fallback)

    @property
    def table_name(self) -> str:
        """The table's key, ``custom (n factors)`` for your own, or ``none``."""
        if self.table is None:
            return "none"
        if isinstance(self.table, str):
            return self.table
        return f"custom ({len(self.table)} factors)"

    def __str__(self) -> str:
        parts = [] if self.table is None else [f"table {self.table_name}"]
        if self.fallback:
            parts.append("fallback " + ", ".join(f.name for f in self.fallback))
        return ", ".join(parts) or "as reported only"

    def __repr__(self) -> str:
        table = self.table if isinstance(self.table, str | None) else f"<{self.table_name}>"
        return f"Normalisation(table={table!r}, fallback={tuple(f.name for f in self.fallback)!r})"

    def _candidates(self, product: str) -> Iterator[ConversionFactor]:
        if self.table is None:
            return
        factors = _bundled(self.table) if isinstance(self.table, str) else self.table
        for name in (product, *PRODUCT_ALIASES.get(product, ())):
            yield from (f for f in factors if f.product == name)

    def route(self, unit: Unit | str, product: str, limb: Unit | str) -> ConversionRoute:
        """How a record of *product* in *unit* reaches *limb*'s unit, by the precedence above.

        Raises :class:`FactorNotFoundError` when nothing connects the two dimensions.
        """
        found = _route(self, to_unit(unit), _product(product), to_unit(limb))
        if found is None:
            source = to_unit(unit)
            target = to_unit(limb)
            raise FactorNotFoundError(
                field="product",
                got=f"{product} in {source} ({source.dimension}) for a limb in {target} "
                f"({target.dimension})",
                expected=f"a factor for {product!r} in table {self.table_name}, or a fallback "
                f"between {source.dimension} and {target.dimension}",
                fix="choose a table that lists the product, or name a fallback factor: "
                "Normalisation(table='unsd', fallback='ei-2021/product-basket')",
            )
        return found


@final
@attrs.frozen
class ConversionRoute:
    """The exact ratio that takes one reported unit to the limb's unit, and why."""

    method: ConversionMethod
    factor: ConversionFactor | None
    ratio: Fraction


def _ratio_via(f: ConversionFactor, unit: Unit, limb: Unit) -> Fraction | None:
    if unit.dimension == f.from_unit.dimension and limb.dimension == f.to_unit.dimension:
        return unit.size / f.from_unit.size * f.value * f.to_unit.size / limb.size
    if unit.dimension == f.to_unit.dimension and limb.dimension == f.from_unit.dimension:
        return unit.size / f.to_unit.size / f.value * f.from_unit.size / limb.size
    return None


@functools.lru_cache(maxsize=4096)
def _route(
    normalisation: Normalisation, unit: Unit, product: str, limb: Unit
) -> ConversionRoute | None:
    if unit.dimension == limb.dimension:
        return ConversionRoute(ConversionMethod.AS_REPORTED, None, unit.size / limb.size)
    candidates = list(normalisation._candidates(product))
    # A factor stated in the record's direction is preferred to one inverted.
    direct = [f for f in candidates if f.from_unit.dimension == unit.dimension]
    for f in [*direct, *(f for f in candidates if f not in direct)]:
        ratio = _ratio_via(f, unit, limb)
        if ratio is not None:
            return ConversionRoute(ConversionMethod.TABLE, f, ratio)
    for f in normalisation.fallback:
        ratio = _ratio_via(f, unit, limb)
        if ratio is not None:
            return ConversionRoute(ConversionMethod.FALLBACK, f, ratio)
    return None


def counted_micro(micro: int, ratio: Fraction) -> int:
    """Convert *micro* reported micro-units by *ratio*, rounded half-up to a micro-unit.

    The one rounding the ledger does; :mod:`sanctioncalc._bulk` does the same in int64.

    >>> counted_micro(60_000 * MICRO, Fraction("7.23")) // MICRO
    433800
    """
    if ratio == 1:
        return micro
    return round_half_up(micro * ratio)


@final
@attrs.frozen
class Conversion:
    """How one record was counted against one limb: method, factor, exact and counted value."""

    reported: Amount
    limit: Amount
    method: ConversionMethod
    factor: ConversionFactor | None
    exact: Fraction
    counted: Amount

    @property
    def rounding(self) -> Fraction:
        """What rounding to the micro-unit added (counted − exact), in the limb's unit."""
        return self.counted.exact - self.exact

    def __str__(self) -> str:
        if self.factor is None:
            how = "as reported"
        else:
            f = self.factor
            how = (
                f"× {display_fraction(f.value, 4)} {f.to_unit}/{f.from_unit} "
                f"[{f.name}, {f.short_source}, {f.mark}]"
            )
            if f.to_unit.dimension == self.reported.dimension:
                how = "÷" + how[1:]
        return f"{self.reported} {how} = {self.counted} (against {self.limit})"


@final
@attrs.frozen
class NormalisedDelivery:
    """A delivery with how it was counted against each limb of a cap."""

    delivery: Delivery
    period: Span
    conversions: tuple[Conversion, ...]

    def __str__(self) -> str:
        lines = [str(self.delivery)]
        lines += [f"  {c}" for c in self.conversions]
        return "\n".join(lines)


# -- thresholds and status -----------------------------------------------------------------


class UsageStatus(enum.Enum):
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


def _levels(value: object) -> tuple[Percentage, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _refuse(
            "Thresholds.levels", value, "a tuple of percentages", "e.g. levels=(75, 90, 95)"
        )
    return tuple(_percentage(v) for v in value)


@final
@attrs.frozen(repr=False)
class Thresholds:
    """Notification levels on a cap's use, and the levels at which its status changes.

    ``Thresholds.un()`` is the 1718 Committee's: notices at 75 %, 90 % and 95 % (V for the
    2321 coal cap, U for refined products), critical from 90 %, exhausted at 95 % (when the
    Committee tells states to stop).  ``Thresholds.eu_quota()`` is an EU tariff quota's:
    critical at 90 % of the initial volume, exhausted at 100 %.

    >>> str(Thresholds.un())
    '75 %, 90 %, 95 % (critical 90 %, exhausted 95 %)'
    >>> Thresholds.eu_quota().status(Percentage(90))
    <UsageStatus.CRITICAL: 'critical'>
    """

    levels: tuple[Percentage, ...] = attrs.field(default=(75, 90, 95), converter=_levels)
    critical: Percentage = attrs.field(default=Percentage(90), converter=_percentage)
    exhausted: Percentage = attrs.field(default=Percentage(95), converter=_percentage)

    def __attrs_post_init__(self) -> None:
        values = [level.percent for level in self.levels]
        if any(not 0 < v <= 100 for v in values) or values != sorted(set(values)):
            raise _refuse(
                "Thresholds.levels",
                ", ".join(map(str, self.levels)),
                "increasing percentages above 0 and at most 100",
                "e.g. levels=(75, 90, 95)",
            )
        if not 0 < self.critical.percent <= self.exhausted.percent <= 100:
            raise _refuse(
                "Thresholds.critical",
                f"critical {self.critical}, exhausted {self.exhausted}",
                "0 < critical ≤ exhausted ≤ 100 %",
                "e.g. critical=90, exhausted=95",
            )

    @classmethod
    def un(cls) -> Thresholds:
        """The 1718 Committee's steps: 75/90/95 %, critical 90 %, exhausted 95 %."""
        return cls((75, 90, 95), 90, 95)

    @classmethod
    def eu_quota(cls) -> Thresholds:
        """An EU tariff quota's: critical (and notified) at 90 %, exhausted at 100 %."""
        return cls((90, 100), 90, 100)

    def status(self, share: Percentage) -> UsageStatus:
        """The status a share of the cap gives."""
        if share.percent > 100:
            return UsageStatus.BREACHED
        if share >= self.exhausted:
            return UsageStatus.EXHAUSTED
        if share >= self.critical:
            return UsageStatus.CRITICAL
        return UsageStatus.OPEN

    def __str__(self) -> str:
        levels = ", ".join(map(str, self.levels)) or "no levels"
        return f"{levels} (critical {self.critical}, exhausted {self.exhausted})"

    def __repr__(self) -> str:
        levels = tuple(level.exact for level in self.levels)
        return (
            f"Thresholds(levels={levels!r}, critical={self.critical.exact!r}, "
            f"exhausted={self.exhausted.exact!r})"
        )


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

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.level} on {format_date(self.day)}"
        return f"{self.level} between {format_date(self.earliest)} and {format_date(self.latest)}"


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

    def __str__(self) -> str:
        via = "" if self.factor is None else f" via {self.factor}"
        return (
            f"{records_text(self.records)} in {self.unit}, {self.method}{via}: "
            f"{self.reported} → {self.counted}"
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
    thresholds: Thresholds
    as_of: date | None
    periods: tuple[PeriodUsage, ...]
    conversions: tuple[ConversionSummary, ...]
    counted: int
    excluded: Exclusions

    def period(self, day: date) -> PeriodUsage:
        """The period containing *day* (raises :class:`LedgerError` if it has no records)."""
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
                rows.append(row)
        return rows

    def to_frame(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (needs the ``pandas`` extra)."""
        pandas = _require("pandas", "Utilization.to_frame")
        return pandas.DataFrame.from_records(self.rows())

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
        return "\n".join(lines)


def _require(module: str, what: str) -> Any:
    import importlib  # noqa: PLC0415 - optional extras are imported only when used

    extra = {"pandas": "pandas", "numpy": "bulk"}[module]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise missing_extra(module, what, extra) from None


# -- the shared engine: both the record path and the bulk path end here --------------------


@final
@attrs.frozen
class Plan:
    """A cap resolved for counting: its limbs, period grid, thresholds and targets.

    Built by :func:`plan`; both the record-by-record path and the bulk path use it, so
    the two agree on periods, targets and the final figures.
    """

    cap: Cap | DualCap
    limbs: tuple[Amount, ...]
    grid: Span | Periodic
    normalisation: Normalisation
    thresholds: Thresholds
    as_of: date | None
    #: Per limb, per level: the smallest micro-unit total that reaches the level.
    targets: tuple[tuple[int, ...], ...]

    def index(self, day: date) -> int:
        """The grid index of *day* (for a span: −1 before it, 0 inside, 1 after)."""
        if isinstance(self.grid, Span):
            return -1 if day < self.grid.start else (0 if day < self.grid.end else 1)
        return self.grid.index_of(day)

    def inside(self, index: int) -> bool:
        """Whether grid index *index* is a period of the cap."""
        return index == 0 if isinstance(self.grid, Span) else index >= 0

    def span(self, index: int) -> Span:
        """The period with grid index *index*."""
        return self.grid if isinstance(self.grid, Span) else self.grid.nth(index)

    def straddle(self, field: str, delivery_span: Span, first: int, last: int) -> None:
        """Raise :class:`PeriodStraddleError` if a record's span crosses a period boundary."""
        if first == last:
            return
        if isinstance(self.grid, Span):
            boundary = self.grid.start if first < 0 else self.grid.end
        else:
            boundary = self.grid.nth(first).end
        raise PeriodStraddleError(
            field=field,
            got=f"{delivery_span}, across the boundary at {format_date(boundary)}",
            expected=f"each record within one period of {self.grid}",
            fix=f"split the record at {format_date(boundary)}, or count it on a grid "
            "anchored like the records",
        )


def _resolve(cap: CapLike) -> tuple[Cap | DualCap, Thresholds | None]:
    if isinstance(cap, CatalogMeasure):
        measure: object = cap.measure
        levels = tuple(t.percent for t in cap.thresholds)
        thresholds = Thresholds(levels) if levels else None
        name = cap.id
    elif isinstance(cap, str):
        measure, thresholds, name = parse_measure(cap), None, cap
    else:
        measure, thresholds, name = cap, None, str(cap)
    if isinstance(measure, Cap | DualCap):
        return measure, thresholds
    raise InvalidCapError(
        field="cap",
        got=f"{name}: {measure}"[:80],
        expected="a Cap or DualCap with a limit to use up",
        fix="a ban has no share to use up (every delivery breaches it) and a freeze has no "
        "stated number; list the deliveries, or count against an estimate's Cap",
    )


def plan(
    cap: CapLike,
    *,
    normalisation: Normalisation | None = None,
    thresholds: Thresholds | None = None,
    as_of: date | None = None,
    period: Periodic | None = None,
) -> Plan:
    """Resolve *cap* for counting: limbs, the period grid, thresholds and level targets.

    *period* supplies the grid for a cap whose periods have no anchor (a draft's "annual");
    for an anchored cap it must lie on the cap's own grid: aggregating deliveries into periods
    of mixed anchors raises :class:`PeriodMismatchError`.

    >>> p = plan("500,000 bbl per 12 months from 1 Jan 2018")
    >>> p.targets
    ((375000000000, 450000000000, 475000000000),)
    """
    measure, catalog_thresholds = _resolve(cap)
    chosen = thresholds or catalog_thresholds or Thresholds.un()
    limbs = measure.limbs
    for limb in limbs:
        if not limb:
            raise ZeroBaselineError(
                field="cap.limit",
                got=str(limb),
                expected="a limit above zero",
                fix="a zero limit is a ban: every delivery breaches it",
            )
    grid = _grid(measure, period)
    targets = tuple(
        tuple(math.ceil(level.ratio * limb.exact * MICRO) for level in chosen.levels)
        for limb in limbs
    )
    if as_of is not None:
        _check_day("as_of", as_of)
    return Plan(measure, limbs, grid, normalisation or Normalisation(), chosen, as_of, targets)


def _grid(measure: Cap | DualCap, period: Periodic | None) -> Span | Periodic:
    own = measure.period
    if period is not None and not isinstance(period, Periodic):
        raise InvalidPeriodError(
            field="period",
            got=shown(period, 60),
            expected="a Periodic such as Periodic(12, date(2023, 1, 1))",
            fix="pass the grid to count on",
        )
    if isinstance(own, Span):
        if period is not None:
            raise PeriodMismatchError(
                field="period",
                got=f"{period} for a cap on {own}",
                expected="no period: a stub cap is counted on its own span",
                fix="drop period=",
            )
        return own
    if own.anchor is None:
        if period is None or period.anchor is None:
            raise InvalidPeriodError(
                field="period",
                got=f"{own} (no anchor)",
                expected="an anchored grid to count deliveries on",
                fix=f"pass period=Periodic({own.months}, date(2023, 1, 1)) with the date the "
                "periods count from",
            )
        if period.months != own.months:
            raise PeriodMismatchError(
                field="period",
                got=f"{period} for a cap per {months_text(own.months)}",
                expected=f"periods of {months_text(own.months)}",
                fix="count on periods as long as the cap's",
            )
        return period
    if period is None:
        return own
    aligned = (
        period.anchor is not None
        and period.months == own.months
        and own.containing(period.anchor).start == period.anchor
    )
    if not aligned:
        raise PeriodMismatchError(
            field="period",
            got=f"{period} for a cap per {own}",
            expected="periods on the cap's own grid (same length, anchors on its boundaries)",
            fix="aggregating deliveries into periods of mixed anchors mixes two caps' years; "
            "count on the cap's own periods",
        )
    return period


@final
@attrs.frozen
class PeriodTally:
    """The exact integer figures of one period, from either path, before results are built."""

    index: int
    records: int
    #: Per limb: micro-units used.
    totals: tuple[int, ...]
    #: Sorted by reporter: (reporter, records, per-limb micro-units).
    reporters: tuple[tuple[str, int, tuple[int, ...]], ...]
    #: Per limb, per level: (earliest, latest) crossing day, or None when not reached.
    crossings: tuple[tuple[tuple[date, date] | None, ...], ...]


#: (limb index, reported unit, method, factor) → [records, reported micro, counted micro]
ConversionKey = tuple[int, Unit, ConversionMethod, ConversionFactor | None]


def assemble(
    p: Plan,
    tallies: Iterable[PeriodTally],
    conversions: Mapping[ConversionKey, Sequence[int]],
    counted: int,
    excluded: Exclusions,
) -> Utilization:
    """Build the :class:`Utilization` from exact integer tallies (shared by both paths)."""
    periods: list[PeriodUsage] = []
    for tally in sorted(tallies, key=lambda t: t.index):
        limbs: list[LimbUsage] = []
        for j, limit in enumerate(p.limbs):
            limbs.append(
                _limb_usage(
                    p,
                    limit=limit,
                    micro=tally.totals[j],
                    crossings=tally.crossings[j],
                    reporters=tally.reporters,
                    j=j,
                )
            )
        periods.append(PeriodUsage(p.span(tally.index), tally.records, tuple(limbs)))
    summaries = [
        ConversionSummary(
            p.limbs[j],
            unit,
            method,
            f,
            counts[0],
            _amount(counts[1], unit),
            _amount(counts[2], p.limbs[j].unit),
        )
        for (j, unit, method, f), counts in conversions.items()
    ]
    summaries.sort(
        key=lambda s: (
            p.limbs.index(s.limit),
            _METHOD_ORDER[s.method],
            s.factor.name if s.factor else "",
            s.unit.symbol,
        )
    )
    return Utilization(
        p.cap,
        p.normalisation,
        p.thresholds,
        p.as_of,
        tuple(periods),
        tuple(summaries),
        counted,
        excluded,
    )


def _limb_usage(
    p: Plan,
    *,
    limit: Amount,
    micro: int,
    crossings: Sequence[tuple[date, date] | None],
    reporters: Sequence[tuple[str, int, tuple[int, ...]]],
    j: int,
) -> LimbUsage:
    unit = limit.unit
    share = Percentage.from_ratio(Fraction(micro, MICRO) / limit.exact)
    left = limit.exact - Fraction(micro, MICRO)
    return LimbUsage(
        limit=limit,
        used=_amount(micro, unit),
        share=share,
        headroom=Amount.from_fraction(max(left, Fraction(0)), unit),
        excess=Amount.from_fraction(max(-left, Fraction(0)), unit),
        status=p.thresholds.status(share),
        crossings=tuple(
            Crossing(level, found[0], found[1])
            for level, found in zip(p.thresholds.levels, crossings, strict=True)
            if found is not None
        ),
        reporters=tuple(
            ReporterUsage(
                name,
                count,
                _amount(micros[j], unit),
                Percentage.from_ratio(Fraction(micros[j], MICRO) / limit.exact),
            )
            for name, count, micros in reporters
        ),
    )


def first_reaching(days: Sequence[Any], cumulative: Sequence[int], target: int) -> Any:
    """The first of *days* whose running total reaches *target*, or None."""
    i = bisect.bisect_left(cumulative, target)
    return days[i] if i < len(cumulative) else None


def _running(pairs: list[tuple[date, int]]) -> tuple[list[date], list[int]]:
    pairs.sort(key=lambda pair: pair[0])
    days: list[date] = []
    totals: list[int] = []
    running = 0
    for day, micro in pairs:
        running += micro
        if days and days[-1] == day:
            totals[-1] = running
        else:
            days.append(day)
            totals.append(running)
    return days, totals


def select(deliveries: Sequence[Delivery], as_of: date | None) -> tuple[list[int], Exclusions]:
    """Indices of the records that count as of a date (latest version per ref), and the rest."""
    not_yet = undated = 0
    candidates: list[int] = []
    for i, delivery in enumerate(deliveries):
        if as_of is not None:
            if delivery.reported is None:
                undated += 1
                continue
            if delivery.reported > as_of:
                not_yet += 1
                continue
        candidates.append(i)
    latest: dict[str, tuple[date, int]] = {}
    for i in candidates:
        delivery = deliveries[i]
        if delivery.ref is not None and delivery.reported is not None:
            seen = latest.get(delivery.ref)
            if seen is None or delivery.reported > seen[0]:
                latest[delivery.ref] = (delivery.reported, i)
    winners = {i for _, i in latest.values()}
    chosen = [i for i in candidates if deliveries[i].ref is None or i in winners]
    return chosen, Exclusions(not_yet, undated, len(candidates) - len(chosen), 0)


def _count(
    p: Plan, deliveries: Sequence[Delivery]
) -> tuple[
    list[tuple[int, int, Delivery, tuple[tuple[ConversionRoute, int], ...]]], Exclusions, int
]:
    """The record path's first half: select, place on the grid, and convert each record.

    Checks run in the bulk path's order (every record's span, then every record's route),
    so both paths name the same record in an error.
    """
    chosen, excluded = select(deliveries, p.as_of)
    inside: list[tuple[int, int]] = []
    for i in chosen:
        delivery = deliveries[i]
        first, last = p.index(delivery.span.start), p.index(delivery.span.last)
        p.straddle(f"deliveries[{i}].span", delivery.span, first, last)
        if p.inside(first):
            inside.append((i, first))
    outside = len(chosen) - len(inside)
    placed: list[tuple[int, int, Delivery, tuple[tuple[ConversionRoute, int], ...]]] = []
    for i, first in inside:
        delivery = deliveries[i]
        converted: list[tuple[ConversionRoute, int]] = []
        for limb in p.limbs:
            route = _route(p.normalisation, delivery.quantity.unit, delivery.product, limb.unit)
            if route is None:
                _unconvertible(p, i, delivery, limb)
            converted.append((route, counted_micro(delivery.micro, route.ratio)))
        placed.append((i, first, delivery, tuple(converted)))
    return placed, attrs.evolve(excluded, outside=outside), len(placed)


def _unconvertible(p: Plan, i: int, delivery: Delivery, limb: Amount) -> NoReturn:
    try:
        p.normalisation.route(delivery.quantity.unit, delivery.product, limb.unit)
    except FactorNotFoundError as error:
        raise FactorNotFoundError(**{**error.facts, "field": f"deliveries[{i}].product"}) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _utilization(p: Plan, deliveries: Sequence[Delivery]) -> Utilization:
    placed, excluded, counted = _count(p, deliveries)
    n = len(p.limbs)
    groups: dict[int, list[tuple[Delivery, tuple[int, ...]]]] = {}
    conversions: dict[ConversionKey, list[int]] = {}
    for _, index, delivery, converted in placed:
        micros = tuple(m for _, m in converted)
        groups.setdefault(index, []).append((delivery, micros))
        for j, (route, micro) in enumerate(converted):
            key = (j, delivery.quantity.unit, route.method, route.factor)
            counts = conversions.setdefault(key, [0, 0, 0])
            counts[0] += 1
            counts[1] += delivery.micro
            counts[2] += micro
    tallies: list[PeriodTally] = []
    for index, items in groups.items():
        reporters: dict[str, list[int]] = {}
        for delivery, micros in items:
            entry = reporters.setdefault(delivery.reporter, [0] * (n + 1))
            entry[0] += 1
            for j in range(n):
                entry[j + 1] += micros[j]
        crossings: list[tuple[tuple[date, date] | None, ...]] = []
        for j in range(n):
            starts = _running([(d.span.start, m[j]) for d, m in items])
            ends = _running([(d.span.last, m[j]) for d, m in items])
            found: list[tuple[date, date] | None] = []
            for target in p.targets[j]:
                earliest = first_reaching(*starts, target)
                latest_day = first_reaching(*ends, target)
                found.append(None if earliest is None else (earliest, latest_day))
            crossings.append(tuple(found))
        tallies.append(
            PeriodTally(
                index,
                len(items),
                tuple(sum(m[j] for _, m in items) for j in range(n)),
                tuple(
                    (name, entry[0], tuple(entry[1:])) for name, entry in sorted(reporters.items())
                ),
                tuple(crossings),
            )
        )
    return assemble(p, tallies, conversions, counted, excluded)


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
                got=str(period),
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


# -- loading -----------------------------------------------------------------------------------


@final
@attrs.frozen
class RejectedRow:
    """A row that could not be read: where it was, why, and what it held.

    ``error`` names the sanctioncalc error the row raised (``"ParseError"``), or is ``""``
    for a row refused before it was read (blank, too many cells, a repeated version).
    """

    row: int
    reason: str
    values: tuple[tuple[str, str], ...]
    error: str = ""

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@final
@attrs.frozen
class LoadReport:
    """What loading read: the ledger of accepted rows and every rejected row with its reason.

    ``accepted + len(rejected) == read`` always holds.
    """

    ledger: Ledger
    rejected: tuple[RejectedRow, ...]
    read: int
    ignored_columns: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        assert self.accepted + len(self.rejected) == self.read, "rows went missing"

    @property
    def accepted(self) -> int:
        """Rows that became deliveries."""
        return len(self.ledger.deliveries)

    def __str__(self) -> str:
        lines = [f"read {self.read} rows: {self.accepted} accepted, {len(self.rejected)} rejected"]
        if self.ignored_columns:
            lines.append("ignored columns: " + ", ".join(self.ignored_columns))
        lines += [f"  {r}" for r in self.rejected]
        return "\n".join(lines)


_COLUMNS: Final = (
    "first",
    "last",
    "month",
    "span",
    "reported",
    "quantity",
    "unit",
    "product",
    "reporter",
    "counterparties",
    "note",
    "source",
    "ref",
)


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)  # a missing cell in a DataFrame
    return False


def _day_cell(field: str, value: object) -> date:
    if isinstance(value, str):
        return parse_date(value, field)
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _refuse(field, str(value), "a date without a time of day", "drop the time")
        return value.date()
    return _check_day(field, value)


def _delivery_from(cells: Mapping[str, object]) -> Delivery:
    """Build a delivery from one row's cells (column name → value; blanks are missing)."""
    given = {k: v for k, v in cells.items() if not _blank(v)}
    if "span" in given:
        span = _span(str(given["span"]))
    elif "month" in given:
        month = str(given["month"]).strip()
        if _month(month) is None:
            raise ParseError(
                field="month",
                got=shown(month, 40),
                expected="a month such as '2023-01' or 'Jan 2023'",
                fix="write the year and month",
            )
        span = parse_span(month)
    elif "first" in given:
        first = _day_cell("first", given["first"])
        last = _day_cell("last", given.get("last", first))
        if last < first:
            raise InvalidPeriodError(
                field="last",
                got=f"{format_date(first)} – {format_date(last)}",
                expected="a last day on or after the first",
                fix="give the days in order",
            )
        span = Span.inclusive(first, last)
    else:
        raise _refuse("first", "nothing", "first (and last), month, or span", "give the dates")
    if "quantity" not in given:
        raise _refuse("quantity", "nothing", "a quantity such as '44,655'", "give the figure")
    if "reporter" not in given:
        raise _refuse("reporter", "nothing", "the reporting state", "name the reporter")
    raw, unit = given["quantity"], given.get("unit")
    if isinstance(raw, Amount):
        quantity = raw
    elif unit is None:
        quantity = Amount.parse(str(raw))
    elif isinstance(raw, str):
        quantity = Amount.parse(f"{raw.strip()} {str(unit).strip()}")
    else:
        quantity = Amount(raw, str(unit).strip())
    reported = given.get("reported")
    return Delivery(
        span,
        quantity,
        reporter=str(given["reporter"]).strip(),
        product=str(given.get("product", "unknown")),
        reported=None if reported is None else _day_cell("reported", reported),
        counterparties=_names(given.get("counterparties", ())),
        note=str(given.get("note", "")),
        source=str(given.get("source", "")),
        ref=None if given.get("ref") is None else str(given["ref"]).strip(),
    )


#: A row to load: its number, its cells, and a reason to reject it already found (or None).
_Row = tuple[int, Mapping[str, object], str | None]


def _load(rows: Iterable[_Row], ignored: tuple[str, ...]) -> LoadReport:
    accepted: list[Delivery] = []
    rejected: list[RejectedRow] = []
    versions: dict[tuple[str, date | None], int] = {}
    read = 0
    for number, given, refusal in rows:
        read += 1
        cells, refused = given, refusal
        # An int too long to write in decimal (str() raises) is no figure: refuse the row.
        huge = [k for k, v in cells.items() if isinstance(v, int) and v.bit_length() > 3000]
        if huge and refused is None:
            refused = f"{huge[0]}: got a number of over 900 digits, expected a reported figure"
            cells = {k: ("<huge number>" if k in huge else v) for k, v in cells.items()}
        values = tuple((k, "" if _blank(v) else str(v)) for k, v in cells.items())
        if refused is not None or all(_blank(v) for v in cells.values()):
            rejected.append(RejectedRow(number, refused or "blank row", values))
            continue
        try:
            delivery = _delivery_from(cells)
        except SanctionCalcError as error:
            rejected.append(RejectedRow(number, str(error), values, type(error).__name__))
            continue
        if delivery.ref is not None:
            if delivery.reported is None:
                rejected.append(
                    RejectedRow(
                        number,
                        "reported: missing; a record with a ref needs a report date, so that "
                        "its versions can be ordered",
                        values,
                    )
                )
                continue
            key = (delivery.ref, delivery.reported)
            if key in versions:
                rejected.append(
                    RejectedRow(
                        number,
                        f"ref: {delivery.ref!r} reported {format_date(delivery.reported)} "
                        f"again (first on row {versions[key]}); expected one version per "
                        "report date",
                        values,
                    )
                )
                continue
            versions[key] = number
        accepted.append(delivery)
    return LoadReport(Ledger(tuple(accepted)), tuple(rejected), read, ignored)


def _columns(header: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    names = [str(h).strip().lower() for h in header]
    missing = [c for c in ("reporter", "quantity") if c not in names]
    if not any(c in names for c in ("first", "month", "span")):
        missing.append("first, month or span")
    duplicated = [n for n, k in Counter(names).items() if k > 1]
    if missing or duplicated:
        raise LedgerError(
            field="columns",
            got=", ".join(names)[:80] or "no header",
            expected="columns " + ", ".join(_COLUMNS) + " (reporter, quantity and dates required)",
            fix=("add " + ", ".join(missing) if missing else "")
            + ("; " if missing and duplicated else "")
            + ("rename duplicate " + ", ".join(duplicated) if duplicated else ""),
        )
    return names, tuple(n for n in names if n not in _COLUMNS)


#: The columns Ledger.to_csv writes, in order: those it reads, with dates as first and last.
CSV_COLUMNS: Final = tuple(c for c in _COLUMNS if c not in ("month", "span"))


def deliveries_csv(deliveries: Iterable[Delivery]) -> str:
    """CSV text of *deliveries*, one row each, in :data:`CSV_COLUMNS` (see Ledger.to_csv)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes a cell with '\n' but not one with a lone '\r' (not in this
    # line terminator), which then does not read back: quote such rows whole.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for d in deliveries:
        row = (
            d.span.start.isoformat(),
            d.span.last.isoformat(),
            "" if d.reported is None else d.reported.isoformat(),
            format(d.quantity.value, "f"),
            d.quantity.unit.symbol,
            d.product,
            d.reporter,
            "; ".join(d.counterparties),
            d.note,
            d.source,
            "" if d.ref is None else d.ref,
        )
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return buffer.getvalue()


# -- the ledger --------------------------------------------------------------------------------


def _deliveries(value: object) -> tuple[Delivery, ...]:
    if isinstance(value, Delivery) or not isinstance(value, Iterable):
        raise _refuse(
            "Ledger.deliveries", value, "an iterable of Delivery", "pass a list of deliveries"
        )
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Delivery):
            if _is_estimate(item):
                raise EstimateMixError(
                    field=f"Ledger.deliveries[{index}]",
                    got=type(item).__name__,
                    expected="reported deliveries only",
                    fix="estimates are never summed with reported figures; show them beside "
                    "the utilization with TankerEstimate.beside()",
                )
            raise _refuse(
                f"Ledger.deliveries[{index}]",
                repr(item),
                "a Delivery",
                "build Delivery(span, quantity, reporter=...)",
            )
    return items


def _totals(value: object) -> tuple[PublishedTotal, ...]:
    items = tuple(value) if isinstance(value, Iterable) else (value,)
    for index, item in enumerate(items):
        if not isinstance(item, PublishedTotal):
            raise _refuse(f"Ledger.totals[{index}]", repr(item), "a PublishedTotal", "build one")
    return items


@final
@attrs.frozen(repr=False)
class Ledger:
    """Reported deliveries and published totals, counted against caps.

    >>> ledger = Ledger([
    ...     Delivery("2023-01", "44,655 bbl", reporter="Russia", reported=date(2023, 2, 28)),
    ...     Delivery("2023-02", "10,666 bbl", reporter="Russia", reported=date(2023, 3, 30)),
    ... ])
    >>> u = ledger.utilization("500,000 bbl per 12 months from 1 Jan 2018")
    >>> str(u.latest.used), str(u.latest.share), str(u.latest.status)
    ('55,321 bbl', '11.06 %', 'open')
    """

    deliveries: tuple[Delivery, ...] = attrs.field(default=(), converter=_deliveries)
    totals: tuple[PublishedTotal, ...] = attrs.field(default=(), kw_only=True, converter=_totals)

    def __attrs_post_init__(self) -> None:
        seen: dict[tuple[str, date], int] = {}
        for index, delivery in enumerate(self.deliveries):
            if delivery.ref is None:
                continue
            if delivery.reported is None:
                raise _refuse(
                    f"deliveries[{index}].reported",
                    "None",
                    "a report date on a record with a ref",
                    "versions of a record are ordered by report date; give one",
                )
            key = (delivery.ref, delivery.reported)
            if key in seen:
                raise _refuse(
                    f"deliveries[{index}].ref",
                    f"{delivery.ref!r} reported {format_date(delivery.reported)}",
                    f"one version per report date (deliveries[{seen[key]}] has it)",
                    "give the revision its own report date, or drop the duplicate",
                )
            seen[key] = index

    def __len__(self) -> int:
        return len(self.deliveries)

    def __iter__(self) -> Iterator[Delivery]:
        return iter(self.deliveries)

    def __repr__(self) -> str:
        return f"<Ledger: {len(self.deliveries)} deliveries, {len(self.totals)} published totals>"

    def with_deliveries(self, *deliveries: Delivery) -> Ledger:
        """This ledger with more deliveries."""
        return attrs.evolve(self, deliveries=(*self.deliveries, *deliveries))

    def with_totals(self, *totals: PublishedTotal) -> Ledger:
        """This ledger with more published totals."""
        return attrs.evolve(self, totals=(*self.totals, *totals))

    def as_of(self, day: date) -> Ledger:
        """The ledger as it stood on *day*: only reports received by then.

        Records with no report date are left out, since nobody can say when they arrived.
        """
        _check_day("as_of", day)
        kept = tuple(d for d in self.deliveries if d.reported is not None and d.reported <= day)
        return attrs.evolve(self, deliveries=kept)

    def current(self, *, as_of: date | None = None) -> tuple[Delivery, ...]:
        """The records that count: as of a date if given, the latest version of each ref."""
        chosen, _ = select(self.deliveries, as_of)
        return tuple(self.deliveries[i] for i in chosen)

    # -- counting ----------------------------------------------------------------------

    def normalise(
        self,
        cap: CapLike,
        *,
        normalisation: Normalisation | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> tuple[NormalisedDelivery, ...]:
        """Each counted record with how it was converted to each limb of *cap*.

        >>> ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X",
        ...                           product="gas-oil-diesel")])
        >>> [n] = ledger.normalise("500,000 bbl per 12 months from 1 Jan 2018",
        ...                        normalisation=Normalisation(table="unsd"))
        >>> print(n.conversions[0])  # doctest: +NORMALIZE_WHITESPACE
        60,000 t × 7.23 bbl/t [unsd/gas-oil-diesel, UNSD yearbook, V] = 433,800 bbl
        (against 500,000 bbl)
        """
        p = plan(cap, normalisation=normalisation, as_of=as_of, period=period)
        placed, _, _ = _count(p, self.deliveries)
        result: list[NormalisedDelivery] = []
        for _, index, delivery, converted in placed:
            conversions = tuple(
                Conversion(
                    delivery.quantity,
                    limb,
                    route.method,
                    route.factor,
                    delivery.quantity.exact * route.ratio,
                    _amount(micro, limb.unit),
                )
                for limb, (route, micro) in zip(p.limbs, converted, strict=True)
            )
            result.append(NormalisedDelivery(delivery, p.span(index), conversions))
        return tuple(result)

    def utilization(
        self,
        cap: CapLike,
        *,
        normalisation: Normalisation | None = None,
        thresholds: Thresholds | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> Utilization:
        """How much of *cap* each of its periods used, record by record.

        *cap* is a :class:`Cap`, :class:`DualCap`, its text, or a catalog measure (whose
        thresholds are then used unless *thresholds* is given; otherwise
        :meth:`Thresholds.un`).  With *as_of*, only reports received by that date count.
        Raises :class:`PeriodStraddleError` for a record that crosses a period boundary and
        :class:`FactorNotFoundError` for one that no factor can count.

        >>> ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X",
        ...                           product="gas-oil-diesel")])
        >>> cap = "500,000 bbl per 12 months from 1 Jan 2018"
        >>> for table in ("unsd", "ei-2021", "bp-older"):
        ...     u = ledger.utilization(cap, normalisation=Normalisation(table=table))
        ...     print(table, u.latest.share, u.latest.status)
        unsd 86.76 % open
        ei-2021 89.52 % open
        bp-older 90 % critical
        """
        p = plan(
            cap, normalisation=normalisation, thresholds=thresholds, as_of=as_of, period=period
        )
        return _utilization(p, self.deliveries)

    def sensitivity(
        self,
        cap: CapLike,
        normalisations: Iterable[Normalisation | str],
        *,
        thresholds: Thresholds | None = None,
        as_of: date | None = None,
        period: Periodic | None = None,
    ) -> Sensitivity:
        """The share used under each normalisation (a table key is ``Normalisation(table=key)``).

        >>> ledger = Ledger([Delivery("2020-01", "60,000 t", reporter="X",
        ...                           product="gas-oil-diesel")])
        >>> s = ledger.sensitivity("500,000 bbl per 12 months from 1 Jan 2018",
        ...                        ["unsd", "ei-2021", "bp-older"])
        >>> [str(row.share) for row in s.rows]
        ['86.76 %', '89.52 %', '90 %']
        """
        return side_by_side(
            [
                self.utilization(
                    cap, normalisation=n, thresholds=thresholds, as_of=as_of, period=period
                )
                for n in _normalisations(normalisations)
            ]
        )

    def reconcile(
        self, *, normalisation: Normalisation | None = None
    ) -> tuple[Reconciliation, ...]:
        """Each published total beside the sum of the records it covers.

        Parts are the current records of the total's reporter (and product) that lie inside
        its span, counted in the total's unit the same way as against a cap.

        >>> ledger = Ledger([
        ...     Delivery("Jan 2023", "44,655 bbl", reporter="Russia"),
        ...     Delivery("Feb 2023", "10,666 bbl", reporter="Russia"),
        ...     Delivery("Mar 2023 – Dec 2023", "50,523 bbl", reporter="Russia"),
        ... ], totals=[PublishedTotal("2023-01 – 2023-12", "105,845 bbl", reporter="Russia")])
        >>> [r] = ledger.reconcile()
        >>> str(r.summed), str(r.difference)
        ('105,844 bbl', '1 bbl')
        """
        chosen = self.current()
        position = {id(d): i for i, d in enumerate(self.deliveries)}
        norm = normalisation or Normalisation()
        result: list[Reconciliation] = []
        for total in self.totals:
            mine = [
                d
                for d in chosen
                if (total.reporter is None or d.reporter == total.reporter)
                and (total.product is None or d.product == total.product)
            ]
            parts = tuple(
                d for d in mine if total.span.start <= d.span.start and d.span.end <= total.span.end
            )
            straddling = tuple(d for d in mine if d.span.overlaps(total.span) and d not in parts)
            unit = total.amount.unit
            conversions: list[Conversion] = []
            summed = 0
            for d in parts:
                try:
                    route = norm.route(d.quantity.unit, d.product, unit)
                except FactorNotFoundError as error:
                    field = f"deliveries[{position[id(d)]}].product"
                    raise FactorNotFoundError(**{**error.facts, "field": field}) from None
                micro = counted_micro(d.micro, route.ratio)
                summed += micro
                conversions.append(
                    Conversion(
                        d.quantity,
                        total.amount,
                        route.method,
                        route.factor,
                        d.quantity.exact * route.ratio,
                        _amount(micro, unit),
                    )
                )
            result.append(
                Reconciliation(
                    total,
                    parts,
                    _amount(summed, unit),
                    _amount(_micro(total.amount) - summed, unit),
                    tuple(conversions),
                    straddling,
                )
            )
        return tuple(result)

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]], *, first_row: int = 1) -> LoadReport:
        """Load deliveries from mappings of column name to value, one per row.

        Columns: ``first`` and ``last`` (inclusive), or ``month``, or ``span``; ``quantity``
        (with ``unit``, or an amount such as ``"17,294 t"``); ``reporter``; optional
        ``reported``, ``product``, ``counterparties`` (``;``-separated), ``note``,
        ``source``, ``ref``.  Rows are numbered from *first_row*.

        >>> report = Ledger.from_rows([
        ...     {"month": "2023-01", "quantity": "44,655", "unit": "bbl", "reporter": "Russia"},
        ...     {"month": "2023-13", "quantity": "1", "unit": "bbl", "reporter": "Russia"},
        ... ])
        >>> report.accepted, [r.row for r in report.rejected], report.read
        (1, [2], 2)
        """
        if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
            raise _refuse(
                "rows",
                type(rows).__name__,
                "an iterable of mappings (one per row)",
                "pass a list of dicts; read a CSV file with Ledger.from_csv",
            )

        def cells() -> Iterator[_Row]:
            for i, row in enumerate(rows):
                if not isinstance(row, Mapping):
                    reason = f"row: got {type(row).__name__}, expected a mapping of column to value"
                    yield first_row + i, {"row": shown(row, 80)}, reason
                else:
                    yield first_row + i, {str(k).strip().lower(): v for k, v in row.items()}, None

        return _load(cells(), ())

    @classmethod
    def from_csv(cls, source: str | Path | IO[str]) -> LoadReport:
        """Load deliveries from a CSV file (a path, or an open text file).

        Columns as for :meth:`from_rows`, named in a header row; extra columns are ignored
        and listed in the report.  Row numbers are as a spreadsheet shows them (the header is
        row 1).  A header without ``reporter``, ``quantity`` or dates raises
        :class:`LedgerError`; a bad data row is rejected with its reason.

        >>> import io
        >>> text = 'month,quantity,unit,reporter\\n2023-01,"44,655",bbl,Russia\\n2023-13,5,bbl,X\\n'
        >>> report = Ledger.from_csv(io.StringIO(text))
        >>> report.accepted, [(r.row, r.reason[:6]) for r in report.rejected]
        (1, [(3, 'month:')])
        """
        if isinstance(source, str | PathLike):
            name = repr(str(source))[1:-1][:200]
            try:
                path = Path(source)
                # A device or a pipe (/dev/zero) never ends: read regular files only.
                if path.exists() and not path.is_file() and not path.is_dir():
                    raise OSError(0, "not a regular file")
                with path.open(newline="", encoding="utf-8-sig") as handle:
                    return cls._read_csv(handle, name)
            except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
                if isinstance(error, SanctionCalcError):
                    raise
                raise LedgerError(
                    field="file",
                    got=f"{name}: {getattr(error, 'strerror', None) or error}"[:120],
                    expected="a readable CSV file",
                    fix="check the path",
                ) from None
        if not hasattr(source, "read") or isinstance(source, io.RawIOBase | io.BufferedIOBase):
            raise _refuse(
                "source",
                type(source).__name__,
                "a path, or a file opened in text mode",
                "pass open(path, newline='', encoding='utf-8'), a str path or a pathlib.Path",
            )
        return cls._read_csv(source, "the file")

    @classmethod
    def _read_csv(cls, handle: IO[str], name: str) -> LoadReport:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise LedgerError(
                    field="columns", got="an empty file", expected="a header row", fix="add one"
                )
            names, ignored = _columns(header)

            def rows() -> Iterator[_Row]:
                for number, cells in enumerate(reader, start=2):
                    if len(cells) > len(names):
                        reason = f"{len(cells)} cells: more than the header's {len(names)}"
                        yield number, {"row": ",".join(cells)[:200]}, reason
                    else:
                        yield number, dict(zip(names, cells, strict=False)), None

            return _load(rows(), ignored)
        except UnicodeDecodeError as error:
            raise LedgerError(
                field="encoding",
                got=f"{name}: bytes that are not UTF-8 ({error.reason})"[:120],
                expected="UTF-8 text",
                fix="save the file as UTF-8 (a spreadsheet's 'CSV UTF-8' format)",
            ) from None
        except csv.Error as error:  # a cell over the csv module's size limit, bytes, ...
            raise LedgerError(
                field="file",
                got=f"{name}, line {reader.line_num}: {error}"[:120],
                expected="CSV text with cells of at most 131,072 characters",
                fix="check the file is a CSV ledger opened in text mode",
            ) from None

    @classmethod
    def from_dataframe(cls, frame: Any) -> LoadReport:
        """Load deliveries from a pandas DataFrame (needs the ``pandas`` extra).

        Columns as for :meth:`from_rows`; rows are numbered by position from 0.  Missing
        cells (NaN, None, NaT) are blanks; a float quantity is read by its shortest repr.
        """
        pandas = _require("pandas", "Ledger.from_dataframe")
        if not isinstance(frame, pandas.DataFrame):
            raise _refuse("frame", type(frame).__name__, "a pandas DataFrame", "pass one")
        names, ignored = _columns([str(c) for c in frame.columns])

        def plain(value: object) -> object:
            if value is None or (not isinstance(value, str) and pandas.isna(value) is True):
                return None
            if isinstance(value, pandas.Timestamp):
                return value.to_pydatetime()
            item = getattr(value, "item", None)
            return item() if callable(item) and not isinstance(value, Decimal) else value

        def rows() -> Iterator[_Row]:
            for position, values in enumerate(frame.itertuples(index=False, name=None)):
                yield position, {k: plain(v) for k, v in zip(names, values, strict=True)}, None

        return _load(rows(), ignored)

    def to_csv(self, target: str | Path | IO[str] | None = None) -> str:
        """The deliveries as CSV text that :meth:`from_csv` reads back to an equal ledger.

        Columns ``first``, ``last`` (inclusive ISO dates), ``reported``, ``quantity`` (the
        exact digits as reported), ``unit``, ``product``, ``reporter``, ``counterparties``
        (``;``-separated), ``note``, ``source``, ``ref``.  Published totals have no rows here.
        With *target* (a path or an open text file) the text is also written there.

        >>> ledger = Ledger([Delivery("2023-01", "44,655.50 bbl", reporter="Russia")])
        >>> print(ledger.to_csv(), end="")
        first,last,reported,quantity,unit,product,reporter,counterparties,note,source,ref
        2023-01-01,2023-01-31,,44655.50,bbl,unknown,Russia,,,,
        >>> Ledger.from_csv(io.StringIO(ledger.to_csv())).ledger == ledger
        True
        """
        text = deliveries_csv(self.deliveries)
        if isinstance(target, str | PathLike):
            Path(target).write_text(text, encoding="utf-8", newline="")
        elif target is not None:
            target.write(text)
        return text

    def to_bulk(self) -> BulkLedger:
        """This ledger as columns for the bulk path (needs the ``bulk`` extra, numpy)."""
        _require("numpy", "Ledger.to_bulk")
        from ._bulk import BulkLedger  # noqa: PLC0415 - numpy is imported only when used

        return BulkLedger.from_ledger(self)


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
    thresholds: Thresholds | None = None,
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
