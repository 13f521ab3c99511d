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

import sanctioncalc

__all__: list[str] = []

# Public value type -> the strategy in sanctioncalc.strategies that draws it.
_STRATEGIES: Final = {
    "Amount": "amounts",
    "Ban": "bans",
    "Cap": "caps",
    "Ceiling": "ceilings",
    "Commodity": "commodities",
    "ConversionFactor": "conversion_factors",
    "DualCap": "dual_caps",
    "DynamicCapRule": "dynamic_price_rules",
    "Percentage": "percentages",
    "Periodic": "periodics",
    "PriceCap": "price_caps",
    "ProductClass": "product_classes",
    "QuotaSchedule": "quota_schedules",
    "Rate": "rates",
    "ReductionRule": "reduction_rules",
    "Span": "spans",
    "Unit": "units",
    "WindDown": "wind_downs",
}


def _strategy(name: str) -> Callable[[type[object]], st.SearchStrategy[object]]:
    def build(_: type[object]) -> st.SearchStrategy[object]:
        strategies = importlib.import_module("sanctioncalc.strategies")
        made: st.SearchStrategy[object] = getattr(strategies, name)()
        return made

    return build


def _hypothesis_setup_hook() -> None:
    for type_name, strategy_name in _STRATEGIES.items():
        st.register_type_strategy(getattr(sanctioncalc, type_name), _strategy(strategy_name))
