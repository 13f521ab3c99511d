"""The catalog: real instruments and their measures, each figure with its source and mark.

Modules, lowest first: ``model`` (the value types), ``reader`` and ``writer`` (the file
schema), ``catalog`` (look-ups and the bundled catalog), ``applicable`` (which price cap a
cargo met), ``queries`` (timelines and comparisons).  Other packages import these names
from here, never from the modules.
"""

from __future__ import annotations

from .applicable import applicable_cap
from .catalog import Catalog, catalog
from .model import (
    CatalogMeasure,
    Instrument,
    InstrumentStatus,
    NotificationThreshold,
    Regime,
    Source,
    Vote,
)
from .queries import (
    CommodityChange,
    InstrumentComparison,
    Timeline,
    TimelineEntry,
    TimelineStatus,
    compare_instruments,
    cumulative_restriction,
    timeline,
)

__all__ = [
    "Catalog",
    "CatalogMeasure",
    "CommodityChange",
    "Instrument",
    "InstrumentComparison",
    "InstrumentStatus",
    "NotificationThreshold",
    "Regime",
    "Source",
    "Timeline",
    "TimelineEntry",
    "TimelineStatus",
    "Vote",
    "applicable_cap",
    "catalog",
    "compare_instruments",
    "cumulative_restriction",
    "timeline",
]
