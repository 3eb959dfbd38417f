"""The image files a site's content names: read, processed once per source and settings, and shown.

Each source is kept in the build cache under its digest and images.SETTINGS,
so an unchanged photo is never processed twice; a missing, damaged or too
large one is a problem at the line that names it. `Pictures.html` is the
`<picture>` every page prints for an image, from the front matter or a body.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .digest import digest
from .errors import Problem
from .images import SETTINGS, ImageError, Variant, process
from .media import MediaRef
from .parallel import map_forked
from .store import read_blob, store_key, write_blob

MAX_BYTES = 30 << 20  # a 30 MB file is no photo for a web page
SIZES = "(min-width: 42rem) 40rem, 100vw"  # the text column (.prose) is 40rem wide
FIGURE = re.compile(r"<p>(<img [^>]*>)</p>|(<img [^>]*>)")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Picture:
    """One source image's variants, largest last."""

    source: str
    variants: tuple[Variant, ...]

    @property
    def width(self) -> int:
        return self.variants[-1].width

    @property
    def height(self) -> int:
        return self.variants[-1].height


@dataclass(frozen=True, slots=True)
class Pictures:
    """Every processed image, by its source's path; `digest` changes when any output does."""

    by_source: Mapping[str, Picture] = field(default_factory=dict)
    digest: str = ""

    def files(self) -> Iterable[Variant]:
        """Each file once: two copies of one picture make the same names."""
        seen = set()
        for picture in self.by_source.values():
            for variant in picture.variants:
                if variant.name not in seen:
                    seen.add(variant.name)
                    yield variant

    def html(self, source: str, alt: str, url: Callable[..., str], *, eager: bool = False) -> str:
        """`<picture>` with a source per modern format, the fallback `<img>` sized against layout shift."""
        picture = self.by_source[source]
        formats: dict[str, list[Variant]] = {}
        for variant in picture.variants:
            formats.setdefault(variant.format, []).append(variant)
        *modern, fallback = formats.values()

        def srcset(variants: list[Variant]) -> str:
            return ", ".join(f"{url('image', name=v.name)} {v.width}w" for v in variants)

        sources = "".join(f'<source type="{v[0].mime}" srcset="{srcset(v)}" sizes="{SIZES}">' for v in modern)
        largest = fallback[-1]
        loading = "" if eager else ' loading="lazy"'
        return (
            f'<picture>{sources}<img src="{url("image", name=largest.name)}" srcset="{srcset(fallback)}"'
            f' sizes="{SIZES}" width="{largest.width}" height="{largest.height}" alt="{html.escape(alt)}"'
            f'{loading} decoding="async"></picture>'
        )

    def body(self, fragment: str, url: Callable[..., str], *, eager_first: bool) -> str:
        """A body's images (their src resolved by media.body_images) as pictures; one alone in its
        paragraph becomes a figure, its title the caption."""
        first = [eager_first]

        def replace(match: re.Match[str]) -> str:
            tag = match.group(1) or match.group(2)
            attributes = {k: html.unescape(v) for k, v in ATTRIBUTE.findall(tag)}
            source = attributes.get("src", "")
            if source not in self.by_source:
                return match.group(0)
            picture = self.html(source, attributes.get("alt", ""), url, eager=first[0])
            first[0] = False
            if not match.group(1):
                return picture
            title = attributes.get("title")
            caption = f"<figcaption>{html.escape(title)}</figcaption>" if title else ""
            return f'<figure class="media">{picture}{caption}</figure>'

        return FIGURE.sub(replace, fragment)


def media_globals(pictures: Pictures, url: Callable[..., str]) -> dict[str, Any]:
    """What the templates call: `picture(path, alt, eager=...)` and `media_body(html, eager_first=...)`."""
    return {
        "picture": lambda source, alt, eager=False: Markup(pictures.html(source, alt, url, eager=eager)),
        "media_body": lambda fragment, eager_first: Markup(pictures.body(str(fragment), url, eager_first=eager_first)),
    }


def _process(job: tuple[str, bytes]) -> tuple[Variant, ...] | ImageError:
    stem, data = job
    try:
        return process(data, stem)
    except ImageError as error:
        return error


def _stem(path: str) -> str:
    name = path.rpartition("/")[2].rpartition(".")[0].lower()
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "image"


def prepare_pictures(
    root: Path, refs: Iterable[MediaRef], folder: Path | None, jobs: int, *, keep: bool = True
) -> tuple[Pictures, list[Problem]]:
    """Read and process every image named, each kept in `folder` (if `keep`); a problem at the first
    line naming each bad one."""
    first: dict[str, MediaRef] = {}
    for ref in refs:
        first.setdefault(ref.path, ref)
    problems: list[Problem] = []
    sources: dict[str, bytes] = {}
    for path, ref in first.items():  # in the order the files name them
        try:
            with open(root / path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            hint = "check the name: a path is relative to the entry's file"
            problems.append(Problem(ref.file, ref.line, ref.label, f"{path} does not exist", hint))
            continue
        except OSError as error:
            problems.append(Problem(ref.file, ref.line, ref.label, f"{path} cannot be read: {error.strerror}", None))
            continue
        if len(data) > MAX_BYTES:
            hint = "export it at most 4000 pixels wide"
            problems.append(Problem(ref.file, ref.line, ref.label, f"{path} is over {MAX_BYTES >> 20} MB", hint))
            continue
        sources[path] = data
    keys = {path: store_key("image", SETTINGS, _stem(path), digest(data)) for path, data in sources.items()}
    done: dict[str, tuple[Variant, ...] | ImageError] = {}
    for path, key in keys.items():
        kept = read_blob(_blob(folder, key), key) if folder else None
        if isinstance(kept, tuple) and kept and all(isinstance(v, Variant) for v in kept):
            done[path] = kept
    missing = [path for path in sources if path not in done]
    made = map_forked(_process, [(_stem(path), sources[path]) for path in missing], jobs)
    for path, result in zip(missing, made, strict=True):
        done[path] = result
        if folder and keep and not isinstance(result, ImageError):
            write_blob(_blob(folder, keys[path]), keys[path], result)
    pictures: dict[str, Picture] = {}
    for path in first:
        result = done.get(path)
        if result is None:
            continue
        if isinstance(result, ImageError):
            ref = first[path]
            problems.append(Problem(ref.file, ref.line, ref.label, f"{path} {result.message}", result.hint))
        else:
            pictures[path] = Picture(path, result)
    combined = digest("\n".join(f"{p}={keys[p].decode()}" for p in sorted(pictures)).encode())
    return Pictures(pictures, combined), problems


def _blob(folder: Path | None, key: bytes) -> Path:
    assert folder is not None
    return folder / "images" / f"{key.decode()[:32]}.pickle"
