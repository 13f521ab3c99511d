"""Shared test configuration: hypothesis profiles chosen by HYPOTHESIS_PROFILE."""

from __future__ import annotations

import decimal
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=25, deadline=None)
# The long fuzz run, on demand only: HYPOTHESIS_PROFILE=fuzz pytest -m fuzz
# (SANCTIONCALC_FUZZ_EXAMPLES=N sets the examples per test, 10**5 by default).
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("SANCTIONCALC_FUZZ_EXAMPLES", "100000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

#: Set to run fuzz-marked tests without ``-m fuzz`` (e.g. in a long CI job).
FUZZ_ENV = "SANCTIONCALC_FUZZ"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``fuzz`` marker (--strict-markers is on)."""
    config.addinivalue_line(
        "markers",
        "fuzz: long fuzz runs, deselected unless -m fuzz is given or "
        f"{FUZZ_ENV}=1; run with HYPOTHESIS_PROFILE=fuzz pytest -m fuzz tests/test_fuzz.py",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect fuzz-marked tests unless asked for by -m or the environment."""
    if "fuzz" in (config.getoption("markexpr", "") or "") or os.environ.get(FUZZ_ENV):
        return
    dropped = [item for item in items if item.get_closest_marker("fuzz") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item.get_closest_marker("fuzz") is None]


@pytest.fixture(scope="session")
def hostile_context() -> decimal.Context:
    """A decimal context that wrecks any result computed with Decimal arithmetic.

    Three digits, rounding down, and a trap on every rounding: enter it with
    ``decimal.localcontext(hostile_context)``.  Session-scoped so property tests can use it.
    """
    return decimal.Context(
        prec=3,
        rounding=decimal.ROUND_DOWN,
        traps=[
            decimal.Inexact,
            decimal.Rounded,
            decimal.InvalidOperation,
            decimal.DivisionByZero,
            decimal.Overflow,
        ],
    )
