"""Estimating deliveries the Panel of Experts' way, beside what states reported.

Deliveries × listed tanker capacity × an assumed laden fraction (one third, half, 90 %,
full), shown side by side and as multiples of the cap.  The tankers, capacities and counts
here are ILLUSTRATIVE, not taken from a Panel report; the reported figure is the 2024 total
to 4 December (168,679 bbl, Korea Herald, V2).  An estimate is never added to a reported
figure: the two are different types, and ``+`` between them raises.
"""

import sanctioncalc as sc
from sanctioncalc import Delivery, EstimateMixError, Ledger, TankerDeliveries, estimate_deliveries

refined = sc.catalog().measure("2397-5-refined")  # 500,000 bbl per 12 months from 1 Jan 2018

# Illustrative observations: deadweight tonnage for two tankers, barrels for a third.
observed = [
    TankerDeliveries("Illustrative tanker A", "2,000 t", 24),
    TankerDeliveries("Illustrative tanker B", "4,500 t", 11),
    TankerDeliveries("Illustrative tanker C", "35,000 bbl", 6),
]
# Deadweight is a mass: barrels need a named factor (gas oil, EI 2021: 7.46 bbl/t, V).
estimate = estimate_deliveries(observed, factor=sc.factor("ei-2021/gas-oil-diesel"), cap=refined)
print(estimate)
print()

reported = Ledger([Delivery("1 Jan 2024 – 4 Dec 2024", "168,679 bbl", reporter="all states")])
usage = reported.utilization(refined).latest
print(estimate.beside(usage))

fully = estimate.scenario("fully laden")
assert fully.multiple is not None
assert fully.multiple > 1  # these illustrative tankers could carry more than the cap

try:
    _ = usage.used + fully  # type: ignore[operator]
except EstimateMixError as error:
    print()
    print(f"refused: {error}")
