"""Reading the content folder: a watcher's list of changed files is enough to see every edit."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sitegen.sources import SourceFile, StatKey, read_sources


def settle(path: Path) -> None:
    """Date a file 10 s back: older than the two seconds in which a time cannot be trusted."""
    past = time.time_ns() - 10_000_000_000
    os.utime(path, ns=(past, past))


def write(root: Path, rel: str, text: str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    settle(path)
    return rel


def texts(files: list[SourceFile]) -> dict[str, str | None]:
    return {source.path: source.text for source in files}


def test_the_files_a_watcher_names_give_the_same_sources_as_a_full_read(tmp_path: Path) -> None:
    known: dict[str, tuple[StatKey | None, SourceFile]] = {}
    write(tmp_path, "content/entries/2021/b.md", "b")
    removed = write(tmp_path, "content/entries/2021/c.md", "c")
    edited = write(tmp_path, "content/pages/about.md", "about")
    assert list(texts(read_sources(tmp_path, known))) == [
        "content/entries/2021/b.md",
        "content/entries/2021/c.md",
        "content/pages/about.md",
    ]
    added = write(tmp_path, "content/entries/2020/a.md", "a")
    (tmp_path / removed).unlink()
    write(tmp_path, edited, "about, longer")
    ignored = write(tmp_path, "content/pages/deeper/x.md", "pages are read from content/pages itself only")
    changed = {added, removed, edited, ignored, "templates/base.html"}
    watched = read_sources(tmp_path, known, changed)
    assert (
        texts(watched)
        == texts(read_sources(tmp_path))
        == {
            "content/entries/2020/a.md": "a",
            "content/entries/2021/b.md": "b",
            "content/pages/about.md": "about, longer",
        }
    )
    assert list(known) == list(texts(watched))  # kept in path order for the next call


def test_files_the_watcher_does_not_name_are_not_looked_at(tmp_path: Path) -> None:
    known: dict[str, tuple[StatKey | None, SourceFile]] = {}
    write(tmp_path, "content/entries/a.md", "a")
    write(tmp_path, "content/entries/b.md", "b")
    read_sources(tmp_path, known)
    (tmp_path / "content/entries/a.md").write_text("changed", encoding="utf-8")
    assert texts(read_sources(tmp_path, known, set()))["content/entries/a.md"] == "a"
    assert texts(read_sources(tmp_path, known, {"content/entries/a.md"}))["content/entries/a.md"] == "changed"


def test_a_file_saved_within_two_seconds_is_read_again_even_when_unnamed(tmp_path: Path) -> None:
    known: dict[str, tuple[StatKey | None, SourceFile]] = {}
    write(tmp_path, "content/entries/a.md", "a")
    fresh = tmp_path / "content/entries/b.md"
    fresh.write_text("b", encoding="utf-8")  # just now: its time may not show a second save
    read_sources(tmp_path, known)
    fresh.write_text("B", encoding="utf-8")
    assert texts(read_sources(tmp_path, known, set()))["content/entries/b.md"] == "B"
