"""Provenance flows: no result is stronger than its weakest input, and every presentation of
a result derived from a draft, a secondary-source or an unverified figure says so."""

from __future__ import annotations

import json
import pickle
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc._catalog import Catalog
from sanctioncalc._cli import main
from sanctioncalc._render import json as ser

CAT = sc.catalog()
#: Every catalog measure with a one- or two-limb quantity limit, by commodity.
LIMITS = {
    name: [m for m in CAT.measures(name) if isinstance(m.measure, sc.Cap | sc.DualCap)]
    for name in ("refined-petroleum", "crude-oil")
}
ALL = [m for measures in LIMITS.values() for m in measures]
DRAFT = CAT.measure("s-2022-431-refined")


def expected_mark(*measures: sc.CatalogMeasure) -> sc.Mark:
    """The weakest mark of the measures' figures, worked out from their sources alone."""
    return min(m.source.mark for m in measures)


def limit(measure: sc.CatalogMeasure) -> sc.Cap | sc.DualCap:
    """The measure's quantity limit (every measure these tests use has one)."""
    inner = measure.measure
    assert isinstance(inner, sc.Cap | sc.DualCap)
    return inner


def cap(measure_id: str) -> sc.Cap:
    """A one-limb catalog cap by id."""
    inner = CAT.measure(measure_id).measure
    assert isinstance(inner, sc.Cap)
    return inner


def is_draft(measure: sc.CatalogMeasure) -> bool:
    return not CAT.instrument(measure.instrument).status.took_effect


def limb_of(measure: sc.CatalogMeasure, unit: str) -> sc.Amount | None:
    return next((limb for limb in limit(measure).limbs if limb.unit.symbol == unit), None)


def said(text: str, measures: list[sc.CatalogMeasure]) -> bool:
    """Whether *text* says what a reader must be told about *measures*' figures."""
    wanted = []
    if any(is_draft(m) for m in measures):
        wanted.append("hypothetical")
    weakest = expected_mark(*measures)
    if weakest is sc.Mark.V2:
        wanted.append("secondary source")
    if weakest is sc.Mark.U:
        wanted.append("unverified")
    return all(word in text for word in wanted)


refined = st.sampled_from([m for m in LIMITS["refined-petroleum"] if m.is_repeating])
chains = st.lists(refined, min_size=1, max_size=4)


class TestWeakestMark:
    """The weakest mark of the figures used propagates through each operation."""

    @given(st.sampled_from(ALL), st.sampled_from(ALL))
    def test_compare_cut_delta(self, old: sc.CatalogMeasure, new: sc.CatalogMeasure) -> None:
        """compare, cut and delta carry the weaker side's mark and the drafts involved."""
        a, b = limb_of(old, "bbl"), limb_of(new, "bbl")
        if a is None or b is None or not a.exact:
            return
        for result in (sc.cut(a, b), sc.delta(a, b), sc.compare(a, b)):
            found = result.provenance
            assert expected_mark(old, new) == found.mark
            assert any(is_draft(m) for m in (old, new)) == found.is_hypothetical

    @given(st.sampled_from(ALL), st.sampled_from(ALL))
    def test_shares_and_ratios(self, part: sc.CatalogMeasure, whole: sc.CatalogMeasure) -> None:
        """share, ratio, percent_change and baseline_for_cut keep the weakest mark."""
        a, b = limb_of(part, "bbl"), limb_of(whole, "bbl")
        if a is None or b is None or not b.exact:
            return
        both = [sc.share(a, b).provenance, sc.ratio(a, b).provenance]
        if a.exact:
            both.append(sc.percent_change(a, b).provenance)
        assert {expected_mark(part, whole)} == {p.mark for p in both}
        solved = sc.baseline_for_cut(a, sc.Percentage(20)).provenance
        assert (part.source.mark, is_draft(part)) == (solved.mark, solved.is_hypothetical)

    @given(chains)
    def test_cumulative(self, chain: list[sc.CatalogMeasure]) -> None:
        """A waterfall's provenance is the weakest of its steps', and each step keeps its own."""
        levels = [limb_of(m, "bbl") for m in chain]
        steps = [limit(m) for m, level in zip(chain, levels, strict=True) if level is not None]
        used = [m for m, level in zip(chain, levels, strict=True) if level is not None]
        if not steps:
            return
        waterfall = sc.cumulative("4,500,000 bbl", *steps)
        assert expected_mark(*used) == waterfall.provenance.mark
        for step, measure in zip(waterfall.steps, used, strict=True):
            assert is_draft(measure) == step.after.provenance.is_hypothetical

    def test_compose_cuts(self) -> None:
        """compose_cuts keeps the weakest mark of the cuts it composes."""
        adopted = sc.cut("4,500,000 bbl", cap("2397-5-refined"))
        draft = sc.cut(cap("2397-5-refined"), limit(DRAFT))
        composed = sc.compose_cuts(adopted, draft)
        assert (sc.Mark.V, sc.Mark.V2, sc.Mark.V2) == (
            adopted.provenance.mark,
            draft.provenance.mark,
            composed.provenance.mark,
        )
        assert composed.provenance.is_hypothetical

    def test_implied_factor_and_conversion(self) -> None:
        """A factor implied by the draft is V2; so is what it converts; a caller's is U."""
        draft = sc.implied_factor(limit(CAT.measure("s-2022-431-crude")))
        converted = sc.convert("525,000 t", "bbl", factor=draft)
        own = sc.implied_factor(sc.DualCap.parse("4,000,000 bbl or 525,000 t per 12 months"))
        assert (sc.Mark.V2, sc.Mark.V2, sc.Mark.U) == (
            draft.mark,
            converted.provenance.mark,
            own.mark,
        )
        assert sc.CALLER is sc.convert("525,000 t", "bbl", factor=own).provenance

    def test_binding_limb(self) -> None:
        """The binding limb of a catalog cap carries the cap's mark and says so in text."""
        coal = CAT.measure("2321-26-coal")
        binding = sc.binding_limb(coal, "60 USD/t")
        assert coal.source.mark == binding.provenance.mark
        assert (coal.source.mark is sc.Mark.V) != ("secondary source" in str(binding))


class TestCallerOnly:
    """Results built only from the caller's figures share CALLER and print as before."""

    @given(st.integers(1, 10**12), st.integers(0, 10**12))
    def test_one_constant_and_no_flags(self, old: int, new: int) -> None:
        """Every caller-only result carries the very same CALLER value and no flag."""
        a, b = sc.Amount(old, "bbl"), sc.Amount(new, "bbl")
        comparison = sc.compare(a, b)
        for result in (sc.cut(a, b), sc.delta(a, b), comparison, sc.cumulative(a, b)):
            assert sc.CALLER is result.provenance
        assert str(comparison) == "; ".join(c.text for c in comparison.changes)
        assert "⚠" not in str(sc.cumulative(a, b))

    def test_provenance_is_outside_equality(self) -> None:
        """A catalog figure equals the same figure typed in, and hashes alike."""
        figure = cap("2397-5-refined").limit
        typed = sc.Amount(500_000, "bbl")
        assert (figure, hash(figure)) == (typed, hash(typed))
        assert sc.CALLER is typed.provenance
        assert sc.CALLER is not figure.provenance

    def test_caller_survives_pickling(self) -> None:
        """CALLER unpickles as itself."""
        assert pickle.loads(pickle.dumps(sc.Amount(1, "bbl"))).provenance is sc.CALLER


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert 0 == main(list(argv))
    return capsys.readouterr().out


class TestEveryPresentation:
    """A chain with a hypothetical, V2 or U input says so in every presentation."""

    @given(chains)
    def test_text_html_json_frame(self, chain: list[sc.CatalogMeasure]) -> None:
        """str, pretty, HTML, JSON and the frame of a waterfall through *chain*."""
        used = [m for m in chain if limb_of(m, "bbl") is not None]
        if not used:
            return
        waterfall = sc.cumulative(
            "4,500,000 bbl", *(limit(m) for m in used), labels=[m.id for m in used]
        )
        from IPython.lib.pretty import pretty

        texts = {
            "str": str(waterfall),
            "pretty": pretty(waterfall),
            "html": waterfall._repr_html_(),
            "json": json.dumps(ser.waterfall_json(waterfall)),
            "explain": str(waterfall.explain()),
        }
        pandas = pytest.importorskip("pandas")
        assert pandas is not None
        frame = waterfall.to_frame()
        texts["frame"] = " ".join(frame["flags"]) + " " + " ".join(frame["status"])
        for where, text in texts.items():
            assert said(text, used), where

    def test_command_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Table, CSV and JSON of a cumulative through the draft all name it hypothetical."""
        argv = ["cumulative", "refined-petroleum", "--baseline", "4500000 bbl/yr", "--through"]
        argv += ["2375", "2397", "S/2022/431"]
        table = _cli(capsys, *argv)
        csv_text = _cli(capsys, *argv, "--format", "csv")
        document = json.loads(_cli(capsys, *argv, "--format", "json"))
        assert "hypothetical: S/2022/431 vetoed 26 May 2022" in table
        assert csv_text.splitlines()[-1].count("hypothetical: S/2022/431 vetoed 26 May 2022") == 1
        assert ["S/2022/431 vetoed 26 May 2022"] == document["provenance"]["hypothetical"]
        assert CAT.edition == document["catalog_edition"]
        assert sc.__version__ == document["library_version"]

    def test_plot_marks_the_draft(self) -> None:
        """The waterfall plot hatches the draft's step and names it in the legend."""
        pytest.importorskip("matplotlib")
        import matplotlib.pyplot as plt

        from sanctioncalc import plot

        waterfall = sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl/yr", through=["2375", "2397", "S/2022/431"]
        )
        ax = plot.waterfall(waterfall)
        shown = ax.get_legend()
        assert shown is not None
        legend = [t.get_text() for t in shown.get_texts()]
        hatched = [p for p in ax.patches if p.get_hatch()]
        plt.close("all")
        assert "cut (hypothetical: never in force)" in legend
        assert 1 == len(hatched)
        assert "hypothetical" in ax.get_title()


class TestExplain:
    """explain() writes the arithmetic out exactly, with each input's source."""

    def test_the_draft_cut(self) -> None:
        """1 − 375,000/4,500,000, the caller's baseline and the draft's figure named."""
        explanation = sc.compare("4,500,000 bbl", limit(DRAFT).limbs[0]).explain()
        assert "cut = 1 − new/old = 1 − 375000/4500000 = 11/12 = 91.67 %" in explanation.steps
        assert "4,500,000 bbl: given by the caller" in explanation.inputs
        assert (
            "375,000 bbl: S/2022/431 (paragraph not identified), vetoed 26 May 2022, "
            "secondary source (V2)"
        ) in explanation.inputs
        assert "hypothetical" in explanation._repr_html_()
        assert "V2" == explanation.to_json()["provenance"]["mark"]

    def test_every_command_explains(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--explain on compare, cut, convert, cumulative and timeline writes the arithmetic."""
        commands = [
            ["compare", "2397", "S/2022/431"],
            ["cut", "500,000 bbl", "375,000 bbl"],
            ["convert", "525000 t", "--to", "bbl", "--factor", "ei-2021/crude-oil"],
            ["cumulative", "refined-petroleum", "--baseline", "4500000 bbl/yr"],
            ["timeline", "refined-petroleum"],
        ]
        for argv in commands:
            assert "inputs:" in _cli(capsys, *argv, "--explain"), argv
            found = json.loads(_cli(capsys, *argv, "--explain", "--format", "json"))
            assert found["explanation"]["inputs"], argv


class TestRequire:
    """Embedders fail closed on weak inputs."""

    def test_refuses_the_draft(self) -> None:
        """A result through the vetoed draft is refused by default, naming it."""
        waterfall = sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl/yr", through=["2397", "S/2022/431"]
        )
        with pytest.raises(sc.ProvenanceError, match="S/2022/431"):
            waterfall.provenance.require()
        waterfall.provenance.require(sc.Mark.U, hypothetical=True)

    def test_adopted_chain_passes_v2_but_not_v(self) -> None:
        """The adopted chain from a caller's baseline passes V2; V refuses the caller's figure."""
        provenance = sc.cumulative_restriction("refined-petroleum", "4,500,000 bbl/yr").provenance
        provenance.require(sc.Mark.V2)
        with pytest.raises(sc.ProvenanceError, match="given by the caller"):
            provenance.require(sc.Mark.V)

    def test_bad_mark(self) -> None:
        """A min_mark that is not a Mark is a typed error."""
        with pytest.raises(sc.ProvenanceError, match="min_mark"):
            sc.CALLER.require("V")  # type: ignore[arg-type]


class TestEdition:
    """Outputs name a catalog edition that changes with the catalog's figures."""

    def test_changes_with_a_figure(self, tmp_path: object) -> None:
        """Changing one figure in a copy of the catalog changes its edition."""
        from pathlib import Path

        assert isinstance(tmp_path, Path)
        document = json.loads(CAT.to_json())
        same = Catalog.from_files(CAT.write(tmp_path / "same.json"))
        for instrument in document["instruments"]:
            for measure in instrument.get("measures", []):
                if measure.get("limit") == "500,000 bbl per 12 months from 1 Jan 2018":
                    measure["limit"] = "500,001 bbl per 12 months from 1 Jan 2018"
        changed_path = tmp_path / "changed.json"
        changed_path.write_text(json.dumps(document), encoding="utf-8")
        changed = Catalog.from_files(changed_path)
        assert CAT.edition == same.edition
        assert CAT.edition != changed.edition
        figure = limit(changed.measure("2397-5-refined")).limbs[0]
        assert (Fraction(500_001), changed.edition) == (
            figure.exact,
            figure.provenance.sources[0].edition,
        )
