"""The events-per-year chart: a bar for every year between the first and the last, in the timeline's order."""

from __future__ import annotations

from sitegen.chart import LENGTH, make_chart
from sitegen.content import Category, Entry, LanguageSite, PartialDate

COURTS = Category("courts", "Courts", "", "#137031")
RIGHTS = Category("rights", "Rights", "", "#b8208a")
UNUSED = Category("unused", "Unused", "", "#5e4da1")


def event(slug: str, year: int, *categories: str) -> Entry:
    return Entry(
        slug=slug,
        lang="en",
        title=slug,
        date=PartialDate(year),
        end_date=None,
        categories=categories,
        sources=(),
        summary="",
        body_html="",
        path=f"content/entries/{slug}.md",
    )


def site(*entries: Entry) -> LanguageSite:
    return LanguageSite("en", "T", "D", entries, (), (COURTS, RIGHTS, UNUSED))


def test_every_year_between_the_first_and_the_last_has_a_bar_and_a_quiet_year_an_empty_one() -> None:
    chart = make_chart(
        site(event("a", 2019, "rights"), event("b", 2019, "courts", "rights"), event("c", 2022, "rights"))
    )
    assert [(bar.year, bar.total, bar.counts) for bar in chart.bars] == [
        (2019, 2, (1, 1)),  # an event counts once, under its first category
        (2020, 0, (0, 0)),
        (2021, 0, (0, 0)),
        (2022, 1, (0, 1)),
    ]
    assert chart.categories == (COURTS, RIGHTS)  # only those with events, in the site's order
    assert chart.tallest == 2
    first = chart.bars[0].segments
    assert [(s.category.slug, s.count, s.x, s.width) for s in first] == [
        ("courts", 1, 0.0, LENGTH / 2),
        ("rights", 1, LENGTH / 2, LENGTH / 2),
    ]
    assert chart.bars[1].segments == ()
    assert [(s.x, s.width) for s in chart.bars[3].segments] == [(0.0, LENGTH / 2)]


def test_a_newest_first_timeline_gets_its_bars_newest_first() -> None:
    chart = make_chart(site(event("c", 2022, "courts"), event("a", 2019, "courts")))
    assert [bar.year for bar in chart.bars] == [2022, 2021, 2020, 2019]


def test_a_site_without_events_has_no_bars() -> None:
    assert make_chart(site()).bars == ()
