"""archive.py: the closest copy from the availability API's answer, and a front-matter edit that adds
exactly one line per copy and changes no other byte, or refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen import archive
from sitegen.archive import Addition, add_archived_urls, closest_snapshot
from sitegen.config import load_config
from sitegen.content import PartialDate
from sitegen.probe import Pacer, ProbeError, Settings
from tests.conftest import make_site

URL = "https://example.org/gone"
COPY = "https://web.archive.org/web/20210701000000/https://example.org/gone"


def edit(tmp_path: Path, raw: bytes, *additions: Addition) -> tuple[bytes, list[int], dict[Addition, str]]:
    """Write `raw` as an entry, add the copies; the file's bytes after, and what add_archived_urls said."""
    root = make_site(tmp_path, {})
    path = root / "content/entries/2021-a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    config, _ = load_config(root)
    inserted, refused = add_archived_urls(root, "content/entries/2021-a.md", list(additions), config)
    return path.read_bytes(), inserted, refused


def entry(sources: str, newline: str = "\n") -> bytes:
    text = f"---\ntitle: A\ndate: 2021\ncategories: [courts]\nsources:\n{sources}---\nBody.\n"
    return text.replace("\n", newline).encode()


@pytest.mark.parametrize(
    ("sources", "expected", "after_line"),
    [
        (f"  - title: T\n    url: {URL}\n", f"  - title: T\n    url: {URL}\n    archived_url: {COPY}\n", 7),
        (f"- url: {URL}  # dead\n  title: T\n", f"- url: {URL}  # dead\n  archived_url: {COPY}\n  title: T\n", 6),
        (
            f'  -   "url": "{URL}"\n      title: T\n',
            f'  -   "url": "{URL}"\n      archived_url: {COPY}\n      title: T\n',
            6,
        ),
        (
            f"  - title: T\n    url:\n      {URL}\n    publisher: P\n",
            f"  - title: T\n    url:\n      {URL}\n    archived_url: {COPY}\n    publisher: P\n",
            8,
        ),
    ],
    ids=["under-title", "first-key", "quoted-key", "value-on-next-line"],
)
def test_the_copy_goes_under_its_url_at_its_indentation(
    tmp_path: Path, sources: str, expected: str, after_line: int
) -> None:
    after, inserted, refused = edit(tmp_path, entry(sources), Addition(0, URL, COPY))
    assert (after, inserted, refused) == (entry(expected), [after_line], {})


def test_line_endings_bom_and_the_other_sources_are_kept(tmp_path: Path) -> None:
    sources = f"  - title: T\n    url: {URL}\n  - title: Other\n    url: https://example.org/b\n"
    raw = b"\xef\xbb\xbf" + entry(sources, "\r\n")
    after, inserted, _ = edit(tmp_path, raw, Addition(0, URL, COPY))
    assert inserted == [7]
    lines = raw.splitlines(keepends=True)
    assert after == b"".join([*lines[:7], f"    archived_url: {COPY}\r\n".encode(), *lines[7:]])


def test_two_copies_in_one_file(tmp_path: Path) -> None:
    second = "https://example.org/b"
    sources = f"  - title: T\n    url: {URL}\n  - title: U\n    url: {second}\n"
    after, inserted, _ = edit(tmp_path, entry(sources), Addition(0, URL, COPY), Addition(1, second, COPY + "b"))
    assert inserted == [7, 9]
    assert after == entry(
        f"  - title: T\n    url: {URL}\n    archived_url: {COPY}\n  - title: U\n    url: {second}\n"
        f"    archived_url: {COPY}b\n"
    )


@pytest.mark.parametrize(
    ("sources", "addition", "reason"),
    [
        (f"  - {{title: T, url: {URL}}}\n", Addition(0, URL, COPY), "its url is not on a line of its own"),
        (
            f"  - title: T\n    url: {URL}x\n",
            Addition(0, URL, COPY),
            "the entry changed while its sources were checked",
        ),
        (
            f"  - title: T\n    url: {URL}\n    archived_url: {COPY}\n",
            Addition(0, URL, COPY),
            "the source has an archived_url already",
        ),
    ],
    ids=["flow-style", "url-changed", "has-a-copy"],
)
def test_an_edit_that_cannot_be_made_safely_is_refused(
    tmp_path: Path, sources: str, addition: Addition, reason: str
) -> None:
    raw = entry(sources)
    after, inserted, refused = edit(tmp_path, raw, addition)
    assert (after, inserted, refused) == (raw, [], {addition: reason})


def test_a_copy_with_a_space_is_quoted_and_still_reads_back(tmp_path: Path) -> None:
    after, _, refused = edit(tmp_path, entry(f"  - title: T\n    url: {URL}\n"), Addition(0, URL, COPY + " x"))
    assert refused == {}
    assert f'    archived_url: "{COPY} x"\n'.encode() in after


SETTINGS = Settings("test", delay=0.0)


def answer(monkeypatch: pytest.MonkeyPatch, data: object) -> list[str]:
    """The availability API answers `data`; returns the addresses asked."""
    asked: list[str] = []

    def fetch(url: str, settings: Settings, pacer: Pacer) -> bytes:
        asked.append(url)
        return data if isinstance(data, bytes) else json.dumps(data).encode()

    monkeypatch.setattr(archive, "fetch", fetch)
    return asked


def closest(data: object, monkeypatch: pytest.MonkeyPatch) -> str | None:
    answer(monkeypatch, data)
    return closest_snapshot(URL, PartialDate(2021, 7), "https://api.test/available", SETTINGS, Pacer(0))


def found(url: str, status: str = "200", available: bool = True) -> dict[str, object]:
    return {"archived_snapshots": {"closest": {"available": available, "url": url, "status": status}}}


def test_the_closest_copy_is_asked_for_the_moment_and_given_over_https(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answer(monkeypatch, found("http://web.archive.org/web/2021/https://example.org/gone"))
    snapshot = closest_snapshot(URL, PartialDate(2019, 5, 4), "https://api.test/available", SETTINGS, Pacer(0))
    assert snapshot == "https://web.archive.org/web/2021/https://example.org/gone"
    assert asked == ["https://api.test/available?url=https%3A%2F%2Fexample.org%2Fgone&timestamp=20190504"]


@pytest.mark.parametrize(
    "data",
    [
        {"archived_snapshots": {}},
        found(COPY, status="404"),
        found(COPY, available=False),
        found("ftp://web.archive.org/x"),
    ],
    ids=["none", "a-404-copy", "unavailable", "not-the-web"],
)
def test_no_usable_copy(monkeypatch: pytest.MonkeyPatch, data: object) -> None:
    assert closest(data, monkeypatch) is None


@pytest.mark.parametrize("data", [b"<html>", {"archived": 1}, ["x"]], ids=["html", "other-json", "a-list"])
def test_an_answer_that_is_not_the_api_s(monkeypatch: pytest.MonkeyPatch, data: object) -> None:
    with pytest.raises(ProbeError, match="its answer is not the availability API's JSON"):
        closest(data, monkeypatch)
