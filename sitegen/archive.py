"""Copies of dead sources from the Internet Archive, written into entries without touching anything else.

The availability API (`SITEGEN_WAYBACK_API`, by default archive.org's) names the snapshot closest to
a moment. The new `archived_url:` line goes right under the source's `url:`, at its indentation and
with its line ending; every other byte of the file stays as it was. The edited file is parsed again
and written only if it reads as the old one plus exactly those copies.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from .config import SiteConfig
from .content import PartialDate
from .load import ParsedFile, parse_file
from .markup import Markup
from .probe import Pacer, ProbeError, Settings, fetch
from .read import SourceFile

WAYBACK_API = "https://archive.org/wayback/available"
URL_KEY = re.compile(rb"^( *)(- +)?(url|'url'|\"url\") *:")


@dataclass(frozen=True, slots=True)
class Addition:
    """An archived_url to write: for the source at `index`, while its url is still `url`."""

    index: int
    url: str
    snapshot: str


def closest_snapshot(url: str, moment: PartialDate, api: str, settings: Settings, pacer: Pacer) -> str | None:
    """The address of the Internet Archive's copy of `url` closest to `moment`, or None if it has none."""
    query = urlencode({"url": url, "timestamp": moment.iso.replace("-", "")})
    body = fetch(f"{api}{'&' if '?' in api else '?'}{query}", settings, pacer)
    try:
        closest = json.loads(body)["archived_snapshots"].get("closest") or {}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ProbeError("its answer is not the availability API's JSON") from None
    if not isinstance(closest, dict) or not closest.get("available"):
        return None
    snapshot, status = closest.get("url"), str(closest.get("status", "200"))
    if not isinstance(snapshot, str) or not status.startswith("2"):
        return None
    if urlsplit(snapshot).scheme not in ("http", "https"):
        return None
    if snapshot.startswith("http://web.archive.org/"):  # the API answers http://; the archive serves https
        snapshot = "https://" + snapshot.removeprefix("http://")
    return snapshot


def add_archived_urls(
    root: Path, rel: str, additions: list[Addition], config: SiteConfig
) -> tuple[list[int], dict[Addition, str]]:
    """Write each addition's line into `rel`: the lines after which one was inserted, and the refused."""
    path = root / rel
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [], dict.fromkeys(additions, f"cannot read the file ({error.strerror})")
    markup = Markup()
    before = _parse(rel, raw, config, markup)
    if before is None:
        return [], dict.fromkeys(additions, "the file is not UTF-8 text")
    lines = raw.splitlines(keepends=True)
    refused: dict[Addition, str] = {}
    placed: list[tuple[int, Addition, bytes]] = []
    for addition in additions:
        where = _place(before, lines, addition)
        if isinstance(where, str):
            refused[addition] = where
        else:
            after, url_line = where
            placed.append((after, addition, _line_for(url_line, addition.snapshot)))
    for after, _, text in sorted(placed, key=lambda item: -item[0]):
        lines.insert(after, text)
    if not placed:
        return [], refused
    edited = b"".join(lines)
    if not _reads_as_expected(before, edited, rel, [a for _, a, _ in placed], config, markup):
        reason = "the file would not read as before plus the copies"
        return [], {**refused, **dict.fromkeys((a for _, a, _ in placed), reason)}
    try:
        _replace(path, edited)
    except OSError as error:
        return [], {**refused, **dict.fromkeys((a for _, a, _ in placed), f"cannot write the file ({error.strerror})")}
    return sorted(after for after, _, _ in placed), refused


def _place(before: ParsedFile, lines: list[bytes], addition: Addition) -> tuple[int, bytes] | str:
    """The line after which the addition goes (1-based) and the url's line, or why it cannot be placed."""
    sources = before.fields.get("sources") or ()
    if (
        any(not p.warning for p in before.problems)
        or addition.index >= len(sources)
        or sources[addition.index].get("url") != addition.url
    ):
        return "the entry changed while its sources were checked"
    if sources[addition.index].get("archived_url"):
        return "the source has an archived_url already"
    number = before.line("sources", addition.index, "url")
    if number is None or not 0 < number <= len(lines) or not URL_KEY.match(lines[number - 1]):
        return "its url is not on a line of its own"
    column = _column(lines[number - 1])
    after = number
    while after < len(lines) and lines[after].strip() and _indent(lines[after]) > column:
        after += 1  # the url's value goes on over more lines
    return after, lines[number - 1]


def _column(url_line: bytes) -> int:
    """Where the `url` key starts: after the indentation, and after `- ` when it opens the list item."""
    match = URL_KEY.match(url_line)
    return len(match.group(1)) + len(match.group(2) or b"") if match else 0


def _indent(line: bytes) -> int:
    return len(line) - len(line.lstrip(b" "))


def _line_for(url_line: bytes, value: str) -> bytes:
    """`archived_url: ...` at the url's column, ending as the url's line ends."""
    ending = url_line[len(url_line.rstrip(b"\r\n")) :] or b"\n"
    if re.search(r"\s", value) or not value.isprintable():
        value = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return b" " * _column(url_line) + f"archived_url: {value}".encode() + ending


def _reads_as_expected(
    before: ParsedFile, edited: bytes, rel: str, added: list[Addition], config: SiteConfig, markup: Markup
) -> bool:
    """Whether the edited text parses cleanly to the old fields plus the new archived_urls."""
    after = _parse(rel, edited, config, markup)
    if (
        after is None
        or any(not p.warning for p in after.problems)
        or len(after.fields["sources"]) != len(before.fields["sources"])
    ):
        return False
    sources = [dict(item) for item in before.fields["sources"]]
    for addition in added:
        got = after.fields["sources"][addition.index].get("archived_url")
        if not got:
            return False
        sources[addition.index]["archived_url"] = got
    expected = {**before.fields, "sources": sources}
    return _plain(after.fields) == _plain(expected) and after.rendered == before.rendered


def _parse(rel: str, raw: bytes, config: SiteConfig, markup: Markup) -> ParsedFile | None:
    """The file as `check` reads it (see load.read_source), or None when it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return parse_file(SourceFile(rel, text.replace("\r\n", "\n").replace("\r", "\n")), config, markup)


def _plain(value: object) -> object:
    """Fields with lists and tuples alike, for comparison."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _replace(path: Path, data: bytes) -> None:
    """Write `data` over `path` in one step, keeping its permissions."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        shutil.copymode(path, temp)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise
