"""Tests for periods as reports write them: months, quarters, halves, years, "per annum".

Beside the public API, this module tests ``parse_period`` (the reader every measure's text
uses) directly.
"""

from __future__ import annotations

import calendar
import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctioncalc import Cap, InvalidPeriodError, ParseError, Periodic, Span
from sanctioncalc._period import MONTH_NUMBERS, parse_period

# S/RES/2375 (2017) para 14: the stub, 1 October to 31 December 2017.
STUB_2375 = Span.inclusive(date(2017, 10, 1), date(2017, 12, 31))
# S/RES/2397 (2017) para 5: refined petroleum, 12 months from 1 January 2018.
REFINED_2397 = Periodic(12, date(2018, 1, 1))

years = st.integers(min_value=1900, max_value=2199)
FULL_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class TestNamedSpans:
    """A month, quarter, half or year reads as exactly the days it covers."""

    @pytest.mark.parametrize(
        "text",
        ["Q4 2017", "q4 2017", "2017-Q4", "2017 Q4", " Q4  2017 ", "Oct 2017 – Dec 2017"],
    )
    def test_the_2375_stub_as_a_quarter(self, text: str) -> None:
        """The 2375 stub, October to December 2017, is the fourth quarter of 2017."""
        assert STUB_2375 == Span.parse(text)

    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [
            ("Q1 2024", date(2024, 1, 1), date(2024, 3, 31)),
            ("2024-Q2", date(2024, 4, 1), date(2024, 6, 30)),
            ("H1 2024", date(2024, 1, 1), date(2024, 6, 30)),
            ("2024 H2", date(2024, 7, 1), date(2024, 12, 31)),
            ("Oct 2017", date(2017, 10, 1), date(2017, 10, 31)),
            ("October 2017", date(2017, 10, 1), date(2017, 10, 31)),
            ("Sept 2017", date(2017, 9, 1), date(2017, 9, 30)),
            ("Feb. 2024", date(2024, 2, 1), date(2024, 2, 29)),
            ("2017-10", date(2017, 10, 1), date(2017, 10, 31)),
            ("2023", date(2023, 1, 1), date(2023, 12, 31)),
            ("calendar year 2023", date(2023, 1, 1), date(2023, 12, 31)),
            ("2017 to 2018", date(2017, 1, 1), date(2018, 12, 31)),
            ("Q4 2017 – Q1 2018", date(2017, 10, 1), date(2018, 3, 31)),
            ("1 Nov 2017 – Dec 2017", date(2017, 11, 1), date(2017, 12, 31)),
            ("2017-10..2017-12", date(2017, 10, 1), date(2017, 12, 31)),
            ("Jan 2200", date(2200, 1, 1), date(2200, 1, 31)),
        ],
    )
    def test_spellings(self, text: str, first: date, last: date) -> None:
        """Each spelling is the whole calendar range, first and last day included."""
        assert Span.inclusive(first, last) == Span.parse(text)

    def test_russia_2023_deliveries(self) -> None:
        """Russia's March–December 2023 report covers 306 days (Yonhap, V2)."""
        span = Span.parse("Mar 2023 – Dec 2023")
        assert (306, 10) == (span.days, span.months)

    @pytest.mark.parametrize(
        ("text", "error", "message"),
        [
            ("2017-13", ParseError, r"Span: got '2017-13', expected a month from 01 to 12"),
            ("Q5 2017", ParseError, "or a month, quarter, half or year"),
            ("H3 2017", ParseError, "or a month, quarter, half or year"),
            ("Smarch 2017", ParseError, "or a month, quarter, half or year"),
            ("1899", InvalidPeriodError, r"Span: got '1899', expected a year from 1900 to 2200"),
            ("Q1 2201", InvalidPeriodError, "a year from 1900 to 2200"),
            ("Dec 2200", InvalidPeriodError, r"ends by 30 Dec 2200.*'1 Dec 2200 – 30 Dec 2200'"),
            ("2200", InvalidPeriodError, r"ends by 30 Dec 2200.*'1 Jan 2200 – 30 Dec 2200'"),
            ("Q4 2017 – Q3 2017", InvalidPeriodError, "a last day on or after the first"),
            ("2018 – Oct 2018", InvalidPeriodError, "a last day on or after the first"),
            ("Smarch 2018 – Dec 2018", ParseError, r"Span\.first: .*or a month, quarter"),
            ("1 Oct 2017", ParseError, "two dates"),
        ],
    )
    def test_refused(self, text: str, error: type[Exception], message: str) -> None:
        """Impossible months and quarters, years out of range and reversed ranges are refused."""
        with pytest.raises(error, match=message):
            Span.parse(text)

    def test_month_names_need_no_locale(self) -> None:
        """Every English month name and abbreviation is read, from the locale-free table."""
        assert all(
            Span.parse(f"{name} 2018").start == date(2018, number, 1)
            for name, number in MONTH_NUMBERS.items()
        )

    @given(years, st.integers(min_value=1, max_value=4))
    def test_quarter_matches_the_calendar(self, year: int, quarter: int) -> None:
        """A quarter is its three calendar months, day for day, and its text reads back."""
        span = Span.parse(f"Q{quarter} {year}")
        months = range(3 * quarter - 2, 3 * quarter + 1)
        days = sum(calendar.monthrange(year, m)[1] for m in months)
        assert (days, 3, span, span) == (
            span.days,
            span.months,
            Span.parse(str(span)),
            Span.parse(f"{year}-Q{quarter}"),
        )

    @given(years, st.integers(min_value=1, max_value=12))
    def test_month_matches_the_calendar(self, year: int, month: int) -> None:
        """A month's three spellings agree, its length is the calendar's, and it reads back."""
        full = FULL_NAMES[month - 1]
        span = Span.parse(f"{year}-{month:02}")
        assert (calendar.monthrange(year, month)[1], 1, span, span, span) == (
            span.days,
            span.months,
            Span.parse(f"{full[:3]} {year}"),
            Span.parse(f"{full} {year}"),
            Span.parse(str(span)),
        )

    @given(years)
    def test_year_and_halves_match_the_calendar(self, year: int) -> None:
        """A year has 365 or 366 days; its halves and its quarters tile it without gap."""
        whole = Span.parse(str(year))
        halves = [Span.parse(f"H{h} {year}") for h in (1, 2)]
        quarters = [Span.parse(f"Q{q} {year}") for q in (1, 2, 3, 4)]
        assert (365 + calendar.isleap(year), whole, True, True, whole) == (
            whole.days,
            Span.parse(str(whole)),
            all(a.end == b.start for a, b in itertools.pairwise(quarters)),
            all(a.end == b.start for a, b in itertools.pairwise(halves)),
            Span(quarters[0].start, quarters[-1].end),
        )
        assert (whole.days, halves[0].end) == (
            sum(q.days for q in quarters),
            quarters[2].start,
        )


class TestYearWording:
    """'per annum', 'a year' and their kin are 12 months; calendar years keep 1 January."""

    @pytest.mark.parametrize(
        "text",
        [
            "per annum",
            "annum",
            "a year",
            "each year",
            "every year",
            "per year",
            "annual",
            "annually",
            "Yearly",
            "twelve-month period",
        ],
    )
    def test_twelve_months(self, text: str) -> None:
        """Each wording is an unanchored 12-month period."""
        assert Periodic(12) == parse_period(text)

    @pytest.mark.parametrize(
        "text",
        [
            "calendar year from 2018",
            "calendar years from 2018",
            "per calendar year from 1 Jan 2018",
            "each calendar year starting 2018-01-01",
            "per annum from 1 January 2018",
        ],
    )
    def test_calendar_years_from_a_year(self, text: str) -> None:
        """Calendar years counted from 2018 are 12 months from 1 January 2018 (2397 para 5)."""
        assert REFINED_2397 == parse_period(text)

    def test_in_a_measure(self) -> None:
        """A cap per annum and a cap per calendar year read as their periods."""
        # S/RES/2397 (2017) para 5: 500,000 barrels, 12 months from 1 January 2018
        assert (Periodic(12), REFINED_2397, STUB_2375) == (
            Cap.parse("500,000 bbl per annum").period,
            Cap.parse("500,000 bbl per calendar year from 2018").period,
            Cap.parse("500,000 bbl for Q4 2017").period,
        )

    @pytest.mark.parametrize("text", ["calendar year", "per calendar year", "calendar years"])
    def test_calendar_year_needs_its_first_year(self, text: str) -> None:
        """A calendar year without a first year is refused, never read as any 12 months."""
        with pytest.raises(
            ParseError,
            match=r"Periodic\.anchor: .* 'calendar year from 2018'.*'calendar year 2018'",
        ):
            parse_period(text)

    def test_calendar_year_starts_on_1_january(self) -> None:
        """A calendar year from 22 Dec is a contradiction, and the fix writes the 12 months."""
        with pytest.raises(ParseError, match=r"a 1 January.*'12 months from 22 Dec 2017'"):
            Periodic.parse("calendar year from 22 Dec 2017")

    def test_calendar_year_in_range(self) -> None:
        """The first calendar year is held to 1900–2200 like any date."""
        with pytest.raises(InvalidPeriodError, match="a year from 1900 to 2200"):
            Periodic.parse("calendar year from 2201")

    def test_the_span_is_not_blamed(self) -> None:
        """Text that is neither a repeating period nor a range is refused with the span forms."""
        with pytest.raises(ParseError, match=r"^Span: got 'fortnightly'"):
            parse_period("fortnightly")

    @given(years, st.sampled_from(["calendar year from {y}", "calendar years starting 1 Jan {y}"]))
    def test_calendar_years_round_trip(self, year: int, form: str) -> None:
        """Calendar years are 12 months from 1 January, whose text form reads back."""
        periodic = Periodic.parse(form.format(y=year))
        assert (Periodic(12, date(year, 1, 1)), periodic) == (
            periodic,
            Periodic.parse(str(periodic)),
        )
        assert Span.parse(str(year)) == periodic.nth(0)
