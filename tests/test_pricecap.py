"""Tests for price caps: classes, caps, cargoes, prices, dynamic rules.

Figures from the UK, EU and OFAC price-cap notices and guidance unless a row says otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sanctioncalc as sc
from sanctioncalc import strategies as scst
from sanctioncalc.testing import (
    assert_amount_equal,
    assert_amount_identical,
    assert_applied_price,
    assert_percentage_equal,
    assert_price_cap_equal,
)

P = sc.ProductClass


#: The years every date of the library lies in.
DATES = (date(1900, 1, 1), date(2200, 12, 31))


class TestClassifyProduct:
    """Product names map to the classes aligned from 5 Feb 2023 (OFAC guidance, Feb 2023, V)."""

    @pytest.mark.parametrize(
        ("product", "expected"),
        [
            ("gasoline", P.PREMIUM_TO_CRUDE),
            ("motor spirit", P.PREMIUM_TO_CRUDE),
            ("aviation spirit", P.PREMIUM_TO_CRUDE),
            ("motor fuel blendstocks", P.PREMIUM_TO_CRUDE),
            ("gas oil", P.PREMIUM_TO_CRUDE),
            ("Diesel", P.PREMIUM_TO_CRUDE),
            ("kerosene", P.PREMIUM_TO_CRUDE),
            ("jet fuel", P.PREMIUM_TO_CRUDE),
            ("vacuum gas oil", P.PREMIUM_TO_CRUDE),
            ("fuel oil", P.DISCOUNT_TO_CRUDE),
            ("naphtha", P.DISCOUNT_TO_CRUDE),
            ("waste oils", P.DISCOUNT_TO_CRUDE),
            ("crude oil", P.CRUDE),
        ],
    )
    def test_classes(self, product: str, expected: sc.ProductClass) -> None:
        """Each product named in the aligned class lists has its class."""
        assert expected == sc.classify_product(product)

    def test_unlisted_product_is_refused(self) -> None:
        """A name the lists do not give is refused, pointing to the HS code."""
        with pytest.raises(sc.InvalidCapError, match="pass its HS code to classify_hs"):
            sc.classify_product("lubricating oil")


class TestClassifyHs:
    """HS codes: 2709 is crude, the waste-oil subheadings are discount-to-crude."""

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("2709", P.CRUDE),
            ("2709.00", P.CRUDE),
            ("2710 91", P.DISCOUNT_TO_CRUDE),
            ("2710.99", P.DISCOUNT_TO_CRUDE),
            ("27109900", P.DISCOUNT_TO_CRUDE),
        ],
    )
    def test_classes(self, code: str, expected: sc.ProductClass) -> None:
        """Codes whose products share one class are classified."""
        assert expected == sc.classify_hs(code)

    @pytest.mark.parametrize(
        ("code", "message"),
        [
            ("2710 19", r"HS 2710 19 holds medium and heavy oils.*name the product"),
            ("2710.12", r"HS 2710 12 holds light oils: motor spirit"),
            ("2710", r"HS 2710 holds both"),
            ("2701", r"expected HS 2709 \(crude oil\) or HS 2710"),
            ("27", r"expected an HS code of 4 to 10 digits"),
        ],
    )
    def test_refused(self, code: str, message: str) -> None:
        """Mixed subheadings and other chapters are refused with the reason."""
        with pytest.raises(sc.InvalidCapError, match=message):
            sc.classify_hs(code)


class TestPriceCapValue:
    """A price cap is a price per volume with a class, jurisdictions and dates."""

    def test_text_form(self) -> None:
        """str gives the text form, with an inclusive last day."""
        cap = sc.PriceCap("60 USD/bbl", "crude", ("EU",), date(2022, 12, 5), date(2025, 9, 3))
        assert "60 USD/bbl for crude in EU from 5 Dec 2022 to 2 Sep 2025" == str(cap)

    @given(scst.price_caps(with_wind_downs=False))
    def test_parse_inverts_str(self, cap: sc.PriceCap) -> None:
        """parse(str(cap)) gives the cap back, less what has no text form (the rule)."""
        assert attrs.evolve(cap, rule=None) == sc.PriceCap.parse(str(cap))

    @given(scst.price_caps())
    def test_testing_helper_accepts_itself(self, cap: sc.PriceCap) -> None:
        """assert_price_cap_equal holds for a cap and its copy."""
        assert_price_cap_equal(cap, attrs.evolve(cap))

    @pytest.mark.parametrize(
        ("price", "message"),
        [
            ("60 USD/t", r"a per-barrel cap needs a price per barrel"),
            ("60 t", r"a price cap is a price, not a quantity"),
            ("60 USD", r"a price cap is a price, not a quantity"),
            ("0 USD/bbl", r"expected a price above zero"),
            ("-1 USD/bbl", r"expected a price above zero"),
        ],
    )
    def test_price_must_be_per_volume(self, price: str, message: str) -> None:
        """A price in a mass unit, a quantity or a non-positive price is refused."""
        with pytest.raises(sc.InvalidCapError, match=message):
            sc.PriceCap(price, "crude", ("EU",), date(2022, 12, 5))

    def test_jurisdictions_are_codes(self) -> None:
        """Jurisdictions are upper-case codes, each once."""
        with pytest.raises(sc.InvalidCapError, match="upper-case codes"):
            sc.PriceCap("60 USD/bbl", "crude", ("eu",), date(2022, 12, 5))
        with pytest.raises(sc.InvalidCapError, match="each jurisdiction once"):
            sc.PriceCap("60 USD/bbl", "crude", ("EU", "EU"), date(2022, 12, 5))

    def test_end_after_start(self) -> None:
        """effective_until must come after effective_from."""
        with pytest.raises(sc.InvalidPeriodError, match="expected an end after the start"):
            sc.PriceCap("60 USD/bbl", "crude", "EU", "2022-12-05", "2022-12-05")

    def test_wind_down_in_another_currency(self) -> None:
        """A wind-down price in another currency is a unit mismatch."""
        window = sc.WindDown(
            "contract", date(2025, 9, 2), date(2025, 10, 17), "loading", "60 EUR/bbl"
        )
        with pytest.raises(sc.UnitMismatchError, match=r"WindDown\.price"):
            sc.PriceCap("47.60 USD/bbl", "crude", "UK", "2025-09-02", wind_downs=(window,))


class TestComparePriceCaps:
    """Deltas and cuts between caps: 60 → 47.60 is exactly 31/150."""

    def test_60_to_47_60(self) -> None:
        """The 2025 cut is 1 − 47.60/60 = 31/150, shown 20.67 %, with a delta of −12.40."""
        comparison = sc.compare_price_caps("60 USD/bbl", "47.60 USD/bbl")
        assert_percentage_equal(comparison.cut, sc.Percentage.from_ratio(Fraction(31, 150)))
        assert ("20.67 %", "-12.40 USD/bbl") == (str(comparison.cut), str(comparison.delta))
        assert_amount_identical(comparison.delta, sc.Amount("-12.40", "USD/bbl"))

    def test_catalog_caps(self) -> None:
        """The EU's bundled caps compare the same way."""
        cat = sc.catalog()
        old = cat.measure("eu-2022-2367-crude-60").measure
        new = cat.measure("eu-18-crude-47-60").measure
        assert isinstance(old, sc.PriceCap)
        assert isinstance(new, sc.PriceCap)
        assert Fraction(31, 150) == sc.compare_price_caps(old, new).cut.ratio

    def test_cut_accepts_price_amounts(self) -> None:
        """sc.cut and sc.delta take price amounts directly."""
        assert Fraction(31, 150) == sc.cut("$60/bbl", "$47.60/bbl").ratio
        assert_amount_equal(sc.delta("60 USD/bbl", "47.60 USD/bbl"), "-12.4 USD/bbl")

    def test_47_60_to_44_10(self) -> None:
        """The first dynamic value cuts 47.60 by 3.50, i.e. 25/340 = 7.35 %."""
        comparison = sc.compare_price_caps("47.60 USD/bbl", "44.10 USD/bbl")
        assert (Fraction(35, 476), "-3.50 USD/bbl") == (
            comparison.cut.ratio,
            str(comparison.delta),
        )

    @pytest.mark.parametrize(
        ("measure_id", "factor_name"),
        [
            ("us-2022-crude-60", "ei-2021/crude-oil"),
            ("us-2023-premium-100", "ei-2021/gas-oil-diesel"),
            ("us-2023-discount-45", "ei-2021/residual-fuel-oil"),
        ],
    )
    def test_per_tonne_hint_fits_the_product_class(self, measure_id: str, factor_name: str) -> None:
        """A per-tonne price against a products cap suggests a products factor, not crude's."""
        cap = sc.catalog().measure(measure_id).measure
        assert isinstance(cap, sc.PriceCap)
        with pytest.raises(sc.UnitMismatchError) as info:
            sc.check_price(cap, oil_price="400 USD/t")
        assert f"pass factor=sc.factor('{factor_name}')" in str(info.value)

    def test_mixed_currencies(self) -> None:
        """Caps in two currencies do not compare: no exchange rate is implied."""
        with pytest.raises(sc.UnitMismatchError, match=r"USD/bbl.*EUR/bbl"):
            sc.compare_price_caps("60 USD/bbl", "55 EUR/bbl")

    def test_price_against_quantity(self) -> None:
        """A price cap does not compare with a quantity."""
        with pytest.raises(sc.InvalidCapError, match="a price cap is a price"):
            sc.compare_price_caps("60 USD/bbl", "500,000 bbl")

    @given(scst.prices(), scst.prices())
    def test_delta_is_antisymmetric(self, a: sc.Amount, b: sc.Amount) -> None:
        """delta(a, b) = −delta(b, a)."""
        assert sc.compare_price_caps(a, b).delta == -sc.compare_price_caps(b, a).delta

    @given(scst.prices(), scst.prices())
    def test_a_lower_cap_is_a_positive_cut(self, a: sc.Amount, b: sc.Amount) -> None:
        """A cut is positive exactly when the new cap is lower."""
        assert (b < a) == (sc.compare_price_caps(a, b).cut.percent > 0)

    @given(scst.prices(), scst.prices())
    def test_unit_does_not_change_the_cut(self, a: sc.Amount, b: sc.Amount) -> None:
        """The cut is the same with the new cap in USD per cubic metre."""
        per_m3 = b.to("USD/m3", places=None) if b.is_exact_in("USD/m3") else None
        if per_m3 is not None:
            assert sc.compare_price_caps(a, b).cut == sc.compare_price_caps(a, per_m3).cut


# UK, EU and OFAC notices: which cap applied to a cargo, by jurisdiction, product and dates.
CARGOES = [
    # UK wind-down for 47.60 (V): contracts before 2 Sep 2025 compliant with 60 ran to 17 Oct 2025
    ("UK", "crude oil", "2025-09-01", "2025-10-10", None, "60 USD/bbl"),
    ("UK", "crude oil", "2025-09-01", "2025-10-17", None, "60 USD/bbl"),
    ("UK", "crude oil", "2025-09-01", "2025-10-18", None, "47.60 USD/bbl"),
    ("UK", "crude oil", "2025-09-02", "2025-09-10", None, "47.60 USD/bbl"),
    ("UK", "crude oil", "2025-06-01", "2025-08-01", None, "60 USD/bbl"),
    ("UK", "crude oil", "2022-11-01", "2022-12-04", None, None),
    # EU transition (V2): contracts before 20 Jul 2025 kept 60 until 18 Oct 2025
    ("EU", "crude oil", "2025-07-19", "2025-10-18", None, "60 USD/bbl"),
    ("EU", "crude oil", "2025-08-01", "2025-09-10", None, "47.60 USD/bbl"),
    ("EU", "crude oil", "2026-02-01", "2026-02-05", None, "44.10 USD/bbl"),
    # EU 44.10 (V2): contracts under the old cap executed for 90 days from 15 Jan 2026
    ("EU", "crude oil", "2026-01-10", "2026-03-01", None, "47.60 USD/bbl"),
    ("UK", "crude oil", "2026-01-30", "2026-04-16", None, "47.60 USD/bbl"),
    ("UK", "crude oil", "2026-01-31", "2026-02-02", None, "44.10 USD/bbl"),
    # US products (V, OFAC FAQ 1109): loaded before 5 Feb 2023, unloaded before 1 Apr 2023
    ("US", "gas oil", "2023-01-01", "2023-02-01", "2023-03-20", None),
    ("US", "gas oil", "2023-01-01", "2023-02-01", "2023-04-02", "100 USD/bbl"),
    ("US", "naphtha", "2023-02-10", "2023-03-01", None, "45 USD/bbl"),
    ("EU", "jet fuel", "2024-01-01", "2024-01-15", None, "100 USD/bbl"),
    ("EU", "fuel oil", "2024-01-01", "2024-01-15", None, "45 USD/bbl"),
]


class TestApplicableCap:
    """Which cap applied to a cargo, wind-downs included (bundled catalog)."""

    @pytest.mark.parametrize(
        ("jurisdiction", "product", "contract", "loading", "unloading", "expected"), CARGOES
    )
    def test_cargo(
        self,
        *,
        jurisdiction: str,
        product: str,
        contract: str,
        loading: str,
        unloading: str | None,
        expected: str | None,
    ) -> None:
        """The applied price is the one the worked example gives."""
        result = sc.applicable_cap(
            jurisdiction=jurisdiction,
            product=product,
            contract_date=contract,
            loading_date=loading,
            unloading_date=unloading,
        )
        assert_applied_price(result, expected)

    def test_uk_wind_down_says_why(self) -> None:
        """The result names the wind-down and the cap in force."""
        result = sc.applicable_cap(
            jurisdiction="UK",
            product="crude oil",
            contract_date=date(2025, 9, 1),
            loading_date=date(2025, 10, 10),
        )
        assert result.wind_down is not None
        assert result.cap is not None
        assert ("47.60 USD/bbl", date(2025, 10, 17)) == (
            str(result.cap.price),
            result.wind_down.last_day,
        )
        assert "wind-down of the 47.60 USD/bbl cap" in result.reason

    def test_press_only_wind_down_is_flagged(self) -> None:
        """The EU transition window is V2 and says so."""
        result = sc.applicable_cap(
            jurisdiction="EU",
            product="crude oil",
            contract_date="2025-07-19",
            loading_date="2025-10-01",
        )
        assert "wind-down from a secondary source" in result.flags

    def test_us_after_september_2025_is_flagged(self) -> None:
        """Whether the US stayed at 60 is unverified, and the result says so."""
        result = sc.applicable_cap(
            jurisdiction="US",
            product="crude oil",
            contract_date="2026-03-01",
            loading_date="2026-03-02",
        )
        assert "60 USD/bbl" == str(result.price)
        assert any("is unverified" in flag for flag in result.flags)

    def test_missing_unloading_date_is_flagged(self) -> None:
        """A product cargo loaded before 5 Feb 2023 needs its unloading date to decide."""
        result = sc.applicable_cap(
            jurisdiction="US",
            product="gas oil",
            contract_date="2023-01-01",
            loading_date="2023-02-01",
        )
        assert result.price is None
        assert any("unless the cargo is unloaded by 31 Mar 2023" in f for f in result.flags)

    def test_by_hs_code(self) -> None:
        """A cargo can be given by HS code."""
        result = sc.applicable_cap(
            jurisdiction="EU", hs_code="2709", contract_date="2023-01-01", loading_date="2023-01-05"
        )
        assert_applied_price(result, "60 USD/bbl")

    def test_own_caps(self) -> None:
        """A caller's own caps are used instead of the catalog."""
        mine = sc.PriceCap("50 USD/bbl", "crude", ("XX",), date(2024, 1, 1))
        result = sc.applicable_cap(
            jurisdiction="XX",
            product_class="crude",
            contract_date="2024-02-01",
            loading_date="2024-02-02",
            caps=[mine],
        )
        assert mine == result.cap

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            (
                {"jurisdiction": "FR"},
                sc.InstrumentNotFoundError,
                r"got 'FR', expected one of AU|EU",
            ),
            ({"hs_code": "2709"}, sc.InvalidCapError, r"exactly one of product_class=, product="),
            ({"unloading_date": "2025-01-01"}, sc.InvalidPeriodError, r"on or after the loading"),
            ({"caps": ["60 USD/bbl"]}, sc.InvalidCapError, r"expected PriceCap objects"),
        ],
    )
    def test_errors(self, kwargs: dict[str, object], error: type[Exception], message: str) -> None:
        """Bad input is refused with what was wrong."""
        arguments: dict[str, object] = {
            "jurisdiction": "EU",
            "product": "crude oil",
            "contract_date": "2025-01-01",
            "loading_date": "2025-02-01",
            **kwargs,
        }
        with pytest.raises(error, match=message):
            sc.applicable_cap(**arguments)  # type: ignore[arg-type]

    @given(st.dates(min_value=date(2022, 12, 5), max_value=date(2030, 12, 31)))
    def test_every_eu_crude_day_has_one_cap(self, day: date) -> None:
        """From 5 Dec 2022 every EU crude cargo has a cap, and it is one of the bundled ones."""
        result = sc.applicable_cap(
            jurisdiction="EU", product="crude oil", contract_date=day, loading_date=day
        )
        assert str(result.price) in {"60 USD/bbl", "47.60 USD/bbl", "44.10 USD/bbl"}


class TestCheckPrice:
    """Is a price at or below the cap, with ancillary costs separated from the oil's price."""

    def test_delivered_less_costs(self) -> None:
        """A delivered price less freight and insurance is the oil price compared."""
        check = sc.check_price(
            "47.60 USD/bbl",
            delivered_price="58.10 USD/bbl",
            freight="9.00 USD/bbl",
            insurance="1.20 USD/bbl",
        )
        assert ("47.90 USD/bbl", False, "-0.30 USD/bbl") == (
            str(check.oil_price),
            check.at_or_below,
            str(check.headroom),
        )
        assert ("freight", "insurance") == tuple(name for name, _ in check.ancillary)

    def test_oil_price_at_the_cap(self) -> None:
        """A price exactly at the cap complies."""
        cap = sc.catalog().measure("uk-2025-crude-47-60").measure
        assert isinstance(cap, sc.PriceCap)
        check = sc.check_price(cap, oil_price="47.60 USD/bbl")
        assert check.at_or_below
        assert_percentage_equal(check.share, 100)

    def test_cargo_totals_need_a_volume(self) -> None:
        """Totals in dollars are spread over the cargo's volume, rounded only as asked."""
        check = sc.check_price(
            "60 USD/bbl",
            delivered_price="US$45,000,000",
            freight="US$3,500,000",
            volume="700,000 bbl",
            places=2,
        )
        assert ("59.29 USD/bbl", True, 2) == (str(check.oil_price), check.at_or_below, check.places)
        assert Fraction(60) - Fraction(41_500_000, 700_000) == check.headroom_exact
        assert str(check).endswith("(amounts rounded half-up to 2 decimals; the verdict is exact)")
        with pytest.raises(sc.UnitMismatchError, match="pass volume="):
            sc.check_price("60 USD/bbl", delivered_price="US$45,000,000")

    def test_per_tonne_needs_a_named_factor(self) -> None:
        """A USD/t price meets a USD/bbl cap only through a named factor."""
        with pytest.raises(sc.UnitMismatchError, match="only through a named factor"):
            sc.check_price("60 USD/bbl", oil_price="400 USD/t")
        check = sc.check_price(
            "60 USD/bbl", oil_price="439.80 USD/t", factor=sc.factor("ei-2021/crude-oil")
        )
        # 439.80 USD/t ÷ 7.33 bbl/t = 60 USD/bbl exactly (EI 2021 crude, V)
        assert_amount_equal(check.oil_price, "60 USD/bbl")

    def test_mixed_currencies(self) -> None:
        """Costs in another currency are refused: no exchange rate is implied."""
        with pytest.raises(sc.UnitMismatchError, match="mixed currencies"):
            sc.check_price("60 USD/bbl", delivered_price="62 USD/bbl", freight="2 EUR/bbl")

    def test_costs_only_with_a_delivered_price(self) -> None:
        """An oil price already excludes ancillary costs."""
        with pytest.raises(sc.InvalidCapError, match="ancillary costs only with delivered_price="):
            sc.check_price("60 USD/bbl", oil_price="55 USD/bbl", freight="2 USD/bbl")
        with pytest.raises(
            sc.InvalidCapError, match="exactly one of oil_price= or delivered_price="
        ):
            sc.check_price("60 USD/bbl")

    def test_outside_the_cap(self) -> None:
        """A cargo outside any cap has no price to compare with."""
        outside = sc.applicable_cap(
            jurisdiction="US",
            product="gas oil",
            contract_date="2023-01-01",
            loading_date="2023-02-01",
            unloading_date="2023-03-01",
        )
        with pytest.raises(sc.InvalidCapError, match="outside any cap"):
            sc.check_price(outside, oil_price="120 USD/bbl")

    def test_no_silent_rounding(self) -> None:
        """An amount without a finite decimal form needs places=; exact ones are never marked."""
        with pytest.raises(
            sc.InexactResultError, match=r"delivered_price: got 450/7 USD/bbl, .*places=N"
        ):
            sc.check_price("60 USD/bbl", delivered_price="US$45,000,000", volume="700,000 bbl")
        exact = sc.check_price("47.60 USD/bbl", oil_price="47.60 USD/bbl", places=2)
        assert (None, "47.60 USD/bbl") == (exact.places, str(exact.oil_price))
        assert "rounded" not in str(exact)

    def test_each_cost_once(self) -> None:
        """A freight in other= beside freight= is refused, not silently replaced."""
        with pytest.raises(sc.InvalidCapError, match=r"other\['freight'\]: .*pass freight= once"):
            sc.check_price(
                "60 USD/bbl",
                delivered_price="70 USD/bbl",
                freight="5 USD/bbl",
                other={"freight": "3 USD/bbl"},
            )
        check = sc.check_price(
            "60 USD/bbl",
            delivered_price="70 USD/bbl",
            freight="5 USD/bbl",
            other={"port fees": "3 USD/bbl"},
        )
        assert ("62 USD/bbl", ("freight", "port fees")) == (
            str(check.oil_price),
            tuple(name for name, _ in check.ancillary),
        )

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"oil_price": "-5 USD/bbl"}, "oil_price"),
            ({"delivered_price": "-5 USD/bbl"}, "delivered_price"),
            ({"delivered_price": "10 USD/bbl", "freight": "-1 USD/bbl"}, "freight"),
            ({"delivered_price": "10 USD/bbl", "freight": "12 USD/bbl"}, "delivered_price"),
        ],
    )
    def test_signs(self, kwargs: dict[str, str], field: str) -> None:
        """Prices and costs are not negative, and costs do not exceed the delivered price."""
        with pytest.raises(sc.InvalidCapError) as info:
            sc.check_price("60 USD/bbl", **kwargs)  # type: ignore[arg-type]
        assert field == info.value.field

    @given(scst.prices(max_value=200), scst.prices(max_value=200), scst.prices(max_value=50))
    def test_headroom_plus_oil_is_the_cap(
        self, cap: sc.Amount, oil: sc.Amount, freight: sc.Amount
    ) -> None:
        """headroom + oil price = cap, and compliance is headroom ≥ 0."""
        delivered = oil + freight
        check = sc.check_price(cap, delivered_price=delivered, freight=freight)
        assert cap == check.headroom + check.oil_price
        assert check.at_or_below == (not check.headroom.is_negative())


def weekly(values: list[str], start: date = date(2025, 7, 15)) -> list[tuple[date, sc.Amount]]:
    """A weekly USD/bbl series from *start*."""
    return [(start + timedelta(weeks=i), sc.Amount(v, "USD/bbl")) for i, v in enumerate(values)]


EU_RULE = sc.DynamicCapRule(weeks=22, discount=15, review_months=6)


class TestDynamicRule:
    """The EU rule: 22-week average less 15 %, from a user-supplied series (EU reports, V2)."""

    def test_known_average(self) -> None:
        """A series averaging exactly 51.88 gives 44.098, published as 44.10."""
        series = weekly(["50.88", "52.88"] * 11)
        result = EU_RULE.compute(series, end=date(2025, 12, 16))
        assert (Fraction("51.88"), Fraction("44.098"), "44.10 USD/bbl") == (
            result.average,
            result.exact,
            str(result.cap),
        )
        assert (22, date(2025, 7, 15)) == (len(result.observations), result.window.start)

    def test_window_drops_older_prices(self) -> None:
        """Only the 22 weeks before the end count."""
        series = weekly(["1000"] + ["50"] * 22, start=date(2025, 7, 8))
        result = EU_RULE.compute(series)
        assert (Fraction(50), "42.50 USD/bbl") == (result.average, str(result.cap))

    def test_steps_show_the_arithmetic(self) -> None:
        """The steps name the window, the average, the discount and the result."""
        text = str(EU_RULE.compute(weekly(["52"] * 22), end=date(2025, 12, 16)))
        assert "window: 15 Jul 2025 – 15 Dec 2025 (22 weeks, 22 observations)" in text
        assert "less 15 %: 52 × 85 % = 44.2 USD/bbl (exact 221/5)" in text
        assert "cap: 44.20 USD/bbl (rounded half-up to 2 places)" in text

    def test_default_end_is_the_day_after_the_last_price(self) -> None:
        """Without end=, the window closes the day after the last observation."""
        result = EU_RULE.compute(weekly(["52"] * 22))
        assert date(2025, 12, 10) == result.window.end

    def test_mapping_series_and_end(self) -> None:
        """A mapping of dates to prices works, and end= picks the window."""
        series = dict(weekly(["40"] * 22 + ["80"] * 22))
        result = EU_RULE.compute(series, end=date(2025, 12, 16))
        assert Fraction(40) == result.average

    def test_no_change_band(self) -> None:
        """With a band, a cap within it stays at the current value."""
        rule = attrs.evolve(EU_RULE, no_change_band=sc.Percentage(5))
        stays = rule.compute(weekly(["55"] * 22), current="47.60 USD/bbl")
        moves = rule.compute(weekly(["51.88"] * 22), current="47.60 USD/bbl")
        assert (False, "47.60 USD/bbl") == (stays.changed, str(stays.applies))
        assert (True, "44.10 USD/bbl") == (moves.changed, str(moves.applies))

    @pytest.mark.parametrize(
        ("series", "error", "message"),
        [
            ([], sc.InvalidCapError, "pass the reference price series"),
            (weekly(["50"], start=date(2020, 1, 1)), sc.InvalidCapError, None),
            (
                [(date(2025, 7, 15), "50 USD/bbl"), (date(2025, 7, 22), "50 EUR/bbl")],
                sc.UnitMismatchError,
                "mixed currencies",
            ),
            ([(date(2025, 7, 15), "50 USD/t")], sc.InvalidCapError, "price per barrel"),
        ],
    )
    def test_errors(
        self, series: list[tuple[date, str]], error: type[Exception], message: str | None
    ) -> None:
        """Empty series and windows, mixed currencies and per-tonne prices are refused."""
        with pytest.raises(error, match=message or "no observation in"):
            EU_RULE.compute(series, end=date(2025, 12, 16) if message is None else None)

    def test_discount_bounds(self) -> None:
        """A discount of 100 % or more leaves no cap."""
        with pytest.raises(sc.InvalidCapError, match="below 100 %"):
            sc.DynamicCapRule(weeks=22, discount=100, review_months=6)

    @given(scst.dynamic_price_rules(), scst.price_series())
    def test_result_is_average_less_discount(
        self, rule: sc.DynamicCapRule, series: list[tuple[date, sc.Amount]]
    ) -> None:
        """exact = average × (1 − discount), and the shown cap is within half a cent of it."""
        result = rule.compute(series, end=date(2025, 12, 16))
        assert result.average * (1 - rule.discount.ratio) == result.exact
        assert abs(result.cap.exact - result.exact) <= Fraction(1, 200)

    def test_catalog_rule(self) -> None:
        """The bundled EU 47.60 cap carries the rule, marked V2."""
        cap = sc.catalog().measure("eu-18-crude-47-60").measure
        assert isinstance(cap, sc.PriceCap)
        assert cap.rule is not None
        assert (22, Fraction(15), 6, "V2") == (
            cap.rule.weeks,
            cap.rule.discount.percent,
            cap.rule.review_months,
            cap.rule.mark.value,
        )


class TestWindDown:
    """Wind-down windows: who qualifies and by when."""

    def test_order_of_dates(self) -> None:
        """A last day long before the cut-off is refused."""
        with pytest.raises(sc.InvalidPeriodError, match="no earlier than the qualifying cut-off"):
            sc.WindDown("contract", date(2025, 9, 2), date(2025, 1, 1), "loading")

    def test_kind_words(self) -> None:
        """qualifies_by and completes_by take fixed words."""
        with pytest.raises(sc.InvalidCapError, match="'contract' or 'loading'"):
            sc.WindDown("signature", date(2025, 9, 2), date(2025, 10, 17), "loading")

    @given(scst.wind_downs(), st.dates(*DATES), st.dates(*DATES))
    def test_contract_after_cut_off_never_qualifies(
        self, window: sc.WindDown, contract: date, loading: date
    ) -> None:
        """A cargo whose qualifying date is on or after the cut-off is never covered."""
        qualifying = contract if window.qualifies_by == "contract" else loading
        if qualifying >= window.before:
            assert window.covers(contract=contract, loading=loading, unloading=loading) is False


def test_decimal_strings_stay_exact() -> None:
    """Prices keep their cents exactly (no float on the way)."""
    cap = sc.PriceCap(sc.Amount(Decimal("47.60"), "USD/bbl"), "crude", "EU", "2025-09-03")
    assert "47.60" == format(cap.price.value, "f")
