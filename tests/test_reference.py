"""The library against the reference model (tests/reference_model.py) on random inputs.

Each property computes one calculation twice: through the public API and with the model,
which is written from docs/definitions.md in plain Fraction, int and date arithmetic.  The
long form runs on demand: ``HYPOTHESIS_PROFILE=fuzz pytest -m fuzz tests/test_reference.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc.bulk import BulkLedger

if TYPE_CHECKING:  # mypy reads tests/ as top-level modules; pytest imports them as a package
    import reference_model as model
else:
    from . import reference_model as model


@pytest.fixture(
    scope="module",
    params=[pytest.param("quick"), pytest.param("long", marks=pytest.mark.fuzz)],
)
def run(request: pytest.FixtureRequest) -> str:
    """Every property runs twice: at the profile's size, and again under ``-m fuzz``."""
    return str(request.param)


pytestmark = pytest.mark.usefixtures("run")

VOLUMES = ("bbl", "kbbl", "MMbbl", "gal", "L", "kL", "m3")
MASSES = ("kg", "t", "kt", "lb", "short_ton")
DIMENSIONS = (VOLUMES, MASSES, ("USD",))


# -- strategies ------------------------------------------------------------------------------


def values(*, places: int = 6, low: int = 0, high: int = 10**12) -> st.SearchStrategy[Fraction]:
    """Exact decimals with at most *places* places, from *low* to *high*."""
    return st.builds(
        lambda whole, p: Fraction(whole, 10**p),
        st.integers(low * 10**places, high * 10**places),
        st.integers(0, places),
    ).filter(lambda v: low <= v <= high)


def decimal_of(value: Fraction) -> Decimal:
    """A Fraction with a finite decimal form as a Decimal, without a decimal context."""
    places = model.decimal_places(value)
    assert places is not None
    return Decimal(f"{value.numerator * 10**places // value.denominator}E-{places}")


def amount(value: Fraction, unit: str) -> sc.Amount:
    """The library's amount for a model amount."""
    return sc.Amount(decimal_of(value), unit)


def in_base(result: sc.Amount) -> Fraction:
    """A library amount in its dimension's base unit, by the model's table of units."""
    return model.base((result.exact, result.unit.symbol))


@st.composite
def amounts_of_one_dimension(
    draw: st.DrawFn, count: int = 2, *, nonzero_first: bool = True
) -> list[tuple[Fraction, str]]:
    """*count* model amounts of one dimension, each in a unit of its own."""
    units = draw(st.sampled_from(DIMENSIONS))
    result = []
    for i in range(count):
        low = 1 if (i == 0 and nonzero_first) else 0
        result.append((draw(values(low=low)), draw(st.sampled_from(units))))
    return result


percents = st.fractions(-300, 100, max_denominator=1000)
dates = st.dates(date(1950, 1, 1), date(2150, 12, 31))
#: Anchors that exercise clamping: the ends of months, leap days.
anchors = st.one_of(
    dates,
    st.builds(
        lambda y, m: date(y, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31),
        st.integers(1950, 2150),
        st.integers(1, 12),
    ),
    st.builds(lambda y: date(y, 2, 29), st.sampled_from([1952, 1996, 2000, 2024, 2096])),
)
period_months = st.sampled_from([1, 2, 3, 4, 6, 12, 12, 12, 18, 24, 36])


def expect_amount(make: Callable[[int | None], sc.Amount], expected: Fraction) -> None:
    """*make(None)* is *expected* exactly if it has a short decimal form, else it refuses
    and *make(12)* is *expected* rounded half-up to 12 places."""
    places = model.decimal_places(expected)
    if places is not None and places <= 40:
        assert expected == make(None).exact
        return
    with pytest.raises(sc.InexactResultError):
        make(None)
    assert Fraction(model.round_half_up(expected * 10**12), 10**12) == make(12).exact


# -- changes ---------------------------------------------------------------------------------


class TestChanges:
    """delta, cut, compose_cuts, cumulative and cap_for_cut."""

    @given(amounts_of_one_dimension())
    def test_cut(self, pair: list[tuple[Fraction, str]]) -> None:
        """cut(old, new) is 1 − new/old, whatever the units."""
        old, new = pair
        assert model.cut(old, new) == sc.cut(amount(*old), amount(*new)).percent

    @given(amounts_of_one_dimension(nonzero_first=False))
    def test_delta(self, pair: list[tuple[Fraction, str]]) -> None:
        """delta(old, new) is physically new − old."""
        old, new = pair
        assert model.delta(old, new) == in_base(sc.delta(amount(*old), amount(*new)))

    @given(amounts_of_one_dimension())
    def test_compare_agrees(self, pair: list[tuple[Fraction, str]]) -> None:
        """compare() gives the same delta and cut as the model."""
        old, new = pair
        change = sc.compare(amount(*old), amount(*new)).changes[0]
        assert model.delta(old, new) == in_base(change.delta)
        assert model.cut(old, new) == change.cut.percent

    @given(st.lists(percents, max_size=6))
    def test_compose_cuts(self, cuts: list[Fraction]) -> None:
        """compose_cuts is 1 − Π(1 − cᵢ)."""
        result = sc.compose_cuts(*(sc.Percentage(c) for c in cuts))
        assert model.compose_cuts(cuts) == result.percent

    @given(amounts_of_one_dimension(5), st.lists(st.booleans(), min_size=4, max_size=4))
    def test_cumulative(self, levels: list[tuple[Fraction, str]], bans: list[bool]) -> None:
        """Each step's cut and the cumulative cut from the baseline follow the model."""
        baseline, *rest = levels
        steps = [None if ban else level for level, ban in zip(rest, bans, strict=True)]
        sides = [sc.Ban() if s is None else amount(*s) for s in steps]
        try:
            expected = model.cumulative(baseline, steps)
        except model.NoResultError:
            with pytest.raises(sc.ZeroBaselineError):
                sc.cumulative(amount(*baseline), *sides)
            return
        waterfall = sc.cumulative(amount(*baseline), *sides)
        got = [(s.step.percent, s.cumulative.percent) for s in waterfall.steps]
        assert expected == got

    @given(amounts_of_one_dimension(1), st.fractions(0, 100, max_denominator=400))
    def test_cap_for_cut(self, old: list[tuple[Fraction, str]], pct: Fraction) -> None:
        """cap_for_cut leaves old × (1 − c), and cutting it back gives the cut."""
        [limit] = old
        expected = model.cap_for_cut(limit, pct)
        expect_amount(
            lambda places: sc.cap_for_cut(amount(*limit), sc.Percentage(pct), places=places),
            expected,
        )


# -- calendar periods ------------------------------------------------------------------------


@st.composite
def spans(draw: st.DrawFn, near: date | None = None) -> tuple[date, date]:
    """A span ``[start, end)``: whole months half the time, near *near* if given."""
    start = draw(dates) if near is None else near + timedelta(days=draw(st.integers(-1500, 1500)))
    if draw(st.booleans()):
        start = draw(st.sampled_from([start, start.replace(day=1), model.add_months(start, 0)]))
        end = model.add_months(start, draw(st.integers(1, 40)))
    else:
        end = start + timedelta(days=draw(st.integers(1, 1200)))
    assume(date(1900, 1, 1) <= start and end <= date(2200, 12, 31))
    return start, end


@st.composite
def prorations(
    draw: st.DrawFn,
) -> tuple[Fraction, int, date | None, tuple[date, date]]:
    """A limit, a period of months with an anchor (or none), and a span near the anchor."""
    anchor = draw(anchors)
    span = draw(spans(anchor))
    return (
        draw(values(places=3)),
        draw(period_months),
        draw(st.one_of(st.just(anchor), st.none())),
        span,
    )


class TestProrate:
    """prorate and annualise, by months and by days, across period boundaries and leap years."""

    @pytest.mark.parametrize("basis", ["months", "days"])
    @given(case=prorations())
    def test_prorate(
        self, basis: model.Basis, case: tuple[Fraction, int, date | None, tuple[date, date]]
    ) -> None:
        """A repeating cap's share of a span: limit × share."""
        limit, months, anchor, (start, end) = case
        cap = sc.Cap(amount(limit, "bbl"), sc.Periodic(months, anchor))
        span = sc.Span(start, end)
        try:
            expected = model.prorate(
                limit, months=months, anchor=anchor, start=start, end=end, basis=basis
            )
        except model.NoResultError:
            with pytest.raises(sc.InvalidPeriodError):
                sc.prorate(cap, span, basis=basis)
            return
        result = sc.prorate(cap, span, basis=basis, places=12)
        assert span == result.period
        expect_amount(lambda p: sc.prorate(cap, span, basis=basis, places=p).limit, expected)

    @pytest.mark.parametrize("basis", ["months", "days"])
    @given(case=prorations(), default=st.booleans())
    def test_annualise(
        self,
        basis: model.Basis,
        case: tuple[Fraction, int, date | None, tuple[date, date]],
        default: bool,
    ) -> None:
        """A stub cap's repeating cap: limit / share, on 12 months from the stub's end by
        default."""
        limit, months, anchor, (start, end) = case
        stub = sc.Cap(amount(limit, "bbl"), sc.Span(start, end))
        if default:
            months, anchor = 12, end
        period = None if default else sc.Periodic(months, anchor)
        try:
            expected = model.annualise(
                limit, start=start, end=end, basis=basis, months=months, anchor=anchor
            )
        except model.NoResultError:
            with pytest.raises(sc.InvalidPeriodError):
                sc.annualise(stub, basis=basis, period=period)
            return
        result = sc.annualise(stub, basis=basis, period=period, places=12)
        assert sc.Periodic(months, anchor) == result.period
        expect_amount(
            lambda p: sc.annualise(stub, basis=basis, period=period, places=p).limit, expected
        )

    @given(anchors, period_months, st.integers(-30, 30), dates)
    def test_periods(self, anchor: date, months: int, index: int, day: date) -> None:
        """nth, index_of and containing follow the clamped calendar arithmetic."""
        periodic = sc.Periodic(months, anchor)
        first, after = model.nth_period(months, anchor, index)
        assume(date(1900, 1, 1) <= first and after <= date(2200, 12, 31))
        assert sc.Span(first, after) == periodic.nth(index)
        assume(abs(day.year - anchor.year) < 60)
        assert model.period_index(months, anchor, day) == periodic.index_of(day)


# -- conversion and dual caps ----------------------------------------------------------------


class TestConvert:
    """convert within a dimension and with a named factor."""

    @given(
        st.sampled_from(DIMENSIONS).flatmap(
            lambda u: st.tuples(st.sampled_from(u), st.sampled_from(u))
        ),
        values(),
    )
    def test_within_a_dimension(self, units: tuple[str, str], value: Fraction) -> None:
        """Within a dimension an amount converts by unit sizes alone."""
        source, target = units
        expected = model.convert((value, source), target)
        expect_amount(lambda p: sc.convert(amount(value, source), target, places=p), expected)

    @given(
        st.fractions(Fraction(1, 100), 100, max_denominator=10_000),
        st.tuples(st.sampled_from(VOLUMES), st.sampled_from(MASSES)),
        st.booleans(),
        st.tuples(st.sampled_from(VOLUMES), st.sampled_from(MASSES)),
        values(),
    )
    def test_with_a_factor(
        self,
        factor_value: Fraction,
        factor_units: tuple[str, str],
        mass_to_volume: bool,
        amount_units: tuple[str, str],
        value: Fraction,
    ) -> None:
        """A factor multiplies from its from-unit and divides from its to-unit."""
        assume(factor_value > 0)
        volume, mass = factor_units
        volume_unit, mass_unit = amount_units
        start, end = (mass, volume) if mass_to_volume else (volume, mass)
        factor = sc.ConversionFactor("test/factor", factor_value, start, end)
        for source, target in ((mass_unit, volume_unit), (volume_unit, mass_unit)):
            expected = model.convert((value, source), target, (factor_value, start, end))

            def convert(places: int | None, s: str = source, t: str = target) -> sc.Amount:
                return sc.convert(amount(value, s), t, factor=factor, places=places)

            expect_amount(convert, expected)


@st.composite
def coal_caps(draw: st.DrawFn) -> tuple[Fraction, Fraction, str]:
    """A money limb, a quantity limb and its unit."""
    return (
        draw(values(places=2, low=1, high=10**10)),
        draw(values(places=3, low=0, high=10**9)),
        draw(st.sampled_from(MASSES + VOLUMES)),
    )


class TestDualCaps:
    """The break-even price and the binding limb of "A or B, whichever is lower"."""

    @staticmethod
    def _cap(money: Fraction, quantity: Fraction, unit: str) -> sc.DualCap:
        return sc.DualCap(
            (amount(money, "USD"), amount(quantity, unit)),
            sc.Periodic(12),
            rule=sc.LimbRule.WHICHEVER_LOWER,
        )

    @given(coal_caps())
    def test_break_even(self, cap: tuple[Fraction, Fraction, str]) -> None:
        """The break-even price is money / quantity, in USD per the quantity's unit."""
        money, quantity, unit = cap
        try:
            expected = model.break_even(money, quantity)
        except model.NoResultError:
            with pytest.raises(sc.ZeroBaselineError):
                sc.break_even(self._cap(money, quantity, unit))
            return
        rate = sc.break_even(self._cap(money, quantity, unit))
        assert (expected, f"USD/{unit}") == (rate.value, rate.unit.symbol)

    @given(
        coal_caps(),
        st.fractions(Fraction(1, 1000), 10**4, max_denominator=10**4),
        st.booleans(),
        st.data(),
    )
    def test_binding(
        self,
        cap: tuple[Fraction, Fraction, str],
        price: Fraction,
        at_break_even: bool,
        data: st.DataObject,
    ) -> None:
        """The lower of money/price and the quantity limb binds; a tie at the break-even."""
        money, quantity, unit = cap
        assume(quantity > 0 and price > 0)
        units = MASSES if unit in MASSES else VOLUMES
        price_unit = data.draw(st.sampled_from(units))
        if at_break_even:
            price = money / quantity * model.UNITS[price_unit][1] / model.UNITS[unit][1]
        # The price per one of the cap's units.
        per_cap_unit = price / model.UNITS[price_unit][1] * model.UNITS[unit][1]
        which, allowed, value = model.binding(money, quantity, per_cap_unit)
        result = sc.binding_limb(
            self._cap(money, quantity, unit), sc.Rate(price, f"USD/{price_unit}")
        )
        got = (
            "tie"
            if result.binding is None
            else ("money" if result.binding.dimension.startswith("currency:") else "quantity")
        )
        assert (which, allowed, value) == (
            got,
            result.allowed_quantity_exact,
            result.allowed_value_exact,
        )


# -- ledgers ---------------------------------------------------------------------------------

REPORTERS = ("Russia", "China", "X")
FACTOR = (Fraction("7.33"), "t", "bbl")


@st.composite
def ledgers(draw: st.DrawFn) -> dict[str, Any]:
    """A cap (one limb, or bbl and t limbs with a fallback factor), thresholds and records
    lying inside single periods, some before the first."""
    dual = draw(st.booleans())
    months = draw(st.sampled_from([1, 3, 6, 12]))
    anchor = draw(st.one_of(anchors.filter(lambda d: 1990 <= d.year <= 2100)))
    limits = [(draw(values(places=3, low=1, high=10**7)), "bbl")]
    if dual:
        limits.append((draw(values(places=3, low=1, high=10**6)), "t"))
    levels = sorted(set(draw(st.lists(st.fractions(1, 100, max_denominator=20), max_size=4))))
    critical = draw(st.fractions(1, 100, max_denominator=20))
    exhausted = draw(st.fractions(critical, 100, max_denominator=20))
    records = []
    for _ in range(draw(st.integers(0, 12))):
        index = draw(st.integers(-1, 3))
        first, after = model.nth_period(months, anchor, index)
        length = (after - first).days
        offset = draw(st.integers(0, length - 1))
        size = draw(st.integers(1, length - offset))
        units = VOLUMES + (MASSES if dual else ()) if draw(st.booleans()) else ("bbl",)
        unit = draw(st.sampled_from(units))
        # Millionths of the unit (the ledger's precision), or whole units.
        scale = draw(st.sampled_from([1, 10**6]))
        quantity = Fraction(draw(st.integers(0, 10**11 // scale)) * scale, model.MICRO)
        records.append(
            (
                first + timedelta(days=offset),
                first + timedelta(days=offset + size - 1),
                quantity,
                unit,
                draw(st.sampled_from(REPORTERS)),
            )
        )
    return {
        "months": months,
        "anchor": anchor,
        "limits": limits,
        "levels": levels,
        "critical": critical,
        "exhausted": exhausted,
        "records": records,
    }


def _expected_periods(case: dict[str, Any]) -> dict[int, list[dict[str, object]]]:
    months, anchor = case["months"], case["anchor"]
    grouped: dict[int, list[tuple[date, date, Fraction, str]]] = {}
    for first, last, quantity, unit, _ in case["records"]:
        index = model.period_of_record(first, last, months, anchor)
        assert index is not None
        if index >= 0:
            grouped.setdefault(index, []).append((first, last, quantity, unit))
    result = {}
    for index, records in grouped.items():
        limbs = []
        for limit, limb_unit in case["limits"]:
            micros = [(f, e, model.counted(q, u, limb_unit, FACTOR)) for f, e, q, u in records]
            limbs.append(
                model.limb_usage(limit, micros, case["levels"], case["critical"], case["exhausted"])
            )
        result[index] = limbs
    return result


def _got_periods(
    utilization: sc.Utilization, months: int, anchor: date
) -> dict[int, list[dict[str, object]]]:
    result: dict[int, list[dict[str, object]]] = {}
    for usage in utilization.periods:
        index = model.period_index(months, anchor, usage.period.start)
        assert model.nth_period(months, anchor, index) == (usage.period.start, usage.period.end)
        result[index] = [
            {
                "used": limb.used.exact,
                "share": limb.share.percent,
                "headroom": limb.headroom.exact,
                "excess": limb.excess.exact,
                "status": limb.status.value,
                "crossings": {c.level.percent: (c.earliest, c.latest) for c in limb.crossings},
            }
            for limb in usage.limbs
        ]
    return result


class TestLedger:
    """Utilization, headroom and crossing intervals on the record path and the bulk path."""

    @staticmethod
    def _count(case: dict[str, Any], bulk: bool) -> sc.Utilization:
        limbs = tuple(amount(v, u) for v, u in case["limits"])
        period = sc.Periodic(case["months"], case["anchor"])
        cap: sc.Cap | sc.DualCap = (
            sc.Cap(limbs[0], period) if len(limbs) == 1 else sc.DualCap(limbs, period)
        )
        ledger = sc.Ledger(
            [
                sc.Delivery(sc.Span.inclusive(first, last), amount(q, u), reporter=r)
                for first, last, q, u, r in case["records"]
            ]
        )
        factor = sc.ConversionFactor("test/crude", FACTOR[0], FACTOR[1], FACTOR[2])
        options: dict[str, Any] = {
            "normalisation": sc.Normalisation(fallback=(factor,)),
            "thresholds": sc.UsageThresholds(
                tuple(sc.Percentage(v) for v in case["levels"]),
                sc.Percentage(case["critical"]),
                sc.Percentage(case["exhausted"]),
            ),
        }
        if bulk:
            return BulkLedger.from_ledger(ledger).utilization(cap, **options)
        return ledger.utilization(cap, **options)

    @pytest.mark.parametrize("bulk", [False, True], ids=["record", "bulk"])
    @given(case=ledgers())
    def test_utilization(self, bulk: bool, case: dict[str, Any]) -> None:
        """Per period and limb: used, share, headroom, excess, status and each crossing."""
        utilization = self._count(case, bulk)
        expected = _expected_periods(case)
        assert expected == _got_periods(utilization, case["months"], case["anchor"])
        outside = sum(1 for f, *_ in case["records"] if f < case["anchor"])
        assert (len(case["records"]) - outside, outside) == (
            utilization.counted,
            utilization.excluded.outside,
        )


# -- prices, schedules, ceilings -------------------------------------------------------------

PER_VOLUME = ("bbl", "kL", "gal", "m3")


@st.composite
def prices(draw: st.DrawFn) -> tuple[Fraction, str]:
    """A price in USD per some volume, with cents or finer."""
    return draw(values(places=draw(st.integers(0, 4)), high=500)), draw(st.sampled_from(PER_VOLUME))


class TestCheckPrice:
    """check_price: the delivered price less ancillary costs, against the cap."""

    @given(
        values(places=2, low=1, high=200),
        prices(),
        st.lists(prices(), max_size=3),
        st.one_of(st.none(), values(places=0, low=1, high=10**6)),
    )
    def test_delivered(
        self,
        cap: Fraction,
        delivered: tuple[Fraction, str],
        costs: list[tuple[Fraction, str]],
        cargo: Fraction | None,
    ) -> None:
        """The oil price is delivered − Σ costs per barrel; the headroom is cap − oil."""
        bbl = model.UNITS["bbl"][1]

        def per_barrel(price: tuple[Fraction, str]) -> Fraction:
            return price[0] / model.UNITS[price[1]][1] * bbl

        names = ["freight", "insurance", "port"]
        kwargs: dict[str, Any] = {}
        extra: dict[str, sc.Amount] = {}
        for name, cost in zip(names, costs, strict=False):
            value = amount(cost[0], f"USD/{cost[1]}")
            if name == "port":
                extra[name] = value
            else:
                kwargs[name] = value
        if cargo is None:
            given_price = amount(delivered[0], f"USD/{delivered[1]}")
            delivered_exact = per_barrel(delivered)
        else:  # the delivered price as a cargo total
            given_price = amount(delivered[0] * cargo, "USD")
            kwargs["volume"] = amount(cargo, "bbl")
            delivered_exact = delivered[0]

        def check() -> sc.PriceCheck:
            return sc.check_price(
                amount(cap, "USD/bbl"), delivered_price=given_price, other=extra or None, **kwargs
            )

        try:
            oil = model.oil_price(delivered_exact, [per_barrel(c) for c in costs])
        except model.NoResultError:
            with pytest.raises(sc.InvalidCapError, match="costs no larger than"):
                check()
            return
        headroom, share, at_or_below = model.price_check(cap, oil)
        result = check()
        assert (headroom, share, at_or_below) == (
            result.headroom_exact,
            result.share.percent,
            result.at_or_below,
        )
        assert abs(oil - result.oil_price.exact) <= Fraction(1, 2 * 10**6)


@st.composite
def schedules(draw: st.DrawFn) -> dict[str, Any]:
    """Yearly quotas in one mass unit, deliveries in others, some outside every year."""
    first_year = draw(st.integers(1990, 2100))
    unit = draw(st.sampled_from(MASSES))
    limits = draw(st.lists(values(places=3, high=10**6), min_size=1, max_size=4))
    deliveries = draw(
        st.lists(
            st.tuples(
                st.dates(date(first_year - 1, 6, 1), date(first_year + len(limits), 6, 30)),
                values(places=3, high=10**5),
                st.sampled_from(MASSES),
            ),
            max_size=10,
        )
    )
    return {
        "first_year": first_year,
        "unit": unit,
        "limits": limits,
        "deliveries": deliveries,
        "critical": draw(st.integers(1, 100)),
    }


class TestSchedule:
    """QuotaSchedule.utilization per calendar-year period."""

    @given(schedules())
    def test_utilization(self, case: dict[str, Any]) -> None:
        """Used, remaining, share and status per year; deliveries outside every year apart."""
        first_year, unit, limits = case["first_year"], case["unit"], case["limits"]
        spans = [
            (date(first_year + i, 1, 1), date(first_year + i + 1, 1, 1)) for i in range(len(limits))
        ]
        expected, outside = model.schedule_use(
            limits,
            spans,
            [(d, model.in_unit((v, u), unit)) for d, v, u in case["deliveries"]],
            Fraction(case["critical"]),
        )
        schedule = sc.QuotaSchedule.yearly(first_year, [amount(v, unit) for v in limits])
        result = schedule.utilization(
            [(d, amount(v, u)) for d, v, u in case["deliveries"]], critical=case["critical"]
        )
        expected = [(model.shown(u), model.shown(r), p, w) for u, r, p, w in expected]
        got = [
            (
                use.used.exact,
                use.remaining.exact,
                None if use.share is None else use.share.percent,
                use.status,
            )
            for use in result.periods
        ]
        assert (expected, outside) == (got, [day for day, _ in result.outside])
        assert all(use.used.unit.symbol == unit for use in result.periods)


class TestCeiling:
    """Ceiling.multiple: a figure as a multiple of a limit."""

    @given(
        st.sampled_from(MASSES),
        values(places=3, high=10**6),
        st.sampled_from(MASSES),
        values(places=3, high=10**7),
    )
    def test_amounts(self, unit: str, limit: Fraction, actual_unit: str, actual: Fraction) -> None:
        """multiple = actual / limit (in the limit's unit); above 1 a breach; excess = the gap."""
        ceiling = sc.Ceiling(amount(limit, unit), "stockpile")
        actual_in_limit_unit = model.in_unit((actual, actual_unit), unit)
        try:
            expected = model.multiple(limit, actual_in_limit_unit)
        except model.NoResultError:
            with pytest.raises(sc.ZeroBaselineError):
                ceiling.multiple(amount(actual, actual_unit))
            return
        breach = ceiling.multiple(amount(actual, actual_unit))
        excess = breach.excess
        assert isinstance(excess, sc.Amount)
        ratio, breached, over = expected
        assert (ratio, breached, model.shown(over)) == (
            breach.multiple,
            breach.breached,
            excess.exact,
        )
        assert unit == excess.unit.symbol

    @given(st.fractions(0, 100, max_denominator=1000), st.fractions(0, 100, max_denominator=1000))
    def test_percentages(self, limit: Fraction, actual: Fraction) -> None:
        """A percentage ceiling (enrichment ≤ 3.67 %) compares percent points."""
        ceiling = sc.Ceiling(sc.Percentage(limit), "enrichment")
        if limit == 0:
            with pytest.raises(sc.ZeroBaselineError):
                ceiling.multiple(sc.Percentage(actual))
            return
        breach = ceiling.multiple(sc.Percentage(actual))
        excess = breach.excess
        assert isinstance(excess, sc.Percentage)
        assert model.multiple(limit, actual) == (breach.multiple, breach.breached, excess.percent)
