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
from ._catalog import Catalog, CatalogMeasure, Timeline, TimelineEntry, TimelineStatus
from ._catalog import timeline as _timeline
from ._cumulative import Waterfall
from ._errors import InvalidAmountError, ParseError, missing_extra
from ._freeze import Freeze
from ._ledger import LimbUsage, PeriodUsage, TankerEstimate, UsageStatus, Utilization
from ._mark import Mark
from ._measure import Ban, Cap, DualCap
from ._numbers import display_fraction
from ._period import Period, Periodic, add_months, format_date
from ._units import Unit, to_unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["estimates", "timeline", "utilization", "waterfall"]

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


def _thousands(ax: Axes, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415 - optional extra

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(
        FuncFormatter(lambda value, _: f"{value:,.0f}")
    )


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


def _rounded_note(values: dict[str, None]) -> str:
    return " Rounded for display: " + "; ".join(values) + "." if values else ""


def _label_above(axes: Axes, text: str, x: float, y: float) -> None:
    """A small label centred just above the point (x, y): a bar's top."""
    axes.annotate(
        text,
        (x, y),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
    )


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
    if status is TimelineStatus.PROPOSAL:
        # Never in force: drawn from the vote (or the draft's date) as what was proposed.
        dashed = {"linestyle": "--", "linewidth": 1.8}
        return entry.instrument.date, right, dashed, f"proposal, {entry.instrument.status}"
    if entry.start is None:
        return None
    if status is TimelineStatus.SUPERSEDED_BEFORE_APPLYING:
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
        mark = entry.measure.source.mark
        flag = "" if mark is Mark.V else f" ⚠ {mark.short}"
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
    _label_above(axes, str(w.baseline), 0, base)
    rounded: dict[str, None] = {}
    legend: set[str] = set()
    flagged: dict[str, tuple[str, ...]] = {}
    for index, step in enumerate(w.steps, start=1):
        before, after = height(step.before), height(step.after)
        cut = before >= after
        own = step.after.provenance
        kind = ("cut" if cut else "increase") + (
            " (hypothetical: never in force)" if own.is_hypothetical else ""
        )
        axes.bar(
            index,
            before - after,
            bottom=after,
            width=0.6,
            color="tab:red" if cut else "tab:green",
            hatch="//" if own.is_hypothetical else None,
            alpha=0.55 if own.is_hypothetical else 1.0,
            edgecolor="0.2" if own.is_hypothetical else None,
            label=None if kind in legend else kind,
        )
        legend.add(kind)
        weak = own.mark is not None and own.mark is not Mark.V
        if own.flags:
            flagged[step.label] = own.flags
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
        labels.append(textwrap.fill(step.label + (f" [{own.mark}]" if weak else ""), 18))
    last = len(w.steps) + 1
    final = height(w.final)
    axes.bar(last, final, color="tab:blue", width=0.6, label="remaining")
    axes.plot([last - 1.3, last + 0.3], [final, final], color="0.4", linewidth=0.8)
    _label_above(axes, f"{w.final}\n(total cut {w.total})", last, final)
    labels.append("remaining")
    axes.set_xticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlim(-0.6, last + 0.6)
    axes.set_ylim(0, max(base, *(height(s.before) for s in w.steps)) * 1.15)
    _thousands(axes)
    hypothetical = " (hypothetical: includes a measure never in force)"
    axes.set_title(
        title
        or f"Cumulative restriction from {w.baseline}: {w.total}"
        + (hypothetical if w.provenance.is_hypothetical else "")
    )
    axes.set_ylabel(f"level ({unit.symbol})")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper right", fontsize=8, frameon=False)
    notes = [
        "Source: sanctioncalc; the step labels cite the instruments. Each step cut is "
        "1 − after/before; the steps compose as 1 − Π(1 − step cut).",
        f"{unit.symbol} = {unit.name}." + _rounded_note(rounded),
        *(
            f"{step.label}: levels converted by a factor are rounded half-up to "
            f"{step.places} places; the cuts are exact."
            for step in w.steps
            if step.places is not None
        ),
        *(f"⚠ {label}: {'; '.join(flags)}." for label, flags in flagged.items()),
    ]
    _note(axes, notes)
    return axes


_STATUS_COLOURS: Final = {
    UsageStatus.OPEN: "tab:blue",
    UsageStatus.CRITICAL: "tab:orange",
    UsageStatus.EXHAUSTED: "tab:red",
    UsageStatus.BREACHED: "darkred",
}


def utilization(
    result: Utilization,
    ax: Axes | None = None,
    *,
    limb: Unit | str | None = None,
    title: str | None = None,
) -> Axes:
    """The share of the cap used in each period, against the notification thresholds.

    One bar per period with records, coloured by status (open, critical, exhausted,
    breached), labelled with the share and the amount; a dashed line at each threshold and a
    solid one at the cap.  *limb* picks a limb of a dual cap by unit (the binding limb, the
    fuller one, by default).  The note lists each period's crossings, as the narrowest
    interval the records allow, and how records were converted.

    >>> import sanctioncalc as sc
    >>> from sanctioncalc import plot
    >>> ledger = sc.Ledger([sc.Delivery("2023-01", "400,000 bbl", reporter="X"),
    ...                     sc.Delivery("2023-02", "60,000 bbl", reporter="Y")])
    >>> ax = plot.utilization(ledger.utilization(sc.catalog().measure("2397-5-refined")))
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_xticklabels()]
    ('share of the cap used (%)', ['1 Jan 2023 –\\n31 Dec 2023'])
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    # One limb for every bar: the one asked for, else the limb binding in the latest period
    # (raises LedgerError when no period has records, InvalidCapError for a unit not a limb).
    unit = result.latest.binding.limit.unit if limb is None else to_unit(limb)
    usages = [(period, period.limb(unit)) for period in result.periods]
    axes = _axes(ax, (8.5, 4.8))
    rounded: dict[str, None] = {}
    legend: set[UsageStatus] = set()
    labels: list[str] = []
    top = 100.0
    for index, (period, usage) in enumerate(usages):
        share = float(usage.share.percent)
        top = max(top, share)
        axes.bar(
            index,
            share,
            width=0.6,
            color=_STATUS_COLOURS[usage.status],
            label=None if usage.status in legend else str(usage.status),
        )
        legend.add(usage.status)
        _label_above(axes, f"{usage.share}\n{usage.used}", index, share)
        if str(usage.share).replace(",", "") != usage.share.exact:
            rounded[f"{usage.share} = {usage.share.exact}"] = None
        labels.append(textwrap.fill(str(period.period), 14))
    right = len(result.periods) - 0.4
    for level in result.thresholds.levels:
        if level.percent >= 100:  # the cap's own line marks 100 %
            continue
        height = float(level.percent)
        axes.axhline(height, color="0.35", linestyle="--", linewidth=0.8)
        axes.annotate(
            f"{level}",
            (right, height),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color="0.35",
        )
    axes.axhline(100, color="black", linewidth=1.0)
    axes.annotate(
        "cap", (right, 100), xytext=(2, 0), textcoords="offset points", va="center", fontsize=7
    )
    axes.set_xticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlim(-0.6, len(labels) - 0.4)
    axes.set_ylim(0, top * 1.18)
    limit = usages[-1][1].limit
    axes.set_title(title or f"Use of the cap of {limit} per period")
    axes.set_ylabel("share of the cap used (%)")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    crossings = [
        f"{period.period}: " + ", ".join(map(str, usage.crossings))
        for period, usage in usages
        if usage.crossings
    ]
    others = len(result.cap.limbs) > 1
    notes = [
        f"Source: sanctioncalc; cap {result.cap}. UsageThresholds {result.thresholds}."
        + (f" Limb shown: {limit} (pass limb= for another)." if others else ""),
        ("Crossings: " + "; ".join(crossings) + "." if crossings else "No threshold crossed.")
        + _rounded_note(rounded),
        *(f"Conversion: {c}." for c in result.conversions if c.factor is not None),
    ]
    _note(axes, notes)
    return axes


def estimates(
    estimate: TankerEstimate,
    reported: PeriodUsage | LimbUsage | None = None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Estimated deliveries under each laden scenario, beside what was reported.

    One horizontal bar per scenario (deliveries × capacity × the laden fraction) and, given
    *reported* (a period's or a limb's usage), a hatched bar for the reported figure: side by
    side, never added.  With a cap the bars are multiples of it, with a line at 1×;
    otherwise volumes in the estimate's unit.

    >>> import sanctioncalc as sc
    >>> from sanctioncalc import plot
    >>> tankers = [sc.TankerDeliveries("Illustrative tanker", "35,000 bbl", 6)]
    >>> refined = sc.catalog().measure("2397-5-refined")
    >>> ax = plot.estimates(sc.estimate_deliveries(tankers, cap=refined))
    >>> ax.get_xlabel()
    'multiple of the cap (500,000 bbl)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    limit = estimate.limit
    rows: list[tuple[str, Fraction, str, dict[str, Any]]] = []
    for scenario in estimate.scenarios:
        value = scenario.multiple if scenario.multiple is not None else scenario.volume
        text = f"≈ {scenario.amount()}" + (
            f" = {display_fraction(scenario.multiple)}×" if scenario.multiple is not None else ""
        )
        rows.append((str(scenario.scenario), value, text, {"color": "tab:gray"}))
    if reported is not None:
        usage = reported.limb(estimate.unit) if isinstance(reported, PeriodUsage) else reported
        # Against the estimate's cap (the reported limb's own limit may be another cap's).
        used = exact_in(usage.used, estimate.unit)
        value = used if limit is None else used / exact_in(limit, estimate.unit)
        text = f"{usage.used}" + (f" = {display_fraction(value)}×" if limit else "")
        style: dict[str, Any] = {"color": "white", "edgecolor": "tab:blue", "hatch": "///"}
        when = f"\n{reported.period}" if isinstance(reported, PeriodUsage) else ""
        rows.append((f"reported{when}", value, text, style))
    if not rows:
        raise InvalidAmountError(
            field="estimate",
            got="no scenarios and no reported figure",
            expected="at least one laden scenario or a reported figure",
            fix="estimate with the default scenarios, or pass reported=",
        )
    axes = _axes(ax, (8.5, 3.8))
    for index, (_, value, text, style) in enumerate(rows):
        axes.barh(index, float(value), height=0.6, **style)
        axes.annotate(
            text,
            (float(value), index),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        )
    axes.set_yticks(range(len(rows)), [label for label, *_ in rows], fontsize=8)
    axes.invert_yaxis()
    widest = max(float(value) for _, value, _, _ in rows)
    if limit is not None:
        axes.axvline(1, color="black", linewidth=1.0)
        widest = max(widest, 1.0)
        axes.set_xlabel(f"multiple of the cap ({limit})")
    else:
        axes.set_xlabel(f"estimated volume ({estimate.unit.symbol})")
        _thousands(axes, axis="x")
    axes.set_xlim(0, widest * 1.35)
    deliveries = sum(t.deliveries for t in estimate.tankers)
    axes.set_title(title or f"Estimates from {deliveries} tanker deliveries")
    axes.grid(axis="x", alpha=0.3)
    notes = [
        "Source: sanctioncalc. Estimate = deliveries × capacity × laden fraction; estimates are "
        "shown beside reported figures, never added to them.",
        "Tankers: "
        + "; ".join(f"{t.vessel}, {t.capacity} × {t.deliveries}" for t in estimate.tankers)
        + (f". Deadweight at {estimate.factor}." if estimate.factor is not None else "."),
    ]
    _note(axes, notes)
    return axes
