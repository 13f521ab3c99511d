"""Every value type and result type pickles, and unpickles without any unit registry.

pint unpickles a quantity into the *application* registry, silently reinterpreting custom
units (a host's 3 kbbl, defined on pint's 31.5-gallon barrel, comes back as 3,000 oil
barrels).  sanctioncalc's objects carry exact numbers and table units, so they come back
as they left, in a process where pint cannot even be imported.

Beside the public API, this module tests internal contracts directly: ``side_by_side`` (the
sensitivity table builder).
"""

from __future__ import annotations

import base64
import json
import pickle
import subprocess
import sys
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs
import pytest

import sanctioncalc as sc
from sanctioncalc import (
    Delivery,
    LadenScenario,
    Ledger,
    Normalisation,
    PublishedTotal,
    TankerDeliveries,
    UsageThresholds,
    estimate_deliveries,
    snapshot_diff,
)
from sanctioncalc._ledger.sensitivity import side_by_side

CRUDE = "4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017"
COAL = "US$400,870,018 or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017"


def samples() -> dict[str, object]:
    """One instance of each public value and result type, built through the public API."""
    cat = sc.catalog()
    crude = sc.DualCap.parse(CRUDE)
    coal = sc.DualCap.parse(COAL)
    ledger = Ledger(
        [
            Delivery("2023-01", "44,655.5 bbl", reporter="R", reported=date(2023, 2, 28), ref="a"),
            Delivery("2023-02", "60,000 t", reporter="R", product="gas-oil-diesel"),
        ],
        totals=[PublishedTotal("2023-01 – 2023-12", "105,845 bbl", reporter="R")],
    )
    utilization = ledger.utilization(
        "500,000 bbl per 12 months from 1 Jan 2023", normalisation=Normalisation(table="unsd")
    )
    price_cap = next(
        m.measure
        for m in cat.measures()
        if isinstance(m.measure, sc.PriceCap) and m.measure.wind_downs
    )
    schedule = next(m.measure for m in cat.measures() if isinstance(m.measure, sc.QuotaSchedule))
    ceiling = next(m.measure for m in cat.measures() if isinstance(m.measure, sc.Ceiling))
    comparison = sc.compare(crude, "3,000,000 bbl per 12 months")
    waterfall = sc.cumulative("4,500,000 bbl/yr", "2,000,000 bbl/yr", "500,000 bbl/yr")
    timeline = sc.timeline("refined-petroleum")
    instruments = sc.compare_instruments("2375", "2397")
    rule = sc.DynamicCapRule(weeks=22, discount=15, review_months=6)
    series = [
        (date(2025, 7, 15) + timedelta(weeks=i), sc.Amount(50 + 4 * (i % 2), "USD/bbl"))
        for i in range(22)
    ]
    later = Ledger(
        [
            Delivery("2023-01", "44,655.5 bbl", reporter="R", reported=date(2023, 3, 1), ref="a"),
            Delivery("2023-02", "460,000 t", reporter="R", product="gas-oil-diesel"),
        ]
    )
    cap = "500,000 bbl per 12 months from 1 Jan 2023"
    diff = snapshot_diff(
        Ledger(ledger.deliveries[:1]), later, cap, normalisation=Normalisation(table="unsd")
    )
    tankers = estimate_deliveries(
        [TankerDeliveries("Illustrative A", "3,000 t", 10)],
        factor=sc.factor("ei-2021/gas-oil-diesel"),
        cap="500,000 bbl per 12 months from 1 Jan 2018",
    )
    sensitivity = side_by_side(
        [ledger.utilization(cap, normalisation=Normalisation(table=t)) for t in ("unsd", "ei-2021")]
    )
    normalised = ledger.normalise(cap, normalisation=Normalisation(table="unsd"))
    quota = sc.QuotaSchedule.yearly(2022, ["1,000 t", "1,000 t"]).utilization(
        [("2022-03-01", "400 t"), ("2023-05-01", "1,200 t")]
    )
    report = Ledger.from_csv(__import__("io").StringIO(ledger.to_csv() + "2023-13-01,,,,,,,,,,\n"))
    return {
        "Amount": sc.Amount("4000000.50", "bbl"),
        "Amount (rate)": sc.Amount("60", "USD/bbl"),
        "Unit": sc.parse_unit("kbbl"),
        "Percentage": sc.Percentage(Fraction(800, 9)),
        "Multiple": sc.ratio("4,744.5 kg", "202.8 kg"),
        "Rate": sc.break_even(coal),
        "ConversionFactor": sc.factor("ei-2021/crude-oil"),
        "ConversionFactor (implied)": sc.implied_factor(crude),
        "Commodity": sc.Commodity("crude-oil", sc.Direction.IMPORT, "2709"),
        "Direction": sc.Direction.EXPORT,
        "LimbRule": sc.LimbRule.WHICHEVER_LOWER,
        "Span": sc.Span.parse("1 Oct 2017 – 31 Dec 2017"),
        "Periodic": sc.Periodic.parse("12 months from 22 Dec 2017"),
        "Cap": sc.Cap.parse(
            "500,000 bbl per 12 months from 1 Jan 2018 [refined-petroleum, import]"
        ),
        "DualCap": crude,
        "Ban": sc.Ban.parse("ban from 5 Aug 2017 except livelihood [coal, export]"),
        "Freeze": cat.measure("2375-15-crude").measure,
        "PriceCap": price_cap,
        "WindDown": price_cap.wind_downs[0],
        "DynamicCapRule": rule,
        "QuotaSchedule": schedule,
        "ScheduleEntry": schedule.entries[0],
        "Ceiling": ceiling,
        "Breach": ceiling.multiple(
            ceiling.limit if isinstance(ceiling.limit, sc.Percentage) else str(ceiling.limit)
        ),
        "Change": comparison.changes[0],
        "Comparison": comparison,
        "Waterfall": waterfall,
        "WaterfallStep": waterfall.steps[0],
        "Binding": sc.binding_limb(coal, "60 USD/t"),
        "Timeline": timeline,
        "TimelineEntry": timeline.entries[0],
        "InstrumentComparison": instruments,
        "CommodityChange": instruments.changes[0],
        "AppliedCap": sc.applicable_cap(
            jurisdiction="UK",
            product="crude oil",
            contract_date="2025-09-01",
            loading_date="2025-10-10",
        ),
        "PriceCheck": sc.check_price("47.60 USD/bbl", oil_price="45 USD/bbl"),
        "Catalog": cat,
        "Instrument": cat.instrument("2397"),
        "CatalogMeasure": cat.measure("2397-4-crude"),
        "Source": cat.measure("2397-4-crude").source,
        "NotificationThreshold": next(m.thresholds[0] for m in cat.measures() if m.thresholds),
        "Regime": next(iter(cat.regimes.values())),
        "Vote": cat.instrument("S/2022/431").vote,
        "Delivery": ledger.deliveries[0],
        "PublishedTotal": ledger.totals[0],
        "Ledger": ledger,
        "Normalisation": Normalisation(table="unsd"),
        "UsageThresholds": UsageThresholds.un(),
        "Utilization": utilization,
        "PeriodUsage": utilization.latest,
        "Reconciliation": ledger.reconcile(normalisation=Normalisation(table="unsd"))[0],
        "LoadReport": report,
        "RejectedRow": report.rejected[0],
        "from_pint": sc.Amount.from_pint(sc.Amount(3, "kbbl").to_pint()),
        "DynamicCap": rule.compute(series, end=date(2025, 12, 16)),
        "QuotaUse": quota.periods[0],
        "ScheduleUtilization": quota,
        "ReductionRule": sc.ReductionRule(bar=18, window_days=180),
        "ReductionCheck": sc.ReductionRule(bar=18).check(
            baseline="500,000 bbl/d", current="400,000 bbl/d"
        ),
        "LimbUsage": utilization.latest.limbs[0],
        "ReporterUsage": utilization.latest.limbs[0].reporters[0],
        "Crossing": diff.crossings[0].new,
        "CrossingChange": diff.crossings[0],
        "StatusChange": diff.transitions[0],
        "Revision": diff.revised[0],
        "SnapshotDiff": diff,
        "Exclusions": utilization.excluded,
        "ConversionSummary": utilization.conversions[0],
        "NormalisedDelivery": normalised[0],
        "Conversion": normalised[-1].conversions[0],
        "ConversionRoute": Normalisation(table="unsd").route("t", "gas-oil-diesel", "bbl"),
        "Sensitivity": sensitivity,
        "SensitivityRow": sensitivity.rows[0],
        "TankerDeliveries": tankers.tankers[0],
        "TankerEstimate": tankers,
        "ScenarioEstimate": tankers.scenarios[0],
        "LadenScenario": LadenScenario("half laden", Fraction(1, 2)),
        "Provenance": sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl", through=["2397", "S/2022/431"]
        ).provenance,
        "SourceRef": sc.cumulative_restriction(
            "refined-petroleum", "4,500,000 bbl", through=["2397", "S/2022/431"]
        ).provenance.sources[-1],
        "Explanation": sc.compare("500,000 bbl", "375,000 bbl").explain(),
    }


SAMPLES = samples()


def _same(left: object, right: object) -> bool:
    """Equal, of the same type, and showing the same (so Amount('1.50') is not '1.5')."""
    return type(left) is type(right) and left == right and repr(left) == repr(right)


class TestRoundTrip:
    """pickle.loads(pickle.dumps(x)) is x's equal, digit for digit."""

    @pytest.mark.parametrize("name", list(SAMPLES))
    def test_round_trip(self, name: str) -> None:
        """The same type, the same value, the same text."""
        original = SAMPLES[name]
        for protocol in (2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL):
            copy = pickle.loads(pickle.dumps(original, protocol=protocol))
            assert _same(original, copy)
            assert str(original) == str(copy)

    @pytest.mark.parametrize("name", list(SAMPLES))
    def test_no_registry_in_the_payload(self, name: str) -> None:
        """Nothing of pint (or any registry) is pickled: only numbers, text and dates."""
        payload = pickle.dumps(SAMPLES[name])
        assert b"pint" not in payload

    def test_every_public_type_is_sampled(self) -> None:
        """Each public attrs class of sanctioncalc has a sample above."""
        public = {
            name
            for name in sc.__all__
            if isinstance(getattr(sc, name), type) and attrs.has(getattr(sc, name))
        }
        sampled = {type(v).__name__ for v in SAMPLES.values()}
        assert set() == public - sampled


_SCRIPT = """
import base64, json, pickle, sys
sys.modules["pint"] = None  # unpickling must not need any registry
objects = pickle.loads(base64.b64decode(sys.stdin.read()))
shown = {name: [repr(v), str(v), type(v).__name__] for name, v in objects.items()}
print(json.dumps(shown))
"""


class TestAcrossProcesses:
    """Objects unpickle in another process, one where pint cannot be imported."""

    def test_without_pint(self) -> None:
        """Every sample comes back with the same type and text, no registry involved."""
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            input=base64.b64encode(pickle.dumps(SAMPLES)).decode(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert 0 == done.returncode, done.stderr[-3000:]
        expected = {n: [repr(v), str(v), type(v).__name__] for n, v in SAMPLES.items()}
        assert expected == json.loads(done.stdout)

    def test_custom_units_are_not_reinterpreted(self) -> None:
        """A host's custom kbbl (1,000 pint barrels) pickles as the 2,250 oil barrels it is."""
        import pint

        host: pint.UnitRegistry[Any] = pint.UnitRegistry()
        host.define("kbbl = 1000 * barrel")  # the host's own, on the 31.5-gallon barrel
        with pytest.warns(sc.PrecisionLossWarning):  # not in the exact table: base units
            amount = sc.Amount.from_pint(host.Quantity(3, "kbbl"))
        assert abs(sc.Amount(2250, "bbl").to("m3").exact - amount.to("m3").exact) < 1e-9
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            input=base64.b64encode(pickle.dumps({"amount": amount})).decode(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert 0 == done.returncode, done.stderr[-3000:]
        assert [repr(amount), str(amount), "Amount"] == json.loads(done.stdout)["amount"]
