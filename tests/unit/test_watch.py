"""The watcher: symlinked folders are neither walked nor watched, so loops end and nothing outside is seen."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from sitegen.watch import Watcher, scan

T = TypeVar("T")
BOUND = 10  # seconds; the walk takes milliseconds, and without the fix it never ends


def within_bound(work: Callable[[], T]) -> T:
    """`work()`, failing the test (not hanging it) when it has not returned after BOUND seconds."""
    done: list[T] = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(BOUND)
    assert done, f"still walking after {BOUND} s"
    return done[0]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """content/entries with two links back up (`loop -> .`, `sub/up -> ..`) and one to a folder outside."""
    root = tmp_path / "site"
    entries = root / "content" / "entries"
    (entries / "sub").mkdir(parents=True)
    (entries / "2020-01-01-a.md").write_text("a")
    (entries / "sub" / "2020-01-02-b.md").write_text("b")
    os.symlink(".", entries / "loop")
    os.symlink("..", entries / "sub" / "up")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2020-01-03-c.md").write_text("c")
    os.symlink(outside, entries / "elsewhere")
    return root


def test_scan_ends_and_lists_each_file_once_by_its_own_path(site: Path) -> None:
    found = within_bound(lambda: scan(site / "content"))
    entries = site / "content" / "entries"
    assert sorted(found) == [entries / "2020-01-01-a.md", entries / "sub" / "2020-01-02-b.md"]


def test_a_symlinked_file_is_still_watched(site: Path, tmp_path: Path) -> None:
    """The loader reads a symlinked entry file, so its edits must rebuild."""
    (tmp_path / "d.md").write_text("d")
    os.symlink(tmp_path / "d.md", site / "content" / "entries" / "2020-01-04-d.md")
    assert site / "content" / "entries" / "2020-01-04-d.md" in scan(site / "content")


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "polling"])
def test_the_watcher_sees_saves_inside_and_nothing_through_the_links(site: Path, tmp_path: Path, poll: bool) -> None:
    watcher = within_bound(lambda: Watcher([site / "content"], poll=poll))
    try:
        assert (watcher.inotify is None) == poll
        if watcher.inotify is not None:
            watched = set(watcher.inotify.folders.values())
            assert watched == {site, site / "content", site / "content/entries", site / "content/entries/sub"}
        (tmp_path / "outside" / "2020-01-03-c.md").write_text("c, edited")
        assert within_bound(lambda: watcher.changes(timeout=0.5)) == []
        (site / "content" / "entries" / "sub" / "2020-01-02-b.md").write_text("b, edited")
        assert within_bound(lambda: watcher.changes(timeout=5)) == [site / "content/entries/sub/2020-01-02-b.md"]
        os.symlink("..", site / "content" / "entries" / "sub" / "up2")  # a new loop, made while watching
        assert within_bound(lambda: watcher.changes(timeout=0.5)) == []
    finally:
        watcher.close()
