"""One TimelineJS slide as one entry: dates at their own precision, Markdown body, candidate sources.

What our entries cannot hold is kept as text in the body (a time of day, a display date that
says more than the date, the media as a link) or listed, so the import report can name it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from .content import PartialDate
from .htmltext import Link, host, plain, to_markdown, web_address
from .i18n import format_partial, format_period
from .media import video_of
from .scaffold import MEDIA_ALT, MEDIA_CREDIT
from .timelinejs import Media, Slide, When

# After TimelineJS's own list (src/js/media/MediaType.js), the kinds worth naming; images before Wikipedia pages.
MEDIA_KINDS = (
    ("YouTube video", r"^https?://(www\.|m\.)?(youtube\.com|youtu\.be)/"),
    ("Vimeo video", r"^https?://(player\.)?vimeo\.com/"),
    ("post on X (Twitter)", r"^https?://(www\.)?(twitter|x)\.com/"),
    ("SoundCloud audio", r"^https?://(www\.)?soundcloud\.com/"),
    ("Spotify audio", r"^https?://open\.spotify\.com/"),
    ("Google map", r"^https?://(www\.)?google\.[^/]+/maps"),
    ("Flickr photo", r"^https?://(www\.)?(flickr\.com/photos|flic\.kr/)"),
    ("Instagram post", r"^https?://(www\.)?(instagram\.com|instagr\.am)/"),
    ("DocumentCloud document", r"documentcloud\.org/"),
    ("image", r"\.(jpe?g|png|gif|svg|webp)(\?.*)?$"),
    ("Wikipedia article", r"^https?://[^/]+\.wikipedia\.org/"),
    ("PDF", r"\.pdf(\?.*)?(#.*)?$"),
    ("video", r"\.(mp4|webm)(\?.*)?$"),
    ("audio", r"\.(mp3|wav|m4a)(\?.*)?$"),
)


class Skip(Exception):
    """The slide cannot become an entry; the message says why, for the report."""


@dataclass
class Event:
    """A slide made ready to write: front-matter values, body, and what the report says of it."""

    where: str
    title: str
    date: PartialDate
    end_date: PartialDate | None
    body: str
    sources: list[Link]
    unique_id: str
    media: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    bare_body: str = ""  # the body without the media's line, for when the media becomes a `media` item
    item: dict[str, str] | None = None  # that item: a video's, or an image's but for its file
    picture: str = ""  # the image's address, to download beside the entry


def partial_date(when: When, key: str) -> PartialDate:
    """A TimelineJS date as ours, as precise as it is given; Skip when ours cannot hold it."""
    if when.year is None:
        raise Skip(f"{key} has no year")
    if when.year < 1:
        raise Skip(f"{key} year {when.year} is before year 1 (BCE), and entries' dates have years 0001 to 9999")
    if when.year > 9999:
        raise Skip(f"{key} year {when.year} is after 9999, and entries' dates have four-digit years")
    if when.month is None and when.day is not None:
        raise Skip(f"{key} has a day ({when.day}) but no month")
    if when.month is not None and not 1 <= when.month <= 12:
        raise Skip(f"{key} has no month {when.month} (months run from 1 to 12)")
    try:
        dt.date(when.year, when.month or 1, when.day or 1)
    except ValueError:
        raise Skip(f"{key} {when.year}-{when.month:02d}-{when.day:02d} is not a real day") from None
    return PartialDate(when.year, when.month, when.day)


def _clock(when: When | None) -> str:
    if when is None or when.hour is None:
        return ""
    text = f"{when.hour:02d}:{when.minute or 0:02d}"
    if when.second is not None or when.millisecond is not None:
        text += f":{when.second or 0:02d}"
    return text + (f".{when.millisecond:03d}" if when.millisecond is not None else "")


def _same(text: str, *forms: str) -> bool:
    def norm(value: str) -> str:
        return re.sub(r"[\s\u2009\u202f,.\-–—]+", " ", value).strip().casefold()

    return norm(text) in {norm(f) for f in forms}


def convert(slide: Slide, lang: str) -> Event:
    """The slide as an Event, or Skip; nothing is invented: a missing day stays missing."""
    if slide.problem:
        raise Skip(slide.problem)
    if slide.start is None:
        raise Skip("has no start date (TimelineJS skips it too)")
    title = plain(slide.headline)
    if not title:
        raise Skip("has no headline, and an entry needs a title")
    date = partial_date(slide.start, "the start date")
    notes, dropped = [], []
    end = partial_date(slide.end, "the end date") if slide.end and slide.end.year is not None else None
    start_time, end_time = _clock(slide.start), _clock(slide.end) if end else ""
    if end == date:
        end = None  # the same day (or month, or year): no period; TimelineJS drops it too
    elif end is not None and end.last_day() < date.first_day():
        dropped.append(f"the end date {end.iso}, before the start {date.iso}")
        end, end_time = None, ""
    if start_time or end_time:
        clock = f"{start_time} – {end_time}" if start_time and end_time else start_time or f"until {end_time}"
        notes.append(f"Time: {clock} (the timeline gave a time of day; entries hold dates only).")
    shown = [(slide.display_date, format_period(date, end, lang)), (slide.start.display_date, "")]
    if end is not None and slide.end is not None:
        shown.append((slide.end.display_date, format_partial(end, lang)))
    for text, formatted in shown:
        forms = (formatted, format_partial(date, lang), date.iso, *((end.iso,) if end else ()))
        note = f"Shown in the timeline as “{plain(text)}”."
        if text.strip() and not _same(plain(text), *forms) and note not in notes:
            notes.append(note)
    converted = to_markdown(slide.text, "the text")
    sources = list(converted.links)
    dropped += converted.dropped
    media = [f"an image in the text, kept as a link: {url}" for url in converted.images]
    quote, line = "", ""
    if slide.media and slide.media.url:
        line, quote, extra = _media(slide.media, media, dropped)
        sources += extra
    if slide.background:
        dropped.append(f"the background ({slide.background})")

    def body(lines: list[str]) -> str:
        parts = [converted.markdown, quote, "\n".join(f"- {note}" for note in lines)]
        return re.sub(r"[ \t]+\n\n", "\n\n", "\n\n".join(p for p in parts if p).strip())

    item, picture = media_item(slide.media) if line and slide.media else (None, "")
    linked = body([line, *notes] if line else notes)
    sources = _unique(sources)
    return Event(
        slide.where, title, date, end, linked, sources, slide.unique_id, media, dropped, body(notes), item, picture
    )


def media_item(media: Media) -> tuple[dict[str, str] | None, str]:
    """A YouTube or Vimeo video as a `media` item, or an image's item but for its file and the image's address;
    (None, "") for the other kinds, which stay links. A credit or alt the timeline lacks is a placeholder."""
    address = web_address(media.url) or ""
    kind = next((name for name, pattern in MEDIA_KINDS if re.search(pattern, address, re.I)), "")
    video = video_of(address)
    if video is None and kind != "image":
        return None, ""
    item = {"video": address} if video else {"alt": plain(media.alt) or MEDIA_ALT}
    if video and plain(media.alt or media.title):
        item["alt"] = plain(media.alt or media.title)
    if plain(media.caption):
        item["caption"] = plain(media.caption)
    item["credit"] = plain(media.credit) or MEDIA_CREDIT
    if not video:
        item["source_url"] = address
    return item, "" if video else address


def _unique(links: list[Link]) -> list[Link]:
    seen: dict[str, Link] = {}
    for link in links:
        seen.setdefault(link.url, link)
    return list(seen.values())


def _media(media: Media, report: list[str], dropped: list[str]) -> tuple[str, str, list[Link]]:
    """The media as a line of the body (or, for a quote or an embed, its Markdown) and its links to cite."""
    extra: list[Link] = []
    if media.url.lstrip().startswith("<"):  # TimelineJS takes a blockquote or an <iframe> as the media itself
        converted = to_markdown(media.url, "the media")
        dropped += converted.dropped
        quoted = "<blockquote" in media.url.lower()
        report.append("a quotation given as the media, kept in the body" if quoted else "an embed given as the media")
        return "", converted.markdown, list(converted.links)
    address = web_address(media.url)
    if address is None:
        dropped.append(f"the media {media.url!r} (not a full http(s) address)")
        return "", "", []
    kind = next((name for name, pattern in MEDIA_KINDS if re.search(pattern, address, re.I)), "web page")
    if kind != "image" and video_of(address) is None:  # those two: the import says what became of them
        report.append(f"{kind}, referenced as a link, not downloaded: {address}")
    details = [f"Media ({kind}): <{address}>"]
    credit_url = web_address(media.credit) if re.match(r"\s*https?://\S+\s*$", media.credit) else None
    for label, value in (("caption", media.caption), ("credit", "" if credit_url else media.credit)):
        if value.strip():
            converted = to_markdown(value, f"the media's {label}")
            dropped += converted.dropped
            extra += converted.links
            details.append(f"{label}: " + " ".join(converted.markdown.split()))
    if credit_url:
        extra.append(Link(host(credit_url), credit_url))
        details.append(f"credit: <{credit_url}>")
    link = web_address(media.link) if media.link.strip() else None
    if link:
        extra.append(Link(plain(media.title) or host(link), link))
        details.append(f"links to <{link}>")
    elif media.link.strip():
        dropped.append(f"the media's link {media.link!r} (not a full http(s) address)")
    for label, value in (("title", media.title), ("alt text", media.alt)):
        if plain(value):
            details.append(f"{label}: “{plain(value)}”")
    if media.thumbnail.strip():
        dropped.append(f"the media's thumbnail {media.thumbnail.strip()}")
    return "; ".join(details), "", extra


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def unfinished(item: dict[str, str] | None) -> bool:
    """Whether a media item holds a placeholder for the writer's own words."""
    return bool(item) and bool({MEDIA_ALT, MEDIA_CREDIT} & set(item.values()))


def entry_text(event: Event, categories: list[str], item: dict[str, str] | None = None) -> str:
    """The entry file: front matter in the order README.md shows, then the body (without the media's line when
    the media is `item`)."""
    lines = ["---", f"title: {quote(event.title)}", f"date: {event.date.iso}"]
    if event.end_date:
        lines.append(f"end_date: {event.end_date.iso}")
    lines.append(f"categories: [{', '.join(categories)}]")
    if event.sources:
        lines.append("sources:")
        for source in event.sources:
            lines += [f"  - title: {quote(source.text)}", f"    url: {quote(source.url)}"]
    if item:
        lines.append("media:")
        lines += [f"{'  - ' if n == 0 else '    '}{key}: {quote(value)}" for n, (key, value) in enumerate(item.items())]
    why = [
        *(["the timeline gave no link to cite: add sources (title, url or publisher)"] if not event.sources else []),
        *(["write the media's credit and alt text in place of the placeholders"] if unfinished(item) else []),
    ]
    if why:
        lines.append(f"draft: true  # {'; '.join(why)}, then remove this line")
    return "\n".join([*lines, "---", event.body if item is None else event.bare_body]).rstrip("\n") + "\n"
