"""Month names are English whatever the process locale: dates and ledger months read the same
under a German ``calendar`` as under C (through the public parsers: ``Periodic.parse``,
``Delivery`` and ``Ledger.from_csv``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

# calendar.month_name and month_abbr follow LC_TIME.  This machine has only C locales, so the
# German names are patched in before sanctioncalc is imported: what a module reads from
# calendar at import time is then what it would have read under de_DE.
_SCRIPT = textwrap.dedent(
    """
    import calendar, io, json, sys
    calendar.month_name = ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                           "August", "September", "Oktober", "November", "Dezember"]
    calendar.month_abbr = ["", "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep",
                           "Okt", "Nov", "Dez"]
    import sanctioncalc as sc

    def outcome(call):
        try:
            return str(call())
        except sc.SanctionCalcError as error:
            return type(error).__name__

    texts = json.loads(sys.argv[1])
    csv = "span,quantity,unit,reporter\\n" + "".join(f"{m},1,bbl,R\\n" for m in texts["months"])
    report = sc.Ledger.from_csv(io.StringIO(csv))
    print(json.dumps({
        "dates": {t: outcome(lambda t=t: sc.Periodic.parse(f"12 months from {t}").anchor)
                  for t in texts["dates"]},
        "spans": {t: outcome(lambda t=t: sc.Delivery(t, "1 bbl", reporter="R").span)
                  for t in texts["months"]},
        "csv": [report.accepted, [r.row for r in report.rejected]],
    }))
    """
)

ENGLISH_DATES = {
    "22 December 2017": "2017-12-22",
    "22 Dec 2017": "2017-12-22",
    "1 Sept 2023": "2023-09-01",
    "3 May 2023": "2023-05-03",
    "1 October 2017": "2017-10-01",
}
GERMAN_DATES = ("22 Dezember 2017", "22 Dez 2017", "1 Oktober 2017", "3 Mai 2023", "1 März 2023")
ENGLISH_MONTHS = {
    "Dec 2017": "1 Dec 2017 – 31 Dec 2017",
    "December 2017": "1 Dec 2017 – 31 Dec 2017",
    "Sept 2023": "1 Sep 2023 – 30 Sep 2023",
    "Mar 2023 – Dec 2023": "1 Mar 2023 – 31 Dec 2023",
    "October 2017 to December 2017": "1 Oct 2017 – 31 Dec 2017",
}
GERMAN_MONTHS = ("Dez 2017", "Dezember 2017", "Okt 2017", "Mai 2023 – Dez 2023")


@pytest.fixture(scope="module")
def german() -> dict[str, Any]:
    """What sanctioncalc read, imported under German month names."""
    texts = {
        "dates": [*ENGLISH_DATES, *GERMAN_DATES],
        "months": [*ENGLISH_MONTHS, *GERMAN_MONTHS],
    }
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(texts)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert 0 == done.returncode, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


class TestGermanCalendar:
    """Under German month names in ``calendar``, English names are read and German refused."""

    @pytest.mark.parametrize(("text", "day"), list(ENGLISH_DATES.items()))
    def test_english_date_read(self, german: dict[str, Any], text: str, day: str) -> None:
        """A date in a period's text is read with an English month name, full or short."""
        assert day == german["dates"][text]

    @pytest.mark.parametrize("text", GERMAN_DATES)
    def test_german_date_refused(self, german: dict[str, Any], text: str) -> None:
        """A date with a German month name is refused with a sanctioncalc error."""
        assert "ParseError" == german["dates"][text]

    @pytest.mark.parametrize(("text", "span"), list(ENGLISH_MONTHS.items()))
    def test_english_month_read(self, german: dict[str, Any], text: str, span: str) -> None:
        """A delivery's month or range of months is read in English."""
        assert span == german["spans"][text]

    @pytest.mark.parametrize("text", GERMAN_MONTHS)
    def test_german_month_refused(self, german: dict[str, Any], text: str) -> None:
        """A delivery's month in German is refused with a sanctioncalc error."""
        assert "ParseError" == german["spans"][text]

    def test_csv_months(self, german: dict[str, Any]) -> None:
        """A ledger CSV accepts the English months and rejects the German ones, row by row."""
        first_german = 2 + len(ENGLISH_MONTHS)
        rejected = list(range(first_german, first_german + len(GERMAN_MONTHS)))
        assert [len(ENGLISH_MONTHS), rejected] == german["csv"]
