"""A custom domain: `cname` in site.toml writes CNAME and is the base URL unless another is given."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from sitegen.linkcheck import check_output
from tests.conftest import entry, make_site, run_cli

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def site_toml(*lines: str) -> str:
    """A one-category site.toml with `lines` added to its [site] table."""
    site = "\n".join(lines)
    return f'[site]\ntitle = "Test reform"\ndescription = "A fixture site."\n{site}\n\n[categories.courts]\ntitle = "Courts"\n'


class Head(HTMLParser):
    """The canonical URL and the stylesheet a reader's browser loads."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical = ""
        self.stylesheet = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheet = a["href"]


def build(tmp_path: Path, toml: str, *args: str) -> Path:
    root = make_site(tmp_path, {"content/entries/2021-07-01-a.md": entry()}, toml=toml)
    out = tmp_path / "out"
    result = run_cli("build", "--root", root, "--out", out, *args)
    assert result.returncode == 0, result.stderr
    return out


def test_cname_alone_writes_cname_and_is_the_base_url(tmp_path: Path) -> None:
    out = build(tmp_path, site_toml('cname = "reform.example.kz"'))
    assert (out / "CNAME").read_text(encoding="utf-8") == "reform.example.kz\n"
    home = Head((out / "index.html").read_text(encoding="utf-8"))
    assert home.canonical == "https://reform.example.kz/"
    assert home.stylesheet.startswith("/assets/style.")  # served from the domain's root, no sub-path
    locs = [e.text for e in ET.parse(out / "sitemap.xml").iter(f"{SITEMAP}loc")]
    assert locs and all(loc.startswith("https://reform.example.kz/") for loc in locs)
    assert "Sitemap: https://reform.example.kz/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    assert [str(p) for p in check_output(out, "https://reform.example.kz/").problems] == []


def test_base_url_in_site_toml_wins_over_cname(tmp_path: Path) -> None:
    out = build(tmp_path, site_toml('base_url = "https://owner.github.io/reform/"', 'cname = "reform.example.kz"'))
    assert (out / "CNAME").read_text(encoding="utf-8") == "reform.example.kz\n"
    assert Head((out / "index.html").read_text(encoding="utf-8")).canonical == "https://owner.github.io/reform/"


def test_base_url_option_wins_over_cname(tmp_path: Path) -> None:
    """The Pages workflow passes --base-url; with a custom domain set in Settings it is that domain."""
    out = build(tmp_path, site_toml('cname = "reform.example.kz"'), "--base-url", "https://www.example.kz/timeline/")
    home = Head((out / "index.html").read_text(encoding="utf-8"))
    assert home.canonical == "https://www.example.kz/timeline/"
    assert home.stylesheet.startswith("/timeline/assets/")
    assert (out / "CNAME").read_text(encoding="utf-8") == "reform.example.kz\n"


def test_no_cname_writes_no_cname_file(tmp_path: Path) -> None:
    out = build(tmp_path, site_toml('base_url = "https://owner.github.io/reform/"'))
    assert not (out / "CNAME").exists()


def test_a_url_as_cname_is_one_problem_with_a_hint(tmp_path: Path) -> None:
    root = make_site(
        tmp_path, {"content/entries/2021-07-01-a.md": entry()}, toml=site_toml('cname = "https://reform.example.kz"')
    )
    result = run_cli("build", "--root", root, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "site.toml:4: site.cname: 'https://reform.example.kz' is not a domain name "
        "(write only the host, e.g. reform.example.kz)",
        "1 error.",
    ]
    assert not (tmp_path / "out").exists()
