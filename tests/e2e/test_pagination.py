"""Past timeline.page_size the timeline and category pages split by year; every entry stays reachable."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from tests.conftest import SITE_TOML, entry, make_site, run_cli
from tests.e2e.test_build import Page


def reachable(out: Path, start: str) -> set[str]:
    """Entry slugs reachable from `start` by following internal links through index and year pages."""
    seen, queue, slugs = set(), [start], set()
    while queue:
        rel = queue.pop()
        if rel in seen:
            continue
        seen.add(rel)
        for link in Page((out / rel).read_text()).links:
            path = urlsplit(urljoin("https://site.test/reform/" + rel, link)).path.removeprefix("/reform/")
            if path.startswith("entries/"):
                slugs.add(path.split("/")[1])
            elif "/years/" in f"/{path}" and path.endswith("/") and (out / path / "index.html").is_file():
                queue.append(path + "index.html")
    return slugs


def test_big_timeline_becomes_a_year_index_with_complete_year_pages(tmp_path: Path) -> None:
    toml = SITE_TOML + "\n[timeline]\npage_size = 5\n"
    files = {
        f"content/entries/{2010 + i % 4}-e{i}.md": entry(
            f"Event {i}", str(2010 + i % 4), "[courts]" if i % 2 else "[courts, rights]"
        )
        for i in range(12)
    }
    root = make_site(tmp_path, files, toml=toml)
    out = tmp_path / "out"
    result = run_cli("build", "--root", root, "--out", out)
    assert result.returncode == 0, result.stderr
    assert Page((out / "index.html").read_text()).card_titles == []  # an index, not 12 cards
    for year in range(2010, 2014):
        assert (out / f"years/{year}/index.html").is_file()
    everything = {f"e{i}" for i in range(12)}
    assert reachable(out, "index.html") == everything
    assert reachable(out, "categories/courts/index.html") == everything
    assert reachable(out, "categories/rights/index.html") == {f"e{i}" for i in range(0, 12, 2)}
    back = Page((out / "entries/e5/index.html").read_text()).links
    assert "/reform/years/2011/#e5" in back


def test_small_timeline_stays_one_page(tmp_path: Path) -> None:
    root = make_site(tmp_path, {f"content/entries/201{i}-e{i}.md": entry(f"Event {i}", f"201{i}") for i in range(3)})
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out).returncode == 0
    assert len(Page((out / "index.html").read_text()).card_titles) == 3
    assert not (out / "years").exists()
