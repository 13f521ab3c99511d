"""Which limb of the 2321 coal cap binds: US$400,870,018 or 7,500,000 t, whichever is lower."""

import sanctioncalc as sc

coal = sc.catalog().measure("2321-26-coal").measure
assert isinstance(coal, sc.DualCap)

even = sc.break_even(coal)
print(f"break-even price: {even} (exact {even.exact})")
for price in ("45 USD/t", "53 USD/t", "60 USD/t", "90 USD/t"):
    binding = sc.binding_limb(coal, price)
    print(binding)
