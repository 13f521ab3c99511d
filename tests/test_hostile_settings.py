"""Results do not change under a hostile global decimal context, whatever the library does.

A caller may set ``decimal.getcontext().prec = 3`` with traps on every rounding.  Every
operation, catalog query, ledger utilization and CLI command gives the same result inside
such a context, and also in a fresh interpreter whose global context was hostile before
sanctioncalc was imported (so its registry, factor tables and catalog were first built
under it).
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import io
import json
import subprocess
import sys
import warnings
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import sanctioncalc as sc
from sanctioncalc import Delivery, Ledger, Normalisation, PublishedTotal, _cli

HOSTILE = decimal.Context(
    prec=3,
    rounding=decimal.ROUND_DOWN,
    Emax=10,
    Emin=-10,
    traps=[
        decimal.Inexact,
        decimal.Rounded,
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Underflow,
        decimal.Subnormal,
        decimal.Clamped,
        decimal.FloatOperation,
    ],
)

#: The default context spelled out: decimal.Context() copies DefaultContext, which the
#: cold-start test makes hostile too.
PLAIN = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

CRUDE = "4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017"
COAL = "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017"


@functools.cache
def _foreign(kind: str) -> Any:
    import pint

    with decimal.localcontext(PLAIN):  # building a host's pint registry is the host's business
        if kind == "decimal":
            return pint.UnitRegistry(non_int_type=Decimal)
        return pint.UnitRegistry()


def _ledger() -> Ledger:
    return Ledger(
        [
            Delivery("2023-01", "44,655.123456 bbl", reporter="R", reported=date(2023, 2, 28)),
            Delivery("2023-02", "60,000.5 t", reporter="R", product="gas-oil-diesel"),
            Delivery(
                "Mar 2023 – Dec 2023",
                "50,523.5 bbl",
                reporter="R",
                ref="a",
                reported=date(2024, 1, 5),
            ),
        ],
        totals=[
            PublishedTotal("2023-01 – 2023-12", "105,845 bbl", reporter="R", product="unknown")
        ],
    )


def _cli_text(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = _cli.main(list(argv))
    return f"{code}\n{out.getvalue()}"


def _quantity(q: Any) -> str:
    return f"{q.magnitude!r} {q.units}"


def scenarios() -> dict[str, Callable[[], object]]:
    """Every kind of computation the library does, by name."""
    a, b = sc.Amount("4000001.5", "bbl"), sc.Amount("1.25", "kbbl")
    crude = sc.factor("ei-2021/crude-oil")
    ledger = _ledger()
    return {
        "amount text": lambda: (repr(a), str(a), sc.Amount.parse("4.5 million bbl")),
        "amount arithmetic": lambda: (a + b, a - b, -a, abs(-a), a * Decimal("1.123456"), a * 3),
        "amount comparison": lambda: (a == b, a < b, a >= b, hash(a) == hash(a.to("m3"))),
        "amount conversion": lambda: (a.to("L"), a.to("m3"), b.to("gal"), a.to("kbbl")),
        "amount rounding": lambda: (sc.Amount(1, "L").to("bbl", places=7), a.is_exact_in("gal")),
        "percentage": lambda: (
            str(sc.Percentage.parse("800/9 %")),
            format(sc.Percentage.parse("800/9 %"), ".6%"),
            sc.Percentage.parse("800/9 %").to_decimal(10),
            sc.Percentage.from_ratio(Fraction(2, 3)).rounded(5),
            sc.Percentage(Decimal("12.345")).complement(),
        ),
        "rate": lambda: (str(sc.break_even(sc.DualCap.parse(COAL))), crude.rate.rounded(4)),
        "cut and delta": lambda: (
            sc.cut("4,000,001 bbl", "3,000,000.5 bbl"),
            sc.cut("4,000,001 bbl", "3,000 kbbl"),
            sc.delta("4,000,001.25 bbl", "3,000 kbbl"),
            sc.delta("4,000,001 bbl", "3,000,000 bbl"),
            str(sc.compare(CRUDE, "3,000,000 bbl per 12 months from 22 Dec 2018")),
        ),
        "compose and invert": lambda: (
            sc.compose_cuts("55.5555 %", "75.123 %", "12.5 %"),
            sc.cap_for_cut("4,000,001 bbl", "33.3 %"),
            sc.cap_for_cut("4,000,001 bbl", "1/3 %", places=3),
        ),
        "convert with factors": lambda: (
            sc.convert("525,001 t", "bbl", factor=crude),
            sc.convert("525,001 bbl", "t", factor=crude, places=5),
            sc.convert("525,000 t", "bbl", factor=sc.implied_factor(sc.DualCap.parse(CRUDE))),
        ),
        "prorate and annualise": lambda: (
            sc.prorate(
                "2,000,001 bbl per 12 months from 1 Jan 2018",
                "1 Oct 2017 – 31 Dec 2017",
                basis="days",
                places=4,
            ),
            sc.prorate(
                "2,000,001 bbl per 12 months from 1 Jan 2018",
                "1 Oct 2017 – 31 Dec 2017",
                basis="months",
            ),
            sc.annualise("500,001 bbl for 1 Oct 2017 – 31 Dec 2017", basis="days", places=4),
        ),
        "binding limb": lambda: (
            str(sc.binding_limb(sc.DualCap.parse(COAL), "53.4493357 USD/t")),
            str(sc.binding_limb(sc.DualCap.parse(COAL), "70 USD/t")),
        ),
        "cumulative": lambda: str(
            sc.cumulative(
                "4,500,000.5 bbl/yr", "2,000,000 bbl per 12 months", "500,000 bbl per 12 months"
            )
        ),
        "catalog": lambda: [(m.id, str(m.measure), m.flags) for m in sc.catalog().measures()],
        "catalog queries": lambda: (
            str(sc.timeline("refined-petroleum")),
            str(sc.timeline("crude-oil")),
            str(sc.compare_instruments("2375", "2397")),
            str(sc.cumulative_restriction("refined-petroleum", "4,500,000 bbl/yr")),
        ),
        "catalog round trip": lambda: sc.catalog().to_json(),
        "price caps": lambda: (
            str(
                sc.applicable_cap(
                    jurisdiction="UK",
                    product="crude oil",
                    contract_date="2025-09-01",
                    loading_date="2025-10-10",
                )
            ),
            str(
                sc.check_price(
                    "47.60 USD/bbl",
                    delivered_price="56.10 USD/bbl",
                    freight="7.50 USD/bbl",
                    insurance="1.00 USD/bbl",
                )
            ),
            str(sc.compare_price_caps("60 USD/bbl", "47.60 USD/bbl")),
        ),
        "ledger utilization": lambda: (
            str(
                ledger.utilization(
                    "500,000 bbl per 12 months from 1 Jan 2023",
                    normalisation=Normalisation(table="unsd"),
                )
            ),
            [
                str(p.share)
                for p in ledger.utilization(
                    "4,000,000 bbl or 525,000 t per 12 months from 1 Jan 2023",
                    normalisation=Normalisation(table="ei-2021", fallback="ei-2021/crude-oil"),
                ).periods
            ],
        ),
        "ledger sensitivity": lambda: str(
            ledger.sensitivity(
                "500,000 bbl per 12 months from 1 Jan 2023", ["unsd", "ei-2021", "bp-older"]
            )
        ),
        "ledger reconcile": lambda: [
            str(r) for r in ledger.reconcile(normalisation=Normalisation(table="unsd"))
        ],
        "ledger csv": lambda: (
            ledger.to_csv(),
            str(Ledger.from_csv(io.StringIO(ledger.to_csv()))),
        ),
        "cli json": lambda: (
            _cli_text("cut", "4,000,001 bbl", "3,000,000.5 bbl", "--format", "json"),
            _cli_text(
                "convert",
                "525001 t",
                "--to",
                "bbl",
                "--factor",
                "ei-2021/crude-oil",
                "--places",
                "3",
            ),
        ),
        "cli catalog": lambda: (
            _cli_text("compare", "2375", "2397", "--format", "csv"),
            _cli_text("timeline", "crude-oil"),
            _cli_text("cumulative", "refined-petroleum", "--baseline", "4500000 bbl/yr"),
            _cli_text("show", "2397", "--format", "json"),
            _cli_text("factors"),
            _cli_text("list"),
        ),
        "our pint registry": lambda: (
            _quantity(sc.Amount("4000001.123", "bbl").to_pint()),
            _quantity(sc.Amount("3.5", "USD/bbl").to_pint()),
            sc.Amount.from_pint(sc.Amount("4000001.123", "kbbl").to_pint()),
        ),
        "foreign registries": lambda: (
            sc.Amount.from_pint(_foreign("float").Quantity(4000001.1, "barrel")),
            sc.Amount.from_pint(_foreign("decimal").Quantity(Decimal("4000001.1"), "barrel")),
            sc.Amount.from_pint(_foreign("decimal").Quantity(Decimal("4000001.1"), "ton")),
            _quantity(sc.Amount("4000001.123", "bbl").to_pint(_foreign("decimal"))),
            _quantity(sc.Amount("4000001.123", "t").to_pint(_foreign("float"))),
        ),
        "foreign via base units": lambda: sc.Amount.from_pint(
            _foreign("decimal").Quantity(Decimal("4000001.1"), "ft**3")
        ),
    }


def results(names: list[str] | None = None) -> dict[str, str]:
    """Each scenario's result as text (repr and str), or the exception it raised."""
    out: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sc.PrecisionLossWarning)
        for name, thunk in scenarios().items():
            if names is not None and name not in names:
                continue
            try:
                value = thunk()
                out[name] = repr(value) + "\n" + str(value)
            except Exception as error:  # recorded, so that a difference shows which one
                out[name] = f"raised {type(error).__name__}: {error}"
    return out


@functools.cache
def _reference() -> dict[str, str]:
    with decimal.localcontext(PLAIN):
        return results()


class TestHostileContext:
    """A hostile decimal context, entered around the calls, changes no result."""

    def test_reference_has_no_errors(self) -> None:
        """Every scenario runs in the default context (so the comparison means something)."""
        assert [] == [name for name, text in _reference().items() if text.startswith("raised")]

    @pytest.mark.parametrize("name", list(scenarios()))
    def test_same_results(self, name: str) -> None:
        """The same result, to the digit, under prec=3, ROUND_DOWN and every trap."""
        with decimal.localcontext(HOSTILE):
            actual = results([name])[name]
        assert _reference()[name] == actual

    def test_the_fixture_context_too(self, hostile_context: decimal.Context) -> None:
        """The shared hostile_context fixture changes nothing either."""
        with decimal.localcontext(hostile_context):
            actual = results()
        assert _reference() == actual


_SCRIPT = """
import decimal, importlib.util, json, sys
hostile = decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, traps=[
    decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.DivisionByZero,
    decimal.Overflow, decimal.FloatOperation])
decimal.setcontext(hostile)
decimal.DefaultContext.prec = 3  # threads started from here on inherit it too
decimal.DefaultContext.traps[decimal.Inexact] = True
spec = importlib.util.spec_from_file_location("hostile_settings", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)  # imports sanctioncalc: nothing is built yet
print(json.dumps(module.results()))
"""


class TestColdStartUnderHostileContext:
    """First use (registry, factor tables, catalog) under a hostile context gives the same."""

    def test_fresh_interpreter(self) -> None:
        """A fresh interpreter whose global context was hostile before any import."""
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(Path(__file__))],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert 0 == done.returncode, done.stderr[-3000:]
        actual = json.loads(done.stdout.splitlines()[-1])
        assert _reference() == actual
