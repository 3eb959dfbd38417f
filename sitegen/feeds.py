"""Files for machines: Atom feeds, sitemap.xml, robots.txt, timeline.json, entries.json.

Built with ElementTree and json.dumps(sort_keys=True) so the bytes are stable.
Namespaces are written as plain `xmlns` attributes on the root element, so no
module touches ElementTree's global prefix registry.
"""

from __future__ import annotations

import heapq
import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from .content import Entry, LanguageSite, PartialDate
from .eras import EraConfig, site_eras
from .i18n import format_period
from .urls import Route, Urls

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def timestamp(date: PartialDate) -> str:
    """RFC 3339 for Atom: the last day a partial date covers, at noon UTC."""
    return f"{date.last_day().isoformat()}T12:00:00Z"


def _newest(entries: Sequence[Entry]) -> PartialDate | None:
    return max((e.updated for e in entries), key=lambda d: d.last_day(), default=None)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def atom_feed(
    site: LanguageSite, entries: Sequence[Entry], urls: Urls, feed_route: Route, page: Route, title: str, size: int
) -> bytes:
    """An RFC 4287 feed of the `size` most recently changed `entries`, newest first; `feed_route` is
    the feed's own route, `page` its HTML page's.

    Ids are the pages' absolute URLs (see urls.py for a site without an address). `updated` is the latest correction or the
    event's end; an empty feed takes its language's newest change.
    """
    lang = site.lang
    titles = {c.slug: c.title for c in site.categories}
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": lang})
    ET.SubElement(feed, "id").text = urls.identity(feed_route)
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "subtitle").text = site.description
    updated = _newest(entries) or _newest(site.entries)
    ET.SubElement(feed, "updated").text = timestamp(updated) if updated else "1970-01-01T00:00:00Z"
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": urls.absolute(feed_route)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": urls.absolute(page)})
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = site.title
    ET.SubElement(author, "uri").text = urls.absolute(urls.route("timeline", lang))
    scheme = urls.absolute(urls.route("categories", lang))
    newest = heapq.nlargest(size, entries, key=lambda e: (e.updated.last_day(), e.slug))
    for entry in newest:
        route = urls.route("entry", lang, slug=entry.slug)
        link = urls.absolute(route)
        # xml:base: relative links in the body resolve against the entry page, as they do on the site.
        item = ET.SubElement(
            feed, "entry", {"xml:base": link, **({"xml:lang": entry.lang} if entry.lang != lang else {})}
        )
        ET.SubElement(item, "id").text = urls.identity(route)
        ET.SubElement(item, "title").text = entry.title
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": link})
        ET.SubElement(item, "published").text = timestamp(entry.date)
        ET.SubElement(item, "updated").text = timestamp(entry.updated)
        for slug in entry.categories:
            ET.SubElement(
                item,
                "category",
                {"term": slug, "label": titles.get(slug, slug), "scheme": scheme},
            )
        period = format_period(entry.date, entry.end_date, lang)
        ET.SubElement(item, "summary").text = f"{period}: {entry.summary}"
        ET.SubElement(item, "content", {"type": "html"}).text = entry.body_html
    return _xml(feed)


def sitemap(pages: Sequence[tuple[str, str, str]], urls: Urls) -> bytes:
    """Every (kind, language, key) page, with xhtml:link alternates to the languages that have the same key."""
    routes = [Route(*page) for page in pages]
    languages: dict[str, list[str]] = {}
    for route in routes:
        languages.setdefault(route.key, []).append(str(route.lang))
    root = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for route in routes:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = urls.absolute(route)
        others = languages[route.key]
        if len(others) < 2:
            continue
        for other in others:
            href = urls.absolute(route.in_language(other))
            ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": other, "href": href})
        default = urls.languages[0] if urls.languages[0] in others else others[0]
        href = urls.absolute(route.in_language(default))
        ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": "x-default", "href": href})
    return _xml(root)


def robots(urls: Urls) -> bytes:
    """Crawlers find the sitemap here; robots.txt counts only at a host's root, which a sub-path site may not own."""
    sitemap = urls.absolute(urls.route("sitemap", None))
    listed = f"\nSitemap: {sitemap}\n" if urls.base_url else ""  # only a full address counts
    return f"User-agent: *\nAllow: /\n{listed}".encode()


def _timeline_date(date: PartialDate) -> dict[str, int]:
    """A TimelineJS3 date object: only the parts the entry knows, as numbers."""
    parts = {"year": date.year, "month": date.month, "day": date.day}
    return {name: value for name, value in parts.items() if value is not None}


def _html_text(text: str) -> str:
    """Plain text as HTML content: only &, < and > need escaping outside attributes."""
    return html.escape(text, quote=False)


def timeline_json(site: LanguageSite, urls: Urls, eras: Sequence[EraConfig] = ()) -> bytes:
    """The language's entries in TimelineJS3's JSON format, for embedding.

    The shown period goes in the slide's own display_date, which TimelineJS
    prefers over formatting start and end itself; headline and text are HTML.
    The eras that hold an entry become TimelineJS eras, drawn to their last day.
    """
    lang = site.lang
    titles = {c.slug: c.title for c in site.categories}
    events = []
    for entry in sorted(site.entries, key=lambda e: e.sort_key):
        link = html.escape(urls.absolute(urls.route("entry", lang, slug=entry.slug)))
        event: dict[str, object] = {
            "unique_id": entry.slug,
            "start_date": _timeline_date(entry.date),
            "display_date": format_period(entry.date, entry.end_date, lang),
            "text": {
                "headline": _html_text(entry.title),
                "text": f'<p>{_html_text(entry.summary)}</p><p><a href="{link}">{link}</a></p>',
            },
            "group": titles.get(entry.categories[0], entry.categories[0]),
            "categories": list(entry.categories),  # not TimelineJS's (it ignores them): `import` reads them back
            "autolink": False,
        }
        if entry.end_date:
            event["end_date"] = _timeline_date(entry.end_date)
        events.append(event)
    title = {"text": {"headline": _html_text(site.title), "text": f"<p>{_html_text(site.description)}</p>"}}
    data: dict[str, object] = {"scale": "human", "title": title, "events": events}
    shown, _ = site_eras(eras, site.entries, lang)
    if shown:
        data["eras"] = [
            {
                "start_date": _timeline_date(era.start),
                "end_date": _timeline_date(PartialDate(*era.end.last_day().timetuple()[:3])),
                "end_precision": era.end.precision,  # not TimelineJS's (it ignores it): `import` reads the end back
                "text": {
                    "headline": _html_text(era.title),
                    **({"text": f"<p>{_html_text(era.description)}</p>"} if era.description else {}),
                },
            }
            for era in shown
        ]
    return _json(data)


def _date(date: PartialDate | None) -> dict[str, str] | None:
    """A date with its precision, so that '2021' never reads as 1 January 2021."""
    return {"iso": date.iso, "precision": date.precision} if date else None


def entries_json(site: LanguageSite, urls: Urls) -> bytes:
    """Every entry's data for reuse: dates keep their precision, categories are described once."""
    lang = site.lang
    categories = [
        {
            "slug": c.slug,
            "title": c.title,
            "description": c.description,
            "url": urls.absolute(urls.route("category", lang, slug=c.slug)),
            "feed": urls.absolute(urls.route("category_feed", lang, slug=c.slug)),
        }
        for c in site.categories
    ]
    items = [
        {
            "slug": entry.slug,
            "url": urls.absolute(urls.route("entry", lang, slug=entry.slug)),
            "lang": entry.lang,
            "translated": entry.translated,
            "title": entry.title,
            "summary": entry.summary,
            "date": _date(entry.date),
            "end_date": _date(entry.end_date),
            "display_date": format_period(entry.date, entry.end_date, lang),
            "updated": _date(entry.updated),
            "categories": list(entry.categories),
            "sources": [
                {
                    "title": s.title,
                    "url": s.url,
                    "publisher": s.publisher,
                    "date": _date(s.date),
                    "archived_url": s.archived_url,
                }
                for s in entry.sources
            ],
            "corrections": [{"date": _date(c.date), "note": c.note} for c in entry.corrections],
        }
        for entry in sorted(site.entries, key=lambda e: e.sort_key)
    ]
    return _json(
        {
            "language": lang,
            "title": site.title,
            "description": site.description,
            "url": urls.absolute(urls.route("timeline", lang)),
            "feed": urls.absolute(urls.route("feed", lang)),
            "timeline": urls.absolute(urls.route("timeline_json", lang)),
            "categories": categories,
            "entries": items,
        }
    )


def _json(data: object) -> bytes:
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
