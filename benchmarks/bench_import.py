"""Import time: ``import sanctioncalc`` in fresh interpreters, this tree beside another checkout.

Run from the project root::

    UV_PYTHON_DOWNLOADS=never python3 -m uv run python benchmarks/bench_import.py \\
        --against /path/to/other/checkout/src [--runs 20]

Each run is a fresh ``sys.executable`` that imports sanctioncalc from the ``src`` folder given
first on ``sys.path`` and reports the wall time of the import alone (``time.perf_counter``
around it).  Runs of the two trees alternate, so a burst of load slows both; the median is
reported.  The script reports and never enforces: it always exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "src"
PROBE = (
    "import sys, time; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); "
    "import sanctioncalc; print(time.perf_counter() - t); "
    "assert sanctioncalc.__file__.startswith(sys.argv[1]), sanctioncalc.__file__"
)


def once(src: Path) -> float:
    """Seconds that one fresh interpreter takes to import sanctioncalc from *src*."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(src)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="the other checkout's src folder")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    trees = {"this tree": HERE}
    if args.against is not None:
        trees["against"] = args.against.resolve()
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, src in trees.items():
            times[name].append(once(src))
    for name, src in trees.items():
        median = statistics.median(times[name]) * 1e3
        print(f"import sanctioncalc, {name} ({src}): median {median:.1f} ms of {args.runs} runs")


if __name__ == "__main__":
    main()
