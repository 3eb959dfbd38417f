"""Reading the content folder: every file read, nothing skipped in silence, a watcher's list enough for edits."""

from __future__ import annotations

import errno
import multiprocessing
import os
import pwd
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.digest import FileSignature
from sitegen.errors import SiteError
from sitegen.pipeline import BuildOptions, SiteBuilder
from sitegen.read import SourceFile, read_sources
from tests.conftest import entry, make_site


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
    known: dict[str, tuple[FileSignature | None, SourceFile]] = {}
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
    known: dict[str, tuple[FileSignature | None, SourceFile]] = {}
    write(tmp_path, "content/entries/a.md", "a")
    write(tmp_path, "content/entries/b.md", "b")
    read_sources(tmp_path, known)
    (tmp_path / "content/entries/a.md").write_text("changed", encoding="utf-8")
    assert texts(read_sources(tmp_path, known, set()))["content/entries/a.md"] == "a"
    assert texts(read_sources(tmp_path, known, {"content/entries/a.md"}))["content/entries/a.md"] == "changed"


def test_a_file_saved_within_two_seconds_is_read_again_even_when_unnamed(tmp_path: Path) -> None:
    known: dict[str, tuple[FileSignature | None, SourceFile]] = {}
    write(tmp_path, "content/entries/a.md", "a")
    fresh = tmp_path / "content/entries/b.md"
    fresh.write_text("b", encoding="utf-8")  # just now: its time may not show a second save
    read_sources(tmp_path, known)
    fresh.write_text("B", encoding="utf-8")
    assert texts(read_sources(tmp_path, known, set()))["content/entries/b.md"] == "B"


def noted(files: list[SourceFile]) -> list[str]:
    """The problems reading gave, as `check` prints them."""
    return [str(source.problem) for source in files if source.problem]


def test_a_folder_that_cannot_be_listed_is_a_problem_not_a_silent_skip(tmp_path: Path, monkeypatch: Any) -> None:
    write(tmp_path, "content/entries/a.md", "a")
    write(tmp_path, "content/pages/about.md", "about")
    listing = os.scandir

    def refuse_pages(path: Any) -> Any:
        if str(path).endswith("content/pages"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refuse_pages)
    files = read_sources(tmp_path)
    assert noted(files) == [
        "content/pages: cannot be read: Permission denied (check its permissions, e.g. chmod u+rwX content/pages)"
    ]
    assert texts(files)["content/entries/a.md"] == "a"


def build_problems(root: Path, out: Path) -> list[str]:
    """A build's problem lines (none when it succeeds); module-level so a forked worker can run it."""
    try:
        SiteBuilder(BuildOptions(root=root, out=out)).build(search=False)
    except SiteError as error:
        return [str(problem) for problem in error.problems]
    return []


def _become(uid: int, gid: int) -> None:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can read: pytest's own tmp_path is private to root."""
    folder = Path(tempfile.mkdtemp(prefix="sitegen-unreadable-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_a_folder_its_user_may_not_read_fails_the_build_and_leaves_the_output_as_it_was(shared_tmp: Path) -> None:
    """Mode 000 for real: root reads anything, so as root the build runs in a child that has become 'nobody'."""
    root = make_site(shared_tmp, {"content/entries/2021-a.md": entry(), "content/pages/about.md": PAGE})
    out = shared_tmp / "out"
    assert build_problems(root, out) == []
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert any(path.name == "index.html" and path.parent.name == "about" for path in before)
    (root / "content/pages").chmod(0)
    if os.geteuid() == 0:
        try:
            nobody = pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("runs as root and there is no user 'nobody' to drop to; the unit test above covers the listing")
        for path in [shared_tmp, *shared_tmp.rglob("*")]:  # the output is the child's to write, were it to write
            os.lchown(path, nobody.pw_uid, nobody.pw_gid)
        with multiprocessing.get_context("fork").Pool(1, _become, (nobody.pw_uid, nobody.pw_gid)) as pool:
            problems = pool.apply(build_problems, (root, out))
    else:
        problems = build_problems(root, out)
    assert problems == [
        "content/pages: cannot be read: Permission denied (check its permissions, e.g. chmod u+rwX content/pages)"
    ]
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


PAGE = "---\ntitle: About\n---\nWho we are.\n"


def test_links_are_read_inside_the_site_and_reported_when_they_lead_out_loop_or_dangle(tmp_path: Path) -> None:
    write(tmp_path, "content/entries/2021-a.md", "a")
    write(tmp_path, "drafts/2021-b.md", "b")
    write(tmp_path, "drafts/more/2021-c.md", "c")
    (tmp_path.parent / "elsewhere.md").write_text("secret", encoding="utf-8")
    entries = tmp_path / "content/entries"
    (entries / "linked.md").symlink_to("../../drafts/2021-b.md")
    (entries / "drafts").symlink_to("../../drafts", target_is_directory=True)
    (entries / "outside.md").symlink_to(tmp_path.parent / "elsewhere.md")
    (entries / "outside-folder").symlink_to(tmp_path.parent, target_is_directory=True)
    (entries / "gone.md").symlink_to("2021-gone.md")
    (entries / "loop-a.md").symlink_to("loop-b.md")
    (entries / "loop-b.md").symlink_to("loop-a.md")
    (entries / "up").symlink_to("..", target_is_directory=True)
    (entries / "again").symlink_to(".", target_is_directory=True)
    (entries / "pages").symlink_to("../pages", target_is_directory=True)
    write(tmp_path, "content/pages/about.md", "about")
    files = read_sources(tmp_path)
    assert texts(files) == {
        "content/entries/2021-a.md": "a",
        "content/entries/again": None,
        "content/entries/drafts/2021-b.md": "b",
        "content/entries/drafts/more/2021-c.md": "c",
        "content/entries/gone.md": None,
        "content/entries/linked.md": "b",
        "content/entries/loop-a.md": None,
        "content/entries/loop-b.md": None,
        "content/entries/outside-folder": None,
        "content/entries/outside.md": None,
        "content/entries/pages": None,
        "content/entries/up": None,
        "content/pages/about.md": "about",
    }
    outside = os.path.realpath(tmp_path.parent)
    assert noted(files) == [
        "content/entries/again: is a link to content/entries, a folder that holds it: a loop (remove the link)",
        "content/entries/gone.md: warning: is a link to 2021-gone.md, which does not exist"
        " (remove the link, or restore what it points to)",
        "content/entries/loop-a.md: is a link that leads back to itself (remove the link)",
        "content/entries/loop-b.md: is a link that leads back to itself (remove the link)",
        f"content/entries/outside-folder: points outside the site, to {outside}"
        " (copy what it points to into content/ instead)",
        f"content/entries/outside.md: points outside the site, to {outside}/elsewhere.md"
        " (copy what it points to into content/ instead)",
        "content/entries/pages: is a link to content/pages, which is read already (remove the link)",
        "content/entries/up: is a link to content, a folder that holds it: a loop (remove the link)",
    ]


def test_every_file_not_read_is_named_and_editors_files_passed_over(tmp_path: Path) -> None:
    names = ("2021-a.MD", "2021-b.markdown", "2021-c.md.txt", "My Notes.Md", "photo.jpg", "Draft notes.docx")
    # photo.jpg is passed over: a picture beside the entries is read when an entry names it
    for name in (*names, ".#2021-d.md", "x.md~", "#x.md#", "README"):
        write(tmp_path, f"content/entries/{name}", "x")
    (tmp_path / "content/entries/.#2021-e.md").symlink_to("root@host.1234")  # an editor's lock: a dangling link
    assert noted(read_sources(tmp_path)) == [
        "content/entries/2021-a.MD: warning: is not read: only files ending in .md are (rename it to 2021-a.md)",
        "content/entries/2021-b.markdown: warning: is not read: only files ending in .md are (rename it to 2021-b.md)",
        "content/entries/2021-c.md.txt: warning: is not read: only files ending in .md are (rename it to 2021-c.md)",
        "content/entries/Draft notes.docx: warning: is not read: only files ending in .md are"
        " (if it is an entry or page, save it as plain text named draft-notes.md; else move it out of content/entries/)",
        "content/entries/My Notes.Md: warning: is not read: only files ending in .md are (rename it to my-notes.md)",
        "content/entries/README: warning: is not read: only files ending in .md are"
        " (if it is an entry or page, save it as plain text named readme.md; else move it out of content/entries/)",
    ]


def test_a_file_over_one_megabyte_is_refused_unread(tmp_path: Path) -> None:
    write(tmp_path, "content/entries/2021-big.md", "---\ntitle: Big\n---\n" + "x" * (3 << 20))
    assert noted(read_sources(tmp_path)) == [
        "content/entries/2021-big.md: is 3.0 MB, more than 1 MB (split it into several entries or pages)"
    ]


def test_a_watcher_naming_a_near_miss_or_a_problem_left_from_before_brings_a_full_listing(tmp_path: Path) -> None:
    known: dict[str, tuple[FileSignature | None, SourceFile]] = {}
    write(tmp_path, "content/entries/a.md", "a")
    read_sources(tmp_path, known)
    shouted = write(tmp_path, "content/entries/b.MD", "b")
    assert noted(read_sources(tmp_path, known, {shouted})) == [
        "content/entries/b.MD: warning: is not read: only files ending in .md are (rename it to b.md)"
    ]
    (tmp_path / shouted).rename(tmp_path / "content/entries/b.md")
    # the watcher names only the new name; the warning about the old one must not stay
    assert texts(read_sources(tmp_path, known, {"content/entries/b.md"})) == {
        "content/entries/a.md": "a",
        "content/entries/b.md": "b",
    }
