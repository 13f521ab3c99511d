"""sanctioncalc: exact, unit-safe arithmetic for the numbers in sanctions measures.

>>> import sanctioncalc as sc
>>> str(sc.cut("500,000 bbl per 12 months", "375,000 bbl per 12 months"))
'25 %'
"""

from . import _hooks
from ._amount import Amount
from ._catalog import (
    Catalog,
    CatalogMeasure,
    CommodityChange,
    EntryStatus,
    Instrument,
    InstrumentComparison,
    Regime,
    Source,
    Status,
    Threshold,
    Timeline,
    TimelineEntry,
    Vote,
    applicable_cap,
    catalog,
    compare_instruments,
    cumulative_restriction,
    timeline,
)
from ._ceiling import Breach, Ceiling
from ._commodity import Commodity, Direction
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
    Thresholds,
    UsageStatus,
    Utilization,
    estimate_deliveries,
    snapshot_diff,
)
from ._measure import Ban, Cap, DualCap, Rule, parse_measure
from ._ops import (
    Binding,
    Change,
    Comparison,
    Waterfall,
    WaterfallStep,
    annualise,
    binding_limb,
    break_even,
    cap_for_cut,
    compare,
    compose_cuts,
    convert,
    cumulative,
    cut,
    delta,
    implied_factor,
    prorate,
)
from ._percent import Percentage
from ._period import Periodic, Span
from ._pint import unit_registry
from ._price_cap import (
    AppliedCap,
    DynamicCap,
    DynamicPriceRule,
    PriceCap,
    ProductClass,
    WindDown,
    classify_hs,
    classify_product,
)
from ._price_check import PriceCheck, check_price, compare_price_caps
from ._reduction import ReductionCheck, ReductionRule
from ._schedule import QuotaSchedule, QuotaUse, ScheduleEntry, ScheduleUtilization
from ._units import Unit, known_units, parse_unit

__version__ = "0.1.0"


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

__all__ = [
    "AmbiguousUnitError",
    "Amount",
    "AppliedCap",
    "Ban",
    "Binding",
    "Breach",
    "BulkOverflowError",
    "Cap",
    "Catalog",
    "CatalogConflictError",
    "CatalogError",
    "CatalogMeasure",
    "Ceiling",
    "Change",
    "Commodity",
    "CommodityChange",
    "Comparison",
    "Conversion",
    "ConversionFactor",
    "ConversionMethod",
    "ConversionRoute",
    "ConversionSummary",
    "Crossing",
    "CrossingChange",
    "Delivery",
    "Direction",
    "DualCap",
    "DynamicCap",
    "DynamicPriceRule",
    "EntryStatus",
    "EstimateMixError",
    "Exclusions",
    "FactorNotFoundError",
    "Freeze",
    "InexactResultError",
    "Instrument",
    "InstrumentComparison",
    "InstrumentNotFoundError",
    "InvalidAmountError",
    "InvalidCapError",
    "InvalidPeriodError",
    "LadenScenario",
    "Ledger",
    "LedgerError",
    "LimbUsage",
    "LoadReport",
    "MissingExtraError",
    "Normalisation",
    "NormalisedDelivery",
    "ParseError",
    "Percentage",
    "PeriodMismatchError",
    "PeriodStraddleError",
    "PeriodUsage",
    "Periodic",
    "PrecisionLossWarning",
    "PriceCap",
    "PriceCheck",
    "ProductClass",
    "PublishedTotal",
    "QuotaSchedule",
    "QuotaUse",
    "Rate",
    "Reconciliation",
    "ReductionCheck",
    "ReductionRule",
    "Regime",
    "RejectedRow",
    "ReporterUsage",
    "Revision",
    "Rule",
    "SanctionCalcError",
    "SanctionCalcWarning",
    "ScenarioEstimate",
    "ScheduleEntry",
    "ScheduleUtilization",
    "Sensitivity",
    "SensitivityRow",
    "SnapshotDiff",
    "Source",
    "Span",
    "Status",
    "StatusChange",
    "TankerDeliveries",
    "TankerEstimate",
    "Threshold",
    "Thresholds",
    "Timeline",
    "TimelineEntry",
    "Unit",
    "UnitMismatchError",
    "UnknownUnitError",
    "UsageStatus",
    "Utilization",
    "Vote",
    "Waterfall",
    "WaterfallStep",
    "WindDown",
    "ZeroBaselineError",
    "annualise",
    "applicable_cap",
    "binding_limb",
    "break_even",
    "cap_for_cut",
    "catalog",
    "check_price",
    "classify_hs",
    "classify_product",
    "compare",
    "compare_instruments",
    "compare_price_caps",
    "compose_cuts",
    "convert",
    "cumulative",
    "cumulative_restriction",
    "cut",
    "delta",
    "estimate_deliveries",
    "factor",
    "factor_names",
    "factor_tables",
    "implied_factor",
    "known_units",
    "parse_measure",
    "parse_unit",
    "prorate",
    "snapshot_diff",
    "timeline",
    "unit_registry",
]
