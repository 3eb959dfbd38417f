"""The site's values: complete when made, never mutated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .media import Medium


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day; never padded to 1 January."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        """The `<time datetime>` value, at the date's own precision."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """A year sorts before its months, a month before its days."""
        return (self.year, self.month or 0, self.day or 0)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The period's last day: feeds need a full timestamp for 'updated'."""
        if self.day is not None:
            return self.first_day()
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    archived_url: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    date: PartialDate
    note: str


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True, weakref_slot=True)  # render.EntryFragments keeps its card while it lives
class Entry:
    """One event, in one language (its own text, or the default language's as a fallback)."""

    slug: str
    lang: str  # the language its text is written in
    title: str
    date: PartialDate
    end_date: PartialDate | None
    categories: tuple[str, ...]
    sources: tuple[Source, ...]
    summary: str
    body_html: str
    path: str  # source file, relative to the site root
    draft: bool = False
    weight: int = 0  # orders entries of the same date, lower first
    corrections: tuple[Correction, ...] = ()
    headings: tuple[Heading, ...] = ()
    translated: bool = True  # False: shown in another language's site as a fallback
    key: bool = False  # a turning point: emphasised, and listed under Key moments
    cited: tuple[int, ...] = ()  # the source numbers the body's [@n] markers cite, in the order they appear
    media: tuple[Medium, ...] = ()  # photos and videos shown with it, first first

    @property
    def has_media(self) -> bool:
        """Whether its page shows a picture or a video, and so loads media.css."""
        return bool(self.media) or "<img " in self.body_html

    @property
    def has_video(self) -> bool:
        """Whether its page may frame a video player (see csp.py)."""
        return any(m.video for m in self.media)

    def citations_of(self, number: int) -> int:
        """How many markers cite source `number`: its list item links back to each."""
        return self.cited.count(number)

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], int, str, str]:
        """Same-date entries sort by weight, then title, then slug, so builds are deterministic."""
        return (self.date.sort_key, self.weight, self.title.casefold(), self.slug)

    @property
    def updated(self) -> PartialDate:
        """The latest dated change: the last correction, else the event's own date."""
        dates = [self.end_date or self.date, *(c.date for c in self.corrections)]
        return max(dates, key=lambda d: d.last_day())


@dataclass(frozen=True, slots=True)
class Page:
    """A static page such as About, in one language."""

    slug: str
    lang: str
    title: str
    body_html: str
    path: str
    headings: tuple[Heading, ...] = ()
    translated: bool = True


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    title: str
    description: str
    color: str
    translated: bool = True


@dataclass(frozen=True, slots=True)
class LanguageSite:
    """Everything one language's pages are made from, already sorted."""

    lang: str
    title: str
    description: str
    entries: tuple[Entry, ...]
    pages: tuple[Page, ...]
    categories: tuple[Category, ...]


@dataclass(frozen=True, slots=True)
class Content:
    """The loaded site: one LanguageSite per configured language, default first."""

    languages: tuple[LanguageSite, ...]
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)
