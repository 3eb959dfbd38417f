from __future__ import annotations

import errno
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen import journal
from sitegen.errors import SiteError
from sitegen.write import collect_assets, compact_css, hashed_name, safe_join, write_site


@pytest.mark.parametrize("rel", ["../x.html", "a/../../x", "/etc/passwd", "a\\..\\b", ""])
def test_nothing_is_written_outside_the_output_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(SiteError):
        safe_join(tmp_path, rel)
    with pytest.raises(SiteError):
        write_site(tmp_path / "out", {rel: b"x"})
    assert not (tmp_path.parent / "x.html").exists()


def test_only_changed_files_are_rewritten_and_stale_ones_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = write_site(out, {"a/index.html": b"A", "b/index.html": b"B"})
    assert (first.written, first.unchanged, first.deleted) == (2, 0, 0)
    second = write_site(out, {"a/index.html": b"A2"})
    assert (second.written, second.unchanged, second.deleted) == (1, 0, 1)
    assert not (out / "b").exists()
    assert (out / "a/index.html").read_bytes() == b"A2"


def test_hashed_names_change_with_the_bytes() -> None:
    assert hashed_name("style.css", b"a") != hashed_name("style.css", b"b")
    assert hashed_name("style.css", b"a").startswith("style.") and hashed_name("style.css", b"a").endswith(".css")


def test_stylesheets_are_published_without_comments_and_indentation_and_keep_their_strings(tmp_path: Path) -> None:
    css = b"/* Cards\n   and more */\n.card {\n  content: \"/* kept */\";\n  color: red; /* why */\n}\n\n  a::after { content: '\\' /*'; }\n"
    assert compact_css(css) == b".card {\ncontent: \"/* kept */\";\ncolor: red;\n}\na::after { content: '\\' /*'; }\n"
    (tmp_path / "style.css").write_bytes(css)
    (tmp_path / "site.js").write_bytes(b"  // a note\n")
    assert collect_assets([tmp_path]) == {"site.js": b"  // a note\n", "style.css": compact_css(css)}


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()
    }


def failing_land(fail: Callable[[int, bool], OSError | None]) -> Callable[..., None]:
    """journal._land, raising `fail(call number, putting back)` when that is an error."""
    real, calls = journal._land, [0]

    def land(source: str, target: Path, *, keep_mode: bool = False) -> None:
        calls[0] += 1
        error = fail(calls[0], keep_mode)
        if error:
            raise error
        real(source, target, keep_mode=keep_mode)

    return land


@pytest.mark.parametrize(
    ("code", "words", "hint"),
    [
        (errno.ENOSPC, "No space left on device", "free some space, then build again"),
        (errno.EACCES, "Permission denied", "check the permissions of the file and its folder, then build again"),
    ],
)
def test_an_error_mid_write_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str, hint: str
) -> None:
    out = tmp_path / "out"
    write_site(out, {"a/index.html": b"A", "b/index.html": b"B", "c/index.html": b"C"})
    before = snapshot(out)
    # c is removed first, then a and b are replaced; d, the third file to land, fails
    monkeypatch.setattr(journal, "_land", failing_land(lambda n, back: OSError(code, words) if n == 3 else None))
    with pytest.raises(SiteError) as caught:
        write_site(out, {"a/index.html": b"A2", "b/index.html": b"B2", "d/index.html": b"D"})
    assert [str(p) for p in caught.value.problems] == [
        f"{out}/d/index.html: {words}; {out}/ was left as it was ({hint})"
    ]
    assert snapshot(out) == before  # bytes and times
    assert list(tmp_path.glob(".sitegen-stage-*")) == []


def test_a_write_that_cannot_be_put_back_keeps_its_journal_for_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_site(out, {"a.html": b"A", "b.html": b"B"})
    before = snapshot(out)
    broken = failing_land(lambda n, back: OSError(errno.EIO, "Input/output error") if n == 2 or back else None)
    monkeypatch.setattr(journal, "_land", broken)
    with pytest.raises(SiteError) as caught:
        write_site(out, {"a.html": b"A2", "b.html": b"B2"})
    assert [str(p) for p in caught.value.problems] == [
        f"{out}/b.html: Input/output error; {out}/ could not be put back yet: the next build does it "
        "(build again; if it happens again, check the disk)"
    ]
    assert (out / "a.html").read_bytes() == b"A2"
    assert len(list(tmp_path.glob(".sitegen-stage-*"))) == 1
    monkeypatch.undo()
    journal.recover(out)
    assert snapshot(out) == before
    assert list(tmp_path.glob(".sitegen-stage-*")) == []


def test_ctrl_c_waits_until_the_write_is_done() -> None:
    steps = []
    with pytest.raises(KeyboardInterrupt), journal.deferred_interrupts():
        signal.raise_signal(signal.SIGINT)
        steps.append("after the signal")
    assert steps == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_page_whose_folder_becomes_a_file_is_written_and_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a/index.html` goes, `a` comes: the removal lands first, and an undo restores the folder."""
    out = tmp_path / "out"
    write_site(out, {"a/index.html": b"A", "b.html": b"B"})
    before = snapshot(out)
    monkeypatch.setattr(journal, "_land", failing_land(lambda n, back: OSError(errno.EIO, "I/O") if n == 2 else None))
    with pytest.raises(SiteError):
        write_site(out, {"a": b"file", "b.html": b"B2"})
    assert snapshot(out) == before
    monkeypatch.undo()
    write_site(out, {"a": b"file", "b.html": b"B2"})
    assert (out / "a").read_bytes() == b"file" and (out / "b.html").read_bytes() == b"B2"
