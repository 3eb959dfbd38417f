"""Translations: the checks across a translation and its original."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .load import ParsedFile


def check_translation(original: ParsedFile, translation: ParsedFile) -> list[Problem]:
    """A translation shares its original's date, end date and categories, and lists as many sources and corrections."""
    problems: list[Problem] = []
    for name in ("date", "end_date", "categories"):
        value = translation.fields.get(name)
        if value is not None and value != original.fields.get(name):
            shown = ", ".join(value) if isinstance(value, tuple) else value.iso
            problems.append(
                Problem(
                    translation.path,
                    translation.line(name),
                    name,
                    f"{shown} differs from the original in {original.path}",
                    f"a translation shares its original's {name}: remove it here",
                )
            )
    for name in ("sources", "corrections"):
        given, own = translation.fields.get(name) or (), original.fields.get(name) or ()
        if given and len(given) != len(own):
            problems.append(
                Problem(
                    translation.path,
                    translation.line(name),
                    name,
                    f"lists {len(given)} but the original in {original.path} has {len(own)}",
                    "give one item per original item, in the same order",
                )
            )
    return problems
