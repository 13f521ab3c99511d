"""Sphinx configuration: MyST Markdown pages, autodoc reference, the furo theme.

Sphinx with MyST rather than MkDocs: the pages were already Markdown with ``pycon`` examples
that pytest doctests (``--doctest-glob=*.md``), MyST reads them unchanged, and autodoc builds
the reference from the docstrings (whose ``>>>`` examples pytest runs too).

Build: ``uv run sphinx-build -W -b html docs docs/_build/html`` (warnings are errors).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

import sanctioncalc

project = "sanctioncalc"
author = "sanctioncalc contributors"
copyright = "sanctioncalc contributors"
release = sanctioncalc.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "catalog_pages",  # docs/_ext: the catalog sources page and the figures, from the data
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_heading_anchors = 3
nitpicky = False  # the reference links what autodoc resolves; no dangling-type warnings

autodoc_member_order = "groupwise"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True}
autodoc_preserve_defaults = True
add_module_names = False

html_theme = "furo"
html_title = f"sanctioncalc {release}"
html_show_sourcelink = False
