"""Media in entries: the `media` field, where its files are found, and the images of Markdown bodies.

A path is resolved against the file that names it, so `photo.jpg` beside
`index.md` is the same file from `index.ru.md`; it must stay inside content/.
Nothing here reads a file: parsing stays pure, and media_files.py reads and
processes what the parsed files name.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import Problem
from .fields import INVALID, Field, Path, Report, Schema
from .schema import Bool, ListOf, Table, Text, Url

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
NO_ALT = "describe what it shows for readers who cannot see it"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
EMBEDS = {
    "youtube": "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
    "vimeo": "https://player.vimeo.com/video/{id}?dnt=1&autoplay=1",
}
PLAYER_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")  # the only frames a page may hold


def video_of(url: str) -> tuple[str, str] | None:
    """(provider, id) of a YouTube or Vimeo page address, else None."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    found = None
    if host == "youtu.be" and segments:
        found = ("youtube", segments[0])
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if segments[:1] == ["watch"]:
            found = ("youtube", (parse_qs(parts.query).get("v") or [""])[0])
        elif segments[:1] in (["embed"], ["shorts"], ["live"]) and len(segments) > 1:
            found = ("youtube", segments[1])
    elif host in ("vimeo.com", "player.vimeo.com"):
        found = ("vimeo", next((s for s in segments if s.isdigit()), ""))
    return found if found and VIDEO_ID.match(found[1]) else None


class LocalImage(Text):
    describe = "an image file's path, relative to the entry's file, such as photo.jpg"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is INVALID:
            return text
        if "://" in text or text.startswith("/"):
            report(
                at, f"'{text}' is not a file beside the entry", "save the picture beside the entry and give its name"
            )
            return INVALID
        if not text.lower().endswith(IMAGE_SUFFIXES):
            report(at, f"'{text}' is not a JPEG, PNG, WebP or GIF file", "save it as JPEG or PNG")
            return INVALID
        return text


class VideoUrl(Url):
    describe = "a YouTube or Vimeo page's address"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is not INVALID and video_of(text) is None:
            report(at, f"'{text}' is not a YouTube or Vimeo video", "copy the address of the video's own page")
            return INVALID
        return text


MEDIA_ITEM = Schema(
    Field("image", LocalImage(), doc="A photo or drawing: its file, beside the entry or under content/media/."),
    Field("video", VideoUrl(), doc="A YouTube or Vimeo video; it loads only when the reader plays it."),
    Field("poster", LocalImage(), doc="For a video: the still shown until it plays; default: a plain panel."),
    Field("alt", Text(), doc="For an image: what it shows, for readers who cannot see it; required unless decorative."),
    Field("decorative", Bool(), doc="true for an image that adds nothing to the text: it gets no alt."),
    Field("caption", Text(), doc="What the reader should know about it, shown under it."),
    Field("credit", Text(), required=True, doc="Who made it: the photographer, agency or channel."),
    Field("license", Text(), doc="Under what terms it is published, e.g. CC BY 4.0."),
    Field("source_url", Url(), doc="Where it was first published."),
)


class MediaItem(Table):
    """One `media` item: an image or a video, credited, an image described."""

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        item = super().parse(value, at, report)
        if item is INVALID:
            return item
        problems = []
        if bool(item["image"]) == bool(item["video"]):
            problems.append(((*at,), "needs one of image: or video:", "give each picture or video its own item"))
        if item["image"] and not item["alt"] and not item["decorative"]:
            problems.append(((*at, "alt"), "is missing, and an image needs it", f"{NO_ALT}, or set decorative: true"))
        if item["poster"] and not item["video"]:
            problems.append(((*at, "poster"), "is only for a video", "remove it, or use image: for a picture"))
        for where, message, hint in problems:
            report(where, message, hint)
        return INVALID if problems else item


class MediaList(ListOf):
    """`media:` with one item, or a list of them."""

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        return super().parse([value] if isinstance(value, dict) else value, at, report)


MEDIA_FIELD = Field(
    "media",
    MediaList(MediaItem(MEDIA_ITEM, "an item with image: or video:"), "an item or a list of them"),
    default=(),
    doc="Photos and videos shown with the entry, first first: [{image, alt, caption, credit}].",
)
MEDIA_OWN = {
    "media": "Same order as the original's; each may give its alt, caption and credit in this language.",
    "media.alt": "the description in this language",
    "media.caption": "the caption in this language",
    "media.credit": "the credit in this language",
}


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A file a content file names, for media_files.py to read and report at its line."""

    path: str  # relative to the site's root
    file: str
    line: int | None
    label: str


@dataclass(frozen=True, slots=True)
class Medium:
    """One media item as a language shows it."""

    image: str | None  # the file, relative to the site's root
    video: str | None
    poster: str | None
    alt: str
    caption: str | None
    credit: str
    license: str | None = None
    source_url: str | None = None

    @property
    def player(self) -> str | None:
        """The embedded player's address, loaded only on the reader's click."""
        found = video_of(self.video) if self.video else None
        return EMBEDS[found[0]].format(id=found[1]) if found else None

    @property
    def provider(self) -> str | None:
        found = video_of(self.video) if self.video else None
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[found[0]] if found else None


def resolve(rel: str, given: str) -> str | None:
    """`given` as named from file `rel`, relative to the site's root; None when it leaves content/."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), given))
    return path if path.startswith("content/") else None


def field_refs(rel: str, media: Any, line: Callable[[Path], int | None], report: Report) -> list[MediaRef]:
    """The files an original's `media` names; `line(at)` finds a key's line."""
    refs = []
    for index, item in enumerate(media if media not in (None, INVALID) else ()):
        for key in ("image", "poster"):
            if item[key]:
                at = ("media", index, key)
                path = resolve(rel, item[key])
                if path is None:
                    report(at, f"'{item[key]}' leads outside content/", "keep pictures beside the entry")
                else:
                    found = line(at) or line(("media", key)) or line(("media",))  # `media:` may be one item
                    refs.append(MediaRef(path, rel, found, f"media[{index + 1}].{key}"))
    return refs


def language_media(
    rel: str, media: tuple[dict[str, Any], ...], given: tuple[dict[str, Any], ...]
) -> tuple[Medium, ...]:
    """The original's media as one language shows them: its own alt, caption and credit."""
    shown = []
    for index, item in enumerate(media):
        text = given[index] if index < len(given) else {}
        shown.append(
            Medium(
                image=resolve(rel, item["image"]) if item["image"] else None,
                video=item["video"],
                poster=resolve(rel, item["poster"]) if item["poster"] else None,
                alt="" if item["decorative"] else (text.get("alt") or item["alt"] or ""),
                caption=text.get("caption") or item["caption"],
                credit=text.get("credit") or item["credit"],
                license=item["license"],
                source_url=item["source_url"],
            )
        )
    return tuple(shown)


BODY_IMG = re.compile(r"<img ([^>]*)>")
SRC = re.compile(r'\bsrc="([^"]*)"')
ALT = re.compile(r'\balt="([^"]*)"')
MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)")


def body_images(rel: str, body: str, body_line: int, fragment: str) -> tuple[str, list[MediaRef], list[Problem]]:
    """The body's images with their paths resolved from the site's root; a problem for one without alt."""
    refs: list[MediaRef] = []
    problems: list[Problem] = []
    written = [(m.group(1), body.count("\n", 0, m.start()) + body_line) for m in MD_IMAGE.finditer(body)]

    def rewrite(match: re.Match[str]) -> str:
        src = SRC.search(match.group(1))
        if src is None:  # the sanitiser took out a remote address, and said so
            return match.group(0)
        given = html.unescape(src.group(1))
        line = next((n for src, n in written if src == given), body_line)
        path = resolve(rel, given)
        if path is None:
            hint = "keep pictures beside the entry"
            problems.append(Problem(rel, line, "body", f"image '{given}' leads outside content/", hint))
            return match.group(0)
        alt = ALT.search(match.group(1))
        if not alt or not alt.group(1).strip():
            hint = f"{NO_ALT}: ![A courtroom in Astana]({given}), or use media: with decorative: true"
            problems.append(Problem(rel, line, "body", f"image '{given}' has no alt text", hint))
        refs.append(MediaRef(path, rel, line, "body"))
        return match.group(0).replace(src.group(0), f'src="{html.escape(path)}"', 1)

    return BODY_IMG.sub(rewrite, fragment), refs, problems
