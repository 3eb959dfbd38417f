"""The watcher: symlinked folders are neither walked nor watched, so loops end and nothing outside is seen."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from sitegen.watch import SLOWEST_POLL, Watcher, scan

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


BACKENDS = pytest.mark.parametrize("poll", [False, True], ids=["inotify", "polling"])


@pytest.fixture
def content(tmp_path: Path) -> Path:
    entries = tmp_path / "content" / "entries"
    (entries / "2020").mkdir(parents=True)
    (entries / "2020-01-01-a.md").write_text("a")
    (entries / "2020" / "2020-01-02-b.md").write_text("b")
    return tmp_path / "content"


@BACKENDS
def test_added_edited_and_removed_files_each_come_out_once(content: Path, poll: bool) -> None:
    watcher = Watcher([content], poll=poll)
    entries = content / "entries"
    try:
        (entries / "2020-01-03-c.md").write_text("c")
        (entries / "2020-01-01-a.md").write_text("a, longer")
        (entries / "2020" / "2020-01-02-b.md").unlink()
        changed = within_bound(lambda: watcher.changes(timeout=5))
        if len(changed) < 3:  # inotify may hand the burst over in two reads
            changed = sorted({*changed, *within_bound(lambda: watcher.changes(timeout=1))})
        assert changed == [entries / "2020/2020-01-02-b.md", entries / "2020-01-01-a.md", entries / "2020-01-03-c.md"]
        assert within_bound(lambda: watcher.changes(timeout=0.3)) == []
    finally:
        watcher.close()


@BACKENDS
def test_a_save_by_rename_is_one_change_and_editor_files_none(content: Path, poll: bool) -> None:
    """Editors write `.x.md.swp` or `x.md~` and save by renaming a temporary file over the original."""
    watcher = Watcher([content], poll=poll)
    entries = content / "entries"
    try:
        (entries / ".2020-01-01-a.md.swp").write_text("swap")
        (entries / "2020-01-01-a.md~").write_text("backup")
        assert within_bound(lambda: watcher.changes(timeout=0.5)) == []
        (entries / ".save.tmp").write_text("a, saved")
        os.replace(entries / ".save.tmp", entries / "2020-01-01-a.md")
        assert within_bound(lambda: watcher.changes(timeout=5)) == [entries / "2020-01-01-a.md"]
    finally:
        watcher.close()


@BACKENDS
def test_a_removed_folder_lists_every_file_it_held_and_a_new_one_is_watched(content: Path, poll: bool) -> None:
    watcher = Watcher([content], poll=poll)
    entries = content / "entries"
    try:
        (entries / "2020" / "2020-01-02-b.md").rename(content / "moved.md")
        (entries / "2020").rmdir()
        changed = within_bound(lambda: watcher.changes(timeout=5))
        assert entries / "2020/2020-01-02-b.md" in changed
        (entries / "2021").mkdir()
        (entries / "2021" / "2021-05-05-d.md").write_text("d")
        seen = within_bound(lambda: watcher.changes(timeout=5))
        if entries / "2021/2021-05-05-d.md" not in seen:  # the folder's event may come before its file's
            seen = within_bound(lambda: watcher.changes(timeout=5))
        assert entries / "2021/2021-05-05-d.md" in seen
    finally:
        watcher.close()


def test_polling_waits_out_its_timeout_when_nothing_changes_and_scans_no_faster_than_its_floor(content: Path) -> None:
    watcher = Watcher([content], poll=True)
    start = time.monotonic()
    assert watcher.changes(timeout=0.35) == []
    assert 0.3 <= time.monotonic() - start < 2
    assert watcher.poll_interval >= SLOWEST_POLL
