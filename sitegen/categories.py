"""Categories in site.toml: their schema, their label colours and their names in each language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .content import Category
from .fields import Field, Path, Schema, check_fields
from .schema import LabelColor, Slug, Text
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


check_fields(CategoryConfig, CATEGORY_SCHEMA, computed=("slug", "translations"))
check_fields(Category, CATEGORY_SCHEMA, computed=("slug", "translated"))


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
        if not values:  # not a table: reported
            continue
        texts = language_texts(raw if isinstance(raw, dict) else {}, at, languages[1:], report)
        for lang in languages[1:]:
            if lang not in texts:
                report(
                    at,
                    f"has no {lang} translation",
                    f"add [categories.{slug}.{lang}] with a title; the {languages[0]} title is used meanwhile",
                    True,
                )
        values["title"] = values.get("title") or slug
        values["color"] = values.get("color") or DEFAULT_PALETTE[index % len(DEFAULT_PALETTE)]
        categories.append(CategoryConfig(**values, slug=slug, translations=texts))
    return categories
