"""The catalog: look-ups and queries over instruments, regimes and commodities, and the
bundled catalog loaded on first use.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Final, final

import attrs

from sanctioncalc._commodity import Commodity
from sanctioncalc._errors import CatalogError, InstrumentNotFoundError, shown

from .model import (
    _RES_RE,
    CatalogMeasure,
    Contents,
    Instrument,
    Regime,
    normalise_symbol,
    with_figure_provenance,
)
from .reader import _combine, _parse_document, _read_file, strict_json
from .writer import catalog_document

__all__ = [
    "Catalog",
    "catalog",
]


@final
@attrs.frozen(repr=False)
class Catalog:
    """Instruments, regimes and commodities, with look-ups and queries.

    >>> cat = catalog()
    >>> cat.instrument("res 2397").symbol
    'S/RES/2397 (2017)'
    """

    instruments: tuple[Instrument, ...]
    regimes: Mapping[str, Regime] = attrs.field(eq=False)
    commodities: Mapping[str, Commodity] = attrs.field(eq=False)
    _index: Mapping[str, Instrument] = attrs.field(eq=False, alias="_index")
    _measures: Mapping[str, CatalogMeasure] = attrs.field(eq=False, alias="_measures")
    #: Each commodity's title as the catalog files give it ("crude oil"), by slug.
    commodity_titles: Mapping[str, str] = attrs.field(factory=dict, eq=False, kw_only=True)
    #: The edition, once worked out (the catalog is immutable, so it never changes).
    _edition: list[str] = attrs.field(factory=list, eq=False, init=False, repr=False)

    @classmethod
    def _build(
        cls,
        instruments: Iterable[Instrument],
        regimes: Mapping[str, Regime],
        commodities: Mapping[str, Commodity],
        file: str,
    ) -> Catalog:
        index: dict[str, Instrument] = {}
        measures: dict[str, CatalogMeasure] = {}
        ordered = sorted(instruments, key=lambda i: (i.date, i.symbol))
        for instrument in ordered:
            key = normalise_symbol(instrument.symbol)
            if key in index:
                raise CatalogError(
                    file=file,
                    record=instrument.symbol,
                    field="symbol",
                    got=instrument.symbol,
                    expected="a symbol not already in the catalog",
                    fix="remove the duplicate record",
                )
            index[key] = instrument
            for m in instrument.measures:
                if m.id in measures:
                    raise CatalogError(
                        file=file,
                        record=f"{instrument.symbol} / {m.id}",
                        field="id",
                        got=m.id,
                        expected="a measure id unique across the catalog",
                        fix="rename it",
                    )
                measures[m.id] = m
        for m in measures.values():
            if m.superseded_by is not None and m.superseded_by not in measures:
                raise CatalogError(
                    file=file,
                    record=f"{m.instrument} / {m.id}",
                    field="superseded_by",
                    got=m.superseded_by,
                    expected="the id of a measure in the catalog",
                    fix="fix the id, or load the file that defines it first",
                )
        return cls(tuple(ordered), dict(regimes), dict(commodities), index, measures)

    @classmethod
    def _assemble(cls, contents: Contents, file: str) -> Catalog:
        titles = dict(contents.commodity_titles)
        built = cls._build(contents.instruments, contents.regimes, contents.commodities, file)
        edition = attrs.evolve(built, commodity_titles=titles).edition
        # Each figure carries its source, mark, instrument status and this edition.
        attached = [
            attrs.evolve(
                i, measures=tuple(with_figure_provenance(m, i, edition) for m in i.measures)
            )
            for i in built.instruments
        ]
        final = attrs.evolve(
            cls._build(attached, contents.regimes, contents.commodities, file),
            commodity_titles=titles,
        )
        final._edition.append(edition)  # the figures' provenance does not change the text
        return final

    @classmethod
    def from_files(cls, *paths: str | Path, base: Catalog | None = None) -> Catalog:
        """Load catalog files (JSON or TOML) on top of *base* (nothing by default).

        Records that repeat one in *base* must be identical; a differing one raises
        :class:`CatalogConflictError` naming the file, record and field.
        """
        result = base
        for path in paths:
            if not isinstance(path, str | PathLike):
                raise CatalogError(
                    file=shown(path, 60),
                    record="(file)",
                    field="(file)",
                    got=type(path).__name__,
                    expected="a path (str or pathlib.Path)",
                    fix="pass the catalog file's path",
                )
            contents = _parse_document(_read_file(Path(path)), str(path), result)
            result = cls._assemble(contents, str(path))
        if result is None:
            return cls._build((), {}, {}, "(empty)")
        return result

    @classmethod
    def bundled(cls) -> Catalog:
        """The catalog shipped with sanctioncalc (loaded once, thread-safe)."""
        return catalog()

    def merged(self, other: Catalog) -> Catalog:
        """This catalog plus *other*; a record defined differently in both is a conflict."""
        if not isinstance(other, Catalog):
            raise CatalogError(
                field="other",
                got=shown(other, 60),
                expected="a sanctioncalc.Catalog",
                fix="load one with sc.Catalog.from_files(path)",
            )
        origin = other.instruments[0].origin if other.instruments else "(merged)"
        combined = _combine(self, other.instruments, other.regimes, other.commodities, origin)
        titles = {**other.commodity_titles, **self.commodity_titles}
        return self._assemble(attrs.evolve(combined, commodity_titles=titles), origin)

    def to_json(self) -> str:
        """This catalog as one JSON document of the schema :meth:`from_files` reads.

        Loading the text back gives the same instruments (their ``origin`` aside), regimes,
        commodities and commodity titles.

        >>> import json
        >>> document = json.loads(catalog().to_json())
        >>> document["schema"], len(document["instruments"]) == len(catalog())
        ('sanctioncalc.catalog/1', True)
        """
        return json.dumps(catalog_document(self), indent=2, ensure_ascii=False) + "\n"

    @property
    def edition(self) -> str:
        """An identifier of this catalog's contents: ``sha256:`` and the first 16 hex digits
        of the digest of :meth:`to_json` with every record's origin left out.

        Two catalogs with the same instruments, regimes and commodities have the same
        edition, wherever they were loaded from; any change to a figure, source or mark
        changes it.  Outputs name it so that a published figure can be reproduced later.

        >>> catalog().edition == catalog().edition, catalog().edition.startswith("sha256:")
        (True, True)
        """
        if not self._edition:
            digest = hashlib.sha256(
                json.dumps(catalog_document(self), sort_keys=True, ensure_ascii=True).encode()
            ).hexdigest()
            self._edition.append(f"sha256:{digest[:16]}")
        return self._edition[0]

    def write(self, path: str | Path) -> Path:
        """Write :meth:`to_json` to *path* (UTF-8); returns the path.

        ``Catalog.from_files(catalog.write(path))`` reads back the same catalog.
        """
        if not isinstance(path, str | PathLike):
            raise CatalogError(
                file=shown(path, 60),
                record="(file)",
                field="(file)",
                got=type(path).__name__,
                expected="a path (str or pathlib.Path)",
                fix="pass the file's path",
            )
        target = Path(path)
        try:
            target.write_text(self.to_json(), encoding="utf-8")
        except (OSError, ValueError) as error:
            raise CatalogError(
                file=repr(str(target))[1:-1][:200],
                record="(file)",
                field="(file)",
                got=getattr(error, "strerror", None) or str(error),
                expected="a writable file",
                fix="check the path",
            ) from None
        return target

    def __or__(self, other: object) -> Catalog:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self.merged(other)

    def __repr__(self) -> str:
        return f"<Catalog: {len(self.instruments)} instruments, {len(self._measures)} measures>"

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self.instruments)

    def __len__(self) -> int:
        return len(self.instruments)

    # -- look-ups -----------------------------------------------------------------------------

    def instrument(self, symbol: str | Instrument) -> Instrument:
        """Find an instrument however its symbol is written (``2397``, ``S/RES/2397 (2017)``,
        ``res 2397``, ``S/2022/431``)."""
        if isinstance(symbol, Instrument):
            return symbol
        found = (
            self._index.get(normalise_symbol(symbol))
            if isinstance(symbol, str) and len(symbol) < 200
            else None
        )
        written = _RES_RE.fullmatch(" ".join(symbol.split())) if found is not None else None
        if found is not None and written and written[2] and f"({written[2]})" not in found.symbol:
            found = None  # "S/RES/2397 (2016)" names no resolution: the year is part of it
        if found is None:
            raise InstrumentNotFoundError(
                field="symbol",
                got=shown(symbol, 60),
                expected="one of " + ", ".join(i.symbol for i in self.instruments),
                fix="write a listed symbol; resolution numbers alone ('2397') also work",
            )
        return found

    def measure(self, measure_id: str) -> CatalogMeasure:
        """A measure by its id (``"2397-4-crude"``)."""
        found = self._measures.get(measure_id) if isinstance(measure_id, str) else None
        if found is None:
            raise InstrumentNotFoundError(
                field="measure",
                got=shown(measure_id, 60),
                expected="one of " + ", ".join(self._measures),
                fix="use a listed measure id",
            )
        return found

    def commodity(self, name: str) -> Commodity:
        """A commodity by slug; the error lists the slugs that exist."""
        slug = (
            name.strip().lower().replace(" ", "-").replace("_", "-")
            if isinstance(name, str)
            else ""
        )
        found = self.commodities.get(slug)
        if found is None:
            raise InstrumentNotFoundError(
                field="commodity",
                got=shown(name, 60),
                expected="one of " + ", ".join(sorted(self.commodities)),
                fix="use a listed commodity slug",
            )
        return found

    def measures(self, commodity: str | None = None) -> tuple[CatalogMeasure, ...]:
        """All measures, or those on one commodity, in instrument date order."""
        name = self.commodity(commodity).name if commodity is not None else None
        return tuple(
            m
            for i in self.instruments
            for m in i.measures
            if name is None or (m.commodity is not None and m.commodity.name == name)
        )

    def superseding(self, measure: CatalogMeasure) -> CatalogMeasure | None:
        """The measure that replaced *measure*, if any."""
        if not isinstance(measure, CatalogMeasure):
            raise InstrumentNotFoundError(
                field="measure",
                got=shown(measure, 60),
                expected="a CatalogMeasure",
                fix="look one up with catalog.measure(id)",
            )
        return self._measures[measure.superseded_by] if measure.superseded_by else None


_LOCK: Final = threading.Lock()
_BUNDLED: list[Catalog] = []


def catalog() -> Catalog:
    """The bundled catalog, loaded on first use (thread-safe) and cached.

    >>> catalog().instrument("S/2022/431").vote.in_favour
    13
    """
    if _BUNDLED:
        return _BUNDLED[0]
    with _LOCK:
        if not _BUNDLED:
            folder = resources.files("sanctioncalc").joinpath("data/catalog")
            result: Catalog | None = None
            for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                if not entry.name.endswith(".json"):
                    continue
                name = f"bundled:{entry.name}"
                contents = _parse_document(strict_json(entry.read_text("utf-8")), name, result)
                result = Catalog._assemble(contents, name)
            assert result is not None
            _BUNDLED.append(result)
    return _BUNDLED[0]
