"""Commodities and directions of trade."""

from __future__ import annotations

import enum
import re
from typing import Final, final

import attrs

from ._errors import InvalidCapError, ParseError, StrictEnumType, shown

__all__ = ["Commodity", "Direction"]

_NAME_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HS_RE: Final = re.compile(r"\d{2}(?:\d{2}){0,4}")


class Direction(enum.Enum, metaclass=StrictEnumType):
    """Which way a measure restricts trade, seen from the targeted state.

    ``IMPORT``: supply, sale or transfer *to* it (refined petroleum to the DPRK);
    ``EXPORT``: supply *from* it (DPRK coal); ``ANY``: both or not stated.
    """

    IMPORT = "import"
    EXPORT = "export"
    ANY = "any"

    def __str__(self) -> str:
        return self.value


def _check_name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _NAME_RE.fullmatch(value) or len(value) > 60:
        raise InvalidCapError(
            field=f"Commodity.{attribute.name}",
            got=shown(value, 60),
            expected="a lowercase slug such as 'refined-petroleum' or 'crude-oil'",
            fix="use lowercase letters, digits and single hyphens",
        )


def _check_hs(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not _HS_RE.fullmatch(value)):
        raise InvalidCapError(
            field=f"Commodity.{attribute.name}",
            got=shown(value, 40),
            expected="an HS code of 2, 4, 6, 8 or 10 digits, such as '2710'",
            fix="give the code's digits without dots, or None",
        )


def _direction(value: object) -> Direction:
    if isinstance(value, Direction):
        return value
    try:
        return Direction(value)
    except ValueError:
        raise InvalidCapError(
            field="Commodity.direction",
            got=shown(value, 40),
            expected="'import', 'export' or 'any'",
            fix="pass a sanctioncalc.Direction",
        ) from None


_TEXT_RE: Final = re.compile(
    r"(?P<name>[^,\s]+)(?:,\s*(?P<direction>import|export|any))?(?:,\s*HS\s*(?P<hs>\d+))?"
)


@final
@attrs.frozen(repr=False)
class Commodity:
    """A traded good as a measure names it, with its HS code where known.

    >>> c = Commodity("refined-petroleum", Direction.IMPORT, hs_code="2710")
    >>> str(c)
    'refined-petroleum, import, HS 2710'
    >>> Commodity.parse(str(c)) == c
    True
    """

    name: str = attrs.field(validator=_check_name)
    direction: Direction = attrs.field(default=Direction.ANY, converter=_direction)
    hs_code: str | None = attrs.field(default=None, validator=_check_hs)

    def __str__(self) -> str:
        text = f"{self.name}, {self.direction}"
        return text if self.hs_code is None else f"{text}, HS {self.hs_code}"

    def __repr__(self) -> str:
        return f"Commodity.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Commodity:
        """Read ``"crude-oil"``, ``"crude-oil, import"`` or ``"crude-oil, import, HS 2709"``."""
        match = (
            _TEXT_RE.fullmatch(text.strip()) if isinstance(text, str) and len(text) < 120 else None
        )
        if match is None:
            raise ParseError(
                field="Commodity",
                got=shown(text, 60),
                expected="text such as 'refined-petroleum, import, HS 2710'",
                fix="give a slug name, then optionally a direction and an HS code",
            )
        return cls(match["name"], match["direction"] or Direction.ANY, match["hs"])


def to_commodity(value: object, field: str = "value") -> Commodity | None:
    """attrs converter for a measure's ``commodity``: a Commodity, its text, or None."""
    if value is None or isinstance(value, Commodity):
        return value
    if isinstance(value, str):
        return Commodity.parse(value)
    raise InvalidCapError(
        field=field,
        got=shown(value, 60),
        expected="a Commodity, text such as 'crude-oil, import', or None",
        fix="build Commodity('crude-oil', Direction.IMPORT)",
    )
