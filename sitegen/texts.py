"""The `[<table>.<lang>]` sub-tables of site.toml: a title and a description in each further language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import Field, Path, Report, Schema, Text

LANGUAGE_TEXT_SCHEMA = Schema(
    Field("title", Text(), doc="The title in this language."),
    Field("description", Text(), doc="The description in this language."),
)


@dataclass(frozen=True, slots=True)
class LanguageText:
    title: str
    description: str


def language_texts(
    raw: dict[str, Any], at: Path, languages: tuple[str, ...], report: Report
) -> dict[str, LanguageText]:
    """The sub-tables of `raw` named after `languages`, each checked."""
    texts = {}
    for lang in languages:
        if lang in raw:
            values = LANGUAGE_TEXT_SCHEMA.parse(raw[lang], (*at, lang), report)
            texts[lang] = LanguageText(values.get("title") or "", values.get("description") or "")
    return texts
