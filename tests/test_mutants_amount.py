"""Facts of amounts that mutation testing found unchecked: ordering across units.

Each test pins one behaviour of ``sanctioncalc._amount`` that a mutant changed without any
other test noticing (scripts/mutation.sh _amount).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import pytest

import sanctioncalc as sc

BARREL = sc.Amount(1, "bbl")
GALLONS_42 = sc.Amount(42, "gal")  # an oil barrel is 42 US gallons exactly
GALLON = sc.Amount(1, "gal")


class TestOrdering:
    """Amounts of one dimension are ordered by their size in the base unit."""

    def test_equal_sizes(self) -> None:
        """1 bbl and 42 gal are the same volume: <= and >= hold, < and > do not."""
        got = [
            op(BARREL, GALLONS_42) for op in (operator.le, operator.ge, operator.lt, operator.gt)
        ]
        assert [True, True, False, False] == got

    def test_larger_in_fewer_units(self) -> None:
        """1 bbl is more than 1 gal."""
        got = [op(BARREL, GALLON) for op in (operator.le, operator.ge, operator.lt, operator.gt)]
        assert [False, True, False, True] == got

    @pytest.mark.parametrize("op", [operator.le, operator.ge, operator.lt, operator.gt])
    def test_no_order_with_a_number(self, op: Callable[[Any, Any], bool]) -> None:
        """An amount and a bare number have no order."""
        with pytest.raises(TypeError):
            op(BARREL, 1)
