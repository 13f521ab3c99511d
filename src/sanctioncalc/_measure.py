"""Measures: caps, dual-basis caps and bans."""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import Final, final

import attrs

from ._amount import Amount
from ._commodity import Commodity, to_commodity
from ._errors import InvalidCapError, ParseError, StrictEnumType, shown
from ._fields import named
from ._hooks import HtmlDisplay
from ._numbers import read_spaces
from ._period import (
    Period,
    Periodic,
    Span,
    format_date,
    parse_date,
    parse_period,
    to_optional_date,
)
from ._provenance import CALLER, Provenance, check_provenance

__all__ = ["Ban", "Cap", "DualCap", "LimbRule", "Measure", "parse_measure"]

_MAX_TEXT: Final = 400


class LimbRule(enum.Enum, metaclass=StrictEnumType):
    """How the limbs of a dual-basis cap combine.

    ``EITHER``: "4,000,000 barrels or 525,000 tons" (the supplier may count in either unit);
    ``WHICHEVER_LOWER``: "US$400,870,018 or 7,500,000 metric tons, whichever is lower".
    """

    EITHER = "either"
    WHICHEVER_LOWER = "whichever-lower"

    def __str__(self) -> str:
        return self.value


def _limit(value: object, field: str = "value") -> Amount:
    name = field
    amount = value if isinstance(value, Amount) else _parse_amount(value, name)
    if amount.unit.is_quotient:
        raise InvalidCapError(
            field=name,
            got=str(amount),
            expected="an amount of volume, mass, money or a count",
            fix="a per-period limit takes its period from the cap's period; a price ceiling "
            "is a price cap, not a quantity cap",
        )
    if amount.is_negative():
        raise InvalidCapError.negative_limit(name, str(amount))
    return amount


def _parse_amount(value: object, name: str) -> Amount:
    if isinstance(value, str):
        return Amount.parse(value)
    raise InvalidCapError(
        field=name,
        got=shown(value, 60),
        expected="an Amount or text such as '500,000 bbl'",
        fix="build Amount(value, unit) or pass text",
    )


def period_field(value: object, field: str = "value") -> Period:
    if isinstance(value, Span | Periodic):
        return value
    if isinstance(value, str):
        return parse_period(value)
    raise InvalidCapError(
        field=field,
        got=shown(value, 60),
        expected="a Span or Periodic, or text such as '12 months from 1 Jan 2018'",
        fix="build Periodic(12, date(2018, 1, 1)) or Span.inclusive(first, last)",
    )


def _period_text(period: Period) -> str:
    return f"per {period}" if isinstance(period, Periodic) else f"for {period}"


def _commodity_text(commodity: Commodity | None) -> str:
    return "" if commodity is None else f" [{commodity}]"


@final
@attrs.frozen(repr=False, field_transformer=named)
class Cap(HtmlDisplay):
    """An absolute limit per period: "500,000 barrels per 12-month period from 1 January 2018".

    >>> cap = Cap.parse("500,000 bbl per 12 months from 1 Jan 2018 [refined-petroleum, import]")
    >>> cap.limit
    Amount('500000', 'bbl')
    >>> str(cap.period)
    '12 months from 1 Jan 2018'
    """

    limit: Amount = attrs.field(converter=_limit)
    period: Period = attrs.field(converter=period_field)
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=to_commodity,
    )

    @property
    def limbs(self) -> tuple[Amount, ...]:
        """The limit, as a one-limb tuple (for code that handles dual caps too)."""
        return (self.limit,)

    @property
    def provenance(self) -> Provenance:
        """Where the limit comes from (the limit's own provenance)."""
        return self.limit.provenance

    def __str__(self) -> str:
        return f"{self.limit} {_period_text(self.period)}{_commodity_text(self.commodity)}"

    def __repr__(self) -> str:
        return f"Cap.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Cap:
        """Read ``"500,000 bbl per 12 months from 1 Jan 2018"`` or ``"4,500,000 bbl/yr"``."""
        measure = parse_measure(text)
        if not isinstance(measure, Cap):
            raise ParseError(
                field="Cap",
                got=shown(text, 60),
                expected="one limit and a period",
                fix="use DualCap.parse for 'A or B' and Ban.parse for bans",
            )
        return measure


def _limbs(value: object, field: str = "value") -> tuple[Amount, ...]:
    name = field
    if isinstance(value, str | Amount) or not hasattr(value, "__iter__"):
        raise InvalidCapError(
            field=name,
            got=shown(value, 60),
            expected="two or more amounts of different dimensions",
            fix="pass a tuple such as ('4,000,000 bbl', '525,000 t')",
        )
    limbs = tuple(_limit(v, field) for v in value)
    dims = [limb.dimension for limb in limbs]
    if len(limbs) < 2 or len(set(dims)) != len(dims):
        raise InvalidCapError(
            field=name,
            got=", ".join(map(str, limbs)) or "nothing",
            expected="two or more limbs, each of a different dimension",
            fix="a cap with one limb is a Cap; limbs of one dimension are one limit",
        )
    return limbs


def _rule(value: object) -> LimbRule:
    if isinstance(value, LimbRule):
        return value
    try:
        return LimbRule(value)
    except ValueError:
        raise InvalidCapError(
            field="DualCap.rule",
            got=shown(value, 40),
            expected="'either' or 'whichever-lower'",
            fix="pass a sanctioncalc.LimbRule",
        ) from None


@final
@attrs.frozen(repr=False, field_transformer=named)
class DualCap(HtmlDisplay):
    """A cap with limbs in different units: "4,000,000 barrels or 525,000 tons".

    >>> crude = DualCap.parse("4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017")
    >>> crude.rule
    <LimbRule.EITHER: 'either'>
    >>> coal = DualCap.parse(
    ...     "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017")
    >>> coal.rule
    <LimbRule.WHICHEVER_LOWER: 'whichever-lower'>
    """

    limbs: tuple[Amount, ...] = attrs.field(converter=_limbs)
    period: Period = attrs.field(converter=period_field)
    rule: LimbRule = attrs.field(default=LimbRule.EITHER, converter=_rule)
    commodity: Commodity | None = attrs.field(
        default=None,
        converter=to_commodity,
    )

    @property
    def provenance(self) -> Provenance:
        """Where the limbs come from: their provenances combined."""
        return Provenance.combine(*(limb.provenance for limb in self.limbs))

    def limb(self, dimension_or_unit: str) -> Amount:
        """The limb of a dimension (``"mass"``) or a unit's dimension (``"t"``)."""
        from ._units import parse_unit  # noqa: PLC0415 - tiny, avoids a name clash

        if not isinstance(dimension_or_unit, str):
            raise InvalidCapError(
                field="dimension_or_unit",
                got=shown(dimension_or_unit, 40),
                expected="a dimension such as 'mass' or a unit such as 't'",
                fix="name the limb by its unit, e.g. cap.limb('bbl')",
            )
        dim = dimension_or_unit
        if dim not in {limb.dimension for limb in self.limbs}:
            dim = parse_unit(dimension_or_unit).dimension
        for limb in self.limbs:
            if limb.dimension == dim:
                return limb
        raise InvalidCapError(
            field="DualCap.limbs",
            got=", ".join(map(str, self.limbs)),
            expected=f"a limb of dimension {dim}",
            fix="ask for one of the limbs' units",
        )

    def __str__(self) -> str:
        limbs = " or ".join(map(str, self.limbs))
        rule = ", whichever is lower," if self.rule is LimbRule.WHICHEVER_LOWER else ""
        return f"{limbs}{rule} {_period_text(self.period)}{_commodity_text(self.commodity)}"

    def __repr__(self) -> str:
        return f"DualCap.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> DualCap:
        """Read ``"4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017"``."""
        measure = parse_measure(text)
        if not isinstance(measure, DualCap):
            raise ParseError(
                field="DualCap",
                got=shown(text, 60),
                expected="two limbs joined by 'or', and a period",
                fix="use Cap.parse for a single limit",
            )
        return measure


def _exemptions(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidCapError(
            field="Ban.exemptions",
            got=shown(value, 60),
            expected="a tuple of short texts",
            fix="pass e.g. ('livelihood',)",
        )
    items = tuple(value)
    for item in items:
        # The text form lists them after 'except', separated by '; ': outer spaces and
        # control characters would not read back.
        if (
            not isinstance(item, str)
            or not item.strip()
            or item != item.strip()
            or not item.isprintable()
            or any(c in item for c in ";[]")
        ):
            raise InvalidCapError(
                field="Ban.exemptions",
                got=shown(item, 60),
                expected="non-empty texts without ';', '[' or ']', printable, without outer spaces",
                fix="describe each exemption in a few words",
            )
    return items


@final
@attrs.frozen(repr=False, field_transformer=named)
class Ban(HtmlDisplay):
    """A prohibition: a cap of zero, usually with exemptions.

    >>> Ban.parse("ban from 5 Aug 2017 except livelihood [coal, export]").exemptions
    ('livelihood',)
    """

    commodity: Commodity | None = attrs.field(
        default=None,
        converter=to_commodity,
    )
    exemptions: tuple[str, ...] = attrs.field(default=(), converter=_exemptions)
    start: date | None = attrs.field(default=None, converter=to_optional_date)
    #: Where the ban comes from (outside ``==`` and hash); :data:`CALLER` for one's own.
    provenance: Provenance = attrs.field(
        default=CALLER, kw_only=True, eq=False, validator=check_provenance
    )

    @property
    def limbs(self) -> tuple[Amount, ...]:
        """A ban has no limb: every unit's limit is zero."""
        return ()

    def __str__(self) -> str:
        text = "ban"
        if self.start is not None:
            text += f" from {format_date(self.start)}"
        if self.exemptions:
            text += " except " + "; ".join(self.exemptions)
        return text + _commodity_text(self.commodity)

    def __repr__(self) -> str:
        return f"Ban.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Ban:
        """Read ``"ban"``, ``"ban from 5 Aug 2017 except livelihood [coal, export]"``."""
        measure = parse_measure(text)
        if not isinstance(measure, Ban):
            raise ParseError(
                field="Ban",
                got=shown(text, 60),
                expected="text starting with 'ban'",
                fix="use Cap.parse for a limit",
            )
        return measure


Measure = Cap | DualCap | Ban

_COMMODITY_TAIL: Final = re.compile(r"\s*\[(?P<commodity>[^\[\]]*)\]\s*$")
_BAN_RE: Final = re.compile(
    r"ban(?:\s+from\s+(?P<start>.+?))?(?:\s+except\s+(?P<except>.+?))?", re.IGNORECASE
)
_LIMIT_RE: Final = re.compile(
    r"(?P<limbs>.+?)(?P<lower>,?\s*whichever is (?:the )?lower,?)?"
    r"\s+(?P<kw>per|for)\s+(?P<period>.+)",
    re.IGNORECASE,
)
_PER_YEAR_RE: Final = re.compile(r"(?P<limbs>.+?)\s*(?:/\s*(?:yr|year|a)|per year|a year)")


def parse_measure(text: str) -> Measure:
    """Read the text form of a :class:`Cap`, :class:`DualCap` or :class:`Ban`.

    >>> parse_measure("4,500,000 bbl/yr")
    Cap.parse('4,500,000 bbl per 12 months')
    """
    if isinstance(text, str):
        text = read_spaces(text)
    if not isinstance(text, str) or len(text) > _MAX_TEXT or not text.isprintable():
        raise ParseError(
            field="measure",
            got=shown(text, 60),
            expected=f"text of at most {_MAX_TEXT} printable characters",
            fix="e.g. '500,000 bbl per 12 months from 1 Jan 2018'",
        )
    body = text.strip()
    commodity: Commodity | None = None
    tail = _COMMODITY_TAIL.search(body)
    if tail:
        commodity = Commodity.parse(tail["commodity"])
        body = body[: tail.start()].strip()
    ban = _BAN_RE.fullmatch(body)
    if ban:
        start = parse_date(ban["start"], "Ban.start") if ban["start"] else None
        exemptions = tuple(e.strip() for e in ban["except"].split(";")) if ban["except"] else ()
        return Ban(commodity, exemptions, start)
    limit = _LIMIT_RE.fullmatch(body)
    if limit:
        limbs_text, period = limit["limbs"], parse_period(limit["period"])
        lower = bool(limit["lower"])
    else:
        per_year = _PER_YEAR_RE.fullmatch(body)
        if per_year is None:
            raise ParseError(
                field="measure",
                got=shown(text, 60),
                expected="'<limit> per <period>', '<limit> for <range>', '<limit>/yr' or 'ban'",
                fix="e.g. '500,000 bbl per 12 months from 1 Jan 2018'",
            )
        limbs_text, period, lower = per_year["limbs"], Periodic(12), False
    limbs = [Amount.parse(part) for part in re.split(r"\s+or\s+", limbs_text.strip())]
    if len(limbs) == 1:
        if lower:
            raise ParseError(
                field="measure",
                got=shown(text, 60),
                expected="two limbs before 'whichever is lower'",
                fix="join the limbs with 'or'",
            )
        return Cap(limbs[0], period, commodity)
    rule = LimbRule.WHICHEVER_LOWER if lower else LimbRule.EITHER
    return DualCap(tuple(limbs), period, rule, commodity)
