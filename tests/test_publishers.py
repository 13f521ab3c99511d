"""Every V figure of every bundled file cites an accepted official publisher.

The accepted publishers are the table of ``docs/publishers.md``: this module reads the
patterns from there, so the documentation and the check cannot drift apart.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import sanctioncalc as sc

PUBLISHERS_PAGE = Path(__file__).parent.parent / "docs" / "publishers.md"
ODS = "https://docs.un.org/en/"
# One row of the page's table: | publisher | `pattern` | accepted for |
_ROW = re.compile(r"^\| (?P<name>[^|]+?) \| `(?P<pattern>(?:[^`\\]|\\.)+)` \| (?P<use>.+) \|$")


def publishers() -> dict[str, re.Pattern[str]]:
    """The publisher table of docs/publishers.md: name → compiled address pattern."""
    found = {}
    for line in PUBLISHERS_PAGE.read_text("utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            # Inside a Markdown table a '|' is written '\|'.
            found[match["name"]] = re.compile(match["pattern"].replace(r"\|", "|"))
    return found


def publisher_of(url: str) -> str | None:
    """The accepted publisher whose pattern the address matches, or None."""
    for name, pattern in publishers().items():
        if pattern.match(url):
            return name
    return None


def bundled_files() -> dict[str, Any]:
    """Every bundled data file, by name, as parsed JSON."""
    data = resources.files("sanctioncalc").joinpath("data")
    files = {
        f"catalog/{entry.name}": json.loads(entry.read_text("utf-8"))
        for entry in sorted(data.joinpath("catalog").iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    }
    files["factors.json"] = json.loads(data.joinpath("factors.json").read_text("utf-8"))
    return files


def figures(name: str, document: Mapping[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    """Every marked figure of a bundled file: (where, mark, the address it rests on).

    A mark without an address of its own rests on the address of the record around it: a
    threshold, a schedule entry or a reporting cadence on its measure's source; a date or a
    vote without its own page on the instrument's source.
    """
    if "tables" in document:  # conversion factors
        for table in document["tables"]:
            yield f"{name} table {table['key']}", table["mark"], table["source"]
        return
    keys: Mapping[str, str] = document.get("sources", {})

    def address(value: str | None, fallback: str | None) -> str | None:
        return keys.get(value, value) if value is not None else fallback

    for item in document["instruments"]:
        where = f"{name} {item['symbol']}"
        own = address(item["source"]["url"], None)
        yield f"{where} source", item["source"]["mark"], own
        yield f"{where} date", item.get("date_mark", "V"), address(item.get("date_url"), own)
        if "vote" in item:
            vote = item["vote"]
            yield f"{where} vote", vote["mark"], address(vote.get("url"), own)
        for measure in item.get("measures", []):
            here = f"{where} / {measure['id']}"
            url = address(measure["source"]["url"], None)
            yield f"{here} source", measure["source"]["mark"], url
            if "reporting_days" in measure:
                yield f"{here} reporting", measure.get("reporting_mark", "V"), url
            for index, step in enumerate(measure.get("thresholds", [])):
                yield f"{here} thresholds[{index}]", step["mark"], url
            freeze = measure.get("freeze", {})
            if "estimate" in freeze:
                estimate_url = address(freeze.get("estimate_url"), url)
                yield f"{here} estimate", freeze.get("estimate_mark", "U"), estimate_url
            for index, entry in enumerate(measure.get("schedule", {}).get("entries", [])):
                yield f"{here} schedule[{index}]", entry["mark"], url
            cap = measure.get("price_cap", {})
            for index, window in enumerate(cap.get("wind_downs", [])):
                yield f"{here} wind_downs[{index}]", window["mark"], address(window.get("url"), url)
            if "rule" in cap:
                yield f"{here} rule", cap["rule"]["mark"], address(cap["rule"].get("url"), url)
            ceiling = measure.get("ceiling", {})
            for field in ("start", "years"):
                if field in ceiling:
                    yield f"{here} {field}", ceiling.get(f"{field}_mark", "V"), url


def v_figures() -> list[tuple[str, str | None]]:
    """(where, address) of every V figure in every bundled file."""
    return [
        (where, url)
        for name, document in bundled_files().items()
        for where, mark, url in figures(name, document)
        if mark == "V"
    ]


def not_at_a_publisher(document: Mapping[str, Any], name: str = "test") -> list[str]:
    """The V figures of *document* whose address no accepted publisher's pattern matches."""
    return [
        f"{where}: {url}"
        for where, mark, url in figures(name, document)
        if mark == "V" and (url is None or publisher_of(url) is None)
    ]


class TestPublisherTable:
    """The docs' table is well formed and does what it says."""

    def test_table_lists_the_publishers_the_marks_rely_on(self) -> None:
        """The page holds one pattern per publisher, each a valid regular expression."""
        names = publishers()
        assert len(names) >= 15
        for name in (
            "UN Official Document System",
            "UN press releases and meetings coverage",
            "EUR-Lex",
            "EU ELI addresses",
            "legislation.gov.uk, UK acts",
            "Federal Register",
            "US Code, official host",
            "OFAC and the US Treasury",
            "GOV.UK and OFSI",
            "IAEA",
        ):
            assert name in names

    @pytest.mark.parametrize(
        ("url", "publisher"),
        [
            ("https://docs.un.org/en/S/RES/2397(2017)", "UN Official Document System"),
            ("https://docs.un.org/en/S/2022/431", "UN Official Document System"),
            (
                "https://press.un.org/en/2009/sc9679.doc.htm",
                "UN press releases and meetings coverage",
            ),
            (
                "https://www.un.org/press/fr/2017/cs12983.doc.htm",
                "UN press releases and meetings coverage",
            ),
            (
                "https://main.un.org/securitycouncil/fr/sanctions/1718/exemptions/arms-embargo/"
                "refined-petroleum-products",
                "1718 Committee pages on measures",
            ),
            ("http://data.europa.eu/eli/reg/2023/250", "EU ELI addresses"),
            (
                "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX%3A32022R2367",
                "EUR-Lex",
            ),
            ("https://www.legislation.gov.uk/uksi/2019/855", "legislation.gov.uk, UK acts"),
            ("https://uscode.house.gov/view.xhtml?req=42+USC+2297h-10a", "US Code, official host"),
            ("https://ofac.treasury.gov/faqs/1109", "OFAC and the US Treasury"),
            ("https://www.iaea.org/newscenter/focus/iran", "IAEA"),
        ],
    )
    def test_primary_addresses_are_accepted(self, url: str, publisher: str) -> None:
        """An official publisher's page matches that publisher's pattern."""
        assert publisher == publisher_of(url)

    @pytest.mark.parametrize(
        "url",
        [
            "https://sanctionsnews.bakermckenzie.com/uk-announces-reduction-of-the-oil-price-cap",
            "https://www.cliffordchance.com/briefings/2023/02/all-together-now.html",
            "https://www.lexology.com/library/detail.aspx?g=b752915a",
            "https://www.mondaq.com/unitedstates/export-controls/1284288/ofac",
            "http://www.fas.org/news/iraq/1998/02/20/98022014_tpo.html",
            "https://armscontrolcenter.org/longevity-of-major-iran-nuclear-agreement-provisions/",
            "http://wordscope.be/engels/nederlands/aggregation.html",
            "https://www.law.cornell.edu/uscode/text/42/2297h-10a",
            "https://mondediplo.com/2005/02/06oilforfood",
            "https://themedialine.org/mideast-daily-news/irans-enriched-uranium-stockpile/",
            # the 1718 Committee's index of unofficial descriptions, new and old addresses
            "https://main.un.org/securitycouncil/en/sanctions/1718/resolutions",
            "https://www.un.org/sc/suborg/en/sanctions/1718/resolutions",
            # a UN summary page, not the resolution's text
            "https://www.un.org/securitycouncil/fr/s/res/2375-(2017)",
            # an EU decision mirroring a UN text, kept by legislation.gov.uk
            "https://www.legislation.gov.uk/eudn/2017/1860/article/1/data.html",
            # a look-alike host must not pass for an official one
            "https://docs.un.org.example.com/en/S/RES/2397(2017)",
            "https://press.un.org.evil.test/en/2022/sc14911.doc.htm",
        ],
    )
    def test_secondary_addresses_are_rejected(self, url: str) -> None:
        """Law-firm notes, mirrors, glossaries, index and summary pages match no publisher."""
        assert publisher_of(url) is None


class TestBundledMarks:
    """Every V figure of every bundled file rests on an accepted publisher's page."""

    @pytest.mark.parametrize(("where", "url"), v_figures(), ids=lambda value: str(value)[:90])
    def test_v_figure_cites_an_official_publisher(self, where: str, url: str | None) -> None:
        """The address a V figure was read at is an official publisher's."""
        assert url is not None, f"{where}: a V figure without an address"
        assert publisher_of(url) is not None, f"{where}: {url} is not an accepted publisher"

    def test_every_bundled_file_is_checked(self) -> None:
        """The check reads every catalog file and the conversion tables, finds marked figures
        in each, and V figures among them."""
        files = bundled_files()
        assert {"catalog/un-dprk-1718.json", "catalog/price-cap.json", "factors.json"} <= set(files)
        for name, document in files.items():
            assert list(figures(name, document)), name
        assert {"catalog/un-dprk-1718.json", "catalog/price-cap.json", "factors.json"} <= {
            where.split(" ")[0] for where, _ in v_figures()
        }

    def test_a_v_figure_on_a_secondary_page_is_caught(self) -> None:
        """Put a bundled V figure back on the law firm's page it used to rest on: the check
        reports exactly that figure."""
        document = copy.deepcopy(bundled_files()["catalog/price-cap.json"])
        assert [] == not_at_a_publisher(document)
        (cap,) = [i for i in document["instruments"] if i["symbol"] == "EU Reg 2022/2367"]
        cap["measures"][0]["source"]["url"] = document["sources"]["bakermckenzie-uk-47-60"]
        assert [
            "test EU Reg 2022/2367 / eu-2022-2367-crude-60 source: "
            "https://sanctionsnews.bakermckenzie.com/uk-announces-reduction-of-the-oil-price-cap"
        ] == not_at_a_publisher(document)

    def test_an_implicit_v_rests_on_its_record(self) -> None:
        """A date with no mark of its own is V and rests on the instrument's source: on a
        secondary page it is caught too."""
        document = {
            "schema": "sanctioncalc.catalog/1",
            "instruments": [
                {
                    "symbol": "S/RES/9999 (2030)",
                    "date": "2030-01-01",
                    "source": {"url": "https://www.lexology.com/x", "mark": "V2"},
                    "measures": [],
                }
            ],
        }
        assert ["test S/RES/9999 (2030) date: https://www.lexology.com/x"] == not_at_a_publisher(
            document
        )


class TestDocumentAddresses:
    """Every UN document has its Official Document System address, from its symbol."""

    def test_every_un_document_has_its_ods_address(self) -> None:
        """S/RES/2397 (2017) → https://docs.un.org/en/S/RES/2397(2017), and so on."""
        documents = [i for i in sc.catalog() if i.symbol.startswith("S/")]
        assert len(documents) >= 14
        for instrument in documents:
            assert ODS + instrument.symbol.replace(" ", "") == instrument.document_url

    def test_document_address_is_separate_from_the_source(self) -> None:
        """The document's address does not replace the page its figures were read on."""
        resolution = sc.catalog().instrument("2397")
        assert "https://docs.un.org/en/S/RES/2397(2017)" == resolution.document_url
        assert resolution.document_url != resolution.source.url
        crude = sc.catalog().measure("2397-4-crude").source
        assert ("V2", False) == (crude.mark.value, crude.url.startswith(ODS))


class TestResolutionsOfThe1718Regime:
    """Each adopted resolution carries its date and its vote, each with its own mark."""

    NUMBERS = ("1718", "1874", "2087", "2094", "2270", "2321", "2356", "2371", "2375", "2397")

    def test_each_has_a_dated_vote_with_marks_and_pages(self) -> None:
        """Ten resolutions, each adopted 15–0–0, with the pages the date and vote were read on."""
        for number in self.NUMBERS:
            resolution = sc.catalog().instrument(number)
            vote = resolution.vote
            assert vote is not None, number
            assert (15, 0, 0, ()) == (
                vote.in_favour,
                vote.against,
                vote.abstaining,
                vote.vetoed_by,
            ), number
            assert vote.mark.value in ("V", "V2"), number
            assert vote.url is not None, number
            assert resolution.date_url is not None, number

    def test_primary_and_secondary_readings_are_told_apart(self) -> None:
        """1874's date and vote were read in a UN press release (V); 1718's only on a
        secondary page (V2)."""
        res_1874 = sc.catalog().instrument("1874")
        res_1718 = sc.catalog().instrument("1718")
        assert ("V", "V") == (res_1874.date_mark.value, res_1874.vote and res_1874.vote.mark.value)
        assert res_1874.date_url == "https://press.un.org/en/2009/sc9679.doc.htm"
        assert ("V2", "V2") == (
            res_1718.date_mark.value,
            res_1718.vote and res_1718.vote.mark.value,
        )


class TestNotesAndKeys:
    """Notes cite documents; program keys say whose they are."""

    def test_no_note_cites_a_file_outside_the_package(self) -> None:
        """No bundled text refers to a notes file instead of the documents."""
        for name, document in bundled_files().items():
            assert "DOMAIN" not in json.dumps(document, ensure_ascii=False), name

    def test_every_regime_says_whose_program_key_it_has(self) -> None:
        """Each bundled regime states its key's origin; no source gave an OpenSanctions id,
        so all are the catalog's own."""
        for name, document in bundled_files().items():
            for regime in document.get("regimes", []):
                assert "own" == regime["program_key_origin"], (name, regime["key"])
        for instrument in sc.catalog():
            regime = sc.catalog().regimes[instrument.regime]
            assert (regime.program_key, "own") == (
                instrument.program_key,
                instrument.program_key_origin,
            )
