"""The synthetic site as a Hugo project with a minimal theme, and the command that builds it.

Hugo reads translations the way we do (`name.ru.md` beside `name.md`), so the
site is multilingual: en at the root, ru and kk under their prefixes. A
translation repeats its original's date, categories and sources (Hugo does not
inherit them). Partial dates become a day (`2014` -> `2014-01-01`) with the
precision kept as a parameter. Layouts: an index by year linking year pages
(entries live in one section per year), entry pages with sources and
previous/next, category pages (a taxonomy) paginated by 300 like our timeline,
and Hugo's built-in RSS feeds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from synth import CATEGORIES, LANGUAGES, SourceText, full_date, read_site

CONFIG = """\
baseURL = "https://example.org/timeline/"
title = "Synthetic reform timeline"
defaultContentLanguage = "{default}"
paginate = 300
disableKinds = ["robotsTXT"]
disableAliases = true
[permalinks]
  entries = "/entries/:slug/"
[taxonomies]
  category = "categories"
{languages}
"""

LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range $name, $terms := .Site.Taxonomies.categories }}<a href="{{ $terms.Page.RelPermalink }}">{{ $terms.Page.Title }}</a> {{ end }}</nav>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Lang }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ol>
{{ range (where .Site.RegularPages "Section" "entries").GroupByDate "2006" "asc" }}
{{ with $.Site.GetPage (printf "/entries/%s" .Key) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}: {{ len .Pages }}</li>
{{ end }}
</ol>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if eq .Kind "section" }}{{ $pages = .RegularPagesRecursive }}{{ end }}
{{ range (.Paginate $pages.ByDate).Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ partial "date.html" . }}<p>{{ .Summary }}</p></article>
{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ end }}
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ if .Params.precision }}{{ partial "date.html" . }}{{ end }}
<p>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
{{ with .Params.sources }}<h2>Sources</h2><ol>
{{ range . }}<li>{{ with .url }}<a href="{{ . }}">{{ end }}{{ .title }}{{ if .url }}</a>{{ end }}{{ with .publisher }}, {{ . }}{{ end }}{{ with .date }}, {{ . }}{{ end }}</li>{{ end }}
</ol>{{ end }}
<nav>{{ with .Prev }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .Next }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>
{{ end }}
""",
    "partials/date.html": """\
{{ $format := "January 2, 2006" }}{{ if eq .Params.precision "month" }}{{ $format = "January 2006" }}{{ else if eq .Params.precision "year" }}{{ $format = "2006" }}{{ end }}
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format $format }}</time>{{ with .Params.end_date }} – {{ . }}{{ end }}</p>
""",
}

SECTION_TITLES = {"en": "Entries", "ru": "События", "kk": "Оқиғалар"}


def convert(site: Path, dest: Path) -> None:
    """Write the Hugo project for the generated site at `site` into `dest` (replacing it)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    languages = "\n".join(
        f'[languages.{lang}]\n  weight = {n}\n  languageName = "{lang}"' for n, lang in enumerate(LANGUAGES, start=1)
    )
    (dest / "config.toml").write_text(CONFIG.format(default=LANGUAGES[0], languages=languages), "utf-8")
    for rel, text in LAYOUTS.items():
        path = dest / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    content = dest / "content"
    originals: dict[str, SourceText] = {}
    years: set[str] = set()
    for item in read_site(site):
        original = originals.setdefault(item.rel, item)
        target = content / f"{item.rel}{suffix(item.lang)}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter(item, original) + item.body, "utf-8")
        if item.rel.startswith("entries/"):
            years.add(item.rel.split("/")[1])
    for lang in LANGUAGES:
        write_index(content / "entries", lang, SECTION_TITLES[lang])
        for year in years:
            write_index(content / "entries" / year, lang, year)
        for slug, _, *titles in CATEGORIES:
            write_index(content / "categories" / slug, lang, titles[LANGUAGES.index(lang)])


def suffix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f".{lang}"


def write_index(folder: Path, lang: str, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"_index{suffix(lang)}.md").write_text(f"---\ntitle: {json.dumps(title)}\n---\n", "utf-8")


def front_matter(item: SourceText, original: SourceText) -> str:
    """YAML front matter; JSON strings are YAML strings, so every value is quoted safely."""
    data: dict[str, object] = {"title": item.front["title"], "slug": original.slug}
    if item.rel.startswith("entries/"):
        front = original.front
        date = front["date"]
        data.update(
            date=full_date(date),
            precision={4: "year", 7: "month"}.get(len(date), "day"),
            categories=front["categories"],
        )
        if front.get("end_date"):
            data["end_date"] = front["end_date"]
        titles = item.front.get("sources") or front["sources"]
        data["sources"] = [{**source, "title": t["title"]} for source, t in zip(front["sources"], titles, strict=True)]
        if item.front.get("summary"):
            data["summary"] = item.front["summary"]
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def command(hugo: str, project: Path, out: Path) -> list[str]:
    """A cold build into `out` (the caller empties it), Hugo's file caches ignored."""
    return [hugo, "--source", str(project), "--destination", str(out), "--ignoreCache", "--quiet"]
