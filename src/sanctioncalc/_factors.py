"""Exact rates and named, versioned conversion factors.

Mass and volume of oil only meet through a product-specific factor from a named table and
edition: "7.33 bbl/t" means nothing without "crude oil, Energy Institute 2021".  The
bundled tables live in ``data/factors.json`` with their sources and marks
(:class:`~sanctioncalc.Mark`).

A factor is named ``table/product``; the product may also be written as the table itself
labels it ("gas/diesel oil", "jet fuel", "LPG").  Each factor lists those labels as its
``names``, and only those: a name is never mapped to a product the table does not label so
(heavy fuel oil, mazut, bunker fuel are not residual fuel oil here), so a name found carries
the table's own mark.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from fractions import Fraction
from importlib import resources
from typing import Final, final

import attrs

from ._amount import Amount, exact_in
from ._errors import FactorNotFoundError, InvalidAmountError, ParseError, UnitMismatchError, shown
from ._fields import named, to_mark
from ._mark import Mark
from ._numbers import (
    RATIO_DIGITS,
    display_fraction,
    fraction_text,
    parse_fraction_text,
    to_fraction,
    ungroup,
)
from ._units import Unit, dimension_fix, to_unit

__all__ = ["ConversionFactor", "Rate", "factor", "factor_names", "factor_tables"]


def _positive_fraction(value: object, field: str = "value") -> Fraction:
    name = field
    result = to_fraction(value, name, digits=RATIO_DIGITS)
    if result <= 0:
        raise InvalidAmountError(
            field=name, got=str(value), expected="a positive ratio", fix="a factor or price is > 0"
        )
    return result


def _unit(value: object) -> Unit:
    return to_unit(value)


@final
@attrs.frozen(repr=False, field_transformer=named)
class Rate:
    """An exact ratio with a unit, such as a break-even price of 400,870,018/7,500,000 USD/t.

    >>> r = Rate(Fraction(400_870_018, 7_500_000), "USD/t")
    >>> str(r)
    '53.45 USD/t'
    >>> Rate.parse(r.exact) == r
    True
    """

    value: Fraction = attrs.field(converter=_positive_fraction)
    unit: Unit = attrs.field(converter=_unit)

    def __str__(self) -> str:
        return f"{display_fraction(self.value)} {self.unit}"

    @property
    def exact(self) -> str:
        """Exact text that :meth:`parse` inverts: ``'200435009/3750000 USD/t'``."""
        return f"{fraction_text(self.value)} {self.unit}"

    def __repr__(self) -> str:
        return f"Rate.parse({self.exact!r})"

    @classmethod
    def parse(cls, text: str) -> Rate:
        """Read ``"53.45 USD/t"`` or ``"160/21 bbl/t"``."""
        number, _, unit = text.strip().partition(" ") if isinstance(text, str) else ("", "", "")
        if not number or not unit or len(text) > 2300:
            raise ParseError(
                field="Rate",
                got=shown(text, 60),
                expected="a number and a unit, such as '160/21 bbl/t'",
                fix="write the value, a space, then the unit",
            )
        # str() groups thousands ('1,500 bbl/t'): read them back; n/d stays as written.
        num, slash, den = number.partition("/")
        return cls(parse_fraction_text(ungroup(num) + slash + den, "Rate.value"), unit.strip())

    def rounded(self, places: int = 2) -> str:
        """Display text rounded half-up to *places*."""
        return f"{display_fraction(self.value, places)} {self.unit}"


def _label(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    # to_text() joins the fields with " | " and parse() splits and strips them: a '|', a
    # control character or outer spaces would not come back as written.
    if (
        not isinstance(value, str)
        or "|" in value
        or len(value) > 500
        or value != value.strip()
        or not value.isprintable()
        or (attribute.name == "name" and not value)
    ):
        raise InvalidAmountError(
            field=f"ConversionFactor.{attribute.name}",
            got=shown(value, 60),
            expected="text of at most 500 printable characters, without '|' or outer spaces"
            + (" (not empty)" if attribute.name == "name" else ""),
            fix="'|' separates the fields of the factor's text form; use another character",
        )


def _simple_unit(value: object, field: str = "value") -> Unit:
    unit = to_unit(value)
    if unit.is_quotient:
        raise UnitMismatchError(
            field=field,
            got=unit.symbol,
            expected="a simple unit such as 'bbl' or 't'",
            fix="a factor runs from one simple unit to another; a price is a Rate",
        )
    return unit


@final
@attrs.frozen(repr=False, field_transformer=named)
class ConversionFactor:
    """A named factor: ``value`` units of ``to_unit`` per one ``from_unit`` of one product.

    >>> f = factor("ei-2021/crude-oil")
    >>> str(f)
    'ei-2021/crude-oil: 7.33 bbl/t (crude-oil, EI 2021, V)'
    >>> convert_with(Amount(100_000, "t"), f, "bbl")
    Amount('733000', 'bbl')
    """

    name: str = attrs.field(validator=_label)
    value: Fraction = attrs.field(converter=_positive_fraction)
    from_unit: Unit = attrs.field(converter=_simple_unit)
    to_unit: Unit = attrs.field(converter=_simple_unit)
    product: str = attrs.field(default="", validator=_label)
    table: str = attrs.field(default="", validator=_label)
    edition: str = attrs.field(default="", validator=_label)
    source: str = attrs.field(default="", validator=_label)
    mark: Mark = attrs.field(default=Mark.U, converter=to_mark)

    def __attrs_post_init__(self) -> None:
        if self.from_unit.dimension == self.to_unit.dimension:
            raise UnitMismatchError(
                field="ConversionFactor.to_unit",
                got=f"{self.from_unit} to {self.to_unit}",
                expected="units of two different dimensions",
                fix="same-dimension conversion is exact and needs no factor: use Amount.to()",
            )

    @property
    def rate(self) -> Rate:
        """The factor as a rate (``7.33 bbl/t``)."""
        return Rate(self.value, self.to_unit / self.from_unit)

    @property
    def short_source(self) -> str:
        """Table and edition in a few words (``EI 2021``)."""
        short = {
            "ei-2021": "EI",
            "bp-older": "BP",
            "unsd": "UNSD",
            "1718-committee": "1718 Committee",
        }
        key = self.name.split("/")[0]
        return f"{short[key]} {self.edition}" if key in short else (self.table or "user-defined")

    def __str__(self) -> str:
        return (
            f"{self.name}: {display_fraction(self.value, 4)} {self.to_unit}/{self.from_unit} "
            f"({self.product or 'any product'}, {self.short_source}, {self.mark})"
        )

    def __repr__(self) -> str:
        if _lookup().get(self.name) == self:
            return f"sanctioncalc.factor({self.name!r})"
        # Every field that is set, so that eval(repr(f)) == f (table and source included).
        extra = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("table", "edition", "source")
            if getattr(self, name)
        )
        return (
            f"ConversionFactor(name={self.name!r}, value=Fraction({fraction_text(self.value)!r}), "
            f"from_unit={str(self.from_unit)!r}, to_unit={str(self.to_unit)!r}, "
            f"product={self.product!r}{extra}, mark={self.mark.value!r})"
        )

    def to_text(self) -> str:
        """Complete text form, fields separated by ``" | "``; :meth:`parse` inverts it."""
        fields = (
            self.name,
            f"{fraction_text(self.value)} {self.to_unit}/{self.from_unit}",
            self.product,
            self.table,
            self.edition,
            self.source,
            self.mark.value,
        )
        return " | ".join(fields)

    @classmethod
    def parse(cls, text: str) -> ConversionFactor:
        """Read :meth:`to_text` output, or a short ``"name | 7.33 bbl/t"``."""
        parts = (
            [p.strip() for p in text.split("|")]
            if isinstance(text, str) and len(text) < 5000
            else []
        )
        if len(parts) not in (2, 7) or any("|" in p for p in parts):
            raise ParseError(
                field="ConversionFactor",
                got=shown(text, 60),
                expected="'name | value to/from' or the seven fields of to_text()",
                fix="e.g. 'my-table/crude | 7.33 bbl/t'",
            )
        rate = Rate.parse(parts[1])
        den = rate.unit.denominator
        if den is None:
            raise ParseError(
                field="ConversionFactor",
                got=repr(parts[1]),
                expected="a unit over a unit, such as 'bbl/t'",
                fix="write the factor as to-unit per from-unit",
            )
        extra = dict(
            zip(("product", "table", "edition", "source", "mark"), parts[2:], strict=False)
        )
        return cls(parts[0], rate.value, den, rate.unit.numerator, **extra)

    def inverse_applies(self, amount_unit: Unit) -> bool:
        """Whether converting from *amount_unit* uses this factor inverted."""
        return to_unit(amount_unit).dimension == self.to_unit.dimension


def convert_with(
    amount: Amount, factor: ConversionFactor, to: Unit | str, *, places: int | None = None
) -> Amount:
    """Convert *amount* across dimensions with a named factor (either direction).

    The result is in *to*: exactly, or rounded half-up to *places*.  Raises
    :class:`InexactResultError` when it has no finite decimal form there and *places* is None.
    """
    target = to_unit(to)
    result = converted_base(amount, factor, target)
    return Amount.from_fraction(result / target.size, target, places=places)


def converted_base(amount: Amount, factor: ConversionFactor, target: Unit) -> Fraction:
    """*amount* converted with *factor* to *target*'s dimension, exactly, in its base unit."""
    if (
        amount.dimension == factor.from_unit.dimension
        and target.dimension == factor.to_unit.dimension
    ):
        result = exact_in(amount, factor.from_unit) * factor.value * factor.to_unit.size
    elif (
        amount.dimension == factor.to_unit.dimension
        and target.dimension == factor.from_unit.dimension
    ):
        result = exact_in(amount, factor.to_unit) / factor.value * factor.from_unit.size
    else:
        raise UnitMismatchError(
            field="factor",
            got=f"{factor.name} ({factor.from_unit} to {factor.to_unit}) for {amount.unit} "
            f"to {target}",
            expected=f"a factor between {amount.dimension} and {target.dimension}",
            fix="choose a factor whose units match; see sanctioncalc.factor_names()",
        )
    return result


_LOCK: Final = threading.Lock()
_TABLES: dict[str, ConversionFactor] = {}
#: Factor names by table key, then by product key (:func:`product_key` of a label).
_NAMES: dict[str, dict[str, str]] = {}
_SPACES: Final = re.compile(r"[\s_-]+")


def product_key(text: str) -> str:
    """A product's name as a lookup key: lowercase, hyphens for spaces, none around ``/``.

    >>> product_key("  Gas Oil / Diesel "), product_key("residual_fuel_oil")
    ('gas-oil/diesel', 'residual-fuel-oil')
    """
    key = _SPACES.sub("-", text.strip().lower()).strip("-")
    return key.replace("-/", "/").replace("/-", "/")


def _lookup() -> dict[str, ConversionFactor]:
    if _TABLES:
        return _TABLES
    with _LOCK:
        if not _TABLES:
            raw = resources.files("sanctioncalc").joinpath("data/factors.json").read_text("utf-8")
            loaded: dict[str, ConversionFactor] = {}
            names: dict[str, dict[str, str]] = {}
            for table in json.loads(raw)["tables"]:
                labels = names.setdefault(table["key"], {})
                for row in table["factors"]:
                    name = f"{table['key']}/{row.get('name', row['product'])}"
                    for label in (row["product"], *row.get("names", ())):
                        # A row with a name of its own (a second direction) is found by it.
                        if "name" not in row:
                            labels[product_key(label)] = name
                    loaded[name] = ConversionFactor(
                        name=name,
                        value=parse_fraction_text(row["value"], name),
                        from_unit=row["from"],
                        to_unit=row["to"],
                        product=row["product"],
                        table=table["title"],
                        edition=table["edition"],
                        source=table["source"],
                        mark=table["mark"],
                    )
            _NAMES.update(names)
            _TABLES.update(loaded)
    return _TABLES


def _table_names() -> Mapping[str, Mapping[str, str]]:
    _lookup()
    return _NAMES


def table_factor(table: str, product: str) -> ConversionFactor | None:
    """The factor *table* lists for *product*, as named by the table's own labels, or None.

    >>> table_factor("unsd", "Gas/Diesel Oil").name, table_factor("ei-2021", "mazut")
    ('unsd/gas-oil-diesel', None)
    """
    name = _table_names().get(table.strip().lower(), {}).get(product_key(product))
    return None if name is None else _lookup()[name]


def table_products(table: str) -> tuple[str, ...]:
    """The products *table* lists, each with the labels it is also found by.

    >>> table_products("bp-older")
    ('gasoline', 'kerosene', 'gas-oil-diesel (diesel)', 'residual-fuel-oil')
    """
    rows: dict[str, list[str]] = {}
    for key, name in _table_names().get(table.strip().lower(), {}).items():
        product = _lookup()[name].product
        labels = rows.setdefault(product, [])
        if key != product:
            labels.append(key.replace("-", " "))
    return tuple(f"{p} ({', '.join(labels)})" if labels else p for p, labels in rows.items())


def factor_names() -> tuple[str, ...]:
    """Names of the bundled factors, ``table/product``.

    >>> "unsd/gas-oil-diesel" in factor_names()
    True
    """
    return tuple(_lookup())


def factor_tables() -> tuple[str, ...]:
    """Keys of the bundled tables (``ei-2021``, ``unsd``, ...)."""
    return tuple(dict.fromkeys(name.split("/")[0] for name in _lookup()))


#: The bundled factor that fits a commodity best, for hints (refined products as a basket).
_FITTING: Final = {"refined-petroleum": "ei-2021/product-basket"}


def mismatch_fix(a: str, b: str, commodity: str | None = None) -> str:
    """The hint for two dimensions that met without a conversion, fitted to the commodity.

    Barrels against tonnes of refined petroleum suggest the product basket, not crude oil:

    >>> mismatch_fix("volume", "mass", "refined-petroleum").partition(" (")[0]
    "pass factor=sc.factor('ei-2021/product-basket')"
    """
    if {a, b} != {"volume", "mass"}:
        return dimension_fix(a, b)
    name = _FITTING.get(commodity or "", f"ei-2021/{commodity}")
    if commodity is None or name not in _lookup():
        return (
            "pass factor=sc.factor(NAME) with a named factor for the product, such as "
            "'ei-2021/crude-oil' for crude or 'ei-2021/product-basket' for refined products; "
            "see sanctioncalc.factor_names()"
        )
    return (
        f"pass factor=sc.factor('{name}') (or another named factor for {commodity}; "
        "see sanctioncalc.factor_names())"
    )


def _containing(table: str, product: str) -> list[str]:
    """The table's factors whose product has every word of *product* (or its plural).

    Not a near spelling: "heavy fuel oil" is not offered residual fuel oil, while "fuel oil"
    is offered both of UNSD's fuel oils and residual fuel oil, so the choice shows.
    """
    words = set(re.split(r"[-/()]+", product_key(product))) - {""}
    found: list[str] = []
    for name in dict.fromkeys(_table_names()[table].values()):
        have = set(_lookup()[name].product.split("-"))
        if words and all(w in have or f"{w}s" in have for w in words):
            found.append(name)
    return found


def factor(name: str) -> ConversionFactor:
    """A bundled factor by name, such as ``"ei-2021/crude-oil"`` or ``"unsd/gas-oil-diesel"``.

    After the table key, the product may be written as the table labels it, in any case and
    spacing: ``"unsd/jet fuel"``, ``"unsd/Gas/Diesel Oil"``, ``"ei-2021/LPG"``.  A product
    the table does not list (``"ei-2021/mazut"``, ``"unsd/fuel oil"``, which could be its
    fuel oils or its residual fuel oil) raises :class:`FactorNotFoundError` listing the
    table's products; sanctioncalc never decides which of them a report meant.

    >>> factor("unsd/Jet Fuel") is factor("unsd/jet-fuel")
    True
    """
    found = _lookup().get(name.strip().lower()) if isinstance(name, str) else None
    # Only a name of plausible length is read as a table and a product.
    plausible = isinstance(name, str) and len(name) <= 200
    table, _, product = name.partition("/") if plausible else ("", "", "")
    if found is None and product:
        found = table_factor(table, product)
    if found is None:
        key = table.strip().lower()
        listed = key in _table_names() and product.strip()
        if listed:
            close = _containing(key, product)
        else:
            import difflib  # noqa: PLC0415 - only on the error path

            # Only for a name of plausible length: difflib on a 1 MB string takes a second.
            close = difflib.get_close_matches(name, list(_lookup()), n=3) if plausible else []
        raise FactorNotFoundError(
            field="factor",
            got=shown(name, 60),
            expected=(
                f"a product table {key} lists: " + "; ".join(table_products(key))
                if listed
                else "one of " + ", ".join(_lookup())
            ),
            fix=(f"did you mean {', '.join(map(repr, close))}? " if close else "")
            + (
                f"the table does not say which of its products {shown(product.strip())} is: if one "
                "of them is what was reported, name it and say so, "
                if listed
                else ""
            )
            + "or build your own sanctioncalc.ConversionFactor(...)",
        )
    return found
