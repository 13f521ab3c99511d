"""Concurrent use, first use included, gives the results a single thread gives.

pint's own lazily built registry fails when several threads use it first at once (pint
issue 2039: 8 threads, 7 UndefinedUnitErrors).  Each run here is a fresh interpreter, so
sanctioncalc's registry, unit cache, factor tables, catalog and routes are all cold; 8
threads wait at a barrier, then run a mix of operations whose first steps are first uses.
Every thread's results must equal a single-threaded run's, in each of 20 runs.

The default run does 8 × 250 operations per run; ``pytest -m fuzz`` (or
``SANCTIONCALC_FUZZ=1``) does the full 8 × 10⁴.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

THREADS = 8
RUNS = 20
DEFAULT_OPS = 250
FULL_OPS = 10_000


def _operations(foreign: Any) -> list[Callable[[int], object]]:
    """Mixed operations, each given an index; imports inside so nothing is built early."""
    import sanctioncalc as sc
    from sanctioncalc import Delivery, Ledger, Normalisation

    units = (
        ("bbl", "m3"), ("kbbl", "L"), ("t", "kg"), ("kt", "lb"), ("gal", "bbl"),
        ("b/d", "m3/d"), ("USD/bbl", "USD/m3"), ("tonnes", "short_ton"), ("barrels", "kL"),
    )  # fmt: skip

    def registry(i: int) -> object:
        quantity = sc.Amount(f"{i}.5", "kbbl").to_pint()
        return (sc.unit_registry() is quantity._REGISTRY, sc.Amount.from_pint(quantity))

    def catalog(i: int) -> object:
        measures = sc.catalog().measures()
        return str(measures[i % len(measures)].measure)

    def factors(i: int) -> object:
        names = sc.factor_names()
        f = sc.factor(names[i % len(names)])
        return (str(f), sc.convert(f"{i + 1} {f.from_unit}", f.to_unit, factor=f, places=6))

    def foreign_barrel(i: int) -> object:
        return (
            sc.Amount.from_pint(foreign.Quantity(i + 0.25, "barrel")),
            sc.Amount.from_pint(foreign.Quantity(i, "ton")),
            str(sc.Amount(i, "bbl").to_pint(foreign)),
        )

    def units_(i: int) -> object:
        unit, target = units[i % len(units)]
        return sc.Amount(f"{i}.125", unit).to(target, places=9)

    def arithmetic(i: int) -> object:
        old, new = sc.Amount(4_000_000 + i, "bbl"), sc.Amount(f"{3000 + i}.5", "kbbl")
        return (sc.cut(old, new), sc.delta(old, new), sc.compose_cuts(f"{i % 99} %", "25 %"))

    def measures(i: int) -> object:
        cap = sc.DualCap.parse(
            f"{4_000_000 + i} bbl or {525_000 + i} t per 12 months from 22 Dec 2017"
        )
        return (
            str(cap),
            str(sc.implied_factor(cap)),
            str(sc.compare(cap, f"{i + 1} bbl per 12 months")),
        )

    def queries(i: int) -> object:
        commodity = ("refined-petroleum", "crude-oil", "coal")[i % 3]
        return str(sc.timeline(commodity))

    def ledger(i: int) -> object:
        book = Ledger(
            [
                Delivery("2023-01", f"{44_655 + i} bbl", reporter="R"),
                Delivery("2023-02", f"{i}.5 t", reporter="R", product="gas-oil-diesel"),
            ]
        )
        used = book.utilization(
            "500,000 bbl per 12 months from 1 Jan 2023", normalisation=Normalisation(table="unsd")
        )
        return str(used.latest)

    def parse_and_pint(i: int) -> object:
        amount = sc.Amount.parse(f"{i:,}.75 barrels")
        return (
            amount,
            sc.Amount.from_pint(amount.to_pint()),
            sc.Percentage.parse(f"{i}/7 %").exact,
        )

    return [registry, catalog, factors, foreign_barrel, units_, arithmetic, measures, queries,
            ledger, parse_and_pint]  # fmt: skip


def _text(value: object) -> str:
    try:
        return repr(value)
    except Exception as error:  # recorded, so that a failure shows
        return f"repr raised {error!r}"


def _digest(operations: list[Callable[[int], object]], k: int, ops: int) -> str:
    """Thread *k*'s results, hashed: it starts at a different operation than the others,
    so that different first uses collide."""
    digest = hashlib.sha256()
    for step in range(ops):
        index = (step + k * 3) % ops
        try:
            result = _text(operations[index % len(operations)](index))
        except Exception as error:  # a failure is a result to compare
            result = f"raised {type(error).__name__}: {error}"
        digest.update(f"{index}={result}\n".encode())
    return digest.hexdigest()


def worker(threads: int, ops: int) -> str:
    """Run *ops* operations in each of *threads* threads released together; JSON digests."""
    import pint

    sys.setswitchinterval(1e-5)  # switch threads often (the default is 5 ms)
    warnings.simplefilter("ignore")  # PrecisionLossWarning is not what is tested here
    operations = _operations(pint.UnitRegistry())  # the host's registry, cold
    barrier = threading.Barrier(threads)

    def run(k: int) -> str:
        barrier.wait()
        return _digest(operations, k, ops)

    with ThreadPoolExecutor(threads) as pool:
        return json.dumps(list(pool.map(run, range(threads))))


def reference(ops: int) -> str:
    """The same operations in one thread, in each thread's order: the expected digests."""
    import pint

    warnings.simplefilter("ignore")
    operations = _operations(pint.UnitRegistry())
    return json.dumps([_digest(operations, k, ops) for k in range(THREADS)])


_SCRIPT = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("concurrency", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(getattr(module, sys.argv[2])(*map(int, sys.argv[3:])))
"""


def _fresh(function: str, *args: int) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(Path(__file__)), function, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert 0 == done.returncode, done.stderr[-3000:]
    result: list[str] = json.loads(done.stdout.splitlines()[-1])
    return result


def _check(ops: int) -> None:
    expected = _fresh("reference", ops)
    assert len(set(expected)) == THREADS  # each thread's order differs, so do the digests
    # Two fresh interpreters at a time: each run is one process, its threads behind a barrier.
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: _fresh("worker", THREADS, ops), range(RUNS)))
    failed = [i for i, digests in enumerate(runs) if digests != expected]
    assert [] == failed


def test_single_thread_results_are_sane() -> None:
    """The reference run raises nowhere, so agreeing with it means agreeing on values."""
    import pint

    warnings.simplefilter("ignore")
    operations = _operations(pint.UnitRegistry())
    problems = []
    for index in range(len(operations) * 3):
        try:
            operations[index % len(operations)](index)
        except Exception as error:  # listed below
            problems.append((index, repr(error)))
    assert [] == problems


def test_concurrent_first_use() -> None:
    """20 fresh interpreters × 8 threads × 250 mixed operations: identical to one thread."""
    _check(DEFAULT_OPS)


@pytest.mark.fuzz
def test_concurrent_first_use_full() -> None:
    """20 fresh interpreters × 8 threads × 10⁴ mixed operations: identical to one thread."""
    _check(int(os.environ.get("SANCTIONCALC_CONCURRENCY_OPS", FULL_OPS)))
