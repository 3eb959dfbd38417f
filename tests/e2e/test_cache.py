"""The build cache: never a wrong page, byte-identical output with and without it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from sitegen.digest import digest
from tests.conftest import entry, make_site, run_cli


def snapshot(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    files = {
        f"content/entries/20{10 + i}-e{i}.md": entry(f"Event {i}", f"20{10 + i}", body=f"Body {i} with *emphasis*.")
        for i in range(6)
    }
    return make_site(tmp_path, files)


def build(root: Path, out: Path, *flags: str) -> str:
    result = run_cli("build", "--root", root, "--out", out, "--timings", *flags)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cache_hits(stdout: str) -> int:
    line = next(line for line in stdout.splitlines() if line.strip().startswith("cache hits"))
    return int(line.split()[-1])


def test_warm_build_reuses_parsed_files_and_matches_a_cold_build(site: Path, tmp_path: Path) -> None:
    warm_out, cold_out = tmp_path / "warm/out", tmp_path / "cold/out"
    assert cache_hits(build(site, warm_out)) == 0
    assert list((tmp_path / "warm/.cache/sitegen").glob("parsed-*.pickle"))
    (site / "content/entries/2012-e2.md").write_text(entry("Event 2, edited", "2012"))
    assert cache_hits(build(site, warm_out)) == 5  # all but the edited file
    build(site, cold_out, "--no-cache")
    assert not (tmp_path / "cold/.cache").exists()
    assert snapshot(warm_out) == snapshot(cold_out)
    assert "Event 2, edited" in (warm_out / "entries/e2/index.html").read_text()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"garbage" * 10,  # not ours
        lambda data: data.replace(b"sitegen-cache-2", b"sitegen-cache-1"),  # an older format
        lambda data: data[:-20] + bytes(20),  # payload bytes flipped
    ],
    ids=["truncated", "foreign", "old-format", "corrupt-payload"],
)
def test_a_damaged_cache_is_ignored_never_a_wrong_page(site: Path, tmp_path: Path, damage: object) -> None:
    out = tmp_path / "a/out"
    build(site, out)
    for cache in (tmp_path / "a/.cache/sitegen").glob("parsed-*.pickle"):
        cache.write_bytes(damage(cache.read_bytes()))  # type: ignore[operator]
    (site / "content/entries/2011-e1.md").write_text(entry("Event 1, edited", "2011"))
    assert cache_hits(build(site, out)) == 0
    build(site, tmp_path / "b/out", "--no-cache")
    assert snapshot(out) == snapshot(tmp_path / "b/out")


def test_an_edit_rewrites_only_the_parsed_files_it_touches_in_the_cache(site: Path, tmp_path: Path) -> None:
    """Parsed files are kept in shards by content digest: the old digest's shard and the new one's change."""
    out = tmp_path / "a/out"
    build(site, out)
    shards = lambda: {p.name: p.read_bytes() for p in (tmp_path / "a/.cache/sitegen").glob("parsed-*.pickle")}  # noqa: E731
    before = shards()
    edited = site / "content/entries/2012-e2.md"
    old = digest(edited.read_bytes())
    edited.write_text(entry("Event 2, edited", "2012"))
    new = digest(edited.read_bytes())
    assert cache_hits(build(site, out)) == 5
    after = shards()
    assert len(before) >= 3  # six files, spread over shards
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {f"parsed-{old[0]}.pickle", f"parsed-{new[0]}.pickle"}


def test_changing_categories_invalidates_the_cache(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "a/out"
    build(site, out)
    toml = (
        (site / "site.toml")
        .read_text()
        .replace("[categories.rights]", "[categories.more]\ntitle = 'More'\n\n[categories.rights]")
    )
    (site / "site.toml").write_text(toml)
    assert cache_hits(build(site, out)) == 0


def test_search_index_is_reused_while_pages_are_unchanged_and_rebuilt_after_an_edit(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "a/out"
    build(site, out)
    stored = tmp_path / "a/.cache/sitegen/search-en.0.pickle"
    first = stored.read_bytes()
    build(site, out)
    assert stored.read_bytes() == first  # nothing changed: the stored index was used, not rewritten
    (site / "content/entries/2013-e3.md").write_text(entry("Event 3, renamed", "2013"))
    build(site, out)
    assert stored.read_bytes() != first
    stored.write_bytes(b"damaged")
    build(site, tmp_path / "b/out", "--no-cache")
    build(site, out)
    assert snapshot(out) == snapshot(tmp_path / "b/out")


def rendered(stdout: str) -> int:
    return int(re.search(r"\((\d+) rendered\)", stdout)[1])  # type: ignore[index]


def test_a_warm_build_renders_only_the_pages_an_edit_touches(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "a/out"
    cold = build(site, out)
    assert rendered(cold) == len([p for p in snapshot(out) if p.endswith(".html")])
    again = build(site, out)
    assert rendered(again) == 0 and "0 files written" in again
    (site / "content/entries/2012-e2.md").write_text(entry("Event 2, edited", "2012"))
    edited = build(site, out)
    # the entry, its two neighbours (their previous/next links), and the pages that show it: the timeline
    # and its category; not categories, corrections, search or 404, whose templates do not list entries
    assert rendered(edited) == 5
    build(site, tmp_path / "b/out", "--no-cache")
    assert snapshot(out) == snapshot(tmp_path / "b/out")


def test_a_page_changed_or_removed_by_hand_is_made_again(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "a/out"
    build(site, out)
    expected = snapshot(out)
    page = out / "entries/e1/index.html"
    page.write_text(page.read_text().replace("Event 1", "Event 9"))  # same size, new time
    (out / "entries/e3/index.html").unlink()
    (out / "feed.xml").write_text("")
    assert rendered(build(site, out)) == 2
    assert snapshot(out) == expected


def test_a_damaged_ledger_is_ignored(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "a/out"
    build(site, out)
    expected = snapshot(out)
    ledger = tmp_path / "a/.cache/sitegen/ledger.pickle"
    ledger.write_bytes(ledger.read_bytes()[:-20] + bytes(20))
    (out / "entries/e4/index.html").write_text("stale")
    assert rendered(build(site, out)) == len([p for p in expected if p.endswith(".html")])
    assert snapshot(out) == expected


def test_a_build_failing_halfway_leaves_the_output_and_no_staged_files(site: Path, tmp_path: Path) -> None:
    """Pages rendered before the failure wait in a staging folder; it goes, the output stays as it was."""
    out = tmp_path / "a/out"
    build(site, out)
    expected = snapshot(out)
    (site / "content/entries/2011-e1.md").write_text(entry("Event 1, edited", "2011"))
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("{{ 1 // 0 }}")  # the last page: fails after the others
    result = run_cli("build", "--root", site, "--out", out)
    assert result.returncode == 1 and "template error" in result.stderr
    assert snapshot(out) == expected
    assert sorted(p.name for p in out.parent.iterdir()) == [".cache", "out"]
