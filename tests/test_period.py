"""Tests for calendar periods: explicit spans and repeating n-month periods.

Beside the public API, this module tests internal contracts directly: ``add_months``
(calendar month arithmetic), ``format_date``, ``parse_date``, ``parse_period`` (the period
parsers and writer every value type uses).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctioncalc import InvalidPeriodError, ParseError, Periodic, Span
from sanctioncalc import strategies as scst
from sanctioncalc._period import add_months, format_date, parse_date, parse_period

# S/RES/2397 (2017) para 4: crude oil, 12 months from adoption on 22 December 2017.
CRUDE_2397 = Periodic(12, date(2017, 12, 22))
# S/RES/2397 (2017) para 5: refined petroleum, 12 months from 1 January 2018.
REFINED_2397 = Periodic(12, date(2018, 1, 1))
# S/RES/2375 (2017) para 14: the stub, 1 October to 31 December 2017.
STUB_2375 = Span.inclusive(date(2017, 10, 1), date(2017, 12, 31))


class TestDates:
    """Dates are read in the two forms sanctions texts and ISO use."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2017-10-01", date(2017, 10, 1)),
            ("1 Oct 2017", date(2017, 10, 1)),
            ("22 December 2017", date(2017, 12, 22)),
            ("11 Sept 2017", date(2017, 9, 11)),
            ("11 Sep. 2017", date(2017, 9, 11)),
            ("  5 aug 2017 ", date(2017, 8, 5)),
        ],
    )
    def test_parse(self, text: str, expected: date) -> None:
        """ISO dates and day-month-year with English month names are read."""
        assert expected == parse_date(text)

    @pytest.mark.parametrize("text", ["31 Feb 2017", "2017-13-01", "1 Foo 2017", "Oct 1 2017", ""])
    def test_not_a_date(self, text: str) -> None:
        """Impossible or unknown dates are refused with the accepted forms."""
        with pytest.raises(ParseError, match="a date such as '2017-10-01' or '1 Oct 2017'"):
            parse_date(text)

    def test_year_out_of_range(self) -> None:
        """Years outside 1900–2200 are refused."""
        with pytest.raises(InvalidPeriodError, match="a year from 1900 to 2200"):
            parse_date("1 Jan 1899")

    def test_format(self) -> None:
        """Dates show as sanctions texts write them."""
        assert "1 Oct 2017" == format_date(date(2017, 10, 1))

    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2017, 12, 22), 12, date(2018, 12, 22)),
            (date(2018, 1, 31), 1, date(2018, 2, 28)),
            (date(2020, 1, 31), 1, date(2020, 2, 29)),
            (date(2018, 3, 31), -1, date(2018, 2, 28)),
            (date(2017, 10, 1), 3, date(2018, 1, 1)),
            (date(2018, 1, 1), -12, date(2017, 1, 1)),
        ],
    )
    def test_add_months(self, day: date, months: int, expected: date) -> None:
        """Whole calendar months, clamped to the end of a shorter month."""
        assert expected == add_months(day, months)


class TestSpan:
    """An explicit date range, half-open inside and shown with an inclusive last day."""

    def test_2375_stub(self) -> None:
        """The 2375 stub is 92 days, 3 calendar months, 1 Oct – 31 Dec 2017."""
        # S/RES/2375 (2017) para 14
        assert (92, 3, "1 Oct 2017 – 31 Dec 2017", date(2017, 12, 31), date(2018, 1, 1)) == (
            STUB_2375.days,
            STUB_2375.months,
            str(STUB_2375),
            STUB_2375.last,
            STUB_2375.end,
        )

    def test_repr(self) -> None:
        """repr reads like the call that makes the span."""
        assert "Span.parse('1 Oct 2017 – 31 Dec 2017')" == repr(STUB_2375)

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2017, 9, 30), False),
            (date(2017, 10, 1), True),
            (date(2017, 12, 31), True),
            (date(2018, 1, 1), False),
        ],
    )
    def test_contains(self, day: date, expected: bool) -> None:
        """Both the first and the last day are in the span; the day after is not."""
        assert expected == (day in STUB_2375)

    def test_contains_refuses_non_dates(self) -> None:
        """Datetimes and other objects are never in a span."""
        noon = datetime(2017, 11, 1, 12, tzinfo=UTC)
        assert (False, False) == (noon in STUB_2375, "2017-11-01" in STUB_2375)

    @pytest.mark.parametrize(
        ("first", "last", "months"),
        [
            (date(2018, 1, 1), date(2018, 12, 31), 12),
            (date(2017, 12, 22), date(2018, 12, 21), 12),
            (date(2017, 1, 31), date(2017, 2, 27), 1),
            (date(2017, 10, 1), date(2017, 12, 30), None),
            (date(2017, 10, 2), date(2017, 12, 31), None),
        ],
    )
    def test_months(self, first: date, last: date, months: int | None) -> None:
        """months counts whole calendar months, or is None for a ragged range."""
        assert months == Span.inclusive(first, last).months

    def test_overlaps(self) -> None:
        """Spans overlap when they share a day."""
        autumn = Span.parse("1 Sep 2017 – 1 Oct 2017")
        winter = Span.parse("1 Jan 2018 – 31 Mar 2018")
        assert (True, False, True) == (
            STUB_2375.overlaps(autumn),
            STUB_2375.overlaps(winter),
            winter.overlaps(winter),
        )

    def test_one_day(self) -> None:
        """A span of one day is allowed."""
        span = Span.inclusive(date(2017, 9, 11), date(2017, 9, 11))
        assert (1, "11 Sep 2017 – 11 Sep 2017") == (span.days, str(span))

    def test_reversed_is_refused(self) -> None:
        """An end before the start is refused, pointing to Span.inclusive."""
        with pytest.raises(InvalidPeriodError, match=r"an end after the start.*Span\.inclusive"):
            Span(date(2018, 1, 1), date(2017, 10, 1))

    def test_empty_is_refused(self) -> None:
        """A half-open span with end == start is empty and refused."""
        with pytest.raises(InvalidPeriodError, match="an end after the start"):
            Span(date(2018, 1, 1), date(2018, 1, 1))

    def test_datetime_is_refused(self) -> None:
        """A datetime is not a date here."""
        with pytest.raises(InvalidPeriodError, match=r"Span\.start: .* expected a datetime\.date"):
            Span(datetime(2017, 10, 1), date(2018, 1, 1))  # noqa: DTZ001

    @pytest.mark.parametrize(
        "text",
        [
            "1 Oct 2017 – 31 Dec 2017",
            "1 Oct 2017 — 31 Dec 2017",
            "1 Oct 2017 - 31 Dec 2017",
            "1 Oct 2017 to 31 Dec 2017",
            "2017-10-01..2017-12-31",
            "1 October 2017 to 31 December 2017",
        ],
    )
    def test_parse_separators(self, text: str) -> None:
        """En dash, em dash, hyphen, 'to' and '..' all separate the two days."""
        assert STUB_2375 == Span.parse(text)

    @pytest.mark.parametrize(
        ("text", "error", "message"),
        [
            ("1 Oct 2017", ParseError, "two dates"),
            ("1 Oct 2017 – 31 Dec 2017 – 1 Jan 2018", ParseError, "two dates"),
            ("31 Dec 2017 – 1 Oct 2017", InvalidPeriodError, "a last day on or after the first"),
            ("x" * 101, ParseError, "text such as '1 Oct 2017 – 31 Dec 2017'"),
        ],
    )
    def test_parse_refused(self, text: str, error: type[Exception], message: str) -> None:
        """One date, three dates, reversed dates and long text are refused."""
        with pytest.raises(error, match=message):
            Span.parse(text)

    @given(scst.spans())
    def test_parse_inverts_str(self, span: Span) -> None:
        """parse(str(x)) == x."""
        assert span == Span.parse(str(span))

    @given(scst.spans())
    def test_whole_months_are_consistent(self, span: Span) -> None:
        """When months is set, adding that many months to the start gives the end."""
        if span.months is not None:
            assert span.end == add_months(span.start, span.months)


class TestPeriodic:
    """Repeating n-month periods counted from an anchor, as calendar months."""

    @pytest.mark.parametrize(
        ("day", "crude", "refined"),
        [
            # S/RES/2397 (2017) paras 4 and 5: the crude year turns on 22 Dec, the refined on 1 Jan
            (date(2017, 12, 21), "22 Dec 2016 – 21 Dec 2017", "1 Jan 2017 – 31 Dec 2017"),
            (date(2017, 12, 22), "22 Dec 2017 – 21 Dec 2018", "1 Jan 2017 – 31 Dec 2017"),
            (date(2017, 12, 31), "22 Dec 2017 – 21 Dec 2018", "1 Jan 2017 – 31 Dec 2017"),
            (date(2018, 1, 1), "22 Dec 2017 – 21 Dec 2018", "1 Jan 2018 – 31 Dec 2018"),
            (date(2018, 12, 21), "22 Dec 2017 – 21 Dec 2018", "1 Jan 2018 – 31 Dec 2018"),
            (date(2018, 12, 22), "22 Dec 2018 – 21 Dec 2019", "1 Jan 2018 – 31 Dec 2018"),
        ],
    )
    def test_which_period_contains_a_day(self, day: date, crude: str, refined: str) -> None:
        """The 2397 crude year (from 22 Dec 2017) and refined year (from 1 Jan 2018) differ."""
        assert (crude, refined) == (
            str(CRUDE_2397.containing(day)),
            str(REFINED_2397.containing(day)),
        )

    @pytest.mark.parametrize(
        ("day", "index"),
        [
            (date(2017, 12, 21), -1),
            (date(2017, 12, 22), 0),
            (date(2018, 12, 21), 0),
            (date(2018, 12, 22), 1),
            (date(2027, 12, 22), 10),
        ],
    )
    def test_index_of(self, day: date, index: int) -> None:
        """The period index counts from the anchor's period, 0, and goes negative before it."""
        assert index == CRUDE_2397.index_of(day)

    def test_nth(self) -> None:
        """nth(0) starts at the anchor, and each period starts where the last ended."""
        first, second = REFINED_2397.nth(0), REFINED_2397.nth(1)
        assert ("1 Jan 2018 – 31 Dec 2018", first.end) == (str(first), second.start)

    @pytest.mark.parametrize(
        ("periodic", "text"),
        [
            (Periodic(1), "1 month"),
            (Periodic(1, date(2023, 1, 1)), "1 month from 1 Jan 2023"),
            (Periodic(3), "3 months"),
        ],
    )
    def test_str_counts_months(self, periodic: Periodic, text: str) -> None:
        """One month is '1 month'; parse reads the text back."""
        assert (text, periodic) == (str(periodic), Periodic.parse(text))

    def test_periods_overlapping_a_range(self) -> None:
        """periods() lists each period that overlaps [start, end), in order."""
        spans = list(REFINED_2397.periods(date(2017, 10, 1), date(2019, 1, 1)))
        assert ["1 Jan 2017 – 31 Dec 2017", "1 Jan 2018 – 31 Dec 2018"] == list(map(str, spans))

    @pytest.mark.parametrize(
        ("start", "end"),
        [(date(2018, 6, 1), date(2018, 6, 1)), (date(2018, 6, 1), date(2018, 5, 1))],
    )
    def test_periods_of_an_empty_range(self, start: date, end: date) -> None:
        """An empty or reversed range overlaps no period."""
        assert [] == list(REFINED_2397.periods(start, end))

    @given(
        scst.periodics(anchored=True, min_value=date(2000, 1, 1), max_value=date(2050, 1, 1)),
        scst.spans(min_value=date(2000, 1, 1), max_value=date(2050, 1, 1)),
    )
    def test_periods_cover_the_range(self, periodic: Periodic, span: Span) -> None:
        """periods() gives exactly the periods that overlap the range, contiguous and in order."""
        found = list(periodic.periods(span.start, span.end))
        assert (True, True, True) == (
            all(period.overlaps(span) for period in found),
            found[0].start <= span.start and span.end <= found[-1].end,
            all(a.end == b.start for a, b in itertools.pairwise(found)),
        )

    def test_month_end_anchor_clamps(self) -> None:
        """Monthly periods from 31 Jan end on the last day of shorter months."""
        monthly = Periodic(1, date(2018, 1, 31))
        assert ["31 Jan 2018 – 27 Feb 2018", "28 Feb 2018 – 30 Mar 2018"] == [
            str(monthly.nth(0)),
            str(monthly.nth(1)),
        ]

    @pytest.mark.parametrize("method", ["nth", "index_of", "containing"])
    def test_unanchored_cannot_locate(self, method: str) -> None:
        """Without an anchor the periods' starts are unknown, and the error says so."""
        argument = 0 if method == "nth" else date(2018, 1, 1)
        with pytest.raises(
            InvalidPeriodError,
            match=f"an anchor date to compute {method.replace('containing', 'index_of')}",
        ):
            getattr(Periodic(12), method)(argument)

    @pytest.mark.parametrize("months", [0, -12, 1201, True, 1.5, "12"])
    def test_months_must_be_a_whole_number(self, months: object) -> None:
        """Months run from 1 to 1200 and must be an int."""
        with pytest.raises(InvalidPeriodError, match="a whole number of months from 1 to 1200"):
            Periodic(months)  # type: ignore[arg-type]

    def test_anchor_must_be_a_date(self) -> None:
        """The anchor is a date, not a datetime."""
        with pytest.raises(InvalidPeriodError, match=r"Periodic\.anchor"):
            Periodic(12, datetime(2018, 1, 1))  # noqa: DTZ001

    def test_text_forms(self) -> None:
        """str gives the months and the anchor; repr reads like the call."""
        assert ("12 months from 22 Dec 2017", "Periodic.parse('12 months')") == (
            str(CRUDE_2397),
            repr(Periodic(12)),
        )

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("12 months from 1 Jan 2018", REFINED_2397),
            ("12 months from 2018-01-01", REFINED_2397),
            ("12-month period from 22 December 2017", CRUDE_2397),
            ("year from 2018-01-01", REFINED_2397),
            ("calendar year starting 1 Jan 2018", REFINED_2397),
            ("annual", Periodic(12)),
            ("3 months", Periodic(3)),
            ("1 month beginning 31 Jan 2018", Periodic(1, date(2018, 1, 31))),
        ],
    )
    def test_parse(self, text: str, expected: Periodic) -> None:
        """The spellings of a repeating period read as months and an anchor."""
        assert expected == Periodic.parse(text)

    @pytest.mark.parametrize(
        ("text", "error", "message"),
        [
            ("fortnightly", ParseError, "text such as '12 months from 1 Jan 2018'"),
            ("12 months from 31 Feb 2018", ParseError, "a date such as"),
            ("0 months", InvalidPeriodError, "from 1 to 1200"),
            ("x" * 101, ParseError, "text such as '12 months from 1 Jan 2018'"),
        ],
    )
    def test_parse_refused(self, text: str, error: type[Exception], message: str) -> None:
        """Unknown forms, bad anchors and zero months are refused."""
        with pytest.raises(error, match=message):
            Periodic.parse(text)

    @given(scst.periodics())
    def test_parse_inverts_str(self, periodic: Periodic) -> None:
        """parse(str(x)) == x."""
        assert periodic == Periodic.parse(str(periodic))

    @given(
        scst.periodics(anchored=True),
        st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    )
    def test_containing_contains(self, periodic: Periodic, day: date) -> None:
        """The period containing a day contains it, and is the index_of-th period."""
        index = periodic.index_of(day)
        span = periodic.nth(index)
        assert (True, span) == (day in span, periodic.containing(day))

    @given(scst.periodics(anchored=True), st.integers(min_value=-20, max_value=20))
    def test_periods_tile(self, periodic: Periodic, index: int) -> None:
        """Consecutive periods meet without gap or overlap, each of the stated month count."""
        this, following = periodic.nth(index), periodic.nth(index + 1)
        assert this.end == following.start
        assert this.start == add_months(periodic.anchor or date.min, index * periodic.months)


class TestParsePeriod:
    """parse_period reads either kind of period."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("12 months from 1 Jan 2018", REFINED_2397),
            ("1 Oct 2017 – 31 Dec 2017", STUB_2375),
        ],
    )
    def test_either_kind(self, text: str, expected: Span | Periodic) -> None:
        """Repeating periods and spans are told apart by their form."""
        assert expected == parse_period(text)

    @given(scst.periods())
    def test_parse_inverts_str(self, period: Span | Periodic) -> None:
        """parse_period(str(x)) == x for both kinds."""
        assert period == parse_period(str(period))
