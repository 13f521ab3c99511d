"""The runnable examples run, so they cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))


class TestExamples:
    """Each example script exits cleanly and prints something."""

    def test_there_are_examples(self) -> None:
        """The examples folder is not empty."""
        assert len(EXAMPLES) >= 4

    @pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
    def test_example_runs(self, script: Path) -> None:
        """The script exits 0, writes output, and writes nothing to stderr."""
        result = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
        )
        assert (0, "") == (result.returncode, result.stderr)
        assert result.stdout.strip()

    @pytest.mark.parametrize(
        "script",
        [*EXAMPLES, *EXAMPLES[0].parent.glob("*.ipynb")],
        ids=lambda p: p.name,
    )
    def test_example_uses_the_public_api(self, script: Path) -> None:
        """Examples are copied into users' code: they import public names only."""
        assert "sanctioncalc._" not in script.read_text("utf-8")
