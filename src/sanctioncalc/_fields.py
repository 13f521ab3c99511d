"""The field kit: the converters and validators every value type shares.

A value type declares its fields with attrs and names this module's :func:`named` as its
``field_transformer``::

    @attrs.frozen(field_transformer=named)
    class Cap:
        limit: Amount = attrs.field(converter=to_limit)

A *kit converter* is a plain function ``(value, field="...") -> T``: it converts or refuses
*value* and names *field* in its error.  :func:`named` hands every kit converter of a class
the field's qualified name (``"Cap.limit"``) when the class is built, so a converter never
guesses which field it checks and mypy's attrs plugin reads the converter's signature as it
is.

The rules that hold for many types live here once: a mark is one of :class:`Mark`'s members
(:func:`to_mark`, :func:`to_optional_mark`); a choice is one of a fixed set (:func:`one_of`).
Rules that need a richer type live beside that type and take the same ``(value, field)``
arguments: dates in ``_period`` (``check_date``, ``to_date``, ``to_optional_date``: a
``datetime.date``, not a datetime, in the years the text forms read back), decimals in
``_numbers`` (``to_decimal``), commodities in ``_commodity`` (``to_commodity``), periods and
limits in ``_measure`` (``period_field``; a limit is never negative), prices in
``_price_cap``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final, cast

import attrs

from ._errors import InvalidCapError, shown
from ._mark import Mark

__all__: list[str] = []


_FIELD: Final = "field"


def named(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """attrs ``field_transformer``: give each kit converter its field's qualified name."""
    return [_named(cls, attribute) for attribute in fields]


def _named(cls: type, attribute: attrs.Attribute[Any]) -> attrs.Attribute[Any]:
    converter = attribute.converter
    if not _takes_field(converter):
        return attribute
    convert = cast(Callable[..., Any], converter)
    name = f"{cls.__name__}.{attribute.name}"
    return attribute.evolve(converter=functools.partial(convert, field=name))


def _takes_field(converter: object) -> bool:
    code = getattr(converter, "__code__", None)
    if code is None:
        return False
    names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    return _FIELD in names[1:]


def qualified(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """``"Cap.limit"``: the name a validator's error gives the field it checks."""
    return f"{type(instance).__name__}.{attribute.name}"


def to_mark(value: object, field: str = "mark") -> Mark:
    """A :class:`Mark`, or its exact text ``"V"``, ``"V2"`` or ``"U"``.

    >>> to_mark("V2", "Source.mark")
    Mark.V2
    """
    if isinstance(value, Mark):
        return value
    if isinstance(value, str):
        for mark in Mark:
            if mark.value == value:
                return mark
    raise InvalidCapError(
        field=field,
        got=shown(value, 20),
        expected=Mark.vocabulary(),
        fix="mark how the source of the figure was seen",
    )


def one_of(*choices: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator that accepts exactly one of *choices*."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise InvalidCapError(
                field=qualified(instance, attribute),
                got=shown(value, 30),
                expected=" or ".join(repr(c) for c in choices),
                fix="choose one of those",
            )

    return check


def to_optional_mark(value: object, field: str = "mark") -> Mark | None:
    """``None``, or a mark as :func:`to_mark` reads it."""
    return None if value is None else to_mark(value, field)
