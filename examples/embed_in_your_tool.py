"""A tool with its own pint registry uses sanctioncalc for cap comparisons.

The tool's registry is left untouched: sanctioncalc reads its quantities at an exact
boundary (pint's own ``barrel`` is 31.5 gallons, its ``ton`` the short ton).
"""

import pint

import sanctioncalc as sc

ureg = pint.UnitRegistry()  # the host's registry, float magnitudes

shipped = ureg.Quantity(4_000_000.0, "oil_barrel")
amount = sc.Amount.from_pint(shipped)
print(f"{shipped} -> {amount!r}")
assert amount == sc.Amount(4_000_000, "bbl")  # exact: no float noise

small_barrels = sc.Amount.from_pint(ureg.Quantity(4, "barrel"))  # pint's 31.5-gallon barrel
print(f"4 pint barrels -> {small_barrels} (3/4 of an oil barrel each)")

short = sc.Amount.from_pint(ureg.Quantity(1, "ton"))  # pint's ton is the short ton
print(f"1 pint ton -> {short.to('t')} (a short ton, not a metric tonne)")

cap = sc.catalog().measure("2397-5-refined").measure
assert isinstance(cap, sc.Cap)
delivered = sc.Amount.from_pint(ureg.Quantity(475_000, "oil_barrel"))
share = sc.Percentage.from_ratio(delivered.exact / cap.limit.exact)
print(f"{delivered} is {share} of {cap.limit}")

back = amount.to_pint()  # in sanctioncalc's own registry, Decimal magnitude
print(f"back to pint: {back}")

# A host registry of its own (Decimal magnitudes): results come back in *its* quantities,
# and sanctioncalc defines nothing on it.
import decimal  # noqa: E402 - the second half of the example

with decimal.localcontext(decimal.Context(prec=50)):
    host = pint.UnitRegistry(non_int_type=decimal.Decimal)
before = set(host._units)
stock = sc.catalog().measure("jcpoa-enriched-uranium").measure
assert isinstance(stock, sc.Ceiling)
reported = host.Quantity(decimal.Decimal("4744.5"), "kilogram")
breach = stock.multiple(sc.Amount.from_pint(reported))
print(f"{reported} is {breach.multiple.numerator / breach.multiple.denominator:.2f}x the limit")
excess = breach.excess
assert isinstance(excess, sc.Amount)
in_host = excess.to_pint(host)  # a quantity of the host's registry, Decimal magnitude
assert in_host._REGISTRY is host
assert isinstance(in_host.magnitude, decimal.Decimal)
assert before == set(host._units)
print(f"excess in the host's registry: {in_host!r}")

# pint's application registry (what `pint.Quantity` uses) works the same way.
app = pint.get_application_registry()
back_in_app = sc.Amount(525_000, "t").to_pint(app)
print(f"in the application registry: {back_in_app}")
