"""Tests for commodities and directions of trade."""

from __future__ import annotations

import pytest
from hypothesis import given

from sanctioncalc import Commodity, Direction, InvalidCapError, ParseError
from sanctioncalc import strategies as scst


class TestCommodity:
    """A commodity is a slug, a direction and an optional HS code."""

    @pytest.mark.parametrize(
        ("commodity", "text"),
        [
            # S/RES/2397 (2017) para 5: refined petroleum supplied to the DPRK
            (
                Commodity("refined-petroleum", Direction.IMPORT, "2710"),
                "refined-petroleum, import, HS 2710",
            ),
            # S/RES/2397 (2017) para 4: crude oil supplied to the DPRK
            (Commodity("crude-oil", Direction.IMPORT), "crude-oil, import"),
            # S/RES/2321 (2016) para 26: DPRK coal exports
            (Commodity("coal", "export"), "coal, export"),
            (Commodity("seafood"), "seafood, any"),
        ],
    )
    def test_text(self, commodity: Commodity, text: str) -> None:
        """str lists name, direction and HS code; parse reads it back."""
        assert (text, commodity) == (str(commodity), Commodity.parse(text))

    def test_repr(self) -> None:
        """repr reads like the call that makes the value."""
        assert "Commodity.parse('coal, export')" == repr(Commodity("coal", Direction.EXPORT))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("crude-oil", Commodity("crude-oil")),
            ("crude-oil, HS 2709", Commodity("crude-oil", hs_code="2709")),
            ("  lpg,export,HS271112 ", Commodity("lpg", Direction.EXPORT, "271112")),
        ],
    )
    def test_short_forms(self, text: str, expected: Commodity) -> None:
        """Direction and HS code are optional; spacing is loose."""
        assert expected == Commodity.parse(text)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"name": "Crude Oil"}, "a lowercase slug"),
            ({"name": "crude--oil"}, "a lowercase slug"),
            ({"name": ""}, "a lowercase slug"),
            ({"name": "a" * 61}, "a lowercase slug"),
            ({"name": "coal", "hs_code": "271"}, "an HS code of 2, 4, 6, 8 or 10 digits"),
            ({"name": "coal", "hs_code": "27.01"}, "an HS code of 2, 4, 6, 8 or 10 digits"),
            ({"name": "coal", "hs_code": 2701}, "an HS code of 2, 4, 6, 8 or 10 digits"),
            ({"name": "coal", "direction": "outbound"}, "'import', 'export' or 'any'"),
        ],
    )
    def test_refused(self, kwargs: dict[str, object], message: str) -> None:
        """Bad slugs, HS codes and directions are refused, saying what is expected."""
        with pytest.raises(InvalidCapError, match=message):
            Commodity(**kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize("text", ["", "crude oil, import", "coal, outbound", "coal, HS 27.01"])
    def test_parse_refused(self, text: str) -> None:
        """Text that is not name[, direction][, HS code] is refused."""
        with pytest.raises(ParseError, match="text such as 'refined-petroleum, import, HS 2710'"):
            Commodity.parse(text)

    def test_parse_non_string(self) -> None:
        """Only text is parsed."""
        with pytest.raises(ParseError, match="got None"):
            Commodity.parse(None)  # type: ignore[arg-type]

    @given(scst.commodities())
    def test_parse_inverts_str(self, commodity: Commodity) -> None:
        """parse(str(x)) == x."""
        assert commodity == Commodity.parse(str(commodity))


class TestDirection:
    """Directions are seen from the targeted state."""

    @pytest.mark.parametrize(
        ("direction", "text"),
        [(Direction.IMPORT, "import"), (Direction.EXPORT, "export"), (Direction.ANY, "any")],
    )
    def test_text(self, direction: Direction, text: str) -> None:
        """str is the value, and the value reads back."""
        assert (text, direction) == (str(direction), Direction(text))
