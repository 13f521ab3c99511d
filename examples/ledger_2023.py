"""A utilization ledger of refined-petroleum deliveries against S/RES/2397's 500,000 bbl cap.

Figures from press reports (Yonhap, mark V2): Russia's 2023 reports and the published
total; January–August 2020 reported in tonnes and shown in barrels; 2024 to 4 December.  The
sources give no report dates, so those records have none.  The last part is a synthetic year
(made-up figures) that crosses every notification threshold.
"""

import io
from datetime import date
from decimal import Decimal
from fractions import Fraction

import sanctioncalc as sc
from sanctioncalc import (
    Delivery,
    Ledger,
    Normalisation,
    PublishedTotal,
    UsageStatus,
    snapshot_diff,
)

refined = sc.catalog().measure("2397-5-refined")  # 500,000 bbl per 12 months from 1 Jan 2018

print("== Russia 2023: parts beside the published total (Yonhap, V2)")
russia = Ledger(
    [
        Delivery("Jan 2023", "44,655 bbl", reporter="Russia", source="Yonhap (V2)"),
        Delivery("Feb 2023", "10,666 bbl", reporter="Russia", source="Yonhap (V2)"),
        Delivery("Mar 2023 – Dec 2023", "50,523 bbl", reporter="Russia", source="Yonhap (V2)"),
    ],
    totals=[PublishedTotal("Jan 2023 – Dec 2023", "105,845 bbl", reporter="Russia")],
)
[reconciled] = russia.reconcile()
print(reconciled)
assert sc.Amount(1, "bbl") == reconciled.difference
usage = russia.utilization(refined).latest
print(f"{usage.period}: {usage.used} = {usage.share} of the cap, {usage.status}")
# The March–December figure is one report: a crossing could only be placed within it.
assert usage.records == 3

print()
print("== January–August 2020: 17,294 t, shown as 129,706 bbl (V2)")
tonnes = Ledger(
    [Delivery("Jan 2020 – Aug 2020", "17,294 t", reporter="China and Russia")],
    totals=[PublishedTotal("Jan 2020 – Aug 2020", "129,706 bbl")],
)
implied = sc.Rate(Fraction(129_706, 17_294), "bbl/t")
print(f"implied factor: {implied.rounded(5)} (exactly {implied.exact})")
for name in ("unsd/gas-oil-diesel", "ei-2021/gas-oil-diesel", "bp-older/gas-oil-diesel"):
    [r] = tonnes.reconcile(normalisation=Normalisation(fallback=name))
    print(f"  at {r.conversions[0].factor}: {r.summed}, difference {r.difference}")
[closest] = tonnes.reconcile(normalisation=Normalisation(fallback="bp-older/gas-oil-diesel"))
assert sc.Amount(1, "bbl") == closest.difference  # older BP 7.5 gives 129,705

print()
print("== 2024 to 4 December, all reporting states (Korea Herald, V2)")
year_2024 = Ledger([Delivery("1 Jan 2024 – 4 Dec 2024", "168,679 bbl", reporter="all states")])
usage = year_2024.utilization(refined).latest
print(f"{usage.used} is {usage.share} of {usage.binding.limit}; published as 33.7 %")
assert Decimal("33.7") == usage.share.rounded(1)

print()
print("== What-if: 60,000 t of gas oil under three tables (EI 2021, UNSD, older BP)")
gas_oil = Ledger([Delivery("2020-01", "60,000 t", reporter="X", product="gas-oil-diesel")])
sensitivity = gas_oil.sensitivity(refined, ["unsd", "ei-2021", "bp-older"])
print(sensitivity)
assert [row.status for row in sensitivity.rows][-1] is UsageStatus.CRITICAL

print()
print("== A synthetic year (made-up figures) from a CSV, crossing 75, 90 and 95 %")
rows = ["month,quantity,unit,product,reporter,reported"]
monthly = [30_000, 32_000, 35_000, 41_000, 38_000, 36_000, 44_000, 47_000, 52_000, 50_000, 48_000]
for month, figure in enumerate(monthly, start=1):
    reporter = "State A" if month % 3 else "State B"
    rows.append(
        f'2023-{month:02d},"{figure:,}",bbl,gas-oil-diesel,{reporter},2023-{month + 1:02d}-25'
    )
rows.append("2023-12,4 kt,,diesel,State B,2024-01-20")  # reported in thousand tonnes
rows.append("2023-12,,bbl,diesel,State A,2024-01-20")  # no quantity: rejected, with the row
report = Ledger.from_csv(io.StringIO("\n".join(rows) + "\n"))
print(report)
assert report.accepted + len(report.rejected) == report.read

ledger = report.ledger
normalisation = Normalisation(table="ei-2021")  # diesel at 7.46 bbl/t
print(ledger.utilization(refined, normalisation=normalisation))

print()
print("== What changed between two weekly snapshots")
before = ledger.as_of(date(2023, 10, 31))
after = ledger.as_of(date(2023, 12, 31))
diff = snapshot_diff(before, after, refined, normalisation=normalisation)
print(diff)
assert [(t.old, t.new) for t in diff.transitions] == [(UsageStatus.OPEN, UsageStatus.CRITICAL)]

print()
print("== How each record was counted")
for record in ledger.normalise(refined, normalisation=normalisation)[-2:]:
    print(record)
