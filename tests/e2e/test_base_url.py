"""`base_url` is optional: `--base-url` supplies it, and without either the site builds with root-relative
links, says which outputs need a full address, and leaves out only the sitemap, which lists full addresses."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser

from sitegen.linkcheck import check_output
from tests.conftest import entry, make_site, run_cli
from tests.html_tree import Node, parse

TOML = '[site]\ntitle = "Test reform"\ndescription = "A fixture site."\n\n[categories.courts]\ntitle = "Courts"\n'
WARNING = (
    "site.toml:1: warning: site.base_url: not given, so links are root-relative and sitemap.xml is not written;"
    " feeds, canonical links, hreflang links and og:url need a full address and get a relative one"
    ' (add base_url = "https://owner.github.io/repo/" to [site], or build with --base-url)'
)


def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"content/entries/2021-07-01-a.md": entry("A", body="Text.")}, toml=TOML)


def head(tree: Node) -> dict[str, str]:
    """The canonical link and og:url of a page."""
    found = {}
    for node in tree.find_all("link"):
        if node.attrs.get("rel") == "canonical":
            found["canonical"] = node.attrs["href"]
    for node in tree.find_all("meta"):
        if node.attrs.get("property") == "og:url":
            found["og:url"] = node.attrs["content"]
    return found


def test_base_url_option_supplies_the_address_site_toml_leaves_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("build", "--root", site(tmp_path), "--out", out, "--base-url", "https://owner.github.io/reform/")
    assert result.returncode == 0, result.stderr
    assert "base_url" not in result.stderr
    assert head(parse(out / "entries/a/index.html")) == {
        "canonical": "https://owner.github.io/reform/entries/a/",
        "og:url": "https://owner.github.io/reform/entries/a/",
    }
    assert (out / "sitemap.xml").is_file()
    assert [str(p) for p in check_output(out, "https://owner.github.io/reform/").problems] == []


def test_check_without_a_base_url_passes_with_the_warning(tmp_path: Path) -> None:
    result = run_cli("check", "--root", site(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [WARNING]


def test_without_a_base_url_links_are_root_relative_and_none_is_broken(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("build", "--root", site(tmp_path), "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [WARNING]

    assert head(parse(out / "entries/a/index.html")) == {"canonical": "/entries/a/", "og:url": "/entries/a/"}
    assert not (out / "sitemap.xml").exists()
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert json.loads((out / "entries.json").read_text(encoding="utf-8"))["entries"][0]["url"] == "/entries/a/"

    pages = sorted(out.rglob("*.html"))
    for page in pages:
        here = "/" + page.relative_to(out).as_posix()
        for node in parse(page).iter():
            link = node.attrs.get("href") or node.attrs.get("src")
            if not link or node.tag not in ("a", "link", "script") or urlsplit(link).scheme:
                continue
            target = urlsplit(urljoin(here, link)).path
            assert target.startswith("/"), f"{here}: {link}"
            file = out / target.lstrip("/")
            assert (file / "index.html" if target.endswith("/") else file).is_file(), f"{here} links to {link}"


def test_without_a_base_url_feeds_stay_valid_atom_with_relative_links(tmp_path: Path) -> None:
    out = tmp_path / "out"
    root = site(tmp_path)
    assert run_cli("build", "--root", root, "--out", out).returncode == 0
    feed = feedparser.parse(
        (out / "feed.xml").read_bytes(),
        response_headers={"content-location": "https://x.test/", "content-type": "application/atom+xml"},
    )
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.id.startswith("urn:uuid:")
    (item,) = feed.entries
    assert item.id.startswith("urn:uuid:") and item.id != feed.feed.id
    assert item.link == "https://x.test/entries/a/"  # resolved against wherever the feed is served

    again = tmp_path / "again"
    assert run_cli("build", "--root", root, "--out", again).returncode == 0
    assert (again / "feed.xml").read_bytes() == (out / "feed.xml").read_bytes()
