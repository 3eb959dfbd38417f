"""Categories in site.toml: their schema, their label colours and their names in each language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .content import Category
from .contrast import AA_TEXT, contrast_with_white, readable_shade
from .schema import INVALID, Color, Field, Path, Report, Schema, Slug, Text
from .texts import LanguageText, language_texts

# Nine colours that each carry white text at WCAG AA contrast (>= 4.5:1).
DEFAULT_PALETTE = (
    "#1f5f8b",
    "#8a3b12",
    "#2e6b30",
    "#6a3d9a",
    "#9c2b4e",
    "#00646e",
    "#7a5a00",
    "#4a4a8c",
    "#5c5c5c",
)


class LabelColor(Color):
    """A category's colour: labels print white text on it, which WCAG AA asks to be readable."""

    describe = "a colour as #rrggbb, dark enough for white text"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        color = super().parse(value, at, report)
        if color is INVALID:
            return color
        ratio = contrast_with_white(color)
        if ratio < AA_TEXT:
            report(
                at,
                f"white text on {color} has a contrast of {int(ratio * 100) / 100}:1, below the {AA_TEXT}:1 of WCAG AA",
                f"use {readable_shade(color)}, the nearest shade of the same hue that reaches it",
            )
            return INVALID
        return color


CATEGORY_SCHEMA = Schema(
    Field("title", Text(), required=True, doc="The category's name, e.g. 'Administrative justice'."),
    Field("description", Text(), default="", doc="A sentence shown on the category's page."),
    Field("color", LabelColor(), doc="Label colour as #rrggbb; white text on it must meet WCAG AA."),
)


@dataclass(frozen=True, slots=True)
class CategoryConfig:
    slug: str
    title: str
    description: str
    color: str
    translations: dict[str, LanguageText] = field(default_factory=dict)

    def in_language(self, lang: str, is_default: bool) -> Category:
        """The category as one language's pages name it: its own words there, or the default language's."""
        texts = self.translations.get(lang)
        return Category(
            slug=self.slug,
            title=texts.title if texts and texts.title else self.title,
            description=texts.description if texts and texts.description else self.description,
            color=self.color,
            translated=is_default or texts is not None,
        )


def parse_categories(
    raw_categories: Any, languages: tuple[str, ...], report: Callable[..., None]
) -> list[CategoryConfig]:
    """`[categories.<slug>]` tables, each checked; a missing translation is a warning."""
    if not isinstance(raw_categories, dict):
        report(("categories",), "must be tables such as [categories.courts]", None)
        return []
    categories = []
    for index, (slug, raw) in enumerate(raw_categories.items()):
        at: Path = ("categories", slug)
        Slug().parse(slug, at, report)
        values = CATEGORY_SCHEMA.parse(raw, at, report, extra=frozenset(languages[1:]))
        texts = language_texts(raw if isinstance(raw, dict) else {}, at, languages[1:], report)
        for lang in languages[1:]:
            if lang not in texts:
                report(
                    at,
                    f"has no {lang} translation",
                    f"add [categories.{slug}.{lang}] with a title; the {languages[0]} title is used meanwhile",
                    True,
                )
        categories.append(
            CategoryConfig(
                slug=slug,
                title=values.get("title") or slug,
                description=values.get("description") or "",
                color=values.get("color") or DEFAULT_PALETTE[index % len(DEFAULT_PALETTE)],
                translations=texts,
            )
        )
    return categories
