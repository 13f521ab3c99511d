"""Tests for ``sanctioncalc.plot``: each plot renders headlessly to a PNG that shows something."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")  # headless: no display, same pixels everywhere

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

import sanctioncalc as sc
from sanctioncalc import plot

BASELINE = "4,500,000 bbl/yr"  # refined petroleum supplied in 2016 (US figure)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """Close every figure a test opened (pyplot warns past 20 open figures)."""
    yield
    plt.close("all")


def render(ax: Axes) -> np.ndarray:
    """Draw *ax*'s figure to PNG bytes, check the file, and return its pixels."""
    buffer = io.BytesIO()
    figure = ax.figure
    assert isinstance(figure, Figure)
    figure.savefig(buffer, format="png", dpi=72)
    data = buffer.getvalue()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000
    buffer.seek(0)
    pixels: np.ndarray = plt.imread(buffer)
    return pixels


def legend_texts(ax: Axes) -> list[str]:
    """The legend's labels, lines joined."""
    legend = ax.get_legend()
    assert legend is not None
    return [text.get_text().replace("\n", " ") for text in legend.get_texts()]


def source_note(ax: Axes) -> str:
    """The text of the source note under the plot."""
    notes = [c for c in ax.get_children() if isinstance(c, Annotation)]
    found = [n.get_text() for n in notes if n.get_gid() == "sanctioncalc-source-note"]
    assert len(found) == 1
    return found[0].replace("\n", " ")


def bars(ax: Axes) -> list[Rectangle]:
    """The rectangles drawn on *ax* (every patch our plots draw is one)."""
    patches = list(ax.patches)
    assert all(isinstance(p, Rectangle) for p in patches)
    return [p for p in patches if isinstance(p, Rectangle)]


def levels(ax: Axes, linestyle: str) -> set[float]:
    """The y values of the horizontal lines drawn in *linestyle*."""
    found = set()
    for line in ax.get_lines():
        ys = np.asarray(line.get_ydata(), dtype=float)
        if line.get_linestyle() == linestyle and len(ys) == 2 and ys[0] == ys[1]:
            found.add(float(ys[0]))
    return found


REFINED = sc.catalog().measure("2397-5-refined")  # 500,000 bbl per 12 months from 1 Jan 2018
CSV = (
    "month,quantity,unit,product,reporter,reported\n"
    '2022-03,"120,000",bbl,gas-oil-diesel,State A,2022-04-20\n'
    '2023-01,"180,000",bbl,gas-oil-diesel,State A,2023-02-20\n'
    '2023-02,"200,000",bbl,gas-oil-diesel,State B,2023-03-20\n'
    "2023-03,10 kt,,diesel,State A,2023-04-20\n"
    '2024-05,"520,000",bbl,diesel,State A,2024-06-20\n'
)  # made-up figures: one period open, one critical, one breached


def usage() -> sc.Utilization:
    """Three years of made-up reports against 2397's refined cap (EI 2021 for diesel)."""
    ledger = sc.Ledger.from_csv(io.StringIO(CSV)).ledger
    return ledger.utilization(REFINED, normalisation=sc.Normalisation(table="ei-2021"))


def tanker_estimate() -> sc.TankerEstimate:
    """Illustrative tankers (not from a Panel report): deadweight at EI 2021 gas oil."""
    tankers = [
        sc.TankerDeliveries("Illustrative tanker A", "2,000 t", 24),
        sc.TankerDeliveries("Illustrative tanker C", "35,000 bbl", 6),
    ]
    return sc.estimate_deliveries(tankers, factor=sc.factor("ei-2021/gas-oil-diesel"), cap=REFINED)


class TestRendering:
    """Both plots draw a non-blank picture."""

    @pytest.mark.parametrize(
        "draw",
        [
            lambda: plot.timeline("refined-petroleum", baseline=BASELINE),
            lambda: plot.timeline("crude-oil"),
            lambda: plot.timeline("coal", unit="t"),
            lambda: plot.waterfall(sc.cumulative_restriction("refined-petroleum", BASELINE)),
            lambda: plot.utilization(usage()),
            lambda: plot.estimates(tanker_estimate(), usage().latest),
        ],
        ids=["refined", "crude", "coal", "waterfall", "utilization", "estimates"],
    )
    def test_png_is_not_blank(self, draw: object) -> None:
        """The PNG has many distinct colours and is mostly background, not one flat fill."""
        assert callable(draw)
        pixels = render(draw())
        rgba = np.ascontiguousarray((pixels * 255).round().astype(np.uint8))
        colours = np.unique(rgba.view(np.uint32))  # one number per RGBA pixel: fast to count
        assert len(colours) > 50
        white = np.all(pixels[..., :3] > 0.98, axis=-1).mean()
        assert 0.5 < white < 0.99

    def test_draws_on_the_axes_given(self) -> None:
        """With ax=, the plot draws there and returns that same Axes."""
        _, ax = plt.subplots()
        assert ax is plot.timeline("refined-petroleum", ax=ax)
        assert ax is plot.waterfall(sc.cumulative("4,500,000 bbl", "500,000 bbl"), ax=ax)


class TestTimeline:
    """The caps in force per 12 months, proposals dashed, with title, units and sources."""

    def test_labels(self) -> None:
        """Title, y label with the unit and period, x label."""
        ax = plot.timeline("refined-petroleum")
        assert ("Caps in force over time: refined petroleum", "limit (bbl per 12 months)") == (
            ax.get_title(),
            ax.get_ylabel(),
        )
        assert "date" == ax.get_xlabel()

    def test_steps_and_proposals(self) -> None:
        """The stub at its 12-month rate, 2397 solid; the superseded cap dotted; drafts dashed."""
        ax = plot.timeline("refined-petroleum")
        assert {2_000_000.0, 500_000.0} == levels(ax, "-")
        assert {2_000_000.0} == levels(ax, ":")
        assert {250_000.0, 375_000.0} == levels(ax, "--")

    def test_legend_says_what_each_line_is(self) -> None:
        """The legend quotes each limit as written, its state, and flags press-only figures."""
        texts = legend_texts(plot.timeline("refined-petroleum", baseline=BASELINE))
        assert texts[0].startswith("2375 (2017): 500,000 bbl for 1 Oct 2017 – 31 Dec 2017")
        assert texts[0].endswith("shown per 12 months — ended")
        assert "2375 (2017): 2,000,000 bbl — superseded before it applied" == texts[1]
        assert "S/2022/431: 375,000 bbl — proposal, vetoed ⚠ secondary source" == texts[4]
        assert "baseline: 4,500,000 bbl per 12 months" == texts[-1]

    def test_baseline_line(self) -> None:
        """The baseline is a horizontal reference line at its level."""
        ax = plot.timeline("refined-petroleum", baseline=BASELINE)
        assert 4_500_000.0 in {
            float(np.asarray(line.get_ydata(), dtype=float)[0]) for line in ax.get_lines()
        }

    def test_source_note_cites_every_measure(self) -> None:
        """The note under the plot cites each measure drawn and explains the line styles."""
        note = source_note(plot.timeline("refined-petroleum"))
        assert "S/RES/2397 (2017) para 5" in note
        assert "S/RES/2375 (2017) para 14 [para unverified]" in note
        assert "dashed: proposals that never took effect" in note

    def test_other_unit_draws_the_matching_limbs_and_says_what_it_left_out(self) -> None:
        """In tonnes, crude shows 2397's 525,000 t limb; the barrel-only drafts are listed."""
        ax = plot.timeline("crude-oil", unit="t")
        assert 525_000.0 in levels(ax, "-")
        assert "limit (t per 12 months)" == ax.get_ylabel()
        assert "US draft (April 2022) (2,000,000 bbl per 12 months)" in source_note(ax)

    def test_freeze_is_drawn_as_its_estimate_and_says_so(self) -> None:
        """2375's crude freeze is dotted at the US estimate, labelled as not in the text."""
        ax = plot.timeline("crude-oil")
        assert 4_000_000.0 in levels(ax, ":")
        assert any("outside estimate 4,000,000 bbl, not in the text" in t for t in legend_texts(ax))

    def test_bans_are_zero(self) -> None:
        """Coal's bans are drawn at zero, with the exemption in the legend."""
        ax = plot.timeline("coal", unit="t")
        assert 0.0 in levels(ax, "-")
        assert any("ban except livelihood purposes" in t for t in legend_texts(ax))


class TestWaterfall:
    """Baseline, one bar per step cut, what remains; cuts labelled, exact values noted."""

    def test_bars_and_labels(self) -> None:
        """Baseline, two cuts and the remaining level, each tick labelled with its citation."""
        ax = plot.waterfall(sc.cumulative_restriction("refined-petroleum", BASELINE))
        heights = [round(p.get_height()) for p in bars(ax)]
        assert [4_500_000, 2_500_000, 1_500_000, 500_000] == heights
        ticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
        assert "baseline" == ticks[0]
        assert "S/RES/2397 (2017) para 5" == ticks[2]
        assert "remaining" == ticks[-1]

    def test_title_axis_and_note(self) -> None:
        """The title gives the total; the y axis its unit; the note the exact values."""
        ax = plot.waterfall(sc.cumulative_restriction("refined-petroleum", BASELINE))
        assert "Cumulative restriction from 4,500,000 bbl: 88.89 %" == ax.get_title()
        assert "level (bbl)" == ax.get_ylabel()
        note = source_note(ax)
        assert "88.89 % = 800/9 %" in note
        assert "1 − Π(1 − step cut)" in note

    def test_step_annotations(self) -> None:
        """Each step is labelled with its cut and the cumulative cut."""
        ax = plot.waterfall(sc.cumulative_restriction("refined-petroleum", BASELINE))
        texts = {t.get_text() for t in ax.texts}
        assert {"−55.56 %", "−75 %", "cumulative 88.89 %\n→ 500,000 bbl"} <= texts

    def test_custom_title(self) -> None:
        """A title passed in replaces the default."""
        ax = plot.waterfall(sc.cumulative("4,500,000 bbl", "500,000 bbl"), title="Refined")
        assert "Refined" == ax.get_title()

    def test_an_increase_is_drawn_up(self) -> None:
        """A step that raises the level is a green bar labelled with a plus."""
        ax = plot.waterfall(sc.cumulative("500,000 bbl", "750,000 bbl"))
        assert "+50 %" in {t.get_text() for t in ax.texts}
        legend = legend_texts(ax)
        assert "increase" in legend
        assert "cut" not in legend


class TestUtilization:
    """One bar per period, coloured by status, against the thresholds and the cap."""

    def test_bars_follow_the_shares(self) -> None:
        """Bar heights are the periods' shares; colours and legend give their statuses."""
        result = usage()
        ax = plot.utilization(result)
        heights = [p.get_height() for p in bars(ax)]
        assert [float(p.share.percent) for p in result.periods] == heights
        assert ["open", "critical", "breached"] == legend_texts(ax)
        assert ["24 %\n120,000 bbl", "90.92 %\n454,600 bbl", "104 %\n520,000 bbl"] == [
            t.get_text() for t in ax.texts if "\n" in t.get_text() and t.get_gid() is None
        ]

    def test_thresholds_and_the_cap_are_lines(self) -> None:
        """Dashed lines at 75, 90 and 95 %; a solid line at the cap."""
        ax = plot.utilization(usage())
        assert ({75.0, 90.0, 95.0}, {100.0}) == (levels(ax, "--"), levels(ax, "-"))

    def test_note_gives_crossings_and_conversions(self) -> None:
        """The note places each crossing in its interval and names the factor used."""
        note = source_note(plot.utilization(usage()))
        assert "90 % between 1 Mar 2023 and 31 Mar 2023" in note
        assert "ei-2021/gas-oil-diesel" in note
        assert "90.92 % = 90.92 %" not in note  # exact shares are not listed as rounded

    def test_other_thresholds(self) -> None:
        """The lines follow the thresholds the utilization was counted with."""
        ledger = sc.Ledger.from_csv(io.StringIO(CSV)).ledger
        result = ledger.utilization(
            REFINED,
            normalisation=sc.Normalisation(table="ei-2021"),
            thresholds=sc.UsageThresholds.eu_quota(),
        )
        assert {90.0} == levels(plot.utilization(result), "--")

    def test_a_limb_of_a_dual_cap(self) -> None:
        """limb= shows the tonne limb of 2397's crude cap instead of the fuller one."""
        ledger = sc.Ledger([sc.Delivery("2019-01", "2,000,000 bbl", reporter="X")])
        crude = sc.catalog().measure("2397-4-crude")
        implied = sc.Normalisation(fallback="s-res-2397/crude-oil")  # 160/21 bbl/t
        ax = plot.utilization(ledger.utilization(crude, normalisation=implied), limb="t")
        assert "Use of the cap of 525,000 t per period" == ax.get_title()

    def test_every_bar_is_one_limb(self) -> None:
        """On a dual cap all bars show one limb (the latest binding one), said in the note."""
        crude = sc.catalog().measure("2397-4-crude")
        implied = sc.Normalisation(fallback="s-res-2397/crude-oil")
        ledger = sc.Ledger(
            [
                sc.Delivery("2018-01", "1,000,000 bbl", reporter="X"),
                sc.Delivery("2019-01", "300,000 t", reporter="X"),
            ]
        )
        result = ledger.utilization(crude, normalisation=implied)
        ax = plot.utilization(result)
        heights = [p.get_height() for p in bars(ax)]
        assert [float(p.limb("t").share.percent) for p in result.periods] == heights
        assert "Limb shown: 525,000 t (pass limb= for another)" in source_note(ax)

    def test_a_unit_that_is_no_limb_draws_nothing(self) -> None:
        """limb= in a unit of no limb raises before any figure is made."""
        before = plt.get_fignums()
        with pytest.raises(sc.InvalidCapError, match="ask for a unit of one of the cap's limbs"):
            plot.utilization(usage(), limb="t")
        assert before == plt.get_fignums()

    def test_no_periods_is_refused(self) -> None:
        """A utilization with no counted period has nothing to draw, and says why."""
        empty = sc.Ledger().utilization(REFINED)
        with pytest.raises(sc.LedgerError, match="add deliveries that fall in the cap's periods"):
            plot.utilization(empty)


class TestEstimates:
    """Scenario bars beside the reported figure, as multiples of the cap."""

    def test_bars_are_multiples_of_the_cap(self) -> None:
        """Four scenarios and the reported figure; a line at 1× the cap."""
        estimate = tanker_estimate()
        ax = plot.estimates(estimate, usage().latest)
        widths = [p.get_width() for p in bars(ax)]
        expected = [float(s.multiple or 0) for s in estimate.scenarios] + [1.04]
        assert expected == pytest.approx(widths)
        assert "multiple of the cap (500,000 bbl)" == ax.get_xlabel()
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        assert ("one third laden (33.33 %)", "reported\n1 Jan 2024 – 31 Dec 2024") == (
            ticks[0],
            ticks[-1],
        )

    def test_reported_is_measured_against_the_estimate_s_cap(self) -> None:
        """A reported figure counted against another cap is drawn as a multiple of this one."""
        ledger = sc.Ledger([sc.Delivery("2018-10", "250,000 bbl", reporter="X")])
        usage_2375 = ledger.utilization(sc.catalog().measure("2375-14-refined")).latest
        assert "12.5 %" == str(usage_2375.share)  # of 2375's 2,000,000 bbl
        ax = plot.estimates(tanker_estimate(), usage_2375)  # the estimate's cap: 500,000 bbl
        assert pytest.approx(0.5) == bars(ax)[-1].get_width()
        assert "250,000 bbl = 0.5×" in {t.get_text() for t in ax.texts}

    def test_estimates_are_never_added(self) -> None:
        """The note says estimates stand beside reported figures; the tankers are listed."""
        note = source_note(plot.estimates(tanker_estimate()))
        assert "never added to them" in note
        assert "Illustrative tanker A, 2,000 t × 24" in note

    def test_without_a_cap_the_bars_are_volumes(self) -> None:
        """With no cap the axis is the estimated volume in the estimate's unit."""
        tankers = [sc.TankerDeliveries("Illustrative tanker", "35,000 bbl", 6)]
        ax = plot.estimates(sc.estimate_deliveries(tankers))
        widths = [p.get_width() for p in bars(ax)]
        assert ("estimated volume (bbl)", [70_000.0, 105_000.0, 189_000.0, 210_000.0]) == (
            ax.get_xlabel(),
            widths,
        )


class TestWithoutMatplotlib:
    """Without matplotlib, plotting says which extra to install."""

    def test_import_error_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A missing matplotlib raises MissingExtraError (an ImportError) naming the extra."""
        monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
        with pytest.raises(
            sc.MissingExtraError,
            match=r"sanctioncalc\.plot: got matplotlib is not installed.*sanctioncalc\[plot\]'",
        ) as caught:
            plot.timeline("refined-petroleum")
        assert "matplotlib" == caught.value.name  # as ImportError names the missing module


def test_lines_are_matplotlib_lines() -> None:
    """The drawn artists are plain matplotlib lines, open to restyling."""
    ax = plot.timeline("refined-petroleum")
    assert all(isinstance(line, Line2D) for line in ax.get_lines())
