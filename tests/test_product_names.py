"""Tests for finding a bundled factor by a product's name as a table or a report writes it.

Beside the public API, this module tests ``product_key``, ``table_factor`` and
``table_products`` (the look-up behind :func:`sanctioncalc.factor`) directly, and reads the
bundled ``factors.json`` itself as the oracle of which labels each table gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctioncalc import FactorNotFoundError, Mark, factor, factor_tables
from sanctioncalc._factors import product_key, table_factor, table_products


def tables() -> list[dict[str, Any]]:
    """The bundled tables, as the data file holds them."""
    raw = resources.files("sanctioncalc").joinpath("data/factors.json").read_text("utf-8")
    found: list[dict[str, Any]] = json.loads(raw)["tables"]
    return found


def labels() -> Iterator[tuple[str, str, str, str]]:
    """Each (table, label, factor name, table mark) the data file lists."""
    for table in tables():
        for row in table["factors"]:
            if "name" in row:  # a second direction, found by its own name only
                continue
            for label in (row["product"], *row.get("names", ())):
                yield table["key"], label, f"{table['key']}/{row['product']}", table["mark"]


LABELS = sorted(labels())


class TestTheTablesOwnLabels:
    """A product written as its table labels it finds that table's factor."""

    @pytest.mark.parametrize(
        ("name", "expected", "mark"),
        [
            # UN Statistics Division yearbook: jet fuel 7.77, gas/diesel oil 7.23 (DOMAIN §5, V)
            ("unsd/jet fuel", "unsd/jet-fuel", Mark.V),
            ("unsd/Jet Fuel", "unsd/jet-fuel", Mark.V),
            ("unsd/kerosene", "unsd/kerosene", Mark.V),
            ("unsd/gas/diesel oil", "unsd/gas-oil-diesel", Mark.V),
            ("unsd/diesel oil", "unsd/gas-oil-diesel", Mark.V),
            ("unsd/residual fuel oil", "unsd/residual-fuel-oil", Mark.V),
            ("unsd/fuel oils", "unsd/fuel-oils", Mark.V),
            ("unsd/crude", "unsd/crude-oil", Mark.V),
            # Energy Institute 2021: kerosene 7.88, gas oil/diesel 7.46 (DOMAIN §5, V)
            ("ei-2021/kerosene", "ei-2021/kerosene", Mark.V),
            ("ei-2021/Gas Oil / Diesel", "ei-2021/gas-oil-diesel", Mark.V),
            ("ei-2021/diesel", "ei-2021/gas-oil-diesel", Mark.V),
            ("ei-2021/LPG", "ei-2021/lpg", Mark.V),
            ("ei-2021/residual_fuel_oil", "ei-2021/residual-fuel-oil", Mark.V),
            # Older BP editions: diesel 7.5 (DOMAIN §5, V2)
            ("bp-older/diesel", "bp-older/gas-oil-diesel", Mark.V2),
            ("bp-older/kerosene", "bp-older/kerosene", Mark.V2),
            # 1718 Committee chart, LPG row: t to bbl ×11.6 (DOMAIN §5, V)
            ("1718-committee/LPG", "1718-committee/lpg", Mark.V),
        ],
    )
    def test_found(self, name: str, expected: str, mark: Mark) -> None:
        """The label finds the bundled factor itself, with its table's mark."""
        found = factor(name)
        assert (True, mark) == (found is factor(expected), found.mark)

    @pytest.mark.parametrize(("table", "label", "expected", "mark"), LABELS)
    def test_every_label_in_the_data(
        self, table: str, label: str, expected: str, mark: str
    ) -> None:
        """Every label the data file gives a factor finds it, and carries the table's mark."""
        found = factor(f"{table}/{label}")
        assert (expected, mark) == (found.name, found.mark.value)

    @given(st.sampled_from(LABELS), st.data())
    def test_any_case_and_spacing(
        self, row: tuple[str, str, str, str], data: st.DataObject
    ) -> None:
        """Case, spaces, hyphens and underscores between words do not change what is found."""
        table, label, expected, _ = row
        words = product_key(label).replace("/", " / ").split("-")
        seps = data.draw(st.lists(st.sampled_from([" ", "  ", "-", "_"]), min_size=len(words)))
        written = "".join(w + s for w, s in zip(words, seps, strict=False)).strip(" -_")
        written = "".join(c.upper() if data.draw(st.booleans()) else c for c in written)
        assert expected == factor(f"{table}/ {written} ").name

    def test_never_another_tables_factor(self) -> None:
        """A label is looked up in the table named, and only there."""
        assert (None, None) == (
            table_factor("ei-2021", "jet fuel"),
            table_factor("bp-older", "lpg"),
        )

    def test_products_listed(self) -> None:
        """A table's products are listed with the labels that also find them."""
        assert (
            "gas-oil-diesel (gas/diesel oil, gas oil, diesel oil)",
            "jet-fuel",
        ) == (table_products("unsd")[1], table_products("unsd")[4])


class TestNamesNoTableGives:
    """A product no table labels so is refused with the table's products, never guessed."""

    @pytest.mark.parametrize(
        "name",
        [
            # UNSD lists both "fuel oils" (6.91) and "residual fuel oil" (6.62)
            "unsd/fuel oil",
            "ei-2021/fuel oil",
            "ei-2021/heavy fuel oil",
            "unsd/heavy fuel oil",
            "unsd/HFO",
            "ei-2021/mazut",
            "unsd/mazut",
            # EI and the older BP editions give kerosene, not jet fuel
            "ei-2021/jet fuel",
            "bp-older/jet fuel",
            "unsd/jet fuel / kerosene",
            "ei-2021/jet fuel/kerosene",
            "unsd/lubricants",
            "ei-2021/lubricants",
            "ei-2021/bunker fuel",
            "unsd/bunker fuel",
            # UNSD lists motor gasoline and aviation gasoline
            "unsd/gasoline",
            "1718-committee/kerosene",
        ],
    )
    def test_refused(self, name: str) -> None:
        """The error names the table's products and says the table does not say which."""
        table, _, product = name.partition("/")
        with pytest.raises(
            FactorNotFoundError,
            match=rf"got '{name}', expected a product table {table} lists: .*"
            rf"the table does not say which of its products '{product}' is.*ConversionFactor",
        ):
            factor(name)

    @pytest.mark.parametrize("table", factor_tables())
    def test_every_product_is_listed(self, table: str) -> None:
        """The refusal lists every product of the table, so the choice can be made from it."""
        with pytest.raises(FactorNotFoundError) as caught:
            factor(f"{table}/mazut")
        products = {row["product"] for t in tables() if t["key"] == table for row in t["factors"]}
        assert all(p in (caught.value.expected or "") for p in products)

    @pytest.mark.parametrize(
        ("name", "offered"),
        [
            ("unsd/fuel oil", "'unsd/residual-fuel-oil', 'unsd/fuel-oils'"),
            ("unsd/gasoline", "'unsd/motor-gasoline', 'unsd/aviation-gasoline'"),
            ("ei-2021/crude", "'ei-2021/crude-oil'"),
        ],
    )
    def test_products_containing_the_words_are_offered(self, name: str, offered: str) -> None:
        """Products whose names hold every word are offered side by side, none chosen."""
        with pytest.raises(FactorNotFoundError, match=f"did you mean {offered}\\?"):
            factor(name)

    @pytest.mark.parametrize("name", ["ei-2021/heavy fuel oil", "ei-2021/jet fuel", "unsd/mazut"])
    def test_no_near_spelling_is_offered(self, name: str) -> None:
        """A product the table lacks is not offered a differently named one."""
        with pytest.raises(FactorNotFoundError) as caught:
            factor(name)
        assert "did you mean" not in str(caught.value)

    def test_unknown_table(self) -> None:
        """A table that does not exist lists every bundled factor name."""
        with pytest.raises(
            FactorNotFoundError, match=r"got 'opec/mazut', expected one of ei-2021/"
        ):
            factor("opec/mazut")

    def test_long_name(self) -> None:
        """A very long product name is refused without being looked at word by word."""
        with pytest.raises(FactorNotFoundError, match=r"expected one of"):
            factor("unsd/" + "fuel " * 100)
