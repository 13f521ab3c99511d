"""Code a user writes against the errors type-checks under ``mypy --strict``.

CI runs mypy over this file: the annotations and ``assert_type`` calls are the test, and a
misspelt fact must stay a type error (the ``type: ignore`` below would be reported unused
if it were not).
"""

from __future__ import annotations

from typing import assert_type

import pytest

import sanctioncalc as sc


class TestTypedFacts:
    """The facts of a caught error are typed attributes."""

    def test_fix_of_a_caught_parse_error(self) -> None:
        """``except sc.ParseError as e: e.fix`` is a ``str | None``, here a str."""
        try:
            sc.Amount.parse("four barrels")
        except sc.ParseError as e:
            fix = assert_type(e.fix, str | None)
            field = assert_type(e.field, str | None)
        else:
            pytest.fail("the text was read")
        assert (str, str) == (type(fix), type(field))

    def test_file_and_record_of_a_catalog_error(self) -> None:
        """A catalog error's file and record are typed like its other facts."""
        e = sc.CatalogError(file="a.toml", record="2397", field="limit", got="-1")
        assert ("a.toml", "2397") == (assert_type(e.file, str | None), e.record)

    def test_facts_mapping(self) -> None:
        """``facts`` maps a name to its text."""
        e = sc.UnitMismatchError(field="new", got="bbl", expected="t", fix="pass factor=")
        facts = assert_type(e.facts, dict[str, str | None])
        assert ["expected", "field", "fix", "got"] == sorted(facts)

    def test_misspelt_fact(self) -> None:
        """A misspelt fact is a type error for mypy and a TypeError when run."""
        with pytest.raises(TypeError):
            sc.ParseError(field="Cap", fixx="give a number")  # type: ignore[call-arg]
