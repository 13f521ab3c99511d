"""The sanctioncalc error and warning hierarchy.

Every error derives from :class:`SanctionCalcError` and also from the builtin a caller
would catch anyway (``ValueError``, ``TypeError``, ``LookupError``).  Errors carry their
facts as attributes and build their message from them: what was got, what was expected,
and how to fix it.  They pickle, facts included.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar, Self

__all__ = [
    "AmbiguousUnitError",
    "CatalogConflictError",
    "CatalogError",
    "FactorNotFoundError",
    "InexactResultError",
    "InstrumentNotFoundError",
    "InvalidAmountError",
    "InvalidCapError",
    "InvalidPeriodError",
    "ParseError",
    "PeriodMismatchError",
    "PrecisionLossWarning",
    "ProvenanceError",
    "SanctionCalcError",
    "SanctionCalcWarning",
    "UnitMismatchError",
    "UnknownUnitError",
    "ZeroBaselineError",
]


def shown(value: object, limit: int = 60) -> str:
    """*value*'s repr for an error message, at most *limit* characters.

    Safe for any value: ``repr(10**5000)`` raises ValueError (the int-to-str digit limit).
    """
    if isinstance(value, int) and value.bit_length() > 3000:
        return f"an integer of about {value.bit_length() * 30103 // 100000 + 1} digits"
    try:
        text = repr(value)
    except ValueError:  # a container holding such an int
        return f"a {type(value).__name__} holding a number too long to write out"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class StrictEnumType(enum.EnumType):
    """The metaclass of sanctioncalc's enums: an unknown value raises :class:`ParseError`.

    ``Direction("sideways")`` names the enum and lists its values, where a plain enum raises
    a bare ``ValueError`` (and one that cannot even write an enormous integer).
    """

    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if not cls._member_map_:  # the functional API builds a new enum from a bare one
            return super().__call__(value, *args, **kwargs)
        if isinstance(value, cls) and not (args or kwargs):
            return value
        try:
            if args or kwargs:  # an enum with members only looks a value up
                raise KeyError(value)
            return cls._value2member_map_[value]
        except (KeyError, TypeError):  # not a value, or unhashable
            members: list[enum.Enum] = list(cls)
            values = " or ".join(repr(m.value) for m in members)
            raise ParseError(
                field=cls.__name__,
                got=shown(value if not (args or kwargs) else (value, *args), 40),
                expected=values,
                fix=f"pass a sanctioncalc.{cls.__name__} or one of its values",
            ) from None


def _text(value: object) -> str | None:
    """A fact as text: ``None`` stays absent, anything but a str is shown shortened."""
    return value if value is None or isinstance(value, str) else shown(value, 200)


def _rebuild(
    cls: type[SanctionCalcError], message: str | None, facts: dict[str, str | None]
) -> SanctionCalcError:
    return cls(message, **facts)


class SanctionCalcError(Exception):
    """Root of every error sanctioncalc raises.

    The facts are keyword-only and typed: ``field`` (what was wrong), ``got`` (what was
    given, shortened), ``expected`` (what is accepted) and ``fix`` (how to put it right).
    The message is built from them; an error built from a message alone has no facts
    (each is ``None``).  A misspelt fact is a type error, not a silent attribute.

    >>> error = ParseError(field="Cap", got="'x'", expected="'500,000 bbl'", fix="give a number")
    >>> print(error)
    Cap: got 'x', expected '500,000 bbl'; give a number
    >>> ParseError("cannot read the cap").fix is None
    True
    """

    _template: ClassVar[str] = "{field}: got {got}, expected {expected}; {fix}"

    field: str | None
    got: str | None
    expected: str | None
    fix: str | None

    def __init__(
        self,
        message: str | None = None,
        /,
        *,
        field: str | None = None,
        got: str | None = None,
        expected: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.field = _text(field)
        self.got = _text(got)
        self.expected = _text(expected)
        self.fix = _text(fix)
        self._message = _text(message)
        super().__init__(self._compose() if message is None else message)

    @property
    def facts(self) -> dict[str, str | None]:
        """The facts given, by name (those left out are not listed)."""
        return {
            name: value for name in self._fact_names() if (value := getattr(self, name)) is not None
        }

    def _fact_names(self) -> tuple[str, ...]:
        return ("field", "got", "expected", "fix")

    def _compose(self) -> str:
        facts = self.facts
        if set(facts) == set(self._fact_names()):
            return self._template.format(**facts)
        # A partial set of facts: say what is known, in the template's order.
        where = ": ".join(facts[name] or "" for name in self._fact_names()[:-3] if name in facts)
        what = ", ".join(f"{name} {facts[name]}" for name in ("got", "expected") if name in facts)
        text = ": ".join(part for part in (where, what) if part)
        fix = facts.get("fix")
        if fix is not None:
            text = f"{text}; {fix}" if text else fix
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self._message, self.facts))

    # -- recurring messages, written once ----------------------------------------------------

    @classmethod
    def negative_limit(cls, field: str, got: str) -> Self:
        """The error for a limit below zero.

        >>> print(InvalidCapError.negative_limit("Cap.limit", "-1 bbl"))
        Cap.limit: got -1 bbl, expected an amount of zero or more; a limit cannot be negative;
        a reduction is expressed by a smaller limit
        """
        return cls(
            field=field,
            got=got,
            expected="an amount of zero or more",
            fix="a limit cannot be negative; a reduction is expressed by a smaller limit",
        )

    @classmethod
    def reversed_days(cls, field: str, got: str) -> Self:
        """The error for a span whose last day comes before its first.

        >>> print(InvalidPeriodError.reversed_days("Span.last", "2 Jan 2018 – 1 Jan 2018"))
        Span.last: got 2 Jan 2018 – 1 Jan 2018, expected a last day on or after the first;
        give the dates in order
        """
        return cls(
            field=field,
            got=got,
            expected="a last day on or after the first",
            fix="give the dates in order",
        )


class InvalidAmountError(SanctionCalcError, ValueError):
    """A number is not an acceptable amount (NaN, infinite, bool, negative where forbidden...).

    Attributes: ``field``, ``got``, ``expected``, ``fix``.
    """


class ParseError(SanctionCalcError, ValueError):
    """A text form could not be read.

    Attributes: ``field`` (the type being parsed), ``got`` (the text, shortened),
    ``expected`` (the accepted form), ``fix``.
    """


class UnknownUnitError(SanctionCalcError, ValueError):
    """A unit spelling is not one sanctioncalc knows.

    Attributes: ``field``, ``got``, ``expected``, ``fix``.
    """


class AmbiguousUnitError(UnknownUnitError):
    """A unit spelling has two readings in use (``Mbbl``: thousand or million barrels)."""


class UnitMismatchError(SanctionCalcError, TypeError):
    """Two amounts of different dimensions met without a named conversion factor.

    Attributes: ``field``, ``got``, ``expected``, ``fix``.
    """


class InvalidCapError(SanctionCalcError, ValueError):
    """A measure's parts do not make a valid cap (negative limit, a rate as a limit...)."""


class InvalidPeriodError(SanctionCalcError, ValueError):
    """A period is empty, reversed, or not of a supported shape."""


class PeriodMismatchError(SanctionCalcError, ValueError):
    """Two caps cover periods of different lengths and cannot be compared directly."""


class ZeroBaselineError(SanctionCalcError, ZeroDivisionError):
    """A percentage was asked relative to a zero amount (a ban has no percentage base)."""


class InexactResultError(SanctionCalcError, ArithmeticError):
    """An exact result has no finite decimal form in the unit asked for.

    Attributes: ``field``, ``got`` (the exact fraction), ``expected``, ``fix``.
    """


class FactorNotFoundError(SanctionCalcError, LookupError):
    """No conversion factor or table has the name asked for.

    Attributes: ``field``, ``got``, ``expected`` (the names that exist), ``fix``.
    """


class ProvenanceError(SanctionCalcError, ValueError):
    """A result rests on figures weaker than the caller required (``Provenance.require``).

    Attributes: ``field``, ``got`` (the weak inputs, named), ``expected``, ``fix``.
    """


class SanctionCalcWarning(UserWarning):
    """Root of the warnings sanctioncalc emits for legal but risky input."""


class PrecisionLossWarning(SanctionCalcWarning):
    """A foreign quantity's unit was not in the exact table and went through float base units."""


class CatalogError(SanctionCalcError, ValueError):
    """A catalog file or record does not follow the schema.

    Attributes: ``file``, ``record`` (symbol or measure id), ``field``, ``got``, ``expected``,
    ``fix``.
    """

    _template = "{file}: {record}: {field}: got {got}, expected {expected}; {fix}"

    file: str | None
    record: str | None

    def __init__(
        self,
        message: str | None = None,
        /,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
        got: str | None = None,
        expected: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.file = _text(file)
        self.record = _text(record)
        super().__init__(message, field=field, got=got, expected=expected, fix=fix)

    def _fact_names(self) -> tuple[str, ...]:
        return ("file", "record", *super()._fact_names())


class CatalogConflictError(CatalogError):
    """Two catalogs define the same record differently."""


class InstrumentNotFoundError(SanctionCalcError, LookupError):
    """No instrument or commodity in the catalog matches the name asked for.

    Attributes: ``field``, ``got``, ``expected`` (the names that exist), ``fix``.
    """


# -- ledger errors (appended with the utilization ledger) -----------------------------------

__all__ += [
    "BulkOverflowError",
    "EstimateMixError",
    "LedgerError",
    "MissingExtraError",
    "PeriodStraddleError",
]


class LedgerError(SanctionCalcError, ValueError):
    """A ledger's records or input do not fit together (a duplicate version, a bad header).

    Attributes: ``field``, ``got``, ``expected``, ``fix``.
    """


class PeriodStraddleError(PeriodMismatchError):
    """A delivery's span crosses a boundary of the periods it is counted in.

    A record for 1 Dec 2018 – 31 Dec 2018 cannot be counted in 2397's crude-oil years, which
    turn on 22 December, without splitting it.  Attributes: ``field``, ``got``,
    ``expected``, ``fix``.
    """


class BulkOverflowError(SanctionCalcError, OverflowError):
    """A bulk computation would leave the exact range of int64 micro-units, and was refused.

    Attributes: ``field``, ``got``, ``expected``, ``fix``.
    """


class MissingExtraError(SanctionCalcError, ImportError):
    """An optional dependency (numpy, pandas, matplotlib, hypothesis) is not installed.

    Attributes: ``field`` (what needs it), ``got``, ``expected`` (the extra), ``fix``.
    """


def missing_extra(module: str, what: str, extra: str) -> MissingExtraError:
    """The error for *what* needing *module*, which the *extra* extra installs."""
    error = MissingExtraError(
        field=what,
        got=f"{module} is not installed",
        expected=f"the {extra!r} extra",
        fix=f"pip install 'sanctioncalc[{extra}]'",
    )
    error.name = module  # as ImportError sets it, for tools that read it
    return error


class EstimateMixError(SanctionCalcError, TypeError):
    """An estimate met a reported figure in arithmetic; the two are never summed.

    Attributes: ``field``, ``got``, ``expected``, ``fix``.
    """
