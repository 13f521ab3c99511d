"""The ledger's records: a reported delivery and a published total."""

from __future__ import annotations

from datetime import date
from typing import final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._fields import named
from sanctioncalc._period import Span, format_date, to_optional_date

from .fields import (
    _micro,
    _name,
    _names,
    _optional_name,
    _optional_product,
    _product,
    _quantity,
    _refuse,
    _span,
    _stripped,
    _text,
)

__all__ = [
    "Delivery",
    "PublishedTotal",
]


# -- records -------------------------------------------------------------------------------


@final
@attrs.frozen(field_transformer=named)
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
    reported: date | None = attrs.field(default=None, kw_only=True, converter=to_optional_date)
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


@final
@attrs.frozen(field_transformer=named)
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
