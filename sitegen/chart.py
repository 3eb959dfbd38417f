"""The 'events per year, by category' chart: geometry computed here, drawn as inline SVG by a template."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .content import Category, LanguageSite

HEIGHT = 160
LABEL_SPACE = 18  # below the bars, for the year
TOTAL_SPACE = 16  # above the tallest bar, for its total
BAR_WIDTH = 28
GAP = 10


@dataclass(frozen=True, slots=True)
class Rect:
    category: Category
    count: int
    y: float
    height: float


@dataclass(frozen=True, slots=True)
class Bar:
    year: int
    total: int
    x: int
    top: float
    rects: tuple[Rect, ...]


@dataclass(frozen=True, slots=True)
class Row:
    year: int
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bar_width: int
    bars: tuple[Bar, ...]
    categories: tuple[Category, ...]  # those with at least one event, in site order
    rows: tuple[Row, ...]


def make_chart(site: LanguageSite) -> Chart:
    """Each event counts once, under its first category; years run oldest first."""
    by_year: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for entry in site.entries:
        by_year[entry.date.year][entry.categories[0]] += 1
    years = sorted(by_year)
    used = tuple(c for c in site.categories if any(by_year[y][c.slug] for y in years))
    tallest = max((sum(by_year[y].values()) for y in years), default=1)
    scale = (HEIGHT - LABEL_SPACE - TOTAL_SPACE) / tallest
    bars, rows = [], []
    for index, year in enumerate(years):
        counts = by_year[year]
        bottom = float(HEIGHT - LABEL_SPACE)
        rects = []
        for category in used:
            if counts[category.slug]:
                height = round(counts[category.slug] * scale, 2)
                bottom = round(bottom - height, 2)
                rects.append(Rect(category, counts[category.slug], bottom, height))
        bars.append(Bar(year, sum(counts.values()), GAP + index * (BAR_WIDTH + GAP), bottom, tuple(rects)))
        rows.append(Row(year, tuple(counts[c.slug] for c in used), sum(counts.values())))
    width = GAP + len(years) * (BAR_WIDTH + GAP)
    return Chart(max(width, 2 * GAP), HEIGHT, BAR_WIDTH, tuple(bars), used, tuple(rows))
