"""Pages generated from the bundled data when the docs are built.

``_generated/sources.md`` lists every instrument and measure of the bundled catalog with its
citation, address and mark, and every bundled conversion factor with its table and source,
so the page cannot drift from the data.  ``_generated/*.png`` are the figures of the
how-to guides, drawn by ``sanctioncalc.plot`` when the package's code or data changed.
Files are rewritten only when their content changes, so an unchanged build stays
incremental.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sanctioncalc as sc
from sanctioncalc._period import format_date

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or heading."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _link(text: str, url: str) -> str:
    return f"[{_md(text)}](<{url}>)" if re.match(r"https?://[^\s<>]+$", url) else _md(text)


def _mark(mark: sc.Mark) -> str:
    return mark.value if mark is sc.Mark.V else f"{mark} ⚠ {mark.wording}"


def _commodity(commodity: sc.Commodity | None) -> str:
    if commodity is None:
        return "—"
    hs = f", HS {commodity.hs_code}" if commodity.hs_code else ""
    return f"{commodity.name} ({commodity.direction}{hs})"


def sources_page(catalog: sc.Catalog) -> str:
    """The catalog sources page, in MyST Markdown."""
    lines = [
        "# Catalog sources",
        "",
        "Generated from the bundled catalog (`sanctioncalc/data/catalog/`) and factor tables",
        "(`sanctioncalc/data/factors.json`) when these pages were built. Marks: **V** read in",
        "the instrument's own text at an [accepted official publisher](../publishers.md)'s",
        "address, **V2** seen only in a secondary source, **U** unverified; anything short of",
        "V is flagged with ⚠. A document's own address (for a UN document, its Official",
        "Document System page) is given apart from the pages its figures were read on.",
        "",
        "## Instruments",
        "",
    ]
    for instrument in catalog:
        vote = ""
        if instrument.vote:
            seen, said = instrument.vote.url, str(instrument.vote)
            vote = f" · vote {_link(said, seen) if seen else _md(said)}"
            vote += f" ({_mark(instrument.vote.mark)})"
        day = format_date(instrument.date)
        date_text = _link(day, instrument.date_url) if instrument.date_url else _md(day)
        date_flag = "" if instrument.date_mark is sc.Mark.V else f" ({_mark(instrument.date_mark)})"
        document = instrument.document_url
        lines += [
            f"### {_md(instrument.symbol)}",
            "",
            f"{_md(instrument.title)} · {instrument.kind}, {date_text}{date_flag}"
            f" · {instrument.status}{vote} · regime `{instrument.regime}` · source: "
            f"{_link(instrument.source.document, instrument.source.url)} "
            f"({_mark(instrument.source.mark)})"
            + (f" · document: {_link(document, document)}" if document else ""),
            "",
            "| measure | commodity | limit or provision | citation | mark | flags |",
            "|---|---|---|---|---|---|",
        ]
        for m in instrument.measures:
            flags = ("⚠ " + "; ".join(m.flags)) if m.flags else ""
            lines.append(
                f"| `{m.id}` | {_md(_commodity(m.commodity))} | {_md(m.describe())} | "
                f"{_link(m.source.citation, m.source.url)} | {_md(_mark(m.source.mark))} | "
                f"{_md(flags)} |"
            )
        lines.append("")
    lines += [
        "## Conversion factors",
        "",
        "| name | factor | product | table and edition | source | mark |",
        "|---|---|---|---|---|---|",
    ]
    for name in sc.factor_names():
        f = sc.factor(name)
        table = f"{f.table}, {f.edition}" if f.edition else f.table
        source = _link(f.source, f.source) if f.source.startswith("http") else _md(f.source)
        lines.append(
            f"| `{name}` | {_md(f.rate.exact)} | {_md(f.product)} | {_md(table)} | "
            f"{source} | {_md(_mark(f.mark))} |"
        )
    lines.append("")
    return "\n".join(lines)


def _write(path: Path, data: bytes) -> None:
    """Write *data* unless the file already holds exactly that."""
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _fingerprint() -> str:
    """What the figures depend on: the package's code and data, and matplotlib's version."""
    from importlib.metadata import version  # noqa: PLC0415

    package = Path(sc.__file__).parent
    digest = hashlib.sha256(version("matplotlib").encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


_REFINED = "2397-5-refined"


def _example_usage() -> sc.Utilization:
    """Made-up monthly reports over three years: one period open, one critical, one over."""
    rows = [
        sc.Delivery("2022-03", "120,000 bbl", reporter="State A"),
        sc.Delivery("2023-01", "180,000 bbl", reporter="State A"),
        sc.Delivery("2023-02", "200,000 bbl", reporter="State B"),
        sc.Delivery("2023-03", "10 kt", reporter="State A", product="diesel"),
        sc.Delivery("2024-05", "520,000 bbl", reporter="State A"),
    ]
    return sc.Ledger(rows).utilization(
        sc.catalog().measure(_REFINED), normalisation=sc.Normalisation(table="ei-2021")
    )


def _example_estimate() -> sc.TankerEstimate:
    """Illustrative tankers, not from a Panel report; deadweight at EI 2021 gas oil."""
    tankers = [
        sc.TankerDeliveries("Illustrative tanker A", "2,000 t", 24),
        sc.TankerDeliveries("Illustrative tanker B", "4,500 t", 11),
        sc.TankerDeliveries("Illustrative tanker C", "35,000 bbl", 6),
    ]
    return sc.estimate_deliveries(
        tankers, factor=sc.factor("ei-2021/gas-oil-diesel"), cap=sc.catalog().measure(_REFINED)
    )


def _reported_2024() -> sc.PeriodUsage:
    """168,679 bbl reported by all states, 1 January to 4 December 2024 (press, V2)."""
    ledger = sc.Ledger([sc.Delivery("1 Jan 2024 – 4 Dec 2024", "168,679 bbl", reporter="all")])
    return ledger.utilization(sc.catalog().measure(_REFINED)).latest


def _figures(folder: Path) -> None:
    """Draw the figures, unless those on disk were drawn from the same code and data."""
    stamp = folder / "figures.sha256"
    fingerprint = _fingerprint()
    if stamp.exists() and stamp.read_text("utf-8") == fingerprint:
        return  # drawing takes seconds (matplotlib's import most of it): skip when current
    import matplotlib  # noqa: PLC0415 - only when building the docs

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    from sanctioncalc import plot  # noqa: PLC0415

    waterfall = sc.cumulative_restriction(
        "refined-petroleum", "4,500,000 bbl/yr", through=["2375", "2397", "S/2022/431"]
    )
    drawings: dict[str, Callable[[], Axes]] = {
        "timeline-refined.png": lambda: plot.timeline(
            "refined-petroleum", baseline="4,500,000 bbl/yr"
        ),
        "waterfall-refined.png": lambda: plot.waterfall(waterfall),
        "utilization-example.png": lambda: plot.utilization(
            _example_usage(), title="Use of 2397's refined-petroleum cap (made-up figures)"
        ),
        "estimates-example.png": lambda: plot.estimates(
            _example_estimate(),
            _reported_2024(),
            title="Illustrative tanker estimates beside the 2024 reports",
        ),
    }
    for name, draw in drawings.items():
        figure = draw().figure
        assert isinstance(figure, Figure)
        buffer = io.BytesIO()
        # Fixed metadata, so an unchanged figure is byte-identical and not rewritten.
        figure.savefig(buffer, format="png", dpi=90, metadata={"Software": None})
        plt.close(figure)
        _write(folder / name, buffer.getvalue())
    _write(stamp, fingerprint.encode("utf-8"))


def generate(app: Any) -> None:
    """Write the generated pages and figures into ``<srcdir>/_generated``."""
    folder = Path(app.srcdir) / "_generated"
    _write(folder / "sources.md", sources_page(sc.catalog()).encode("utf-8"))
    _figures(folder)


def setup(app: Any) -> dict[str, Any]:
    """Register the generator to run before Sphinx reads the sources."""
    app.connect("builder-inited", generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
