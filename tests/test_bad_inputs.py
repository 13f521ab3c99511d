"""Bad input gets a clear, typed error: a table of distinct bad inputs across every entry point.

Each row names an entry point, the input, the documented sanctioncalc error (or warning) and
a pattern the message must match: the field at fault and how to fix it.  A wrong number, a
hang, a bare Python exception or a traceback on any of these is a bug (issue 6).

Beside the public API, this module tests internal contracts directly: ``parse_span`` (the
month-span parser every ledger loader shares).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import sanctioncalc as sc
from sanctioncalc import (
    Delivery,
    Ledger,
    LedgerError,
    Normalisation,
    PublishedTotal,
    UsageThresholds,
    _cli,
)
from sanctioncalc._ledger.fields import parse_span

A = sc.Amount
MB = "x" * 1_000_000  # a 1 MB string


# -- the row type and its lazily built inputs ---------------------------------------------------


@attrs.frozen
class Bad:
    """One bad input: where it goes, what it is, and what must come back."""

    entry: str
    args: tuple[Any, ...]
    error: type[Exception]
    match: str
    kwargs: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes a row distinct: the entry point and the input."""
        return (self.entry, _short_repr(self.args), _short_repr(self.kwargs))


def _short_repr(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_short_repr(v) for v in value) + ")"
    if (
        isinstance(value, int | Fraction)
        and value.denominator.bit_length() + abs(value.numerator).bit_length() > 3000
    ):  # repr() would raise
        bits = f"{value.numerator.bit_length()}/{value.denominator.bit_length()}"
        return f"<{type(value).__name__} of {bits} bits>"
    text = repr(value)
    return text if len(text) < 300 else f"{text[:150]}...<{len(text)} chars>...{text[-100:]}"


def m(field: str, fix: str) -> str:
    """A message pattern: '<field>: got ..., expected ...; <fix>' (fix is a regex)."""
    return rf"{re.escape(field)}: got [\s\S]*; [\s\S]*{fix}"


def cm(field: str, fix: str) -> str:
    """A catalog message pattern: '<file>: <record>: <field>: got ...; <fix>'."""
    return rf": {re.escape(field)}: got [\s\S]*; [\s\S]*{fix}"


@attrs.frozen
class Foreign:
    """A pint quantity from a foreign (host) registry, built when the row runs."""

    magnitude: Any
    unit: str
    registry: str = "float"  # float, decimal or redefined (barrel = 42 gallons)


@functools.cache
def _registry(kind: str) -> Any:
    import pint

    if kind == "decimal":
        return pint.UnitRegistry(non_int_type=Decimal)
    registry: pint.UnitRegistry[Any] = pint.UnitRegistry()
    if kind == "redefined":
        registry.define("barrel = 42 * gallon = bbl")
    return registry


@attrs.frozen
class CatalogDoc:
    """The bundled DPRK catalog document, changed by *change*, written to a file."""

    label: str
    change: Callable[[dict[str, Any]], object] = attrs.field(eq=False, repr=False)


@attrs.frozen
class RawFile:
    """A file of raw bytes."""

    label: str
    data: bytes = attrs.field(repr=False)
    suffix: str = ".json"


@attrs.frozen
class Registry:
    """A foreign pint registry itself (for to_pint)."""

    kind: str = "float"


_DPRK = json.loads(
    resources.files("sanctioncalc").joinpath("data/catalog/un-dprk-1718.json").read_text("utf-8")
)


def materialise(value: object, folder: Path) -> object:
    """Build a row's lazy input."""
    if isinstance(value, Foreign):
        return _registry(value.registry).Quantity(value.magnitude, value.unit)
    if isinstance(value, Registry):
        return _registry(value.kind)
    if isinstance(value, CatalogDoc):
        document = copy.deepcopy(_DPRK)
        value.change(document)
        path = folder / "catalog.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return path
    if isinstance(value, RawFile):
        path = folder / f"catalog{value.suffix}"
        path.write_bytes(value.data)
        return path
    return value


def _measure0(document: dict[str, Any]) -> dict[str, Any]:
    measure: dict[str, Any] = document["instruments"][0]["measures"][0]
    return measure


def _set(path: str, value: object) -> Callable[[dict[str, Any]], object]:
    """A change that sets a field: 'i0.date', 'm0.limit', 'm0.source.mark', 'top.sources'."""
    head, *rest = path.split(".")

    def change(document: dict[str, Any]) -> None:
        node: Any = {
            "top": document,
            "i0": document["instruments"][0],
            "m0": _measure0(document),
            "c0": document["commodities"][0],
        }[head]
        for key in rest[:-1]:
            node = node[key]
        node[rest[-1]] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], object]:
    head, *rest = path.split(".")

    def change(document: dict[str, Any]) -> None:
        node: Any = {"top": document, "i0": document["instruments"][0], "m0": _measure0(document)}[
            head
        ]
        for key in rest[:-1]:
            node = node[key]
        del node[rest[-1]]

    return change


# -- entry points ------------------------------------------------------------------------------

CRUDE = sc.factor("ei-2021/crude-oil")
NAIVE = datetime(2018, 1, 1)  # noqa: DTZ001 - a datetime where a date belongs is the bad input
NAIVE_MAY = datetime(2018, 5, 1)  # noqa: DTZ001
TOML_HEAD = b'schema = "sanctioncalc.catalog/1"\n'
TOML_DRAFT = TOML_HEAD + (
    b'[[regimes]]\nkey = "r"\ntitle = "t"\nprogram_key = "p"\nurl = "https://x"\n'
    b'[[instruments]]\nsymbol = "x"\nkind = "draft"\ntitle = "t"\ndate = 2017-01-01\n'
    b'status = "adopted"\nregime = "r"\nsource = {url = "https://x", mark = "V"}\n'
)
COAL = "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months"
REFINED = "500,000 bbl per 12 months from 1 Jan 2023"
ONE = Ledger([Delivery("2023-01", "5 bbl", reporter="R")])


def _csv_text(text: str) -> Any:
    return Ledger.from_csv(io.StringIO(text))


def _format(spec: str) -> str:
    return format(sc.Percentage(25), spec)


ENTRY: dict[str, Callable[..., object]] = {
    "Amount": A,
    "Amount.parse": A.parse,
    "Amount.from_fraction": A.from_fraction,
    "Amount.from_pint": A.from_pint,
    "Amount.from_pint→to": lambda q, unit: A.from_pint(q).to(unit),
    "Amount.to_pint": lambda amount, registry: amount.to_pint(registry),
    "Amount.to": lambda amount, unit, **kw: amount.to(unit, **kw),
    "Amount.ensure_non_negative": lambda amount: amount.ensure_non_negative("limit"),
    "Amount +": lambda a, b: a + b,
    "Amount -": lambda a, b: a - b,
    "Amount <": lambda a, b: a < b,
    "Amount *": lambda a, b: a * b,
    "Unit.parse": sc.Unit.parse,
    "parse_unit": sc.parse_unit,
    "Percentage": sc.Percentage,
    "Percentage.parse": sc.Percentage.parse,
    "Percentage.from_ratio": sc.Percentage.from_ratio,
    "Percentage.to_decimal": lambda places: sc.Percentage(25).to_decimal(places),
    "format(Percentage)": _format,
    "Rate": sc.Rate,
    "Rate.parse": sc.Rate.parse,
    "ConversionFactor": sc.ConversionFactor,
    "ConversionFactor.parse": sc.ConversionFactor.parse,
    "factor": sc.factor,
    "Cap": sc.Cap,
    "Cap.parse": sc.Cap.parse,
    "DualCap": sc.DualCap,
    "DualCap.parse": sc.DualCap.parse,
    "DualCap.limb": lambda text: sc.DualCap.parse("5 bbl or 5 t per 12 months").limb(text),
    "Ban": sc.Ban,
    "Ban.parse": sc.Ban.parse,
    "parse_measure": sc.parse_measure,
    "Freeze": sc.Freeze,
    "Commodity": sc.Commodity,
    "Commodity.parse": sc.Commodity.parse,
    "Span": sc.Span,
    "Span.inclusive": sc.Span.inclusive,
    "Span.parse": sc.Span.parse,
    "Periodic": sc.Periodic,
    "Periodic.parse": sc.Periodic.parse,
    "Periodic.nth": lambda index: sc.Periodic(12, date(2018, 1, 1)).nth(index),
    "Periodic.index_of": lambda periodic, day: periodic.index_of(day),
    "PriceCap.parse": sc.PriceCap.parse,
    "cut": sc.cut,
    "delta": sc.delta,
    "compare": sc.compare,
    "compose_cuts": sc.compose_cuts,
    "cap_for_cut": sc.cap_for_cut,
    "convert": sc.convert,
    "prorate": sc.prorate,
    "annualise": sc.annualise,
    "break_even": lambda text: sc.break_even(sc.DualCap.parse(text)),
    "implied_factor": lambda text: sc.implied_factor(sc.DualCap.parse(text)),
    "binding_limb": lambda text, price: sc.binding_limb(sc.DualCap.parse(text), price),
    "cumulative": sc.cumulative,
    "Catalog.from_files": sc.Catalog.from_files,
    "Catalog.write": lambda path: sc.catalog().write(path),
    "catalog().instrument": lambda symbol: sc.catalog().instrument(symbol),
    "catalog().measure": lambda measure_id: sc.catalog().measure(measure_id),
    "catalog().commodity": lambda name: sc.catalog().commodity(name),
    "catalog().measures": lambda name: sc.catalog().measures(name),
    "timeline": sc.timeline,
    "compare_instruments": sc.compare_instruments,
    "cumulative_restriction": sc.cumulative_restriction,
    "Delivery": Delivery,
    "PublishedTotal": PublishedTotal,
    "Ledger": Ledger,
    "UsageThresholds": UsageThresholds,
    "Normalisation": Normalisation,
    "parse_span": parse_span,
    "Ledger.utilization": ONE.utilization,
    "Ledger.from_csv": Ledger.from_csv,
    "Ledger.from_csv(text)": _csv_text,
    "Ledger.from_rows": Ledger.from_rows,
    "Ledger.reconcile": lambda ledger: ledger.reconcile(),
}


# -- the table ---------------------------------------------------------------------------------


def rows(
    entry: str, error: type[Exception], match: str, *inputs: object, **kwargs: Any
) -> list[Bad]:
    """One row per input, each passed as the single positional argument."""
    return [Bad(entry, (i,), error, match, tuple(sorted(kwargs.items()))) for i in inputs]


IA, PE, UU, AU = sc.InvalidAmountError, sc.ParseError, sc.UnknownUnitError, sc.AmbiguousUnitError
UM, IC, IP, ZB = (
    sc.UnitMismatchError,
    sc.InvalidCapError,
    sc.InvalidPeriodError,
    sc.ZeroBaselineError,
)
IE, CE, NF = sc.InexactResultError, sc.CatalogError, sc.InstrumentNotFoundError
PM = sc.PeriodMismatchError

NAN_FIX = "NaN and infinities have no amount"
BIG_FIX = "no sanctions figure is this large"
FINE_FIX = "no sanctions figure is that fine"
AMBIGUOUS_FIX = r"write 'kb(bl|/d)'"
LISTED_UNIT = r"use a listed unit; see sanctioncalc\.known_units\(\)"
CLI_LISTED_UNIT = "use a listed unit; see the units listed in the reference docs"
DIGITS = "write the number out in digits"
PLACES_FIX = "pass places=2 to round half-up"

CASES: list[Bad] = [
    # Amount(value, unit): non-numbers, non-finite numbers, enormous and tiny exponents.
    *[
        Bad("Amount", (value, "bbl"), IA, m("Amount.value", NAN_FIX))
        for value in (
            float("nan"),
            float("inf"),
            float("-inf"),
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("-Infinity"),
        )
    ],
    *[
        Bad("Amount", (value, "bbl"), IA, m("Amount.value", BIG_FIX))
        for value in (10**30, -(10**30), Decimal("1E+30"), Decimal("1E+99999999"), 1e300, 10**5000)
    ],
    *[
        Bad("Amount", (value, "t"), IA, m("Amount.value", FINE_FIX))
        for value in (Decimal("1E-41"), Decimal("1E-99999999"), 5e-324, 1e-300)
    ],
    *[
        Bad("Amount", (value, "bbl"), IA, m("Amount.value", fix))
        for value, fix in (
            (True, "pass an int, str, Decimal or Fraction"),
            (None, "convert the NoneType to one of those first"),
            ([], "convert the list to one of those first"),
            (1 + 2j, "convert the complex to one of those first"),
            ("1e5", "without units, exponents or thousands separators"),
            ("10**10", "without units, exponents or thousands separators"),
            ("0x10", "without units, exponents or thousands separators"),
            ("4,000,000", "without units, exponents or thousands separators"),
            ("12 bbl", "without units, exponents or thousands separators"),
            ("", "without units, exponents or thousands separators"),
        )
    ],
    Bad("Amount", (Fraction(1, 3), "bbl"), IE, m("Amount.value", "pass places=N to round")),
    # Units: unknown, ambiguous (Mbbl), period words, malformed quotients, overlong, control.
    *[Bad("Amount", (1, unit), AU, m("unit", AMBIGUOUS_FIX)) for unit in ("Mbbl", "MBBL", "Mbbls")],
    *rows(
        "parse_unit", AU, m("unit", AMBIGUOUS_FIX), "Mbbl", "mbbl", "MBbl", "Mb/d", "mb/d", "MBD"
    ),
    *rows("Unit.parse", AU, m("unit", AMBIGUOUS_FIX), "mbbls"),
    *rows(
        "parse_unit",
        UU,
        m("unit", r"a per-period limit is a cap: write e\.g\. Cap\.parse"),
        "year",
        "yr",
        "months",
        "week",
    ),
    *rows(
        "parse_unit",
        UU,
        m("unit", LISTED_UNIT),
        "parsec",
        "kilobarrel",
        "megabarrel",
        "bbl/",
        "/t",
        "10**10**10",
        "ｂｂｌ",
        "bbl per",
        "oil barrel of crude",
    ),
    *rows(
        "parse_unit",
        UU,
        m("unit", r"use a listed unit|pass a string such as 'bbl'"),
        "",
        " ",
        "x" * 41,
        "bbl\x00",
        "bbl\u202e",
        None,
        5,
        MB,
    ),
    *rows(
        "parse_unit",
        UU,
        m("unit", "write a simple unit over a simple unit"),
        "bbl/t/d",
        "USD/bbl/d",
        "USD//t",
    ),
    # Amount.parse: untrusted text never reaches pint's evaluator; numbers are read here.
    *rows(
        "Amount.parse",
        PE,
        m("Amount", "exponents and arithmetic are not read; " + DIGITS),
        "10**10**10 barrel",
        "9**9**9 t",
        "2**64 bbl",
        "5*3 bbl",
        "1,00 bbl",
        "1_000 bbl",
    ),
    *rows(
        "Amount.parse",
        PE,
        m("Amount", DIGITS),
        "1e400 bbl",
        "5e3 t",
        "5E+3 t",
        "5.e3 t",
    ),
    *rows(
        "Amount.parse",
        PE,
        m("Amount", "write digits"),
        "nan bbl",
        "inf bbl",
        "Infinity t",
        "-inf t",
        "bbl",
        "",
        "   ",
        "five bbl",
        "US$$5",
        "(5) bbl",
    ),
    *rows(
        "Amount.parse",
        PE,
        m("Amount", "pass one amount such as '4,000,000 bbl'"),
        MB,
        "5 bbl\x00",
        "5\tbbl",
        "5 bbl\n",
        "5 bbl\u202e",
        "1" * 201 + " bbl",
    ),
    *rows("Amount.parse", PE, m("Amount", "add a unit"), "5", "4,000,000", "-12.5"),
    *rows("Amount.parse", PE, m("Amount", "put either a currency sign or a unit"), "US$5 bbl"),
    *rows("Amount.parse", PE, m("Amount", "pass text"), None, 5, b"5 bbl"),
    *rows("Amount.parse", AU, m("unit", AMBIGUOUS_FIX), "5 Mbbl", "5 mbbl", "4.5 MBbl"),
    *rows("Amount.parse", UU, m("unit", LISTED_UNIT), "5 parsec", "5 ｂｂｌ"),
    *rows(
        "Amount.parse",
        UU,
        m("unit", r"use a listed unit|simple unit over a simple unit"),
        "5 bbl per 12 months",
        "5 USD/EUR/t",
    ),
    *rows("Amount.parse", IA, m("Amount.value", BIG_FIX), "1" + "0" * 30 + " bbl"),
    *rows("Amount.parse", IA, m("Amount.value", FINE_FIX), "0." + "0" * 45 + "1 bbl"),
    # Arithmetic on amounts: wrong dimensions, mixed currencies.
    Bad(
        "Amount +",
        (A(1, "bbl"), A(1, "t")),
        UM,
        m("addition", r"sc\.factor\(NAME\); see sanctioncalc\.factor_names"),
    ),
    Bad("Amount +", (A(1, "bbl"), A(1, "USD")), UM, m("addition", "meet only at a price")),
    Bad("Amount +", (A(1, "USD"), A(1, "EUR")), UM, m("addition", "meet only at an exchange rate")),
    Bad("Amount -", (A(1, "t"), A(1, "GJ")), UM, m("subtraction", "cannot be converted")),
    Bad(
        "Amount <", (A(1, "USD"), A(1, "EUR")), UM, m("comparison", "meet only at an exchange rate")
    ),
    Bad(
        "Amount <",
        (A(1, "bbl"), A(1, "t")),
        UM,
        m("comparison", "meet only through a named factor for the product"),
    ),
    Bad("Amount *", (A(1, "bbl"), Decimal("NaN")), IA, m("factor", NAN_FIX)),
    Bad("Amount *", (A(1, "bbl"), Decimal("-Infinity")), IA, m("factor", NAN_FIX)),
    Bad("Amount *", (A(1, "bbl"), 10**40), IA, m("factor", BIG_FIX)),
    Bad("Amount *", (A(1, "bbl"), Fraction(1, 3)), IE, m("Amount.value", "pass places=N")),
    Bad(
        "Amount.ensure_non_negative",
        (A(-1, "bbl"),),
        IA,
        m("limit", "a limit cannot be negative"),
    ),
    # Conversions: bbl vs t without a factor, bbl vs USD, inexact results, bad places.
    Bad("Amount.to", (A(1, "bbl"), "t"), UM, m("unit", r"pass factor=sc\.factor\(NAME\)")),
    Bad("Amount.to", (A(1, "bbl"), "USD"), UM, m("unit", "meet only at a price")),
    Bad("Amount.to", (A(1, "gal"), "bbl"), IE, m("Amount in bbl", "pass places=N")),
    Bad("Amount.to", (A(1, "L"), "bbl"), IE, m("Amount in bbl", "pass places=N")),
    *[
        Bad("Amount.to", (A(1, "L"), "bbl"), IA, m("places", PLACES_FIX), (("places", p),))
        for p in (-1, 41, 10**6, 1.5, "2", True)
    ],
    Bad("Amount.from_fraction", (Fraction(1, 3), "bbl"), IE, m("Amount.value", "pass places=N")),
    Bad(
        "Amount.from_fraction",
        (Fraction(1, 5**100_000), "bbl"),
        IE,
        m("Amount.value", "pass places=N"),
    ),
    Bad("Amount.from_fraction", (Fraction(10**5000), "bbl"), IA, m("Amount.value", BIG_FIX)),
    Bad("convert", ("1 t", "bbl"), UM, m("to", r"sc\.factor\(NAME\)")),
    Bad("convert", ("1 bbl", "USD"), UM, m("to", "meet only at a price")),
    Bad(
        "convert",
        ("1 bbl", "USD"),
        UM,
        m("factor", "choose a factor whose units match"),
        (("factor", CRUDE),),
    ),
    Bad("convert", ("1 bbl", "t"), IE, m("Amount.value", "pass places=N"), (("factor", CRUDE),)),
    Bad(
        "convert", ("1 bbl", "t"), IA, m("places", PLACES_FIX), (("factor", CRUDE), ("places", -3))
    ),
    Bad("convert", ("5 Mbbl", "bbl"), AU, m("unit", AMBIGUOUS_FIX)),
    Bad(
        "convert",
        ("1 short ton", "bbl"),
        UM,
        m("to", "meet only through a named factor for the product"),
    ),
    # pint at the boundary: foreign barrels and tons convert exactly, or a wrong ask raises.
    Bad(
        "Amount.from_pint→to",
        (Foreign(1, "barrel"), "t"),
        UM,
        m("unit", "meet only through a named factor for the product"),
    ),
    Bad(
        "Amount.from_pint→to",
        (Foreign(1, "ton"), "bbl"),
        UM,
        m("unit", "meet only through a named factor for the product"),
    ),
    Bad(
        "Amount.from_pint→to", (Foreign(1, "barrel"), "USD"), UM, m("unit", "meet only at a price")
    ),
    Bad(
        "Amount.from_pint→to", (Foreign(1, "barrel", "decimal"), "t"), UM, m("unit", "named factor")
    ),
    Bad("Amount.from_pint→to", (Foreign(1, "gallon"), "bbl"), IE, m("Amount in bbl", "places=N")),
    *[
        Bad("Amount.from_pint", (Foreign(value, "oil_barrel"),), IA, m("quantity.magnitude", fix))
        for value, fix in (
            (float("nan"), NAN_FIX),
            (float("inf"), NAN_FIX),
            (1e300, BIG_FIX),
            (1e-300, FINE_FIX),
        )
    ],
    Bad(
        "Amount.from_pint",
        (Foreign(Decimal("NaN"), "barrel", "decimal"),),
        IA,
        m("quantity.magnitude", NAN_FIX),
    ),
    Bad(
        "Amount.from_pint",
        (Foreign(1 + 1j, "oil_barrel"),),
        UU,
        m("quantity.magnitude", "pass one quantity at a time"),
    ),
    *[
        Bad("Amount.from_pint", (Foreign(1, unit),), UU, m("quantity.units", "convert to barrels"))
        for unit in ("meter", "month", "year", "barrel / day", "dimensionless", "kelvin")
    ],
    *rows("Amount.from_pint", UU, m("quantity", "pass ureg.Quantity"), 5, "5 bbl", A(5, "bbl")),
    *[
        Bad("Amount.from_pint", (Foreign(1, unit, reg),), sc.PrecisionLossWarning, pattern)
        for unit, reg, pattern in (
            ("ft**3", "float", r"unit 'foot \*\* 3' is not in sanctioncalc's exact table"),
            ("imperial_gallon", "float", r"'imperial_gallon' is not in sanctioncalc's exact table"),
            ("kilobarrel", "float", r"'kilobarrel' is not in .* may lose precision"),
            ("Mbbl", "float", r"'megabarrel' is not in .* may lose precision"),
            ("kilotonne", "float", r"'kilometric_ton' is not in .* may lose precision"),
            ("barrel", "redefined", r"'barrel' is not in .* may lose precision"),
            ("ft**3", "decimal", r"'foot \*\* 3' is not in .* may lose precision"),
        )
    ],
    Bad("Amount.to_pint", (A(3, "USD/bbl"), Registry()), UU, m("registry", "registry=None")),
    Bad("Amount.to_pint", (A(3, "USD"), Registry()), UU, m("registry", "convert to a common unit")),
    Bad(
        "Amount.to_pint", (A(3, "items"), Registry()), UU, m("registry", "convert to a common unit")
    ),
    Bad("Amount.to_pint", (A(3, "bbl"), 5), UU, m("registry", "convert to a common unit")),
    # Percentages: non-finite, zero denominators, tiny exponents, bad format specs.
    *rows(
        "Percentage.parse",
        PE,
        m("Percentage", "write a number followed by '%'"),
        "nan %",
        "inf %",
        "5",
        "%",
        "",
        MB,
        "10**10 %",
        "1e5 %",
        "5 % %",
        None,
    ),
    *rows(
        "Percentage.parse",
        IA,
        m("Percentage", "without units, exponents"),
        "1/" + "9" * 1200 + " %",
    ),
    *rows("Percentage.parse", IA, m("Percentage", "fix the fraction"), "1/0 %", "0/0 %", "5/0 %"),
    *rows("Percentage.parse", IA, m("Percentage", BIG_FIX), "1" + "0" * 100 + " %"),
    *rows("Percentage", IA, m("Percentage.percent", NAN_FIX), float("nan"), Decimal("-Infinity")),
    *rows("Percentage", IA, m("Percentage.percent", FINE_FIX), Decimal("1E-99999999"), 5e-324),
    *rows("Percentage", IA, m("Percentage.percent", "simplify or round it"), Fraction(1, 10**1001)),
    *rows("Percentage", IA, m("Percentage.percent", "pass an int, str"), True),
    *rows("Percentage", IA, m("Percentage.percent", "write the number without units"), "25 %"),
    *rows("Percentage.from_ratio", IA, m("ratio", NAN_FIX), float("nan")),
    *rows("Percentage.to_decimal", IA, m("places", PLACES_FIX), -1, 1.5, 41),
    *rows("format(Percentage)", PE, m("format spec", r"use '\.2%'"), "x", ".2f", ">10"),
    *rows("format(Percentage)", IA, m("places", PLACES_FIX), ".1000000%"),
    # Rates and factors.
    *rows(
        "Rate.parse",
        PE,
        m("Rate", "write the value, a space, then the unit"),
        "5",
        "USD/t",
        "",
        MB,
        None,
    ),
    *rows("Rate.parse", IA, m("Rate.value", "a factor or price is > 0"), "0 USD/t", "-5 USD/t"),
    *rows("Rate.parse", IA, m("Rate.value", "fix the fraction"), "1/0 USD/t"),
    *rows(
        "Rate.parse",
        IA,
        m("Rate.value", "without units, exponents"),
        "nan USD/t",
        "10**10 USD/t",
        # Thousands are grouped in threes, before the point and in the numerator only.
        "1,50 USD/t",
        "1500,000 USD/t",
        "1,500.000,1 USD/t",
        "3/1,000 USD/t",
        ",500 USD/t",
    ),
    *rows("Rate.parse", UU, m("unit", "simple unit over a simple unit"), "5 USD/t/d"),
    *rows("Rate.parse", AU, m("unit", AMBIGUOUS_FIX), "5 USD/Mbbl"),
    Bad("Rate", (0, "USD/t"), IA, m("Rate.value", "a factor or price is > 0")),
    Bad("Rate", (Decimal("NaN"), "USD/t"), IA, m("Rate.value", NAN_FIX)),
    *rows(
        "ConversionFactor.parse",
        PE,
        m("ConversionFactor", "my-table/crude | 7.33 bbl/t"),
        "x",
        "a | b | c",
        MB,
        "a | 1 t/bbl | x|y |  |  |  | U",
    ),
    *rows(
        "ConversionFactor.parse", PE, m("ConversionFactor", "to-unit per from-unit"), "n | 7.33 bbl"
    ),
    *rows("ConversionFactor.parse", IA, m("Rate.value", "> 0"), "n | 0 bbl/t"),
    *rows(
        "ConversionFactor.parse",
        UM,
        m("ConversionFactor.to_unit", r"Amount\.to\(\)"),
        "n | 7.33 bbl/gal",
    ),
    *rows(
        "ConversionFactor.parse",
        IC,
        m("ConversionFactor.mark", "mark how"),
        "n | 7.33 bbl/t | p | t | e | s | Q",
    ),
    *rows(
        "ConversionFactor.parse", IA, m("ConversionFactor.name", "'|' separates"), " | 7.33 bbl/t"
    ),
    Bad(
        "ConversionFactor", ("a|b", 1, "bbl", "t"), IA, m("ConversionFactor.name", "'|' separates")
    ),
    Bad("ConversionFactor", (None, 1, "bbl", "t"), IA, m("ConversionFactor.name", "'|' separates")),
    Bad(
        "ConversionFactor",
        ("n", 1, "bbl", "t"),
        IA,
        m("ConversionFactor.product", "'|'"),
        (("product", "a\nb"),),
    ),
    Bad(
        "ConversionFactor",
        ("n", 1, "USD/bbl", "t"),
        UM,
        m("ConversionFactor.from_unit", "a price is a Rate"),
    ),
    Bad(
        "ConversionFactor",
        ("n", 1, "bbl", "gal"),
        UM,
        m("ConversionFactor.to_unit", r"use Amount\.to\(\)"),
    ),
    Bad("ConversionFactor", ("n", -1, "bbl", "t"), IA, m("ConversionFactor.value", "> 0")),
    *rows(
        "factor",
        sc.FactorNotFoundError,
        m("factor", r"ConversionFactor\(\.\.\.\)"),
        "nope",
        None,
        MB,
    ),
    *rows(
        "factor",
        sc.FactorNotFoundError,
        m("factor", r"did you mean 'ei-2021/crude-oil'"),
        "ei-2021/crude",
    ),
    # Measures: negative limits, rates as limits, empty and reversed periods, bad commodities.
    *rows("Cap.parse", PE, m("Cap", "use DualCap.parse"), "5 bbl or 5 t per 12 months", "ban"),
    *rows(
        "Cap.parse",
        PE,
        m("measure", "e.g. '500,000 bbl per 12 months"),
        "5 bbl",
        "",
        "per 12 months",
    ),
    *rows("Cap.parse", PE, m("Amount", DIGITS), "10**10**10 bbl per 12 months", "9**9**9 t/yr"),
    *rows("Cap.parse", PE, m("Amount", "write digits"), "nan bbl per 12 months"),
    *rows("Cap.parse", IC, m("Cap.limit", "a limit cannot be negative"), "-5 bbl per 12 months"),
    *rows(
        "Cap.parse", IC, m("Cap.limit", "a price ceiling is a price cap"), "5 bbl/d per 12 months"
    ),
    *rows(
        "Cap.parse",
        IP,
        m("Periodic.months", r"Periodic\(12, anchor\)"),
        "5 bbl per 0 months",
        "5 bbl per 1201 months",
    ),
    *rows("Cap.parse", PE, m("Span", "give the first and last day"), "5 bbl per fortnight"),
    *rows(
        "Cap.parse",
        PE,
        m("Periodic.anchor", "a real calendar date"),
        "5 bbl per 12 months from 31 Feb 2018",
    ),
    *rows(
        "Cap.parse",
        IP,
        m("Periodic.anchor", "check the year"),
        "5 bbl per 12 months from 1 Jan 2201",
    ),
    *rows(
        "Cap.parse",
        IP,
        m("Span.last", "give the dates in order"),
        "5 bbl for 1 Jan 2018 – 1 Jan 2017",
    ),
    *rows("Cap.parse", PE, m("Commodity", "give a slug name"), "5 bbl per 12 months [Crude Oil]"),
    *rows(
        "Cap.parse",
        IC,
        m("Commodity.hs_code", "digits without dots"),
        "5 bbl per 12 months [coal, import, HS 123]",
    ),
    *rows(
        "Cap.parse", PE, m("measure", "e.g. '500,000 bbl"), "x" * 401, "5 bbl per 12 months\x00", MB
    ),
    *rows("Cap.parse", AU, m("unit", AMBIGUOUS_FIX), "5 Mbbl per 12 months"),
    *rows("DualCap.parse", PE, m("DualCap", "use Cap.parse"), "5 bbl per 12 months"),
    *rows(
        "DualCap.parse",
        IC,
        m("DualCap.limbs", "limbs of one dimension are one limit"),
        "5 bbl or 5 gal per 12 months",
    ),
    *rows(
        "DualCap.parse",
        IC,
        m("DualCap.limbs", "a limit cannot be negative"),
        "5 bbl or -5 t per 12 months",
    ),
    *rows(
        "DualCap.parse",
        PE,
        m("measure", "join the limbs with 'or'"),
        "5 bbl, whichever is lower, per 12 months",
    ),
    *rows("Ban.parse", PE, m("Ban", "use Cap.parse"), "5 bbl per 12 months"),
    *rows(
        "Ban.parse",
        PE,
        m("Ban.start", "a real calendar date"),
        "ban from 31 Feb 2017",
        "ban from someday",
    ),
    *rows("Ban.parse", IP, m("Ban.start", "check the year"), "ban from 1 Jan 1800"),
    *rows(
        "Ban.parse",
        IC,
        m("Ban.exemptions", "describe each exemption"),
        "ban except ;",
        "ban except a;;b",
    ),
    *rows(
        "parse_measure",
        PE,
        m("measure", "e.g. '500,000 bbl"),
        None,
        5,
        "limit",
        "5 bbl during 2018",
    ),
    Bad("Cap", (A(-1, "bbl"), "12 months"), IC, m("Cap.limit", "a limit cannot be negative")),
    Bad("Cap", (A(1, "bbl/d"), "12 months"), IC, m("Cap.limit", "a price ceiling is a price cap")),
    Bad("Cap", (5.0, "12 months"), IC, m("Cap.limit", r"build Amount\(value, unit\)")),
    Bad("Cap", ("5 bbl", 12), IC, m("Cap.period", r"build Periodic\(12")),
    Bad("Cap", ("5 bbl", "12 months"), IC, m("commodity", "build Commodity"), (("commodity", 5),)),
    Bad(
        "DualCap", (("5 bbl",), "12 months"), IC, m("DualCap.limbs", "a cap with one limb is a Cap")
    ),
    Bad("DualCap", ("5 bbl", "12 months"), IC, m("DualCap.limbs", r"pass a tuple such as")),
    Bad(
        "DualCap",
        (("5 bbl", "5 t"), "12 months"),
        IC,
        m("DualCap.rule", r"pass a sanctioncalc\.LimbRule"),
        (("rule", "lowest"),),
    ),
    *rows("DualCap.limb", IC, m("DualCap.limbs", "ask for one of the limbs' units"), "USD", "EUR"),
    *rows("DualCap.limb", UU, m("unit", LISTED_UNIT), "zzz", "currency:EUR"),
    Bad(
        "Ban",
        (),
        IC,
        m("Ban.exemptions", r"pass e\.g\. \('livelihood',\)"),
        (("exemptions", "livelihood"),),
    ),
    Bad("Ban", (), IC, m("Ban.exemptions", "describe each exemption"), (("exemptions", ("a;b",)),)),
    *[
        Bad("Ban", (), IC, m("Ban.exemptions", "describe each exemption"), (("exemptions", (e,)),))
        for e in (" livelihood", "livelihood\r", "a\x00b", "a\u202eb")
    ],
    Bad("Ban", (), IP, m("Ban.start", r"pass date\(2018, 1, 1\)"), (("start", NAIVE),)),
    Bad("Ban", (), PE, m("Commodity", "give a slug name"), (("commodity", "Crude Oil"),)),
    Bad("Freeze", ("", "12 months"), IC, m("Freeze.baseline", "quote what the text freezes at")),
    Bad(
        "Freeze",
        ("x" * 301, "12 months"),
        IC,
        m("Freeze.baseline", "quote what the text freezes at"),
    ),
    Bad(
        "Freeze", ("x", "12 months"), IC, m("Freeze.estimate", "pass Cap.parse"), (("estimate", 5),)
    ),
    Bad(
        "Freeze",
        ("x", "12 months"),
        PE,
        m("Amount", "write digits"),
        (("estimate", "nan bbl per 12 months"),),
    ),
    *rows(
        "Commodity.parse",
        PE,
        m("Commodity", "give a slug name"),
        "Crude Oil",
        "",
        "x" * 120,
        None,
        "coal, sideways",
    ),
    Bad("Commodity", ("x",), IC, m("Commodity.hs_code", "without dots"), (("hs_code", "123"),)),
    Bad(
        "Commodity",
        ("x", "sideways"),
        IC,
        m("Commodity.direction", r"pass a sanctioncalc\.Direction"),
    ),
    Bad("Commodity", ("Crude Oil",), IC, m("Commodity.name", "use lowercase letters")),
    # Periods: dates out of order, empty spans, years out of range, months out of range.
    Bad("Span", (date(2018, 1, 2), date(2018, 1, 1)), IP, m("Span.end", "give the dates in order")),
    Bad("Span", (date(2018, 1, 1), date(2018, 1, 1)), IP, m("Span.end", "give the dates in order")),
    Bad(
        "Span",
        (NAIVE, date(2018, 1, 3)),
        IP,
        m("Span.start", r"pass date\(2018, 1, 1\)"),
    ),
    Bad("Span", ("2018-01-01", date(2018, 1, 3)), IP, m("Span.start", r"pass date\(2018, 1, 1\)")),
    Bad("Span", (date(1, 1, 1), date(2018, 1, 3)), IP, m("Span.start", "check the year")),
    Bad("Span.inclusive", (date(2018, 1, 1), date.max), IP, m("Span.last", "check the year")),
    Bad(
        "Span.inclusive", (None, date(2018, 1, 1)), IP, m("Span.start", r"pass date\(2018, 1, 1\)")
    ),
    *rows("Span.parse", IP, m("Span.last", "give the dates in order"), "1 Jan 2018 – 31 Dec 2017"),
    *rows(
        "Span.parse",
        PE,
        m("Span.first", "a real calendar date"),
        "31 Feb 2018 – 1 Mar 2018",
        "1 Smarch 2018 – 1 Jan 2019",
    ),
    *rows(
        "Span.parse",
        PE,
        m("Span", "separated by ' – ', ' to ' or '..'"),
        "1 Jan 2018",
        "",
        "x" * 101,
        "1 Jan 2018 – 2 Jan 2018 – 3 Jan 2018",
    ),
    *rows("Span.parse", IP, m("Span.first", "check the year"), "1 Jan 1899 – 1 Jan 1900"),
    *rows(
        "Periodic",
        IP,
        m("Periodic.months", r"Periodic\(12, anchor\)"),
        0,
        1201,
        True,
        12.0,
        10**5000,
        -12,
    ),
    Bad("Periodic", (12, NAIVE), IP, m("Periodic.anchor", r"pass date\(2018, 1, 1\)")),
    Bad("Periodic", (12, date(1800, 1, 1)), IP, m("Periodic.anchor", "check the year")),
    *rows("Periodic.nth", IP, m("period", "count fewer periods from the anchor"), 10**6, -(10**6)),
    *rows("Periodic.nth", IP, m("Span.start", "check the year"), 200),
    Bad(
        "Periodic.index_of",
        (sc.Periodic(12), date(2018, 1, 1)),
        IP,
        m("Periodic.anchor", "give the date the periods count from"),
    ),
    Bad(
        "Periodic.index_of",
        (sc.Periodic(12, date(2018, 1, 1)), NAIVE_MAY),
        IP,
        m("day", r"pass date\(2018, 1, 1\)"),
    ),
    *rows(
        "Periodic.parse",
        PE,
        m("Periodic", "give a number of months"),
        "12 weeks",
        "",
        "x" * 101,
        "month",
        "12 months from",
        None,
    ),
    *rows("Periodic.parse", IP, m("Periodic.months", r"Periodic\(12, anchor\)"), "0 months"),
    *rows(
        "Periodic.parse",
        PE,
        m("Periodic.anchor", "a real calendar date"),
        "12 months from 31 Feb 2018",
    ),
    *rows(
        "PriceCap.parse",
        PE,
        m("PriceCap", "give the price, the class"),
        "60 USD/bbl",
        "",
        MB,
        "60 USD/bbl for petrol in EU from 5 Dec 2022",
    ),
    *rows(
        "PriceCap.parse",
        IP,
        m("PriceCap.effective_until", "the first day the cap no longer applies"),
        "60 USD/bbl for crude in EU from 5 Dec 2022 to 1 Dec 2022",
    ),
    *rows(
        "PriceCap.parse",
        PE,
        m("Amount", DIGITS),
        "10**10**10 USD/bbl for crude in EU from 5 Dec 2022",
    ),
    # Operations: zero baselines, wrong dimensions, mixed currencies, periods of other lengths.
    *[
        Bad("cut", (old, new), ZB, m("old", fix))
        for old, new, fix in (
            ("0 bbl", "5 bbl", "from a ban \\(zero\\) only the delta exists"),
            ("0 t", "0 t", "from a ban \\(zero\\) only the delta exists"),
            ("ban", "5 bbl", "nothing can be cut from a ban"),
            ("0 bbl per 12 months", "5 bbl per 12 months", "only the delta exists"),
        )
    ],
    *[
        Bad("cut", (old, new), UM, m("new", fix))
        for old, new, fix in (
            ("5 bbl", "5 t", r"pass factor=sc\.factor\(NAME\)"),
            ("5 USD", "5 EUR", "meet only at an exchange rate"),
            ("5 bbl", "5 USD", "meet only at a price"),
            ("5 bbl or 5 t per 12 months", "US$5 per 12 months", "meet only at a price"),
        )
    ],
    Bad(
        "cut",
        ("5 bbl per 12 months", "5 bbl per 6 months"),
        PM,
        m("period", r"sc\.annualise\(cap, basis='months'\)"),
    ),
    Bad(
        "cut",
        ("5 bbl per 12 months", "5 bbl for 1 Jan 2018 – 31 Jan 2018"),
        PM,
        m("period", r"sc\.prorate"),
    ),
    # A factor's conversion without a finite decimal form: places= rounds new and delta.
    *[
        Bad(name, ("525,000 t", "3,000,000 bbl"), IE, m("places", "pass places=N"), kwargs)
        for name in ("compare", "delta", "cumulative")
        for kwargs in ((("factor", CRUDE),),)
    ],
    *[
        Bad(name, ("5 bbl", "4 bbl"), IA, m("places", PLACES_FIX), (("places", p),))
        for name in ("compare", "delta", "cumulative")
        for p in (-1, 41)
    ],
    Bad("cut", (None, "5 bbl"), IA, m("old", r"sc\.Cap\.parse")),
    Bad("cut", ("5 Mbbl", "5 bbl"), AU, m("unit", AMBIGUOUS_FIX)),
    Bad("cut", ("x", "5 bbl"), PE, m("measure", "e.g. '500,000 bbl")),
    Bad("delta", (5.0, "5 bbl"), IA, m("old", r"sc\.Cap\.parse")),
    Bad("delta", ("5 bbl", "5 t"), UM, m("new", r"pass factor=")),
    Bad(
        "compare",
        ("4,000,000 bbl or 525,000 t per 12 months", "5 USD per 12 months"),
        UM,
        m("new", "meet only at a price"),
    ),
    *rows("compose_cuts", IA, m("Percentage.percent", NAN_FIX), float("nan")),
    *rows("compose_cuts", IA, m("Percentage.percent", "convert the NoneType"), None),
    *rows("compose_cuts", PE, m("Percentage", "write a number followed by '%'"), "abc"),
    Bad("cap_for_cut", ("5 bbl", 101), IA, m("cut", "would leave a negative limit")),
    Bad("cap_for_cut", ("5 bbl", Fraction(1, 3)), IE, m("Amount.value", "pass places=N")),
    Bad("cap_for_cut", ("5 bbl", "nan %"), PE, m("Percentage", "followed by '%'")),
    Bad("cap_for_cut", ("5 bbl or 5 t per 12 months", 5), IA, m("old", r"cap\.limb\('bbl'\)")),
    Bad("cap_for_cut", ("5 bbl", 5), IA, m("places", PLACES_FIX), (("places", -1),)),
    Bad(
        "prorate",
        (REFINED, "1 Jan 2018 – 5 Jan 2018"),
        IP,
        m("basis", "choose how to count"),
        (("basis", "weeks"),),
    ),
    Bad(
        "prorate",
        ("5 bbl per 12 months", "1 Jan 2018 – 5 Jan 2018"),
        IP,
        m("Periodic.anchor", "give the cap's period an anchor"),
        (("basis", "days"),),
    ),
    Bad(
        "prorate",
        (REFINED, "1 Jan 2018 – 5 Jan 2018"),
        IP,
        m("span", "use basis='days'"),
        (("basis", "months"),),
    ),
    Bad(
        "prorate",
        ("5 bbl for 1 Jan 2018 – 5 Jan 2018", "1 Jan 2018 – 5 Jan 2018"),
        IP,
        m("cap.period", "annualise a span cap"),
        (("basis", "months"),),
    ),
    Bad("annualise", (REFINED,), IP, m("cap.period", r"use prorate\(\)"), (("basis", "months"),)),
    Bad(
        "annualise",
        ("5 bbl for 1 Jan 2018 – 5 Jan 2018",),
        IP,
        m("span", "use basis='days'"),
        (("basis", "months"),),
    ),
    *rows(
        "break_even",
        IC,
        m("DualCap.limbs", r"use implied_factor\(\)"),
        "5 bbl or 5 t per 12 months",
    ),
    *rows(
        "break_even",
        ZB,
        m("DualCap.limbs", "there is no break-even"),
        "US$5 or 0 t, whichever is lower, per 12 months",
    ),
    *rows(
        "break_even", IA, m("Rate.value", "> 0"), "US$0 or 5 t, whichever is lower, per 12 months"
    ),
    *rows(
        "implied_factor",
        ZB,
        m("DualCap.limbs[1]", "give the factor by name"),
        "5 bbl or 0 t per 12 months",
    ),
    *rows("implied_factor", IA, m("ConversionFactor.value", "> 0"), "0 bbl or 5 t per 12 months"),
    Bad(
        "binding_limb",
        ("US$5 or 5 t per 12 months", "5 USD/t"),
        IC,
        m("DualCap.rule", "no limb binds by price"),
    ),
    Bad("binding_limb", (COAL, "5 USD/bbl"), UM, m("price", "give the average price per t")),
    Bad("binding_limb", (COAL, "5 EUR/t"), UM, m("price", "give the average price per t")),
    Bad("binding_limb", (COAL, "0 USD/t"), IA, m("Rate.value", "> 0")),
    Bad("binding_limb", (COAL, "nan USD/t"), IA, m("Rate.value", "without units, exponents")),
    Bad(
        "cumulative",
        ("5 bbl", "4 bbl"),
        IA,
        m("labels", "give as many labels as steps"),
        (("labels", ["a", "b"]),),
    ),
    Bad(
        "cumulative",
        ("5 bbl or 5 t per 12 months", "4 bbl per 12 months"),
        IA,
        m("baseline", r"crude\.limb\('bbl'\)"),
    ),
    Bad(
        "cumulative",
        ("0 bbl", "4 bbl"),
        ZB,
        m("baseline", "start from the level before the first measure"),
    ),
    Bad("cumulative", ("5 bbl", "4 t"), UM, m("new", "pass factor=")),
    # The catalog: malformed files, missing fields, wrong types, duplicates, unknown names.
    *[
        Bad("Catalog.from_files", (RawFile(label, data, suffix),), CE, cm(field, fix))
        for label, data, suffix, field, fix in (
            ("empty", b"", ".json", "(syntax)", "fix the syntax"),
            ("truncated", json.dumps(_DPRK).encode()[:5000], ".json", "(syntax)", "fix the syntax"),
            (
                "latin-1",
                json.dumps({"schema": "é"}, ensure_ascii=False).encode("latin-1"),
                ".json",
                "(encoding)",
                "save the file as UTF-8",
            ),
            (
                "utf-16",
                json.dumps(_DPRK).encode("utf-16"),
                ".json",
                "(encoding)",
                "save the file as UTF-8",
            ),
            ("list", b"[]", ".json", "record", "each record is a mapping"),
            ("null", b"null", ".json", "record", "each record is a mapping"),
            (
                "NaN schema",
                b'{"schema": NaN}',
                ".json",
                "schema",
                'put schema = "sanctioncalc.catalog/1" first',
            ),
            (
                "deep nesting",
                b"[" * 100_000 + b"]" * 100_000,
                ".json",
                "(syntax)",
                "flatten the file",
            ),
            (
                "5000-digit int",
                b'{"schema": 1' + b"0" * 5000 + b"}",
                ".json",
                "(syntax)",
                "fix the syntax",
            ),
            ("bad toml", b"schema = \n", ".toml", "(syntax)", "fix the syntax"),
            (
                "toml datetime",
                TOML_HEAD + b'[[instruments]]\nsymbol = "x"\ndate = 2017-01-01T05:00:00\n',
                ".toml",
                "date",
                "a text date",
            ),
            (
                "toml huge int",
                TOML_DRAFT + b"vote = {in_favour = 1" + b"0" * 30 + b", against = 0}\n",
                ".toml",
                "vote.in_favour",
                "give 'in_favour' as an integer",
            ),
            (
                "over 10 MB",
                b"{" + b" " * (10 * 1024 * 1024) + b"}",
                ".json",
                "(file)",
                "split the catalog into files",
            ),
            (
                "toml 5000-digit int",
                b"schema = 1" + b"0" * 5000 + b"\n",
                ".toml",
                "(syntax)",
                "fix the syntax",
            ),
        )
    ],
    *[
        Bad("Catalog.from_files", (CatalogDoc(label, change),), CE, cm(field, fix))
        for label, change, field, fix in (
            ("no schema", _drop("top.schema"), "schema", 'put schema = "sanctioncalc.catalog/1"'),
            (
                "instruments a table",
                _set("top.instruments", {}),
                "instruments",
                "give 'instruments' as a list",
            ),
            (
                "instrument an int",
                lambda d: d["instruments"].append(5),
                "record",
                "each record is a mapping",
            ),
            (
                "duplicate instrument",
                lambda d: d["instruments"].append(d["instruments"][0]),
                "symbol",
                "remove the duplicate record",
            ),
            (
                "duplicate measure id",
                lambda d: d["instruments"][1]["measures"].append(_measure0(d)),
                "id",
                "rename it",
            ),
            (
                "unknown commodity",
                _set("m0.commodity", "unobtainium"),
                "commodity",
                "add it to the file's 'commodities' list",
            ),
            (
                "commodity an int",
                _set("m0.commodity", 5),
                "commodity",
                "give 'commodity' as a string",
            ),
            (
                "commodity a list",
                _set("m0.commodity", ["x"]),
                "commodity",
                "give 'commodity' as a string",
            ),
            ("date an int", _set("i0.date", 2017), "date", "add 'date'"),
            ("date 30 Feb", _set("i0.date", "2017-02-30"), "date", "a real calendar date"),
            ("date year 1", _set("i0.date", "0001-01-01"), "date", "check the year"),
            ("symbol an int", _set("i0.symbol", 5), "symbol", "give 'symbol' as a string"),
            ("symbol missing", _drop("i0.symbol"), "symbol", "add 'symbol' to the record"),
            (
                "symbol NUL",
                _set("i0.symbol", "S/RES/\x001718"),
                "symbol",
                "write 'symbol' on one line",
            ),
            ("title newline", _set("i0.title", "a\nb"), "title", "write 'title' on one line"),
            ("title bidi override", _set("i0.title", "a\u202eb"), "title", "in plain characters"),
            ("title overlong", _set("i0.title", "x" * 3000), "title", "give 'title' as a string"),
            ("title 1 MB", _set("i0.title", MB), "title", "give 'title' as a string"),
            ("status unknown", _set("i0.status", "pending"), "status", "fix the status"),
            ("kind unknown", _set("i0.kind", "treaty"), "kind", "fix the kind"),
            ("regime unknown", _set("i0.regime", "x"), "regime", "declare it"),
            ("limit a bomb", _set("m0.limit", "10**10**10 bbl per 12 months"), "limit", DIGITS),
            ("limit NaN", _set("m0.limit", "nan bbl per 12 months"), "limit", "write digits"),
            ("limit an int", _set("m0.limit", 5), "limit", "give 'limit' as a string"),
            ("limit Mbbl", _set("m0.limit", "5 Mbbl per 12 months"), "limit", AMBIGUOUS_FIX),
            (
                "limit and provision",
                _set("m0.provision", "x"),
                "limit",
                "give the measure's limit text",
            ),
            ("no limit", _drop("m0.limit"), "limit", "give the measure's limit text"),
            (
                "reporting_days negative",
                _set("m0.reporting_days", -5),
                "reporting_days",
                "as an integer",
            ),
            (
                "reporting_days a float",
                _set("m0.reporting_days", 5.5),
                "reporting_days",
                "as an integer",
            ),
            (
                "reporting_days enormous",
                _set("m0.reporting_days", 10**30),
                "reporting_days",
                "as an integer",
            ),
            (
                "threshold NaN",
                _set("m0.thresholds", [{"percent": "nan", "mark": "V"}]),
                "thresholds[0].percent",
                "without units, exponents",
            ),
            (
                "threshold a float",
                _set("m0.thresholds", [{"percent": 95.0, "mark": "V"}]),
                "thresholds[0].percent",
                "give 'percent' as a string",
            ),
            (
                "threshold over 100",
                _set("m0.thresholds", [{"percent": "150", "mark": "V"}]),
                "thresholds[0].percent",
                "e.g. '95'",
            ),
            (
                "thresholds a string",
                _set("m0.thresholds", "95"),
                "thresholds",
                "give 'thresholds' as a list",
            ),
            (
                "superseded_by unknown",
                _set("m0.superseded_by", "nope"),
                "superseded_by",
                "fix the id",
            ),
            ("superseded_by an int", _set("m0.superseded_by", 5), "superseded_by", "as a string"),
            (
                "vote negative",
                _set("i0.vote", {"in_favour": -1, "against": 0}),
                "vote.in_favour",
                "as an integer",
            ),
            ("vote a string", _set("i0.vote", "15-0"), "vote", "give 'vote' as a mapping"),
            (
                "vetoed_by a string",
                _set("i0.vote", {"in_favour": 1, "against": 0, "vetoed_by": "China"}),
                "vote.vetoed_by",
                "as a list",
            ),
            (
                "vetoed_by ints",
                _set("i0.vote", {"in_favour": 1, "against": 0, "vetoed_by": [1]}),
                "vote.vetoed_by",
                r"e\.g\. \['China'\]",
            ),
            (
                "vote missing field",
                _set("i0.vote", {"in_favour": 1}),
                "vote.against",
                "add 'against'",
            ),
            (
                "mark unknown",
                _set("i0.source.mark", "X"),
                "source.mark",
                "mark how the source of the figure was seen",
            ),
            ("mark a list", _set("i0.source.mark", ["V"]), "source.mark", "mark how"),
            ("url ftp", _set("i0.source.url", "ftp://x"), "source.url", "cite the page"),
            (
                "url javascript",
                _set("i0.source.url", "javascript:alert(1)"),
                "source.url",
                "cite the page",
            ),
            ("source missing", _drop("i0.source"), "source", "every figure carries its source"),
            ("sources a list", _set("top.sources", [1]), "sources", "give 'sources' as a mapping"),
            ("sources nested", _set("top.sources", {"x": {"a": 1}}), "sources.x", "names one page"),
            (
                "source address with a control character",
                _set("top.sources", {"un-press-sc8853": "https://\x1fpress.un.org"}),
                "sources.un-press-sc8853",
                "names one page",
            ),
            (
                "source address with a trailing space",
                _set("top.sources", {"un-press-sc8853": "https://press.un.org/en/sc8853 "}),
                "sources.un-press-sc8853",
                "names one page",
            ),
            (
                "source address over 2,000 characters",
                _set("top.sources", {"un-press-sc8853": "https://" + "a" * 1993}),
                "sources.un-press-sc8853",
                "names one page",
            ),
            (
                "source address with a space inside",
                _set("i0.source.url", "https://press.un.org/en/sc 8853"),
                "source.url",
                "cite the page",
            ),
            (
                "source address with a no-break space",
                _set("m0.source.url", "https://press.un.org/\u00a0sc8853"),
                "source.url",
                "cite the page",
            ),
            (
                "regime address not http",
                _set(
                    "top.regimes",
                    [{"key": "r", "title": "t", "program_key": "p", "url": "www.un.org"}],
                ),
                "url",
                "cite the page",
            ),
            (
                "paragraph a float",
                _set("m0.source.paragraph", 1.5),
                "source.paragraph",
                r"e\.g\. '4'",
            ),
            (
                "paragraph a list",
                _set("m0.source.paragraph", [1]),
                "source.paragraph",
                r"e\.g\. '4'",
            ),
            ("paragraph empty", _set("m0.source.paragraph", ""), "source.paragraph", r"e\.g\. '4'"),
            (
                "paragraph a newline",
                _set("m0.source.paragraph", "4\n"),
                "source.paragraph",
                r"e\.g\. '4'",
            ),
            (
                "regime key an int",
                _set("top.regimes", [{"key": 5}]),
                "key",
                "give 'key' as a string",
            ),
            ("regimes a string", _set("top.regimes", "x"), "regimes", "as a list"),
            ("regime a string", _set("top.regimes", ["x"]), "record", "each record is a mapping"),
            (
                "commodity record a string",
                _set("top.commodities", ["x"]),
                "record",
                "each record is a mapping",
            ),
            ("hs_code an int", _set("c0.hs_code", 2709), "name", "give 'hs_code' as a string"),
            (
                "commodity name not a slug",
                _set("c0.name", "Crude Oil"),
                "name",
                "use lowercase letters",
            ),
            (
                "duplicate commodity",
                lambda d: d["commodities"].append(dict(d["commodities"][0], hs_code="2710")),
                "name",
                "remove the duplicate",
            ),
            (
                "duplicate regime",
                lambda d: d["regimes"].append(d["regimes"][0]),
                "key",
                "remove the duplicate",
            ),
            ("direction unknown", _set("m0.direction", "up"), "direction", "fix the direction"),
            ("misspelt field", _set("m0.limt", "ban"), "limt", "fix the field's name"),
            (
                "freeze without period",
                _set("m0.freeze", {"baseline": "x"}),
                "limit",
                "give the measure's limit text",
            ),
        )
    ],
    Bad("Catalog.from_files", (None,), CE, cm("(file)", "pass the catalog file's path")),
    Bad("Catalog.from_files", (5,), CE, cm("(file)", "pass the catalog file's path")),
    Bad("Catalog.from_files", ("a\x00b",), CE, cm("(file)", "check the path")),
    Bad("Catalog.from_files", ("/nonexistent/catalog.json",), CE, cm("(file)", "check the path")),
    Bad("Catalog.from_files", ("/",), CE, cm("(file)", "check the path")),
    Bad("Catalog.from_files", ("/dev/zero",), CE, cm("(file)", "check the path")),
    Bad("Catalog.from_files", ("/dev/null",), CE, cm("(file)", "check the path")),
    Bad("Catalog.write", (5,), CE, cm("(file)", "pass the file's path")),
    Bad("Catalog.write", ("/nonexistent/dir/catalog.json",), CE, cm("(file)", "check the path")),
    *rows(
        "catalog().instrument",
        NF,
        m("symbol", "write a listed symbol"),
        None,
        "9999",
        MB,
        "S/RES/2397 (2016)",
        "",
    ),
    *rows("catalog().measure", NF, m("measure", "use a listed measure id"), None, [], "nope", MB),
    *rows(
        "catalog().commodity",
        NF,
        m("commodity", "use a listed commodity slug"),
        None,
        "unobtainium",
        MB,
    ),
    *rows("catalog().measures", NF, m("commodity", "use a listed commodity slug"), 5),
    *rows("timeline", NF, m("commodity", "use a listed commodity slug"), "unobtainium", None),
    Bad("compare_instruments", ("2397", "9999"), NF, m("symbol", "write a listed symbol")),
    Bad("compare_instruments", (None, "2397"), NF, m("symbol", "write a listed symbol")),
    Bad(
        "compare_instruments",
        ("2397", "S/2022/431"),
        IA,
        m("places", PLACES_FIX),
        (("places", -1),),
    ),
    Bad(
        "cumulative_restriction",
        ("refined-petroleum", "5 bbl/yr"),
        NF,
        m("through", r"pass through=\['2397'\]"),
        (("through", "2397"),),
    ),
    Bad(
        "cumulative_restriction",
        ("refined-petroleum", "5 bbl/yr"),
        NF,
        m("symbol", "write a listed symbol"),
        (("through", ["nope"]),),
    ),
    Bad("cumulative_restriction", ("refined-petroleum", "5 t"), UM, m("new", "pass factor=")),
    Bad(
        "cumulative_restriction",
        ("refined-petroleum", "0 bbl/yr"),
        ZB,
        m("baseline", "start from the level"),
    ),
    Bad(
        "cumulative_restriction",
        ("unobtainium", "5 bbl/yr"),
        NF,
        m("commodity", "use a listed commodity slug"),
    ),
    # The ledger: records, caps, periods of mixed anchors, files.
    *[
        Bad("Delivery", ("2023-01", quantity), IA, m("quantity", fix), (("reporter", "R"),))
        for quantity, fix in (
            (5.0, r"build Amount\(value, unit\)"),
            ("-5 bbl", "a correction is a new version of the record"),
            ("5.0000001 bbl", "round the reported figure to 6 places"),
            ("5 bbl/d", "report the quantity delivered"),
            ("5 d", "report the quantity delivered"),
            ("5 items", "report the quantity delivered"),
        )
    ],
    Bad(
        "Delivery",
        (None, "5 bbl"),
        LedgerError,
        m("span", r"build Span\.inclusive"),
        (("reporter", "R"),),
    ),
    Bad(
        "Delivery",
        ("2023-13", "5 bbl"),
        PE,
        m("span", "write the first and last month"),
        (("reporter", "R"),),
    ),
    *[
        Bad(
            "Delivery",
            ("2023-01", "5 bbl"),
            LedgerError,
            m("Delivery.reporter", "name the reporting state"),
            (("reporter", r),),
        )
        for r in (None, " R", "Rus\x07sia", "R" * 121, "")
    ],
    Bad(
        "Delivery",
        ("2023-01", "5 bbl"),
        LedgerError,
        m("product", "use letters, digits and hyphens"),
        (("product", "gas_oil!"), ("reporter", "R")),
    ),
    Bad(
        "Delivery",
        ("2023-02", "5 bbl"),
        LedgerError,
        m("Delivery.reported", "a report cannot come before"),
        (("reported", date(2023, 1, 1)), ("reporter", "R")),
    ),
    Bad(
        "Delivery",
        ("2023-01", "5 bbl"),
        LedgerError,
        m("counterparties", "list each party by name"),
        (("counterparties", ("A;B",)), ("reporter", "R")),
    ),
    Bad(
        "Delivery",
        ("2023-01", "5 bbl"),
        LedgerError,
        m("counterparties", "list each party by name"),
        (("counterparties", (" A",)), ("reporter", "R")),
    ),
    Bad(
        "Delivery",
        ("2023-01", "5 bbl"),
        LedgerError,
        m("Delivery.note", "shorten it"),
        (("note", "x" * 2001), ("reporter", "R")),
    ),
    Bad(
        "Delivery",
        ("2023-01", "5 bbl"),
        sc.InvalidPeriodError,
        m("Delivery.reported", r"pass date\(2018, 1, 1\)"),
        (("reported", 20230201), ("reporter", "R")),
    ),
    Bad(
        "PublishedTotal", ("2023-01", "-5 bbl"), IA, m("quantity", "a correction is a new version")
    ),
    *rows(
        "Ledger",
        LedgerError,
        m("Ledger.deliveries[0]", r"build Delivery\(span, quantity"),
        "abc",
        [5],
    ),
    Bad(
        "Ledger",
        ([Delivery("2023-01", "5 bbl", reporter="R", ref="n1")],),
        LedgerError,
        m("deliveries[0].reported", "give one"),
    ),
    Bad(
        "Ledger",
        ([Delivery("2023-01", "5 bbl", reporter="R", ref="n1", reported=date(2023, 2, 1))] * 2,),
        LedgerError,
        m("deliveries[1].ref", "give the revision its own report date"),
    ),
    *rows(
        "UsageThresholds",
        LedgerError,
        m("UsageThresholds.levels", r"e\.g\. levels=\(75, 90, 95\)"),
        (sc.Percentage(150),),
        (sc.Percentage(0),),
        (sc.Percentage(90), sc.Percentage(75)),
    ),
    *rows(
        "parse_span",
        PE,
        m("month", "write the year and month") + "|" + m("span", "write the first and last"),
        "2023-13",
        "",
        "x" * 101,
        "someday",
    ),
    *rows(
        "parse_span", IP, m("span", "give the first month, then the last"), "Dec 2023 – Jan 2023"
    ),
    *rows("parse_span", IP, m("period", "count fewer periods"), "9999-12"),
    *rows(
        "Ledger.utilization",
        ZB,
        m("cap.limit", "a zero limit is a ban"),
        "0 bbl per 12 months from 1 Jan 2023",
    ),
    *rows("Ledger.utilization", IC, m("cap", "a ban has no share to use up"), "ban", None),
    *rows(
        "Ledger.utilization", IP, m("period", r"pass period=Periodic\(12"), "5 bbl per 12 months"
    ),
    Bad(
        "Ledger.utilization",
        ("5 bbl per 12 months from 1 Jan 2023",),
        PM,
        m("period", "count on the cap's own periods"),
        (("period", sc.Periodic(12, date(2023, 2, 1))),),
    ),
    Bad(
        "Ledger.utilization",
        ("5 bbl per 12 months from 1 Jan 2023",),
        PM,
        m("period", "count on the cap's own periods"),
        (("period", sc.Periodic(6, date(2023, 1, 1))),),
    ),
    Bad(
        "Ledger.utilization",
        ("5 bbl per 12 months from 1 Jan 2023",),
        IP,
        m("period", "pass the grid to count on"),
        (("period", "12 months"),),
    ),
    Bad(
        "Ledger.utilization",
        ("5 bbl per 12 months from 1 Jan 2023",),
        IP,
        m("as_of", r"pass date\(2018, 1, 1\)"),
        (("as_of", "2023-01-01"),),
    ),
    Bad(
        "Normalisation",
        (),
        sc.FactorNotFoundError,
        m("Normalisation.table", "name a bundled table"),
        (("table", "nope"),),
    ),
    Bad(
        "Ledger.utilization",
        ("5 t per 12 months from 1 Jan 2023",),
        sc.FactorNotFoundError,
        m("deliveries[0].product", "fallback"),
        (("normalisation", Normalisation(table="unsd")),),
    ),
    Bad(
        "Ledger.reconcile",
        (
            Ledger(
                [Delivery("2023-01", "5 t", reporter="R")],
                totals=[PublishedTotal("2023-01", "5 bbl")],
            ),
        ),
        sc.FactorNotFoundError,
        m("deliveries[0].product", ""),
    ),
    *rows(
        "Ledger.from_csv",
        LedgerError,
        m("source", "opened in text mode|a str path"),
        None,
        io.BytesIO(b"month,quantity,reporter\n"),
        5,
    ),
    *rows(
        "Ledger.from_csv",
        LedgerError,
        m("file", "check the path"),
        "a\x00b",
        "/nonexistent/ledger.csv",
        "/",
        "/dev/zero",
        "/dev/urandom",
    ),
    *rows("Ledger.from_csv(text)", LedgerError, m("columns", "add one"), ""),
    *rows(
        "Ledger.from_csv(text)",
        LedgerError,
        m("columns", "add reporter"),
        "month,quantity\n2023-01,5 bbl\n",
        "\x00\n",
    ),
    *rows(
        "Ledger.from_csv(text)",
        LedgerError,
        m("columns", "rename duplicate month"),
        "month,month,quantity,reporter\n",
    ),
    *rows(
        "Ledger.from_csv(text)",
        LedgerError,
        m("file", "check the file is a CSV ledger"),
        "month,quantity,unit,reporter\n2023-02," + "9" * 200_000 + ",bbl,R\n",
    ),
    *rows(
        "Ledger.from_rows",
        LedgerError,
        m("rows", r"pass a list of dicts"),
        None,
        "month,quantity",
        {"month": "2023-01"},
    ),
]


# -- rows a loader refuses one by one: the row is rejected, with its error, never raised ---------

_HEADER = "month,quantity,unit,reporter,reported,product,ref,counterparties\n"


@attrs.frozen
class Rejected:
    """A CSV data row the loader must reject (not raise on), with this error and reason."""

    row: str
    error: str
    match: str


REJECTED: list[Rejected] = [
    Rejected("2023-01,nan,bbl,R,,,,", "ParseError", m("Amount", "write digits")),
    Rejected("2023-01,inf,bbl,R,,,,", "ParseError", m("Amount", "write digits")),
    Rejected(
        "2023-01,-5,bbl,R,,,,", "InvalidAmountError", m("quantity", "a correction is a new version")
    ),
    Rejected("2023-01,1e5,bbl,R,,,,", "ParseError", m("Amount", DIGITS)),
    Rejected("2023-01,10**10**10,barrel,R,,,,", "ParseError", m("Amount", DIGITS)),
    Rejected("2023-01,9**9**9,t,R,,,,", "ParseError", m("Amount", DIGITS)),
    Rejected("2023-01,5,Mbbl,R,,,,", "AmbiguousUnitError", m("unit", AMBIGUOUS_FIX)),
    Rejected("2023-01,5,parsec,R,,,,", "UnknownUnitError", m("unit", LISTED_UNIT)),
    Rejected(
        "2023-01,5,bbl/d,R,,,,",
        "InvalidAmountError",
        m("quantity", "report the quantity delivered"),
    ),
    Rejected(
        "2023-01,5,d,R,,,,", "InvalidAmountError", m("quantity", "report the quantity delivered")
    ),
    Rejected(
        "2023-01,5.0000001,bbl,R,,,,",
        "InvalidAmountError",
        m("quantity", "round the reported figure"),
    ),
    Rejected(
        "2023-01," + "1" * 31 + ",bbl,R,,,,", "InvalidAmountError", m("Amount.value", BIG_FIX)
    ),
    Rejected("2023-13,5,bbl,R,,,,", "ParseError", m("month", "write the year and month")),
    Rejected("2023-00,5,bbl,R,,,,", "ParseError", m("month", "write the year and month")),
    Rejected("0001-01,5,bbl,R,,,,", "InvalidPeriodError", m("Span.start", "check the year")),
    Rejected("9999-12,5,bbl,R,,,,", "InvalidPeriodError", m("period", "count fewer periods")),
    Rejected(
        "2023-02,5,bbl,R,2023-01-01,,,",
        "LedgerError",
        m("Delivery.reported", "a report cannot come before"),
    ),
    Rejected("2023-02,5,bbl,R,2023-02-30,,,", "ParseError", m("reported", "a real calendar date")),
    Rejected(
        "2023-02,5,bbl,Rus\x07sia,,,,",
        "LedgerError",
        m("Delivery.reporter", "name the reporting state"),
    ),
    Rejected("2023-02,5,bbl,,,,,", "LedgerError", m("reporter", "name the reporter")),
    Rejected("2023-02,,bbl,R,,,,", "LedgerError", m("quantity", "give the figure")),
    Rejected(",5,bbl,R,,,,", "LedgerError", m("first", "give the dates")),
    Rejected(
        "2023-02,5,bbl,R,,gas_oil!,,",
        "LedgerError",
        m("product", "use letters, digits and hyphens"),
    ),
    Rejected("2023-02,5 bbl,t,R,,,,", "UnknownUnitError", m("unit", LISTED_UNIT)),
    Rejected("2023-02,5\x00,bbl,R,,,,", "ParseError", m("Amount", "pass one amount")),
    Rejected(
        "2023-02,US$5 bbl,,R,,,,", "ParseError", m("Amount", "put either a currency sign or a unit")
    ),
    Rejected(
        "2023-02,5,bbl,R,,,,A;" + "B" * 121, "LedgerError", m("counterparties", "list each party")
    ),
    Rejected(
        "2023-02,5,bbl,R,,,r1,", "", r"reported: missing; a record with a ref needs a report date"
    ),
    Rejected(",,,,,,,", "", r"blank row"),
    Rejected("2023-02,5,bbl,R,,,,,x,y", "", r"10 cells: more than the header's 8"),
]


# -- the command line ----------------------------------------------------------------------------

CLI: list[Bad] = [
    Bad("cli", ("convert", "10**10**10 barrel", "--to", "bbl"), PE, m("Amount", DIGITS)),
    Bad("cli", ("convert", "9**9**9 t", "--to", "bbl"), PE, m("Amount", DIGITS)),
    Bad("cli", ("convert", MB, "--to", "bbl"), PE, m("Amount", "pass one amount")),
    Bad("cli", ("convert", "5 bbl", "--to", MB), UU, m("unit", CLI_LISTED_UNIT)),
    Bad("cli", ("convert", "5 bbl", "--to", "t"), UM, m("to", r"add --factor NAME")),
    Bad("cli", ("convert", "5 bbl", "--to", "parsec"), UU, m("unit", CLI_LISTED_UNIT)),
    Bad("cli", ("convert", "5 bbl", "--to", "USD"), UM, m("to", "meet only at a price")),
    Bad(
        "cli",
        ("convert", "5 bbl", "--to", "t", "--factor", "nope"),
        sc.FactorNotFoundError,
        m("factor", "see .sanctioncalc factors."),
    ),
    Bad(
        "cli",
        ("convert", "5 bbl", "--to", "t", "--factor", "ei-2021/crude-oil"),
        IE,
        m("Amount.value", "add --places N"),
    ),
    Bad("cli", ("convert", "1 L", "--to", "bbl"), IE, m("Amount in bbl", "add --places N")),
    Bad("cli", ("convert", "nan bbl", "--to", "bbl"), PE, m("Amount", "write digits")),
    Bad("cli", ("convert", "5 Mbbl", "--to", "bbl"), AU, m("unit", AMBIGUOUS_FIX)),
    Bad("cli", ("convert", "5 bbl\x00", "--to", "L"), PE, m("Amount", "pass one amount")),
    Bad(
        "cli",
        ("convert", "1 gal", "--to", "bbl", "--format", "json"),
        IE,
        m("Amount in bbl", "--places N"),
    ),
    Bad("cli", ("cut", "5 bbl", "5 t"), UM, m("new", "add --factor NAME")),
    Bad("cli", ("cut", "0 bbl", "5 bbl"), ZB, m("old", "only the delta exists")),
    Bad("cli", ("cut", "5 USD", "5 EUR"), UM, m("new", "meet only at an exchange rate")),
    Bad(
        "cli",
        ("cut", "5 bbl per 12 months", "5 bbl per 6 months"),
        PM,
        m("period", r"annualise"),
    ),
    Bad("cli", ("cut", "ban", "5 bbl"), ZB, m("old", "nothing can be cut from a ban")),
    Bad("cli", ("cut", "", ""), PE, m("measure", "e.g. '500,000 bbl")),
    Bad("cli", ("cut", "10**10**10 bbl", "5 bbl"), PE, m("measure", "e.g. '500,000 bbl")),
    Bad("cli", ("show", "9999"), NF, m("symbol", "write a listed symbol")),
    Bad("cli", ("show", ""), NF, m("symbol", "write a listed symbol")),
    Bad("cli", ("show", MB), NF, m("symbol", "write a listed symbol")),
    Bad(
        "cli",
        ("show", "2397", "--catalog", "/nonexistent.json"),
        CE,
        cm("(file)", "check the path"),
    ),
    Bad("cli", ("show", "2397", "--catalog", "/"), CE, cm("(file)", "check the path")),
    Bad("cli", ("list", "--catalog", "/dev/zero"), CE, cm("(file)", "check the path")),
    Bad("cli", ("show", "2397", "--catalog", "a\x00b"), CE, cm("(file)", "check the path")),
    Bad("cli", ("list", "--catalog", "/etc/hostname"), CE, cm("(syntax)", "fix the syntax")),
    Bad("cli", ("timeline", "unobtainium"), NF, m("commodity", "use a listed commodity slug")),
    Bad("cli", ("timeline", ""), NF, m("commodity", "use a listed commodity slug")),
    Bad("cli", ("compare", "2397", "9999"), NF, m("symbol", "write a listed symbol")),
    Bad("cli", ("cumulative", "refined-petroleum", "--baseline", "nan"), PE, m("measure", "e.g.")),
    Bad(
        "cli",
        ("cumulative", "refined-petroleum", "--baseline", "5 t"),
        UM,
        m("new", "add --factor"),
    ),
    Bad(
        "cli",
        ("cumulative", "refined-petroleum", "--baseline", "5 bbl/yr", "--through", "nope"),
        NF,
        m("symbol", "write a listed symbol"),
    ),
    Bad(
        "cli",
        ("cumulative", "unobtainium", "--baseline", "5 bbl/yr"),
        NF,
        m("commodity", "use a listed"),
    ),
    Bad(
        "cli",
        ("cumulative", "refined-petroleum", "--baseline", "0 bbl/yr"),
        ZB,
        m("baseline", "start from the level"),
    ),
    Bad(
        "cli",
        ("cumulative", "refined-petroleum", "--baseline", "5 bbl/yr", "--factor", "x"),
        sc.FactorNotFoundError,
        m("factor", "see .sanctioncalc factors."),
    ),
]

#: Usage errors are argparse's: exit code 2 and a usage line, never a traceback.
USAGE: list[tuple[str, ...]] = [
    (),
    ("nope",),
    ("convert",),
    ("convert", "5 bbl"),
    ("convert", "5 bbl", "--to", "t", "--places", "-1"),
    ("convert", "5 bbl", "--to", "t", "--places", "1e3"),
    ("convert", "5 bbl", "--to", "t", "--places", "99999"),
    ("convert", "5 bbl", "--to", "L", "--format", "xml"),
    ("list", "--catalog"),
    ("show",),
    ("cumulative", "refined-petroleum"),
]


# -- the tests -----------------------------------------------------------------------------------


def _call(case: Bad, folder: Path) -> object:
    args = [materialise(a, folder) for a in case.args]
    kwargs = {k: materialise(v, folder) for k, v in case.kwargs}
    return ENTRY[case.entry](*args, **kwargs)


def _ids(cases: list[Bad]) -> list[str]:
    return [f"{c.entry}-{i}" for i, c in enumerate(cases)]


class TestTable:
    """The table covers at least 200 distinct bad inputs across the entry points."""

    def test_count(self) -> None:
        """Every row is distinct, and there are at least 200 of them."""
        keys = [case.key for case in (*CASES, *CLI)] + [("csv row", r.row, "") for r in REJECTED]
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert set() == duplicates
        assert len(set(keys)) >= 200

    def test_every_entry_point_is_used(self) -> None:
        """No entry point in the registry goes untested."""
        assert set(ENTRY) == {case.entry for case in CASES}

    def test_every_public_error_is_expected_somewhere(self) -> None:
        """The table expects each concrete input error the library documents."""
        expected = {case.error for case in (*CASES, *CLI)}
        wanted = {
            IA, PE, UU, AU, UM, IC, IP, ZB, IE, CE, NF, PM, LedgerError,
            sc.FactorNotFoundError, sc.PrecisionLossWarning,
        }  # fmt: skip
        assert set() == wanted - expected


class TestBadInputs:
    """Each bad input raises its documented error (or warns), with the field and the fix."""

    @pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
    def test_bad_input(self, case: Bad, tmp_path: Path) -> None:
        """The documented error or warning, with a message naming the field and the fix."""
        if issubclass(case.error, Warning):
            with pytest.warns(case.error, match=case.match):
                _call(case, tmp_path)
            return
        with pytest.raises(sc.SanctionCalcError, match=case.match) as info:
            _call(case, tmp_path)
        assert case.error is type(info.value)
        message = str(info.value)
        assert message == message.strip()
        assert len(message) < 2000


class TestRejectedRows:
    """A bad CSV row is rejected with its error and reason; the counts add up."""

    @pytest.mark.parametrize("case", REJECTED, ids=[f"row-{i}" for i in range(len(REJECTED))])
    def test_rejected(self, case: Rejected) -> None:
        """The row is rejected (not raised), and the report says why."""
        report = Ledger.from_csv(io.StringIO(_HEADER + case.row + "\n"))
        assert (1, 0, 1) == (report.read, report.accepted, len(report.rejected))
        [rejected] = report.rejected
        assert (2, case.error) == (rejected.row, rejected.error)
        assert re.search(case.match, rejected.reason)

    @pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "cp1252"])
    def test_wrong_encoding_file(self, tmp_path: Path, encoding: str) -> None:
        """A file in another encoding is refused as a whole, naming the file and the fix."""
        path = tmp_path / "ledger.csv"
        path.write_bytes((_HEADER + "2023-02,5,bbl,Ré,,,,\n").encode(encoding))
        with pytest.raises(LedgerError, match=m("encoding", "save the file as UTF-8")):
            Ledger.from_csv(path)

    def test_truncated_file(self) -> None:
        """A file cut off inside a quoted cell rejects the row it cut, and counts it."""
        text = _HEADER + '2023-01,5,bbl,R,,,,\n2023-02,"4,0'
        report = Ledger.from_csv(io.StringIO(text))
        assert (2, 1, 1) == (report.read, report.accepted, len(report.rejected))

    def test_mixed_rows_add_up(self) -> None:
        """Every bad row above in one file: all rejected, none lost, counts add up."""
        good = "2023-03,7,bbl,R,,,,"
        text = _HEADER + "\n".join([good, *(r.row for r in REJECTED), good]) + "\n"
        report = Ledger.from_csv(io.StringIO(text))
        assert report.read == report.accepted + len(report.rejected)
        assert (len(REJECTED) + 2, 2) == (report.read, report.accepted)


class TestCommandLine:
    """The CLI turns each bad argument into one line on stderr and exit code 1."""

    @pytest.mark.parametrize("case", CLI, ids=_ids(CLI))
    def test_error(self, case: Bad, capsys: pytest.CaptureFixture[str]) -> None:
        """The command raises the documented error; main() prints it on one line, exit 1."""
        args = _cli._parser().parse_args(list(case.args))
        with pytest.raises(sc.SanctionCalcError) as info:
            args.func(args).render(args.format)
        assert case.error is type(info.value)
        assert 1 == _cli.main(list(case.args))
        out, err = capsys.readouterr()
        assert ("", 1) == (out, err.count("\n"))
        assert err.startswith("sanctioncalc: error: ")
        assert re.search(case.match, err), err

    @pytest.mark.parametrize("case", CLI, ids=_ids(CLI))
    def test_hints_are_options(self, case: Bad, capsys: pytest.CaptureFixture[str]) -> None:
        """A command-line error suggests options, never a Python call or keyword."""
        _cli.main(list(case.args))
        err = capsys.readouterr().err
        assert not re.search(r"\bsc\.|places=|factor=|sanctioncalc\.\w+\(", err), err

    @pytest.mark.parametrize("argv", USAGE, ids=[" ".join(a) or "(none)" for a in USAGE])
    def test_usage_error(self, argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
        """A usage error exits with code 2 and a usage message, never a traceback."""
        with pytest.raises(SystemExit) as info:
            _cli.main(list(argv))
        assert 2 == info.value.code
        assert "error:" in capsys.readouterr().err


class TestForeignBarrel:
    """pint's 31.5-gallon barrel and short ton from a host registry convert exactly."""

    @pytest.mark.parametrize(
        ("magnitude", "unit", "registry", "expected"),
        [
            (1, "barrel", "float", A("0.75", "bbl")),  # 31.5 / 42
            (4, "barrel", "float", A(3, "bbl")),
            (0.1, "barrel", "float", A("0.075", "bbl")),  # shortest repr, not binary
            (Decimal("4000000"), "barrel", "decimal", A(3_000_000, "bbl")),
            (1, "oil_barrel", "float", A(1, "bbl")),
            (1, "ton", "float", A(1, "short_ton")),
            (1, "tonne", "float", A(1, "t")),
            (1, "barrel", "redefined", A("0.158987294928", "m3")),  # base units, warned
        ],
    )
    def test_exact(self, magnitude: object, unit: str, registry: str, expected: sc.Amount) -> None:
        """The physical amount is kept: a foreign barrel is 3/4 of an oil barrel."""
        quantity = materialise(Foreign(magnitude, unit, registry), Path())
        with contextlib.ExitStack() as stack:
            if registry == "redefined":
                stack.enter_context(pytest.warns(sc.PrecisionLossWarning))
            actual = A.from_pint(quantity)
        if registry == "redefined":  # the documented float path: close, and warned about
            assert abs(expected.exact - actual.to("m3").exact) < Fraction(1, 10**12)
            return
        assert expected == actual
        assert repr(expected) == repr(actual.to(expected.unit))

    def test_short_ton_is_not_a_tonne(self) -> None:
        """A foreign ton is 907.18474 kg, never re-read as the metric tonne."""
        actual = A.from_pint(materialise(Foreign(1, "ton"), Path())).to("kg")
        assert A("907.18474", "kg") == actual


class TestLegalInput:
    """Input that looks odd but is legal gets an answer, not an error."""

    def test_overlapping_caps(self) -> None:
        """2375's crude freeze and 2397's cap overlap in time: both are in the catalog and
        the same deliveries are counted against each cap separately."""
        crude = [e.measure.id for e in sc.timeline("crude-oil").on(date(2018, 1, 15))]
        assert {"2375-15-crude", "2397-4-crude"} <= set(crude)
        ledger = Ledger([Delivery("2018-02", "100,000 bbl", reporter="X")])
        first = ledger.utilization(
            "4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017",
            normalisation=Normalisation(table="ei-2021", fallback="ei-2021/crude-oil"),
        )
        second = ledger.utilization("2,000,000 bbl per 12 months from 1 Jan 2018")
        assert ("2.5 %", "5 %") == (str(first.latest.limb("bbl").share), str(second.latest.share))

    def test_negative_amounts_and_increases(self) -> None:
        """A negative amount is a delta, and a negative cut an increase: both are legal."""
        assert sc.Amount(-125_000, "bbl") == sc.delta("500,000 bbl", "375,000 bbl")
        assert sc.Percentage(-50) == sc.cut("2 bbl", "3 bbl")
