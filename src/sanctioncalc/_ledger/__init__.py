"""The utilization ledger: reported deliveries counted against caps.

Modules, lowest first: ``fields``, ``records``, ``normalise``, ``thresholds``, ``results``,
``engine`` (shared by the record path and the bulk path), ``sensitivity``, ``loading``,
``bulk`` (numpy; never imported from here), ``ledger``, ``diff``, ``estimates``.  Other
packages import these names from here, never from the modules; :mod:`sanctioncalc.bulk`
imports ``bulk.BulkLedger`` itself so that importing sanctioncalc never needs numpy.
"""

from __future__ import annotations

from .diff import CrossingChange, Revision, SnapshotDiff, StatusChange, snapshot_diff
from .estimates import (
    LadenScenario,
    ScenarioEstimate,
    TankerDeliveries,
    TankerEstimate,
    estimate_deliveries,
)
from .fields import csv_text_cell, read_csv_text_cell, records_text
from .ledger import Ledger, LoadReport, RejectedRow
from .normalise import (
    Conversion,
    ConversionMethod,
    ConversionRoute,
    Normalisation,
    NormalisedDelivery,
)
from .records import Delivery, PublishedTotal
from .results import (
    ConversionSummary,
    Crossing,
    Exclusions,
    LimbUsage,
    PeriodUsage,
    ReporterUsage,
    Utilization,
)
from .sensitivity import Reconciliation, Sensitivity, SensitivityRow
from .thresholds import UsageStatus, UsageThresholds

__all__ = [
    "Conversion",
    "ConversionMethod",
    "ConversionRoute",
    "ConversionSummary",
    "Crossing",
    "CrossingChange",
    "Delivery",
    "Exclusions",
    "LadenScenario",
    "Ledger",
    "LimbUsage",
    "LoadReport",
    "Normalisation",
    "NormalisedDelivery",
    "PeriodUsage",
    "PublishedTotal",
    "Reconciliation",
    "RejectedRow",
    "ReporterUsage",
    "Revision",
    "ScenarioEstimate",
    "Sensitivity",
    "SensitivityRow",
    "SnapshotDiff",
    "StatusChange",
    "TankerDeliveries",
    "TankerEstimate",
    "UsageStatus",
    "UsageThresholds",
    "Utilization",
    "csv_text_cell",
    "estimate_deliveries",
    "read_csv_text_cell",
    "records_text",
    "snapshot_diff",
]
