"""Only sanctioncalc's errors escape: every public callable, called with hostile arguments.

Every name in ``sanctioncalc.__all__`` that can be called (functions, constructors of the
value types, errors and enums), every public method and classmethod of the value types
(called on real instances), their comparison and arithmetic operators, the bulk ledger and
the assertion helpers of :mod:`sanctioncalc.testing` are called with wrong types and
out-of-range values: ``None``, huge and negative ints, NaN and infinite floats and Decimals,
text garbage, bytes, dates at the ends of the calendar, datetimes, containers, objects with
a fake ``.magnitude`` and ``.units``, mixed with valid values so that calls get past the first
check.  The only acceptable outcomes are a result or a :class:`SanctionCalcError` subclass.

Exempt, because Python raises them before any of our code runs: a TypeError for a wrong
number of arguments (detected by binding the arguments to the signature first), and the
TypeError an operator raises when its method returns ``NotImplemented`` (the dunder is called
directly, so NotImplemented is seen as a value).  The assertion helpers of
:mod:`sanctioncalc.testing` may also raise AssertionError: that is their outcome.

The sweep runs in a child process, so that a hang (even one inside C code, such as
``10 ** (10**30)``) is killed and reported with the call that hung.  The default run is
modest (:data:`DEFAULT_EXAMPLES` per callable, derandomized); the long run
is ``HYPOTHESIS_PROFILE=fuzz pytest -m fuzz tests/test_sweep.py`` (the profile's
``max_examples`` per callable).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import gc
import inspect
import io
import itertools
import json
import os
import select
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import testing as sctesting

#: Examples per callable in the default run (the fuzz profile sets its own).
DEFAULT_EXAMPLES = 20
#: A call that takes this long is a hang, whatever the machine.
HANG_SECONDS = 5.0
#: A callable's run is killed when no call returns for this long (a hang in C code, such as
#: ``10 ** (10**30)``, cannot be interrupted in the process that runs it).
STALL_SECONDS = 2 * HANG_SECONDS

MODES = [
    pytest.param("default", id="default"),
    pytest.param("fuzz", id="fuzz", marks=pytest.mark.fuzz),
]

#: Binary operators a value type may define; each is called directly with a hostile operand.
OPERATORS = (
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__add__",
    "__radd__",
    "__sub__",
    "__rsub__",
    "__mul__",
    "__rmul__",
    "__truediv__",
    "__rtruediv__",
    "__contains__",
)


# -- hostile and valid values ---------------------------------------------------------------


@attrs.frozen
class FakeQuantity:
    """Not a pint quantity, but it has a magnitude and units."""

    magnitude: Any
    units: Any


@functools.cache
def hostile() -> tuple[object, ...]:
    """Wrong types and out-of-range values of every kind."""
    return (
        None,
        True,
        False,
        0,
        -1,
        1,
        2**63,
        -(2**63) - 1,
        10**30,
        -(10**30),
        10**5000,
        -(10**5000),
        0.0,
        -0.0,
        0.1,
        -1.5,
        1e308,
        float("nan"),
        float("inf"),
        float("-inf"),
        complex(1, 1),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        Decimal("1E+100000"),
        Decimal("1E-100000"),
        Decimal("-0"),
        Fraction(10**5000, 3),
        Fraction(1, 10**5000),
        Fraction(-1, 3),
        "",
        " ",
        "x",
        "\x00",
        "\u202e",
        "nan",
        "inf",
        "-1",
        "1e5 bbl",
        "10**10**10 bbl",
        "−500,000 bbl",
        "500,000 bbl per 0 months",
        "0 bbl per 12 months from 1 Jan 2018",
        "1 bbl per 1200 months from 1 Jan 2200",
        "0001-01-01",
        "9999-12-31",
        "2018-02-30",
        "1 Jan 1899",
        "31 Dec 2201",
        "x" * 100_000,
        "1" * 5000,
        b"500,000 bbl",
        b"\xff\xfe",
        bytearray(b"x"),
        date(1, 1, 1),
        date(9999, 12, 31),
        date(1899, 12, 31),
        date(2201, 1, 1),
        datetime(2018, 1, 1, 12, 0, tzinfo=UTC),
        datetime(2018, 1, 1, 12, 0, tzinfo=UTC).replace(tzinfo=None),
        timedelta(days=1),
        [],
        [None],
        [1, 2, 3],
        ["500,000 bbl", None],
        [(None, None)],
        [("2018-01-01",)],
        (),
        (None,),
        {},
        {"a": 1},
        {None: None},
        set(),
        frozenset({1}),
        object(),
        int,
        len,
        Path("/nonexistent/dir/file.json"),
        io.StringIO("not,a\ncsv"),
        iter(()),
        FakeQuantity(1, "bbl"),
        FakeQuantity(1, "barrel"),
        FakeQuantity(float("nan"), "oil_barrel"),
        FakeQuantity("1", None),
        FakeQuantity(None, "kg"),
        FakeQuantity(10**5000, "metric_ton"),
        FakeQuantity([1, 2], "oil_barrel"),
    )


@functools.cache
def valid() -> tuple[object, ...]:
    """Values that are valid somewhere, so calls get past their first check."""
    cap = sc.Cap.parse("500,000 bbl per 12 months from 1 Jan 2018")
    dual = sc.parse_measure("4,000,000 bbl or 525,000 t per 12 months from 1 Jan 2018")
    delivery = sc.Delivery("2018-01", "44,655 bbl", reporter="Russia")
    return (
        2,
        12,
        180,
        2018,
        Fraction(1, 3),
        Decimal("7.33"),
        "500,000 bbl",
        "525,000 t",
        "60 USD/bbl",
        "7.33 bbl/t",
        "25 %",
        "bbl",
        "t",
        "kg",
        "USD/bbl",
        "crude-oil",
        "refined-petroleum",
        "2397",
        "S/2022/431",
        "ei-2021/crude-oil",
        "unsd",
        "EU",
        "crude oil",
        "2709.00",
        "2018-01-01",
        "1 Jan 2018",
        "1 Jan 2018 – 31 Dec 2018",
        "12 months from 1 Jan 2018",
        "500,000 bbl per 12 months from 1 Jan 2018",
        "60 USD/bbl for crude in EU from 5 Dec 2022",
        date(2018, 1, 1),
        date(2018, 6, 30),
        date(2023, 3, 1),
        sc.Amount(500_000, "bbl"),
        sc.Amount(0, "t"),
        sc.Amount(-1, "bbl"),
        sc.Amount(60, "USD/bbl"),
        sc.Percentage(25),
        sc.Rate(60, "USD/bbl"),
        sc.parse_unit("bbl"),
        sc.Span(date(2018, 1, 1), date(2019, 1, 1)),
        sc.Periodic(12, date(2018, 1, 1)),
        cap,
        dual,
        sc.factor("ei-2021/crude-oil"),
        sc.Mark.V2,
        sc.Commodity("crude-oil"),
        delivery,
        [delivery],
        sc.Ledger([delivery]),
        sc.Normalisation(table="unsd"),
        sc.UsageThresholds.un(),
        sc.TankerDeliveries("Vessel A", "20,000 bbl", 3),
        [sc.TankerDeliveries("Vessel A", "3,000 t", 3)],
        [(date(2018, 3, 1), "40,000 kg")],
        [(date(2025, 7, 15), sc.Amount(50, "USD/bbl"))],
        ["25 %", 10],
    )


def values() -> st.SearchStrategy[object]:
    """One argument: hostile, valid, or generated."""
    fixed = st.sampled_from(hostile() + valid())
    return st.one_of(
        st.sampled_from(hostile()),
        st.sampled_from(valid()),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.fractions(),
        st.text(max_size=30),
        st.binary(max_size=8),
        st.dates(),
        st.datetimes(),
        st.lists(fixed, max_size=3),
        st.tuples(fixed, fixed),
        st.dictionaries(st.text(max_size=5), fixed, max_size=2),
    )


# -- the callables --------------------------------------------------------------------------


@attrs.frozen
class Target:
    """One callable under test: how to reach it, and what it may raise besides our errors."""

    name: str
    function: Callable[..., Any] = attrs.field(eq=False)
    signature: inspect.Signature | None = attrs.field(eq=False)
    allowed: tuple[type[BaseException], ...] = ()


def _signature(function: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(function)
    except (TypeError, ValueError):  # a builtin without one: any arguments are tried
        return None


@functools.cache
def instances() -> dict[type, tuple[object, ...]]:
    """Real instances of the public types, for their methods."""
    cat = sc.catalog()
    dual = sc.parse_measure("4,000,000 bbl or 525,000 t per 12 months from 1 Jan 2018")
    ledger = sc.Ledger(
        [
            sc.Delivery("2018-01", "44,655 bbl", reporter="Russia", reported=date(2018, 2, 28)),
            sc.Delivery("2018-02", "60,000 t", reporter="X", product="gas-oil-diesel"),
        ],
        totals=[sc.PublishedTotal("2018-01 – 2018-12", "105,845 bbl", reporter="Russia")],
    )
    utilization = ledger.utilization(
        "500,000 bbl per 12 months from 1 Jan 2018", normalisation=sc.Normalisation(table="unsd")
    )
    comparison = sc.compare("500,000 bbl", "375,000 bbl")
    rule = sc.DynamicCapRule(weeks=22, discount=15, review_months=6)
    series = [
        (date(2025, 7, 15) + timedelta(weeks=i), sc.Amount(50 + 4 * (i % 2), "USD/bbl"))
        for i in range(22)
    ]
    estimate = sc.estimate_deliveries(
        [sc.TankerDeliveries("Vessel A", "20,000 bbl", 10)],
        cap="500,000 bbl per 12 months from 1 Jan 2018",
    )
    timeline = sc.timeline("refined-petroleum")
    found: list[object] = [
        sc.Amount(500_000, "bbl"),
        sc.Commodity.parse("crude-oil"),
        sc.factor("ei-2021/crude-oil"),
        sc.Percentage(25),
        sc.Multiple(Fraction(47445, 2028)),
        sc.Rate(60, "USD/bbl"),
        sc.parse_unit("bbl"),
        sc.Periodic(12, date(2018, 1, 1)),
        sc.Span(date(2018, 1, 1), date(2019, 1, 1)),
        sc.Cap.parse("500,000 bbl per 12 months from 1 Jan 2018"),
        dual,
        sc.binding_limb(
            sc.parse_measure("US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months"),
            "400 USD/t",
        ),
        comparison,
        sc.cumulative("500,000 bbl", "375,000 bbl", "300,000 bbl"),
        cat,
        cat.instrument("2397"),
        next(iter(cat.instrument("2397").measures)),
        sc.compare_instruments("2397", "S/2022/431"),
        timeline,
        timeline.entries[0],
        ledger,
        utilization,
        utilization.latest,
        utilization.latest.limbs[0],
        sc.Normalisation(table="unsd", fallback="ei-2021/product-basket"),
        sc.UsageThresholds.un(),
        ledger.sensitivity("500,000 bbl per 12 months from 1 Jan 2018", ["unsd", "ei-2021"]),
        estimate,
        estimate.scenarios[0],
        rule,
        rule.compute(series, end=date(2025, 12, 16)),
        sc.PriceCap.parse("60 USD/bbl for crude in EU from 5 Dec 2022"),
        sc.WindDown("contract", date(2025, 9, 2), date(2025, 10, 17), "loading", "60 USD/bbl"),
        sc.Ceiling("202.8 kg", "stockpile", start=date(2016, 1, 16), years=15),
        sc.Ceiling("2,000,000,000 USD", "oil sales", start=date(1996, 12, 10), per_days=180),
        sc.QuotaSchedule.yearly(2014, ["485,279 kg", "455,142 kg"]),
        sc.ReductionRule(bar=18, window_days=180),
        sc.Mark.V,
        sc.Origin.CALLER,
        sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl", through=["2397", "S/2022/431"]
        ).provenance,
        sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl", through=["2397", "S/2022/431"]
        ).provenance.sources[0],
        comparison.explain(),
        comparison.changes[0],
    ]
    # Loaded here, once, rather than in each child process that the sweep forks.
    sc.unit_registry()
    with contextlib.suppress(sc.MissingExtraError):  # pandas is an extra
        comparison.to_frame()
    by_type: dict[type, list[object]] = {}
    for value in found:
        by_type.setdefault(type(value), []).append(value)
    return {kind: tuple(values) for kind, values in by_type.items()}


def _public_methods(cls: type) -> Iterator[tuple[str, object]]:
    for name, member in vars(cls).items():
        if name.startswith("_") and name not in OPERATORS:
            continue
        if isinstance(member, property | functools.cached_property):
            continue
        if isinstance(member, classmethod | staticmethod) or inspect.isfunction(member):
            yield name, member


#: An enum is called with one value (its other parameters build new enums).
ENUM_SIGNATURE = inspect.Signature([inspect.Parameter("value", inspect.Parameter.POSITIONAL_ONLY)])


def _class_targets(qualified: str, cls: type) -> Iterator[Target]:
    yield Target(qualified, cls, ENUM_SIGNATURE if issubclass(cls, enum.Enum) else _signature(cls))
    if issubclass(cls, BaseException):
        return
    samples = instances().get(cls, ())
    for name, member in _public_methods(cls):
        if isinstance(member, classmethod | staticmethod):
            bound = getattr(cls, name)
            yield Target(f"{qualified}.{name}", bound, _signature(bound))
            continue
        for index, sample in enumerate(samples):
            method = getattr(sample, name)
            label = f"{qualified}.{name}" + (f"[{index}]" if len(samples) > 1 else "")
            yield Target(label, method, _signature(method))


@functools.cache
def targets() -> tuple[Target, ...]:
    """Every public callable of sanctioncalc, sanctioncalc.bulk and sanctioncalc.testing."""
    found: list[Target] = []
    for name in sc.__all__:
        obj = getattr(sc, name)
        if isinstance(obj, type):
            found.extend(_class_targets(name, obj))
        elif callable(obj):
            found.append(Target(name, obj, _signature(obj)))
    for name in sctesting.__all__:
        helper = getattr(sctesting, name)
        found.append(
            Target(f"testing.{name}", helper, _signature(helper), allowed=(AssertionError,))
        )
    found.extend(_bulk_targets())
    return tuple(found)


def _bulk_targets() -> Iterator[Target]:
    try:
        from sanctioncalc.bulk import BulkLedger
    except sc.MissingExtraError:  # pragma: no cover - the bulk extra is not installed
        return
    ledger = instances()[sc.Ledger][0]
    assert isinstance(ledger, sc.Ledger)
    bulk = ledger.to_bulk()
    yield Target("bulk.BulkLedger", BulkLedger, _signature(BulkLedger))
    for name, member in _public_methods(BulkLedger):
        bound = getattr(BulkLedger if isinstance(member, classmethod) else bulk, name)
        yield Target(f"bulk.BulkLedger.{name}", bound, _signature(bound))


def _target_names() -> list[str]:
    return [target.name for target in targets()]


# -- one call -------------------------------------------------------------------------------


@attrs.frozen
class Call:
    """Arguments for one call."""

    args: tuple[object, ...]
    kwargs: dict[str, object]


def _calls(target: Target) -> st.SearchStrategy[Call]:
    """Arguments shaped by the signature, sometimes one too few or too many."""
    value = values()
    if target.signature is None:
        return st.builds(Call, st.lists(value, max_size=3).map(tuple), st.just({}))
    positional: list[st.SearchStrategy[list[object]]] = []
    keywords: dict[str, st.SearchStrategy[object]] = {}
    for parameter in target.signature.parameters.values():
        required = parameter.default is inspect.Parameter.empty
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            positional.append(st.lists(value, max_size=3))
        elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
            continue
        elif parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords[parameter.name] = value
        elif required:
            positional.append(value.map(lambda v: [v]))
        else:
            positional.append(st.one_of(st.just([]), value.map(lambda v: [v])))
    # Optional positionals given in order: a gap shifts later values left, which binds anyway.
    args = st.tuples(*positional).map(lambda parts: tuple(itertools.chain.from_iterable(parts)))
    kwargs = st.fixed_dictionaries({}, optional=keywords)
    arity = st.sampled_from(["as signed", "as signed", "as signed", "as signed", "drop", "add"])
    return st.builds(_shape, args, kwargs, arity, value)


def _shape(args: tuple[object, ...], kwargs: dict[str, object], arity: str, extra: object) -> Call:
    if arity == "drop" and args:
        return Call(args[:-1], kwargs)
    if arity == "add":
        return Call((*args, extra), kwargs)
    return Call(args, kwargs)


def _binds(target: Target, call: Call) -> bool:
    if target.signature is None:
        return True
    try:
        target.signature.bind(*call.args, **call.kwargs)
    except TypeError:
        return False
    return True


def check(target: Target, call: Call) -> None:
    """Call *target*: a result or our error, and nothing else (see the module docstring)."""
    binds = _binds(target, call)
    _announce(f"{target.name}(*{_short(call.args)}, **{_short(call.kwargs)})")
    accepted: tuple[type[BaseException], ...] = (sc.SanctionCalcError, *target.allowed)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = target.function(*call.args, **call.kwargs)
            _drain(result)
        except accepted:
            pass
        except TypeError:
            if binds:
                raise
    elapsed = time.perf_counter() - start
    assert elapsed < HANG_SECONDS, f"took {elapsed:.1f} s"
    foreign = [w for w in caught if not issubclass(w.category, sc.SanctionCalcWarning)]
    assert [] == [f"{w.category.__name__}: {w.message}" for w in foreign]


def _drain(result: object) -> None:
    """Run a lazy result (a generator) far enough to meet its errors."""
    if isinstance(result, Iterator):
        for _ in itertools.islice(result, 5):
            pass


def _short(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # an int past the digit limit
        return f"<{type(value).__name__} without a repr>"
    return text if len(text) <= 300 else f"{text[:200]}...<{len(text)} chars>"


# -- running the sweep in a child process ----------------------------------------------------

#: In the child process: the pipe on which each call is announced before it runs.
_CHANNEL: list[int] = []


def _announce(line: str) -> None:
    if _CHANNEL:
        _send(_CHANNEL[0], "> " + json.dumps(line))


def _send(fd: int, line: str) -> None:
    data = (line + "\n").encode()
    while data:
        data = data[os.write(fd, data) :]


class Worker:
    """A forked child that runs jobs by name, so that a hang in C code can be killed.

    ``10 ** (10**30)`` cannot be interrupted in the process that computes it; a child can be.
    One child runs job after job (forking once per job would cost more than the jobs); after a
    hang it is killed and the next job gets a new child.  Jobs are looked up in *jobs* by
    name, in the child, which inherits them.
    """

    def __init__(self, jobs: Callable[[str], Callable[[], None]]) -> None:
        orders, self._orders = os.pipe()
        self._reports, reports = os.pipe()
        # Frozen objects are not traversed by the child's collector, so the child does not
        # copy the parent's heap page by page (the gc module's advice before a fork).
        gc.freeze()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # 3.12: fork with threads
            self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child, whose coverage is not collected
            os.close(self._orders)
            os.close(self._reports)
            _serve(jobs, orders, reports)
        gc.unfreeze()
        os.close(orders)
        os.close(reports)
        self._pending = b""
        self.alive = True

    def run(self, name: str) -> tuple[bool, str, str | None]:
        """Run job *name*: (whether it hung and was killed, its last call, its failure)."""
        _send(self._orders, json.dumps(name))
        last = "none"
        while True:
            line = self._line()
            if line is None:
                self.close()
                return True, last, None
            kind, text = line[:2], json.loads(line[2:])
            if kind == b"> ":
                last = text
            else:
                return False, last, text or None

    def _line(self) -> bytes | None:
        while b"\n" not in self._pending:
            ready, _, _ = select.select([self._reports], [], [], STALL_SECONDS)
            chunk = os.read(self._reports, 65536) if ready else b""
            if not chunk:  # no call returned in time, or the child died
                return None
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line

    def close(self) -> None:
        """Stop the child (killed if it is still running a job)."""
        if not self.alive:
            return
        self.alive = False
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self._orders)
        os.close(self._reports)


def _serve(jobs: Callable[[str], Callable[[], None]], orders: int, reports: int) -> None:
    """The child's loop: run each job named on *orders*, report on *reports*, exit at EOF."""
    _CHANNEL.append(reports)
    with os.fdopen(orders, "rb") as incoming:
        for line in incoming:
            try:
                jobs(json.loads(line))()
                _send(reports, "= " + json.dumps(""))
            except BaseException:  # every failure goes to the parent
                _send(reports, "= " + json.dumps(traceback.format_exc()))
    os._exit(0)


def run_isolated(worker: Worker, name: str) -> None:
    """Run job *name* in *worker*: its failure fails the test, and a hang is reported."""
    hung, last, failure = worker.run(name)
    if hung:
        pytest.fail(f"no call returned within {STALL_SECONDS:.0f} s (a hang): {last}")
    if failure is not None:
        pytest.fail(f"{failure}\nthe last call: {last}", pytrace=False)


# -- the sweep ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers given hostile paths write into a scratch folder, not the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def workers() -> Iterator[list[Worker]]:
    """The sweep's worker process, started on first use and stopped with the module."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.close()


@pytest.fixture
def worker(workers: list[Worker]) -> Worker:
    """A live worker: the running one, or a new one after a hang."""
    if not workers or not workers[-1].alive:
        workers.append(Worker(_sweep_job))
    return workers[-1]


def _sweep_job(job: str) -> Callable[[], None]:
    mode, _, name = job.partition(":")
    [target] = [t for t in targets() if t.name == name]
    return sweep_of(target, mode)


def sweep_of(target: Target, mode: str) -> Callable[[], None]:
    """The hypothesis test that sweeps *target* (few examples by default, many in fuzz mode)."""
    if mode == "fuzz":  # SANCTIONCALC_FUZZ_EXAMPLES=N runs shorter or longer than the profile
        count = int(os.environ.get("SANCTIONCALC_FUZZ_EXAMPLES", settings().max_examples))
    else:
        count = DEFAULT_EXAMPLES

    @settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=mode == "default",  # a stable default run; the long run explores
        database=None if mode == "default" else settings().database,
    )
    @given(_calls(target))
    def sweep(call: Call) -> None:
        check(target, call)

    return sweep


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", _target_names())
def test_only_our_errors_escape(name: str, mode: str, worker: Worker) -> None:
    """Hostile arguments give a result or a SanctionCalcError, never another exception."""
    run_isolated(worker, f"{mode}:{name}")


class TestTheSweep:
    """The sweep reaches every public callable and recognises the exempt cases."""

    def test_every_public_name_is_swept(self) -> None:
        """Each callable name in __all__ is a target, itself or as the owner of methods."""
        callable_names = [name for name in sc.__all__ if callable(getattr(sc, name))]
        swept = {target.name.split(".")[0].split("[")[0] for target in targets()}
        assert [] == [name for name in callable_names if name not in swept]

    def test_every_type_with_methods_has_an_instance(self) -> None:
        """A public type with public instance methods has a real instance to call them on."""
        lacking = [
            name
            for name in sc.__all__
            if isinstance(cls := getattr(sc, name), type)
            and not issubclass(cls, BaseException | enum.Enum)
            and any(inspect.isfunction(m) for n, m in _public_methods(cls) if n not in OPERATORS)
            and cls not in instances()
        ]
        assert [] == lacking

    def test_arity_errors_are_exempt(self) -> None:
        """A wrong number of arguments is Python's TypeError, not ours: it passes."""
        target = Target("parse_unit", sc.parse_unit, _signature(sc.parse_unit))
        check(target, Call(("bbl", "extra"), {}))

    def test_not_implemented_is_a_value(self) -> None:
        """An operator called directly returns NotImplemented for a foreign operand."""
        amount = sc.Amount(1, "bbl")
        target = Target("Amount.__lt__", amount.__lt__, _signature(amount.__lt__))
        check(target, Call((object(),), {}))

    def test_a_hang_is_killed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A call that never returns is killed and reported with its arguments."""
        monkeypatch.setattr(sys.modules[__name__], "STALL_SECONDS", 1.0)

        def hangs(value: object) -> None:
            time.sleep(60)

        job = Worker(lambda _: lambda: check(Target("hangs", hangs, None), Call((1,), {})))
        with pytest.raises(pytest.fail.Exception, match=r"a hang\): hangs\(\*\(1,\)"):
            run_isolated(job, "hangs")

    def test_a_failure_in_the_child_fails(self) -> None:
        """An escape in the child process fails the test with the child's traceback."""

        def broken(value: object) -> None:
            raise ValueError("escaped")

        job = Worker(lambda _: lambda: check(Target("broken", broken, None), Call((1,), {})))
        try:
            with pytest.raises(pytest.fail.Exception, match="ValueError: escaped"):
                run_isolated(job, "broken")
        finally:
            job.close()

    def test_a_foreign_error_fails(self) -> None:
        """A callable that raises a builtin error is caught by the check."""

        def broken(value: object) -> None:
            raise ValueError(value)

        with pytest.raises(ValueError, match="1"):
            check(Target("broken", broken, _signature(broken)), Call((1,), {}))
