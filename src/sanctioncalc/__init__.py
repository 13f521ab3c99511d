"""sanctioncalc: exact, unit-safe arithmetic for the numbers in sanctions measures.

>>> import sanctioncalc as sc
>>> str(sc.cut("500,000 bbl per 12 months", "375,000 bbl per 12 months"))
'25 %'
"""

import typing as _typing

from . import _hooks
from ._amount import Amount
from ._catalog import (
    Catalog,
    CatalogMeasure,
    CommodityChange,
    Instrument,
    InstrumentComparison,
    InstrumentStatus,
    NotificationThreshold,
    Regime,
    Source,
    Timeline,
    TimelineEntry,
    TimelineStatus,
    Vote,
    applicable_cap,
    catalog,
    compare_instruments,
    cumulative_restriction,
    timeline,
)
from ._ceiling import Breach, Ceiling
from ._commodity import Commodity, Direction
from ._cumulative import Waterfall, WaterfallStep, compose_cuts, cumulative
from ._errors import (
    AmbiguousUnitError,
    BulkOverflowError,
    CatalogConflictError,
    CatalogError,
    EstimateMixError,
    FactorNotFoundError,
    InexactResultError,
    InstrumentNotFoundError,
    InvalidAmountError,
    InvalidCapError,
    InvalidPeriodError,
    LedgerError,
    MissingExtraError,
    ParseError,
    PeriodMismatchError,
    PeriodStraddleError,
    PrecisionLossWarning,
    ProvenanceError,
    SanctionCalcError,
    SanctionCalcWarning,
    UnitMismatchError,
    UnknownUnitError,
    ZeroBaselineError,
)
from ._factors import ConversionFactor, Rate, factor, factor_names, factor_tables
from ._freeze import Freeze
from ._ledger import (
    Conversion,
    ConversionMethod,
    ConversionRoute,
    ConversionSummary,
    Crossing,
    CrossingChange,
    Delivery,
    Exclusions,
    LadenScenario,
    Ledger,
    LimbUsage,
    LoadReport,
    Normalisation,
    NormalisedDelivery,
    PeriodUsage,
    PublishedTotal,
    Reconciliation,
    RejectedRow,
    ReporterUsage,
    Revision,
    ScenarioEstimate,
    Sensitivity,
    SensitivityRow,
    SnapshotDiff,
    StatusChange,
    TankerDeliveries,
    TankerEstimate,
    UsageStatus,
    UsageThresholds,
    Utilization,
    estimate_deliveries,
    snapshot_diff,
)
from ._limbs import Binding, binding_limb, break_even, implied_factor
from ._mark import Mark
from ._measure import Ban, Cap, DualCap, LimbRule, parse_measure
from ._ops import (
    Change,
    Comparison,
    annualise,
    cap_for_cut,
    compare,
    convert,
    cut,
    delta,
    prorate,
)
from ._percent import Multiple, Percentage
from ._period import Periodic, Span
from ._pint import unit_registry
from ._price_cap import (
    AppliedCap,
    DynamicCap,
    DynamicCapRule,
    PriceCap,
    ProductClass,
    WindDown,
    classify_hs,
    classify_product,
)
from ._price_check import PriceCheck, check_price, compare_price_caps
from ._provenance import CALLER, Explanation, Origin, Provenance, SourceRef
from ._reduction import ReductionCheck, ReductionRule
from ._schedule import QuotaSchedule, QuotaUse, ScheduleEntry, ScheduleUtilization
from ._shares import baseline_for_cut, percent_change, ratio, share
from ._units import Unit, known_units, parse_unit

# The version is written once, in pyproject.toml; the installed metadata carries it here,
# read on first use (importlib.metadata costs more to import than the rest of the package).
if _typing.TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> object:
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415 - on first use, see above

            globals()["__version__"] = found = version("sanctioncalc")
            return found
        raise AttributeError(f"module 'sanctioncalc' has no attribute {name!r}")


def _load_render() -> object:
    from . import _render  # noqa: PLC0415 - presentation loads on first display

    return _render


def _load_pint() -> object:
    from . import _pint  # noqa: PLC0415 - the pint boundary loads on first use

    return _pint


def _load_bulk() -> object:
    from .bulk import BulkLedger  # noqa: PLC0415 - numpy is imported only when used

    return BulkLedger


# Value types reach the renderers and the pint boundary through these slots (see _hooks).
_hooks.install("render", _load_render)
_hooks.install("pint", _load_pint)
_hooks.install("bulk", _load_bulk)

__all__ = [  # noqa: RUF022 - grouped by topic, sorted within each group
    # amounts and units
    "Amount",
    "Commodity",
    "ConversionFactor",
    "Direction",
    "Multiple",
    "Percentage",
    "Rate",
    "Unit",
    "factor",
    "factor_names",
    "factor_tables",
    "known_units",
    "parse_unit",
    "unit_registry",
    # periods
    "Periodic",
    "Span",
    # measures
    "Ban",
    "Cap",
    "DualCap",
    "Freeze",
    "LimbRule",
    "parse_measure",
    # provenance
    "CALLER",
    "Explanation",
    "Origin",
    "Provenance",
    "SourceRef",
    # operations
    "Binding",
    "Change",
    "Comparison",
    "Waterfall",
    "WaterfallStep",
    "annualise",
    "baseline_for_cut",
    "binding_limb",
    "break_even",
    "cap_for_cut",
    "compare",
    "compose_cuts",
    "convert",
    "cumulative",
    "cut",
    "delta",
    "implied_factor",
    "percent_change",
    "prorate",
    "ratio",
    "share",
    # catalog
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
    "catalog",
    "compare_instruments",
    "cumulative_restriction",
    "timeline",
    # ledger
    "Conversion",
    "ConversionMethod",
    "ConversionRoute",
    "ConversionSummary",
    "Crossing",
    "CrossingChange",
    "Delivery",
    "Exclusions",
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
    "Sensitivity",
    "SensitivityRow",
    "SnapshotDiff",
    "StatusChange",
    "UsageStatus",
    "UsageThresholds",
    "Utilization",
    "snapshot_diff",
    # estimates
    "LadenScenario",
    "ScenarioEstimate",
    "TankerDeliveries",
    "TankerEstimate",
    "estimate_deliveries",
    # price caps
    "AppliedCap",
    "DynamicCap",
    "DynamicCapRule",
    "PriceCap",
    "PriceCheck",
    "ProductClass",
    "WindDown",
    "applicable_cap",
    "check_price",
    "classify_hs",
    "classify_product",
    "compare_price_caps",
    # schedules and ceilings
    "Breach",
    "Ceiling",
    "QuotaSchedule",
    "QuotaUse",
    "ReductionCheck",
    "ReductionRule",
    "ScheduleEntry",
    "ScheduleUtilization",
    # errors and warnings
    "AmbiguousUnitError",
    "BulkOverflowError",
    "CatalogConflictError",
    "CatalogError",
    "EstimateMixError",
    "FactorNotFoundError",
    "InexactResultError",
    "InstrumentNotFoundError",
    "InvalidAmountError",
    "InvalidCapError",
    "InvalidPeriodError",
    "LedgerError",
    "Mark",
    "MissingExtraError",
    "ParseError",
    "PeriodMismatchError",
    "PeriodStraddleError",
    "PrecisionLossWarning",
    "ProvenanceError",
    "SanctionCalcError",
    "SanctionCalcWarning",
    "UnitMismatchError",
    "UnknownUnitError",
    "ZeroBaselineError",
]
