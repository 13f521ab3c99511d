"""Price caps, schedules and ceilings in the catalog, its JSON and the CLI.

The bundled figures are checked against the price-cap notices and 42 U.S.C. 2297h-10a, with marks.

Beside the public API, this module tests internal contracts directly: the command line's
``main`` (the entry point, called in-process), the JSON builders of price caps, schedules
and ceilings (``_render.json_shapes``), the JSON builders behind ``--format json``
(``_render.json``).
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import sanctioncalc as sc
from sanctioncalc._cli import main
from sanctioncalc._render import json_shapes as shapes

SCHEMA: dict[str, Any] = json.loads(
    resources.files("sanctioncalc")
    .joinpath("data/schema/sanctioncalc.cli-1.schema.json")
    .read_text("utf-8")
)
CAT = sc.catalog()


def validator(definition: str) -> jsonschema.Draft202012Validator:
    """A validator for one of the schema's ``$defs``."""
    return jsonschema.Draft202012Validator(
        {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def price_cap(measure_id: str) -> sc.PriceCap:
    """A bundled price cap by measure id."""
    found = CAT.measure(measure_id).measure
    assert isinstance(found, sc.PriceCap)
    return found


# measure id, price, class, jurisdiction, from, figure mark (UK, EU and OFAC notices)
BUNDLED_CAPS = [
    ("eu-2022-2367-crude-60", "60 USD/bbl", "crude", "EU", date(2022, 12, 5), "V"),
    ("uk-2022-crude-60", "60 USD/bbl", "crude", "UK", date(2022, 12, 5), "V2"),
    ("us-2022-crude-60", "60 USD/bbl", "crude", "US", date(2022, 12, 5), "V2"),
    ("eu-2023-250-premium-100", "100 USD/bbl", "premium-to-crude", "EU", date(2023, 2, 5), "V"),
    ("eu-2023-250-discount-45", "45 USD/bbl", "discount-to-crude", "EU", date(2023, 2, 5), "V"),
    ("uk-2023-premium-100", "100 USD/bbl", "premium-to-crude", "UK", date(2023, 2, 5), "V2"),
    ("us-2023-discount-45", "45 USD/bbl", "discount-to-crude", "US", date(2023, 2, 5), "V2"),
    ("uk-2025-crude-47-60", "47.60 USD/bbl", "crude", "UK", date(2025, 9, 2), "V2"),
    ("eu-18-crude-47-60", "47.60 USD/bbl", "crude", "EU", date(2025, 9, 3), "V2"),
    ("eu-2026-crude-44-10", "44.10 USD/bbl", "crude", "EU", date(2026, 2, 1), "V2"),
    ("uk-2026-crude-44-10", "44.10 USD/bbl", "crude", "UK", date(2026, 1, 31), "V2"),
]


class TestBundledPriceCaps:
    """The coalition's history as the notices give it, with its marks."""

    @pytest.mark.parametrize(("measure_id", "price", "cls", "where", "start", "mark"), BUNDLED_CAPS)
    def test_figures_and_marks(
        self, *, measure_id: str, price: str, cls: str, where: str, start: date, mark: str
    ) -> None:
        """Each cap has the notices' price, class, jurisdiction, first day and mark."""
        cap = price_cap(measure_id)
        assert (price, cls, (where,), start, mark) == (
            str(cap.price),
            str(cap.product_class),
            cap.jurisdictions,
            cap.effective_from,
            CAT.measure(measure_id).source.mark.value,
        )

    @pytest.mark.parametrize(
        ("measure_id", "before", "last_day", "kept", "mark"),
        [
            ("uk-2025-crude-47-60", date(2025, 9, 2), date(2025, 10, 17), "60 USD/bbl", "V2"),
            ("eu-18-crude-47-60", date(2025, 7, 20), date(2025, 10, 18), "60 USD/bbl", "V2"),
            ("eu-2026-crude-44-10", date(2026, 1, 15), date(2026, 4, 14), "47.60 USD/bbl", "V2"),
            ("uk-2026-crude-44-10", date(2026, 1, 31), date(2026, 4, 16), "47.60 USD/bbl", "V2"),
            ("uk-2023-premium-100", date(2023, 2, 5), date(2023, 4, 1), "None", "V2"),
            ("us-2023-premium-100", date(2023, 2, 5), date(2023, 3, 31), "None", "V"),
        ],
    )
    def test_wind_downs(
        self, *, measure_id: str, before: date, last_day: date, kept: str, mark: str
    ) -> None:
        """Each wind-down window has its dates, kept treatment and mark."""
        (window,) = price_cap(measure_id).wind_downs
        assert (before, last_day, kept, mark) == (
            window.before,
            window.last_day,
            str(window.price),
            window.mark.value,
        )
        assert window.url is not None

    def test_us_continuation_is_not_shipped_as_fact(self) -> None:
        """Whether the US stayed at 60 is U: flagged from 2 Sep 2025, never a fact."""
        item = CAT.measure("us-2022-crude-60")
        assert date(2025, 9, 2) == price_cap("us-2022-crude-60").unverified_from
        assert "whether it still applied from 2025-09-02 is unverified" in item.flags

    def test_program_key(self) -> None:
        """The regime carries a clearly named program key."""
        assert "G7-OIL-PRICE-CAP" == CAT.regimes["g7-oil-price-cap"].program_key

    def test_timeline(self) -> None:
        """The crude timeline runs 60 → 47.60 → 44.10 in the EU and the UK."""
        entries = [
            (e.measure.id, e.start, e.end, str(e.status))
            for e in sc.timeline("russian-crude-oil").entries
            if e.measure.id.startswith("eu-")
        ]
        assert [
            ("eu-2022-2367-crude-60", date(2022, 12, 5), date(2025, 9, 3), "superseded"),
            ("eu-18-crude-47-60", date(2025, 9, 3), date(2026, 2, 1), "superseded"),
            ("eu-2026-crude-44-10", date(2026, 2, 1), None, "in force"),
        ] == entries

    def test_compare_instruments(self) -> None:
        """EU 60 → EU 47.60 is −12.40 USD/bbl, a cut of exactly 31/150."""
        change = sc.compare_instruments("EU Reg 2022/2367", "EU 18th package").change(
            "russian-crude-oil"
        )
        assert change.comparison is not None
        (limb,) = change.comparison.changes
        assert ("-12.40 USD/bbl", Fraction(31, 150)) == (str(limb.delta), limb.cut.ratio)

    def test_cap_against_schedule_is_not_compared(self) -> None:
        """A price cap compares only with another price cap."""
        other = _catalog_with(
            {
                "id": "x-schedule",
                "commodity": "russian-crude-oil",
                "schedule": {"entries": [{"period": "1 Jan 2030 – 31 Dec 2030", "limit": "1 bbl"}]},
                "source": {"url": "https://example.org", "mark": "U"},
            }
        )
        change = sc.compare_instruments("EU Reg 2022/2367", "X/1", catalog=other).change(
            "russian-crude-oil"
        )
        assert (None, "a price cap compares only with another price cap") == (
            change.comparison,
            change.note,
        )


def _catalog_with(measure: dict[str, Any], tmp: Path | None = None) -> sc.Catalog:
    """The bundled catalog plus one instrument X/1 holding *measure*."""
    import tempfile

    folder = Path(tmp or tempfile.mkdtemp())
    path = folder / "x.json"
    document = {
        "schema": "sanctioncalc.catalog/1",
        "instruments": [
            {
                "symbol": "X/1",
                "kind": "decision",
                "title": "test",
                "date": "2030-01-01",
                "status": "adopted",
                "regime": "g7-oil-price-cap",
                "source": {"url": "https://example.org", "mark": "U"},
                "measures": [measure],
            }
        ],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return sc.Catalog.from_files(path, base=CAT)


GOOD_CAP: dict[str, Any] = {
    "price": "50 USD/bbl",
    "product_class": "crude",
    "jurisdictions": ["EU"],
    "effective_from": "2030-01-01",
}


class TestLoaderErrors:
    """The new tables are read as strictly as the rest: unknown keys are refused."""

    @pytest.mark.parametrize(
        ("measure", "message"),
        [
            (
                {"price_cap": {**GOOD_CAP, "cap": "1"}},
                r"X/1 / x: price_cap\.cap: got an unknown field",
            ),
            (
                {"price_cap": {**GOOD_CAP, "wind_downs": [{"before": "2030-01-01", "typo": 1}]}},
                r"price_cap\.wind_downs\[0\]\.typo: got an unknown field",
            ),
            (
                {
                    "price_cap": {
                        **GOOD_CAP,
                        "rule": {"weeks": 22, "discount": "15", "review_months": 6, "mark": "W"},
                    }
                },
                r"price_cap\.rule\.mark: got 'W', expected 'V' \(read in the instrument's own",
            ),
            (
                {"price_cap": {**GOOD_CAP, "price": "50 USD/t"}},
                r"price_cap\.\(value\): got 50 USD/t .*a per-barrel cap needs a price per barrel",
            ),
            (
                {"price_cap": GOOD_CAP, "schedule": {"entries": []}},
                r"schedule: got both 'price_cap' and 'schedule'",
            ),
            (
                {"price_cap": GOOD_CAP, "limit": "1 bbl per 12 months"},
                r"limit: got none or several of limit/freeze/provision",
            ),
            (
                {"schedule": {"entries": []}},
                r"schedule\.entries: got nothing",
            ),
            (
                {"schedule": {"entries": [{"period": "Q5 2030", "limit": "1 t"}]}},
                r"schedule\.entries\[0\]\.\(value\): got 'Q5 2030'",
            ),
            (
                {"ceiling": {"limit": "1 kg", "what": "x", "sunset": 10}},
                r"ceiling\.sunset: got an unknown field",
            ),
            (
                {"ceiling": {"limit": "1 kg", "what": "x", "years": 10}},
                r"ceiling\.\(value\): got 10 years from an unknown start",
            ),
        ],
    )
    def test_refused(self, tmp_path: Path, measure: dict[str, Any], message: str) -> None:
        """Each bad table names file, record and field."""
        record = {
            "id": "x",
            "commodity": "russian-crude-oil",
            "source": {"url": "https://example.org", "mark": "U"},
            **measure,
        }
        with pytest.raises(sc.CatalogError, match=message):
            _catalog_with(record, tmp_path)

    def test_user_price_cap_loads(self, tmp_path: Path) -> None:
        """A well-formed user price cap joins the bundled ones."""
        record = {
            "id": "x",
            "commodity": "russian-crude-oil",
            "price_cap": {**GOOD_CAP, "jurisdictions": ["NZ"]},
            "source": {"url": "https://example.org", "mark": "U"},
        }
        cat = _catalog_with(record, tmp_path)
        assert ("figure unverified",) == tuple(
            f for f in cat.measure("x").flags if not f.startswith("paragraph")
        )


class TestJson:
    """Every new type's JSON validates against the published schema."""

    @pytest.mark.parametrize(
        "measure_id",
        [
            m.id
            for m in CAT.measures()
            if isinstance(m.measure, sc.PriceCap | sc.QuotaSchedule | sc.Ceiling)
        ],
    )
    def test_catalog_measures(self, measure_id: str) -> None:
        """Each bundled price cap, schedule and ceiling validates as a measure."""
        from sanctioncalc._render import json as ser

        data = ser.measure_json(CAT.measure(measure_id))
        assert [] == [e.message for e in validator("measure").iter_errors(data)]
        assert data["kind"] in {"pricecap", "schedule", "ceiling"}
        assert data["kind"].replace("pricecap", "price_cap") in data

    @pytest.mark.parametrize(
        ("definition", "value"),
        [
            (
                "appliedCap",
                lambda: shapes.applied_cap_json(
                    sc.applicable_cap(
                        jurisdiction="UK",
                        product="crude oil",
                        contract_date="2025-09-01",
                        loading_date="2025-10-10",
                    )
                ),
            ),
            (
                "priceCheck",
                lambda: shapes.price_check_json(
                    sc.check_price(
                        "47.60 USD/bbl", delivered_price="56 USD/bbl", freight="8 USD/bbl"
                    )
                ),
            ),
            (
                "dynamicCap",
                lambda: shapes.dynamic_cap_json(
                    sc.DynamicCapRule(weeks=2, discount=15, review_months=6).compute(
                        [(date(2025, 7, 15), "51.88 USD/bbl"), (date(2025, 7, 22), "51.88 USD/bbl")]
                    )
                ),
            ),
            (
                "breach",
                lambda: shapes.breach_json(sc.Ceiling("202.8 kg", "x").multiple("4744.5 kg")),
            ),
            ("breach", lambda: shapes.breach_json(sc.Ceiling("3.67 %", "x").multiple("60 %"))),
            (
                "scheduleUtilization",
                lambda: shapes.schedule_utilization_json(
                    sc.QuotaSchedule.yearly(2022, ["10 t"]).utilization([("2022-05-01", "9 t")])
                ),
            ),
            (
                "reductionCheck",
                lambda: shapes.reduction_check_json(
                    sc.ReductionRule(bar=18).check(baseline="100 bbl/d", current="80 bbl/d")
                ),
            ),
        ],
    )
    def test_results(self, definition: str, value: Any) -> None:
        """Results of the new operations validate against their $defs."""
        data = value()
        assert [] == [e.message for e in validator(definition).iter_errors(data)]

    def test_dynamic_cap_is_exact(self) -> None:
        """The dynamic cap's JSON carries the exact average and result."""
        data = shapes.dynamic_cap_json(
            sc.DynamicCapRule(weeks=1, discount=15, review_months=6).compute(
                [(date(2025, 7, 15), "51.88 USD/bbl")]
            )
        )
        assert ("51.88", "44.098", "44.10") == (
            data["average"],
            data["exact"],
            data["cap"]["exact"],
        )


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """Run the CLI with --format json; validate the whole document; return the result."""
    code = main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert (0, "") == (code, err)
    document = json.loads(out)
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    return document["result"]


class TestCli:
    """show, timeline and compare handle price-cap instruments."""

    def test_compare(self, capsys: pytest.CaptureFixture[str]) -> None:
        """compare EU 60 → EU 47.60 gives −12.40 USD/bbl and 20.67 %."""
        result = run_json(capsys, "compare", "EU Reg 2022/2367", "EU 18th package")
        (row,) = result["commodities"]
        (change,) = row["changes"]
        assert ("-12.40", "USD/bbl", "62/3", "20.67 %") == (
            change["delta"]["exact"],
            change["delta"]["unit"],
            change["cut"]["exact"],
            change["cut"]["display"],
        )
        code = main(["compare", "EU Reg 2022/2367", "EU 18th package"])
        out, _ = capsys.readouterr()
        assert 0 == code
        assert any(
            "60 USD/bbl" in line and "-12.40 USD/bbl" in line and "20.67 %" in line
            for line in out.splitlines()
        )

    def test_timeline(self, capsys: pytest.CaptureFixture[str]) -> None:
        """timeline russian-crude-oil lists every jurisdiction's caps with their flags."""
        result = run_json(capsys, "timeline", "russian-crude-oil")
        assert 7 == len(result["entries"])
        code = main(["timeline", "russian-crude-oil"])
        out, _ = capsys.readouterr()
        assert (0, True) == (code, "47.60 USD/bbl for crude in UK from 2 Sep 2025" in out)

    @pytest.mark.parametrize(
        "symbol",
        [i.symbol for i in CAT if i.regime != "un-dprk-1718"],
    )
    def test_show(self, capsys: pytest.CaptureFixture[str], symbol: str) -> None:
        """show validates for every new instrument."""
        result = run_json(capsys, "show", symbol)
        assert symbol == result["symbol"]

    def test_show_price_cap_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """show UK OFSI cap 2025 carries the price cap with its wind-down."""
        result = run_json(capsys, "show", "UK OFSI cap 2025")
        (measure,) = result["measures"]
        window = measure["price_cap"]["wind_downs"][0]
        assert ("47.60", "2025-10-17", "60", "V2") == (
            measure["price_cap"]["price"]["exact"],
            window["last_day"],
            window["price"]["exact"],
            window["mark"],
        )
