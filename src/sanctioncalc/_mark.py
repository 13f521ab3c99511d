"""Provenance marks: how the source of a figure was seen.

A mark describes the *source*, not a degree of confidence.  ``V``: the figure was read in
the instrument's own text, as published by its author or official publisher.  ``V2``: it
was seen only in a secondary source that quotes or describes it (press, a fact sheet about
someone else's text, another jurisdiction's implementing act).  ``U``: it is unverified.

Marks are ordered by strength, ``V > V2 > U``, so a result derived from several figures
carries the weakest of their marks: no result is stronger than its weakest input.
"""

from __future__ import annotations

import enum
from typing import Final, Self

from ._errors import ParseError, StrictEnumType, shown

__all__ = ["Mark"]


@enum.unique
class Mark(enum.Enum, metaclass=StrictEnumType):
    """How the source of a figure was seen: ``V``, ``V2`` or ``U``, strongest first.

    >>> Mark.parse("V2")
    Mark.V2
    >>> print(Mark.V2, Mark.V2.wording)
    V2 seen only in a secondary source
    >>> Mark.V > Mark.V2 > Mark.U
    True
    """

    V = "V"
    """Read in the instrument's own text, as published by its author or official publisher."""
    V2 = "V2"
    """Seen only in a secondary source that quotes or describes the text."""
    U = "U"
    """Unverified: recalled, inferred or from one weak source."""

    @classmethod
    def parse(cls, text: str) -> Self:
        """The mark written *text*: exactly ``"V"``, ``"V2"`` or ``"U"``.

        Raises :class:`ParseError` (a ``ValueError``) for anything else (case and spaces
        matter: a catalog that writes ``"v"`` is wrong, not nearly right).

        >>> Mark.parse("U")
        Mark.U
        """
        for mark in cls:
            if mark.value == text:
                return mark
        raise ParseError(
            field="mark",
            got=shown(text, 20),
            expected=_VOCABULARY,
            fix="mark how the source of the figure was seen",
        )

    @classmethod
    def weakest(cls, mark: Self, /, *marks: Self) -> Self:
        """The weakest of the marks given: the mark a result derived from them carries.

        >>> Mark.weakest(Mark.V, Mark.U, Mark.V2)
        Mark.U
        """
        given = (mark, *marks)
        for index, item in enumerate(given):
            if not isinstance(item, Mark):
                raise ParseError(
                    field=f"marks[{index}]",
                    got=shown(item, 20),
                    expected="a sanctioncalc.Mark",
                    fix="pass Mark.V, Mark.V2 or Mark.U",
                )
        return min(given)

    @property
    def wording(self) -> str:
        """What the mark says about the source, in words for a reader.

        >>> Mark.U.wording
        'unverified'
        """
        return _WORDING[self]

    @property
    def qualifier(self) -> str:
        """How a flag names the mark after what it marks: ``"figure from a secondary source"``.

        >>> for mark in Mark:
        ...     print("figure", mark.qualifier)
        figure from the instrument's own text
        figure from a secondary source
        figure unverified
        """
        return _QUALIFIER[self]

    @property
    def short(self) -> str:
        """The mark in two words, for a table cell or a legend: ``"secondary source"``.

        >>> [m.short for m in Mark]
        ['primary source', 'secondary source', 'unverified']
        """
        return _SHORT[self]

    @classmethod
    def vocabulary(cls) -> str:
        """Every mark with its wording, as an error message's *expected* says them."""
        return _VOCABULARY

    @property
    def strength(self) -> int:
        """The mark's rank: 2 for ``V``, 1 for ``V2``, 0 for ``U``.

        >>> [m.strength for m in Mark]
        [2, 1, 0]
        """
        return _STRENGTH[self]

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Mark.{self.name}"

    def __lt__(self, other: Self) -> bool:
        if not isinstance(other, Mark):
            return NotImplemented
        return self.strength < other.strength

    def __le__(self, other: Self) -> bool:
        if not isinstance(other, Mark):
            return NotImplemented
        return self.strength <= other.strength

    def __gt__(self, other: Self) -> bool:
        if not isinstance(other, Mark):
            return NotImplemented
        return self.strength > other.strength

    def __ge__(self, other: Self) -> bool:
        if not isinstance(other, Mark):
            return NotImplemented
        return self.strength >= other.strength


_WORDING: Final = {
    Mark.V: "read in the instrument's own text",
    Mark.V2: "seen only in a secondary source",
    Mark.U: "unverified",
}
_QUALIFIER: Final = {
    Mark.V: "from the instrument's own text",
    Mark.V2: "from a secondary source",
    Mark.U: "unverified",
}
_SHORT: Final = {Mark.V: "primary source", Mark.V2: "secondary source", Mark.U: "unverified"}
_STRENGTH: Final = {Mark.V: 2, Mark.V2: 1, Mark.U: 0}
_VOCABULARY: Final = "{} ({}), {} ({}) or {} ({})".format(
    *(part for m in Mark for part in (repr(m.value), m.wording))
)
