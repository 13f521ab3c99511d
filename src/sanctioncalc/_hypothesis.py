"""Registers the value types' strategies with hypothesis, so ``st.from_type`` finds them.

hypothesis runs every function in its ``hypothesis`` entry-point group when it is imported;
``pyproject.toml`` names :func:`_hypothesis_setup_hook` there.  The hook lives apart from
:mod:`sanctioncalc.strategies` because importing that module imports hypothesis, which
would load a half-imported module through the entry point; and each strategy is looked up
only when hypothesis first asks for it, so importing hypothesis stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Final

from hypothesis import strategies as st

from ._amount import Amount
from ._ceiling import Ceiling
from ._commodity import Commodity
from ._factors import ConversionFactor, Rate
from ._measure import Ban, Cap, DualCap
from ._percent import Percentage
from ._period import Periodic, Span
from ._price_cap import DynamicCapRule, PriceCap, ProductClass, WindDown
from ._reduction import ReductionRule
from ._schedule import QuotaSchedule
from ._units import Unit

__all__: list[str] = []

# Each public value type, and the strategy in sanctioncalc.strategies that draws it.
_STRATEGIES: Final[tuple[tuple[type[object], str], ...]] = (
    (Amount, "amounts"),
    (Ban, "bans"),
    (Cap, "caps"),
    (Ceiling, "ceilings"),
    (Commodity, "commodities"),
    (ConversionFactor, "conversion_factors"),
    (DualCap, "dual_caps"),
    (DynamicCapRule, "dynamic_price_rules"),
    (Percentage, "percentages"),
    (Periodic, "periodics"),
    (PriceCap, "price_caps"),
    (ProductClass, "product_classes"),
    (QuotaSchedule, "quota_schedules"),
    (Rate, "rates"),
    (ReductionRule, "reduction_rules"),
    (Span, "spans"),
    (Unit, "units"),
    (WindDown, "wind_downs"),
)


def _strategy(name: str) -> Callable[[type[object]], st.SearchStrategy[object]]:
    def build(_: type[object]) -> st.SearchStrategy[object]:
        strategies = importlib.import_module("sanctioncalc.strategies")
        made: st.SearchStrategy[object] = getattr(strategies, name)()
        return made

    return build


def _hypothesis_setup_hook() -> None:
    for cls, name in _STRATEGIES:
        st.register_type_strategy(cls, _strategy(name))
