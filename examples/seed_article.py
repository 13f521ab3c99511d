"""Every figure of the news article on the vetoed 2022 draft, from the bundled catalog.

"The proposal ... would cut crude oil exports to North Korea from 4 million barrels per year
to 3 million barrels and refined petroleum products exports from 500,000 barrels per year to
375,000 barrels. It would also have banned the export of mineral fuels, mineral oil, mineral
wax ... watches ... and their parts." The vote was 13-2.
"""

import sanctioncalc as sc

comparison = sc.compare_instruments("2397", "S/2022/431")
draft = comparison.new

print(f"{draft.symbol}: {draft.status}, vote {draft.vote}")
for commodity in ("crude-oil", "refined-petroleum"):
    change = comparison.change(commodity).comparison
    assert change is not None
    barrels = change.changes[0]
    print(f"{commodity}: {barrels.old} -> {barrels.new}, delta {barrels.delta}, cut {barrels.cut}")
    assert barrels.cut.to_decimal() == 25

print("new measures in the draft:")
for measure in comparison.only_in_new:
    flags = f" [{'; '.join(measure.flags)}]" if measure.flags else ""
    print(f"  {measure.commodity.name if measure.commodity else '-'}: {measure.describe()}{flags}")
for measure in draft.measures:
    if measure.provision:
        print(f"  {measure.provision}")

assert draft.vote is not None
assert (draft.vote.in_favour, draft.vote.against) == (13, 2)
