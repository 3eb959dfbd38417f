"""Translations: what one may hold, what it shares with its original, and the checks across the two.

RULE says it for writers; README.md (through reference.py) and CONTRIBUTING.md quote it word for word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .content import PartialDate, Source
from .errors import Problem
from .fields import Field, Schema
from .media import MEDIA_OWN
from .names import default_slug
from .schema import ListOf, Table

if TYPE_CHECKING:
    from .load import ParsedFile

RULE = (
    "A translation may repeat any field of the original, so copying the whole file is a fine way to start one."
    " Its own are the texts in its language: `title`, `summary`, the body, each source's `title` and"
    " `publisher`, each correction's `note`, each media item's `alt`, `caption` and `credit`, and a source's `url` and `archived_url` when they lead to that"
    " language's version of the document (for a law on adilet.zan.kz, its `/rus/` or `/kaz/` page)."
    " Everything else (`date`, `end_date`, `categories`, `slug`, `draft`, `weight`, a source's or a"
    " correction's `date`) must be the same as in the original, or be left out."
)
SHARED = "As in the original: may be repeated, must be the same."

# A translation's own fields (`list.key` for a key of each item of a list), with their docs.
ENTRY_OWN = {
    "title": "Headline in this language.",
    "summary": "One sentence in this language.",
    "sources": "Same order as the original's; each may give its title and publisher in this language, and url"
    " and archived_url of this language's version of the document; its date as in the original.",
    "sources.title": "the title of this language's version, as published",
    "sources.publisher": "the publisher's name in this language",
    "sources.url": "this language's version of the document",
    "sources.archived_url": "a copy of this language's version",
    "corrections": "Same order as the original's; each may give its note in this language; its date as in"
    " the original.",
    "corrections.note": "the note in this language",
    **MEDIA_OWN,
}
PAGE_OWN = {"title": "The page's title in this language."}


def translation_schema(original: Schema, own: Mapping[str, str]) -> Schema:
    """Every field of `original`, none required but the title: those in `own` are the translation's, the
    others are shared and must equal the original's."""
    fields = []
    for field in original:
        kind = field.kind
        if isinstance(kind, ListOf) and isinstance(kind.item, Table):
            items = Schema(
                *(Field(f.name, f.kind, doc=own.get(f"{field.name}.{f.name}", SHARED)) for f in kind.item.schema)
            )
            kind = type(kind)(Table(items, kind.item.describe), kind.describe)  # `media:` may be one item
        fields.append(Field(field.name, kind, required=field.name == "title", doc=own.get(field.name, SHARED)))
    return Schema(*fields)


def check_translation(original: ParsedFile, translation: ParsedFile, own: Mapping[str, str]) -> list[Problem]:
    """A shared field a translation repeats must equal the original's; lists must have as many items."""
    problems: list[Problem] = []

    def differs(at: tuple[str | int, ...], label: str, value: Any, theirs: Any) -> None:
        none = "" if theirs is not None else ", which gives none"
        problems.append(
            Problem(
                translation.path,
                translation.line(*at),
                label,
                f"{_shown(value)} differs from the original in {original.path}{none}",
                f"a translation shares its original's {at[-1]}: remove it here, or make it the same",
            )
        )

    for name, value in translation.fields.items():
        if value is None:
            continue
        theirs = _effective(original, name)
        if not (value and isinstance(value, tuple) and isinstance(value[0], dict)):  # not a list of tables
            if name not in own and value != theirs:
                differs((name,), name, value, theirs)
            continue
        if len(value) != len(theirs or ()):
            problems.append(
                Problem(
                    translation.path,
                    translation.line(name),
                    name,
                    f"lists {len(value)} but the original in {original.path} has {len(theirs or ())}",
                    "give one item per original item, in the same order",
                )
            )
            continue
        for index, (item, their_item) in enumerate(zip(value, theirs, strict=True)):
            for key, given in item.items():
                if given is not None and f"{name}.{key}" not in own and given != their_item.get(key):
                    differs((name, index, key), f"{name}[{index + 1}].{key}", given, their_item.get(key))
    return problems


def _effective(original: ParsedFile, name: str) -> Any:
    """The original's value as built: a slug left out is the one its file name gives."""
    value = original.fields.get(name)
    return (value or default_slug(original.key)) if name == "slug" else value


def _shown(value: Any) -> str:
    if isinstance(value, PartialDate):
        return value.iso
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def language_sources(sources: tuple[dict[str, Any], ...], given: tuple[dict[str, Any], ...]) -> tuple[Source, ...]:
    """The original's sources as one language shows them: its own titles and publishers, and its own url
    (and archived copy) where it cites this language's version of the document."""
    shown = []
    for index, source in enumerate(sources):
        text = given[index] if index < len(given) else {}
        url = text.get("url") or source.get("url")
        same_document = url == source.get("url")
        shown.append(
            Source(
                title=text.get("title") or source["title"],
                url=url,
                publisher=text.get("publisher") or source.get("publisher"),
                date=source.get("date"),
                archived_url=text.get("archived_url") or (source.get("archived_url") if same_document else None),
            )
        )
    return tuple(shown)


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
