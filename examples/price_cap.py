"""The oil price cap: which cap applied to a cargo, is its price compliant, and a dynamic reset.

Figures from the bundled catalog (sources and marks in `sanctioncalc show "UK OFSI cap 2025"`).
"""

from datetime import date, timedelta

import sanctioncalc as sc

# 1. 60 -> 47.60: the delta keeps its cents, the cut is exact (31/150).
change = sc.compare_price_caps("60 USD/bbl", "47.60 USD/bbl")
print(f"60 -> 47.60: {change.delta}, cut {change.cut} (exact {change.cut.ratio})")

# 2. Under UK rules, a cargo contracted on 1 Sep 2025 keeps US$60 if loaded by 17 Oct 2025.
for loaded in (date(2025, 10, 10), date(2025, 10, 18)):
    applied = sc.applicable_cap(
        jurisdiction="UK",
        product="crude oil",
        contract_date=date(2025, 9, 1),
        loading_date=loaded,
    )
    print(f"loaded {loaded}: {applied.price} ({applied.reason})")

# 3. Gas oil is premium-to-crude; HS 2710 19 mixes classes, so name the product.
print("gas oil:", sc.classify_product("gas oil"), "| HS 2710 99:", sc.classify_hs("2710 99"))

# 4. Is a CIF price compliant? Freight and insurance come off before comparing.
check = sc.check_price(
    applied,
    delivered_price="US$37,800,000",
    freight="US$4,200,000",
    insurance="US$350,000",
    volume="700,000 bbl",
)
print(check)

# 5. The EU's dynamic rule from your own Urals series: 22 weeks, less 15 %.
rule = sc.DynamicCapRule(weeks=22, discount=15, review_months=6)
start = date(2025, 7, 15)
series = [(start + timedelta(weeks=i), ("50.88", "52.88")[i % 2] + " USD/bbl") for i in range(22)]
print(rule.compute(series, end=date(2025, 12, 16)))

# 6. JCPOA: a breach as a multiple of the limit.
stock = sc.catalog().measure("jcpoa-enriched-uranium").measure
assert isinstance(stock, sc.Ceiling)
print(stock.multiple("4,744.5 kg"))
