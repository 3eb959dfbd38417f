"""Translations: the checks across a translation and its original, and whether it is translated yet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Problem
from .schema import DateField, Field, ListOf, Schema, Slug, Table, Text

if TYPE_CHECKING:
    from .load import ParsedFile


TRANSLATED_SOURCE_SCHEMA = Schema(
    Field("title", Text(), doc="the source's title in this language"),
    Field("publisher", Text(), doc="the publisher's name in this language"),
)

TRANSLATION_SCHEMA = Schema(
    Field("title", Text(), required=True, doc="Headline in this language."),
    Field("summary", Text(), doc="One sentence in this language."),
    Field(
        "sources",
        ListOf(Table(TRANSLATED_SOURCE_SCHEMA, "a source title"), "a list of source titles"),
        doc="Only title/publisher, same order as the original.",
    ),
    Field(
        "corrections",
        ListOf(Table(Schema(Field("note", Text(), required=True)), "a correction note"), "a list of correction notes"),
        doc="Only notes, same order as the original.",
    ),
    Field("date", DateField(), doc="Must equal the original's; better left out."),
    Field("end_date", DateField(), doc="Must equal the original's; better left out."),
    Field("categories", ListOf(Slug(), "a list of category slugs"), doc="Must equal the original's; better left out."),
)

PAGE_TRANSLATION_SCHEMA = Schema(Field("title", Text(), required=True, doc="The page's title in this language."))


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


def unfinished(original: ParsedFile, translation: ParsedFile, lang: str, default: str) -> list[Problem]:
    """Warnings for a translation whose title or body is still the original's: until it is translated,
    its language's pages show the original, and coverage does not count it."""
    hint = f"translate it; until then the {lang} pages show the {default} text"
    problems = []
    if translation.fields.get("title") == original.fields.get("title"):
        message = f"is the same as in {original.path}"
        problems.append(Problem(translation.path, translation.line("title"), "title", message, hint, True))
    if translation.rendered.html and translation.rendered.html == original.rendered.html:
        problems.append(Problem(translation.path, None, "body", f"is the same as in {original.path}", hint, True))
    return problems
