"""Tests for the ``sanctioncalc`` command line, through its real entry points.

Beside the public API, this module tests internal contracts directly: the command line's
examples table, the command line's ``main`` (the entry point, called in-process).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from datetime import date
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc._cli import _EXAMPLES, main

SCHEMA: dict[str, Any] = json.loads(
    resources.files("sanctioncalc")
    .joinpath("data/schema/sanctioncalc.cli-1.schema.json")
    .read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
A = sc.Amount.parse
P = sc.Percentage
CONSOLE_SCRIPT = Path(sys.executable).parent / (
    "sanctioncalc.exe" if os.name == "nt" else "sanctioncalc"
)

# One invocation per command, as in docs/cli.md and the README.
COMMANDS: dict[str, list[str]] = {
    "compare": ["compare", "2397", "S/2022/431"],
    "timeline": ["timeline", "refined-petroleum"],
    "show": ["show", "2397"],
    "list": ["list"],
    "cumulative": ["cumulative", "refined-petroleum", "--baseline", "4500000 bbl/yr"],
    "convert": ["convert", "525000 t", "--to", "bbl", "--factor", "s-res-2397/crude-oil"],
    "cut": ["cut", "4,000,000 bbl", "3,000,000 bbl"],
    "factors": ["factors"],
}
# More shapes of output: notes, freezes, votes, proposals, chains, converted limbs.
MORE: list[list[str]] = [
    ["compare", "2375", "2397"],
    ["compare", "2321", "2371"],
    ["compare", "2270", "2397"],
    ["timeline", "crude-oil"],
    ["timeline", "coal"],
    ["show", "S/2022/431"],
    ["show", "2375"],
    [
        "cumulative",
        "refined-petroleum",
        "--baseline",
        "4500000 bbl/yr",
        "--through",
        "2375",
        "2397",
        "S/2022/431",
    ],
    ["cumulative", "coal", "--baseline", "US$400,870,018 per 12 months"],
    ["convert", "1 bbl", "--to", "gal"],
    ["convert", "1 t", "--to", "bbl", "--factor", "ei-2021/product-basket", "--places", "2"],
    ["cut", "4,000,000 bbl or 525,000 t per 12 months", "3,000,000 bbl per 12 months"],
    ["cut", "4,000,000 bbl", "420,000 t", "--factor", "s-res-2397/crude-oil"],
    ["cut", "500,000 bbl", "ban"],
    ["cut", "525000 t", "3000000 bbl", "--factor", "ei-2021/crude-oil", "--places", "2"],
    [
        "cumulative",
        "refined-petroleum",
        "--baseline",
        "600000 t/yr",
        "--factor",
        "ei-2021/product-basket",
        "--places",
        "2",
    ],
]
ALL = [*COMMANDS.values(), *MORE]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """Run a command with --format json; check the exit code and envelope; return the result."""
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (0, "") == (code, err)
    document = json.loads(out)
    assert ("sanctioncalc.cli/1", argv[0]) == (document["schema"], document["command"])
    return document["result"]


def run_csv(capsys: pytest.CaptureFixture[str], *argv: str) -> list[list[str]]:
    """Run a command with --format csv; return the rows, header first."""
    code, out, err = run(capsys, *argv, "--format", "csv")
    assert (0, "") == (code, err)
    return list(csv.reader(io.StringIO(out)))


def amount(data: dict[str, str]) -> sc.Amount:
    """An amount read back from its exact JSON form."""
    return sc.Amount(data["exact"], data["unit"])


def percentage(data: dict[str, str]) -> sc.Percentage:
    """A percentage read back from its exact JSON form."""
    return sc.Percentage.parse(data["exact"] + " %")


def change_tuple(data: dict[str, Any]) -> tuple[sc.Amount, sc.Amount, sc.Amount, sc.Percentage]:
    """(old, new, delta, cut) of a JSON change."""
    return (
        amount(data["old"]),
        amount(data["new"]),
        amount(data["delta"]),
        percentage(data["cut"]),
    )


def api_change_tuple(change: sc.Change) -> tuple[sc.Amount, sc.Amount, sc.Amount, sc.Percentage]:
    """(old, new, delta, cut) of an API change."""
    return (change.old, change.new, change.delta, change.cut)


class TestJsonSchema:
    """JSON output of every command follows the published schema."""

    def test_schema_is_valid_draft_2020_12(self) -> None:
        """The shipped schema is itself a valid draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(SCHEMA)
        assert "https://json-schema.org/draft/2020-12/schema" == SCHEMA["$schema"]

    def test_schema_covers_every_command(self) -> None:
        """The schema's command enumeration is exactly the CLI's commands."""
        assert sorted(COMMANDS) == sorted(SCHEMA["properties"]["command"]["enum"])

    @pytest.mark.parametrize("argv", ALL, ids=" ".join)
    def test_output_validates(self, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
        """The JSON document validates against the schema, formats included."""
        code, out, err = run(capsys, *argv, "--format", "json")
        assert (0, "") == (code, err)
        document = json.loads(out)
        assert [] == [error.message for error in VALIDATOR.iter_errors(document)]
        assert argv[0] == document["command"]

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (["result", "commodities", 0, "changes", 0, "cut", "exact"], 25),
            (["result", "commodities", 0, "changes", 0, "old", "exact"], "4,000,000"),
            (["result", "commodities", 0, "changes", 0, "old", "exact"], "4e6"),
            (["result", "commodities", 0, "changes", 0, "cut", "exact"], "0.25/1"),
            (["result", "commodities", 0, "old", "source", "mark"], "W"),
            (["result", "commodities", 0, "old", "kind"], "quota"),
            (["result", "new", "date"], "26 May 2022"),
            (["result", "new", "measures"], []),
            (["result", "surprise"], 1),
            (["command"], "timeline"),
            (["schema"], "sanctioncalc.cli/2"),
        ],
        ids=str,
    )
    def test_schema_rejects_drift(
        self, capsys: pytest.CaptureFixture[str], path: list[Any], value: object
    ) -> None:
        """A float, a grouped or exponent number, a bad mark, an extra member or a wrong
        pairing of command and result does not validate."""
        _, out, _ = run(capsys, *COMMANDS["compare"], "--format", "json")
        document = json.loads(out)
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not VALIDATOR.is_valid(document)


class TestJsonRoundTrip:
    """Exact strings in the JSON parse back to the values the Python API returns."""

    def test_compare(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every limb's old, new, delta and cut equal compare_instruments' changes."""
        result = run_json(capsys, *COMMANDS["compare"])
        api = sc.compare_instruments("2397", "S/2022/431")
        for row in result["commodities"]:
            change = api.change(row["commodity"])
            expected = (
                [api_change_tuple(c) for c in change.comparison.changes]
                if change.comparison
                else []
            )
            assert expected == [change_tuple(c) for c in row["changes"]]
        assert [m.id for m in api.only_in_new] == result["only_in_new"]
        assert ("13–2 (vetoed by China and Russian Federation)", 13) == (
            result["new"]["vote"]["display"],
            result["new"]["vote"]["in_favour"],
        )

    def test_compare_figures(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON carries the published figures: crude and refined cut by 25 %."""
        result = run_json(capsys, *COMMANDS["compare"])
        rows = {
            row["commodity"]: [change_tuple(c) for c in row["changes"]]
            for row in result["commodities"]
        }
        assert [
            (A("4,000,000 bbl"), A("3,000,000 bbl"), A("-1,000,000 bbl"), P(25)),
            (A("525,000 t"), A("393,750 t"), A("-131,250 t"), P(25)),
        ] == rows["crude-oil"]
        assert [(A("500,000 bbl"), A("375,000 bbl"), A("-125,000 bbl"), P(25))] == rows[
            "refined-petroleum"
        ]

    def test_compare_note(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A freeze that cannot be compared has no changes and the API's note."""
        result = run_json(capsys, "compare", "2375", "2397")
        (crude,) = [row for row in result["commodities"] if row["commodity"] == "crude-oil"]
        api = sc.compare_instruments("2375", "2397").change("crude-oil")
        assert ([], api.note, "freeze") == (crude["changes"], crude["note"], crude["old"]["kind"])

    @pytest.mark.parametrize("commodity", ["refined-petroleum", "crude-oil", "coal"])
    def test_timeline(self, capsys: pytest.CaptureFixture[str], commodity: str) -> None:
        """Each entry's instrument, measure, dates and status equal timeline()'s."""
        result = run_json(capsys, "timeline", commodity)
        expected = [
            (e.instrument.symbol, e.measure.id, e.start, e.end, str(e.status))
            for e in sc.timeline(commodity).entries
        ]
        actual = [
            (
                e["instrument"],
                e["measure"]["id"],
                date.fromisoformat(e["start"]) if e["start"] else None,
                date.fromisoformat(e["end_exclusive"]) if e["end_exclusive"] else None,
                e["status"],
            )
            for e in result["entries"]
        ]
        assert (commodity, expected) == (result["commodity"], actual)

    @pytest.mark.parametrize("symbol", ["2397", "2375", "S/2022/431", "2321"])
    def test_show(self, capsys: pytest.CaptureFixture[str], symbol: str) -> None:
        """Each measure's limbs, text, source and flags equal the catalog's."""
        result = run_json(capsys, "show", symbol)
        instrument = sc.catalog().instrument(symbol)
        expected = [
            (m.id, (m.measure.limbs if m.measure else ()), m.describe(), m.source.url, m.flags)
            for m in instrument.measures
        ]
        actual = [
            (
                m["id"],
                tuple(amount(a) for a in m["limbs"]),
                m["text"],
                m["source"]["url"],
                tuple(m["flags"]),
            )
            for m in result["measures"]
        ]
        assert (instrument.symbol, expected) == (result["symbol"], actual)

    def test_show_thresholds(self, capsys: pytest.CaptureFixture[str]) -> None:
        """UsageThresholds come back as exact percentages with their marks."""
        result = run_json(capsys, "show", "2397")
        (refined,) = [m for m in result["measures"] if m["id"] == "2397-5-refined"]
        expected = [
            (t.percent, t.mark.value) for t in sc.catalog().measure("2397-5-refined").thresholds
        ]
        assert expected == [(percentage(t), t["mark"]) for t in refined["thresholds"]]

    def test_list(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every instrument is listed with its symbol, date, status and marks, in order."""
        result = run_json(capsys, "list")
        expected = [(i.symbol, i.date, str(i.status), i.date_mark.value) for i in sc.catalog()]
        actual = [
            (i["symbol"], date.fromisoformat(i["date"]), i["status"], i["date_mark"])
            for i in result
        ]
        assert expected == actual
        assert all("measures" not in i for i in result)

    @pytest.mark.parametrize(
        "through", [None, ["2375", "2397", "S/2022/431"]], ids=["default", "through draft"]
    )
    def test_cumulative(
        self, capsys: pytest.CaptureFixture[str], through: list[str] | None
    ) -> None:
        """Baseline, steps and total equal cumulative_restriction()'s, exactly."""
        extra = ["--through", *through] if through else []
        result = run_json(
            capsys, "cumulative", "refined-petroleum", "--baseline", "4500000 bbl/yr", *extra
        )
        api = sc.cumulative_restriction("refined-petroleum", "4500000 bbl/yr", through=through)
        assert api.baseline == amount(result["baseline"])
        assert [(s.label, s.before, s.after, s.step, s.cumulative) for s in api.steps] == [
            (
                s["label"],
                amount(s["before"]),
                amount(s["after"]),
                percentage(s["step"]),
                percentage(s["cumulative"]),
            )
            for s in result["steps"]
        ]
        assert api.total == percentage(result["total"])

    def test_cumulative_exact_total(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The refined total is exactly 800/9 percent, shown as 88.89 %."""
        result = run_json(capsys, *COMMANDS["cumulative"])
        assert {"exact": "800/9", "display": "88.89 %"} == result["total"]

    def test_convert(self, capsys: pytest.CaptureFixture[str]) -> None:
        """From, to and the factor equal convert() and factor()."""
        result = run_json(capsys, *COMMANDS["convert"])
        fac = sc.factor("s-res-2397/crude-oil")
        assert (sc.Amount.parse("525000 t"), sc.convert("525000 t", "bbl", factor=fac)) == (
            amount(result["from"]),
            amount(result["to"]),
        )
        assert (fac.name, fac.value, Fraction(160, 21)) == (
            result["factor"]["name"],
            Fraction(result["factor"]["value"]),
            Fraction(result["factor"]["value"]),
        )

    def test_convert_within_a_dimension(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Within one dimension there is no factor and the result is exact."""
        result = run_json(capsys, "convert", "1 bbl", "--to", "m3")
        assert (None, sc.Amount("0.158987294928", "m3"), "cubic metre") == (
            result["factor"],
            amount(result["to"]),
            result["to"]["unit_name"],
        )

    @pytest.mark.parametrize(
        ("old", "new", "factor"),
        [
            ("4,000,000 bbl", "3,000,000 bbl", None),
            ("4,000,000 bbl or 525,000 t per 12 months", "3,000,000 bbl per 12 months", None),
            ("4,000,000 bbl", "420,000 t", "s-res-2397/crude-oil"),
            ("1,000 bbl", "1,200 bbl", None),
        ],
    )
    def test_cut(
        self, capsys: pytest.CaptureFixture[str], old: str, new: str, factor: str | None
    ) -> None:
        """Each change equals compare()'s, including the factor used."""
        extra = ["--factor", factor] if factor else []
        result = run_json(capsys, "cut", old, new, *extra)
        api = sc.compare(old, new, factor=sc.factor(factor) if factor else None)
        assert [api_change_tuple(c) for c in api.changes] == [change_tuple(c) for c in result]
        assert [c.factor.name if c.factor else None for c in api.changes] == [
            c["factor"]["name"] if c["factor"] else None for c in result
        ]

    def test_cut_with_places(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--places rounds the converted amount and the delta; the cut stays exact."""
        ei = sc.factor("ei-2021/crude-oil")
        result = run_json(
            capsys, "cut", "525000 t", "3000000 bbl", "--factor", ei.name, "--places", "2"
        )
        api = sc.compare("525000 t", "3000000 bbl", factor=ei, places=2)
        assert ([api_change_tuple(c) for c in api.changes], [2]) == (
            [change_tuple(c) for c in result],
            [c["places"] for c in result],
        )
        assert percentage(result[0]["cut"]) == sc.cut("525000 t", "3000000 bbl", factor=ei)

    def test_cut_table_says_what_was_rounded(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table notes the rounding --places asked for; the cut stays exact."""
        argv = ["525000 t", "3000000 bbl", "--factor", "ei-2021/crude-oil", "--places", "2"]
        code, out, _ = run(capsys, "cut", *argv)
        assert (
            0,
            "409,276.94 t and the delta are rounded half-up to 2 places; the cut is exact",
        ) == (
            code,
            out.splitlines()[-1],
        )

    def test_cumulative_with_places(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Levels converted from barrels are rounded and marked; the steps are exact."""
        argv = ["--baseline", "600000 t/yr", "--factor", "ei-2021/product-basket", "--places", "2"]
        result = run_json(capsys, "cumulative", "refined-petroleum", *argv)
        total = 1 - Fraction(500_000) / Fraction("8.058") / 600_000
        assert ([2, 2], "248200.55", total * 100) == (
            [s["places"] for s in result["steps"]],
            result["steps"][0]["after"]["exact"],
            Fraction(result["total"]["exact"]),
        )
        _, out, _ = run(capsys, "cumulative", "refined-petroleum", *argv)
        assert (
            "S/RES/2397 (2017) para 5: levels rounded half-up to 2 places; the cuts are exact"
            in out
        )

    def test_factors(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every bundled factor is listed with its exact value and provenance."""
        result = run_json(capsys, "factors")
        expected = [
            (n, sc.factor(n).value, sc.factor(n).mark.value, sc.factor(n).edition)
            for n in sc.factor_names()
        ]
        assert expected == [
            (f["name"], Fraction(f["value"]), f["mark"], f["edition"]) for f in result
        ]

    def test_non_ascii_is_kept(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON keeps the en dash and the vote's dash as characters, not escapes."""
        code, out, _ = run(capsys, "show", "S/2022/431", "--format", "json")
        assert (0, True) == (code, "13–2" in out)


DRAFT_FLAGS = "figure from a secondary source (V2); hypothetical: S/2022/431 vetoed 26 May 2022"


def made_by(rows: list[list[str]], *, catalog: bool = True) -> list[list[str]]:
    """*rows* without the trailing library-version and catalog-edition columns, which every
    CSV output ends with (checked here, on every row)."""
    edition = sc.catalog().edition if catalog else ""
    assert ["library_version", "catalog_edition"] == rows[0][-2:]
    assert all([sc.__version__, edition] == row[-2:] for row in rows[1:])
    return [row[:-2] for row in rows]


class TestCsv:
    """CSV output parses with the csv module, one row per item."""

    def test_compare(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Compare gives one row per limb, the commodity on its first limb only, with the
        mark and flags of the figures each row uses."""
        assert [
            ["commodity", "old", "new", "delta", "cut", "note", "mark", "flags"],
            ["crude-oil", "4,000,000 bbl", "3,000,000 bbl", "-1,000,000 bbl", "25 %", "", "V2"],
            ["", "525,000 t", "393,750 t", "-131,250 t", "25 %", "", "V2"],
            ["refined-petroleum", "500,000 bbl", "375,000 bbl", "-125,000 bbl", "25 %", "", "V2"],
        ] == [
            row[:-1] if index else row
            for index, row in enumerate(made_by(run_csv(capsys, *COMMANDS["compare"])))
        ]
        assert all(
            DRAFT_FLAGS == row[-1] for row in made_by(run_csv(capsys, *COMMANDS["compare"]))[1:]
        )

    def test_compare_notes_have_their_own_column(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A pair that cannot be compared keeps its note out of the delta and cut columns."""
        rows = run_csv(capsys, "compare", "2375", "2397")
        crude = next(row for row in rows if row[0] == "crude-oil")
        assert (["—", "—"], True) == (crude[3:5], crude[5].startswith("a freeze states no number"))

    def test_timeline(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Timeline gives one row per entry with its status."""
        rows = made_by(run_csv(capsys, *COMMANDS["timeline"]))
        assert ["applied", "limit", "instrument", "status", "source", "flags"] == rows[0]
        assert [str(e.status) for e in sc.timeline("refined-petroleum").entries] == [
            r[3] for r in rows[1:]
        ]

    def test_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Show gives one row per measure, with its mark and flags."""
        rows = made_by(run_csv(capsys, "show", "S/2022/431"))
        assert ["measure", "commodity", "direction", "limit", "source", "mark", "flags"] == rows[0]
        measures = sc.catalog().instrument("S/2022/431").measures
        assert [(m.id, m.source.mark.value, "; ".join(m.flags)) for m in measures] == [
            (r[0], r[5], r[6]) for r in rows[1:]
        ]

    def test_list(self, capsys: pytest.CaptureFixture[str]) -> None:
        """List gives one row per instrument, an unverified date flagged."""
        rows = run_csv(capsys, "list")
        assert [i.symbol for i in sc.catalog()] == [r[0] for r in rows[1:]]
        (draft,) = [r for r in rows if r[0] == "US draft (April 2022)"]
        assert "2022-04-15 [date unverified]" == draft[1]

    def test_cumulative(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Cumulative gives one row per step."""
        rows = made_by(run_csv(capsys, *COMMANDS["cumulative"]))
        assert ["step", "before", "after", "step cut", "cumulative", "mark", "flags"] == rows[0]
        assert [["2,000,000 bbl", "500,000 bbl", "75 %", "88.89 %", "V", ""]] == [
            r[1:] for r in rows[2:]
        ]

    def test_convert(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Convert gives one row naming the factor."""
        rows = made_by(run_csv(capsys, *COMMANDS["convert"]), catalog=False)
        assert (["from", "to", "factor", "mark", "flags"], "525,000 t", "4,000,000 bbl") == (
            rows[0],
            *rows[1][:2],
        )
        assert rows[1][2].startswith("via s-res-2397/crude-oil")

    def test_cut(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Cut gives one row per limb."""
        assert [
            ["old", "new", "delta", "cut", "mark", "flags"],
            ["4,000,000 bbl", "3,000,000 bbl", "-1,000,000 bbl", "25 %", "caller", ""],
        ] == made_by(run_csv(capsys, *COMMANDS["cut"]), catalog=False)

    def test_factors(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Factors gives one row per factor, values as published."""
        rows = run_csv(capsys, "factors")
        assert list(sc.factor_names()) == [r[0] for r in rows[1:]]
        by_name = {r[0]: r[1] for r in rows[1:]}
        assert ("0.086 t/bbl", "7.62 bbl/t (160/21)") == (
            by_name["1718-committee/lpg-bbl-to-t"],
            by_name["s-res-2397/crude-oil"],
        )


class TestTable:
    """The default table format, as people read it."""

    def test_compare(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The README's main job: the right rows, the vote, the new bans and the sources."""
        code, out, err = run(capsys, *COMMANDS["compare"])
        assert (0, "") == (code, err)
        lines = out.splitlines()
        assert "vote on S/2022/431: 13–2 (vetoed by China and Russian Federation)" in lines
        assert [
            "crude-oil          4,000,000 bbl  3,000,000 bbl  -1,000,000 bbl  25 %  ⚠ "
            + DRAFT_FLAGS,
            "                   525,000 t      393,750 t      -131,250 t      25 %  ⚠ "
            + DRAFT_FLAGS,
            "refined-petroleum  500,000 bbl    375,000 bbl    -125,000 bbl    25 %  ⚠ "
            + DRAFT_FLAGS,
        ] == lines[5:8]
        only = lines[
            lines.index("only in S/2022/431:") + 1 : lines.index("only in S/2022/431:") + 4
        ]
        assert ["mineral-fuels (export)", "clocks-watches (export)", "tobacco (import)"] == [
            line.split(":")[0].strip() for line in only
        ]
        assert all("figure from a secondary source" in line for line in only)
        measure = sc.catalog().measure("2397-4-crude")
        crude = measure.source
        flags = f" [{'; '.join(measure.flags)}]" if measure.flags else ""
        assert f"  crude-oil old: {crude.citation} ({crude.mark}) {crude.url}{flags}" in lines
        assert crude.citation.startswith("S/RES/2397 (2017) para 4")

    def test_compare_without_shared_commodities(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With nothing to compare, no empty sources section is printed."""
        code, out, _ = run(capsys, "compare", "2270", "2397")
        assert (0, False) == (code, "sources:" in out)

    def test_timeline_shows_statuses_and_flags(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Stub, supersession and proposals are shown as such, press figures flagged."""
        code, out, _ = run(capsys, *COMMANDS["timeline"])
        assert 0 == code
        for text in [
            "ended",
            "superseded before it applied",
            "in force",
            "proposal, never in force",
        ]:
            assert text in out
        (draft,) = [
            line for line in out.splitlines() if line.startswith("—") and "S/2022/431" in line
        ]
        assert "figure from a secondary source" in draft

    def test_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Show gives the head lines, the measures and the reporting cadences."""
        code, out, _ = run(capsys, *COMMANDS["show"])
        assert 0 == code
        assert out.startswith("S/RES/2397 (2017) — Resolution 2397 (2017) (22 Dec 2017, adopted)\n")
        assert "  2397-4-crude: reporting every 90 days" in out.splitlines()

    def test_cumulative(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Cumulative ends with the exact total."""
        code, out, _ = run(capsys, *COMMANDS["cumulative"])
        assert (0, "total: 88.89 % (exact 800/9 %)") == (code, out.splitlines()[-1])

    @pytest.mark.parametrize(
        ("argv", "line"),
        [
            (COMMANDS["cut"], "4,000,000 bbl  3,000,000 bbl  -1,000,000 bbl  25 %"),
            (["convert", "1 bbl", "--to", "gal"], "1 bbl  42 gal"),
            (
                ["convert", "1 t", "--to", "bbl", "--factor", "ei-2021/crude-oil"],
                "1 t   7.33 bbl  via ei-2021/crude-oil",
            ),
            (["list"], "S/2022/431             2022-05-26"),
            (["factors"], "1718-committee/lpg-bbl-to-t   0.086 t/bbl"),
        ],
    )
    def test_rows(self, capsys: pytest.CaptureFixture[str], argv: list[str], line: str) -> None:
        """Each command prints its figures in aligned columns."""
        code, out, _ = run(capsys, *argv)
        assert (0, True) == (code, any(row.startswith(line) for row in out.splitlines()))

    def test_user_catalog(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--catalog loads a user file on top of the bundled catalog."""
        path = user_catalog(
            tmp_path,
            'id = "9999-1-refined"\ncommodity = "refined-petroleum"\ndirection = "import"\n'
            'limit = "250,000 bbl per 12 months from 1 Jan 2030"\n',
        )
        code, out, err = run(capsys, "compare", "2397", "9999", "--catalog", str(path))
        assert (0, "") == (code, err)
        assert "refined-petroleum  500,000 bbl  250,000 bbl  -250,000 bbl  50 %" in out.splitlines()


def user_catalog(folder: Path, measure: str) -> Path:
    """A TOML catalog file of one adopted resolution, S/RES/9999 (2030), with one *measure*."""
    path = folder / "mine.toml"
    path.write_text(
        'schema = "sanctioncalc.catalog/1"\n'
        "[[instruments]]\n"
        'symbol = "S/RES/9999 (2030)"\nkind = "resolution"\ntitle = "Test"\n'
        'date = 2030-01-01\nstatus = "adopted"\nregime = "un-dprk-1718"\n'
        'source = {url = "https://example.org", mark = "V"}\n'
        "[[instruments.measures]]\n"
        + measure
        + 'source = {paragraph = "1", url = "https://example.org", mark = "V"}\n',
        encoding="utf-8",
    )
    return path


class TestCsvFormulas:
    """CSV output escapes a text cell a spreadsheet would run as a formula, never a figure."""

    def test_text_cells_are_escaped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A provision starting with '=' gets one leading quote; negative deltas stay figures."""
        path = user_catalog(
            tmp_path,
            'id = "9999-1-note"\nprovision = "=HYPERLINK(\\"https://example.org\\", \\"x\\")"\n',
        )
        code, out, _ = run(capsys, "show", "9999", "--catalog", str(path), "--format", "csv")
        rows = list(csv.reader(io.StringIO(out)))
        assert 0 == code
        assert ['\'=HYPERLINK("https://example.org", "x")'] == [
            cell for row in rows[1:] for cell in row if "HYPERLINK" in cell
        ]
        code, out, _ = run(capsys, "compare", "2375", "2397", "--format", "csv")
        deltas = [row[3] for row in csv.reader(io.StringIO(out))][1:]
        assert any(d.startswith("-") for d in deltas)
        assert not any(d.startswith("'") for d in deltas)


def assert_one_line_error(code: int, out: str, err: str) -> None:
    """Exit code 1, nothing on stdout, one line on stderr, no traceback."""
    assert (1, "", 1) == (code, out, len(err.splitlines()))
    assert err.startswith("sanctioncalc: error: ")
    assert "Traceback" not in err


class TestErrors:
    """Errors exit 1 with exactly one line on stderr, whatever the format."""

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["show", "9999"], r"symbol: got '9999', expected one of [^;]*S/RES/2397 \(2017\), "),
            (["show", "S/RES/2397 (2016)"], r"symbol: got 'S/RES/2397 \(2016\)', expected one of"),
            (["timeline", "oil"], "commodity: got 'oil', expected one of "),
            (["convert", "525000 t", "--to", "bbl"], r"to: got t \(mass\) with bbl \(volume\)"),
            (["convert", "abc", "--to", "bbl"], "Amount: got 'abc'"),
            (["convert", "1 bbl", "--to", "furlong"], "unit: got furlong"),
            (["convert", "1 t", "--to", "bbl", "--factor", "nope"], "factor: got 'nope'"),
            (["cut", "ban", "1 bbl"], "old: got ban, expected a measure with a non-zero limit"),
            (["cut", "1 bbl", "1 t"], "new: got 1 bbl against 1 t"),
            (["cut", "10**10**10 bbl", "1 bbl"], r"measure: got '10\*\*10\*\*10 bbl'"),
            (["compare", "2397", "S/2099/1"], "symbol: got 'S/2099/1'"),
            (
                ["cumulative", "crude-oil", "--baseline", "4000000 bbl/yr", "--through", "2375"],
                r"through: got S/RES/2375 \(2017\), expected an instrument with a stated limit",
            ),
            (
                ["cumulative", "refined-petroleum", "--baseline", "600000 t/yr"],
                "new: got 600,000 t against 2,000,000 bbl",
            ),
            (
                ["show", "2397", "--catalog", "/nonexistent/x.json"],
                r"/nonexistent/x.json: \(file\)",
            ),
            (["show", "x\ny"], r"symbol: got 'x\\ny'"),
            (
                ["cut", "525000 t", "3000000 bbl", "--factor", "ei-2021/crude-oil"],
                r"places: got 3,000,000 bbl via ei-2021/crude-oil = 300000000/733 t, .*"
                r"add --places N to round the converted amount",
            ),
            (
                ["convert", "1 bbl", "--to", "t", "--factor", "ei-2021/crude-oil"],
                r"Amount\.value: .* "
                r"add --places N to round half-up",
            ),
        ],
        ids=lambda v: " ".join(v) if isinstance(v, list) else "",
    )
    @pytest.mark.parametrize("fmt", ["table", "json", "csv"])
    def test_error(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str, fmt: str
    ) -> None:
        """The error line names what was got and expected; stdout stays empty."""
        code, out, err = run(capsys, *argv, "--format", fmt)
        assert_one_line_error(code, out, err)
        assert re.match(f"sanctioncalc: error: {message}", err), err

    def test_catalog_schema_error(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A broken user catalog is one line naming file, record and field."""
        path = tmp_path / "bad.json"
        path.write_text('{"schema": "sanctioncalc.catalog/1", "instruments": [{"symbol": "X"}]}')
        code, out, err = run(capsys, "list", "--catalog", str(path))
        assert_one_line_error(code, out, err)
        assert err.startswith(f"sanctioncalc: error: {path}: X: date: got None, expected a date")

    def test_catalog_value_with_newline(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A newline inside a catalog value does not split the error line."""
        path = tmp_path / "bad.json"
        record = {"symbol": "X", "date": "2030-01-01", "status": "adopted\nreally"}
        path.write_text(json.dumps({"schema": "sanctioncalc.catalog/1", "instruments": [record]}))
        assert_one_line_error(*run(capsys, "list", "--catalog", str(path)))


class TestUsage:
    """Usage errors exit 2 with argparse's usage message."""

    @pytest.mark.parametrize(
        "argv",
        [
            [],
            ["frob"],
            ["show"],
            ["compare", "2397"],
            ["list", "--format", "xml"],
            ["cumulative", "refined-petroleum"],
            ["convert", "1 bbl"],
            ["convert", "1 bbl", "--to", "gal", "--places", "-1"],
            ["convert", "1 bbl", "--to", "gal", "--places", "41"],
            ["convert", "1 bbl", "--to", "gal", "--places", "two"],
            ["factors", "--frob"],
        ],
        ids=" ".join,
    )
    def test_usage_error(self, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
        """argparse exits 2 and prints the usage on stderr, nothing on stdout."""
        with pytest.raises(SystemExit) as caught:
            main(argv)
        out, err = capsys.readouterr()
        assert (2, "") == (caught.value.code, out)
        assert err.startswith("usage: sanctioncalc")


class TestHelp:
    """--help on every command shows an example."""

    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_command_help(self, capsys: pytest.CaptureFixture[str], command: str) -> None:
        """Each command's help ends with a runnable example of that command."""
        with pytest.raises(SystemExit) as caught:
            main([command, "--help"])
        out = capsys.readouterr().out
        assert 0 == caught.value.code
        assert f"example: sanctioncalc {command}" in out
        assert "--format {table,json,csv}" in out

    def test_top_level_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The top-level help lists the commands, an example and the exit codes."""
        with pytest.raises(SystemExit) as caught:
            main(["--help"])
        out = capsys.readouterr().out
        assert 0 == caught.value.code
        assert "example: sanctioncalc compare 2397 S/2022/431" in out
        assert "exit codes: 0 ok, 1 error in the input or data, 2 usage error" in out
        assert all(command in out for command in COMMANDS)

    def test_help_examples_run(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every example in the help text runs and exits 0."""
        for example in _EXAMPLES.values():
            code, _, err = run(capsys, *shlex.split(example)[1:])
            assert (example, 0, "") == (example, code, err)


def subprocess_run(
    *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run a command line in a fresh process."""
    return subprocess.run(list(argv), capture_output=True, timeout=60, check=False, env=env)


class TestEntryPoints:
    """``python -m sanctioncalc`` and the ``sanctioncalc`` console script work end to end."""

    def test_python_dash_m_table(self) -> None:
        """python -m sanctioncalc prints the compare table and exits 0."""
        result = subprocess_run(sys.executable, "-m", "sanctioncalc", *COMMANDS["compare"])
        out = result.stdout.decode("utf-8")
        assert (0, b"") == (result.returncode, result.stderr)
        assert "refined-petroleum  500,000 bbl    375,000 bbl    -125,000 bbl    25 %" in out

    def test_console_script_json(self) -> None:
        """The console script's JSON validates and equals the in-process output."""
        assert CONSOLE_SCRIPT.exists()
        result = subprocess_run(str(CONSOLE_SCRIPT), *COMMANDS["compare"], "--format", "json")
        assert (0, b"") == (result.returncode, result.stderr)
        document = json.loads(result.stdout.decode("utf-8"))
        assert VALIDATOR.is_valid(document)
        assert ["s-2022-431-mineral-fuels", "s-2022-431-clocks-watches", "s-2022-431-tobacco"] == (
            document["result"]["only_in_new"]
        )

    def test_console_script_csv(self) -> None:
        """The console script's CSV parses."""
        result = subprocess_run(str(CONSOLE_SCRIPT), "list", "--format", "csv")
        rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8"))))
        assert (0, [i.symbol for i in sc.catalog()]) == (
            result.returncode,
            [r[0] for r in rows[1:]],
        )

    @pytest.mark.parametrize("launcher", ["module", "script"])
    def test_error_exit_code(self, launcher: str) -> None:
        """An unknown symbol exits 1 with one line on stderr and no traceback."""
        prefix = (
            [sys.executable, "-m", "sanctioncalc"]
            if launcher == "module"
            else [str(CONSOLE_SCRIPT)]
        )
        result = subprocess_run(*prefix, "show", "9999")
        err = result.stderr.decode("utf-8")
        assert (1, b"", 1) == (result.returncode, result.stdout, len(err.splitlines()))
        assert err.startswith("sanctioncalc: error: symbol: got '9999'")

    @pytest.mark.parametrize("launcher", ["module", "script"])
    def test_usage_exit_code(self, launcher: str) -> None:
        """An unknown command exits 2."""
        prefix = (
            [sys.executable, "-m", "sanctioncalc"]
            if launcher == "module"
            else [str(CONSOLE_SCRIPT)]
        )
        result = subprocess_run(*prefix, "frob")
        assert (2, b"") == (result.returncode, result.stdout)
        assert result.stderr.startswith(b"usage: sanctioncalc")

    @pytest.mark.parametrize("fmt", ["table", "json", "csv"])
    def test_stdout_without_the_arrow(self, fmt: str) -> None:
        """On a cp1252 stdout (Windows redirection) output falls back to ASCII, not a traceback."""
        env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
        result = subprocess_run(str(CONSOLE_SCRIPT), *COMMANDS["compare"], "--format", fmt, env=env)
        assert (0, b"") == (result.returncode, result.stderr)
        text = result.stdout.decode("cp1252")
        if fmt == "json":
            document = json.loads(text)
            assert (
                "13–2 (vetoed by China and Russian Federation)"
                == document["result"]["new"]["vote"]["display"]
            )
        else:
            assert {"table": "-1,000,000 bbl  25 %", "csv": '"-1,000,000 bbl",25 %'}[fmt] in text


class TestRobustness:
    """Arbitrary input never escapes as a traceback."""

    @given(text=st.text(max_size=40))
    def test_show_any_symbol(self, text: str) -> None:
        """show with any text exits 0 or 1, with one error line when 1."""
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdout", out)
            patch.setattr(sys, "stderr", err)
            code = main(["show", "--format", "json", "--", text])
        assert code in (0, 1)
        if code == 1:
            assert 1 == len(err.getvalue().splitlines())

    @given(amount=st.text(max_size=40), unit=st.sampled_from(["bbl", "t", "gal", "USD", "bbl/d"]))
    def test_convert_any_amount(self, amount: str, unit: str) -> None:
        """convert with any amount text exits 0 or 1, with one error line when 1."""
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdout", out)
            patch.setattr(sys, "stderr", err)
            code = main(["convert", "--to", unit, "--format", "csv", "--", amount])
        assert code in (0, 1)
        if code == 1:
            assert 1 == len(err.getvalue().splitlines())


def _transcripts() -> list[tuple[str, str]]:
    """(command, expected output) of every ```console block in docs/cli.md."""
    text = (Path(__file__).parent.parent / "docs" / "cli.md").read_text("utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command, _, output = block.partition("\n")
        found.append((command.removeprefix("$ "), output))
    return found


@pytest.mark.parametrize(("command", "output"), _transcripts())
def test_docs_transcripts_are_what_the_command_prints(
    capsys: pytest.CaptureFixture[str], command: str, output: str
) -> None:
    """A transcript in the CLI docs is the command's real output, character for character."""
    argv = shlex.split(command)
    assert "sanctioncalc" == argv[0]
    code, out, err = run(capsys, *argv[1:])
    assert (0, output, "") == (code, out, err)
