"""The `[<table>.<lang>]` sub-tables of site.toml: a title and a description in each further language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import Field, Path, Report, Schema, check_fields
from .schema import Text

LANGUAGE_TEXT_SCHEMA = Schema(
    Field("title", Text(), default="", doc="The title in this language."),
    Field("description", Text(), default="", doc="The description in this language."),
)


@dataclass(frozen=True, slots=True)
class LanguageText:
    title: str
    description: str


check_fields(LanguageText, LANGUAGE_TEXT_SCHEMA)


def language_texts(
    raw: dict[str, Any], at: Path, languages: tuple[str, ...], report: Report
) -> dict[str, LanguageText]:
    """The sub-tables of `raw` named after `languages`, each checked."""
    texts = {}
    for lang in languages:
        if lang in raw:
            values = LANGUAGE_TEXT_SCHEMA.parse(raw[lang], (*at, lang), report)
            texts[lang] = LanguageText(**(values or LANGUAGE_TEXT_SCHEMA.defaults()))  # none: not a table, reported
    return texts
