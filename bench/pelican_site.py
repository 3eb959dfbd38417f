"""The synthetic site as a Pelican project, and the command that builds it.

Same Markdown bodies, in Pelican's `Key: value` metadata format, every language:
a translation shares its original's slug and carries `Lang:`, so Pelican writes
it under `<lang>/entries/<slug>/` (its index, category, tag and archive pages
list the default language only). The first category is Pelican's category, the
others tags; sources are metadata printed by the article template, so Markdown
converts the same text as in our generator. Theme: Pelican's `simple`, with an
article template that shows sources and previous/next (set by a ten-line plugin),
pagination by 300 like our timeline, a page per year, Atom feeds per language
and category.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from synth import LANGUAGES, SourceText, full_date, read_site

SETTINGS = """\
SITENAME = "Synthetic reform timeline"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["entries"]
PAGE_PATHS = ["pages"]
TIMEZONE = "UTC"
DEFAULT_LANG = "{default}"
THEME = "simple"
THEME_TEMPLATES_OVERRIDES = ["overrides"]  # relative to the working directory: the project
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["neighbours"]
DEFAULT_PAGINATION = 300
ARTICLE_URL = "entries/{{slug}}/"
ARTICLE_SAVE_AS = "entries/{{slug}}/index.html"
ARTICLE_LANG_URL = "{{lang}}/entries/{{slug}}/"
ARTICLE_LANG_SAVE_AS = "{{lang}}/entries/{{slug}}/index.html"
PAGE_URL = "{{slug}}/"
PAGE_SAVE_AS = "{{slug}}/index.html"
PAGE_LANG_URL = "{{lang}}/{{slug}}/"
PAGE_LANG_SAVE_AS = "{{lang}}/{{slug}}/index.html"
YEAR_ARCHIVE_URL = "years/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "years/{{date:%Y}}/index.html"
CATEGORY_URL = "categories/{{slug}}/"
CATEGORY_SAVE_AS = "categories/{{slug}}/index.html"
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "categories/{{slug}}/feed.xml"
TRANSLATION_FEED_ATOM = "{{lang}}/feed.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.tables": {{}},
        "markdown.extensions.footnotes": {{"BACKLINK_TITLE": "Back to reference %d"}},
        "markdown.extensions.toc": {{"permalink": "#", "toc_depth": "2-4"}},
        "markdown.extensions.fenced_code": {{}},
        "markdown.extensions.sane_lists": {{}},
    }},
    "output_format": "html5",
}}
"""

ARTICLE = """\
{% extends "base.html" %}
{% block title %}{{ article.title|striptags }} · {{ SITENAME }}{% endblock %}
{% block content %}
<article>
  <h1>{{ article.title }}</h1>
  <p><time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time>
  · <a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a>
  {% for tag in article.tags %}· <a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a> {% endfor %}</p>
  {{ article.content }}
  <h2>Sources</h2>
  <ol>
  {% for n in range(1, 4) %}{% set source = article|attr("source" ~ n) %}{% if source %}
    {% set parts = source.split(" | ") %}
    <li><a href="{{ parts[3] }}">{{ parts[0] }}</a>, {{ parts[1] }}{% if parts[2] %}, {{ parts[2] }}{% endif %}</li>
  {% endif %}{% endfor %}
  </ol>
  <nav>
  {% if article.older %}<a rel="prev" href="{{ SITEURL }}/{{ article.older.url }}">{{ article.older.title }}</a>{% endif %}
  {% if article.newer %}<a rel="next" href="{{ SITEURL }}/{{ article.newer.url }}">{{ article.newer.title }}</a>{% endif %}
  </nav>
  {% for translation in article.translations %}
  <a href="{{ SITEURL }}/{{ translation.url }}" hreflang="{{ translation.lang }}">{{ translation.lang }}</a>
  {% endfor %}
</article>
{% endblock %}
"""

NEIGHBOURS = '''\
"""Previous and next article in date order (Pelican has no such links of its own)."""

from pelican import signals


def link(generator):
    articles = generator.articles
    for index, article in enumerate(articles):
        article.newer = articles[index - 1] if index > 0 else None
        article.older = articles[index + 1] if index + 1 < len(articles) else None


def register():
    signals.article_generator_finalized.connect(link)
'''


def convert(site: Path, dest: Path) -> None:
    """Write the Pelican project for the generated site at `site` into `dest` (replacing it)."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "overrides").mkdir(parents=True)
    (dest / "plugins").mkdir()
    (dest / "pelicanconf.py").write_text(SETTINGS.format(default=LANGUAGES[0]), "utf-8")
    (dest / "overrides" / "article.html").write_text(ARTICLE, "utf-8")
    (dest / "plugins" / "neighbours.py").write_text(NEIGHBOURS, "utf-8")
    originals: dict[str, SourceText] = {}
    for item in read_site(site):
        original = originals.setdefault(item.rel, item)
        suffix = "" if item.lang == LANGUAGES[0] else f".{item.lang}"
        target = dest / "content" / f"{item.rel}{suffix}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(metadata(item, original) + "\n" + item.body, "utf-8")


def metadata(item: SourceText, original: SourceText) -> str:
    lines = [f"Title: {item.front['title']}", f"Slug: {original.slug}", f"Lang: {item.lang}"]
    if item.rel.startswith("entries/"):
        front = original.front
        categories = front["categories"]
        lines += [f"Date: {full_date(front['date'])}", f"Category: {categories[0]}"]
        if len(categories) > 1:
            lines.append(f"Tags: {', '.join(categories[1:])}")
        titles = item.front.get("sources") or front["sources"]
        for n, (source, title) in enumerate(zip(front["sources"], titles, strict=True), start=1):
            fields = (title["title"], source.get("publisher", ""), source.get("date", ""), source.get("url", ""))
            lines.append(f"Source{n}: {' | '.join(fields)}")
        if item.front.get("summary"):
            lines.append(f"Summary: {item.front['summary']}")
    return "\n".join(lines) + "\n"


def command(python_bin: Path, project: Path, out: Path) -> list[str]:
    """A cold build: no content cache, into `out` (the caller empties it); run it in `project`."""
    pelican = python_bin / "pelican"
    settings = project / "pelicanconf.py"
    return [str(pelican), str(project / "content"), "-o", str(out), "-s", str(settings), "-q", "--ignore-cache"]
