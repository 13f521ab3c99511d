"""Tests for the JSON forms behind ``--format json`` (sanctioncalc._render.json).

Beside the public API, this module tests internal contracts directly: the JSON builders
behind ``--format json`` (``_render.json``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import sanctioncalc as sc
from sanctioncalc import strategies as scst
from sanctioncalc._render import json as ser

SCHEMA: dict[str, Any] = json.loads(
    resources.files("sanctioncalc")
    .joinpath("data/schema/sanctioncalc.cli-1.schema.json")
    .read_text("utf-8")
)


def validator(definition: str) -> jsonschema.Draft202012Validator:
    """A validator for one of the schema's ``$defs``."""
    return jsonschema.Draft202012Validator(
        {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


AMOUNT = validator("amount")
PERCENTAGE = validator("percentage")


class TestAmountJson:
    """Amounts: an exact decimal string beside a display string, units spelled out."""

    @pytest.mark.parametrize(
        ("amount", "expected"),
        [
            # figures of S/RES/2397 (2017) and of press reports
            (
                sc.Amount(4_000_000, "bbl"),
                {
                    "exact": "4000000",
                    "display": "4,000,000 bbl",
                    "unit": "bbl",
                    "unit_name": "oil barrel (42 US gallons)",
                },
            ),
            (
                sc.Amount("525000", "t"),
                {
                    "exact": "525000",
                    "display": "525,000 t",
                    "unit": "t",
                    "unit_name": "metric tonne",
                },
            ),
            (
                sc.Amount("-106094.17", "bbl"),
                {
                    "exact": "-106094.17",
                    "display": "-106,094.17 bbl",
                    "unit": "bbl",
                    "unit_name": "oil barrel (42 US gallons)",
                },
            ),
            (sc.Amount(Decimal("4E+6"), "bbl"), {"exact": "4000000", "display": "4,000,000 bbl"}),
        ],
        ids=["crude", "tonnes", "negative fractional", "exponent decimal"],
    )
    def test_forms(self, amount: sc.Amount, expected: dict[str, str]) -> None:
        """The exact form has no exponent and no separators; the display form groups."""
        actual = ser.amount_json(amount)
        assert expected == {key: actual[key] for key in expected}
        assert AMOUNT.is_valid(actual)

    @given(amount=scst.amounts(min_value=-(10**12), places=6, units=["bbl", "t", "USD", "kL"]))
    def test_round_trip(self, amount: sc.Amount) -> None:
        """Amount(exact, unit) gives back the same amount, value and unit, and validates."""
        data = ser.amount_json(amount)
        back = sc.Amount(data["exact"], data["unit"])
        assert (amount, amount.value, amount.unit) == (back, back.value, back.unit)
        assert [] == [e.message for e in AMOUNT.iter_errors(data)]


class TestPercentageJson:
    """Percentages: exact percent points as a decimal or n/d, beside a rounded display."""

    @pytest.mark.parametrize(
        ("value", "exact", "display"),
        [
            # the published cut claims (US fact sheet on 2397)
            (sc.Percentage(25), "25", "25 %"),
            (sc.Percentage.from_ratio(Fraction(8, 9)), "800/9", "88.89 %"),
            (sc.Percentage.from_ratio(Fraction(5, 9)), "500/9", "55.56 %"),
            (sc.Percentage.from_ratio(Fraction(5, 17)), "500/17", "29.41 %"),
            (sc.Percentage(Fraction(-100, 3)), "-100/3", "-33.33 %"),
            (sc.Percentage(Fraction(1, 8)), "0.125", "0.13 %"),
        ],
    )
    def test_forms(self, value: sc.Percentage, exact: str, display: str) -> None:
        """Exact text is a short decimal or a reduced fraction; display rounds half-up."""
        data = ser.percentage_json(value)
        assert {"exact": exact, "display": display} == data
        assert PERCENTAGE.is_valid(data)

    @given(value=scst.percentages(min_value=-1000, max_value=1000))
    def test_round_trip(self, value: sc.Percentage) -> None:
        """Percentage.parse(exact + ' %') gives back the same percentage, and validates."""
        data = ser.percentage_json(value)
        assert value == sc.Percentage.parse(data["exact"] + " %")
        assert [] == [e.message for e in PERCENTAGE.iter_errors(data)]


class TestCatalogJson:
    """Catalog records serialize to the schema's shapes, provenance included."""

    @pytest.mark.parametrize("instrument", sc.catalog().instruments, ids=lambda i: i.symbol)
    def test_instrument_with_measures(self, instrument: sc.Instrument) -> None:
        """Every bundled instrument, with its measures, validates."""
        data = ser.instrument_json(instrument)
        assert [] == [e.message for e in validator("instrumentWithMeasures").iter_errors(data)]
        assert [m.id for m in instrument.measures] == [m["id"] for m in data["measures"]]

    def test_instrument_without_measures(self) -> None:
        """measures=False leaves the member out, as list and compare print it."""
        data = ser.instrument_json(sc.catalog().instrument("2397"), measures=False)
        assert "measures" not in data
        assert validator("instrument").is_valid(data)
        assert not validator("instrumentWithMeasures").is_valid(data)

    @pytest.mark.parametrize(
        ("measure_id", "kind", "limbs"),
        [
            ("2397-4-crude", "dualcap", ["4000000", "525000"]),
            ("2397-5-refined", "cap", ["500000"]),
            ("2371-8-coal", "ban", []),
            ("2375-15-crude", "freeze", []),
            ("2397-27-trigger", "provision", []),
        ],
    )
    def test_measure_kinds(self, measure_id: str, kind: str, limbs: list[str]) -> None:
        """Each kind of measure has its kind name and stated limbs only."""
        data = ser.measure_json(sc.catalog().measure(measure_id))
        assert (kind, limbs) == (data["kind"], [limb["exact"] for limb in data["limbs"]])

    def test_flags_travel_with_the_figure(self) -> None:
        """A press-only figure carries its flags and marks in JSON."""
        data = ser.measure_json(sc.catalog().measure("s-2022-431-crude"))
        assert ("V2", "figure from a secondary source") == (
            data["source"]["mark"],
            data["flags"][0],
        )

    @pytest.mark.parametrize("name", sc.factor_names())
    def test_factors(self, name: str) -> None:
        """Every bundled factor validates, its value exact."""
        data = ser.factor_json(sc.factor(name))
        assert validator("factor").is_valid(data)
        assert sc.factor(name).value == Fraction(data["value"])


class TestEnvelope:
    """Every result is wrapped in the versioned envelope."""

    def test_document(self) -> None:
        """document() names the schema, the command, the library version and the catalog
        edition (None when no catalog was read)."""
        assert {
            "schema": "sanctioncalc.cli/1",
            "command": "factors",
            "library_version": sc.__version__,
            "catalog_edition": None,
            "result": [],
        } == ser.document("factors", [])

    def test_document_names_the_edition_and_provenance(self) -> None:
        """With a catalog edition and a provenance, the envelope carries both, valid."""
        waterfall = sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl", through=["2397", "S/2022/431"]
        )
        found = ser.document(
            "cumulative",
            ser.waterfall_json(waterfall),
            catalog_edition=sc.catalog().edition,
            provenance=waterfall.provenance,
            explanation=waterfall.explain(),
        )
        assert sc.catalog().edition == found["catalog_edition"]
        assert "V2" == found["provenance"]["mark"]
        assert ["S/2022/431 vetoed 26 May 2022"] == found["provenance"]["hypothetical"]
        assert found["explanation"]["steps"][-1].startswith("total = 1 − Π(1 − stepᵢ)")

    def test_schema_constant(self) -> None:
        """The envelope's schema name is the one the JSON Schema requires."""
        assert SCHEMA["properties"]["schema"]["const"] == ser.CLI_SCHEMA
