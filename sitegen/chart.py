"""The 'events per year' chart: a bar per year, split by category, drawn by partials/chart.html.

Every year from the first to the last has its bar, an empty one when nothing
happened that year, so that a quiet year shows as a gap in the story instead
of vanishing. Bars run in the timeline's own order, each linking to its year.
Lengths are in the SVG's units, 0 to LENGTH, the longest bar full; site.js
draws the bars again, on the same scale, for the categories a reader picks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .content import Category, LanguageSite

LENGTH = 100  # the longest bar, in the SVG's units


@dataclass(frozen=True, slots=True)
class Segment:
    category: Category
    count: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class Bar:
    year: int
    total: int
    segments: tuple[Segment, ...]
    counts: tuple[int, ...]  # per category of the chart, for its table


@dataclass(frozen=True, slots=True)
class Chart:
    bars: tuple[Bar, ...]
    categories: tuple[Category, ...]  # those with at least one event, in site order
    tallest: int  # the most events in one year: the full length

    @property
    def length(self) -> int:
        return LENGTH


def make_chart(site: LanguageSite) -> Chart:
    """Each event counts once, under its first category, as the timeline's cards are coloured."""
    by_year: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for entry in site.entries:
        by_year[entry.date.year][entry.categories[0]] += 1
    if not by_year:
        return Chart((), (), 0)
    listed = [entry.date.year for entry in site.entries]
    first, last = listed[0], listed[-1]
    step = 1 if last >= first else -1  # a site in descending order lists the newest year first
    years = range(first, last + step, step)
    used = tuple(c for c in site.categories if any(counts[c.slug] for counts in by_year.values()))
    tallest = max(sum(counts.values()) for counts in by_year.values())
    scale = LENGTH / tallest
    bars = []
    for year in years:
        counts = by_year.get(year, Counter())
        segments, x = [], 0.0
        for category in used:
            if count := counts[category.slug]:
                width = round(count * scale, 2)
                segments.append(Segment(category, count, round(x, 2), width))
                x += width
        bars.append(Bar(year, sum(counts.values()), tuple(segments), tuple(counts[c.slug] for c in used)))
    return Chart(tuple(bars), used, tallest)
