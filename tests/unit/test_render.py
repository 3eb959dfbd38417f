"""A card is rendered once per entry and language, a shared fragment once per site; a page depends on every entry only
if its template lists them."""

from __future__ import annotations

import gc
import gettext
import shutil
from pathlib import Path

from jinja2 import DictLoader, Environment

from sitegen.content import Entry, LanguageSite, PartialDate
from sitegen.render import EntryFragments, SiteFragments, Urls, make_environment, reads_site_entries


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


def site(title: str) -> LanguageSite:
    return LanguageSite("en", title, "A timeline.", (), (), ())


def test_a_fragment_is_rendered_once_per_site_and_values_and_again_for_the_next_build_s_site() -> None:
    calls: list[str] = []
    env = Environment(
        loader=DictLoader({"footer.html": "<footer>{{ site.title }} {{ lang }} {{ count(key) }}</footer>"})
    )
    env.globals["count"] = lambda key: calls.append(key) or key
    fragment = SiteFragments(env, "kk")
    first = site("Reforms")
    assert fragment("footer.html", first, key="a") == fragment("footer.html", first, key="a")
    assert str(fragment("footer.html", first, key="b")) == "<footer>Reforms kk b</footer>"
    assert calls == ["a", "b"]
    assert str(fragment("footer.html", site("Reforms, renamed"), key="a")) == "<footer>Reforms, renamed kk a</footer>"
    assert calls == ["a", "b", "a"]


def test_a_fragment_that_lists_the_entries_makes_its_pages_read_every_entry() -> None:
    env = Environment(
        loader=DictLoader(
            {
                "page.html": '<main></main>{{ fragment("footer.html", site) }}',
                "footer.html": "{% for e in site.entries %}{{ e.title }}{% endfor %}",
                "plain.html": '{{ fragment("nav.html", site) }}{{ other("footer.html") }}',
                "nav.html": "{{ site.title }}",
                "named_later.html": "{{ fragment(name, site) }}",
            }
        )
    )
    assert reads_site_entries(env, "page.html")
    assert not reads_site_entries(env, "plain.html")
    assert reads_site_entries(env, "named_later.html")


def test_compiled_templates_are_kept_yet_an_edited_template_or_an_unwritable_folder_renders_as_written(
    tmp_path: Path,
) -> None:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ word }}</p>\n")

    def render() -> str:
        env = make_environment([templates], "en", gettext.NullTranslations(), Urls(None, "/", ("en",)), cache)
        return env.get_template("page.html").render(word="one")

    assert render() == "<p>one</p>\n"
    assert len(list(cache.glob("templates-*/*"))) == 1  # kept for the next build
    (templates / "page.html").write_text("<p>{{ word }}, edited</p>\n")
    assert render() == "<p>one, edited</p>\n"
    for kept in cache.glob("templates-*/*"):
        kept.write_bytes(b"damaged")
    assert render() == "<p>one, edited</p>\n"
    shutil.rmtree(cache)
    cache.write_text("a file where the folder would be")
    assert render() == "<p>one, edited</p>\n"
