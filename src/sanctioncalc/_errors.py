"""The sanctioncalc error and warning hierarchy.

Every error derives from :class:`SanctionCalcError` and also from the builtin a caller
would catch anyway (``ValueError``, ``TypeError``, ``LookupError``).  Errors carry their
facts as attributes and build their message from them: what was got, what was expected,
and how to fix it.  They pickle, facts included.
"""

from __future__ import annotations

from typing import Any, ClassVar

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


def _rebuild(cls: type[SanctionCalcError], facts: dict[str, Any]) -> SanctionCalcError:
    return cls(**facts)


class SanctionCalcError(Exception):
    """Root of every error sanctioncalc raises.

    Subclasses declare a ``_template`` that is formatted with the error's facts.
    """

    _template: ClassVar[str] = "{field}: got {got}, expected {expected}; {fix}"

    def __init__(self, **facts: Any) -> None:
        self.facts = facts
        for name, value in facts.items():
            setattr(self, name, value)
        super().__init__(self._template.format(**facts))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.facts))


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
