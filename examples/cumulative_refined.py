"""The cumulative restriction on refined petroleum from the 2016 level of 4.5 million bbl/yr.

The US said 2375 cut refined products "over 55 %" and 2397 cut them "by 89 %" from 2016.
"""

from fractions import Fraction

import sanctioncalc as sc

baseline = "4,500,000 bbl/yr"  # refined petroleum imported in 2016 (US figure)

adopted = sc.cumulative_restriction("refined-petroleum", baseline)
print(adopted)
assert adopted.total.ratio == Fraction(8, 9)
print(f"exact total: {adopted.total.exact}")

with_draft = sc.cumulative_restriction(
    "refined-petroleum", baseline, through=["2375", "2397", "S/2022/431"]
)
print()
print(with_draft)
assert with_draft.total == sc.compose_cuts(*(step.step for step in with_draft.steps))
