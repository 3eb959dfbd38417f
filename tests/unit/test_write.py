from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import SiteError
from sitegen.write import hashed_name, safe_join, write_site


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
