"""Slots through which value types reach code in a higher layer, filled in by the package.

Value types show themselves in Jupyter and IPython (``_repr_html_``, ``_repr_pretty_``) and
build data frames (``to_frame``) without importing the code that draws them: they call
:func:`renderer`, whose loader (installed by ``sanctioncalc/__init__.py``) imports
:mod:`sanctioncalc._render` on first use.  ``Amount.from_pint`` and ``Amount.to_pint`` reach
the pint boundary (:mod:`sanctioncalc._pint`) and ``Ledger.to_bulk`` the bulk path the
same way, so importing sanctioncalc imports neither the renderers, nor pint, nor numpy.
This module imports nothing from sanctioncalc.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast

__all__ = [
    "HtmlDisplay",
    "PintBoundary",
    "Renderer",
    "RichDisplay",
    "bulk_path",
    "install",
    "pint_boundary",
    "renderer",
]


class Renderer(Protocol):
    """What the render package provides (:mod:`sanctioncalc._render`)."""

    def to_html(self, value: object) -> str: ...
    def pretty(self, value: object, printer: Any) -> None: ...
    def frame(self, value: object) -> Any: ...


class PintBoundary(Protocol):
    """What the pint boundary provides (:mod:`sanctioncalc._pint`)."""

    def from_pint(self, quantity: Any) -> Any: ...
    def to_pint(self, amount: Any, registry: Any = None) -> Any: ...


_LOADERS: dict[str, Callable[[], object]] = {}
_LOADED: dict[str, object] = {}


def install(slot: str, loader: Callable[[], object]) -> None:
    """Fill *slot* ("render", "pint" or "bulk") with a loader called once, on first use."""
    _LOADERS[slot] = loader
    _LOADED.pop(slot, None)


def _load(slot: str) -> object:
    if slot not in _LOADED:
        _LOADED[slot] = _LOADERS[slot]()
    return _LOADED[slot]


def renderer() -> Renderer:
    """The render package, imported on first display."""
    return cast(Renderer, _load("render"))


def bulk_path() -> Any:
    """The bulk path's ``BulkLedger`` class, imported (with numpy) on first use."""
    return _load("bulk")


def pint_boundary() -> PintBoundary:
    """The pint boundary, imported on first use of pint."""
    return cast(PintBoundary, _load("pint"))


class HtmlDisplay:
    """``_repr_html_`` for Jupyter: an inline span or a table."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return renderer().to_html(self)


def _repr_pretty_(self: object, printer: object, cycle: bool) -> None:  # noqa: FBT001 - IPython's API
    renderer().pretty(self, printer)


class RichDisplay(HtmlDisplay):
    """``_repr_html_`` and, for IPython's text display, an aligned ``_repr_pretty_`` table."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # IPython walks the MRO and stops at the first class that defines __repr__ (attrs
        # writes one into every class), so each class needs _repr_pretty_ in its own dict.
        cls._repr_pretty_ = _repr_pretty_  # type: ignore[attr-defined]
