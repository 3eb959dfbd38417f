"""The change table: each kind of input named, and a warm build that finds no change makes nothing."""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.changes import BUILT_IN, TABLE, Change, Inputs, classify, needs_listing, restyles
from sitegen.pipeline import BuildOptions, build
from tests.conftest import entry, make_site


def test_every_input_a_writer_touches_has_its_row() -> None:
    assert classify("content/entries/2020/2020-01-01-a.md") is Change.ENTRY
    assert classify("content/entries/2020-01-01-a.ru.md") is Change.TRANSLATION
    assert classify("content/pages/about.kk.md") is Change.PAGE
    assert classify("templates/entry.html") is Change.TEMPLATE
    assert classify(f"{BUILT_IN}templates/i18n/ru.po") is Change.CATALOGUE
    assert classify(f"{BUILT_IN}assets/style.css") is Change.STYLESHEET
    assert classify("assets/timeline.js") is Change.ASSET
    assert classify("site.toml") is Change.CONFIG
    assert classify("content/entries/courts-open/photo.jpg") is Change.MEDIA
    assert classify("content/media/map.png") is Change.MEDIA
    assert classify("notes/plan.txt") is Change.OTHER
    assert set(TABLE) == set(Change)


def test_only_a_stylesheet_restyles_and_only_an_unknown_input_lists_content_again() -> None:
    assert restyles([Change.STYLESHEET]) and not restyles([Change.STYLESHEET, Change.ENTRY]) and not restyles([])
    assert needs_listing([Change.ENTRY, Change.OTHER]) and not needs_listing([Change.ENTRY, Change.CONFIG])


def test_inputs_name_each_file_added_removed_or_edited() -> None:
    before = Inputs({"site.toml": "1", "content/entries/a.md": "2", "templates/x.html": "3"}, ("", "False"))
    after = Inputs({"site.toml": "1", "content/entries/a.md": "9", "content/pages/p.md": "4"}, ("", "False"))
    assert before.changes(after) == {
        "content/entries/a.md": Change.ENTRY,
        "content/pages/p.md": Change.PAGE,
        "templates/x.html": Change.TEMPLATE,
    }
    assert before.changes(before) == {}
    assert Inputs({}, ("", "True")).changes(Inputs({}, ("", "False"))) == {"options": Change.CONFIG}


def tree(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()
    }


def test_a_warm_build_with_no_change_makes_nothing_and_reports_the_same(tmp_path: Path) -> None:
    files = {f"content/entries/2020-0{n}-01-{n}.md": entry(f"Event {n}", f"2020-0{n}-01") for n in range(1, 4)}
    files["content/entries/notes.txt"] = "not an entry"  # a warning every build reports
    root = make_site(tmp_path, files)
    out = tmp_path / "out"
    first = build(BuildOptions(root=root, out=out))
    before = tree(out)
    again = build(BuildOptions(root=root, out=out))
    assert tree(out) == before  # same bytes, and not one file touched
    assert (again.pages, again.rendered, again.warnings) == (first.pages, 0, first.warnings)
    assert again.stats is not None and again.stats.written == 0 and again.stats.unchanged == len(before) - 1
    assert "parse" not in again.timings and "render" not in again.timings


def test_a_file_touched_by_hand_or_an_option_changed_builds_again(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/entries/2020-01-01-a.md": entry("Event a", "2020-01-01")})
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out))
    page = out / "entries/a/index.html"
    right = page.read_bytes()
    page.write_bytes(right.replace(b"Event a", b"Event b"))
    os.utime(page, ns=(0, 0))
    assert build(BuildOptions(root=root, out=out)).rendered == 1  # not as written: made and written again
    assert page.read_bytes() == right
    drafts = build(BuildOptions(root=root, out=out, drafts=True))
    assert "render" in drafts.timings
