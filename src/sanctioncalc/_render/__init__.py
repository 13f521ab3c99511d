"""Presentation: display tables (HTML and text), pandas data frames and JSON documents.

Imported on first display or first ``to_frame()`` through the slot in
:mod:`sanctioncalc._hooks`; value types never import it.  Each module registers the types it
draws with ``functools.singledispatch`` (:func:`~sanctioncalc._render.table.table_of`,
:func:`to_html`, :func:`frame`).
"""

from __future__ import annotations

from .frames import frame_of as frame
from .tables import pretty, to_html

__all__ = ["frame", "pretty", "to_html"]
