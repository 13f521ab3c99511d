"""Relative limits: a cap stated against a baseline the text does not put in numbers."""

from __future__ import annotations

from typing import Any, final

import attrs

from ._commodity import Commodity, to_commodity
from ._errors import InvalidCapError, shown
from ._fields import named
from ._hooks import HtmlDisplay
from ._measure import Cap, period_field
from ._period import Period, Periodic

__all__ = ["Freeze"]


def _description(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 300:
        raise InvalidCapError(
            field=f"Freeze.{attribute.name}",
            got=shown(value, 60),
            expected="a short description of the baseline (1 to 300 characters)",
            fix="quote what the text freezes at, e.g. 'the amount supplied in the 12 months "
            "before adoption'",
        )


def _estimate(value: object) -> Cap | None:
    if value is None or isinstance(value, Cap):
        return value
    if isinstance(value, str):
        return Cap.parse(value)
    raise InvalidCapError(
        field="Freeze.estimate",
        got=shown(value, 60),
        expected="a Cap, its text, or None",
        fix="pass Cap.parse('4,000,000 bbl per 12 months') or None",
    )


@final
@attrs.frozen(repr=False, field_transformer=named)
class Freeze(HtmlDisplay):
    """A cap at a baseline the text leaves unquantified: "no more than in the prior 12 months".

    2375 para 15 froze crude oil supply at the amount of the 12 months before adoption; the
    text gives no number.  An outside estimate of the baseline may be attached, and is
    always shown as an estimate, never as the cap.

    >>> f = Freeze("the amount supplied in the 12 months before adoption",
    ...            "12 months from 11 Sep 2017", estimate="4,000,000 bbl per 12 months")
    >>> f.estimate.limit
    Amount('4000000', 'bbl')
    """

    baseline: str = attrs.field(validator=_description)
    period: Period = attrs.field(converter=period_field)
    estimate: Cap | None = attrs.field(default=None, converter=_estimate)
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=to_commodity,
    )

    @property
    def limbs(self) -> tuple[()]:
        """A freeze has no stated limb; use :attr:`estimate` explicitly if you accept it."""
        return ()

    def __str__(self) -> str:
        kind = "per" if isinstance(self.period, Periodic) else "for"
        text = f"freeze at {self.baseline} {kind} {self.period}"
        if self.estimate is not None:
            text += f" (estimated {self.estimate.limit})"
        return text

    def __repr__(self) -> str:
        return (
            f"Freeze({self.baseline!r}, {str(self.period)!r}, "
            f"estimate={str(self.estimate) if self.estimate else None!r})"
        )
