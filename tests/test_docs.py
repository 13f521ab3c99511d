"""The docs' generated catalog sources page lists every figure with its citation and mark."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import sanctioncalc as sc

EXTENSION = Path(__file__).parent.parent / "docs" / "_ext" / "catalog_pages.py"


def extension() -> ModuleType:
    """The docs' Sphinx extension module, loaded from its file."""
    spec = importlib.util.spec_from_file_location("catalog_pages", EXTENSION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestSourcesPage:
    """Every instrument, measure and factor appears, with its address and mark."""

    def test_every_instrument_and_measure_is_listed(self) -> None:
        """Each instrument has a heading and each measure a row naming its id and address."""
        page = extension().sources_page(sc.catalog())
        headings = [line for line in page.splitlines() if line.startswith("### ")]
        assert len(sc.catalog()) == len(headings)
        for measure in sc.catalog().measures():
            row = next(line for line in page.splitlines() if line.startswith(f"| `{measure.id}`"))
            assert f"(<{measure.source.url}>)" in row

    def test_marks_short_of_v_are_flagged(self) -> None:
        """A press-only figure's row says so with a ⚠."""
        page = extension().sources_page(sc.catalog())
        row = next(line for line in page.splitlines() if line.startswith("| `s-2022-431-crude`"))
        assert "V2 ⚠ seen only in a secondary source" in row

    def test_every_factor_is_listed(self) -> None:
        """Each bundled conversion factor has a row with its exact value."""
        page = extension().sources_page(sc.catalog())
        assert "| `s-res-2397/crude-oil` | 160/21 bbl/t |" in page
        assert len(sc.factor_names()) == page.count("| `", page.index("## Conversion factors"))

    def test_table_characters_in_texts_are_escaped(self, tmp_path: Path) -> None:
        """A '|' or markup in a title cannot break the Markdown table or heading."""
        document = {
            "schema": "sanctioncalc.catalog/1",
            "instruments": [
                {
                    "symbol": "S/RES/9999 (2030)",
                    "kind": "resolution",
                    "title": "A | B <b>*bold*</b>",
                    "date": "2030-01-15",
                    "status": "adopted",
                    "regime": "un-dprk-1718",
                    "source": {"url": "https://example.org", "mark": "V"},
                    "measures": [
                        {
                            "id": "9999-1",
                            "provision": "pipes | and [brackets]",
                            "source": {"paragraph": "1", "url": "https://example.org", "mark": "U"},
                        }
                    ],
                }
            ],
        }
        path = tmp_path / "mine.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        page = extension().sources_page(sc.Catalog.from_files(path, base=sc.catalog()))
        assert "A \\| B \\<b\\>\\*bold\\*\\</b\\>" in page
        row = next(line for line in page.splitlines() if line.startswith("| `9999-1`"))
        assert 7 == row.replace("\\|", "").count("|")
