"""Field checks shared by the ledger's records: names, products, dates, quantities and
spans written as months.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import MINYEAR, date
from fractions import Fraction
from typing import Any, Final

import attrs

from sanctioncalc._amount import Amount
from sanctioncalc._errors import (
    InvalidAmountError,
    InvalidPeriodError,
    LedgerError,
    ParseError,
    shown,
)
from sanctioncalc._period import MONTH_NUMBERS, Span, add_months, parse_date
from sanctioncalc._units import Unit

__all__: list[str] = []


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
    text = got[:80] if isinstance(got, str) else shown(got, 80)
    return LedgerError(field=field, got=text, expected=expected, fix=fix)


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


# -- spans written as months ---------------------------------------------------------------

_ISO_MONTH: Final = re.compile(r"(\d{4})-(\d{1,2})")
_WORD_MONTH: Final = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_SEPARATOR: Final = re.compile(r"\s+(?:–|—|-|to)\s+|\s*\.\.\s*|\s*[–—]\s*")


def _month(text: str) -> date | None:
    """The first day of the month *text* names, or None if it names no month.

    Year 0 names no month (``datetime.date`` starts at year 1); a year outside the ledger's
    range is refused later, by the span, with its own error.
    """
    iso = _ISO_MONTH.fullmatch(text)
    word = _WORD_MONTH.fullmatch(text)
    if iso:
        year, month = int(iso[1]), int(iso[2])
    elif word and word[1].lower() in MONTH_NUMBERS:
        year, month = int(word[2]), MONTH_NUMBERS[word[1].lower()]
    else:
        return None
    if year < MINYEAR or not 1 <= month <= 12:
        return None
    return date(year, month, 1)


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


def _is_estimate(value: object) -> bool:
    """Whether *value* is an estimate (marked by :mod:`sanctioncalc._ledger.estimates`'s types)."""
    return getattr(type(value), "_ESTIMATE", False) is True


# -- text cells of CSV files ---------------------------------------------------------------

#: First characters on which a spreadsheet may read a cell as a formula (``=``, ``+``, ``-``,
#: ``@``, and a tab or CR, which some skip before one), and the quote that marks the escape.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "'", "\t", "\r")


def csv_text_cell(text: str) -> str:
    """*text* as a CSV text cell: with one ``'`` in front if a spreadsheet could run it.

    A cell that starts with ``=``, ``+``, ``-``, ``@``, ``'``, a tab or a CR gets one
    leading ``'``, so that ``=HYPERLINK(...)`` in a note is shown, not run.  Only text
    columns are escaped, never numbers or dates; :func:`read_csv_text_cell` undoes it.

    >>> csv_text_cell("=HYPERLINK(\\"https://x\\")"), csv_text_cell("Russia")
    ('\\'=HYPERLINK("https://x")', 'Russia')
    >>> csv_text_cell("'quoted'")
    "''quoted'"
    """
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def read_csv_text_cell(text: str) -> str:
    """A CSV text cell as the text it holds: one leading ``'`` removed, if there is one.

    The inverse of :func:`csv_text_cell` for any text.

    >>> read_csv_text_cell("'=SUM(A1:A9)"), read_csv_text_cell("''quoted'")
    ('=SUM(A1:A9)', "'quoted'")
    """
    return text.removeprefix("'")
