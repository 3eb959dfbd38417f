"""What becomes of an imported slide's media: a YouTube or Vimeo video a `media` item, an image downloaded beside
its entry with `--fetch-media` (else kept as a link), each outcome one line of the report.

A download that fails in any way (an HTTP error, no answer in time, too large, not a picture) leaves the
entry as it would be without `--fetch-media`: the image a link in its body.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image

from .images import ImageError, decode
from .importentry import Event, unfinished
from .media import IMAGE_SUFFIXES, video_of
from .media_files import MAX_BYTES
from .names import make_slug
from .probe import Pacer, ProbeError, Settings, fetch, user_agent

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
TIMEOUT = "SITEGEN_FETCH_TIMEOUT"
PLACEHOLDER_NOTE = "; the timeline gives no credit or alt text, so a placeholder stands in and the entry is a draft"


@dataclass(frozen=True, slots=True)
class Fetcher:
    """Downloads pictures: one attempt each, half a second apart on one host, at most MAX_BYTES."""

    settings: Settings
    pacer: Pacer

    def get(self, url: str) -> bytes:
        return fetch(url, self.settings, self.pacer, "image/*", MAX_BYTES)


def fetcher(environ: Mapping[str, str]) -> tuple[Fetcher | None, str | None]:
    """The fetcher, with `SITEGEN_FETCH_TIMEOUT` seconds for each connection and answer when set; or a usage error."""
    settings = Settings(user_agent("", None), timeout=20.0, delay=0.5, retries=0)
    given = environ.get(TIMEOUT)
    if given:
        try:
            seconds = float(given)
        except ValueError:
            seconds = -1.0
        if not 0.001 <= seconds <= 3600:
            return None, f"{TIMEOUT}: '{given}' is not a number of seconds (e.g. {TIMEOUT}=20)"
        settings = replace(settings, timeout=seconds)
    return Fetcher(settings, Pacer(settings.delay)), None


def place(event: Event, downloader: Fetcher | None, dry_run: bool) -> tuple[dict[str, str] | None, str, bytes]:
    """The event's `media` item, the picture's file name and bytes (both empty for a video); (None, "", b"") when
    the media stays a link in the body. Adds the outcome to the event's report lines."""
    item, url = event.item, event.picture
    if item is None:
        return None, "", b""
    note = PLACEHOLDER_NOTE if unfinished(item) else ""
    if not url:
        found = video_of(item["video"])
        provider = {"youtube": "YouTube", "vimeo": "Vimeo"}[found[0]] if found else "video"
        event.media.append(f"{provider} video, written as a media item{note}: {item['video']}")
        return item, "", b""
    if downloader is None:
        event.media.append(
            f"image, referenced as a link, not downloaded (import with --fetch-media to save it beside the entry): {url}"
        )
        return None, "", b""
    if dry_run:
        suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        name = _stem(url) + (suffix if suffix in IMAGE_SUFFIXES else ".jpg")
        event.media.append(f"image, would be downloaded beside the entry as {name}{note}: {url}")
        return {"image": name, **item}, name, b""
    try:
        data = downloader.get(url)
        decode(data)
        name = f"{_stem(url)}.{EXTENSIONS[Image.open(io.BytesIO(data)).format or '']}"
    except ProbeError as error:
        event.media.append(f"image, not downloaded ({error}), kept as a link: {url}")
        return None, "", b""
    except ImageError as error:
        event.media.append(f"image, not downloaded: what it gave {error.message}, kept as a link: {url}")
        return None, "", b""
    event.media.append(f"image, downloaded beside the entry as {name}{note}: {url}")
    return {"image": name, **item}, name, data


def _stem(url: str) -> str:
    """A file name for the picture from the address's last segment, following the slug rule."""
    return make_slug(PurePosixPath(unquote(urlsplit(url).path)).stem, max_length=40) or "image"
