"""Nothing is lost and nothing is changed: loaders account for every row, and no operation
mutates what it was given (value objects, the caller's lists and dicts, pint quantities and
registries)."""

from __future__ import annotations

import contextlib
import copy
import functools
import importlib.util
import inspect
import io
import math
import pickle
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import Delivery, Ledger, Normalisation

_spec = importlib.util.spec_from_file_location(
    "pickling", Path(__file__).with_name("test_pickling.py")
)
assert _spec is not None
assert _spec.loader is not None
_pickling = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pickling)
SAMPLES: dict[str, object] = _pickling.SAMPLES

# -- loaders account for every row -------------------------------------------------------------

GOOD = (
    "2023-01,44655,bbl,Russia,2023-02-28,,,",
    "2023-02,10666.5,bbl,Russia,,,,",
    "Jan 2023,17294,t,China,,gas-oil-diesel,,Vessel A; Vessel B",
    "2023-03,US$1000,,China,,,,",
    "2023-04,5,bbl,Russia,2023-05-01,,n1,",
    "2023-04,6,bbl,Russia,2023-06-01,,n1,",
)
BAD = (
    "2023-13,5,bbl,Russia,,,,",
    "2023-01,nan,bbl,Russia,,,,",
    "2023-01,-5,bbl,Russia,,,,",
    "2023-01,5,Mbbl,Russia,,,,",
    "2023-01,10**10**10,bbl,Russia,,,,",
    "2023-01,5,bbl,,,,,",
    ",,,,,,,",
    "2023-01,5,bbl,Russia,,,n2,",
    "2023-01,5,bbl,Russia,,,,,extra,cells",
)
HEADER = "month,quantity,unit,reporter,reported,product,ref,counterparties"


class TestLoadersCount:
    """accepted + rejected == read, every rejection says where and why, nothing dropped."""

    @given(st.lists(st.sampled_from(GOOD + BAD), max_size=25))
    def test_csv(self, lines: list[str]) -> None:
        """Every data row is read once, and is either a delivery or a rejection."""
        report = Ledger.from_csv(io.StringIO("\n".join([HEADER, *lines]) + "\n"))
        assert len(lines) == report.read
        assert report.read == report.accepted + len(report.rejected)
        accepted_rows = sorted(set(range(2, len(lines) + 2)) - {r.row for r in report.rejected})
        assert len(accepted_rows) == report.accepted
        for rejected in report.rejected:
            line = lines[rejected.row - 2]
            assert line not in GOOD or "n1" in line  # a good line is refused only as a repeat
            assert rejected.reason
            if rejected.error or rejected.reason == "blank row":
                assert (
                    tuple(v for _, v in rejected.values)
                    == tuple(line.split(","))[: len(rejected.values)]
                )

    def test_rejection_keeps_the_cells(self) -> None:
        """A rejected row keeps what it held, column by column."""
        report = Ledger.from_csv(io.StringIO(f"{HEADER}\n{BAD[1]}\n"))
        [rejected] = report.rejected
        assert (("month", "2023-01"), ("quantity", "nan"), ("unit", "bbl")) == rejected.values[:3]
        assert ("ParseError", 2) == (rejected.error, rejected.row)

    def test_rows(self) -> None:
        """from_rows counts mappings, and refuses what is not one, row by row."""
        rows: list[Any] = [
            {"month": "2023-01", "quantity": "5", "unit": "bbl", "reporter": "R"},
            5,
            {"month": "2023-01", "quantity": float("nan"), "unit": "bbl", "reporter": "R"},
            {"month": "2023-01", "quantity": 10**5000, "unit": "bbl", "reporter": "R"},
            {"MONTH ": "2023-02", "Quantity": Decimal("7.5"), "unit": "t", "reporter": "R"},
        ]
        report = Ledger.from_rows(rows, first_row=10)
        assert (5, 2) == (report.read, report.accepted)
        assert [11, 12, 13] == [r.row for r in report.rejected]

    def test_dataframe(self) -> None:
        """from_frame counts every row, missing cells included."""
        pandas = pytest.importorskip("pandas")
        frame = pandas.DataFrame(
            {
                "month": ["2023-01", "2023-02", None, "2023-13"],
                "quantity": [5.5, math.nan, 7.0, 1.0],
                "unit": ["bbl", "bbl", "bbl", "bbl"],
                "reporter": ["R", "R", "R", "R"],
            }
        )
        report = Ledger.from_frame(frame)
        assert (4, 1, [1, 2, 3]) == (report.read, report.accepted, [r.row for r in report.rejected])


# -- no operation mutates its inputs ------------------------------------------------------------


def _public_members(value: object) -> list[Callable[[], object]]:
    """Every property and every method that needs no argument, as calls on *value*."""
    calls: list[Callable[[], object]] = [lambda: str(value), lambda: repr(value)]
    calls.append(lambda: value == copy.copy(value))
    for name, member in inspect.getmembers(type(value)):
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            calls.append(functools.partial(getattr, value, name))
        elif inspect.isfunction(member):
            parameters = list(inspect.signature(member).parameters.values())[1:]
            if all(
                p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                for p in parameters
            ):
                calls.append(functools.partial(member, value))
    return calls


class TestValueObjects:
    """Using a value object (its text, properties and argument-free methods) changes nothing."""

    @pytest.mark.parametrize("name", list(SAMPLES))
    def test_unchanged_by_use(self, name: str) -> None:
        """The pickled state before and after every call is the same."""
        value = SAMPLES[name]
        before = pickle.dumps(value)
        for call in _public_members(value):
            # e.g. Comparison.cut when the limbs disagree: documented, and harmless here
            with contextlib.suppress(sc.SanctionCalcError):
                call()
        assert before == pickle.dumps(value)

    @pytest.mark.parametrize("name", [n for n, v in SAMPLES.items() if attrs.has(type(v))])
    def test_frozen(self, name: str) -> None:
        """Value and result objects refuse assignment (attrs frozen)."""
        value = SAMPLES[name]
        cls = type(value)
        assert attrs.has(cls)
        field = attrs.fields(cls)[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(value, field, None)


def _deep(value: object) -> bytes:
    return pickle.dumps(value)


REFINED = "500,000 bbl per 12 months from 1 Jan 2023"
Operation = tuple[str, Callable[[], tuple[Any, ...]], Callable[..., object]]


def _weekly_prices() -> list[tuple[date, sc.Amount]]:
    return [
        (date(2025, 7, 15) + timedelta(weeks=i), sc.Amount(50 + i, "USD/bbl")) for i in range(22)
    ]


def _thresholds(levels: list[int]) -> object:
    from sanctioncalc import UsageThresholds

    return UsageThresholds(tuple(sc.Percentage(level) for level in levels))


def _sensitivity(names: list[str]) -> object:
    ledger = Ledger([Delivery("2023-01", "5 t", reporter="R", product="gas-oil-diesel")])
    return ledger.sensitivity(REFINED, names)


OPERATIONS: list[Operation] = [
    (
        "cumulative with a list of labels",
        lambda: (["2375", "2397"],),
        lambda labels: sc.cumulative(
            "4,500,000 bbl/yr", "2,000,000 bbl/yr", "500,000 bbl/yr", labels=labels
        ),
    ),
    (
        "cumulative_restriction through a list",
        lambda: (["2375", "2397"],),
        lambda through: sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl/yr", through=through
        ),
    ),
    (
        "compare_instruments",
        lambda: (sc.catalog().instrument("2375"), sc.catalog().instrument("2397")),
        sc.compare_instruments,
    ),
    ("Ledger from a list", lambda: ([Delivery("2023-01", "5 bbl", reporter="R")],), Ledger),
    (
        "Ledger.from_rows with dicts",
        lambda: ([{"Month ": "2023-01", "quantity": "5 bbl", "reporter": " R "}],),
        Ledger.from_rows,
    ),
    ("Ledger.sensitivity with a list", lambda: (["unsd", "ei-2021"],), _sensitivity),
    (
        "DualCap from a list of limbs",
        lambda: (["4,000,000 bbl", sc.Amount(525_000, "t")],),
        lambda limbs: sc.DualCap(limbs, "12 months"),
    ),
    (
        "Ban from a list of exemptions",
        lambda: (["livelihood", "humanitarian"],),
        lambda exemptions: sc.Ban(exemptions=exemptions),
    ),
    (
        "check_price with a dict of costs",
        lambda: ({"port": "0.50 USD/bbl"},),
        lambda other: sc.check_price("60 USD/bbl", delivered_price="62 USD/bbl", other=other),
    ),
    (
        "QuotaSchedule.utilization with a list",
        lambda: ([("2022-03-01", "400 t")],),
        lambda deliveries: sc.QuotaSchedule.yearly(2022, ["1,000 t"]).utilization(deliveries),
    ),
    (
        "DynamicCapRule.compute with a series",
        lambda: (_weekly_prices(),),
        lambda series: sc.DynamicCapRule(weeks=22, discount=15, review_months=6).compute(
            series, end=date(2025, 12, 16)
        ),
    ),
    ("UsageThresholds from a list", lambda: ([75, 90],), _thresholds),
    (
        "Normalisation with a list of fallbacks",
        lambda: ([sc.factor("ei-2021/crude-oil")],),
        lambda fallback: Normalisation(table="unsd", fallback=tuple(fallback)),
    ),
    ("catalog merge", lambda: (sc.catalog(), sc.catalog()), lambda a, b: a.merged(b)),
]


class TestCallersInputs:
    """No operation changes the lists, dicts and objects a caller passed in."""

    @pytest.mark.parametrize("case", OPERATIONS, ids=[case[0] for case in OPERATIONS])
    def test_inputs_unchanged(self, case: Operation) -> None:
        """The inputs pickle the same before and after the call."""
        _, build, operation = case
        inputs = build()
        before = _deep(inputs)
        operation(*inputs)
        assert before == _deep(inputs)


@pytest.fixture(scope="module")
def host() -> Any:
    """A host application's own pint registry."""
    import pint

    return pint.UnitRegistry()


class TestPintQuantities:
    """A caller's pint quantities and registries are never changed."""

    @pytest.mark.parametrize(
        ("magnitude", "unit"),
        [(4.5, "barrel"), (Decimal("0.1"), "ton"), (7, "ft**3"), (2, "oil_barrel"), (1, "meter")],
    )
    def test_from_pint(self, host: Any, magnitude: object, unit: str) -> None:
        """from_pint leaves the quantity's magnitude (object and value) and units alone."""
        quantity = host.Quantity(magnitude, unit)
        before = (
            quantity.magnitude,
            repr(quantity.magnitude),
            str(quantity.units),
            quantity._REGISTRY,
        )
        held = quantity.magnitude
        warned = (
            pytest.warns(sc.PrecisionLossWarning) if unit == "ft**3" else contextlib.nullcontext()
        )
        with warned, contextlib.suppress(sc.SanctionCalcError):
            sc.Amount.from_pint(quantity)
        assert held is quantity.magnitude
        assert before == (
            quantity.magnitude,
            repr(quantity.magnitude),
            str(quantity.units),
            quantity._REGISTRY,
        )

    def test_from_pint_array(self, host: Any) -> None:
        """An array magnitude is refused, and left as it was."""
        numpy = pytest.importorskip("numpy")
        array = numpy.array([1.0, 2.5])
        quantity = host.Quantity(array, "barrel")
        with pytest.raises(sc.UnknownUnitError):
            sc.Amount.from_pint(quantity)
        assert [1.0, 2.5] == quantity.magnitude.tolist()
        assert quantity.magnitude is array

    def test_to_pint_defines_nothing_on_the_host(self, host: Any) -> None:
        """Writing into a host registry neither defines nor redefines any of its units."""
        before = sorted(host._units)
        for text in ("3 bbl", "2 t", "5 m3", "1 L", "4 kg"):
            sc.Amount.parse(text).to_pint(host)
        assert before == sorted(host._units)

    def test_application_registry_untouched(self) -> None:
        """sanctioncalc's own registry is its own: pint's application registry is unchanged."""
        import pint

        application = pint.get_application_registry()
        before = (
            application.get(),
            sorted(application._units) if hasattr(application, "_units") else None,
        )
        sc.Amount.from_pint(sc.Amount(3, "kbbl").to_pint())
        assert sc.unit_registry() is not application.get()
        after = (
            application.get(),
            sorted(application._units) if hasattr(application, "_units") else None,
        )
        assert before == after

    def test_our_quantity_is_fresh(self) -> None:
        """to_pint builds a new quantity each time: converting it in place changes no amount."""
        amount = sc.Amount(3, "kbbl")
        quantity = amount.to_pint()
        quantity.ito("m**3")  # pint's in-place conversion
        assert "Amount('3', 'kbbl')" == repr(amount)
        assert "oil" in str(amount.to_pint().units) or "kbbl" in str(amount.to_pint().units)
