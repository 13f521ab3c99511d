"""Core benchmarks: sanctioncalc against the equivalent raw pint expressions.

Run from the project root::

    UV_PYTHON_DOWNLOADS=never python3 -m uv run python benchmarks/bench_core.py [--quick]

Everything is measured in one run.  In-process timings are ``timeit`` repeats, and the
minimum repeat is reported, because noise only ever adds time.  Cold-start timings are the
median of N fresh interpreters (``sys.executable``).  Each result line ends with PASS or MISS
against its target.  The script reports targets and does not enforce them: it always exits 0.
See benchmarks/README.md for what each line measures.
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version

#: The README's main command, run as ``python -m sanctioncalc ...``.
MAIN_COMMAND = ("compare", "2397", "S/2022/431")
#: Used if the main command fails (e.g. an older tree without the catalog).
FALLBACK_COMMAND = ("--help",)


@dataclass(frozen=True)
class Settings:
    """How much effort to spend per measurement."""

    repeat: int  # timeit repeats per side of a measurement (the minimum is reported)
    min_repeat_seconds: float  # each repeat runs at least this long
    cold_runs: int  # fresh interpreters per cold-start measurement (the median is reported)
    importtime_runs: int  # -X importtime runs (per-module minimum is reported)


FULL = Settings(repeat=25, min_repeat_seconds=0.04, cold_runs=10, importtime_runs=3)
QUICK = Settings(repeat=5, min_repeat_seconds=0.02, cold_runs=3, importtime_runs=1)


# -- measurement ------------------------------------------------------------------------------


def _calibrate(timer: timeit.Timer, seconds: float) -> int:
    """Calls per repeat so that one repeat lasts at least *seconds* (like Timer.autorange)."""
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= seconds:
            return number
        scale = seconds / max(elapsed, 1e-9)
        number = max(number * 2, math.ceil(number * scale * 1.05))


def per_call(
    ours: Callable[[], object], theirs: Callable[[], object], settings: Settings
) -> tuple[float, float]:
    """Seconds per call of *ours* and of *theirs*: the minimum over timeit repeats.

    The repeats alternate between the two, so a burst of load on a shared machine hits both
    sides rather than one.
    """
    timers = [timeit.Timer(ours), timeit.Timer(theirs)]
    numbers = [_calibrate(timer, settings.min_repeat_seconds) for timer in timers]
    best = [math.inf, math.inf]
    for _ in range(settings.repeat):
        for index, (timer, number) in enumerate(zip(timers, numbers, strict=True)):
            best[index] = min(best[index], timer.timeit(number) / number)
    return best[0], best[1]


def cold_start(commands: Sequence[Sequence[str]], settings: Settings) -> list[float]:
    """Median wall time (seconds) of running ``sys.executable *args`` for each of *commands*.

    Runs alternate between the commands, for the same reason as in :func:`per_call`.
    """
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(settings.cold_runs):
        for index, args in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, *args],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=True,
            )
            times[index].append(time.perf_counter() - start)
    return [statistics.median(runs) for runs in times]


def show_time(seconds: float) -> str:
    """A duration in µs below 1 ms, else in ms."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.2f} µs"
    return f"{seconds * 1e3:8.1f} ms"


def verdict(ok: bool) -> str:  # noqa: FBT001 - a one-argument formatter
    return "PASS" if ok else "MISS"


def line_faster(label: str, times: tuple[float, float], target: float) -> bool:
    """Print a 'sanctioncalc must be *target* times faster' line; return whether it passed."""
    ours, theirs = times
    speedup = theirs / ours
    ok = speedup >= target
    print(
        f"  {label:<34} sc {show_time(ours)} | pint {show_time(theirs)} | "
        f"speed-up pint/sc {speedup:6.2f}× (target ≥{target:g}×)  {verdict(ok)}"
    )
    return ok


def line_ratio(label: str, times: tuple[float, float], target: float) -> bool:
    """Print a 'sc time / pint time must be at most *target*' line; return whether it passed."""
    ours, theirs = times
    ratio = ours / theirs
    ok = ratio <= target
    print(
        f"  {label:<34} sc {show_time(ours)} | pint {show_time(theirs)} | "
        f"ratio sc/pint {ratio:6.2f}× (target ≤{target:.1f}×)  {verdict(ok)}"
    )
    return ok


# -- the three sections -------------------------------------------------------------------------


def bench_same_unit(settings: Settings) -> list[bool]:
    """1. Same-unit cut and delta on prebuilt objects (both in barrels)."""
    import pint

    import sanctioncalc as sc

    a, b = sc.Amount("4000000", "bbl"), sc.Amount("3000000", "bbl")
    ureg = pint.UnitRegistry()
    qa, qb = ureg.Quantity(4_000_000, "oil_barrel"), ureg.Quantity(3_000_000, "oil_barrel")

    # Same answers before timing anything: 25 % and -1,000,000 bbl.
    assert sc.cut(a, b).to_decimal() == 25
    assert sc.delta(a, b) == sc.Amount(-1_000_000, "bbl")
    assert math.isclose((1 - qb / qa).to("dimensionless").magnitude, 0.25)
    assert (qb - qa).to("oil_barrel").magnitude == -1_000_000
    assert str(sc.cut("4,000,000 bbl", "3,000,000 bbl")) == "25 %"

    print("1. same unit (bbl), prebuilt objects: sc.cut/sc.delta vs 1 - qb/qa, qb - qa")
    results = [
        line_faster(
            "cut   sc.cut(a, b) | 1 - qb/qa",
            per_call(lambda: sc.cut(a, b), lambda: 1 - qb / qa, settings),
            10,
        ),
        line_faster(
            "delta sc.delta(a, b) | qb - qa",
            per_call(lambda: sc.delta(a, b), lambda: qb - qa, settings),
            10,
        ),
    ]
    # Extra: the same cut from text.  pint's like-for-like is parsing both quantities from
    # strings (pint cannot read thousands commas, so its strings have none).
    quantity = ureg.Quantity
    results.append(
        line_faster(
            "cut from strings (extra)",
            per_call(
                lambda: sc.cut("4,000,000 bbl", "3,000,000 bbl"),
                lambda: 1 - quantity("3000000 oil_barrel") / quantity("4000000 oil_barrel"),
                settings,
            ),
            10,
        )
    )
    return results


def bench_cross_unit(settings: Settings) -> list[bool]:
    """2. Cross-unit operations: m³ against barrels."""
    import pint

    import sanctioncalc as sc

    # 4,000,000 oil barrels is exactly 635,949.179712 m³, so both cuts are 25 %.
    m = sc.Amount("635949.179712", "m3")
    a, b = sc.Amount("4000000", "bbl"), sc.Amount("3000000", "bbl")
    ureg = pint.UnitRegistry()
    qm = ureg.Quantity(635_949.179712, "m**3")
    qa, qb = ureg.Quantity(4_000_000, "oil_barrel"), ureg.Quantity(3_000_000, "oil_barrel")

    assert sc.cut(m, b).to_decimal() == 25
    assert a.to("m3") == m
    assert math.isclose((1 - qb / qm).to("dimensionless").magnitude, 0.25)
    assert math.isclose(qa.to("m**3").magnitude, 635_949.179712)

    print("2. cross unit (m³ vs bbl): sc vs the same expression in raw pint")
    return [
        line_ratio(
            "cut   sc.cut(m3, bbl) | 1 - qb/qm",
            per_call(lambda: sc.cut(m, b), lambda: 1 - qb / qm, settings),
            1.0,
        ),
        line_ratio(
            "to    a.to('m3') | qa.to('m**3')",
            per_call(lambda: a.to("m3"), lambda: qa.to("m**3"), settings),
            1.0,
        ),
    ]


def bench_cold_start(settings: Settings) -> list[bool]:
    """3. Cold start in fresh interpreters, against importing pint and building a registry."""
    main = ["-m", "sanctioncalc", *MAIN_COMMAND]
    probe = subprocess.run([sys.executable, *main], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        print(f"  note: `{' '.join(main)}` failed ({probe.stderr.strip()[:120]}); timing --help")
        main = ["-m", "sanctioncalc", *FALLBACK_COMMAND]

    print(
        f"3. cold start, median of {settings.cold_runs} fresh interpreters, "
        "vs `python -c 'import pint; pint.UnitRegistry()'`"
    )
    print(f"   (CLI = `python {' '.join(main)}`)")
    bare, pint_cold, imported, cli = cold_start(
        [
            ["-c", "pass"],
            ["-c", "import pint; pint.UnitRegistry()"],
            ["-c", "import sanctioncalc"],
            main,
        ],
        settings,
    )
    results = [
        line_ratio("import sanctioncalc", (imported, pint_cold), 1.0),
        line_ratio(f"CLI {' '.join(main[2:])}", (cli, pint_cold), 1.0),
    ]
    print(f"  (a bare `python -c pass` takes {show_time(bare).strip()} of each figure above)")
    return results


def importtime_top(settings: Settings, count: int = 5) -> None:
    """Print the modules with the largest cumulative import time under sanctioncalc."""
    cumulative: dict[str, int] = {}
    own: dict[str, int] = {}
    for _ in range(settings.importtime_runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import sanctioncalc"],
            capture_output=True,
            text=True,
            check=True,
        )
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
            key = name.strip()
            cumulative[key] = min(cumulative.get(key, 1 << 62), int(cumulative_us))
            own[key] = min(own.get(key, 1 << 62), int(self_us))
    top = sorted(cumulative, key=cumulative.__getitem__, reverse=True)[:count]
    runs = settings.importtime_runs
    print(
        f"   -X importtime 'import sanctioncalc', top {count} cumulative "
        f"(min of {runs} run{'s' if runs > 1 else ''}):"
    )
    for name in top:
        total, mine = cumulative[name] / 1e3, own[name] / 1e3
        print(f"     {total:7.1f} ms cumulative {mine:6.1f} ms self  {name}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and cold runs")
    options = parser.parse_args(argv)
    settings = QUICK if options.quick else FULL

    import sanctioncalc as sc

    print(
        f"sanctioncalc {sc.__version__} | pint {version('pint')} | "
        f"{platform.python_implementation()} {platform.python_version()} | "
        f"{'quick' if options.quick else 'full'}: min of {settings.repeat} timeit repeats "
        f"(≥{settings.min_repeat_seconds:g} s each), cold start median of {settings.cold_runs}"
    )
    results = bench_same_unit(settings)
    results += bench_cross_unit(settings)
    results += bench_cold_start(settings)
    importtime_top(settings)
    print(f"targets met: {sum(results)}/{len(results)} (reported, not enforced)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
