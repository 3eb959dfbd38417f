"""A body that lost HTML to the sanitiser is still published, and every build says what went and where."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import entry, make_site, run_cli
from tests.html_tree import parse

SCRIPT = (
    "content/entries/2021-07-01-a.md:11: warning: body: <script> was removed"
    " (scripts are not allowed in entries or pages: they would run in readers' browsers)"
)


def test_the_entry_is_built_and_each_build_repeats_the_warning_even_from_the_cache(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/entries/2021-07-01-a.md": entry(body="Text.\n\n<script>alert(1)</script>\n")})
    out = tmp_path / "out"
    # the second build takes the parsed file from the cache; the third, with nothing changed, makes nothing
    for hits in ("0", "1", None):
        if hits == "1":
            (root / "content/entries/2021-07-02-b.md").write_text(entry(date="2021-07-02"))
        result = run_cli("build", "--root", root, "--out", out, "--timings")
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines() == [SCRIPT]
        made = re.search(r"^  cache hits +(\d+)$", result.stdout, re.M)
        assert (made and made[1]) == hits, result.stdout
    body = parse(out / "entries" / "a" / "index.html").find("div", "entry-body")
    assert body.text == "Text." and not body.find_all("script")


def test_warnings_are_listed_with_the_errors_of_the_same_run(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-07-01-a.md": entry(body="Text.\n\n<script>alert(1)</script>\n"),
            "content/entries/2021-07-02-b.md": entry(date="2021-07-02", categories="[court]"),
        },
    )
    result = run_cli("check", "--root", root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        SCRIPT,
        "content/entries/2021-07-02-b.md:4: categories[1]: unknown category 'court' (did you mean 'courts'?)",
        "1 error, 1 warning.",
    ]
