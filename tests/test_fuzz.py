"""Fuzzing every parser and loader: a valid object whose text form round-trips, or our error.

The only acceptable outcomes for any input are a valid object whose text form reads back to
an equal object (digit for digit), or a :class:`SanctionCalcError` subclass; for loaders, a
report whose counts add up and whose ledger or catalog writes and reads back the same, or
our error.  Anything else (a bare exception, a wrong round trip, a hang) fails.

Inputs are arbitrary text and bytes, token soups built from the grammar's own words, and
near-valid inputs made by mutating valid ones.  The default run is modest; the long run is
``HYPOTHESIS_PROFILE=fuzz pytest -m fuzz tests/test_fuzz.py`` (each target runs the
profile's ``max_examples``, 10⁵, over 22 targets: 2.2 × 10⁶ examples).

Beside the public API, this module tests internal contracts directly: ``parse_span`` (the
month-span parser every ledger loader shares).
"""

from __future__ import annotations

import copy
import io
import json
import os
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import Ledger
from sanctioncalc._ledger.fields import parse_span

#: Examples per target in the default run (the fuzz profile sets its own).
DEFAULT_EXAMPLES = 300
#: Loaders are slower per example: fewer in the default run.
DEFAULT_LOADER_EXAMPLES = 100
#: An input that takes this long is a hang, whatever the machine.
HANG_SECONDS = 5.0

MODES = [
    pytest.param("default", id="default"),
    pytest.param("fuzz", id="fuzz", marks=pytest.mark.fuzz),
]

FOLDER = Path(tempfile.mkdtemp(prefix="sanctioncalc-fuzz-"))


def run(
    mode: str,
    strategy: st.SearchStrategy[Any],
    check: Callable[[Any], None],
    *,
    loader: bool = False,
) -> None:
    """Run *check* on examples of *strategy*: few by default, the profile's count in fuzz mode."""
    if mode == "fuzz":  # SANCTIONCALC_FUZZ_EXAMPLES=N runs shorter or longer than the profile
        count = int(os.environ.get("SANCTIONCALC_FUZZ_EXAMPLES", settings().max_examples))
    else:
        count = DEFAULT_LOADER_EXAMPLES if loader else DEFAULT_EXAMPLES

    @settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=mode == "default",  # a stable default run; the long run explores
        database=None if mode == "default" else settings().database,
    )
    @given(strategy)
    def fuzz(value: Any) -> None:
        calls[0] += 1
        start = time.perf_counter()
        check(value)
        elapsed = time.perf_counter() - start
        assert elapsed < HANG_SECONDS, f"took {elapsed:.1f} s: {value!r:.200}"

    calls = [0]
    began = time.perf_counter()
    try:
        fuzz()
    finally:
        _record(calls[0], time.perf_counter() - began)


def _record(examples: int, seconds: float) -> None:
    """Append a target's example count to $SANCTIONCALC_FUZZ_STATS (JSON lines), if set."""
    target = os.environ.get("SANCTIONCALC_FUZZ_STATS")
    if target:
        test = os.environ.get("PYTEST_CURRENT_TEST", "? (call)").rsplit(" ", 1)[0]
        line = {"test": test, "examples": examples, "seconds": round(seconds, 1)}
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")


def outcome(parse: Callable[[Any], Any], value: Any, round_trip: Callable[[Any], None]) -> None:
    """Either our error, or an object that round-trips."""
    try:
        result = parse(value)
    except sc.SanctionCalcError:
        return
    round_trip(result)


def same(left: object, right: object) -> None:
    """Equal and showing the same digits."""
    assert left == right
    assert repr(left) == repr(right)


# -- inputs ------------------------------------------------------------------------------------

TOKENS = (
    *"0123456789",
    "0", "00", "000", ",", ".", "-", "−", "+", "$", "US$", "%", "/", " ", "  ", "\t", "\n",
    "\x00", "\u202e", "**", "*", "e", "E", "^", "(", ")", "_", "[", "]", ";", "|", "..",
    " – ", " - ", " to ", " or ", " per ", " for ", " from ", " except ", "ban",
    "whichever is lower",
    ", whichever is lower,", "thousand", "million", "billion", "bbl", "barrel", "barrels",
    "kbbl", "Mbbl", "MMbbl", "mbbl", "b/d", "t", "ton", "tons", "tonnes", "MT", "Mt", "kt",
    "short ton", "kg", "gal", "L", "m3", "m³", "USD", "EUR", "usd", "yr", "year", "/yr", "a",
    "months", "month", "12 months", "1200 months", "0 months", "annual", "12-month period",
    "Jan", "January", "Feb", "Sept", "2017", "2018", "1899", "2201", "9999", "0001",
    "1 Jan 2018", "31 Feb 2018", "2018-01-01", "2018-13-01", "2023-01", "Dec 2023",
    "crude-oil", "coal", "import", "export", "any", "HS", "HS 2709", "HS 123", "[coal, export]",
    "for crude", "in EU, UK", "premium-to-crude", "nan", "inf", "Infinity", "1e5", "10**10",
    "800/9", "1/0", "1/3", "7.33 bbl/t", "ei-2021/crude-oil", " | ", "V", "V2", "U", "res",
    "S/RES/2397 (2017)", "2397", "S/2022/431", "ｂｂｌ", "١٢٣", "½", "\ud7ff", "\U0001f6e2",
)  # fmt: skip

tokens = st.lists(st.sampled_from(TOKENS), max_size=14).map("".join)


# Decorated once, at import: @st.composite reads the function's source, which must not
# change under a long run (editing this file mid-run would otherwise fail it).
@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[str, ...]) -> str:
    """Near-valid text: a valid seed with a few insertions, deletions or replacements."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(("insert", "delete", "replace", "duplicate", "swap")))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)))
        if kind == "insert":
            text = text[:where] + piece + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 6)) :]
        elif kind == "replace":
            text = text[:where] + piece + text[where + len(piece) :]
        elif kind == "duplicate":
            text = text[:where] + text[where : where + draw(st.integers(1, 8))] + text[where:]
        elif where + 1 < len(text):
            text = text[:where] + text[where + 1] + text[where] + text[where + 2 :]
    return text


def texts(seeds: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Arbitrary text, token soups and mutated seeds."""
    return st.one_of(st.text(max_size=60), tokens, mutated(seeds), st.sampled_from(seeds))


# -- parsers -----------------------------------------------------------------------------------


def _amount_round_trip(amount: sc.Amount) -> None:
    same(amount, sc.Amount.parse(str(amount)))
    same(amount, sc.Amount(format(amount.value, "f"), amount.unit.symbol))


def _measure_round_trip(measure: Any) -> None:
    again = sc.parse_measure(str(measure))
    same(measure, again)
    assert [repr(x) for x in measure.limbs] == [repr(x) for x in again.limbs]
    assert type(measure).parse(str(measure)) == measure


def _parse_each_measure(text: str) -> Any:
    """parse_measure, and the typed parsers agree with it."""
    try:
        measure = sc.parse_measure(text)
    except sc.SanctionCalcError:
        for parse in (sc.Cap.parse, sc.DualCap.parse, sc.Ban.parse):
            with pytest.raises(sc.SanctionCalcError):
                parse(text)
        raise
    assert type(measure).parse(text) == measure
    return measure


def _unit_round_trip(unit: sc.Unit) -> None:
    assert unit == sc.parse_unit(unit.symbol)
    assert unit == sc.parse_unit(str(unit))


def _factor_round_trip(found: sc.ConversionFactor) -> None:
    assert found is sc.factor(found.name)


def _instrument_round_trip(found: sc.Instrument) -> None:
    assert found is sc.catalog().instrument(found.symbol)


PARSERS: dict[str, tuple[Callable[[str], Any], Callable[[Any], None], tuple[str, ...]]] = {
    "Amount.parse": (
        sc.Amount.parse,
        _amount_round_trip,
        (
            "4,000,000 bbl",
            "US$400,870,018",
            "4.5 million barrels",
            "$60/bbl",
            "-12.50 t",
            "0.000001 kbbl",
            "525,000 tons",
            "3 MMbbl",
            "1 b/d",
            "60 USD per bbl",
        ),
    ),
    "parse_unit": (
        sc.parse_unit,
        _unit_round_trip,
        ("bbl", "USD per barrel", "b/d", "metric tons", "m³", "short ton", "kb/d", "EUR/t"),
    ),
    "Percentage.parse": (
        sc.Percentage.parse,
        lambda p: same(p, sc.Percentage.parse(p.exact)),
        ("25 %", "88.89%", "800/9 %", "40 percent", "-1,400 %", "12.5 per cent", ".5%"),
    ),
    "Rate.parse": (
        sc.Rate.parse,
        lambda r: same(r, sc.Rate.parse(r.exact)),
        ("53.45 USD/t", "160/21 bbl/t", "7.33 bbl/t", "0.136 t/bbl", "60 USD/bbl"),
    ),
    "ConversionFactor.parse": (
        sc.ConversionFactor.parse,
        lambda f: same(f, sc.ConversionFactor.parse(f.to_text())),
        (
            "mine/crude | 7.33 bbl/t",
            sc.factor("ei-2021/crude-oil").to_text(),
            "x | 160/21 bbl/t | crude-oil | implied | 2017 | S/RES/2397 | V",
        ),
    ),
    "parse_measure (Cap, DualCap, Ban)": (
        _parse_each_measure,
        _measure_round_trip,
        (
            "500,000 bbl per 12 months from 1 Jan 2018 [refined-petroleum, import]",
            "4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017",
            "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017",
            "ban from 5 Aug 2017 except livelihood; humanitarian [coal, export, HS 2701]",
            "4,500,000 bbl/yr",
            "500,000 bbl for 1 Oct 2017 – 31 Dec 2017",
            "ban",
        ),
    ),
    "Span.parse": (
        sc.Span.parse,
        lambda s: same(s, sc.Span.parse(str(s))),
        ("1 Oct 2017 – 31 Dec 2017", "2017-10-01 to 2017-12-31", "1 Jan 2018..1 Jan 2018"),
    ),
    "Periodic.parse": (
        sc.Periodic.parse,
        lambda p: same(p, sc.Periodic.parse(str(p))),
        (
            "12 months from 1 Jan 2018",
            "12 months",
            "year from 2017-01-01",
            "6-month from 1 Jul 2020",
        ),
    ),
    "Commodity.parse": (
        sc.Commodity.parse,
        lambda c: same(c, sc.Commodity.parse(str(c))),
        ("crude-oil", "crude-oil, import", "refined-petroleum, import, HS 2710", "coal, export"),
    ),
    "PriceCap.parse": (
        sc.PriceCap.parse,
        lambda c: same(c, sc.PriceCap.parse(str(c))),
        (
            "60 USD/bbl for crude in EU, UK from 5 Dec 2022 to 2 Sep 2025",
            "47.60 USD/bbl for crude in EU from 3 Sep 2025",
            "100 USD/bbl for premium-to-crude in US from 5 Feb 2023",
        ),
    ),
    "parse_span (ledger)": (
        parse_span,
        lambda s: same(s, sc.Span.parse(str(s))),
        ("2023-01", "Jan 2023", "Mar 2023 – Dec 2023", "2023-01-15", "1 Jan 2023 – 4 Dec 2023"),
    ),
    "factor": (
        sc.factor,
        _factor_round_trip,
        ("ei-2021/crude-oil", "unsd/gas-oil-diesel", "EI-2021/LPG"),
    ),
    "catalog().instrument": (
        lambda t: sc.catalog().instrument(t),
        _instrument_round_trip,
        ("2397", "res 2397", "S/RES/2397 (2017)", "S/2022/431", "UNSCR 2375"),
    ),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(PARSERS))
def test_parser(name: str, mode: str) -> None:
    """Arbitrary, token-soup and mutated text: an object that round-trips, or our error."""
    parse, round_trip, seeds = PARSERS[name]
    run(mode, texts(seeds), lambda text: outcome(parse, text, round_trip))


# -- constructors and operations on arbitrary values -------------------------------------------

numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.text(max_size=20),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [Decimal("1E-99999999"), Decimal("1E+99999999"), 10**5000, Fraction(1, 10**1001)]
    ),
)
unit_names = st.one_of(
    st.sampled_from(sc.known_units()), st.sampled_from(TOKENS), st.text(max_size=8)
)


def _constructors(args: tuple[Any, Any, Any, int]) -> None:
    value, unit, other, places = args
    outcome(lambda v: sc.Amount(v, unit), value, _amount_round_trip)
    outcome(sc.Percentage, value, lambda p: same(p, sc.Percentage.parse(p.exact)))
    outcome(lambda v: sc.Rate(v, unit), value, lambda r: same(r, sc.Rate.parse(r.exact)))
    outcome(sc.Periodic, value, lambda p: same(p, sc.Periodic.parse(str(p))))
    try:
        amount = sc.Amount(value, unit)
    except sc.SanctionCalcError:
        return
    outcome(lambda o: amount.to(o, places=places), other, _amount_round_trip)
    outcome(
        lambda o: sc.cut(amount, sc.Amount(o, unit)),
        other,
        lambda p: same(p, sc.Percentage.parse(p.exact)),
    )
    if isinstance(other, int | Decimal | Fraction) and not isinstance(other, bool):
        outcome(lambda o: amount * o, other, _amount_round_trip)
    else:  # documented: only exact numbers scale an amount (the operator protocol's TypeError)
        with pytest.raises(TypeError):
            _ = amount * other


@pytest.mark.parametrize("mode", MODES)
def test_constructors(mode: str) -> None:
    """Arbitrary Python values into constructors and operations: a value, or our error."""
    strategy = st.tuples(numbers, unit_names, st.one_of(numbers, unit_names), st.integers(-3, 60))
    run(mode, strategy, _constructors)


# -- the catalog loader ------------------------------------------------------------------------

_BUNDLED = json.loads(
    resources.files("sanctioncalc").joinpath("data/catalog/un-dprk-1718.json").read_text("utf-8")
)


def _small_document() -> dict[str, Any]:
    """A few instruments covering every record shape, with what they refer to."""
    document: dict[str, Any] = copy.deepcopy(_BUNDLED)
    wanted = {"S/RES/2375 (2017)", "S/RES/2397 (2017)", "S/2022/431"}
    document["instruments"] = [i for i in document["instruments"] if i["symbol"] in wanted]
    ids = {m["id"] for i in document["instruments"] for m in i["measures"]}
    for instrument in document["instruments"]:
        for measure in instrument["measures"]:
            if measure.get("superseded_by") not in ids:
                measure.pop("superseded_by", None)
    return document


SMALL = _small_document()
_SMALL_TEXT = json.dumps(SMALL)
_LEAVES: tuple[Any, ...] = (
    None, True, 0, -1, 10**30, 1.5, float("nan"), "", " ", "x" * 3000, "\x00", "a\nb", "V", "U",
    "X", "ban", "nan bbl per 12 months", "10**10**10 bbl per 12 months", "5 Mbbl per 12 months",
    "2017-02-30", "0001-01-01", "2201-01-01", "https://example.org", "javascript:x", "crude-oil",
    "unobtainium", [], {}, [1], {"a": 1}, "adopted", "draft", "import", "2397-4-crude",
)  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


_SMALL_PATHS = _paths(SMALL)


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """The small catalog with a few fields replaced, removed, duplicated or added."""
    document = copy.deepcopy(SMALL)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_SMALL_PATHS))
        if not path:
            continue
        parent: Any = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            key = path[-1]
            kind = draw(st.sampled_from(("set", "delete", "duplicate", "add", "mutate")))
            if kind == "set":
                parent[key] = draw(st.sampled_from(_LEAVES))
            elif kind == "delete":
                del parent[key]
            elif kind == "duplicate" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[key]))
            elif kind == "add" and isinstance(parent, dict):
                parent[draw(st.sampled_from(("note", "extra", "title", "limit", "vote")))] = draw(
                    st.sampled_from(_LEAVES)
                )
            elif kind == "mutate" and isinstance(parent[key], str):
                parent[key] = draw(mutated((parent[key],)))
        except (KeyError, IndexError, TypeError):
            continue
    return document


def _instruments(catalog: sc.Catalog) -> list[sc.Instrument]:
    return [attrs.evolve(i, origin="") for i in catalog.instruments]


def _catalog_round_trip(catalog: sc.Catalog) -> None:
    again = sc.Catalog.from_files(catalog.write(FOLDER / "again.json"))
    assert _instruments(catalog) == _instruments(again)
    assert (catalog.regimes, catalog.commodities) == (again.regimes, again.commodities)
    assert catalog.commodity_titles == again.commodity_titles
    assert catalog.to_json() == again.to_json()


def _load_catalog_bytes(data: bytes, suffix: str = ".json") -> sc.Catalog:
    path = FOLDER / f"fuzz{suffix}"
    path.write_bytes(data)
    return sc.Catalog.from_files(path)


def _document_bytes(document: Any) -> bytes:
    try:
        return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except ValueError:
        return b"{"


CATALOG_INPUTS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], sc.Catalog]]] = {
    "catalog: arbitrary bytes": (
        st.one_of(
            st.binary(max_size=300),
            st.binary(max_size=40).map(lambda b: _SMALL_TEXT.encode()[:2000] + b),
        ),
        _load_catalog_bytes,
    ),
    "catalog: arbitrary text as JSON and TOML": (
        st.tuples(st.text(max_size=200), st.sampled_from((".json", ".toml"))),
        lambda pair: _load_catalog_bytes(pair[0].encode("utf-8", "surrogatepass"), pair[1]),
    ),
    "catalog: mutated documents": (
        mutated_documents(),
        lambda document: _load_catalog_bytes(_document_bytes(document)),
    ),
    "catalog: truncated documents": (
        st.tuples(st.integers(0, len(_SMALL_TEXT)), st.binary(max_size=6)),
        lambda pair: _load_catalog_bytes(_SMALL_TEXT.encode()[: pair[0]] + pair[1]),
    ),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(CATALOG_INPUTS))
def test_catalog_loader(name: str, mode: str) -> None:
    """A catalog that writes and reads back the same, or a CatalogError; nothing else."""
    strategy, load = CATALOG_INPUTS[name]

    def check(value: Any) -> None:
        try:
            catalog = load(value)
        except sc.CatalogError:
            return
        _catalog_round_trip(catalog)

    run(mode, strategy, check, loader=True)


# -- the CSV loader ----------------------------------------------------------------------------

HEADER = (
    "first,last,month,span,reported,quantity,unit,product,reporter,counterparties,note,source,ref"
)
CELLS = (
    "", " ", "2023-01-01", "2023-01-31", "2023-02-30", "2023-01", "Jan 2023", "Mar 2023 – Dec 2023",
    "2023-13", "9999-12", "0001-01", "44,655", "44655.123456", "5.0000001", "-5", "nan", "1e5",
    "10**10**10", "1" * 31, "bbl", "t", "Mbbl", "USD", "EUR", "bbl/d", "parsec", "5 bbl",
    "US$5", "gas-oil-diesel", "crude oil", "gas_oil!", "Russia", " R", "R\x07", "A; B", ";",
    "note, with comma", 'quote "x"', "line\nbreak", "\x00", "r1", "r2", "\u202e", "x" * 130,
)  # fmt: skip
_COLUMNS = HEADER.split(",")


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A header of some columns (some unknown, some repeated) and rows of nasty cells."""
    import csv

    columns = draw(
        st.lists(
            st.sampled_from((*_COLUMNS, "extra", "Quantity", " unit ")), min_size=0, max_size=9
        )
    )
    if draw(st.booleans()):
        columns = ["month", "quantity", "unit", "reporter", "reported", "ref", *columns]
    rows = draw(
        st.lists(
            st.lists(
                st.one_of(st.sampled_from(CELLS), st.text(max_size=6)), max_size=len(columns) + 2
            ),
            max_size=6,
        )
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(("\n", "\r\n"))))
    writer.writerow(columns)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):  # truncate, possibly inside a quoted cell
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _ledger_round_trip(report: Any) -> None:
    assert report.read == report.accepted + len(report.rejected)
    assert all(r.reason for r in report.rejected)
    ledger = report.ledger
    text = ledger.to_csv()
    again = Ledger.from_csv(io.StringIO(text))
    assert (again.read, again.accepted, again.rejected) == (len(ledger), len(ledger), ())
    assert ledger == again.ledger
    assert [repr(d.quantity) for d in ledger] == [repr(d.quantity) for d in again.ledger]
    assert text == again.ledger.to_csv()


def _load_csv_bytes(data: bytes) -> Any:
    path = FOLDER / "fuzz.csv"
    path.write_bytes(data)
    return Ledger.from_csv(path)


CSV_INPUTS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], Any]]] = {
    "csv: arbitrary text": (st.text(max_size=200), lambda text: Ledger.from_csv(io.StringIO(text))),
    "csv: arbitrary bytes": (st.binary(max_size=300), _load_csv_bytes),
    "csv: structured rows": (csv_texts(), lambda text: Ledger.from_csv(io.StringIO(text))),
    "rows: arbitrary values": (
        st.lists(
            st.dictionaries(
                st.sampled_from((*_COLUMNS, "extra")),
                st.one_of(st.sampled_from(CELLS), numbers, st.dates(), st.datetimes()),
                max_size=8,
            ),
            max_size=5,
        ),
        Ledger.from_rows,
    ),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(CSV_INPUTS))
def test_csv_loader(name: str, mode: str) -> None:
    """A report whose counts add up and whose ledger round-trips, or a LedgerError."""
    strategy, load = CSV_INPUTS[name]

    def check(value: Any) -> None:
        try:
            report = load(value)
        except sc.SanctionCalcError:
            return
        _ledger_round_trip(report)

    run(mode, strategy, check, loader=True)


def test_the_long_run_totals_a_million() -> None:
    """The fuzz profile runs at least 10⁶ examples across the targets."""
    targets = len(PARSERS) + 1 + len(CATALOG_INPUTS) + len(CSV_INPUTS)
    assert settings.get_profile("fuzz").max_examples * targets >= 1_000_000
