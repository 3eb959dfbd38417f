"""Share, correction and edit links on built pages: real addresses, encoded, and only when they can work."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from tests.conftest import PROJECT, entry, make_site, run_cli
from tests.e2e.test_nu_validator import nu_errors
from tests.html_tree import Node, parse

TOML = """\
[site]
title = "Reform"
description = "A fixture."
base_url = "https://site.test/r/"
languages = ["en", "ru", "kk"]
{extra}
[categories.courts]
title = "Courts"
"""
REPOSITORY = 'repository = "https://github.com/owner/reform.git"\nbranch = "live"\n'
TITLE = 'Courts & "judges": 50% more?'
FILES = {
    "content/entries/2021-07-01-courts.md": entry(f"'{TITLE}'", "2021-07-01"),
    "content/entries/2021-07-01-courts.ru.md": "---\ntitle: Суды и судьи\n---\nТекст.\n",
    "content/pages/about.md": "---\ntitle: About\n---\nAbout.\n",
    "content/pages/about.kk.md": "---\ntitle: Жоба туралы\n---\nМәтін.\n",
}
PREFIX = {"en": "", "ru": "ru/", "kk": "kk/"}
TITLES = {"en": TITLE, "ru": "Суды и судьи", "kk": TITLE}  # kk has no translation: the original shows


def build(tmp_path: Path, toml: str) -> Path:
    root = make_site(tmp_path, FILES, toml=toml)
    result = run_cli("build", "--root", root, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


@pytest.fixture(scope="module")
def with_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("repo"), TOML.format(extra=REPOSITORY))


def links(page: Node) -> dict[str, str]:
    """Each link's visible text -> its address."""
    return {a.text: a.attrs["href"] for a in page.find_all("a") if "href" in a.attrs}


def share_links(page: Node) -> dict[str, str]:
    return {a.text: a.attrs["href"] for a in page.find("section", "share").find("ul").find_all("a")}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_share_links_carry_the_canonical_address_and_the_title(with_repository: Path, lang: str) -> None:
    page = parse(with_repository / PREFIX[lang] / "entries/courts/index.html")
    canonical = next(n.attrs["href"] for n in page.find_all("link") if n.attrs.get("rel") == "canonical")
    assert canonical == f"https://site.test/r/{PREFIX[lang]}entries/courts/"
    shared = {urlsplit(href).scheme + ":" + urlsplit(href).netloc: href for href in share_links(page).values()}
    title = TITLES[lang]

    def query(key: str) -> dict[str, list[str]]:
        parts = urlsplit(shared[key])
        assert " " not in shared[key] and "\n" not in shared[key]
        return parse_qs(parts.query, strict_parsing=True)

    assert query("mailto:") == {"subject": [title], "body": [f"{title}\n{canonical}"]}
    assert urlsplit(shared["https:t.me"]).path == "/share/url"
    assert query("https:t.me") == {"url": [canonical], "text": [title]}
    assert query("https:wa.me") == {"text": [f"{title}\n{canonical}"]}
    assert urlsplit(shared["https:x.com"]).path == "/intent/post"
    assert query("https:x.com") == {"url": [canonical], "text": [title]}
    assert urlsplit(shared["https:www.facebook.com"]).path == "/sharer/sharer.php"
    assert query("https:www.facebook.com") == {"u": [canonical]}
    assert len(shared) == 5
    # Each link's accessible name says what it does, and holds its visible text.
    for a in page.find("section", "share").find("ul").find_all("a"):
        assert a.text.casefold() in a.attrs["aria-label"].casefold() and a.attrs["aria-label"] != a.text
    button = page.find("button", "copy-link")
    assert button.attrs["data-copy"] == canonical


@pytest.mark.parametrize(
    ("lang", "file"),
    [("en", "2021-07-01-courts.md"), ("ru", "2021-07-01-courts.ru.md"), ("kk", "2021-07-01-courts.md")],
)
def test_correction_and_edit_links_name_the_entry_and_its_file(with_repository: Path, lang: str, file: str) -> None:
    page = parse(with_repository / PREFIX[lang] / "entries/courts/index.html")
    edit_links = page.find("ul", "edit-links").find_all("a")
    correction, edit = (a.attrs["href"] for a in edit_links)
    assert edit == f"https://github.com/owner/reform/edit/live/content/entries/{file}"
    parts = urlsplit(correction)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/owner/reform/issues/new")
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {
        "template": ["correction.yml"],
        "title": [f"Correction: {TITLES[lang]}"],
        "entry": [f"https://site.test/r/{PREFIX[lang]}entries/courts/"],
        "file": [f"content/entries/{file}"],
    }
    # The form the link opens exists, and has a field for each value the link fills in.
    form = yaml.safe_load((PROJECT / ".github/ISSUE_TEMPLATE" / query["template"][0]).read_text(encoding="utf-8"))
    ids = {item["id"] for item in form["body"] if "id" in item}
    assert {"entry", "file"} <= ids and {"name", "description", "body"} <= form.keys()


@pytest.mark.parametrize(("lang", "file"), [("en", "about.md"), ("ru", "about.md"), ("kk", "about.kk.md")])
def test_static_pages_link_to_the_editor_on_their_file(with_repository: Path, lang: str, file: str) -> None:
    page = parse(with_repository / PREFIX[lang] / "about/index.html")
    hrefs = [a.attrs["href"] for a in page.find("p", "edit-links").find_all("a")]
    assert hrefs == [f"https://github.com/owner/reform/edit/live/content/pages/{file}"]
    assert not page.find_all("section", "share")


def test_without_a_repository_there_are_no_correction_or_edit_links(tmp_path: Path) -> None:
    out = build(tmp_path, TOML.format(extra=""))
    for path in ("entries/courts/index.html", "ru/entries/courts/index.html", "about/index.html"):
        page = parse(out / path)
        assert not page.find_all(cls="edit-links")
        assert not [href for href in links(page).values() if "github.com" in href], path


def test_without_a_public_address_only_copy_link_remains(tmp_path: Path) -> None:
    """Share links must carry a full address; a site without one keeps only the button, which asks the browser."""
    out = build(tmp_path, TOML.format(extra="").replace('base_url = "https://site.test/r/"\n', ""))
    page = parse(out / "entries/courts/index.html")
    assert share_links(page) == {}
    assert page.find("button", "copy-link").attrs["data-copy"] == "/entries/courts/"


def test_every_page_names_the_site_and_its_address_for_print(with_repository: Path) -> None:
    for path, address in (("entries/courts/", "entries/courts/"), ("ru/about/", "ru/about/"), ("kk/", "kk/")):
        page = parse(with_repository / path / "index.html")
        line = page.find("p", "print-only").text
        assert unquote(line).endswith(f"https://site.test/r/{address}"), line
        assert line.startswith(("Reform", "Реформа")), line


def test_pages_with_share_and_edit_links_pass_the_nu_checker(with_repository: Path, tmp_path: Path) -> None:
    pages = sorted(with_repository.rglob("index.html"))
    assert [p for p in pages if "edit-links" in p.read_text(encoding="utf-8")]
    assert nu_errors(pages, with_repository, tmp_path) == ""
