"""`[[eras]]` in site.toml: checked at their lines, translated, and placed before their first entries."""

from __future__ import annotations

import tomllib

from sitegen.config import SiteConfig, parse_config, toml_lines
from sitegen.content import Entry, PartialDate
from sitegen.eras import site_eras

SITE = """\
[site]
title = "T"
description = "D"
base_url = "https://example.org/"
languages = ["en", "ru"]
"""

ERAS = """
[[eras]]
title = "Administrative justice reform"
start = 2020-06-29
end = 2021-07-01
description = "From the code's adoption to the courts' opening."

[eras.ru]
title = "Реформа административной юстиции"

[[eras]]
title = "Constitutional reform"
start = "2022-03"
end = 2023
"""


def parse(text: str) -> tuple[SiteConfig | None, list[str]]:
    config, problems = parse_config(tomllib.loads(text), toml_lines(text))
    return config, [str(p) for p in problems]


def test_eras_are_read_with_partial_dates_and_their_translations() -> None:
    config, problems = parse(SITE + ERAS)
    assert config is not None
    first, second = config.eras
    assert (first.title, first.start, first.end) == (
        "Administrative justice reform",
        PartialDate(2020, 6, 29),
        PartialDate(2021, 7, 1),
    )
    assert first.translations["ru"].title == "Реформа административной юстиции"
    assert (second.start, second.end, second.anchor) == (PartialDate(2022, 3), PartialDate(2023), "era-2022-03")
    assert problems == [
        "site.toml:16: warning: eras[2]: has no ru translation (add [eras.ru] with a title after this [[eras]];"
        " the en title is used meanwhile)"
    ]


def test_an_era_that_ends_before_it_starts_is_an_error_at_its_end() -> None:
    text = SITE + '\n[[eras]]\ntitle = "A"\nstart = 2021\nend = "2020-12"\n[eras.ru]\ntitle = "А"\n'
    config, problems = parse(text)
    assert config is None
    assert problems == ["site.toml:10: eras[1].end: 2020-12 is before start 2021 (end must not be before start)"]


def test_each_eras_mistakes_are_found_at_their_own_lines() -> None:
    text = SITE + ERAS.replace("end = 2023\n", 'end = 2023\nstrat = 2022\n[eras.ru]\ntitle = "К"\ncolour = 1\n')
    _, problems = parse(text)
    assert problems == [
        "site.toml:20: eras[2].strat: unknown key (did you mean 'start'?)",
        "site.toml:23: eras[2].ru.colour: unknown key (known keys: title, description)",
    ]


def test_overlapping_eras_are_a_warning_naming_both() -> None:
    text = SITE.replace('["en", "ru"]', '["en"]')
    text += '[[eras]]\ntitle = "Long"\nstart = 2015\nend = 2025\n[[eras]]\ntitle = "Short"\nstart = 2016\nend = 2017\n'
    text += '[[eras]]\ntitle = "Later"\nstart = 2019\nend = 2020\n'
    config, problems = parse(text)
    assert config is not None and [e.title for e in config.eras] == ["Long", "Short", "Later"]
    assert problems == [
        "site.toml:10: warning: eras[2]: 'Short' (2016 to 2017) overlaps eras[1] 'Long' (2015 to 2025) (let one era"
        " end before the next starts, or an entry in both is shown under two headings)",
        "site.toml:14: warning: eras[3]: 'Later' (2019 to 2020) overlaps eras[1] 'Long' (2015 to 2025) (let one era"
        " end before the next starts, or an entry in both is shown under two headings)",
    ]


def test_eras_that_are_not_tables_are_one_error() -> None:
    _, problems = parse('eras = "2020-2021"\n' + SITE)
    assert problems == [
        "site.toml:1: eras: must be [[eras]] tables, each with a title, start and end"
        " (write each era as a [[eras]] table)"
    ]


def make_entry(slug: str, date: PartialDate) -> Entry:
    return Entry(slug, "en", slug, date, None, ("courts",), (), "", "", f"content/entries/{slug}.md")


def test_an_era_starts_at_its_first_entry_in_the_timelines_order_and_empty_eras_are_left_out() -> None:
    config, _ = parse(SITE + ERAS + '[eras.ru]\ntitle = "К"\n[[eras]]\ntitle = "Empty"\nstart = 2030\nend = 2031\n')
    assert config is not None
    entries = [
        make_entry("year-before", PartialDate(2020)),  # 2020 as a whole starts before the era
        make_entry("adopted", PartialDate(2020, 6, 29)),
        make_entry("courts", PartialDate(2021, 7, 1)),
        make_entry("referendum", PartialDate(2022, 6, 5)),
    ]
    eras, starts = site_eras(config.eras, entries, "ru")
    assert [(e.title, e.period, e.year) for e in eras] == [
        ("Реформа административной юстиции", "29 июня 2020\u202fг. – 1 июля 2021\u202fг.", 2020),
        ("К", "март 2022\u202fг. – 2023", 2022),
    ]
    assert {slug: [e.anchor for e in found] for slug, found in starts.items()} == {
        "adopted": ["era-2020-06-29"],
        "referendum": ["era-2022-03"],
    }
    _, backwards = site_eras(config.eras, entries[::-1], "en")
    assert set(backwards) == {"courts", "referendum"}  # newest first: the era's latest entry comes first
