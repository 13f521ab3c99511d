"""The tour notebook runs top to bottom in the project's interpreter; it is kept without outputs."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

EXAMPLES = Path(__file__).parent.parent / "examples"
TOUR = EXAMPLES / "tour.ipynb"
KERNEL = "sanctioncalc-test"


def kernel_manager(folder: Path) -> KernelManager:
    """A kernel manager whose only kernelspec runs ipykernel in this interpreter.

    The installed ``python3`` kernelspec starts whichever ``python`` is first on PATH; the
    notebook must run against the sanctioncalc under test, so the spec names sys.executable.
    """
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    document = {"argv": argv, "display_name": "sanctioncalc tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(document), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(folder / "kernels")])
    return KernelManager(kernel_name=KERNEL, kernel_spec_manager=specs)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, float]:
    """The tour, executed once (with a last cell that reports the kernel's interpreter)."""
    notebook = nbformat.read(TOUR, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # keep the inline backend
    manager = kernel_manager(tmp_path_factory.mktemp("kernel"))
    client = NotebookClient(
        notebook, km=manager, timeout=60, resources={"metadata": {"path": str(EXAMPLES)}}
    )
    started = time.perf_counter()
    try:
        client.execute(env=env)
    finally:
        # nbclient leaves a kernel it was handed running: stop it and close its sockets.
        if client.kc is not None:
            client.kc.stop_channels()
        manager.shutdown_kernel(now=True)
    return notebook, time.perf_counter() - started


def outputs(notebook: Any, kind: str) -> list[Any]:
    """Every output of every code cell whose data has the MIME type *kind*."""
    return [
        output["data"][kind]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if kind in output.get("data", {})
    ]


class TestCommitted:
    """The committed notebook is clean."""

    def test_has_no_outputs(self) -> None:
        """No cell carries outputs or an execution count (they are not committed)."""
        notebook = nbformat.read(TOUR, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code
        assert [] == [cell.id for cell in code if cell.outputs or cell.execution_count]


class TestExecution:
    """The tour runs in under a minute and shows tables and plots."""

    def test_runs_in_this_interpreter_within_a_minute(self, executed: tuple[Any, float]) -> None:
        """The kernel is this venv's Python, and the whole tour took less than 60 s."""
        notebook, seconds = executed
        assert sys.executable == notebook.cells[-1].outputs[0]["text"].strip()
        assert seconds < 60

    def test_no_cell_failed_or_warned(self, executed: tuple[Any, float]) -> None:
        """No output is an error or a warning on stderr."""
        notebook, _ = executed
        bad = [
            output
            for cell in notebook.cells
            if cell.cell_type == "code"
            for output in cell.outputs
            if output["output_type"] == "error" or output.get("name") == "stderr"
        ]
        assert [] == bad

    def test_shows_tables(self, executed: tuple[Any, float]) -> None:
        """The comparison, waterfall, timeline and binding limb show as HTML with their figures."""
        notebook, _ = executed
        html = "\n".join(outputs(notebook, "text/html"))
        for expected in (
            "S/RES/2397 (2017) → S/2022/431",
            "88.89 % = 800/9 %",
            "Timeline: refined-petroleum",
            "the value limb, 400,870,018 USD",
            "the quantity limb, 7,500,000 t",
            "3,848,250 bbl",  # 525,000 t at EI 2021's 7.33 bbl/t
        ):
            assert expected in html

    def test_shows_both_plots(self, executed: tuple[Any, float]) -> None:
        """The waterfall and the timeline are drawn as PNG images."""
        notebook, _ = executed
        assert 2 == len(outputs(notebook, "image/png"))
