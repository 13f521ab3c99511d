"""Cumulative restrictions: successive cuts composed, and the waterfall from a baseline
through successive measures, each step with its provenance.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, final

import attrs

from ._amount import Amount
from ._errors import InvalidAmountError, ZeroBaselineError, shown
from ._factors import ConversionFactor
from ._hooks import RichDisplay, renderer
from ._measure import Ban, Cap
from ._numbers import check_places, fraction_text
from ._ops import (
    Side,
    check_periods,
    compare_levels,
    factor_provenance,
    level_of,
    require_base,
)
from ._percent import Percentage, trusted_percentage
from ._provenance import Explanation, Provenance, explanation, flag_suffix

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Waterfall", "WaterfallStep", "compose_cuts", "cumulative"]


def compose_cuts(*cuts: Percentage | str | int | Fraction) -> Percentage:
    """The cumulative cut of successive cuts: ``1 − Π(1 − cᵢ)``.

    A negative cut is a rise; a cut above 100 % would leave a negative level and is refused.

    >>> str(compose_cuts(Percentage.parse("500/9 %"), Percentage(75)))
    '88.89 %'
    """
    remaining = Fraction(1)
    provenances: list[Provenance] = []
    for index, item in enumerate(cuts):
        pct = (
            item
            if isinstance(item, Percentage)
            else (Percentage.parse(item) if isinstance(item, str) else Percentage(item))
        )
        if pct.ratio > 1:
            raise InvalidAmountError(
                field=f"cuts[{index}]",
                got=str(pct),
                expected="a cut of at most 100 %",
                fix="a cut above 100 % would leave a negative level; a rise is a negative cut",
            )
        remaining *= 1 - pct.ratio
        provenances.append(pct.provenance)
    return trusted_percentage(
        Percentage.from_ratio(1 - remaining).percent, Provenance.combine(*provenances)
    )


@final
@attrs.frozen
class WaterfallStep:
    """One step of a cumulative restriction: the cut from the previous level and in total.

    ``places`` is set when a level a factor converted had no finite decimal form: ``after``
    (or ``before``, the previous step's ``after``) is then rounded half-up to that many
    decimals; the cuts are exact.
    """

    label: str
    before: Amount
    after: Amount
    step: Percentage
    cumulative: Percentage
    places: int | None = None

    @property
    def provenance(self) -> Provenance:
        """The step's figures' provenance: the baseline, this level and the one before."""
        return Provenance.combine(self.step.provenance, self.cumulative.provenance)

    @property
    def text(self) -> str:
        """The step in words, without its provenance flags."""
        rounded = f"; rounded to {self.places} places" if self.places is not None else ""
        return (
            f"{self.label}: {self.before} → {self.after} (cut {self.step}, cumulative "
            f"{self.cumulative}{rounded})"
        )

    def __str__(self) -> str:
        lines = [self.text + flag_suffix(self.provenance)]
        lines += [f"  note: {note}" for note in self.after.provenance.notes]
        return "\n".join(lines)


@final
@attrs.frozen
class Waterfall(RichDisplay):
    """A cumulative restriction from a baseline through successive measures.

    The step cuts compose: ``total == compose_cuts(*(s.step for s in steps))``.
    """

    baseline: Amount
    steps: tuple[WaterfallStep, ...]

    @property
    def total(self) -> Percentage:
        """The cumulative cut from the baseline to the last step."""
        return self.steps[-1].cumulative if self.steps else Percentage(0)

    @property
    def final(self) -> Amount:
        """The level after the last step."""
        return self.steps[-1].after if self.steps else self.baseline

    @property
    def provenance(self) -> Provenance:
        """The baseline's and every step's provenance combined."""
        return Provenance.combine(self.baseline.provenance, *(s.provenance for s in self.steps))

    def __str__(self) -> str:
        lines = [f"baseline {self.baseline}{flag_suffix(self.baseline.provenance)}"]
        lines += [str(s) for s in self.steps]
        if self.steps and not self.provenance.is_plain:
            lines.append(f"total {self.total}{flag_suffix(self.provenance)}")
        return "\n".join(lines)

    def explain(self) -> Explanation:
        """Each step's cut and the cumulative cut written out exactly, with every source.

        >>> w = cumulative("4,500,000 bbl/yr", "2,000,000 bbl/yr", "500,000 bbl/yr",
        ...                labels=["2375", "2397"])
        >>> print("\\n".join(w.explain().steps[-2:]))
        2397: cumulative = 1 − 500000/4500000 = 8/9 = 88.89 %
        total = 1 − Π(1 − stepᵢ) = 1 − (4/9 · 0.25) = 8/9 = 88.89 %
        """
        base = self.baseline.exact
        lines = [f"baseline = {self.baseline}"]
        for s in self.steps:
            left = 1 - s.cumulative.ratio
            before = (
                base * (1 - s.cumulative.ratio) / (1 - s.step.ratio) if s.step.ratio != 1 else None
            )
            lines.append(
                f"{s.label}: step cut = 1 − after/before = "
                + (
                    f"1 − {fraction_text(base * left)}/{fraction_text(before)} = "
                    if before is not None
                    else ""
                )
                + f"{fraction_text(s.step.ratio)} = {s.step}"
            )
            lines.append(
                f"{s.label}: cumulative = 1 − {fraction_text(base * left)}/"
                f"{fraction_text(base)} = {fraction_text(s.cumulative.ratio)} = {s.cumulative}"
            )
        if self.steps:
            product = " · ".join(fraction_text(1 - s.step.ratio) for s in self.steps)
            lines.append(
                f"total = 1 − Π(1 − stepᵢ) = 1 − ({product}) = "
                f"{fraction_text(self.total.ratio)} = {self.total}"
            )
        inputs: list[tuple[str, Provenance]] = [(str(self.baseline), self.baseline.provenance)]
        inputs += [(f"{s.label}: {s.after}", s.after.provenance) for s in self.steps]
        return explanation(
            f"cumulative restriction from {self.baseline}", lines, inputs, self.provenance
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per step: display strings, exact strings in the baseline's ``unit``.

        Needs pandas (``pip install 'sanctioncalc[pandas]'``).

        >>> w = cumulative("4,500,000 bbl/yr", "2,000,000 bbl/yr", "500,000 bbl/yr",
        ...                labels=["2375", "2397"])
        >>> w.to_frame()[["label", "after_exact", "cumulative", "cumulative_pct_exact"]].values
        array([['2375', '2000000', '55.56 %', '500/9'],
               ['2397', '500000', '88.89 %', '800/9']], dtype=object)
        """
        return renderer().frame(self)  # type: ignore[no-any-return]


def cumulative(
    baseline: Side,
    *steps: Side,
    labels: Sequence[str] | None = None,
    factor: ConversionFactor | None = None,
    places: int | None = None,
) -> Waterfall:
    """The cumulative restriction from *baseline* through *steps*, with a per-step waterfall.

    Every percentage is exact.  *places* rounds the levels a factor converts into the
    baseline's unit when they have no finite decimal form (see :func:`compare`).

    From the 2016 level of 4.5 million bbl/yr, 2375's 2,000,000 and 2397's 500,000 bbl cut
    refined-petroleum supply by 8/9:

    >>> w = cumulative("4,500,000 bbl/yr", "2,000,000 bbl per 12 months",
    ...                "500,000 bbl per 12 months", labels=["2375", "2397"])
    >>> str(w.total), w.total.exact
    ('88.89 %', '800/9 %')
    """
    if places is not None:
        check_places(places)
    if labels is not None and (
        isinstance(labels, str)
        or not isinstance(labels, Sequence)
        or not all(isinstance(label, str) for label in labels)
    ):
        raise InvalidAmountError(
            field="labels",
            got=shown(labels, 60),
            expected="a list of texts, one per step",
            fix="e.g. labels=['2375', '2397']",
        )
    if labels is not None and len(labels) != len(steps):
        raise InvalidAmountError(
            field="labels",
            got=f"{len(labels)} labels for {len(steps)} steps",
            expected="one label per step",
            fix="give as many labels as steps, or none",
        )
    base = level_of(baseline, "baseline")
    if not isinstance(base, Amount | Cap):
        raise InvalidAmountError(
            field="baseline",
            got=str(base),
            expected="an amount or a one-limb cap",
            fix="pick the limb to measure from, e.g. crude.limb('bbl')",
        )
    base_amount = base if isinstance(base, Amount) else base.limit
    if steps and not base_amount.exact:
        raise ZeroBaselineError(
            field="baseline",
            got=str(base_amount),
            expected="a non-zero baseline",
            fix="a cumulative cut is relative to the baseline; start from the level before "
            "the first measure",
        )
    # Each level is measured from the baseline, exactly: what remains of it after each step.
    # A level a factor converted may be shown rounded to *places*; the cuts never are.
    level, remaining, level_rounded = base_amount, Fraction(1), None
    result: list[WaterfallStep] = []
    for index, raw in enumerate(steps):
        step = level_of(raw, f"steps[{index}]")
        check_periods(base, step)
        if isinstance(step, Ban):
            after = Amount(0, level.unit, provenance=step.provenance)
            left, rounded = Fraction(0), None
        else:
            change = compare_levels(base_amount, step, factor, places).changes[0]
            after, left, rounded = change.new, 1 - change.cut.ratio, change.places
        require_base(level, remaining)
        label = labels[index] if labels is not None else str(step)
        here = Provenance.combine(after.provenance, factor_provenance(factor))
        result.append(
            WaterfallStep(
                label,
                level,
                after,
                trusted_percentage(
                    Percentage.from_ratio(1 - left / remaining).percent,
                    Provenance.combine(level.provenance, here),
                ),
                trusted_percentage(
                    Percentage.from_ratio(1 - left).percent,
                    Provenance.combine(base_amount.provenance, here),
                ),
                rounded if rounded is not None else level_rounded,
            )
        )
        level, remaining, level_rounded = after, left, rounded
    return Waterfall(base_amount, tuple(result))
