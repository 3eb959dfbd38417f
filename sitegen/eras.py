"""Eras: the periods a site divides its story into (`[[eras]]` in site.toml).

An era is a title and a span of dates. The timeline prints its heading before
the first entry that falls in it, offers the eras as a filter beside the
categories, and timeline.json gives them to TimelineJS, which draws them as bands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .content import Entry, PartialDate
from .fields import INVALID, Field, Path, Schema, check_fields, field_label
from .i18n import format_period
from .schema import DateField, Text
from .texts import LanguageText, language_texts

ERA_SCHEMA = Schema(
    Field("title", Text(), required=True, doc="The era's name, e.g. 'Administrative justice reform'."),
    Field("start", DateField(), required=True, doc='Its first year, month or day; quote a month: "2020-06".'),
    Field("end", DateField(), required=True, doc="Its last year, month or day, same forms, not before start."),
    Field("description", Text(), default="", doc="A sentence shown under the era's heading."),
)


@dataclass(frozen=True, slots=True)
class EraConfig:
    title: str
    start: PartialDate
    end: PartialDate
    description: str = ""
    anchor: str = ""  # the id of its heading on the timeline, from its start: era-2020-06
    translations: dict[str, LanguageText] = field(default_factory=dict)

    def contains(self, date: PartialDate) -> bool:
        """Whether an entry of `date` belongs to the era: its first day falls within it."""
        return self.start.first_day() <= date.first_day() <= self.end.last_day()


@dataclass(frozen=True, slots=True)
class Era:
    """An era as one language's timeline shows it."""

    anchor: str
    title: str
    description: str
    period: str  # its span, as the language writes a period
    start: PartialDate
    end: PartialDate
    year: int  # the year of its first entry: where its heading is when the timeline splits by year

    @property
    def key(self) -> str:
        """Its name in a filtered timeline's address (?era=2020-06-29): the heading's id without `era-`."""
        return self.anchor.removeprefix("era-")


check_fields(EraConfig, ERA_SCHEMA, computed=("anchor", "translations"))
check_fields(Era, ERA_SCHEMA, computed=("anchor", "period", "year"))


def parse_eras(raw: Any, languages: tuple[str, ...], report: Callable[..., None]) -> tuple[EraConfig, ...]:
    """`[[eras]]` tables, each checked, in order of their start; overlapping eras are a warning."""
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        return ()  # none, or not tables: EraTables has said so
    eras: list[tuple[int, EraConfig]] = []
    anchors: set[str] = set()
    for index, item in enumerate(raw):
        at: Path = ("eras", index)
        values = ERA_SCHEMA.parse(item, at, report, extra=frozenset(languages[1:]))
        texts = language_texts(item, at, languages[1:], report)
        for lang in languages[1:]:
            if lang not in texts:
                hint = f"add [eras.{lang}] with a title after this [[eras]]; the {languages[0]} title is used meanwhile"
                report(at, f"has no {lang} translation", hint, True)
        start, end = values.get("start"), values.get("end")
        if start in (None, INVALID) or end in (None, INVALID) or values.get("title") in (None, INVALID):
            continue
        if end.last_day() < start.first_day():
            report((*at, "end"), f"{end.iso} is before start {start.iso}", "end must not be before start")
            continue
        anchor, number = f"era-{start.iso}", 2
        while anchor in anchors:  # two eras that start together (a warning below) still get ids of their own
            anchor, number = f"era-{start.iso}-{number}", number + 1
        anchors.add(anchor)
        era = EraConfig(**values, anchor=anchor, translations=texts)
        eras.append((index, era))
    eras.sort(key=lambda pair: (pair[1].start.first_day(), pair[1].end.last_day()))
    reach: tuple[int, EraConfig] | None = None  # the earlier era that ends last
    for index, era in eras:
        if reach and era.start.first_day() <= reach[1].end.last_day():
            earlier = reach[1]
            report(
                ("eras", index),
                f"'{era.title}' ({era.start.iso} to {era.end.iso}) overlaps {field_label(('eras', reach[0]))}"
                f" '{earlier.title}' ({earlier.start.iso} to {earlier.end.iso})",
                "let one era end before the next starts, or an entry in both is shown under two headings",
                True,
            )
        if reach is None or era.end.last_day() > reach[1].end.last_day():
            reach = (index, era)
    return tuple(era for _, era in eras)


def site_eras(
    eras: Sequence[EraConfig], entries: Sequence[Entry], lang: str
) -> tuple[tuple[Era, ...], dict[str, tuple[Era, ...]]]:
    """The eras that hold an entry of this language's timeline, and the entries they start at, by slug.

    `entries` are in the timeline's order, so an era starts at the first of its
    entries the reader meets, whichever way the timeline runs.
    """
    shown: list[Era] = []
    starts: dict[str, tuple[Era, ...]] = {}
    for era in eras:
        first = next((entry for entry in entries if era.contains(entry.date)), None)
        if first is None:
            continue
        texts = era.translations.get(lang)
        localised = Era(
            anchor=era.anchor,
            title=texts.title if texts and texts.title else era.title,
            description=texts.description if texts and texts.description else era.description,
            period=format_period(era.start, era.end, lang),
            start=era.start,
            end=era.end,
            year=first.date.year,
        )
        shown.append(localised)
        starts[first.slug] = (*starts.get(first.slug, ()), localised)
    return tuple(shown), starts
