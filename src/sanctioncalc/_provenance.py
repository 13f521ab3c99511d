"""Provenance: where the figures behind a result come from, and how far to trust them.

A result's provenance is the weakest mark of the *figures* it uses (limits, factors and
baselines from a catalog or a factor table; ``V > V2 > U``), the other origins of its
figures (``caller`` for figures passed in, ``outside estimate``, ``projection``), the
hypothetical statuses of the instruments involved (a proposal, a vetoed or never-voted
draft), notes (superseded before it applied, expired), and the sources themselves.

Figures the caller passed in are never ranked: they are the caller's, and a result built
only from them carries the one shared :data:`CALLER` value and prints exactly as before.

>>> from sanctioncalc import Mark
>>> draft = source_provenance(
...     "375,000 bbl", "S/2022/431 para 2", "https://example.org", Mark.V2,
...     instrument="S/2022/431", status="vetoed 26 May 2022")
>>> both = Provenance.combine(CALLER, draft)
>>> both.mark, both.flags
(Mark.V2, ('figure from a secondary source (V2)', 'hypothetical: S/2022/431 vetoed 26 May 2022'))
>>> Provenance.combine(CALLER, CALLER) is CALLER
True
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable
from typing import Any, Final, final

import attrs

from ._errors import ProvenanceError, StrictEnumType, shown
from ._mark import Mark

__all__ = [
    "CALLER",
    "Explanation",
    "Origin",
    "Provenance",
    "SourceRef",
]


def _refuse(
    instance: object, attribute: attrs.Attribute[Any], value: object, expected: str
) -> None:
    raise ProvenanceError(
        field=f"{type(instance).__name__}.{attribute.name}",
        got=shown(value, 40),
        expected=expected,
        fix="build provenance through the library's operations and catalogs",
    )


def _typed(kind: type | tuple[type, ...], expected: str, *, optional: bool = False) -> Any:
    """An attrs validator refusing anything but *kind* with a :class:`ProvenanceError`."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        if not isinstance(value, kind) or isinstance(value, bool):
            _refuse(instance, attribute, value, expected)

    return check


def _items(kind: type, expected: str) -> Any:
    """An attrs validator for a tuple (or frozenset) whose items are all *kind*."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple | frozenset) or not all(
            isinstance(item, kind) for item in value
        ):
            _refuse(instance, attribute, value, expected)

    return check


class Origin(enum.Enum, metaclass=StrictEnumType):
    """Where a figure that no catalog mark ranks came from."""

    CALLER = "caller"
    """Passed in by the caller: the caller's figure, never ranked as ``V``."""
    OUTSIDE_ESTIMATE = "outside estimate"
    """An estimate by an outside source, not a figure of the instrument's text."""
    PROJECTION = "projection"
    """Projected forward at a stated pace, not reported."""

    def __str__(self) -> str:
        return self.value


@final
@attrs.frozen
class SourceRef:
    """One figure a result uses, with its source: ``375,000 bbl: S/2022/431 para 2 ...``."""

    figure: str = attrs.field(validator=_typed(str, "text"))
    citation: str = attrs.field(validator=_typed(str, "text"))
    url: str | None = attrs.field(validator=_typed(str, "text or None", optional=True))
    mark: Mark = attrs.field(validator=_typed(Mark, "a sanctioncalc.Mark"))
    #: The instrument's status where it never took effect ("vetoed 26 May 2022"), if so.
    status: str | None = attrs.field(
        default=None, validator=_typed(str, "text or None", optional=True)
    )
    #: The edition of the catalog the figure was read from (``Catalog.edition``), if any.
    edition: str | None = attrs.field(
        default=None, validator=_typed(str, "text or None", optional=True)
    )

    def __str__(self) -> str:
        parts = [self.citation, self.status or "", f"{self.mark.short} ({self.mark})"]
        return f"{self.figure}: " + ", ".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        """The JSON form: ``figure``, ``citation``, ``url``, ``mark``, ``status``."""
        return {
            "figure": self.figure,
            "citation": self.citation,
            "url": self.url,
            "mark": self.mark.value,
            "status": self.status,
            "edition": self.edition,
        }


def _union(*groups: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


@final
@attrs.frozen(repr=False)
class Provenance:
    """The weakest mark, other origins, hypothetical statuses, notes and sources of a result.

    Combine provenances with :meth:`combine`; embedders fail closed with :meth:`require`.
    """

    #: The weakest mark of the ranked (catalog or table) figures, or None if none was used.
    mark: Mark | None = attrs.field(
        default=None, validator=_typed(Mark, "a sanctioncalc.Mark or None", optional=True)
    )
    origins: frozenset[Origin] = attrs.field(
        default=frozenset(), validator=_items(Origin, "a frozenset of sanctioncalc.Origin")
    )
    #: The hypothetical statuses of the instruments involved, in words.
    hypothetical: tuple[str, ...] = attrs.field(
        default=(), validator=_items(str, "a tuple of texts")
    )
    notes: tuple[str, ...] = attrs.field(default=(), validator=_items(str, "a tuple of texts"))
    sources: tuple[SourceRef, ...] = attrs.field(
        default=(), validator=_items(SourceRef, "a tuple of sanctioncalc.SourceRef")
    )

    @staticmethod
    def combine(*items: Provenance) -> Provenance:
        """The provenance of a result built from figures with the provenances *items*.

        The weakest mark wins; origins, hypothetical statuses, notes and sources are united.
        """
        for index, item in enumerate(items):
            if not isinstance(item, Provenance):
                raise ProvenanceError(
                    field=f"items[{index}]",
                    got=shown(item, 40),
                    expected="a sanctioncalc.Provenance",
                    fix="pass the .provenance of a result or a figure",
                )
        first = items[0] if items else CALLER
        if all(item is first for item in items):
            return first
        marks = [item.mark for item in items if item.mark is not None]
        return Provenance(
            mark=min(marks) if marks else None,
            origins=frozenset().union(*(item.origins for item in items)),
            hypothetical=_union(*(item.hypothetical for item in items)),
            notes=_union(*(item.notes for item in items)),
            sources=_union(*(item.sources for item in items)),
        )

    def with_notes(self, *notes: str) -> Provenance:
        """This provenance with *notes* added (a superseded or expired measure's note)."""
        for index, note in enumerate(notes):
            if not isinstance(note, str):
                raise ProvenanceError(
                    field=f"notes[{index}]",
                    got=shown(note, 40),
                    expected="text",
                    fix="pass each note as a str",
                )
        added = tuple(n for n in notes if n and n not in self.notes)
        return attrs.evolve(self, notes=self.notes + added) if added else self

    @property
    def editions(self) -> tuple[str, ...]:
        """The editions of the catalogs whose figures the result uses."""
        return tuple(dict.fromkeys(s.edition for s in self.sources if s.edition))

    @property
    def is_plain(self) -> bool:
        """Whether there is nothing to flag: no weak mark, estimate, projection or draft."""
        return not self.flags

    @property
    def is_hypothetical(self) -> bool:
        """Whether an instrument involved never took effect (a proposal or failed draft)."""
        return bool(self.hypothetical)

    @property
    def flags(self) -> tuple[str, ...]:
        """What a reader must be told, in words (empty for caller or V-only figures)."""
        flags: list[str] = []
        if self.mark is Mark.V2:
            flags.append("figure from a secondary source (V2)")
        elif self.mark is Mark.U:
            flags.append("figure unverified (U)")
        if Origin.OUTSIDE_ESTIMATE in self.origins:
            flags.append("includes an outside estimate")
        if Origin.PROJECTION in self.origins:
            flags.append("includes a projection")
        flags += [f"hypothetical: {h}" for h in self.hypothetical]
        return tuple(flags)

    @property
    def mark_text(self) -> str:
        """The mark column: ``V``, ``V2``, ``U``, or ``caller`` when no figure is ranked."""
        if self.mark is None:
            return "caller" if Origin.CALLER in self.origins or not self.origins else "-"
        return self.mark.value

    @property
    def status_text(self) -> str:
        """The status column: ``hypothetical`` when a draft is involved, else ``""``."""
        return "hypothetical" if self.hypothetical else ""

    def require(
        self,
        min_mark: Mark = Mark.V2,
        *,
        hypothetical: bool = False,
        outside_estimate: bool = False,
        projection: bool = False,
    ) -> None:
        """Refuse a result weaker than asked: raise :class:`ProvenanceError` naming why.

        *min_mark* is the weakest mark accepted for ranked figures; a figure the caller
        passed in is never ranked ``V``, so ``min_mark=Mark.V`` refuses it.  Hypothetical
        instruments, outside estimates and projections are refused unless allowed.

        >>> from sanctioncalc import Mark
        >>> CALLER.require(Mark.V2)
        >>> try:
        ...     CALLER.require(Mark.V)
        ... except ProvenanceError as error:
        ...     print(error.got)
        figures given by the caller
        """
        if not isinstance(min_mark, Mark):
            raise ProvenanceError(
                field="min_mark",
                got=shown(min_mark, 20),
                expected="a sanctioncalc.Mark",
                fix="pass Mark.V, Mark.V2 or Mark.U",
            )
        weak: list[str] = [str(s) for s in self.sources if s.mark < min_mark]
        if self.mark is not None and self.mark < min_mark and not weak:
            weak.append(f"figures marked {self.mark}")
        if min_mark is Mark.V and Origin.CALLER in self.origins:
            weak.append("figures given by the caller")
        if not hypothetical:
            weak += [f"hypothetical: {h}" for h in self.hypothetical]
        if not outside_estimate and Origin.OUTSIDE_ESTIMATE in self.origins:
            weak.append("an outside estimate")
        if not projection and Origin.PROJECTION in self.origins:
            weak.append("a projection")
        if weak:
            raise ProvenanceError(
                field="provenance",
                got="; ".join(dict.fromkeys(weak)),
                expected=f"figures marked {min_mark} or stronger"
                + ("" if hypothetical else ", from instruments that took effect"),
                fix="leave the weak inputs out, or accept them explicitly "
                "(e.g. require(Mark.U, hypothetical=True))",
            )

    def to_json(self) -> dict[str, Any]:
        """The JSON form: ``mark``, ``origins``, ``hypothetical``, ``notes``, ``flags``,
        ``sources``."""
        return {
            "mark": self.mark.value if self.mark is not None else None,
            "origins": sorted(o.value for o in self.origins),
            "hypothetical": list(self.hypothetical),
            "notes": list(self.notes),
            "flags": list(self.flags),
            "sources": [s.to_json() for s in self.sources],
        }

    def __str__(self) -> str:
        words = [f"mark {self.mark_text}", *list(self.flags), *list(self.notes)]
        return "; ".join(words)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # CALLER unpickles as itself, so that identity checks and repr survive a round trip.
        if self is CALLER:
            return "CALLER"
        return super().__reduce_ex__(protocol)

    def __repr__(self) -> str:
        if self == CALLER:
            return "sanctioncalc.CALLER"
        return (
            f"Provenance(mark={self.mark!r}, origins={set(self.origins) or '{}'}, "
            f"hypothetical={self.hypothetical!r}, notes={self.notes!r}, "
            f"sources={len(self.sources)} sources)"
        )


#: The provenance of a result built only from figures the caller passed in.
CALLER: Final = Provenance(origins=frozenset({Origin.CALLER}))


def check_provenance(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """The validator of every ``provenance`` field: a :class:`Provenance`, nothing else."""
    if value is not CALLER and not isinstance(value, Provenance):
        raise ProvenanceError(
            field=f"{type(instance).__name__}.{attribute.name}",
            got=shown(value, 40),
            expected="a sanctioncalc.Provenance",
            fix="leave it out for a figure of your own (sanctioncalc.CALLER)",
        )


def provenance_of(value: object) -> Provenance:
    """The provenance *value* carries (:data:`CALLER` for anything that carries none)."""
    found = getattr(value, "provenance", CALLER)
    return found if isinstance(found, Provenance) else CALLER


def combined(*values: object) -> Provenance:
    """The combined provenance of the figures *values* carry."""
    return Provenance.combine(*(provenance_of(v) for v in values))


def library_version() -> str:
    """The installed sanctioncalc version, which outputs name beside the catalog edition."""
    from importlib.metadata import version  # noqa: PLC0415 - costly to import; rarely used

    return version("sanctioncalc")


def flag_suffix(provenance: Provenance) -> str:
    """`` [⚠ …]`` naming what a reader must be told, or ``""`` when there is nothing."""
    flags = provenance.flags
    return f" [⚠ {'; '.join(flags)}]" if flags else ""


def input_line(figure: str, provenance: Provenance) -> str:
    """How an explanation names one input: its source, or "given by the caller"."""
    if provenance.sources:
        return "; ".join(str(s) for s in provenance.sources)
    if Origin.PROJECTION in provenance.origins:
        return f"{figure}: a projection"
    if Origin.OUTSIDE_ESTIMATE in provenance.origins:
        return f"{figure}: an outside estimate"
    return f"{figure}: given by the caller"


@final
@attrs.frozen
class Explanation:
    """A result's arithmetic written out with exact values, and each input's source.

    ``str()`` is the text form; ``_repr_html_`` the notebook form; :meth:`to_json` the JSON.
    """

    title: str = attrs.field(validator=_typed(str, "text"))
    steps: tuple[str, ...] = attrs.field(validator=_items(str, "a tuple of texts"))
    inputs: tuple[str, ...] = attrs.field(validator=_items(str, "a tuple of texts"))
    provenance: Provenance = attrs.field(validator=check_provenance)

    @property
    def text(self) -> str:
        """The text form (the same as ``str()``)."""
        return str(self)

    def __str__(self) -> str:
        lines = [self.title]
        lines += [f"  {step}" for step in self.steps]
        lines.append("inputs:")
        lines += [f"  {line}" for line in self.inputs]
        flags = list(self.provenance.flags) + list(self.provenance.notes)
        lines.append(f"provenance: mark {self.provenance.mark_text}")
        lines += [f"  ⚠ {flag}" for flag in flags]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        steps = "".join(f"<li><code>{e(s)}</code></li>" for s in self.steps)
        inputs = "".join(f"<li>{e(i)}</li>" for i in self.inputs)
        flags = "".join(
            f'<li class="sc-warn">⚠ {e(f)}</li>'
            for f in (*self.provenance.flags, *self.provenance.notes)
        )
        return (
            f'<div class="sanctioncalc-explanation"><strong>{e(self.title)}</strong>'
            f"<ol>{steps}</ol><p>inputs</p><ul>{inputs}</ul>"
            f"<p>provenance: mark {e(self.provenance.mark_text)}</p><ul>{flags}</ul></div>"
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON form: ``title``, ``steps``, ``inputs`` and ``provenance``."""
        return {
            "title": self.title,
            "steps": list(self.steps),
            "inputs": list(self.inputs),
            "provenance": self.provenance.to_json(),
        }


def explanation(
    title: str,
    steps: Iterable[str],
    inputs: Iterable[tuple[str, Provenance]],
    provenance: Provenance,
) -> Explanation:
    """An explanation from its steps and its (figure, provenance) inputs."""
    lines = _union(input_line(figure, p) for figure, p in inputs)
    return Explanation(title, tuple(steps), lines, provenance)


def source_provenance(
    figure: str,
    citation: str,
    url: str | None,
    mark: Mark,
    *,
    instrument: str | None = None,
    status: str | None = None,
    notes: Iterable[str] = (),
    edition: str | None = None,
) -> Provenance:
    """The provenance of one ranked figure read at *citation*.

    *status* is the hypothetical status of *instrument* ("vetoed 26 May 2022") when it never
    took effect.
    """
    return Provenance(
        mark=mark,
        hypothetical=(f"{instrument or citation} {status}",) if status else (),
        notes=tuple(notes),
        sources=(SourceRef(figure, citation, url, mark, status, edition),),
    )


def origin_provenance(origin: Origin, *, note: str | None = None) -> Provenance:
    """The provenance of figures with an origin no mark ranks (an estimate, a projection)."""
    return Provenance(origins=frozenset({origin}), notes=(note,) if note else ())
