"""Tests for the bundled catalog, symbol look-ups, timelines and user catalog files."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import sanctioncalc as sc

CAT = sc.catalog()
Percentage = sc.Percentage
MARKS = tuple(sc.Mark)
BUNDLED_FILES = sorted(
    (entry for entry in resources.files("sanctioncalc").joinpath("data/catalog").iterdir()),
    key=lambda entry: entry.name,
)

# US fact sheet on 2397 (V): 2016 imports, the baselines of the published cut claims.
REFINED_2016 = sc.Amount("4500000", "bbl")
CRUDE_2016 = sc.Amount("4000000", "bbl")


def measure(measure_id: str) -> sc.CatalogMeasure:
    """A bundled catalog measure by id."""
    return sc.catalog().measure(measure_id)


def cap(measure_id: str) -> sc.Cap:
    """The one-limb cap of a bundled measure."""
    inner = measure(measure_id).measure
    assert isinstance(inner, sc.Cap)
    return inner


def dual_cap(measure_id: str) -> sc.DualCap:
    """The dual-basis cap of a bundled measure."""
    inner = measure(measure_id).measure
    assert isinstance(inner, sc.DualCap)
    return inner


def freeze(measure_id: str) -> sc.Freeze:
    """The freeze of a bundled measure."""
    inner = measure(measure_id).measure
    assert isinstance(inner, sc.Freeze)
    return inner


class TestBundledRecords:
    """Every bundled record loads, validates and carries its provenance."""

    def test_bundled_files_revalidate_through_the_user_loader(self) -> None:
        """Each bundled file, loaded again by the validating user-file loader, gives the catalog."""
        paths = [Path(str(entry)) for entry in BUNDLED_FILES if entry.name.endswith(".json")]
        assert paths
        reloaded = sc.Catalog.from_files(*paths)
        assert [i.symbol for i in CAT] == [i.symbol for i in reloaded]
        assert [i.measures for i in CAT] == [i.measures for i in reloaded]

    @pytest.mark.parametrize(
        ("symbol", "day", "status", "kind"),
        [
            # 1718 Committee table: symbol, date, status
            ("S/RES/2270 (2016)", date(2016, 3, 2), sc.InstrumentStatus.ADOPTED, "resolution"),
            ("S/RES/2321 (2016)", date(2016, 11, 30), sc.InstrumentStatus.ADOPTED, "resolution"),
            ("S/RES/2371 (2017)", date(2017, 8, 5), sc.InstrumentStatus.ADOPTED, "resolution"),
            ("S/RES/2375 (2017)", date(2017, 9, 11), sc.InstrumentStatus.ADOPTED, "resolution"),
            ("S/RES/2397 (2017)", date(2017, 12, 22), sc.InstrumentStatus.ADOPTED, "resolution"),
            ("S/2022/431", date(2022, 5, 26), sc.InstrumentStatus.VETOED, "draft"),
            ("US draft (April 2022)", date(2022, 4, 15), sc.InstrumentStatus.NEVER_VOTED, "draft"),
        ],
    )
    def test_instruments_of_domain_table(
        self, symbol: str, day: date, status: sc.InstrumentStatus, kind: str
    ) -> None:
        """Each instrument of the Committee's table is bundled with its date, status and kind."""
        instrument = CAT.instrument(symbol)
        assert (symbol, day, status, kind) == (
            instrument.symbol,
            instrument.date,
            instrument.status,
            instrument.kind,
        )

    def test_draft_vote(self) -> None:
        """S/2022/431 failed 13–2, vetoed by China and Russia (UN press SC/14911)."""
        vote = CAT.instrument("S/2022/431").vote
        assert vote is not None
        assert (13, 2, 0, ("China", "Russian Federation")) == (
            vote.in_favour,
            vote.against,
            vote.abstaining,
            vote.vetoed_by,
        )
        assert "13–2 (vetoed by China and Russian Federation)" == str(vote)

    @pytest.mark.parametrize(
        ("measure_id", "limbs"),
        [
            # 1718 Committee table: every figure, as published
            ("2321-26-coal-stub", ("53495894 USD", "1000866 t")),
            ("2321-26-coal", ("400870018 USD", "7500000 t")),
            ("2375-14-refined-stub", ("500000 bbl",)),
            ("2375-14-refined", ("2000000 bbl",)),
            ("2397-4-crude", ("4000000 bbl", "525000 t")),
            ("2397-5-refined", ("500000 bbl",)),
            ("s-2022-431-crude", ("3000000 bbl", "393750 t")),
            ("s-2022-431-refined", ("375000 bbl", "46875 t")),
            ("us-2022-04-crude", ("2000000 bbl",)),
            ("us-2022-04-refined", ("250000 bbl",)),
        ],
    )
    def test_figures_of_domain_table(self, measure_id: str, limbs: tuple[str, ...]) -> None:
        """Each numeric limit of the 1718 Committee's table is in the catalog, limb by limb."""
        inner = measure(measure_id).measure
        assert inner is not None
        assert tuple(sc.Amount.parse(text) for text in limbs) == inner.limbs

    @pytest.mark.parametrize(
        ("measure_id", "days"),
        [
            # S/RES/2397 (2017) paras 4, 5: refined every 30 days (V), crude every 90 days (V)
            ("2375-14-refined-stub", 30),
            ("2397-5-refined", 30),
            ("2397-4-crude", 90),
        ],
    )
    def test_reporting_cadence(self, measure_id: str, days: int) -> None:
        """Reporting cadences are recorded where the text states them."""
        assert days == measure(measure_id).reporting_days

    @pytest.mark.parametrize("item", CAT.measures(), ids=lambda m: m.id)
    def test_every_measure_has_a_source(self, item: sc.CatalogMeasure) -> None:
        """Every measure cites an http(s) address and carries marks from V/V2/U."""
        assert item.source.url.startswith(("https://", "http://"))
        assert item.source.mark in MARKS
        assert item.source.paragraph_mark in MARKS
        assert all(t.mark in MARKS for t in item.thresholds)
        assert CAT.instrument(item.instrument).symbol == item.instrument

    @pytest.mark.parametrize("item", CAT.measures(), ids=lambda m: m.id)
    def test_unverified_and_press_figures_are_flagged(self, item: sc.CatalogMeasure) -> None:
        """A U or V2 figure, paragraph, HS code or threshold shows a flag naming it."""
        expected = set()
        if item.source.mark is sc.Mark.U:
            expected.add("figure unverified")
        if item.source.mark is sc.Mark.V2:
            expected.add("figure from a secondary source")
        if item.source.paragraph_mark is sc.Mark.U:
            expected.add("paragraph unverified")
        if item.commodity is not None and item.commodity.hs_code and item.hs_mark is sc.Mark.U:
            expected.add("HS code unverified")
        expected |= {
            f"threshold {t.percent} unverified" for t in item.thresholds if t.mark is sc.Mark.U
        }
        assert expected <= set(item.flags)

    def test_secondary_figures_exist_and_are_flagged(self) -> None:
        """The draft's press-only figures are flagged (so the flag check above is not vacuous)."""
        assert "figure from a secondary source" in measure("s-2022-431-crude").flags
        assert "HS code unverified" in measure("s-2022-431-tobacco").flags

    def test_freeze_estimate_is_flagged_as_outside(self) -> None:
        """The 2375 crude freeze shows the US 4 M bbl figure as an estimate, not in the text."""
        item = measure("2375-15-crude")
        assert freeze("2375-15-crude").estimate is not None
        assert any(f.startswith("estimate by United States") for f in item.flags)
        assert () == freeze("2375-15-crude").limbs

    def test_superseded_by_points_at_catalog_measures(self) -> None:
        """Every superseded_by names a measure of the same commodity in the catalog."""
        pairs = [(m, CAT.superseding(m)) for m in CAT.measures() if m.superseded_by]
        assert pairs
        assert all(new is not None and new.commodity == old.commodity for old, new in pairs)

    def test_regime_has_a_program_key(self) -> None:
        """Every instrument's regime exists and joins to an OpenSanctions-style program key."""
        for instrument in CAT:
            assert CAT.regimes[instrument.regime].program_key

    def test_bundled_catalog_is_cached(self) -> None:
        """The bundled catalog is loaded once and shared."""
        assert sc.catalog() is sc.catalog() is sc.Catalog.bundled()


class TestRecomputedInvariants:
    """Relations between the figures hold when recomputed from the catalog itself."""

    def test_2375_stub_is_three_twelfths_of_the_annual_cap(self) -> None:
        """The 2375 Oct–Dec 2017 stub is the annual 2375 cap prorated by calendar months."""
        stub = cap("2375-14-refined-stub")
        assert isinstance(stub.period, sc.Span)
        prorated = sc.prorate(cap("2375-14-refined"), stub.period, basis="months")
        assert stub.limit == prorated.limit
        assert Fraction(3, 12) == stub.limit.exact / cap("2375-14-refined").limit.exact

    @pytest.mark.parametrize(
        ("measure_id", "expected"),
        [
            # S/RES/2397 (2017) para 4: "4,000,000 barrels or 525,000 tons" implies 7.619 bbl/t;
            # the 2022 draft keeps that ratio for crude and implies 8.0 bbl/t for refined
            ("2397-4-crude", Fraction(160, 21)),
            ("s-2022-431-crude", Fraction(160, 21)),
            ("s-2022-431-refined", Fraction(8)),
        ],
    )
    def test_implied_factors(self, measure_id: str, expected: Fraction) -> None:
        """The limbs of each dual crude/refined cap imply the published bbl/t ratio."""
        factor = sc.implied_factor(dual_cap(measure_id))
        assert (expected, "t", "bbl") == (
            factor.value,
            factor.from_unit.symbol,
            factor.to_unit.symbol,
        )

    @pytest.mark.parametrize(
        ("measure_id", "exact"),
        [
            # S/RES/2321 (2016) para 26: both limbs of each 2321 coal cap imply about US$53.45/t
            ("2321-26-coal", Fraction(400_870_018, 7_500_000)),
            ("2321-26-coal-stub", Fraction(53_495_894, 1_000_866)),
        ],
    )
    def test_coal_break_even_prices(self, measure_id: str, exact: Fraction) -> None:
        """Each 2321 coal cap's break-even price is its dollar limb over its tonnage limb."""
        rate = sc.break_even(dual_cap(measure_id))
        assert (exact, "USD/t", "53.45 USD/t") == (rate.value, str(rate.unit), rate.rounded(2))

    def test_coal_limbs_agree_between_stub_and_year(self) -> None:
        """The stub and the annual 2321 caps imply the same price to the cent."""
        stub = sc.break_even(dual_cap("2321-26-coal-stub"))
        annual = sc.break_even(dual_cap("2321-26-coal"))
        assert stub.rounded(2) == annual.rounded(2)
        assert abs(stub.value - annual.value) < Fraction(1, 100)

    def test_2375_cuts_refined_over_55_percent(self) -> None:
        """2375's 2,000,000 bbl cuts the 2016 refined level "over 55 %" (US fact sheet)."""
        result = sc.cut(REFINED_2016, cap("2375-14-refined").limit)
        assert Percentage.from_ratio(Fraction(5, 9)) == result
        assert result.percent > 55

    def test_2375_cuts_total_oil_almost_30_percent(self) -> None:
        """2375 cuts total oil "almost 30 %": 2 M refined + the freeze's 4 M against 8.5 M."""
        estimate = freeze("2375-15-crude").estimate
        assert estimate is not None
        before = REFINED_2016 + CRUDE_2016
        after = cap("2375-14-refined").limit + estimate.limit
        result = sc.cut(before, after)
        assert (sc.Amount(8_500_000, "bbl"), Percentage.from_ratio(Fraction(5, 17))) == (
            before,
            result,
        )
        assert 29 < result.percent < 30

    def test_2397_cuts_the_2375_refined_cap_by_75_percent(self) -> None:
        """2397's 500,000 bbl is 75 % below 2375's 2,000,000 bbl (US fact sheet)."""
        result = sc.cut(cap("2375-14-refined"), cap("2397-5-refined"))
        assert Percentage(75) == result

    def test_2397_cuts_refined_imports_89_percent(self) -> None:
        """2397 cuts refined imports from the 2016 level by 8/9, published as 89 %."""
        result = sc.cut(REFINED_2016, cap("2397-5-refined").limit)
        assert (Percentage.from_ratio(Fraction(8, 9)), Decimal(89)) == (result, result.rounded(0))

    def test_draft_cuts_both_2397_caps_by_a_quarter(self) -> None:
        """The 2022 draft's crude and refined limits are both 25 % below 2397's."""
        crude = sc.compare(dual_cap("2397-4-crude"), dual_cap("s-2022-431-crude"))
        refined = sc.compare(cap("2397-5-refined"), dual_cap("s-2022-431-refined"))
        assert (Percentage(25), Percentage(25)) == (crude.cut, refined.cut)


class TestLookups:
    """Symbols resolve however people write them; unknown ones say what exists."""

    @pytest.mark.parametrize(
        "text",
        [
            "2397",
            "S/RES/2397",
            "S/RES/2397 (2017)",
            "S/RES/2397(2017)",
            "s/res/2397 (2017)",
            "res 2397",
            "Res. 2397",
            "resolution 2397",
            "Resolution 2397 (2017)",
            "UNSCR 2397",
            "  S/RES/2397  ",
        ],
    )
    def test_resolution_variants(self, text: str) -> None:
        """Every common spelling of resolution 2397 finds it."""
        assert "S/RES/2397 (2017)" == CAT.instrument(text).symbol

    @pytest.mark.parametrize(
        ("text", "symbol"),
        [
            ("S/2022/431", "S/2022/431"),
            (" s/2022/431 ", "S/2022/431"),
            ("us draft (april 2022)", "US draft (April 2022)"),
            ("2375", "S/RES/2375 (2017)"),
            ("UNSCR 2270", "S/RES/2270 (2016)"),
        ],
    )
    def test_other_symbols(self, text: str, symbol: str) -> None:
        """Drafts go by their document symbol, case and spacing forgiven."""
        assert CAT.instrument(text).symbol == symbol

    def test_instrument_passes_through(self) -> None:
        """An Instrument given where a symbol is expected is returned as is."""
        instrument = CAT.instrument("2397")
        assert CAT.instrument(instrument) is instrument

    @pytest.mark.parametrize("text", ["9999", "S/RES/1234 (1998)", "S/2022/432", "", "2397x"])
    def test_unknown_symbol_lists_the_symbols(self, text: str) -> None:
        """An unknown symbol raises a LookupError listing every symbol in the catalog."""
        listed = ", ".join(i.symbol for i in CAT).replace("(", r"\(").replace(")", r"\)")
        with pytest.raises(sc.InstrumentNotFoundError, match=f"expected one of {listed};"):
            CAT.instrument(text)

    def test_wrong_year_does_not_resolve(self) -> None:
        """A resolution number with the wrong year names no resolution, so it is not found."""
        with pytest.raises(LookupError, match=r"got 'S/RES/2397 \(2016\)', expected one of"):
            CAT.instrument("S/RES/2397 (2016)")

    @pytest.mark.parametrize(
        "text", ["refined-petroleum", "Refined Petroleum", "refined_petroleum"]
    )
    def test_commodity_variants(self, text: str) -> None:
        """Commodity slugs forgive case, spaces and underscores."""
        assert "refined-petroleum" == CAT.commodity(text).name

    def test_unknown_commodity_lists_the_slugs(self) -> None:
        """An unknown commodity raises a LookupError listing the slugs."""
        with pytest.raises(sc.InstrumentNotFoundError, match=r"expected one of .*crude-oil.*"):
            CAT.commodity("oil")

    def test_measure_by_id(self) -> None:
        """A measure is found by its id; an unknown id lists the ids."""
        assert "S/RES/2397 (2017)" == CAT.measure("2397-4-crude").instrument
        with pytest.raises(
            sc.InstrumentNotFoundError, match=r"expected one of [^;]*2270-29-coal, "
        ):
            CAT.measure("2397-4")

    def test_measures_of_an_instrument_by_commodity(self) -> None:
        """An instrument lists its measures on one commodity."""
        ids = [m.id for m in CAT.instrument("2375").measures_for("refined-petroleum")]
        assert ["2375-14-refined-stub", "2375-14-refined"] == ids

    def test_resolution_number(self) -> None:
        """A resolution knows its number; a draft has none."""
        assert ("2397", None) == (
            CAT.instrument("2397").number,
            CAT.instrument("S/2022/431").number,
        )


S = sc.TimelineStatus


def entries(commodity: str) -> list[tuple[str, date | None, date | None, sc.TimelineStatus]]:
    """A commodity's timeline as (measure id, start, exclusive end, status) rows."""
    return [(e.measure.id, e.start, e.end, e.status) for e in sc.timeline(commodity).entries]


class TestTimeline:
    """Timelines show stubs, supersessions, overlaps and proposals."""

    def test_refined_petroleum(self) -> None:
        """2375 stub ended, 2375 annual superseded before it applied, 2397 in force, drafts."""
        assert [
            ("2375-14-refined-stub", date(2017, 10, 1), date(2018, 1, 1), S.ENDED),
            (
                "2375-14-refined",
                date(2018, 1, 1),
                date(2018, 1, 1),
                S.SUPERSEDED_BEFORE_APPLYING,
            ),
            ("2397-5-refined", date(2018, 1, 1), None, S.IN_FORCE),
            ("us-2022-04-refined", None, None, S.PROPOSAL),
            ("s-2022-431-refined", None, None, S.PROPOSAL),
        ] == entries("refined-petroleum")

    def test_coal(self) -> None:
        """2270 ban → 2321 stub → 2321 annual cap → 2371 ban (1718 Committee table)."""
        assert [
            ("2270-29-coal", date(2016, 3, 2), date(2016, 11, 30), S.SUPERSEDED),
            ("2321-26-coal-stub", date(2016, 11, 30), date(2017, 1, 1), S.ENDED),
            ("2321-26-coal", date(2017, 1, 1), date(2017, 8, 5), S.SUPERSEDED),
            ("2371-8-coal", date(2017, 8, 5), None, S.IN_FORCE),
        ] == entries("coal")

    def test_crude_oil(self) -> None:
        """The 2375 freeze and the 2397 cap both stay in force; the drafts are proposals."""
        assert [
            ("2375-15-crude", date(2017, 9, 11), None, S.IN_FORCE),
            ("2397-4-crude", date(2017, 12, 22), None, S.IN_FORCE),
            ("us-2022-04-crude", None, None, S.PROPOSAL),
            ("s-2022-431-crude", None, None, S.PROPOSAL),
        ] == entries("crude-oil")

    @pytest.mark.parametrize(
        ("commodity", "day", "expected"),
        [
            # 1718 Committee table dates; ends are exclusive, so a successor's first day is its own
            ("refined-petroleum", date(2017, 9, 30), ()),
            ("refined-petroleum", date(2017, 10, 1), ("2375-14-refined-stub",)),
            ("refined-petroleum", date(2017, 12, 31), ("2375-14-refined-stub",)),
            ("refined-petroleum", date(2018, 1, 1), ("2397-5-refined",)),
            ("refined-petroleum", date(2022, 6, 1), ("2397-5-refined",)),
            ("coal", date(2016, 3, 1), ()),
            ("coal", date(2016, 3, 2), ("2270-29-coal",)),
            ("coal", date(2016, 11, 29), ("2270-29-coal",)),
            ("coal", date(2016, 11, 30), ("2321-26-coal-stub",)),
            ("coal", date(2016, 12, 31), ("2321-26-coal-stub",)),
            ("coal", date(2017, 1, 1), ("2321-26-coal",)),
            ("coal", date(2017, 8, 4), ("2321-26-coal",)),
            ("coal", date(2017, 8, 5), ("2371-8-coal",)),
            ("crude-oil", date(2017, 9, 10), ()),
            ("crude-oil", date(2017, 12, 21), ("2375-15-crude",)),
            # overlapping caps are legal: both apply from 22 Dec 2017
            ("crude-oil", date(2018, 3, 1), ("2375-15-crude", "2397-4-crude")),
        ],
    )
    def test_which_cap_applied_on_a_date(
        self, commodity: str, day: date, expected: tuple[str, ...]
    ) -> None:
        """Timeline.on(day) gives the measures that applied that day."""
        assert expected == tuple(e.measure.id for e in sc.timeline(commodity).on(day))

    def test_proposals_never_apply(self) -> None:
        """A draft's measures apply on no day, even long after its vote."""
        proposals = [e for e in sc.timeline("crude-oil").entries if e.status is S.PROPOSAL]
        assert proposals
        assert not any(e.applies_on(date(2030, 1, 1)) for e in proposals)

    @pytest.mark.parametrize(
        ("measure_id", "text"),
        [
            ("2375-14-refined", "1 Jan 2018 (never applied)"),
            ("2375-14-refined-stub", "1 Oct 2017 – 31 Dec 2017"),
            ("2397-5-refined", "1 Jan 2018 – open"),
            ("s-2022-431-refined", "—"),
        ],
    )
    def test_span_text(self, measure_id: str, text: str) -> None:
        """Each entry shows when it applied, with an inclusive end."""
        (entry,) = [
            e for e in sc.timeline("refined-petroleum").entries if e.measure.id == measure_id
        ]
        assert text == entry.span_text

    def test_text_form(self) -> None:
        """str(timeline) names the commodity, then one line per entry with its status and
        the flags of its figure (2270's coal ban is known from a secondary source)."""
        lines = str(sc.timeline("coal")).splitlines()
        assert "timeline: coal" == lines[0]
        assert lines[1].endswith(
            "S/RES/2270 (2016) (superseded) [⚠ figure from a secondary source (V2)]"
        )
        assert 5 == len(lines)

    def test_unknown_commodity(self) -> None:
        """A timeline of an unknown commodity lists the slugs."""
        with pytest.raises(sc.InstrumentNotFoundError, match=r"got 'oil', expected one of"):
            sc.timeline("oil")


# -- user catalogs ------------------------------------------------------------------------

URL = "https://example.org/s-res-9999"


def user_instrument(**changes: Any) -> dict[str, Any]:
    """A valid user instrument record (a made-up resolution) with *changes* applied."""
    record: dict[str, Any] = {
        "symbol": "S/RES/9999 (2030)",
        "kind": "resolution",
        "title": "Resolution 9999 (2030)",
        "date": "2030-01-15",
        "status": "adopted",
        "regime": "un-dprk-1718",
        "source": {"url": URL, "mark": "V"},
        "measures": [
            {
                "id": "9999-3-refined",
                "commodity": "refined-petroleum",
                "direction": "import",
                "limit": "250,000 bbl per 12 months from 1 Feb 2030",
                "source": {"paragraph": "3", "url": URL, "mark": "V"},
            }
        ],
    }
    record.update(changes)
    return record


def user_document(*instruments: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A catalog document in the bundled schema."""
    return {"schema": "sanctioncalc.catalog/1", "instruments": list(instruments), **top}


def write_json(folder: Path, name: str, data: object) -> Path:
    """Write *data* as UTF-8 JSON and return the path."""
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def with_measure(**changes: Any) -> dict[str, Any]:
    """A user document whose one measure has *changes* applied."""
    record = user_instrument()
    record["measures"][0].update(changes)
    return user_document(record)


def bundled_2397() -> dict[str, Any]:
    """The bundled 2397 record as it stands in the package's JSON, source keys resolved."""
    data = json.loads(
        resources.files("sanctioncalc")
        .joinpath("data/catalog/un-dprk-1718.json")
        .read_text("utf-8")
    )
    keys: dict[str, str] = data["sources"]
    (record,) = [i for i in data["instruments"] if i["symbol"] == "S/RES/2397 (2017)"]
    record["source"]["url"] = keys[record["source"]["url"]]
    record["date_url"] = keys.get(record["date_url"], record["date_url"])
    record["vote"]["url"] = keys.get(record["vote"]["url"], record["vote"]["url"])
    for item in record["measures"]:
        item["source"]["url"] = keys[item["source"]["url"]]
    result: dict[str, Any] = record
    return result


TOML_TEXT = """\
schema = "sanctioncalc.catalog/1"

[[commodities]]
name = "uranium"
title = "uranium"

[[instruments]]
symbol = "S/RES/9998 (2031)"
kind = "resolution"
title = "Resolution 9998 (2031)"
date = 2031-03-01
status = "adopted"
regime = "un-dprk-1718"
source = { url = "https://example.org/s-res-9998", mark = "V2" }

[[instruments.measures]]
id = "9998-2-uranium"
commodity = "uranium"
direction = "export"
limit = "ban from 1 Mar 2031"
source = { paragraph = 2, url = "https://example.org/s-res-9998", mark = "V2" }

[[instruments.measures]]
id = "9998-3-refined"
commodity = "refined-petroleum"
direction = "import"
limit = "400,000 bbl per 12 months from 1 Jan 2031"
source = { paragraph = "3", url = "https://example.org/s-res-9998", mark = "V" }
thresholds = [{ percent = "95", mark = "U" }]
"""


class TestUserCatalogs:
    """User files in the bundled schema load and combine with the bundled catalog."""

    def test_json_file_combines_with_bundled(self, tmp_path: Path) -> None:
        """A JSON file adds its instrument; the bundled ones stay, and look-ups cover both."""
        path = write_json(tmp_path, "mine.json", user_document(user_instrument()))
        combined = sc.Catalog.from_files(path, base=sc.catalog())
        assert len(combined) == len(CAT) + 1
        assert combined.instrument("res 9999").origin == str(path)
        assert CAT.instrument("2397") == combined.instrument("2397")
        assert len(sc.catalog()) == len(CAT)

    def test_longest_address_writes_and_reads_back(self, tmp_path: Path) -> None:
        """A 2,000-character address in the sources table loads, writes inline and reads back."""
        address = "https://example.org/" + "a" * 1980
        document = user_document(user_instrument(), sources={"long": address})
        document["instruments"][0]["source"]["url"] = "long"
        loaded = sc.Catalog.from_files(write_json(tmp_path, "mine.json", document), base=CAT)
        again = sc.Catalog.from_files(loaded.write(tmp_path / "again.json"))
        assert (2000, address) == (len(address), again.instrument("9999").source.url)
        assert loaded.to_json() == again.to_json()

    def test_user_measures_join_queries(self, tmp_path: Path) -> None:
        """A user measure appears on timelines and in comparisons with bundled instruments."""
        path = write_json(tmp_path, "mine.json", user_document(user_instrument()))
        combined = sc.Catalog.from_files(path, base=sc.catalog())
        ids = [e.measure.id for e in sc.timeline("refined-petroleum", catalog=combined).entries]
        assert ["2397-5-refined", "9999-3-refined"] == [i for i in ids if i[0].isdigit()][-2:]
        comparison = sc.compare_instruments("2397", "9999", catalog=combined).change(
            "refined-petroleum"
        )
        assert comparison.comparison is not None
        assert Percentage(50) == comparison.comparison.cut

    def test_toml_file_in_the_same_schema(self, tmp_path: Path) -> None:
        """A TOML file with native dates and integer paragraphs loads like JSON."""
        path = tmp_path / "mine.toml"
        path.write_text(TOML_TEXT, encoding="utf-8")
        combined = sc.Catalog.from_files(path, base=sc.catalog())
        instrument = combined.instrument("S/RES/9998")
        assert (date(2031, 3, 1), "2") == (instrument.date, instrument.measures[0].source.paragraph)
        assert "uranium" in combined.commodities
        assert ("threshold 95 % unverified",) == combined.measure("9998-3-refined").flags
        assert ("figure from a secondary source",) == combined.measure("9998-2-uranium").flags

    def test_two_files_combine(self, tmp_path: Path) -> None:
        """Several files load in order, each on top of the previous ones."""
        first = write_json(tmp_path, "a.json", user_document(user_instrument()))
        second = tmp_path / "b.toml"
        second.write_text(TOML_TEXT, encoding="utf-8")
        combined = sc.Catalog.from_files(first, second, base=sc.catalog())
        assert {"S/RES/9999 (2030)", "S/RES/9998 (2031)"} <= {i.symbol for i in combined}
        assert len(combined) == len(CAT) + 2

    def test_merge_operator(self, tmp_path: Path) -> None:
        """catalog | other adds the other catalog's instruments."""
        mine = sc.Catalog.from_files(
            write_json(tmp_path, "a.json", user_document(user_instrument())), base=sc.catalog()
        )
        assert [i.symbol for i in CAT | mine] == [i.symbol for i in mine]

    def test_user_measure_may_point_at_a_bundled_one(self, tmp_path: Path) -> None:
        """superseded_by may name a bundled measure when the bundled catalog is the base."""
        record = user_instrument(date="2017-01-01", symbol="S/RES/9997 (2017)")
        record["measures"][0].update(
            id="9997-1-refined",
            limit="900,000 bbl per 12 months from 1 Jan 2017",
            superseded_by="2397-5-refined",
        )
        combined = sc.Catalog.from_files(
            write_json(tmp_path, "a.json", user_document(record)), base=sc.catalog()
        )
        statuses = {
            e.measure.id: e.status
            for e in sc.timeline("refined-petroleum", catalog=combined).entries
        }
        assert S.SUPERSEDED == statuses["9997-1-refined"]

    def test_identical_copy_of_a_bundled_record_is_accepted(self, tmp_path: Path) -> None:
        """Repeating a bundled record exactly is not a conflict."""
        path = write_json(tmp_path, "copy.json", user_document(bundled_2397()))
        combined = sc.Catalog.from_files(path, base=sc.catalog())
        assert len(combined) == len(CAT)

    def test_standalone_catalog(self, tmp_path: Path) -> None:
        """Without a base, a file declares its own regimes and commodities."""
        regime = {"key": "test", "title": "Test", "program_key": "TEST", "url": URL}
        commodity = {"name": "refined-petroleum", "title": "refined"}
        path = write_json(
            tmp_path,
            "alone.json",
            user_document(
                user_instrument(regime="test"), regimes=[regime], commodities=[commodity]
            ),
        )
        alone = sc.Catalog.from_files(path)
        assert (1, "TEST") == (len(alone), alone.regimes["test"].program_key)
        assert 0 == len(sc.Catalog.from_files())

    def test_utf8_bom_is_accepted(self, tmp_path: Path) -> None:
        """A UTF-8 file with a byte-order mark (as Windows editors write it) loads."""
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(user_document(user_instrument())).encode())
        assert len(sc.Catalog.from_files(path, base=sc.catalog())) == len(CAT) + 1


def _conflict_title() -> dict[str, Any]:
    record = bundled_2397()
    record["title"] = "Resolution 2397 (2017), my reading"
    return user_document(record)


def _conflict_limit() -> dict[str, Any]:
    record = bundled_2397()
    record["measures"][1]["limit"] = "400,000 bbl per 12 months from 1 Jan 2018"
    return user_document(record)


def _duplicate_measure_in_instrument() -> dict[str, Any]:
    record = user_instrument()
    record["measures"].append(dict(record["measures"][0]))
    return user_document(record)


SYMBOL = r"S/RES/9999 \(2030\)"
MEASURE = SYMBOL + " / 9999-3-refined"

# (case, document, error class, record, field, rest of the message)
SCHEMA_ERRORS: list[tuple[str, Callable[[], dict[str, Any]], type[Exception], str, str, str]] = [
    (
        "misspelt measure field",
        lambda: with_measure(superseeded_by="2397-5-refined"),
        sc.CatalogError,
        MEASURE,
        "superseeded_by",
        "got an unknown field, expected one of id, commodity",
    ),
    (
        "misspelt source field",
        lambda: with_measure(
            source={"paragraph": "2", "url": "https://example.org/x", "mark": "V", "mrak": "U"}
        ),
        sc.CatalogError,
        MEASURE,
        "source.mrak",
        "got an unknown field, expected one of document, paragraph",
    ),
    (
        "unknown instrument field",
        lambda: user_document(user_instrument(adopted_by="consensus")),
        sc.CatalogError,
        SYMBOL,
        "adopted_by",
        "got an unknown field",
    ),
    (
        "missing field",
        lambda: user_document({k: v for k, v in user_instrument().items() if k != "title"}),
        sc.CatalogError,
        SYMBOL,
        "title",
        "got nothing, expected a text",
    ),
    (
        "wrong type",
        lambda: user_document(user_instrument(title=5)),
        sc.CatalogError,
        SYMBOL,
        "title",
        "got 5, expected a non-empty text",
    ),
    (
        "wrong type of date",
        lambda: user_document(user_instrument(date=20300115)),
        sc.CatalogError,
        SYMBOL,
        "date",
        "got 20300115, expected a date",
    ),
    (
        "unknown unit in a limit",
        lambda: with_measure(limit="250,000 furlongs per 12 months"),
        sc.CatalogError,
        MEASURE,
        "limit",
        "got furlongs, expected one of bbl, ",
    ),
    (
        "unknown commodity",
        lambda: with_measure(commodity="unobtainium"),
        sc.CatalogError,
        MEASURE,
        "commodity",
        "got unobtainium, expected one of " + re.escape(", ".join(sorted(CAT.commodities))),
    ),
    (
        "duplicate symbol in a file",
        lambda: user_document(user_instrument(), user_instrument(title="again")),
        sc.CatalogError,
        SYMBOL,
        "symbol",
        rf"got {SYMBOL}, expected each symbol once per file",
    ),
    (
        "duplicate symbol, spelled differently",
        lambda: user_document(user_instrument(), user_instrument(symbol="s/res/9999")),
        sc.CatalogError,
        "s/res/9999",
        "symbol",
        "got s/res/9999, expected each symbol once per file",
    ),
    (
        "duplicate measure id across the catalog",
        lambda: with_measure(id="2397-5-refined"),
        sc.CatalogError,
        SYMBOL + " / 2397-5-refined",
        "id",
        "got 2397-5-refined, expected a measure id unique across the catalog",
    ),
    (
        "duplicate measure id in an instrument",
        _duplicate_measure_in_instrument,
        sc.CatalogError,
        SYMBOL,
        "measures.id",
        "got 9999-3-refined, expected unique measure ids",
    ),
    (
        "period end before start",
        lambda: with_measure(limit="250,000 bbl for 31 Dec 2030 – 1 Jan 2030"),
        sc.CatalogError,
        MEASURE,
        "limit",
        "got 31 Dec 2030 – 1 Jan 2030, expected a last day on or after the first",
    ),
    (
        "bad mark",
        lambda: with_measure(source={"paragraph": "3", "url": URL, "mark": "X"}),
        sc.CatalogError,
        MEASURE,
        "source.mark",
        r"got 'X', expected 'V' \(read in the instrument's own text\), 'V2' \(seen only in a "
        r"secondary source\) or 'U' \(unverified\)",
    ),
    (
        "bad threshold mark",
        lambda: with_measure(thresholds=[{"percent": "95", "mark": "maybe"}]),
        sc.CatalogError,
        MEASURE,
        r"thresholds\[0\].mark",
        r"got 'maybe', expected 'V' \(read in the instrument's own text\), 'V2'",
    ),
    (
        "source without an http address",
        lambda: with_measure(source={"url": "ftp://example.org", "mark": "V"}),
        sc.CatalogError,
        MEASURE,
        "source.url",
        "got 'ftp://example.org', expected an http",
    ),
    (
        "measure without a source",
        lambda: with_measure(source=None),
        sc.CatalogError,
        MEASURE,
        "source",
        "got nothing, expected a source with url and mark",
    ),
    (
        "vote with a text count",
        lambda: user_document(user_instrument(vote={"in_favour": "13", "against": 2})),
        sc.CatalogError,
        SYMBOL,
        "vote.in_favour",
        "got 13, expected a whole number",
    ),
    (
        "conflicting redefinition of a bundled symbol",
        _conflict_title,
        sc.CatalogConflictError,
        r"S/RES/2397 \(2017\)",
        "title",
        "got a title that differs from bundled:un-dprk-1718.json",
    ),
    (
        "conflicting redefinition of a bundled limit",
        _conflict_limit,
        sc.CatalogConflictError,
        r"S/RES/2397 \(2017\)",
        "measures",
        "got a measures that differs from bundled:un-dprk-1718.json",
    ),
    (
        "conflicting redefinition of a bundled commodity",
        lambda: user_document(
            user_instrument(), commodities=[{"name": "crude-oil", "hs_code": "2710"}]
        ),
        sc.CatalogConflictError,
        "commodity crude-oil",
        "hs_code",
        "got '2710' where the catalog has '2709'",
    ),
    (
        "conflicting redefinition of a bundled regime",
        lambda: user_document(
            user_instrument(),
            regimes=[{"key": "un-dprk-1718", "title": "DPRK", "program_key": "X", "url": URL}],
        ),
        sc.CatalogConflictError,
        "regime un-dprk-1718",
        "title",
        "got 'DPRK' where the catalog has",
    ),
    (
        "wrong schema version",
        lambda: {**user_document(user_instrument()), "schema": "sanctioncalc.catalog/2"},
        sc.CatalogError,
        r"\(file\)",
        "schema",
        "got sanctioncalc.catalog/2, expected 'sanctioncalc.catalog/1'",
    ),
    (
        "superseded_by pointing nowhere",
        lambda: with_measure(superseded_by="no-such-measure"),
        sc.CatalogError,
        MEASURE,
        "superseded_by",
        "got no-such-measure, expected the id of a measure in the catalog",
    ),
    (
        "unknown status",
        lambda: user_document(user_instrument(status="pending")),
        sc.CatalogError,
        SYMBOL,
        "status",
        "got pending, expected one of adopted, vetoed, never-voted, failed, terminated; fix",
    ),
    (
        "limit and provision together",
        lambda: with_measure(provision="also this"),
        sc.CatalogError,
        MEASURE,
        "limit",
        "got none or several of limit/freeze/provision, expected exactly one of 'limit', "
        "'freeze' or 'provision'",
    ),
]


class TestUserCatalogErrors:
    """Schema errors in user files name the file, the record and the field."""

    @pytest.mark.parametrize(
        ("document", "error", "record", "field", "rest"),
        [case[1:] for case in SCHEMA_ERRORS],
        ids=[case[0] for case in SCHEMA_ERRORS],
    )
    def test_schema_error(
        self,
        tmp_path: Path,
        *,
        document: Callable[[], dict[str, Any]],
        error: type[Exception],
        record: str,
        field: str,
        rest: str,
    ) -> None:
        """The error's message starts with file, record and field, then says what was wrong."""
        path = write_json(tmp_path, "mine.json", document())
        with pytest.raises(
            error, match=f"^{re.escape(str(path))}: {record}: {field}: {rest}"
        ) as caught:
            sc.Catalog.from_files(path, base=sc.catalog())
        assert isinstance(caught.value, sc.CatalogError)
        assert str(path) == caught.value.file

    @pytest.mark.parametrize(
        ("data", "field", "rest"),
        [
            (
                b'{"schema": "sanctioncalc.catalog/1", "instruments": [{"symbol": "S/RES/9999 ',
                r"\(syntax\)",
                r"got Unterminated string starting at: line 1 column 65 \(char 64\)",
            ),
            (
                json.dumps(
                    user_document(user_instrument(title="Résolution")), ensure_ascii=False
                ).encode("latin-1"),
                r"\(encoding\)",
                "got byte [0-9]+, expected UTF-8 text; save the file as UTF-8",
            ),
            (b"", r"\(syntax\)", "got Expecting value"),
            (
                json.dumps(user_document(user_instrument(measures=[])))
                .replace("[]", "1" * 5000)
                .encode(),
                r"\(syntax\)",
                "got Exceeds the limit",
            ),
        ],
        ids=["truncated", "latin-1", "empty", "huge integer"],
    )
    def test_unreadable_json(self, tmp_path: Path, data: bytes, field: str, rest: str) -> None:
        """Truncated, wrongly encoded or unparseable files are reported, not crashed on."""
        path = tmp_path / "bad.json"
        path.write_bytes(data)
        with pytest.raises(
            sc.CatalogError, match=rf"^{re.escape(str(path))}: \(file\): {field}: {rest}"
        ):
            sc.Catalog.from_files(path, base=sc.catalog())

    @pytest.mark.parametrize(
        ("old", "new", "record", "field", "rest"),
        [
            (
                "date = 2031-03-01",
                "date = 2031-03-01T10:00:00",
                r"S/RES/9998 \(2031\)",
                "date",
                r"got datetime.datetime\(2031, 3, 1, 10, 0\), expected a datetime.date",
            ),
            (
                "date = 2031-03-01",
                "date = 0001-01-01",
                r"S/RES/9998 \(2031\)",
                "date",
                "got 0001-01-01, expected a year from 1900 to 2200",
            ),
            (
                'kind = "resolution"',
                'kind = "resolution',
                r"\(file\)",
                r"\(syntax\)",
                "got Illegal character",
            ),
        ],
        ids=["datetime", "year 1", "syntax"],
    )
    def test_bad_toml(
        self, tmp_path: Path, *, old: str, new: str, record: str, field: str, rest: str
    ) -> None:
        """TOML datetimes, out-of-range dates and syntax errors are schema errors."""
        path = tmp_path / "bad.toml"
        path.write_text(TOML_TEXT.replace(old, new), encoding="utf-8")
        with pytest.raises(
            sc.CatalogError, match=rf"^{re.escape(str(path))}: {record}: {field}: {rest}"
        ):
            sc.Catalog.from_files(path, base=sc.catalog())

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist is a CatalogError naming it."""
        path = tmp_path / "nowhere.json"
        with pytest.raises(
            sc.CatalogError, match=rf"^{re.escape(str(path))}: \(file\): \(file\): got No such"
        ):
            sc.Catalog.from_files(path)

    def test_errors_pickle_with_their_facts(self, tmp_path: Path) -> None:
        """A catalog error survives pickling with its file, record and field."""
        path = write_json(tmp_path, "mine.json", with_measure(commodity="unobtainium"))
        with pytest.raises(sc.CatalogError) as caught:
            sc.Catalog.from_files(path, base=sc.catalog())
        copy = pickle.loads(pickle.dumps(caught.value))
        assert (str(caught.value), copy.file, copy.record, copy.field) == (
            str(copy),
            str(path),
            "S/RES/9999 (2030) / 9999-3-refined",
            "commodity",
        )

    def test_errors_are_value_errors(self) -> None:
        """Catalog errors are ValueErrors, and conflicts are catalog errors."""
        assert issubclass(sc.CatalogConflictError, sc.CatalogError)
        assert issubclass(sc.CatalogError, ValueError)


class TestFreezeEstimate:
    """The 2375 crude freeze carries the US estimate beside it, never as the cap."""

    def test_estimate_is_attached_and_flagged(self) -> None:
        """The estimate has its author, mark and address, and the measure is flagged."""
        freeze = sc.catalog().measure("2375-15-crude")
        assert isinstance(freeze.measure, sc.Freeze)
        assert freeze.measure.estimate is not None
        assert (sc.Amount(4_000_000, "bbl"), "V", "https://usun.state.gov/remarks/8238") == (
            freeze.measure.estimate.limit,
            freeze.estimate_mark and freeze.estimate_mark.value,
            freeze.estimate_url,
        )
        assert any(flag.startswith("estimate by United States") for flag in freeze.flags)
        assert () == freeze.measure.limbs


class TestDraftSuccessor:
    """A measure 'superseded' by a draft's proposal stays in force: drafts end nothing."""

    def test_draft_does_not_end_an_adopted_measure(self, tmp_path: Path) -> None:
        """An adopted cap whose superseded_by names a vetoed draft's measure stays in force."""
        adopted = user_instrument()
        adopted["measures"][0]["superseded_by"] = "s-2022-431-refined"
        path = write_json(tmp_path, "mine.json", user_document(adopted))
        cat = sc.Catalog.from_files(path, base=sc.catalog())
        entry = next(
            e
            for e in sc.timeline(adopted["measures"][0]["commodity"], catalog=cat).entries
            if e.measure.id == adopted["measures"][0]["id"]
        )
        assert (sc.TimelineStatus.IN_FORCE, None) == (entry.status, entry.end)


class TestRepeatedKeys:
    """A JSON catalog that repeats a key is refused, as TOML refuses it: the last never wins."""

    @pytest.mark.parametrize("key", ["status", "limit", "mark"])
    def test_repeated_key_is_refused(self, tmp_path: Path, key: str) -> None:
        """A repeated key at any depth names the key and the file, and nothing is loaded."""
        good = (
            '{"schema": "sanctioncalc.catalog/1", "instruments": [{"symbol": "S/RES/9999 (2030)", '
            '"kind": "resolution", "title": "t", "date": "2030-01-01", "status": "adopted", '
            '"regime": "un-dprk-1718", "source": {"url": "https://example.org", "mark": "V"}, '
            '"measures": [{"id": "9999-1", "commodity": "refined-petroleum", '
            '"direction": "import", "limit": "1 bbl per 12 months from 1 Jan 2030", '
            '"source": {"paragraph": "1", "url": "https://example.org", "mark": "V"}}]}]}'
        )
        sc.Catalog.from_files(_write(tmp_path / "good.json", good), base=sc.catalog())
        twice = {
            "status": good.replace(
                '"status": "adopted"', '"status": "adopted", "status": "vetoed"'
            ),
            "limit": good.replace('"limit": "1', '"limit": "2 bbl per 12 months", "limit": "1'),
            "mark": good.replace('"mark": "V"}}', '"mark": "V", "mark": "U"}}'),
        }[key]
        path = _write(tmp_path / "twice.json", twice)
        with pytest.raises(sc.CatalogError, match=rf"twice\.json: .*the key '{key}' twice"):
            sc.Catalog.from_files(path, base=sc.catalog())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
