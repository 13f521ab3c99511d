"""Plots for reports (needs the ``plot`` extra: ``pip install 'sanctioncalc[plot]'``).

Each function draws on *ax* (a new figure when None) and returns the matplotlib
:class:`~matplotlib.axes.Axes`, titled, with labelled axes (units included) and a source
note under the plot, for further styling.  matplotlib is imported on first use only.

>>> from sanctioncalc import plot
>>> ax = plot.timeline("refined-petroleum", baseline="4,500,000 bbl/yr")  # doctest: +SKIP
>>> ax.figure.savefig("refined.png", bbox_inches="tight")  # doctest: +SKIP

Figures are exact where it matters and floats only for drawing: the lines are placed at
the float nearest each exact figure; the legend and the notes quote the exact text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from ._amount import Amount, exact_in
from ._catalog import Catalog, CatalogMeasure
from ._errors import ParseError, missing_extra
from ._measure import Ban, Cap, DualCap
from ._ops import Waterfall
from ._period import Period, Periodic, add_months, format_date
from ._queries import EntryStatus, Timeline, TimelineEntry
from ._queries import timeline as _timeline
from ._relative import Freeze
from ._units import Unit, to_unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["timeline", "waterfall"]

_NOTE_WIDTH: Final = 120
_LABEL_WIDTH: Final = 46


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """*ax*, or the axes of a new figure; the one place matplotlib is imported."""
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - matplotlib is an optional extra
    except ImportError as error:
        raise missing_extra("matplotlib", "sanctioncalc.plot", "plot") from error
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def _thousands(ax: Axes) -> None:
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415 - optional extra

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def _note(ax: Axes, lines: Sequence[str]) -> None:
    """The source note, under the x axis (its tick labels and label, however tall)."""
    text = "\n".join(
        wrapped for line in lines for wrapped in textwrap.wrap(line, _NOTE_WIDTH) or [""]
    )

    def below_x_axis(renderer: Any) -> Any:
        return ax.xaxis.get_tightbbox(renderer) or ax.get_window_extent(renderer)

    ax.annotate(
        text,
        xy=(0, 0),
        xycoords=("axes fraction", below_x_axis),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7,
        color="0.3",
        gid="sanctioncalc-source-note",
    )


# -- timeline -------------------------------------------------------------------------------


def _per_twelve_months(period: Period) -> Fraction:
    """What multiplies a limit for *period* into the same limit per 12 calendar months.

    A stub of whole calendar months counts by months (2375's 1 Oct – 31 Dec 2017 is 3/12 of
    a year); any other range by days against the 12 months from its start.
    """
    if isinstance(period, Periodic):
        return Fraction(12, period.months)
    if period.months:
        return Fraction(12, period.months)
    year = (add_months(period.start, 12) - period.start).days
    return Fraction(year, period.days)


def _default_unit(entries: Sequence[TimelineEntry]) -> Unit | None:
    limbs = [
        limb
        for e in entries
        if isinstance(e.measure.measure, Cap | DualCap)
        for limb in e.measure.measure.limbs
    ]
    quantities = [limb for limb in limbs if not limb.dimension.startswith("currency:")]
    chosen = quantities or limbs
    return chosen[0].unit if chosen else None


def _level(measure: CatalogMeasure, unit: Unit) -> tuple[Fraction, str] | None:
    """The limit per 12 months in *unit*, and how it was read; None if it has none there."""
    inner = measure.measure
    if isinstance(inner, Ban):
        return Fraction(0), "ban" + (
            f" except {'; '.join(inner.exemptions)}" if inner.exemptions else ""
        )
    if isinstance(inner, Freeze):
        if inner.estimate is None or inner.estimate.limit.dimension != unit.dimension:
            return None
        value = exact_in(inner.estimate.limit, unit) * _per_twelve_months(inner.estimate.period)
        return value, f"freeze; outside estimate {inner.estimate.limit}, not in the text"
    if isinstance(inner, Cap | DualCap):
        limb = next((x for x in inner.limbs if x.dimension == unit.dimension), None)
        if limb is None:
            return None
        factor = _per_twelve_months(inner.period)
        how = str(limb) if factor == 1 else f"{limb} for {inner.period}, shown per 12 months"
        return exact_in(limb, unit) * factor, how
    return None


def _baseline(value: Amount | Cap | str) -> Cap | Amount:
    if isinstance(value, Amount | Cap):
        return value
    try:
        return Cap.parse(value)
    except ParseError:
        return Amount.parse(value)


def _short(symbol: str) -> str:
    return symbol.replace("S/RES/", "")


def _day(day: date) -> float:
    from matplotlib.dates import date2num  # noqa: PLC0415 - optional extra

    return float(date2num(day))  # type: ignore[no-untyped-call] # unannotated in matplotlib


def _segment(entry: TimelineEntry, right: date) -> tuple[date, date, dict[str, Any], str] | None:
    """Where and how to draw an entry: start, end, line style, state for the legend."""
    status = entry.status
    if status is EntryStatus.PROPOSAL:
        # Never in force: drawn from the vote (or the draft's date) as what was proposed.
        dashed = {"linestyle": "--", "linewidth": 1.8}
        return entry.instrument.date, right, dashed, f"proposal, {entry.instrument.status}"
    if entry.start is None:
        return None
    if status is EntryStatus.SUPERSEDED_BEFORE_APPLYING:
        # It never applied: show its first period faintly, so the superseded plan is visible.
        faint = {"linestyle": ":", "linewidth": 1.8, "alpha": 0.7}
        return entry.start, add_months(entry.start, 12), faint, str(status)
    dotted = isinstance(entry.measure.measure, Freeze)
    style = {"linestyle": ":" if dotted else "-", "linewidth": 2.6}
    state = str(status) if entry.end is not None else f"{status} (open-ended)"
    return entry.start, entry.end or right, style, state


def _draw_baseline(axes: Axes, baseline: Amount | Cap | str, unit: Unit) -> float:
    base = _baseline(baseline)
    amount = base if isinstance(base, Amount) else base.limit
    per = _per_twelve_months(base.period) if isinstance(base, Cap) else Fraction(1)
    value = float(exact_in(amount, unit) * per)
    axes.axhline(
        value,
        color="0.45",
        linestyle=(0, (1, 3)),
        linewidth=1.4,
        label=textwrap.fill(f"baseline: {base}", _LABEL_WIDTH),
    )
    return value


def _date_axis(axes: Axes) -> None:
    from matplotlib import dates as mdates  # noqa: PLC0415 - optional extra

    axes.xaxis_date()
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call] # unannotated
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call] # unannotated
    )


def timeline(
    commodity: str | Timeline,
    ax: Axes | None = None,
    baseline: Amount | Cap | str | None = None,
    *,
    unit: Unit | str | None = None,
    catalog: Catalog | None = None,
) -> Axes:
    """A step chart of the caps in force on *commodity*, per 12 months, over time.

    Applied limits are solid; a limit superseded before it applied is dotted; proposals
    that never took effect (vetoed or never voted) are dashed from their date; a freeze is
    drawn at its outside estimate, dotted, and says so; a ban is a limit of zero.  Stub
    periods are drawn at the same rate per 12 months (by calendar months where whole, else
    by days), and the legend quotes the limit as written.  *baseline* ("4,500,000 bbl/yr")
    adds a reference line.  *unit* picks the limb of dual caps (default: the first
    quantity limb on the timeline).

    >>> from sanctioncalc import plot
    >>> ax = plot.timeline("refined-petroleum", baseline="4,500,000 bbl/yr")
    >>> ax.get_title(), ax.get_ylabel()
    ('Caps in force over time: refined petroleum', 'limit (bbl per 12 months)')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    line = commodity if isinstance(commodity, Timeline) else _timeline(commodity, catalog=catalog)
    chosen = to_unit(unit) if unit is not None else _default_unit(line.entries) or to_unit("bbl")
    axes = _axes(ax, (10.5, 4.8))
    days = [d for e in line.entries for d in (e.start, e.end, e.instrument.date) if d]
    right = add_months(max(days), 12) if days else date.today()  # noqa: DTZ011 - empty only
    skipped: list[str] = []
    previous: tuple[float, float] | None = None  # (end, level) of the last applied limit
    top = 0.0
    for entry in line.entries:
        level = _level(entry.measure, chosen)
        segment = _segment(entry, right)
        if level is None or segment is None:
            skipped.append(f"{entry.instrument.symbol} ({entry.measure.describe()})")
            continue
        value, how = float(level[0]), level[1]
        start, end, style, state = segment
        top = max(top, value)
        flag = {"V2": " ⚠ press only", "U": " ⚠ unverified"}.get(entry.measure.source.mark, "")
        label = f"{_short(entry.instrument.symbol)}: {how} — {state}{flag}"
        x0, x1 = _day(start), _day(end)
        label = textwrap.fill(label, _LABEL_WIDTH, break_on_hyphens=False)
        drawn = axes.plot([x0, x1], [value, value], label=label, **style)[0]
        if style["linestyle"] == "-":
            if previous is not None and previous[0] == x0:  # the step between two limits
                axes.plot([x0, x0], [previous[1], value], color=drawn.get_color(), linewidth=1)
            previous = (x1, value)
    if baseline is not None:
        top = max(top, _draw_baseline(axes, baseline, chosen))
    _date_axis(axes)
    axes.set_ylim(-0.02 * (top or 1), (top or 1) * 1.12)
    _thousands(axes)
    axes.set_title(f"Caps in force over time: {line.commodity.replace('-', ' ')}")
    axes.set_ylabel(f"limit ({chosen.symbol} per 12 months)")
    axes.set_xlabel("date")
    axes.grid(axis="y", alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    sources = dict.fromkeys(e.measure.source.citation for e in line.entries)
    notes = [
        "Source: sanctioncalc catalog — " + "; ".join(sources) + ".",
        f"{chosen.symbol} = {chosen.name}. Solid: applied; dotted: superseded before it "
        "applied, or an outside estimate; dashed: proposals that never took effect. "
        f"Last date shown: {format_date(right)}.",
    ]
    if skipped:
        notes.append(f"Not drawn (no limit in {chosen.symbol}): " + "; ".join(skipped) + ".")
    _note(axes, notes)
    return axes


# -- waterfall ------------------------------------------------------------------------------


def waterfall(w: Waterfall, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """The cumulative restriction as a waterfall: the baseline, each step's cut, what remains.

    Each step bar spans the level before and after it, labelled with the step's cut and the
    cumulative cut (exact values in the note when rounded).

    >>> import sanctioncalc as sc
    >>> from sanctioncalc import plot
    >>> w = sc.cumulative_restriction("refined-petroleum", "4,500,000 bbl/yr")
    >>> ax = plot.waterfall(w)
    >>> ax.get_title(), ax.get_ylabel()
    ('Cumulative restriction from 4,500,000 bbl: 88.89 %', 'level (bbl)')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax, (8.5, 4.8))
    unit = w.baseline.unit

    def height(amount: Amount) -> float:
        return float(exact_in(amount, unit))

    base = height(w.baseline)
    labels = ["baseline"]
    axes.bar(0, base, color="0.6", width=0.6, label="baseline")
    axes.annotate(
        str(w.baseline),
        (0, base),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
    )
    rounded: dict[str, None] = {}
    legend: set[str] = set()
    for index, step in enumerate(w.steps, start=1):
        before, after = height(step.before), height(step.after)
        cut = before >= after
        kind = "cut" if cut else "increase"
        axes.bar(
            index,
            before - after,
            bottom=after,
            width=0.6,
            color="tab:red" if cut else "tab:green",
            label=None if kind in legend else kind,
        )
        legend.add(kind)
        axes.plot([index - 1.3, index + 0.3], [before, before], color="0.4", linewidth=0.8)
        axes.annotate(
            f"−{step.step}" if cut else f"+{str(step.step).lstrip('-')}",
            (index, (before + after) / 2),
            ha="center",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        )
        axes.annotate(
            f"cumulative {step.cumulative}\n→ {step.after}",
            (index, after),
            xytext=(0, -3),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7,
        )
        for pct in (step.step, step.cumulative):
            if str(pct).replace(",", "") != pct.exact:
                rounded[f"{pct} = {pct.exact}"] = None
        labels.append(textwrap.fill(step.label, 18))
    last = len(w.steps) + 1
    final = height(w.final)
    axes.bar(last, final, color="tab:blue", width=0.6, label="remaining")
    axes.plot([last - 1.3, last + 0.3], [final, final], color="0.4", linewidth=0.8)
    axes.annotate(
        f"{w.final}\n(total cut {w.total})",
        (last, final),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
    )
    labels.append("remaining")
    axes.set_xticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlim(-0.6, last + 0.6)
    axes.set_ylim(0, max(base, *(height(s.before) for s in w.steps)) * 1.15)
    _thousands(axes)
    axes.set_title(title or f"Cumulative restriction from {w.baseline}: {w.total}")
    axes.set_ylabel(f"level ({unit.symbol})")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper right", fontsize=8, frameon=False)
    notes = [
        "Source: sanctioncalc; the step labels cite the instruments. Each step cut is "
        "1 − after/before; the steps compose as 1 − Π(1 − step cut).",
        f"{unit.symbol} = {unit.name}."
        + (" Rounded for display: " + "; ".join(rounded) + "." if rounded else ""),
    ]
    _note(axes, notes)
    return axes
