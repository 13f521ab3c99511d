"""sanctioncalc: exact, unit-safe arithmetic for the numbers in sanctions measures.

>>> import sanctioncalc as sc
>>> str(sc.cut("500,000 bbl per 12 months", "375,000 bbl per 12 months"))
'25 %'
"""

from ._amount import Amount
from ._commodity import Commodity, Direction
from ._errors import (
    AmbiguousUnitError,
    FactorNotFoundError,
    InexactResultError,
    InvalidAmountError,
    InvalidCapError,
    InvalidPeriodError,
    ParseError,
    PeriodMismatchError,
    PrecisionLossWarning,
    SanctionCalcError,
    SanctionCalcWarning,
    UnitMismatchError,
    UnknownUnitError,
    ZeroBaselineError,
)
from ._factors import ConversionFactor, Rate, factor, factor_names, factor_tables
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
from ._units import Unit, known_units, parse_unit

__version__ = "0.1.0"

__all__ = [
    # errors and warnings
    "AmbiguousUnitError",
    # value types
    "Amount",
    "Ban",
    # results
    "Binding",
    "Cap",
    "Change",
    "Commodity",
    "Comparison",
    "ConversionFactor",
    "Direction",
    "DualCap",
    "FactorNotFoundError",
    "InexactResultError",
    "InvalidAmountError",
    "InvalidCapError",
    "InvalidPeriodError",
    "ParseError",
    "Percentage",
    "PeriodMismatchError",
    "Periodic",
    "PrecisionLossWarning",
    "Rate",
    "Rule",
    "SanctionCalcError",
    "SanctionCalcWarning",
    "Span",
    "Unit",
    "UnitMismatchError",
    "UnknownUnitError",
    "Waterfall",
    "WaterfallStep",
    "ZeroBaselineError",
    # operations
    "annualise",
    "binding_limb",
    "break_even",
    "cap_for_cut",
    "compare",
    "compose_cuts",
    "convert",
    "cumulative",
    "cut",
    "delta",
    # units and factors
    "factor",
    "factor_names",
    "factor_tables",
    "implied_factor",
    "known_units",
    "parse_measure",
    "parse_unit",
    "prorate",
    "unit_registry",
]
