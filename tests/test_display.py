"""Tests for rich display: HTML for Jupyter and IPython's pretty text, from one table model.

Beside the public API, this module tests internal contracts directly: ``table_of`` (the
table model every display is drawn from).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from IPython.lib.pretty import pretty

import sanctioncalc as sc

CAT = sc.catalog()
COAL = sc.DualCap.parse(
    "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017"
)
HOSTILE = "<script>alert('x')</script> & \"quoted\""


class Page(HTMLParser):
    """The parts of an HTML fragment the tests look at; fails on unbalanced tags."""

    VOID = frozenset({"br"})

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.rows: list[list[str]] = []
        self.titles: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.styles: dict[str, str] = {}
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._link: str | None = None
        self._link_text: list[str] = []
        self._style = ""
        self.feed(fragment)
        self.close()
        assert self.stack == [], f"unclosed tags: {self.stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag not in self.VOID:
            self.stack.append(tag)
        if found.get("title"):
            self.titles.append(found["title"] or "")
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []
            self._style = found.get("style") or ""
        if tag == "a":
            self._link = found.get("href") or ""
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            self.rows[-1].append(text)
            self.styles[text] = self._style
            self._cell = None
        if tag == "a" and self._link is not None:
            self.links.append(("".join(self._link_text), self._link))
            self._link = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._link is not None:
            self._link_text.append(data)

    def row(self, first: str) -> list[str]:
        """The row whose first cell is *first*."""
        return next(row for row in self.rows if row and row[0] == first)

    @property
    def all_text(self) -> str:
        """Every text node, joined."""
        return "".join(self.text)


def page(value: Any) -> Page:
    """The parsed ``_repr_html_`` of *value*."""
    fragment = value._repr_html_()
    assert isinstance(fragment, str)
    return Page(fragment)


DISPLAYED: dict[str, Any] = {
    "Amount": sc.Amount(4_000_000, "bbl"),
    "Percentage": sc.Percentage.parse("800/9 %"),
    "Cap": CAT.measure("2397-5-refined").measure,
    "DualCap": CAT.measure("2397-4-crude").measure,
    "Ban": CAT.measure("2371-8-coal").measure,
    "Freeze": CAT.measure("2375-15-crude").measure,
    "Instrument": CAT.instrument("S/2022/431"),
    "CatalogMeasure": CAT.measure("2397-5-refined"),
    "Comparison": sc.compare("4,000,000 bbl or 525,000 t per 12 months", "3,000,000 bbl/yr"),
    "InstrumentComparison": sc.compare_instruments("2397", "S/2022/431"),
    "Waterfall": sc.cumulative_restriction("refined-petroleum", "4,500,000 bbl/yr"),
    "Timeline": sc.timeline("refined-petroleum"),
    "Binding": sc.binding_limb(COAL, "60 USD/t"),
    "Utilization": sc.Ledger(
        [
            sc.Delivery("2023-01", "400,000 bbl", reporter="X"),
            sc.Delivery("2023-03", "10 kt", reporter="Y", product="diesel"),
        ]
    ).utilization(CAT.measure("2397-5-refined"), normalisation=sc.Normalisation(table="ei-2021")),
}
RESULTS = (
    "Instrument",
    "CatalogMeasure",
    "Comparison",
    "InstrumentComparison",
    "Waterfall",
    "Timeline",
    "Binding",
    "Utilization",
)


class TestProtocol:
    """Every main type shows as HTML; results also pretty-print as a readable table."""

    @pytest.mark.parametrize("name", DISPLAYED)
    def test_html_is_a_balanced_fragment(self, name: str) -> None:
        """``_repr_html_`` gives a fragment whose tags all close, headed by the type's content."""
        fragment = DISPLAYED[name]._repr_html_()
        Page(fragment)
        assert fragment.startswith(("<div", "<span"))

    @pytest.mark.parametrize("name", RESULTS)
    def test_results_pretty_print_as_their_text_table(self, name: str) -> None:
        """IPython's pretty printer shows a result's text table, not its one-line attrs repr."""
        value = DISPLAYED[name]
        text = pretty(value)
        assert not text.startswith(type(value).__name__ + "(")
        assert len(text.splitlines()) > 3
        from sanctioncalc._render.tables import table_of

        assert table_of(value).to_text() == text

    @pytest.mark.parametrize("name", ["Amount", "Percentage", "Cap", "DualCap", "Ban", "Freeze"])
    def test_value_types_pretty_print_as_their_repr(self, name: str) -> None:
        """Value types keep their constructor-like repr in IPython: exact, one line, nestable."""
        value = DISPLAYED[name]
        assert repr(value) == pretty(value)

    def test_an_unknown_type_has_no_table(self) -> None:
        """Asking for the table of a type nobody registered names the type."""
        from sanctioncalc._render.tables import table_of

        with pytest.raises(TypeError, match="no display table for Vote"):
            table_of(CAT.instrument("S/2022/431").vote)


class TestNumbers:
    """Figures show with separators and units; exact values on hover and in a note."""

    def test_amount_shows_grouped_with_the_exact_value_on_hover(self) -> None:
        """An amount shows '4,000,000 bbl' and carries its exact value and unit name."""
        shown = page(sc.Amount(4_000_000, "bbl"))
        assert "4,000,000 bbl" == shown.all_text
        assert ["exact: 4000000 bbl — oil barrel (42 US gallons)"] == shown.titles

    def test_percentage_shows_rounded_with_the_exact_fraction_on_hover(self) -> None:
        """8/9 shows as 88.89 % and hovers as 800/9 %."""
        shown = page(sc.Percentage.parse("800/9 %"))
        assert ("88.89 %", ["exact: 800/9 %"]) == (shown.all_text, shown.titles)

    def test_rounded_figures_are_listed_exactly_under_the_table(self) -> None:
        """The waterfall's rounded cuts are listed with their exact values."""
        shown = page(DISPLAYED["Waterfall"])
        assert "rounded for display: 55.56 % = 500/9 %; 88.89 % = 800/9 %" in shown.all_text

    def test_exact_figures_are_not_listed_as_rounded(self) -> None:
        """A 25 % cut is exact as shown, so no rounding note appears."""
        assert "rounded" not in page(DISPLAYED["InstrumentComparison"]).all_text

    def test_thousands_in_a_percentage_are_not_taken_for_rounding(self) -> None:
        """'-1,400 %' is exact; only its separator differs from '-1400 %'."""
        shown = page(sc.compare("100 bbl", "1,500 bbl"))
        assert ["100 bbl", "1,500 bbl", "1,400 bbl", "-1,400 %"] == shown.row("100 bbl")
        assert "rounded" not in shown.all_text

    def test_number_columns_align_right_with_their_headers(self) -> None:
        """In a grid, figure columns and their headers align right; text columns left."""
        fragment = DISPLAYED["Waterfall"]._repr_html_()
        assert 'text-align:right">before</th>' in fragment
        assert 'text-align:left">step</th>' in fragment
        assert "text-align:right;white-space:nowrap" in fragment


class TestMeasures:
    """Caps, dual caps, bans and freezes show their parts with periods and commodities."""

    def test_cap_rows(self) -> None:
        """A cap shows its limit, repeating period, commodity and the text parse reads back."""
        shown = page(DISPLAYED["Cap"])
        assert ["limit", "500,000 bbl"] == shown.row("limit")
        assert ["period", "12 months from 1 Jan 2018, repeating"] == shown.row("period")
        assert ["commodity", "refined-petroleum (import, HS 2710)"] == shown.row("commodity")
        text = shown.row("text")[1]
        assert DISPLAYED["Cap"] == sc.Cap.parse(text)
        assert 'text-align:left">limit</th>' in DISPLAYED["Cap"]._repr_html_()

    def test_stub_period_counts_its_days(self) -> None:
        """A stub's period says it is one range, with its days and months."""
        stub = CAT.measure("2375-14-refined-stub").measure
        expected = ["period", "1 Oct 2017 – 31 Dec 2017 (one range: 92 days, 3 months)"]
        assert expected == page(stub).row("period")

    def test_dual_cap_rows(self) -> None:
        """A whichever-lower cap lists both limbs and says which rule joins them."""
        shown = page(COAL)
        assert ["limit", "400,870,018 USD"] == shown.row("limit")
        assert ["or", "7,500,000 t"] == shown.row("or")
        assert shown.row("rule")[1].startswith("whichever is lower")

    def test_ban_rows(self) -> None:
        """A ban shows its start and its exemptions."""
        shown = page(CAT.measure("2270-29-coal").measure)
        assert ["from", "2 Mar 2016"] == shown.row("from")
        assert ["except", "livelihood purposes"] == shown.row("except")

    def test_freeze_flags_its_estimate(self) -> None:
        """A freeze's outside estimate is flagged as not in the text, and styled as a warning."""
        shown = page(DISPLAYED["Freeze"])
        estimate = shown.row("estimate")[1]
        assert "4,000,000 bbl ⚠ an outside estimate, not in the text" == estimate
        assert "background" in shown.styles[estimate]


class TestProvenance:
    """Sources are linked, marks short of V and flags are spelt out with a ⚠."""

    def test_instrument_links_each_measure_to_its_source(self) -> None:
        """Each measure row of 2397 links its citation to the source's address."""
        shown = page(CAT.instrument("2397"))
        refined = CAT.measure("2397-5-refined").source
        assert (refined.citation, refined.url) in shown.links
        assert refined.citation == shown.row("2397-5-refined")[3]

    def test_press_only_figures_are_marked(self) -> None:
        """The vetoed draft's figures, seen only in the press, say so in their mark cell."""
        row = page(DISPLAYED["Instrument"]).row("s-2022-431-crude")
        assert "V2 ⚠ secondary source" == row[4]
        assert row[5].startswith("⚠ figure from a secondary source")

    def test_unverified_date_is_flagged(self) -> None:
        """The April 2022 US draft's date, marked U, is flagged in the instrument's header."""
        assert "⚠ date unverified" in page(CAT.instrument("US draft (April 2022)")).all_text

    def test_secondary_date_is_flagged(self) -> None:
        """1718's date, seen only in a secondary source (V2), is flagged as such."""
        assert sc.Mark.V2 is CAT.instrument("1718").date_mark
        text = page(CAT.instrument("1718")).all_text
        assert "⚠ date from a secondary source" in text
        assert "⚠ date unverified" not in text

    def test_unverified_thresholds_are_flagged(self) -> None:
        """2397's 75 % and 90 % thresholds are marked unverified; 95 % is not."""
        shown = page(DISPLAYED["CatalogMeasure"])
        thresholds = shown.row("thresholds")[1]
        assert "75 % [unverified], 90 % [unverified], 95 %" == thresholds
        assert "background" in shown.styles[thresholds]

    def test_comparison_of_instruments_lists_limbs_and_new_bans(self) -> None:
        """2397 → S/2022/431 shows both crude limbs, the refined cut and the draft's new bans."""
        shown = page(DISPLAYED["InstrumentComparison"])
        crude = shown.row("crude-oil")
        assert ["4,000,000 bbl", "3,000,000 bbl", "-1,000,000 bbl", "25 %"] == crude[1:5]
        assert ["", "525,000 t", "393,750 t", "-131,250 t", "25 %"] == shown.rows[2][:5]
        assert shown.row("tobacco")[-1].endswith("only in S/2022/431")
        assert "vote on S/2022/431: 13–2 (vetoed by China and Russian Federation)" in (
            shown.all_text
        )

    def test_timeline_marks_proposals(self) -> None:
        """Proposals say they never took effect and why, in italics."""
        fragment = DISPLAYED["Timeline"]._repr_html_()
        draft = next(r for r in Page(fragment).rows if r[2:3] == ["S/2022/431"])
        assert "proposal, never in force (vetoed)" == draft[3]
        assert 2 == fragment.count('<tr style="font-style:italic">')

    def test_factor_column_appears_and_flags_a_press_only_factor(self) -> None:
        """A comparison through the draft's implied factor (V2) shows the factor, flagged."""
        comparison = sc.compare(
            "4,000,000 bbl per 12 months",
            "393,750 t per 12 months",
            factor=sc.factor("s-2022-431/crude-oil"),
        )
        shown = page(comparison)
        assert "via factor" in shown.rows[0]
        assert "s-2022-431/crude-oil ⚠ V2" == shown.rows[1][4]

    def test_rounded_conversion_is_noted(self) -> None:
        """A converted amount rounded by places= is noted under the table; the cut is exact."""
        comparison = sc.compare(
            "525,000 t", "3,000,000 bbl", factor=sc.factor("ei-2021/crude-oil"), places=2
        )
        note = "409,276.94 t and the delta are rounded half-up to 2 places; the cut is exact"
        assert note in " ".join(page(comparison).text)
        assert note not in " ".join(page(DISPLAYED["Comparison"]).text)

    def test_comparison_without_factors_has_no_factor_column(self) -> None:
        """A same-unit comparison has four columns, no empty factor column."""
        assert ["old", "new", "delta", "cut"] == page(DISPLAYED["Comparison"]).rows[0]


class TestUtilization:
    """A utilization shows one row per period and limb, with status, crossings and records."""

    def test_rows(self) -> None:
        """Used, limit, share, headroom, status, crossings; conversions and counts noted.  The
        catalog's 75 and 90 % steps for refined products are unverified, and say so."""
        shown = page(DISPLAYED["Utilization"])
        assert [
            "1 Jan 2023 – 31 Dec 2023",
            "474,600 bbl",
            "500,000 bbl",
            "94.92 %",
            "25,400 bbl",
            "0 bbl",
            "critical",
            "75 % between 1 Jan 2023 and 31 Jan 2023 [threshold unverified]; "
            "90 % between 1 Mar 2023 and 31 Mar 2023 [threshold unverified]",
            "2",
        ] == shown.rows[1]
        text = " ".join(shown.text)
        assert "10 kt → 74,600 bbl" in text
        assert "counted 2 records; not counted: 0 not yet reported" in text

    def test_binding_limb_is_marked(self) -> None:
        """On a dual cap each limb has a row; the fuller one is marked binding."""
        crude = CAT.measure("2397-4-crude")
        implied = sc.Normalisation(fallback="s-res-2397/crude-oil")
        ledger = sc.Ledger([sc.Delivery("2019-01", "2,000,000 bbl", reporter="X")])
        rows = page(ledger.utilization(crude, normalisation=implied)).rows
        assert ["open (binding)", "open"] == [row[6] for row in rows[1:]]


class TestBinding:
    """The binding-limb result names the limb, the allowed quantity and the break-even."""

    def test_value_limb_binds_above_break_even(self) -> None:
        """At 60 USD/t the value limb binds; the tonnage allowed is rounded, exact in a note."""
        shown = page(DISPLAYED["Binding"])
        assert ["binds", "the value limb, 400,870,018 USD"] == shown.row("binds")
        assert ["quantity allowed", "6,681,166.97 t"] == shown.row("quantity allowed")
        assert "6,681,166.97 t = 200435009/30 t" in shown.all_text

    def test_tie_at_break_even(self) -> None:
        """At exactly the break-even price both limbs bind."""
        binding = sc.binding_limb(COAL, sc.break_even(COAL))
        assert page(binding).row("binds")[1].startswith("both limbs")


def hostile_catalog(folder: Path) -> sc.Catalog:
    """A user catalog whose texts try to inject HTML."""
    document = {
        "schema": "sanctioncalc.catalog/1",
        "instruments": [
            {
                "symbol": "S/RES/9999 (2030)",
                "kind": "resolution",
                "title": HOSTILE,
                "date": "2030-01-15",
                "status": "adopted",
                "regime": "un-dprk-1718",
                "source": {"url": "https://example.org/?a=1&b=2", "mark": "U"},
                "measures": [
                    {
                        "id": "9999-3-refined",
                        "commodity": "refined-petroleum",
                        "direction": "import",
                        "limit": "250,000 bbl per 12 months from 1 Feb 2030",
                        "note": '<img src=x onerror="alert(1)">',
                        "source": {
                            "paragraph": "3",
                            "url": "https://example.org/\"onmouseover='alert(1)'",
                            "mark": "U",
                        },
                    }
                ],
            }
        ],
    }
    path = folder / "hostile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return sc.Catalog.from_files(path, base=CAT)


class TestEscaping:
    """No text reaches the page unescaped; only http(s) addresses become links."""

    def test_instrument_title_and_note_are_escaped(self, tmp_path: Path) -> None:
        """Script tags and attributes in catalog texts are shown as text, never as markup."""
        catalog = hostile_catalog(tmp_path)
        fragment = catalog.instrument("9999")._repr_html_()
        assert "<script>" not in fragment
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in (
            fragment
        )
        note = catalog.measure("9999-3-refined")._repr_html_()
        assert "<img" not in note
        assert HOSTILE in Page(fragment).all_text

    def test_an_address_with_quotes_is_not_linked(self, tmp_path: Path) -> None:
        """A source address that could break out of the href attribute is shown unlinked."""
        measure = hostile_catalog(tmp_path).measure("9999-3-refined")
        assert "onmouseover" not in measure._repr_html_()
        assert [] == page(measure).links

    def test_ampersands_in_addresses_are_escaped(self, tmp_path: Path) -> None:
        """An address with '&' is linked with the ampersand escaped in the attribute."""
        fragment = hostile_catalog(tmp_path).instrument("9999")._repr_html_()
        assert 'href="https://example.org/?a=1&amp;b=2"' in fragment

    def test_javascript_addresses_are_never_links(self) -> None:
        """A javascript: address built by hand is shown as text, not as a link."""
        measure = CAT.measure("2397-5-refined")
        evil = attrs.evolve(measure, source=attrs.evolve(measure.source, url="javascript:alert(1)"))
        assert "javascript:" not in evil._repr_html_()
        assert [] == page(evil).links

    def test_exemption_markup_is_escaped(self) -> None:
        """A ban's exemption text with markup shows as text."""
        ban = sc.Ban(exemptions=("<b>livelihood</b>",))
        shown = page(ban)
        assert ["except", "<b>livelihood</b>"] == shown.row("except")
        assert "&lt;b&gt;" in ban._repr_html_()

    def test_unverified_user_figures_are_flagged(self, tmp_path: Path) -> None:
        """A user's figure marked U shows 'U ⚠ unverified' in its instrument's table."""
        row = page(hostile_catalog(tmp_path).instrument("9999")).row("9999-3-refined")
        assert "U ⚠ unverified" == row[4]
        assert "figure unverified" in row[5]


class TestPrettyText:
    """The text form aligns columns, notes rounding and lists the sources' addresses."""

    def test_waterfall_text(self) -> None:
        """The waterfall's text has a header, right-aligned figures, a total and exact values."""
        lines = pretty(DISPLAYED["Waterfall"]).splitlines()
        assert "Cumulative restriction from 4,500,000 bbl" == lines[0]
        assert lines[1].startswith("step")
        assert lines[1].endswith("step cut  cumulative")
        total = next(line for line in lines if line.startswith("total"))
        assert total.endswith("88.89 %")
        assert "rounded for display: 55.56 % = 500/9 %; 88.89 % = 800/9 %" in lines

    def test_sources_are_listed_with_addresses(self) -> None:
        """Each linked citation appears once under 'sources:' with its address."""
        text = pretty(DISPLAYED["Timeline"])
        refined = CAT.measure("2397-5-refined").source
        assert f"  {refined.citation}: {refined.url}" in text.splitlines()
        assert 1 == text.count(f"{refined.citation}: ")
