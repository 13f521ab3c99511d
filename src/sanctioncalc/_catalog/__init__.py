"""The catalog: real instruments and their measures, each figure with its source and mark.

Modules, lowest first: ``model`` (the value types), ``reader`` and ``writer`` (the file
schema), ``catalog`` (look-ups and the bundled catalog), ``applicable`` (which price cap a
cargo met), ``queries`` (timelines and comparisons).  Other packages import these names
from here, never from the modules.
"""

from __future__ import annotations

from .applicable import applicable_cap
from .catalog import Catalog, catalog
from .model import CatalogMeasure, Instrument, Regime, Source, Status, Threshold, Vote
from .queries import (
    CommodityChange,
    EntryStatus,
    InstrumentComparison,
    Timeline,
    TimelineEntry,
    compare_instruments,
    cumulative_restriction,
    timeline,
)

__all__ = [
    "Catalog",
    "CatalogMeasure",
    "CommodityChange",
    "EntryStatus",
    "Instrument",
    "InstrumentComparison",
    "Regime",
    "Source",
    "Status",
    "Threshold",
    "Timeline",
    "TimelineEntry",
    "Vote",
    "applicable_cap",
    "catalog",
    "compare_instruments",
    "cumulative_restriction",
    "timeline",
]
