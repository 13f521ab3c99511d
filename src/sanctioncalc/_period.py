"""Calendar periods: explicit date ranges and repeating n-month periods.

"12 months from 1 January 2018" is a calendar notion: it repeats every 12 calendar months
from its anchor.  It is never pint's ``month`` (30.4375 days) or Julian ``year``.
Ranges are half-open ``[start, end)`` inside, and shown with an inclusive end.  A range
is also read as analysts write one: a month (``Oct 2017``), a quarter (``Q4 2017``), a half
(``H1 2024``) or a year (``2023``), each the exact days it covers.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Final, final

import attrs

from ._errors import InvalidPeriodError, ParseError, shown
from ._fields import named

__all__ = ["Periodic", "Span", "add_months", "format_date", "months_text", "parse_date"]

_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Month numbers by lowercase English name: full, three letters, and "sept".  Written out
#: rather than read from ``calendar.month_name``, which follows the process locale (under a
#: German locale it would accept "Dezember" and refuse "December").
MONTH_NUMBERS: Final[Mapping[str, int]] = MappingProxyType(
    {
        **{m.lower(): i for i, m in enumerate(_MONTHS, 1)},
        **{m.lower(): i for i, m in enumerate(_MONTH_NAMES, 1)},
        "sept": 9,
    }
)
_HUMAN_DATE: Final = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_RANGE_SEP: Final = re.compile(r"\s+(?:–|—|-|to)\s+|\s*\.\.\s*")
# A month, quarter, half or year as reports name one.  Each is read as the whole calendar
# range it covers; the names are English and locale-free, as MONTH_NUMBERS is.
_QUARTER: Final = re.compile(r"q([1-4])\s+(\d{4})|(\d{4})(?:-|\s+)q([1-4])", re.IGNORECASE)
_HALF: Final = re.compile(r"h([12])\s+(\d{4})|(\d{4})(?:-|\s+)h([12])", re.IGNORECASE)
_NAMED_MONTH: Final = re.compile(r"([A-Za-z]+)\.?\s+(\d{4})")
_ISO_MONTH: Final = re.compile(r"(\d{4})-(\d{2})")
_YEAR: Final = re.compile(r"(?:calendar\s+year\s+)?(\d{4})", re.IGNORECASE)
_WHOLE_DAY: Final = re.compile(r"\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\.?\s+\d{4})\s*")
_SPAN_FORMS: Final = "a month, quarter, half or year ('Oct 2017', 'Q4 2017', 'H1 2024', '2023')"
_MAX_MONTHS: Final = 1200
_MIN_YEAR: Final = 1900
_MAX_YEAR: Final = 2200


def format_date(day: date) -> str:
    """Show a date as sanctions texts do: ``1 Oct 2017``.

    >>> format_date(date(2017, 10, 1))
    '1 Oct 2017'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def parse_date(text: str, field: str = "date") -> date:
    """Read ``2017-10-01`` or ``1 Oct 2017`` (month names in English, full or short).

    >>> parse_date("22 December 2017")
    datetime.date(2017, 12, 22)
    """
    stripped = text.strip()
    try:
        iso = _ISO_DATE.fullmatch(stripped)
        if iso:
            result = date(int(iso[1]), int(iso[2]), int(iso[3]))
        else:
            human = _HUMAN_DATE.fullmatch(stripped)
            month = MONTH_NUMBERS.get(human[2].lower()) if human else None
            if human is None or month is None:
                raise ValueError(stripped)
            result = date(int(human[3]), month, int(human[1]))
    except ValueError:
        raise ParseError(
            field=field,
            got=repr(text[:40]),
            expected="a date such as '2017-10-01' or '1 Oct 2017'",
            fix="write the day, month and year of a real calendar date",
        ) from None
    return check_date(result, field)


def check_date(value: object, field: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidPeriodError(
            field=field,
            got=shown(value, 60),
            expected="a datetime.date (not a datetime)",
            fix="pass date(2018, 1, 1) or a text date to parse",
        )
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        raise InvalidPeriodError(
            field=field,
            got=value.isoformat(),
            expected=f"a year from {_MIN_YEAR} to {_MAX_YEAR}",
            fix="check the year",
        )
    return value


def add_months(day: date, months: int) -> date:
    """Move *day* by whole calendar months, clamping to the month's end (31 Jan + 1 → 28 Feb).

    >>> add_months(date(2017, 12, 22), 12)
    datetime.date(2018, 12, 22)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not MINYEAR <= year <= MAXYEAR:
        # datetime.date would raise a bare ValueError (a cap's 10**6th period, a ceiling's
        # sunset 9,000 years on): say which move left the calendar.
        raise InvalidPeriodError(
            field="period",
            got=f"{format_date(day)} moved by {shown(months, 40)} months",
            expected=f"a date from {_MIN_YEAR} to {_MAX_YEAR}",
            fix="count fewer periods from the anchor, or check the dates",
        )
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def to_date(value: object, field: str = "date") -> date:
    """Kit converter: a date, or text :func:`parse_date` reads; a datetime is refused.

    >>> to_date("22 Dec 2017"), to_date(date(2017, 12, 22))
    (datetime.date(2017, 12, 22), datetime.date(2017, 12, 22))
    """
    if isinstance(value, str):
        return parse_date(value, field)
    return check_date(value, field)


def to_optional_date(value: object, field: str = "date") -> date | None:
    """Kit converter: ``None``, or a date as :func:`to_date` reads it."""
    return None if value is None else to_date(value, field)


def _valid_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_date(value, f"{type(instance).__name__}.{attribute.name}")


@final
@attrs.frozen(repr=False, field_transformer=named)
class Span:
    """An explicit date range, half-open ``[start, end)``: a stub period or one period.

    Build it with an inclusive last day using :meth:`inclusive`, or from text.

    >>> stub = Span.inclusive(date(2017, 10, 1), date(2017, 12, 31))
    >>> str(stub)
    '1 Oct 2017 – 31 Dec 2017'
    >>> stub.days, stub.months
    (92, 3)
    """

    start: date = attrs.field(validator=_valid_date)
    end: date = attrs.field(validator=_valid_date)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidPeriodError(
                field="Span.end",
                got=f"{self.start.isoformat()} to {self.end.isoformat()} (exclusive)",
                expected="an end after the start",
                fix="give the dates in order; use Span.inclusive(first, last) for an inclusive "
                "last day",
            )

    @classmethod
    def inclusive(cls, first: date, last: date) -> Span:
        """The range from *first* to *last*, both days included."""
        check_date(last, "Span.last")
        return cls(first, last + timedelta(days=1))

    @property
    def last(self) -> date:
        """The last day in the range (inclusive)."""
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        """Number of days in the range."""
        return (self.end - self.start).days

    @property
    def months(self) -> int | None:
        """Number of whole calendar months, or None if the range is not whole months."""
        count = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        if count > 0 and add_months(self.start, count) == self.end:
            return count
        return None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date) or isinstance(day, datetime):
            return False
        return self.start <= day < self.end

    def overlaps(self, other: Span) -> bool:
        """Whether the two ranges share a day."""
        if not isinstance(other, Span):
            raise InvalidPeriodError(
                field="other",
                got=shown(other, 60),
                expected="a Span",
                fix="build Span.inclusive(first, last) or Span.parse(text)",
            )
        return self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        return f"{format_date(self.start)} – {format_date(self.last)}"

    def __repr__(self) -> str:
        return f"Span.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Span:
        """Read a range of days, or a month, quarter, half or year as the days it covers.

        ``"1 Oct 2017 – 31 Dec 2017"`` gives the first and last day (``to`` or ``..`` also
        separate them).  ``"Oct 2017"``, ``"October 2017"`` and ``"2017-10"`` are the whole
        month; ``"Q4 2017"``, ``"2017-Q4"`` and ``"2017 Q4"`` the quarter; ``"H1 2024"`` the
        half; ``"2023"`` (or ``"calendar year 2023"``) the year.  Either side of a range may
        be one of those: ``"Oct 2017 – Dec 2017"`` runs from the start of October to the end
        of December.  The text form is always the first and last day, which this reads back.

        >>> str(Span.parse("Q4 2017"))
        '1 Oct 2017 – 31 Dec 2017'
        >>> Span.parse("2024").days, Span.parse("H1 2024").months
        (366, 6)
        """
        if not isinstance(text, str) or len(text) > 100:
            raise ParseError(
                field="Span",
                got=shown(text, 60),
                expected="text such as '1 Oct 2017 – 31 Dec 2017'",
                fix="give the first and last day, separated by ' – ', ' to ' or '..'",
            )
        stripped = text.strip()
        whole = _whole_months(stripped, "Span")
        if whole is not None:
            return whole
        parts = _RANGE_SEP.split(stripped)
        if len(parts) != 2:
            raise ParseError(
                field="Span",
                got=repr(text[:60]),
                expected=f"two dates, such as '1 Oct 2017 – 31 Dec 2017', or {_SPAN_FORMS}",
                fix="give the first and last day, separated by ' – ', ' to ' or '..', "
                "or name the month, quarter, half or year",
            )
        first = _range_side(parts[0], "Span.first")
        last = _range_side(parts[1], "Span.last")
        if last.start < first.start or last.end < first.end:
            days = _WHOLE_DAY.fullmatch(parts[0]) and _WHOLE_DAY.fullmatch(parts[1])
            shown_range = (
                f"{format_date(first.start)} – {format_date(last.last)}"
                if days
                else f"{parts[0]} – {parts[1]}"
            )
            raise InvalidPeriodError.reversed_days("Span.last", shown_range)
        return cls(first.start, last.end)


def _whole_months(text: str, field: str) -> Span | None:
    """The span of a month, quarter, half or year named by *text*, or None for other text."""
    if match := _QUARTER.fullmatch(text):
        year, first, count = int(match[2] or match[3]), 3 * int(match[1] or match[4]) - 2, 3
    elif match := _HALF.fullmatch(text):
        year, first, count = int(match[2] or match[3]), 6 * int(match[1] or match[4]) - 5, 6
    elif match := _ISO_MONTH.fullmatch(text):
        year, first, count = int(match[1]), int(match[2]), 1
        if not 1 <= first <= 12:
            raise ParseError(
                field=field,
                got=repr(text),
                expected="a month from 01 to 12, such as '2017-10'",
                fix="write the year, a hyphen and the month's number",
            )
    elif (match := _NAMED_MONTH.fullmatch(text)) and match[1].lower() in MONTH_NUMBERS:
        year, first, count = int(match[2]), MONTH_NUMBERS[match[1].lower()], 1
    elif match := _YEAR.fullmatch(text):
        year, first, count = int(match[1]), 1, 12
    else:
        return None
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InvalidPeriodError(
            field=field,
            got=repr(text),
            expected=f"a year from {_MIN_YEAR} to {_MAX_YEAR}",
            fix="check the year",
        )
    start = date(year, first, 1)
    end = add_months(start, count)
    if end.year > _MAX_YEAR:
        # A span's end is the day after its last, and is itself held to the years above.
        raise InvalidPeriodError(
            field=field,
            got=repr(text),
            expected=f"a period that ends by 30 Dec {_MAX_YEAR}",
            fix=f"the day after a span's last day is a date up to {_MAX_YEAR}: write the "
            f"days, such as '{format_date(start)} – 30 Dec {_MAX_YEAR}'",
        )
    return Span(start, end)


def _range_side(text: str, field: str) -> Span:
    """One side of a range: a month, quarter, half or year, or one day."""
    stripped = text.strip()
    whole = _whole_months(stripped, field)
    if whole is not None:
        return whole
    try:
        day = parse_date(stripped, field)
    except ParseError as error:
        raise ParseError(
            field=field,
            got=error.got,
            expected=f"a date such as '2017-10-01' or '1 Oct 2017', or {_SPAN_FORMS}",
            fix="write the day, month and year of a real calendar date",
        ) from None
    return Span.inclusive(day, day)


def _valid_months(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_MONTHS:
        huge = isinstance(value, int) and value.bit_length() > 64  # repr() may raise
        raise InvalidPeriodError(
            field=f"{type(instance).__name__}.{attribute.name}",
            got="a number of months too large to write out" if huge else shown(value, 40),
            expected=f"a whole number of months from 1 to {_MAX_MONTHS}",
            fix="an annual cap is Periodic(12, anchor)",
        )


def months_text(months: int) -> str:
    """``'1 month'``, ``'12 months'``: a count of months as the text forms write it."""
    return f"{months} month" if months == 1 else f"{months} months"


# "year", "annum" and "calendar year" may follow "per", "a", "each" or "every", as texts
# write them ("per annum", "each calendar year"); Cap.parse has already taken a leading "per".
_PERIODIC_RE: Final = re.compile(
    r"(?:(?P<n>\d{1,4})[ -]months?"
    r"|(?:(?:per|a|each|every)\s+)?(?P<calendar>calendar[ -]years?)"
    r"|(?P<year>(?:(?:per|a|each|every)\s+)?(?:year|annum)|annual(?:ly)?|yearly"
    r"|(?:12|twelve)-month period))"
    r"(?:\s+(?:from|starting|beginning)\s+(?P<anchor>.+))?",
    re.IGNORECASE,
)
_BARE_YEAR: Final = re.compile(r"\d{4}")


@final
@attrs.frozen(repr=False, field_transformer=named)
class Periodic:
    """Repeating periods of ``months`` calendar months, counted from ``anchor``.

    ``Periodic(12, date(2018, 1, 1))`` is "12 months from 1 January 2018, and each 12 months
    after" (2397 para 5); ``Periodic(12, date(2017, 12, 22))`` is 2397's crude-oil year.
    Without an anchor the length is known but not where periods start (a draft's "annual").

    >>> crude = Periodic(12, date(2017, 12, 22))
    >>> str(crude.containing(date(2018, 6, 1)))
    '22 Dec 2017 – 21 Dec 2018'
    """

    months: int = attrs.field(validator=_valid_months)
    anchor: date | None = attrs.field(default=None, converter=to_optional_date)

    def nth(self, index: int) -> Span:
        """The period *index* steps from the anchor (0 is the first; negative goes back)."""
        anchor = self._require_anchor("nth")
        if isinstance(index, bool) or not isinstance(index, int):
            raise InvalidPeriodError(
                field="index",
                got=shown(index, 40),
                expected="a whole number of periods from the anchor",
                fix="pass an int: 0 is the first period, -1 the one before",
            )
        return Span(
            add_months(anchor, index * self.months), add_months(anchor, (index + 1) * self.months)
        )

    def index_of(self, day: date) -> int:
        """Which period (counted from the anchor) contains *day*."""
        anchor = self._require_anchor("index_of")
        check_date(day, "day")
        elapsed = (day.year - anchor.year) * 12 + day.month - anchor.month
        index = elapsed // self.months
        # Step at most one period either way to settle day-of-month boundaries.
        while add_months(anchor, index * self.months) > day:
            index -= 1
        while add_months(anchor, (index + 1) * self.months) <= day:
            index += 1
        return index

    def containing(self, day: date) -> Span:
        """The period that contains *day*."""
        return self.nth(self.index_of(day))

    def periods(self, start: date, end: date) -> Iterator[Span]:
        """The periods that overlap ``[start, end)``, in order (none if the range is empty)."""
        start, end = check_date(start, "start"), check_date(end, "end")
        if end <= start:
            return
        index = self.index_of(start)
        while True:
            span = self.nth(index)
            if span.start >= end:
                return
            yield span
            index += 1

    def _require_anchor(self, what: str) -> date:
        if self.anchor is None:
            raise InvalidPeriodError(
                field="Periodic.anchor",
                got="None",
                expected=f"an anchor date to compute {what}",
                fix="give the date the periods count from, e.g. Periodic(12, date(2018, 1, 1))",
            )
        return self.anchor

    def __str__(self) -> str:
        text = months_text(self.months)
        return text if self.anchor is None else f"{text} from {format_date(self.anchor)}"

    def __repr__(self) -> str:
        return f"Periodic.parse({str(self)!r})"

    @classmethod
    def parse(cls, text: str) -> Periodic:
        """Read ``"12 months from 1 Jan 2018"``, ``"12 months"`` or ``"year from 2017-01-01"``.

        ``"annual"``, ``"annually"``, ``"yearly"``, ``"year"``, ``"annum"`` and ``"per annum"``
        (``"a year"``, ``"each year"``...) are 12 months.  ``"calendar year from 2018"`` (or
        ``"from 1 Jan 2018"``) is 12 months from 1 January 2018; a calendar year needs its
        first year, and its anchor is a 1 January, else :class:`ParseError` says what to
        write.

        >>> Periodic.parse("per annum"), Periodic.parse("calendar years from 2018")
        (Periodic.parse('12 months'), Periodic.parse('12 months from 1 Jan 2018'))
        """
        if not isinstance(text, str) or len(text) > 100:
            raise ParseError(
                field="Periodic",
                got=shown(text, 60),
                expected="text such as '12 months from 1 Jan 2018'",
                fix="give a number of months and, optionally, 'from' and the anchor date",
            )
        match = _PERIODIC_RE.fullmatch(text.strip())
        if match is None:
            raise ParseError(
                field="Periodic",
                got=repr(text[:60]),
                expected="text such as '12 months from 1 Jan 2018' or '12 months'",
                fix="give a number of months and, optionally, 'from' and the anchor date",
            )
        if match["calendar"]:
            return cls(12, _calendar_anchor(match["anchor"], text))
        months = int(match["n"]) if match["n"] else 12
        anchor = parse_date(match["anchor"], "Periodic.anchor") if match["anchor"] else None
        return cls(months, anchor)


def _calendar_anchor(anchor: str | None, text: str) -> date:
    """The 1 January that calendar years count from: ``2018`` or ``1 Jan 2018``.

    A calendar year runs from 1 January; without a first year the periods' grid is known but
    not which period is the first, so the text is refused rather than read as an unanchored
    12 months (which would forget that the periods turn on 1 January).
    """
    if anchor is None:
        raise ParseError(
            field="Periodic.anchor",
            got=repr(text[:60]),
            expected="calendar years with their first year, such as 'calendar year from 2018' "
            "or 'calendar year from 1 Jan 2018'",
            fix="say from which year the calendar years count; for one year alone write "
            "'calendar year 2018' (a span)",
        )
    stripped = anchor.strip()
    if _BARE_YEAR.fullmatch(stripped):
        return check_date(date(int(stripped), 1, 1), "Periodic.anchor")
    day = parse_date(stripped, "Periodic.anchor")
    if (day.month, day.day) != (1, 1):
        raise ParseError(
            field="Periodic.anchor",
            got=repr(anchor[:40]),
            expected="a 1 January, the day a calendar year starts",
            fix=f"for 12 months from another day write '12 months from {format_date(day)}'",
        )
    return day


Period = Span | Periodic


def parse_period(text: str) -> Period:
    """Read either a :class:`Periodic` or a :class:`Span` text form.

    Repeating wording (``"12 months from 1 Jan 2018"``, ``"per annum"``, ``"calendar year
    from 2018"``) is a :class:`Periodic`; a range or a named month, quarter, half or year
    (``"Q4 2017"``, ``"2023"``) is a :class:`Span`.

    >>> parse_period("per annum"), parse_period("Q4 2017")
    (Periodic.parse('12 months'), Span.parse('1 Oct 2017 – 31 Dec 2017'))
    """
    stripped = text.strip() if isinstance(text, str) else text
    if isinstance(stripped, str) and _PERIODIC_RE.fullmatch(stripped):
        return Periodic.parse(stripped)
    return Span.parse(text)
