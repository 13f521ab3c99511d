"""Facts of calendar periods that mutation testing found unchecked: bounds and field names.

Each test pins one behaviour of ``sanctioncalc._period`` that a mutant changed without any
other test noticing (scripts/mutation.sh _period).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import sanctioncalc as sc
from sanctioncalc._period import add_months, parse_period


class TestBounds:
    """Years 1900 to 2200, text of 100 characters, 1 to 1,200 months, one-day spans."""

    def test_first_and_last_year(self) -> None:
        """1900 and 2200 are in range; the years beyond are refused."""
        span = sc.Span.inclusive(date(1900, 1, 1), date(2200, 12, 30))
        assert (1900, 2200) == (span.start.year, span.last.year)
        for year in (1899, 2201):
            with pytest.raises(sc.InvalidPeriodError, match=r"a year from 1900 to 2200"):
                sc.Periodic(12, date(year, 6, 1))

    @pytest.mark.xfail(
        strict=True,
        reason="Span.end is checked as a date in range, so a span cannot end on 31 Dec 2200",
    )
    def test_last_day_of_the_last_year(self) -> None:
        """31 Dec 2200 is a day in range, so it can be a span's last day."""
        assert 2200 == sc.Span.inclusive(date(2200, 1, 1), date(2200, 12, 31)).last.year

    def test_months_to_the_calendar_ends(self) -> None:
        """add_months reaches year 1 and year 9999, the ends of Python's calendar."""
        assert date(9999, 1, 1) == add_months(date(2000, 1, 1), (9999 - 2000) * 12)
        assert date(1, 1, 1) == add_months(date(2000, 1, 1), -1999 * 12)

    def test_text_of_100_characters(self) -> None:
        """Span and Periodic text of 100 characters is read; 101 is refused."""
        span = "1 Oct 2017 – 31 Dec 2017"
        assert sc.Span.parse(span) == sc.Span.parse(span.center(100))
        periodic = "12 months from 1 Jan 2018"
        assert sc.Periodic.parse(periodic) == sc.Periodic.parse(periodic.center(100))
        with pytest.raises(sc.ParseError, match=r"^Periodic: got"):
            sc.Periodic.parse(periodic.center(101))

    def test_1200_months(self) -> None:
        """A period of 1,200 months (a century) is the longest."""
        assert 1200 == sc.Periodic(1200).months

    def test_one_day_span(self) -> None:
        """A span whose first and last day are the same is one day long."""
        assert 1 == sc.Span.parse("1 Oct 2017 – 1 Oct 2017").days

    def test_adjacent_spans(self) -> None:
        """Spans that meet at a day do not overlap, whichever asks."""
        first = sc.Span.parse("1 Jan 2023 – 31 Jan 2023")
        second = sc.Span.parse("1 Feb 2023 – 28 Feb 2023")
        assert (False, False) == (first.overlaps(second), second.overlaps(first))

    def test_day_before_the_anchor_day(self) -> None:
        """15 Feb lies in the period of monthly periods from 20 Jan that starts 20 Jan."""
        assert 0 == sc.Periodic(1, date(2023, 1, 20)).index_of(date(2023, 2, 15))


class TestWrongArguments:
    """Arguments of the wrong type raise the library's errors, not bare ones."""

    @pytest.mark.parametrize("index", [1.5, "1"])
    def test_nth_of_no_int(self, index: Any) -> None:
        """A period index must be an int."""
        with pytest.raises(sc.InvalidPeriodError, match=r"^index: "):
            sc.Periodic(12, date(2018, 1, 1)).nth(index)

    @pytest.mark.parametrize("parse", [sc.Periodic.parse, sc.Span.parse, parse_period])
    def test_parse_no_text(self, parse: Any) -> None:
        """A number is no period text."""
        with pytest.raises(sc.ParseError):
            parse(5)

    def test_parse_period_strips(self) -> None:
        """Either text form is read with spaces around it."""
        assert sc.Periodic(12) == parse_period("  12 months  ")


class TestFieldNames:
    """Each refusal names the field that was wrong."""

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: sc.Span.parse("1 Oct 2017 – 40 Oct 2017"), "Span.last"),
            (lambda: sc.Span.parse("40 Oct 2017 – 1 Nov 2017"), "Span.first"),
            (lambda: sc.Span.parse("1 Oct 2017 – 1 Sep 2017"), "Span.last"),
            (lambda: sc.Span.parse("1 Oct 1800 – 1 Nov 1800"), "Span.first"),
            (lambda: sc.Span.inclusive(date(2017, 1, 1), date(2300, 1, 1)), "Span.last"),
            (lambda: sc.Periodic.parse("12 months from 40 Jan 2018"), "Periodic.anchor"),
            (lambda: sc.Periodic(12, date(2018, 1, 1)).index_of(date(1800, 1, 1)), "day"),
            (
                lambda: list(
                    sc.Periodic(12, date(2018, 1, 1)).periods(date(1800, 1, 1), date(2019, 1, 1))
                ),
                "start",
            ),
            (
                lambda: list(
                    sc.Periodic(12, date(2018, 1, 1)).periods(date(2018, 1, 1), date(2300, 1, 1))
                ),
                "end",
            ),
        ],
    )
    def test_named(self, call: Any, field: str) -> None:
        """The message starts with the field."""
        with pytest.raises(sc.SanctionCalcError) as caught:
            call()
        assert str(caught.value).startswith(f"{field}: got ")
