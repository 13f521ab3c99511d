"""The two report figures, written as PNG files: caps over time and the cumulative waterfall.

Usage: ``python examples/report_figures.py [FOLDER]`` (by default ``sanctioncalc-figures`` in
the system's temporary folder, overwritten on each run).
Needs the ``plot`` extra: ``pip install 'sanctioncalc[plot]'``.
"""

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # a script writes files; no window

import matplotlib.pyplot as plt

import sanctioncalc as sc
from sanctioncalc import plot

default = Path(tempfile.gettempdir()) / "sanctioncalc-figures"
folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default
folder.mkdir(parents=True, exist_ok=True)

baseline = "4,500,000 bbl/yr"  # refined petroleum supplied in 2016 (US figure)
waterfall = sc.cumulative_restriction(
    "refined-petroleum", baseline, through=["2375", "2397", "S/2022/431"]
)
figures = {
    "refined-timeline.png": plot.timeline("refined-petroleum", baseline=baseline),
    "crude-timeline.png": plot.timeline("crude-oil"),
    "refined-waterfall.png": plot.waterfall(waterfall),
}
for name, ax in figures.items():
    path = folder / name
    ax.figure.savefig(path, dpi=150, bbox_inches="tight")
    plt.close(ax.figure)
    print(f"{path} ({path.stat().st_size:,} bytes): {ax.get_title()}")

print(f"total cut through the draft: {waterfall.total} (exactly {waterfall.total.exact})")
