"""A card is rendered once per entry and language; a page depends on every entry only if its template lists them."""

from __future__ import annotations

import gc
from pathlib import Path

from jinja2 import DictLoader, Environment

from sitegen.content import Content, Entry, PartialDate
from sitegen.pipeline import BuildOptions, SiteBuilder
from sitegen.render import EntryFragments, PageJob, Plan, Urls, plan_site, reads_site_entries
from tests.conftest import entry as entry_text
from tests.conftest import make_site


class Card:
    """Stands in for the template's card macro, counting its calls."""

    name = "card"

    def __init__(self) -> None:
        self.made: list[str] = []

    def __call__(self, entry: Entry, lang: str) -> str:
        self.made.append(entry.title)
        return f'<li lang="{lang}">{entry.title}</li>'


def entry(title: str) -> Entry:
    return Entry("e", "en", title, PartialDate(2021), None, ("courts",), (), "Summary.", "<p>Body.</p>", "e.md")


def test_a_card_is_made_once_while_its_entry_lives_and_again_for_an_edited_entry() -> None:
    once, card = EntryFragments(), Card()
    first = entry("Courts open")
    assert once(card, first, "en") == once(card, first, "en") == '<li lang="en">Courts open</li>'
    assert card.made == ["Courts open"]
    edited = entry("Courts opened")  # an edit makes a new Entry: never the old card
    assert once(card, edited, "en") == '<li lang="en">Courts opened</li>'
    assert card.made == ["Courts open", "Courts opened"]
    del first
    gc.collect()
    assert len(once.made) == 1  # the old entry's card went with it


def test_a_template_reads_every_entry_through_what_it_extends_includes_or_imports() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "list.html": '{% extends "base.html" %}{% block main %}{% include "all.html" %}{% endblock %}',
                "all.html": "{% for e in site['entries'] %}{{ e.title }}{% endfor %}",
                "base.html": '{% from "macros.html" import card %}{% block main %}{% endblock %}',
                "macros.html": "{% macro card(entry) %}{{ entry.title }}{% endmacro %}",
                "one.html": '{% extends "base.html" %}{% block main %}{{ card(entry) }} {{ group.entries }}{% endblock %}',
                "chosen.html": "{% include page_template %}",
                "broken.html": "{% for %}",
            }
        )
    )
    assert reads_site_entries(env, "list.html")
    assert not reads_site_entries(env, "one.html")  # other `.entries` (a year group's) are not the site's
    assert reads_site_entries(env, "chosen.html")  # known only while rendering: assume it does
    assert reads_site_entries(env, "broken.html")
    assert reads_site_entries(env, "missing.html")


def test_a_second_plan_hands_back_every_job_an_edit_leaves_as_it_was(tmp_path: Path) -> None:
    files = {
        f"content/entries/2020-0{n}-01-{name}.md": entry_text(f"Event {name}", f"2020-0{n}-01")
        for n, name in enumerate("abcde", 1)
    }
    root = make_site(tmp_path, files)
    builder = SiteBuilder(BuildOptions(root=root, out=tmp_path / "out"))
    config, content, _ = builder.load()
    urls = Urls(config.base_url, config.base_path, config.languages)

    def reads(template: str) -> bool:
        return template == "timeline.html"

    def plan(content: Content, previous: Plan | None = None) -> list[PageJob]:
        return plan_site(content, config, urls, reads, previous)

    first = plan(content)
    previous = Plan({job.output: job for job in first}, {site.lang: site for site in content.languages})
    assert all(a is b for a, b in zip(plan(content, previous), first, strict=True))

    (root / "content/entries/2020-03-01-c.md").write_text(entry_text("Event c", "2020-03-01", body="Edited."))
    _, edited, _ = builder.load()
    again = plan(edited, previous)
    made = [job.output for job, old in zip(again, first, strict=True) if job is not old]
    # the entry, its neighbours (their links), the timeline (every entry) and its category (its card)
    assert made == [
        "index.html",
        "entries/b/index.html",
        "entries/c/index.html",
        "entries/d/index.html",
        "categories/courts/index.html",
    ]

    def values(jobs: list[PageJob]) -> list[tuple[object, ...]]:  # a kept job's `site` is an equal frame
        return [(j.output, j.template, j.inputs, {k: v for k, v in j.context.items() if k != "site"}) for j in jobs]

    assert values(again) == values(plan(edited))
