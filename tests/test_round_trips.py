"""Round trips are lossless: value types through text and JSON, catalogs through files,
ledgers through CSV.

Lossless means equal *and* digit for digit: ``Amount("1.50", "bbl")`` must not come back as
``Amount("1.5", "bbl")``, which is equal but not what was written.

Beside the public API, this module tests internal contracts directly: ``fraction_text``,
``parse_fraction_text`` (exact ratio text and its reader), the JSON builders behind
``--format json`` (``_render.json``).
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import Delivery, Ledger, PublishedTotal
from sanctioncalc import strategies as scst
from sanctioncalc._numbers import fraction_text, parse_fraction_text
from sanctioncalc._render import json as ser


def same(left: object, right: object) -> None:
    """Equal, same type, and showing the same digits."""
    assert type(left) is type(right)
    assert left == right
    assert repr(left) == repr(right)


def through_json(text: str) -> str:
    """*text* as it comes back from a JSON document."""
    loaded: str = json.loads(json.dumps({"value": text}))["value"]
    return loaded


# -- value types -------------------------------------------------------------------------------

TEXT_FORMS: dict[str, tuple[st.SearchStrategy[Any], Any, Any]] = {
    # name: (strategy, its text form, the parser that inverts it)
    "Amount": (scst.amounts(min_value=-(10**12), places=6), str, sc.Amount.parse),
    "Percentage": (
        scst.percentages(min_value=-1000, max_value=1000),
        lambda p: p.exact,
        sc.Percentage.parse,
    ),
    "Rate": (scst.rates(), lambda r: r.exact, sc.Rate.parse),
    "ConversionFactor": (
        scst.conversion_factors(),
        lambda f: f.to_text(),
        sc.ConversionFactor.parse,
    ),
    "Commodity": (scst.commodities(), str, sc.Commodity.parse),
    "Span": (scst.spans(), str, sc.Span.parse),
    "Periodic": (scst.periodics(), str, sc.Periodic.parse),
    "Cap": (scst.caps(), str, sc.Cap.parse),
    "DualCap": (scst.dual_caps(), str, sc.DualCap.parse),
    "Ban": (scst.bans(), str, sc.Ban.parse),
    "PriceCap": (
        scst.price_caps(with_wind_downs=False).map(lambda c: attrs.evolve(c, rule=None)),
        str,
        sc.PriceCap.parse,
    ),
    "Unit": (scst.units(dimensions=("volume", "mass", "currency")), str, sc.parse_unit),
}


class TestTextAndJson:
    """Every value type's text form, carried in JSON, parses back to the same value."""

    @pytest.mark.parametrize("name", list(TEXT_FORMS))
    def test_text_through_json(self, name: str) -> None:
        """parse(json(text(x))) is x, digit for digit."""
        strategy, text, parse = TEXT_FORMS[name]

        @given(strategy)
        def check(value: Any) -> None:
            same(value, parse(through_json(text(value))))

        check()

    @given(scst.amounts(min_value=-(10**12), places=6))
    def test_amount_json(self, amount: sc.Amount) -> None:
        """The CLI's amount object: its exact string and unit rebuild the amount."""
        data = json.loads(json.dumps(ser.amount_json(amount)))
        same(amount, sc.Amount(data["exact"], data["unit"]))
        same(amount, sc.Amount.parse(data["display"]))

    @given(scst.percentages(min_value=-1000, max_value=1000))
    def test_percentage_json(self, percentage: sc.Percentage) -> None:
        """The CLI's percentage object: its exact string is the exact percentage."""
        data = json.loads(json.dumps(ser.percentage_json(percentage)))
        same(percentage, sc.Percentage(parse_fraction_text(data["exact"], "exact")))

    @given(scst.rates())
    def test_rate_json(self, rate: sc.Rate) -> None:
        """The CLI's rate object: exact string and unit."""
        data = json.loads(json.dumps(ser.rate_json(rate)))
        same(rate, sc.Rate.parse(f"{data['exact']} {data['unit']}"))

    @given(st.one_of(scst.conversion_factors(), scst.bundled_factors()))
    def test_factor_json(self, factor: sc.ConversionFactor) -> None:
        """The CLI's factor object carries every field of the factor."""
        data = json.loads(json.dumps(ser.factor_json(factor)))
        rebuilt = sc.ConversionFactor(
            data["name"],
            parse_fraction_text(data["value"], "value"),
            data["from"],
            data["to"],
            data["product"],
            data["table"],
            data["edition"],
            data["source"],
            data["mark"],
        )
        same(factor, rebuilt)

    @pytest.mark.parametrize(
        "strategy",
        [
            scst.amounts(min_value=-(10**12), places=6),
            scst.percentages(min_value=-1000, max_value=1000),
            scst.rates(),
            scst.commodities(),
            scst.spans(),
            scst.periodics(),
            scst.caps(),
            scst.dual_caps(),
            scst.bans(),
            scst.conversion_factors(),
        ],
        ids=[
            "Amount",
            "Percentage",
            "Rate",
            "Commodity",
            "Span",
            "Periodic",
            "Cap",
            "DualCap",
            "Ban",
            "ConversionFactor",
        ],
    )
    def test_repr_is_the_call(self, strategy: st.SearchStrategy[Any]) -> None:
        """repr(x) reads like the call that makes x, and evaluating it gives x back."""
        namespace = {
            **{name: getattr(sc, name) for name in sc.__all__},
            "Fraction": Fraction,
            "sanctioncalc": sc,
        }

        @given(strategy)
        def check(value: Any) -> None:
            same(value, eval(repr(value), namespace))  # our own repr

        check()


# -- catalog files -----------------------------------------------------------------------------


def _instruments(catalog: sc.Catalog) -> list[sc.Instrument]:
    return [attrs.evolve(i, origin="") for i in catalog.instruments]


def _measure_texts(catalog: sc.Catalog) -> list[str]:
    return [repr(m) for m in catalog.measures()]


def assert_same_catalog(expected: sc.Catalog, actual: sc.Catalog) -> None:
    """The same instruments (origin aside), regimes, commodities and titles, digit for digit."""
    assert _instruments(expected) == _instruments(actual)
    assert [m.id for m in expected.measures()] == [m.id for m in actual.measures()]
    assert _measure_texts(expected) == _measure_texts(actual)
    assert dict(expected.regimes) == dict(actual.regimes)
    assert dict(expected.commodities) == dict(actual.commodities)
    assert dict(expected.commodity_titles) == dict(actual.commodity_titles)


class TestCatalogFiles:
    """catalog → objects → file → objects gives the same catalog."""

    def test_bundled(self, tmp_path: Path) -> None:
        """The bundled catalog, written to one file and read back, is the same catalog."""
        bundled = sc.catalog()
        again = sc.Catalog.from_files(bundled.write(tmp_path / "bundled.json"))
        assert_same_catalog(bundled, again)

    def test_fixed_point(self, tmp_path: Path) -> None:
        """Writing what was read writes the same text."""
        first = sc.catalog().to_json()
        again = sc.Catalog.from_files(sc.catalog().write(tmp_path / "a.json"))
        assert first == again.to_json()

    def test_every_shape_is_written(self) -> None:
        """The bundled catalog has every record shape, so the test above covers each."""
        document = json.loads(sc.catalog().to_json())
        keys = {k for i in document["instruments"] for m in i["measures"] for k in m}
        assert {"limit", "freeze", "provision", "price_cap", "schedule", "ceiling"} <= keys
        assert {"thresholds", "superseded_by", "reporting_days", "note"} <= keys

    def test_merged_with_the_bundled(self, tmp_path: Path) -> None:
        """A written copy loaded on top of the bundled catalog repeats it without conflict."""
        path = sc.catalog().write(tmp_path / "copy.json")
        assert_same_catalog(sc.catalog(), sc.Catalog.from_files(path, base=sc.catalog()))

    def test_write_to_a_str_path(self, tmp_path: Path) -> None:
        """write() takes a str too and returns the path it wrote."""
        target = str(tmp_path / "c.json")
        assert Path(target) == sc.catalog().write(target)

    @given(st.data())
    def test_generated_catalogs(
        self, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
    ) -> None:
        """Records of every shape, drawn at random: loaded as drawn, and written losslessly."""
        document, expected = data.draw(catalog_documents())
        folder = tmp_path_factory.mktemp("generated")
        path = folder / "drawn.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        loaded = sc.Catalog.from_files(path)
        assert [repr(m) for m in expected] == [repr(m.measure) for m in loaded.measures()]
        again = sc.Catalog.from_files(loaded.write(folder / "again.json"))
        assert_same_catalog(loaded, again)


_COMMODITIES = (
    {"name": "crude-oil", "title": "crude oil", "hs_code": "2709"},
    {"name": "refined-petroleum", "title": "refined petroleum products", "hs_code": "2710"},
    {"name": "coal"},
    {"name": "lpg", "title": "liquefied petroleum gas"},
)
_SOURCE = {"url": "https://example.org/resolution", "mark": "V"}


def _amount_text(amount: sc.Amount) -> str:
    return f"{format(amount.value, 'f')} {amount.unit.symbol}"


def _shape(measure: Any) -> tuple[str, Any]:
    """A drawn measure as the catalog format spells it (docs/catalog-format.md)."""
    if isinstance(measure, sc.Cap | sc.DualCap | sc.Ban):
        return "limit", str(attrs.evolve(measure, commodity=None))
    if isinstance(measure, sc.PriceCap):
        table: dict[str, Any] = {
            "price": _amount_text(measure.price),
            "product_class": str(measure.product_class),
            "jurisdictions": list(measure.jurisdictions),
            "effective_from": measure.effective_from.isoformat(),
            "wind_downs": [
                {
                    "qualifies_by": w.qualifies_by,
                    "before": w.before.isoformat(),
                    "last_day": w.last_day.isoformat(),
                    "completes_by": w.completes_by,
                    **({"price": _amount_text(w.price)} if w.price is not None else {}),
                    "mark": w.mark.value,
                }
                for w in measure.wind_downs
            ],
        }
        if measure.effective_until is not None:
            table["effective_until"] = measure.effective_until.isoformat()
        if measure.rule is not None:
            table["rule"] = {
                "weeks": measure.rule.weeks,
                "discount": fraction_text(measure.rule.discount.percent),
                "review_months": measure.rule.review_months,
                "reference": measure.rule.reference,
                "mark": measure.rule.mark.value,
            }
        return "price_cap", table
    if isinstance(measure, sc.QuotaSchedule):
        entries = [
            {"period": str(e.span), "limit": _amount_text(e.limit), "mark": e.mark.value}
            for e in measure.entries
        ]
        return "schedule", {"entries": entries}
    assert isinstance(measure, sc.Ceiling)
    limit = measure.limit
    table = {
        "limit": limit.exact if isinstance(limit, sc.Percentage) else _amount_text(limit),
        "what": measure.what,
        "start_mark": measure.start_mark.value,
        "years_mark": measure.years_mark.value,
    }
    for key in ("start", "years", "per_days"):
        value = getattr(measure, key)
        if value is not None:
            table[key] = value.isoformat() if isinstance(value, date) else value
    return "ceiling", table


@st.composite
def catalog_documents(draw: st.DrawFn) -> tuple[dict[str, Any], list[Any]]:
    """A catalog document with one instrument of drawn measures, and the measures expected."""
    kinds = st.one_of(
        scst.caps(periods=scst.periodics(anchored=True) | scst.spans()),
        scst.dual_caps(),
        scst.bans(),
        scst.price_caps(),
        scst.quota_schedules(),
        scst.ceilings(),
    )
    drawn = draw(st.lists(kinds, min_size=1, max_size=5))
    records, expected = [], []
    for index, measure in enumerate(drawn):
        entry = draw(st.sampled_from(_COMMODITIES))
        direction = draw(st.sampled_from(list(sc.Direction)))
        commodity = sc.Commodity(entry["name"], direction, entry.get("hs_code"))
        key, value = _shape(measure)
        record: dict[str, Any] = {
            "id": f"m-{index}",
            "commodity": entry["name"],
            "direction": str(direction),
            key: value,
            "source": {
                **_SOURCE,
                "paragraph": str(index + 1),
                "mark": draw(st.sampled_from(["V", "V2", "U"])),
            },
        }
        if draw(st.booleans()):
            record["thresholds"] = [{"percent": "95", "mark": draw(st.sampled_from(["V", "U"]))}]
            record["reporting_days"] = draw(st.integers(0, 365))
        records.append(record)
        if isinstance(measure, sc.Ban) and measure.start is None:
            expected.append(sc.Ban(commodity, measure.exemptions, None))
        else:
            expected.append(attrs.evolve(measure, commodity=commodity))
    document = {
        "schema": "sanctioncalc.catalog/1",
        "regimes": [
            {
                "key": "test",
                "title": "a test regime",
                "program_key": "TEST",
                "url": "https://example.org",
            }
        ],
        "commodities": list(_COMMODITIES),
        "instruments": [
            {
                "symbol": "S/RES/9999 (2030)",
                "kind": "resolution",
                "title": "a drawn resolution",
                "date": "2030-01-01",
                "status": draw(st.sampled_from(["adopted", "vetoed", "never-voted"])),
                "regime": "test",
                "source": _SOURCE,
                "measures": records,
            }
        ],
    }
    return document, expected


# -- ledger CSV --------------------------------------------------------------------------------

_names = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=";"
        ),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(lambda s: bool(s) and s.isprintable())
)
_free_text = st.text(max_size=40)  # notes and sources: anything, commas, quotes, newlines


@st.composite
def deliveries(draw: st.DrawFn) -> Delivery:
    """A delivery with every field drawn, as a loader might have read it."""
    first = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)))
    last = first + timedelta(days=draw(st.integers(0, 800)))
    reported = draw(st.none() | st.just(last + timedelta(days=draw(st.integers(0, 90)))))
    quantity = draw(
        scst.amounts(
            min_value=0,
            max_value=10**15,
            places=6,
            units=["bbl", "kbbl", "t", "kt", "L", "m3", "gal", "USD", "EUR", "short_ton"],
        )
    )
    return Delivery(
        sc.Span.inclusive(first, last),
        quantity,
        reporter=draw(_names),
        product=draw(
            st.sampled_from(["unknown", "gas-oil-diesel", "lpg", "crude-oil", "jet-fuel"])
        ),
        reported=reported,
        counterparties=tuple(draw(st.lists(_names, max_size=3))),
        note=draw(_free_text),
        source=draw(_free_text),
        ref=draw(st.none() | _names) if reported is not None else None,
    )


def _unique_versions(items: list[Delivery]) -> list[Delivery]:
    seen: set[tuple[str, date | None]] = set()
    kept = []
    for item in items:
        if item.ref is not None:
            if (item.ref, item.reported) in seen:
                continue
            seen.add((item.ref, item.reported))
        kept.append(item)
    return kept


ledgers = st.lists(deliveries(), max_size=8).map(_unique_versions).map(Ledger)


def assert_same_ledger(expected: Ledger, actual: Ledger) -> None:
    """The same deliveries, quantities digit for digit."""
    assert expected.deliveries == actual.deliveries
    assert [repr(d.quantity) for d in expected] == [repr(d.quantity) for d in actual]


class TestLedgerCsv:
    """ledger → CSV → ledger gives the same ledger."""

    @given(ledgers)
    def test_round_trip(self, ledger: Ledger) -> None:
        """Every field of every delivery comes back; nothing is rejected."""
        report = Ledger.from_csv(io.StringIO(ledger.to_csv()))
        assert (len(ledger), len(ledger), ()) == (report.read, report.accepted, report.rejected)
        assert_same_ledger(ledger, report.ledger)

    @given(ledgers)
    def test_fixed_point(self, ledger: Ledger) -> None:
        """Writing what was read writes the same text."""
        text = ledger.to_csv()
        assert text == Ledger.from_csv(io.StringIO(text)).ledger.to_csv()

    def test_through_a_file(self, tmp_path: Path) -> None:
        """to_csv(path) writes a file from_csv(path) reads back, quotes and newlines included."""
        ledger = Ledger(
            [
                Delivery(
                    "2023-01",
                    "44,655.50 bbl",
                    reporter="Russia",
                    reported=date(2023, 2, 28),
                    counterparties=("Vessel, A", 'The "B" Co'),
                    note="line one\nline two, with a comma",
                    source="https://example.org/report?x=1,2",
                    ref="RU-2023-01",
                ),
                Delivery(
                    "Mar 2023 – Dec 2023", "17,294.000001 t", reporter="China", product="gas oil"
                ),
                Delivery("2023-02-15", "US$1,000", reporter="Ré Union ✓"),
            ]
        )
        path = tmp_path / "ledger.csv"
        ledger.to_csv(path)
        assert_same_ledger(ledger, Ledger.from_csv(path).ledger)
        handle = io.StringIO()
        ledger.to_csv(handle)
        assert path.read_text(encoding="utf-8") == handle.getvalue()

    def test_published_totals_are_not_rows(self) -> None:
        """Published totals are kept by the ledger object, not written as delivery rows."""
        ledger = Ledger([], totals=[PublishedTotal("2023-01", "1 bbl")])
        assert 1 == len(ledger.to_csv().splitlines())
