"""Untrusted text never reaches pint's expression evaluator, and bombs return an error quickly.

pint evaluates ``10**10**10 barrel`` before it looks at the unit, and hangs for minutes.
Proved without timing assertions: (1) with pint's evaluator replaced by one that fails,
every parser still reads valid text and refuses bombs; (2) in a fresh interpreter where
``import pint`` is impossible, the same holds; (3) the bombs run in a subprocess whose
generous 2 s timeout must not trigger.

Beside the public API, this module tests internal contracts directly: ``parse_span`` (the
month-span parser every ledger loader shares).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sanctioncalc as sc
from sanctioncalc import Ledger, _cli
from sanctioncalc._ledger.fields import parse_span

# Source text, so that the subprocess below builds the same strings (1 MB is too long for argv).
BOMBS_SOURCE = """(
    "10**10**10 barrel",
    "9**9**9 t",
    "2**2**2**2**2 bbl",
    "10**10**10",
    "(" * 5000 + "1" + ")" * 5000 + " bbl",
    "1e999999999 bbl",
    "9" * 1_000_000 + " bbl",
    "x" * 1_000_000,
    "1*" * 500_000 + "1 t",
)"""
BOMBS: tuple[str, ...] = eval(BOMBS_SOURCE)  # a literal of our own

#: Every parser, with a valid text it must still read while pint's evaluator is broken.
PARSERS: dict[str, tuple[Callable[[str], object], str, Callable[[str], str]]] = {
    # name: (parser, valid text, how a bomb is embedded in an otherwise valid text)
    "Amount.parse": (sc.Amount.parse, "4,000,000 barrels", lambda b: b),
    "parse_unit": (sc.parse_unit, "USD per barrel", lambda b: b),
    "Unit.parse": (sc.Unit.parse, "b/d", lambda b: b),
    "Percentage.parse": (sc.Percentage.parse, "800/9 %", lambda b: f"{b} %"),
    "Rate.parse": (sc.Rate.parse, "160/21 bbl/t", lambda b: b),
    "ConversionFactor.parse": (
        sc.ConversionFactor.parse,
        "mine/crude | 7.33 bbl/t",
        lambda b: f"mine/crude | {b}/t",
    ),
    "Cap.parse": (
        sc.Cap.parse,
        "500,000 bbl per 12 months from 1 Jan 2018",
        lambda b: f"{b} per 12 months",
    ),
    "DualCap.parse": (
        sc.DualCap.parse,
        "4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017",
        lambda b: f"4,000,000 bbl or {b} per 12 months",
    ),
    "Ban.parse": (
        sc.Ban.parse,
        "ban from 5 Aug 2017 except livelihood [coal, export]",
        lambda b: f"ban from {b}",
    ),
    "parse_measure": (sc.parse_measure, "4,500,000 bbl/yr", lambda b: f"{b}/yr"),
    "Span.parse": (sc.Span.parse, "1 Oct 2017 – 31 Dec 2017", lambda b: f"{b} – 31 Dec 2017"),
    "Periodic.parse": (
        sc.Periodic.parse,
        "12 months from 1 Jan 2018",
        lambda b: f"12 months from {b}",
    ),
    "Commodity.parse": (sc.Commodity.parse, "crude-oil, import, HS 2709", lambda b: b),
    "PriceCap.parse": (
        sc.PriceCap.parse,
        "60 USD/bbl for crude in EU, UK from 5 Dec 2022",
        lambda b: f"{b}/bbl for crude in EU from 5 Dec 2022",
    ),
    "parse_span": (parse_span, "Mar 2023 – Dec 2023", lambda b: b),
    "factor": (sc.factor, "ei-2021/crude-oil", lambda b: b),
    "Amount(value, unit)": (lambda t: sc.Amount(t, "bbl"), "4000000", lambda b: b),
    "cut": (lambda t: sc.cut("4,000,000 bbl", t), "3,000,000 bbl", lambda b: b),
    "convert": (lambda t: sc.convert(t, "L"), "1 bbl", lambda b: b),
    "catalog().instrument": (lambda t: sc.catalog().instrument(t), "res 2397", lambda b: b),
}


def _catalog_text(limit: str, title: str = "t") -> str:
    document: dict[str, Any] = {
        "schema": "sanctioncalc.catalog/1",
        "regimes": [{"key": "r", "title": "r", "program_key": "R", "url": "https://example.org"}],
        "commodities": [{"name": "crude-oil"}],
        "instruments": [
            {
                "symbol": "S/RES/9999 (2030)",
                "kind": "resolution",
                "title": title,
                "date": "2030-01-01",
                "status": "adopted",
                "regime": "r",
                "source": {"url": "https://example.org", "mark": "V"},
                "measures": [
                    {
                        "id": "9999-1",
                        "commodity": "crude-oil",
                        "limit": limit,
                        "source": {"url": "https://example.org", "mark": "V"},
                    }
                ],
            }
        ],
    }
    return json.dumps(document)


def _load_catalog(folder: Path, text: str) -> object:
    path = folder / "catalog.json"
    path.write_text(text, encoding="utf-8")
    return sc.Catalog.from_files(path)


def _load_csv(text: str) -> object:
    report = Ledger.from_csv(io.StringIO(text))
    if report.rejected:
        raise sc.ParseError(field="row", got=report.rejected[0].reason[:60], expected="", fix="")
    return report


def _csv(quantity: str) -> str:
    return f'month,quantity,unit,reporter\n2023-01,"{quantity}",bbl,Russia\n'


def _cli_convert(amount: str) -> object:
    args = _cli._parser().parse_args(["convert", amount, "--to", "L"])
    return args.func(args).render("json")


@pytest.fixture
def broken_pint(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """pint with every entry to its expression evaluator replaced by one that fails.

    Returns the list of calls made to it (it must stay empty).
    """
    import pint
    import pint.pint_eval
    import pint.util

    calls: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def fail(*args: object, **kwargs: object) -> Any:
            calls.append(name)
            raise AssertionError(f"untrusted text reached pint: {name}{args!r:.80}")

        return fail

    targets: list[tuple[object, str]] = [
        (pint.pint_eval, "build_eval_tree"),
        (pint.pint_eval, "tokenizer"),
        (pint.pint_eval, "plain_tokenizer"),
        (pint.pint_eval, "uncertainty_tokenizer"),
        (pint.util, "build_eval_tree"),
        (pint.util.ParserHelper, "from_string"),
        (pint.UnitRegistry, "parse_expression"),
        (pint.UnitRegistry, "parse_units"),
        (pint.UnitRegistry, "parse_unit_name"),
        (pint.UnitRegistry, "parse_units_as_container"),
    ]
    for module_name in ("pint.facets.plain.registry", "pint.facets.plain.qto"):
        module = sys.modules.get(module_name)
        if module is not None and hasattr(module, "build_eval_tree"):
            targets.append((module, "build_eval_tree"))
    patched = 0
    for owner, name in targets:
        if hasattr(owner, name):
            monkeypatch.setattr(owner, name, refuse(f"{getattr(owner, '__name__', owner)}.{name}"))
            patched += 1
    assert patched >= 8, "pint's evaluator moved: update the list of targets"
    # Self-check: the patch really breaks pint's parsing.
    with pytest.raises(AssertionError, match="untrusted text reached pint"):
        pint.UnitRegistry.parse_expression(None, "1 barrel")  # type: ignore[type-var]
    calls.clear()
    return calls


class TestEvaluatorNeverReached:
    """With pint's evaluator broken, every parser still works."""

    @pytest.mark.parametrize("name", list(PARSERS))
    def test_valid_text_still_reads(self, broken_pint: list[str], name: str) -> None:
        """Valid text parses without pint."""
        parse, valid, _ = PARSERS[name]
        parse(valid)
        assert [] == broken_pint

    @pytest.mark.parametrize("bomb", BOMBS, ids=[b[:20] for b in BOMBS])
    @pytest.mark.parametrize("name", list(PARSERS))
    def test_bombs_are_refused(self, broken_pint: list[str], name: str, bomb: str) -> None:
        """A bomb, bare or inside a valid form, is a sanctioncalc error, not pint's problem."""
        parse, _, embed = PARSERS[name]
        for text in {bomb, embed(bomb)}:
            with pytest.raises(sc.SanctionCalcError):
                parse(text)
        assert [] == broken_pint

    @pytest.mark.parametrize("bomb", BOMBS, ids=[b[:20] for b in BOMBS])
    def test_loaders(self, broken_pint: list[str], tmp_path: Path, bomb: str) -> None:
        """The catalog and CSV loaders and the CLI refuse bombs without pint."""
        assert _load_catalog(tmp_path, _catalog_text("500,000 bbl per 12 months"))
        assert _load_csv(_csv("44,655"))
        _cli_convert("1 bbl")
        with pytest.raises(sc.SanctionCalcError):
            _load_catalog(tmp_path, _catalog_text(f"{bomb} per 12 months"))
        with pytest.raises(sc.SanctionCalcError):
            _load_catalog(tmp_path, _catalog_text("ban", title=bomb + "\n"))
        with pytest.raises(sc.SanctionCalcError):
            _load_csv(_csv(bomb))
        with pytest.raises(sc.SanctionCalcError):
            _cli_convert(bomb)
        assert 1 == _cli.main(["cut", bomb, "1 bbl"])
        assert [] == broken_pint


_SCRIPT = textwrap.dedent(
    """
    import io, json, sys, tempfile
    from pathlib import Path
    {block}
    import sanctioncalc as sc
    from sanctioncalc._ledger.fields import parse_span
    from sanctioncalc import Ledger
    from sanctioncalc import _cli

    BOMBS = {bombs}
    PARSERS = [
        sc.Amount.parse, sc.parse_unit, sc.Percentage.parse, sc.Rate.parse,
        sc.ConversionFactor.parse, sc.Cap.parse, sc.DualCap.parse, sc.Ban.parse,
        sc.parse_measure, sc.Span.parse, sc.Periodic.parse, sc.Commodity.parse,
        sc.PriceCap.parse, parse_span, sc.factor, sc.catalog().instrument,
        lambda t: sc.cut("4,000,000 bbl", t), lambda t: sc.convert(t, "L"),
    ]
    bad = []
    for parse in PARSERS:
        for bomb in BOMBS:
            for text in (bomb, bomb + " per 12 months", "1 bbl or " + bomb + " per 12 months"):
                try:
                    parse(text)
                    bad.append(text[:40])
                except sc.SanctionCalcError:
                    pass
    folder = Path(tempfile.mkdtemp())
    for bomb in BOMBS:
        path = folder / "c.json"
        path.write_text(json.dumps({{"schema": "sanctioncalc.catalog/1", "instruments": [
            {{"symbol": bomb, "title": bomb, "date": bomb}}]}}))
        try:
            sc.Catalog.from_files(path)
            bad.append("catalog")
        except sc.CatalogError:
            pass
        text = "month,quantity,reporter\\n2023-01," + bomb[:100000] + ",R\\n"
        report = Ledger.from_csv(io.StringIO(text))
        if report.accepted:
            bad.append("csv")
        if _cli.main(["convert", bomb, "--to", "bbl"]) != 1:
            bad.append("cli")
    print(json.dumps({{"bad": bad, "pint": "pint" in sys.modules}}))
    """
)


def _run(block: str) -> dict[str, Any]:
    script = _SCRIPT.format(block=block, bombs=BOMBS_SOURCE)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=2,  # generous: the whole run takes a fraction of this; pint would hang
        check=False,
    )
    assert 0 == done.returncode, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


class TestInAFreshInterpreter:
    """The bombs, through every parser and loader, in a subprocess with a 2 s timeout."""

    def test_without_pint(self) -> None:
        """With ``import pint`` made impossible, every parser and loader refuses every bomb."""
        result = _run("sys.modules['pint'] = None  # any import of pint now fails")
        assert {"bad": [], "pint": True} == result  # the None placeholder, never a module

    def test_with_pint_available(self) -> None:
        """With pint importable, parsing still never imports it (it is loaded on first use)."""
        assert {"bad": [], "pint": False} == _run("")
