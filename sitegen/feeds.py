"""Files for machines: Atom feeds, sitemap.xml, robots.txt, timeline.json, entries.json.

Built with ElementTree and json.dumps(sort_keys=True) so the bytes are stable.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from .config import SiteConfig
from .content import Entry, LanguageSite, PartialDate
from .i18n import format_period
from .render import Urls

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
ET.register_namespace("", ATOM)


def timestamp(date: PartialDate) -> str:
    """RFC 3339 for Atom: the last day a partial date covers, at noon UTC."""
    return f"{date.last_day().isoformat()}T12:00:00Z"


def atom_feed(site: LanguageSite, entries: Sequence[Entry], urls: Urls, key: str, title: str, page_key: str) -> bytes:
    """An Atom feed of `entries`, newest first; `key` is the feed's own path."""
    lang = site.lang
    newest = sorted(entries, key=lambda e: (e.updated.last_day(), e.slug), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urls.absolute(lang, key)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = site.description
    updated = max((e.updated for e in entries), key=lambda d: d.last_day(), default=None)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = timestamp(updated) if updated else "1970-01-01T00:00:00Z"
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": urls.absolute(lang, key)}
    )
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": urls.absolute(lang, page_key)}
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site.title
    for entry in newest:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry", {"xml:lang": entry.lang} if entry.lang != lang else {})
        link = urls.absolute(lang, f"entries/{entry.slug}/")
        ET.SubElement(item, f"{{{ATOM}}}id").text = link
        ET.SubElement(item, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": link})
        ET.SubElement(item, f"{{{ATOM}}}published").text = timestamp(entry.date)
        ET.SubElement(item, f"{{{ATOM}}}updated").text = timestamp(entry.updated)
        for slug in entry.categories:
            ET.SubElement(item, f"{{{ATOM}}}category", {"term": slug})
        ET.SubElement(
            item, f"{{{ATOM}}}summary"
        ).text = f"{format_period(entry.date, entry.end_date, lang)}: {entry.summary}"
        ET.SubElement(item, f"{{{ATOM}}}content", {"type": "html"}).text = entry.body_html
    ET.indent(feed)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"
    )


def sitemap(keys: Sequence[str], urls: Urls, languages: Sequence[str], single: Sequence[str] = ()) -> bytes:
    """Every page in every language, each with its xhtml:link alternates."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for key in keys:
        for lang in languages:
            url = ET.SubElement(root, f"{{{SITEMAP}}}url")
            ET.SubElement(url, f"{{{SITEMAP}}}loc").text = urls.absolute(lang, key)
            if len(languages) > 1:
                for other in languages:
                    ET.SubElement(
                        url,
                        f"{{{XHTML}}}link",
                        {"rel": "alternate", "hreflang": other, "href": urls.absolute(other, key)},
                    )
                ET.SubElement(
                    url,
                    f"{{{XHTML}}}link",
                    {"rel": "alternate", "hreflang": "x-default", "href": urls.absolute(languages[0], key)},
                )
    ET.indent(root)
    ET.register_namespace("", ATOM)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
    )


def robots(urls: Urls) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.base_url}sitemap.xml\n".encode()


def _date_object(date: PartialDate, label: str) -> dict[str, str]:
    """TimelineJS3 date: only the parts the entry knows, plus a display_date."""
    parts = {"year": str(date.year), "display_date": label}
    if date.month is not None:
        parts["month"] = str(date.month)
    if date.day is not None:
        parts["day"] = str(date.day)
    return parts


def timeline_json(site: LanguageSite, urls: Urls) -> bytes:
    """The language's entries in TimelineJS3's JSON format, for embedding."""
    lang = site.lang
    events = []
    for entry in sorted(site.entries, key=lambda e: e.sort_key):
        link = urls.absolute(lang, f"entries/{entry.slug}/")
        event: dict[str, object] = {
            "unique_id": entry.slug,
            "start_date": _date_object(entry.date, format_period(entry.date, entry.end_date, lang)),
            "text": {
                "headline": entry.title,
                "text": f'<p>{html.escape(entry.summary)}</p><p><a href="{link}">{html.escape(link)}</a></p>',
            },
            "group": next((c.title for c in site.categories if c.slug == entry.categories[0]), entry.categories[0]),
        }
        if entry.end_date:
            event["end_date"] = _date_object(entry.end_date, format_period(entry.end_date, None, lang))
        events.append(event)
    data = {
        "title": {"text": {"headline": site.title, "text": f"<p>{html.escape(site.description)}</p>"}},
        "events": events,
    }
    return _json(data)


def entries_json(site: LanguageSite, config: SiteConfig, urls: Urls) -> bytes:
    """Every entry's data for reuse: dates keep their precision."""
    lang = site.lang
    items = []
    for entry in sorted(site.entries, key=lambda e: e.sort_key):
        items.append(
            {
                "slug": entry.slug,
                "url": urls.absolute(lang, f"entries/{entry.slug}/"),
                "lang": entry.lang,
                "translated": entry.translated,
                "title": entry.title,
                "summary": entry.summary,
                "date": entry.date.iso,
                "date_precision": entry.date.precision,
                "end_date": entry.end_date.iso if entry.end_date else None,
                "display_date": format_period(entry.date, entry.end_date, lang),
                "updated": entry.updated.iso,
                "categories": list(entry.categories),
                "sources": [
                    {
                        "title": s.title,
                        "url": s.url,
                        "publisher": s.publisher,
                        "date": s.date.iso if s.date else None,
                        "archived_url": s.archived_url,
                    }
                    for s in entry.sources
                ],
                "corrections": [{"date": c.date.iso, "note": c.note} for c in entry.corrections],
            }
        )
    return _json({"language": lang, "site": site.title, "base_url": urls.absolute(lang), "entries": items})


def _json(data: object) -> bytes:
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
