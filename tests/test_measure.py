"""Tests for measures: caps, dual-basis caps and bans."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given

from sanctioncalc import (
    Amount,
    Ban,
    Cap,
    Commodity,
    Direction,
    DualCap,
    InvalidCapError,
    InvalidPeriodError,
    LimbRule,
    ParseError,
    Periodic,
    Span,
    UnknownUnitError,
    parse_measure,
)
from sanctioncalc import strategies as scst


class TestCap:
    """An absolute limit per period."""

    @pytest.mark.parametrize(
        ("text", "limit", "period", "commodity"),
        [
            # S/RES/2397 (2017) para 5: 500,000 barrels per 12 months from 1 January 2018
            (
                "500,000 barrels per 12 months from 1 January 2018 "
                "[refined-petroleum, import, HS 2710]",
                Amount(500_000, "bbl"),
                Periodic(12, date(2018, 1, 1)),
                Commodity("refined-petroleum", Direction.IMPORT, "2710"),
            ),
            # S/RES/2375 (2017) para 14: 500,000 barrels for 1 October to 31 December 2017
            (
                "500,000 barrels for 1 Oct 2017 – 31 Dec 2017",
                Amount(500_000, "bbl"),
                Span.inclusive(date(2017, 10, 1), date(2017, 12, 31)),
                None,
            ),
            # S/RES/2375 (2017) para 14: 2,000,000 barrels per 12 months from 1 January 2018
            (
                "2,000,000 bbl per 12-month period from 1 Jan 2018",
                Amount(2_000_000, "bbl"),
                Periodic(12, date(2018, 1, 1)),
                None,
            ),
            # US fact sheet on 2397: 2016 refined imports, 4.5 million bbl/yr (US figure)
            ("4,500,000 bbl/yr", Amount(4_500_000, "bbl"), Periodic(12), None),
            ("4.5 million bbl per year", Amount(4_500_000, "bbl"), Periodic(12), None),
            ("4,500,000 bbl a year", Amount(4_500_000, "bbl"), Periodic(12), None),
            # donga.com, 15 Apr 2022: US draft of April 2022, 250,000 barrels a year refined
            ("250,000 bbl per 12 months", Amount(250_000, "bbl"), Periodic(12), None),
        ],
    )
    def test_parse(
        self, text: str, limit: Amount, period: Span | Periodic, commodity: Commodity | None
    ) -> None:
        """Caps as the instruments state them parse to limit, period and commodity."""
        cap = Cap.parse(text)
        assert (limit, limit.unit, period, commodity) == (
            cap.limit,
            cap.limit.unit,
            cap.period,
            cap.commodity,
        )

    def test_text_forms(self) -> None:
        """str is the canonical text; repr reads like the call; limbs is the one limit."""
        cap = Cap(Amount(500_000, "bbl"), "12 months from 1 Jan 2018", "refined-petroleum, import")
        text = "500,000 bbl per 12 months from 1 Jan 2018 [refined-petroleum, import]"
        assert (text, f"Cap.parse({text!r})", (Amount(500_000, "bbl"),)) == (
            str(cap),
            repr(cap),
            cap.limbs,
        )

    def test_zero_is_allowed(self) -> None:
        """A cap of zero is a valid (if ban-like) limit."""
        assert Amount(0, "bbl") == Cap.parse("0 bbl per 12 months").limit

    @pytest.mark.parametrize(
        ("limit", "period", "error", "message"),
        [
            (
                "-5 bbl",
                "12 months",
                InvalidCapError,
                r"Cap\.limit: got -5 bbl, expected an amount of zero or more",
            ),
            ("60 USD/bbl", "12 months", InvalidCapError, r"a price ceiling is a price cap"),
            (500_000, "12 months", InvalidCapError, r"Cap\.limit: got 500000, expected an Amount"),
            (
                "500,000 bbl",
                12,
                InvalidCapError,
                r"Cap\.period: got 12, expected a Span or Periodic",
            ),
            ("500,000 bbl", "fortnightly", ParseError, "two dates"),
            ("500,000 hogsheads", "12 months", UnknownUnitError, "got hogsheads"),
        ],
    )
    def test_refused(
        self, limit: object, period: object, error: type[Exception], message: str
    ) -> None:
        """Negative limits, rates, bare numbers and bad periods are refused, saying why."""
        with pytest.raises(error, match=message):
            Cap(limit, period)

    def test_commodity_must_be_a_commodity(self) -> None:
        """The commodity is a Commodity, its text, or None."""
        with pytest.raises(InvalidCapError, match="a Commodity, text such as 'crude-oil, import'"):
            Cap("1 bbl", "12 months", 42)

    def test_parse_needs_one_limit(self) -> None:
        """Cap.parse refuses a dual cap and a ban, pointing to the right type."""
        with pytest.raises(ParseError, match=r"use DualCap\.parse for 'A or B'"):
            Cap.parse("4,000,000 bbl or 525,000 t per 12 months")
        with pytest.raises(ParseError, match=r"use DualCap\.parse .* Ban\.parse for bans"):
            Cap.parse("ban")

    def test_frozen(self) -> None:
        """Caps are immutable."""
        with pytest.raises(AttributeError):
            Cap.parse("1 bbl per 12 months").limit = Amount(2, "bbl")  # type: ignore[misc]

    @given(scst.caps())
    def test_parse_inverts_str(self, cap: Cap) -> None:
        """parse(str(x)) == x."""
        parsed = Cap.parse(str(cap))
        assert (cap, cap.limit.unit) == (parsed, parsed.limit.unit)


class TestDualCap:
    """A cap with limbs in different units."""

    @pytest.mark.parametrize(
        ("text", "limbs", "rule"),
        [
            # S/RES/2397 (2017) para 4: "4 million barrels or 525,000 tons"
            (
                "4 million barrels or 525,000 tons per 12 months from 22 December 2017",
                (Amount(4_000_000, "bbl"), Amount(525_000, "t")),
                LimbRule.EITHER,
            ),
            # S/RES/2321 (2016) para 26, from 1 January 2017
            (
                "US$400,870,018 or 7,500,000 metric tons, whichever is lower, "
                "per 12 months from 1 Jan 2017",
                (Amount(400_870_018, "USD"), Amount(7_500_000, "t")),
                LimbRule.WHICHEVER_LOWER,
            ),
            # S/RES/2321 (2016) para 26, from adoption to 31 December 2016
            (
                "US$53,495,894 or 1,000,866 metric tons whichever is the lower "
                "for 30 Nov 2016 – 31 Dec 2016",
                (Amount(53_495_894, "USD"), Amount(1_000_866, "t")),
                LimbRule.WHICHEVER_LOWER,
            ),
            # draft S/2022/431: 3,000,000 barrels (or 393,750 tons, V2)
            (
                "3,000,000 bbl or 393,750 t per 12 months",
                (Amount(3_000_000, "bbl"), Amount(393_750, "t")),
                LimbRule.EITHER,
            ),
        ],
    )
    def test_parse(self, text: str, limbs: tuple[Amount, ...], rule: LimbRule) -> None:
        """Dual caps as stated parse to their limbs and rule."""
        cap = DualCap.parse(text)
        assert (limbs, rule) == (cap.limbs, cap.rule)

    def test_text_forms(self) -> None:
        """str and repr of the 2321 coal cap."""
        # S/RES/2321 (2016) para 26
        cap = DualCap(
            ("US$400,870,018", "7,500,000 t"),
            Periodic(12, date(2017, 1, 1)),
            LimbRule.WHICHEVER_LOWER,
            "coal, export, HS 2701",
        )
        text = (
            "400,870,018 USD or 7,500,000 t, whichever is lower, per 12 months from 1 Jan 2017 "
            "[coal, export, HS 2701]"
        )
        assert (text, f"DualCap.parse({text!r})", "whichever-lower") == (
            str(cap),
            repr(cap),
            str(cap.rule),
        )

    @pytest.mark.parametrize(
        ("key", "expected"),
        [
            ("mass", Amount(525_000, "t")),
            ("volume", Amount(4_000_000, "bbl")),
            ("t", Amount(525_000, "t")),
            ("tons", Amount(525_000, "t")),
            ("kbbl", Amount(4_000_000, "bbl")),
        ],
    )
    def test_limb(self, key: str, expected: Amount) -> None:
        """A limb is found by dimension or by any unit of its dimension."""
        # S/RES/2397 (2017) para 4
        crude = DualCap.parse("4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017")
        assert expected == crude.limb(key)

    def test_missing_limb(self) -> None:
        """Asking for a dimension the cap does not have is refused."""
        crude = DualCap.parse("4,000,000 bbl or 525,000 t per 12 months")
        with pytest.raises(InvalidCapError, match="expected a limb of dimension currency:USD"):
            crude.limb("USD")

    @pytest.mark.parametrize(
        ("limbs", "message"),
        [
            (("4,000,000 bbl",), "two or more limbs, each of a different dimension"),
            (("4,000,000 bbl", "4,000 kbbl"), "two or more limbs, each of a different dimension"),
            ("4,000,000 bbl", "two or more amounts of different dimensions"),
            (Amount(1, "bbl"), "two or more amounts of different dimensions"),
            (("4,000,000 bbl", "-1 t"), "expected an amount of zero or more"),
        ],
    )
    def test_refused_limbs(self, limbs: object, message: str) -> None:
        """One limb, two limbs of one dimension, a bare amount and negative limbs are refused."""
        with pytest.raises(InvalidCapError, match=message):
            DualCap(limbs, "12 months")

    def test_rule_is_checked(self) -> None:
        """The rule is 'either' or 'whichever-lower'."""
        with pytest.raises(InvalidCapError, match="'either' or 'whichever-lower'"):
            DualCap(("1 bbl", "1 t"), "12 months", "lowest")

    def test_rule_from_its_value(self) -> None:
        """The rule may be given by its value."""
        cap = DualCap(("1 USD", "1 t"), "12 months", "whichever-lower")
        assert LimbRule.WHICHEVER_LOWER == cap.rule

    def test_whichever_lower_needs_two_limbs(self) -> None:
        """'whichever is lower' with one limb is refused."""
        with pytest.raises(ParseError, match="two limbs before 'whichever is lower'"):
            parse_measure("500,000 bbl, whichever is lower, per 12 months")

    def test_parse_needs_two_limbs(self) -> None:
        """DualCap.parse refuses a single limit."""
        with pytest.raises(ParseError, match=r"use Cap\.parse for a single limit"):
            DualCap.parse("500,000 bbl per 12 months")

    @given(scst.dual_caps())
    def test_parse_inverts_str(self, cap: DualCap) -> None:
        """parse(str(x)) == x."""
        parsed = DualCap.parse(str(cap))
        assert (cap, [a.unit for a in cap.limbs]) == (parsed, [a.unit for a in parsed.limbs])


class TestBan:
    """A prohibition: a cap of zero with exemptions."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # S/RES/2371 (2017) para 8 (paragraph U): DPRK coal exports banned from adoption
            (
                "ban from 5 Aug 2017 [coal, export, HS 2701]",
                Ban(Commodity("coal", Direction.EXPORT, "2701"), (), date(2017, 8, 5)),
            ),
            # S/RES/2270 (2016) para 31: aviation fuel, humanitarian and return-flight exemptions
            (
                "ban from 2 Mar 2016 except humanitarian; return flights [aviation-fuel, import]",
                Ban(
                    Commodity("aviation-fuel", Direction.IMPORT),
                    ("humanitarian", "return flights"),
                    date(2016, 3, 2),
                ),
            ),
            # S/RES/2270 (2016) para 29 (paragraph U): coal, iron, iron ore, livelihood exemption
            ("ban except livelihood [iron-ore, export]", Ban("iron-ore, export", ("livelihood",))),
            # S/RES/2375 (2017) para 13 (paragraph U): condensates and natural gas liquids
            (
                "Ban from 11 Sep 2017 [condensates, import]",
                Ban("condensates, import", (), date(2017, 9, 11)),
            ),
            ("ban", Ban()),
        ],
    )
    def test_parse(self, text: str, expected: Ban) -> None:
        """Bans parse with their start, exemptions and commodity."""
        assert expected == Ban.parse(text)

    def test_text_forms(self) -> None:
        """str lists start and exemptions; a ban has no limbs."""
        ban = Ban("coal, export", ("livelihood",), date(2017, 8, 5))
        text = "ban from 5 Aug 2017 except livelihood [coal, export]"
        assert (text, f"Ban.parse({text!r})", ()) == (str(ban), repr(ban), ban.limbs)

    @pytest.mark.parametrize(
        ("exemptions", "message"),
        [
            ("livelihood", "a tuple of short texts"),
            (("",), "non-empty texts without ';', '\\[' or '\\]'"),
            (("a; b",), "non-empty texts without"),
            (("see [1]",), "non-empty texts without"),
            ((42,), "non-empty texts without"),
        ],
    )
    def test_exemptions_are_checked(self, exemptions: object, message: str) -> None:
        """Exemptions are short texts that survive the text form."""
        with pytest.raises(InvalidCapError, match=message):
            Ban(None, exemptions)

    @pytest.mark.parametrize(
        ("start", "error", "message"),
        [
            ("5 Aug", ParseError, r"Ban\.start: got '5 Aug', expected a date such as"),
            (
                datetime(2017, 8, 5, 12, 0),  # noqa: DTZ001
                InvalidPeriodError,
                r"a datetime\.date \(not a datetime\)",
            ),
            (date(1850, 1, 1), InvalidPeriodError, "a year from 1900 to 2200"),
        ],
    )
    def test_start_is_checked(self, start: object, error: type[Exception], message: str) -> None:
        """The start is a date in the years the text form reads back."""
        with pytest.raises(error, match=message):
            Ban(None, (), start)

    def test_parse_needs_ban(self) -> None:
        """Ban.parse refuses a limit."""
        with pytest.raises(ParseError, match=r"use Cap\.parse for a limit"):
            Ban.parse("500,000 bbl per 12 months")

    @given(scst.bans())
    def test_parse_inverts_str(self, ban: Ban) -> None:
        """parse(str(x)) == x."""
        assert ban == Ban.parse(str(ban))


class TestParseMeasure:
    """parse_measure reads any measure's text form."""

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("500,000 bbl per 12 months from 1 Jan 2018", Cap),
            ("4,000,000 bbl or 525,000 t per 12 months from 22 Dec 2017", DualCap),
            ("ban from 5 Aug 2017", Ban),
        ],
    )
    def test_dispatch(self, text: str, kind: type) -> None:
        """Each text form gives its own type."""
        assert kind is type(parse_measure(text))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("5 bbl", "'<limit> per <period>', '<limit> for <range>', '<limit>/yr' or 'ban'"),
            ("x" * 401, "text of at most 400 printable characters"),
            ("5 bbl per\n12 months", "text of at most 400 printable characters"),
        ],
    )
    def test_refused(self, text: str, message: str) -> None:
        """A bare amount, overlong and non-printable text are refused."""
        with pytest.raises(ParseError, match=message):
            parse_measure(text)

    def test_non_string(self) -> None:
        """Only text is parsed."""
        with pytest.raises(ParseError, match="got None"):
            parse_measure(None)  # type: ignore[arg-type]
