"""Rich display hooks for Jupyter and IPython, shared by the value and result types.

The hooks defer to :mod:`sanctioncalc._display`, imported on first display only, so that
importing sanctioncalc stays cheap.
"""

from __future__ import annotations


class HtmlDisplay:
    """``_repr_html_`` for Jupyter: an inline span or a table (see ``_display.to_html``)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        from ._display import to_html  # noqa: PLC0415 - presentation loads on first display

        return to_html(self)


def _repr_pretty_(self: object, printer: object, cycle: bool) -> None:  # noqa: FBT001 - IPython's API
    from ._display import pretty  # noqa: PLC0415 - presentation loads on first display

    pretty(self, printer)


class RichDisplay(HtmlDisplay):
    """``_repr_html_`` and, for IPython's text display, an aligned ``_repr_pretty_`` table."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # IPython walks the MRO and stops at the first class that defines __repr__ (attrs
        # writes one into every class), so each class needs _repr_pretty_ in its own dict.
        cls._repr_pretty_ = _repr_pretty_  # type: ignore[attr-defined]
