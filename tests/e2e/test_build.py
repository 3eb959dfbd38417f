"""End-to-end: build small sites with the real CLI and read the HTML as a reader would."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import SITE_TOML, entry, make_site, run_cli


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.times: list[tuple[str, str]] = []
        self.card_titles: list[str] = []
        self.ids: set[str] = set()
        self.html_lang = ""
        self.properties: dict[str, str] = {}  # <meta property> values, such as og:locale
        self._stack: list[tuple[str, dict[str, str]]] = []
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "meta" and "property" in a:
            self.properties[a["property"]] = a.get("content", "")
        for name in ("href", "src"):
            if name in a and tag in ("a", "link", "script", "img"):
                self.links.append(a[name])
        if tag in ("time", "h3", "script"):
            self._stack.append((tag, a))
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1][0] == tag:
            _, a = self._stack.pop()
            text = " ".join("".join(self._text).split())
            if tag == "time":
                self.times.append((a.get("datetime", ""), text))
            elif tag == "h3" and "card-title" in a.get("class", ""):
                self.card_titles.append(text)


def read(out: Path, rel: str) -> Page:
    return Page((out / rel).read_text(encoding="utf-8"))


@pytest.fixture
def basic_site(tmp_path: Path) -> Path:
    return make_site(
        tmp_path,
        {
            "content/entries/2021-07-01-courts-open.md": entry(
                "Courts open", "2021-07-01", body="First paragraph.\n\nSecond."
            ),
            "content/entries/2019-year-only.md": entry("A year-only event", "2019"),
            "content/entries/2022-06-month-event.md": entry("A month event", "2022-06", "[courts, rights]"),
            "content/entries/2021-07-01-another.md": entry("Another on the same day", "2021-07-01", "[rights]"),
            "content/entries/sub/2020-03-period.md": entry("A period", "2020-03", end_date="2020-06"),
            "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
        },
    )


def build(root: Path, out: Path, *args: str) -> None:
    result = run_cli("build", "--root", root, "--out", out, *args)
    assert result.returncode == 0, result.stderr


def test_timeline_lists_entries_in_date_order_with_same_day_by_title(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    titles = read(out, "index.html").card_titles
    assert titles == ["A year-only event", "A period", "Another on the same day", "Courts open", "A month event"]


def test_weight_orders_entries_of_the_same_date_then_their_titles(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-07-01-a.md": entry("A decree is signed", weight="2"),
            "content/entries/2021-07-01-b.md": entry("Bill published"),
            "content/entries/2021-07-01-c.md": entry("Courts open", weight="-1"),
            "content/entries/2021-07-01-d.md": entry("Appeal lodged"),
            "content/entries/2021-07-02-e.md": entry("Next day", "2021-07-02", weight="-5"),
        },
    )
    build(root, tmp_path / "out")
    titles = read(tmp_path / "out", "index.html").card_titles
    assert titles == ["Courts open", "Appeal lodged", "Bill published", "A decree is signed", "Next day"]


def test_descending_order_reverses_the_timeline(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('languages = ["en"]', 'languages = ["en"]\norder = "descending"')
    root = make_site(
        tmp_path,
        {"content/entries/2019-a.md": entry("Old", "2019"), "content/entries/2021-b.md": entry("New", "2021")},
        toml=toml,
    )
    build(root, tmp_path / "out")
    assert read(tmp_path / "out", "index.html").card_titles == ["New", "Old"]


def test_dates_keep_their_precision_in_time_elements(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    assert ("2019", "2019") in read(out, "entries/year-only/index.html").times
    assert ("2022-06", "June 2022") in read(out, "entries/month-event/index.html").times
    assert ("2021-07-01", "July 1, 2021") in read(out, "entries/courts-open/index.html").times
    period = read(out, "entries/period/index.html").times
    assert ("2020-03", "March – June 2020") in period
    assert ("2020-06", "June 2020") in period


def test_slug_drops_the_date_prefix_and_subfolders(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    for slug in ("courts-open", "year-only", "month-event", "another", "period"):
        assert (out / "entries" / slug / "index.html").is_file()


def test_category_pages_hold_their_members_and_exist_when_empty(tmp_path: Path) -> None:
    toml = SITE_TOML + '\n[categories.empty]\ntitle = "Nothing yet"\n'
    root = make_site(
        tmp_path,
        {
            "content/entries/2019-a.md": entry("In courts", "2019"),
            "content/entries/2020-b.md": entry("In both", "2020", "[courts, rights]"),
            "content/entries/2021-c.md": entry("In rights", "2021", "[rights]"),
        },
        toml=toml,
    )
    out = tmp_path / "out"
    build(root, out)
    assert read(out, "categories/courts/index.html").card_titles == ["In courts", "In both"]
    assert read(out, "categories/rights/index.html").card_titles == ["In both", "In rights"]
    assert read(out, "categories/empty/index.html").card_titles == []
    listing = (out / "categories/index.html").read_text()
    for slug in ("courts", "rights", "empty"):
        assert f"/reform/categories/{slug}/" in read(out, "categories/index.html").links
    assert "2 events" in listing and "0 events" in listing


def test_front_matter_text_is_escaped_never_injected(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/entries/2019-x.md": entry(
                '"<script>alert(1)</script> & <b>bold</b>"', "2019", summary='"<img src=x onerror=alert(1)>"'
            )
        },
    )
    out = tmp_path / "out"
    build(root, out)
    for rel in ("index.html", "entries/x/index.html"):
        html = (out / rel).read_text()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_markdown_body_gets_tables_footnotes_and_heading_anchors(tmp_path: Path) -> None:
    body = "Intro.[^1]\n\n## Figures\n\n| Year | Cases |\n|---|---|\n| 2023 | 7685 |\n\n[^1]: A note.\n"
    root = make_site(tmp_path, {"content/entries/2019-x.md": entry("X", "2019", body=body)})
    out = tmp_path / "out"
    build(root, out)
    page = read(out, "entries/x/index.html")
    html = (out / "entries/x/index.html").read_text()
    assert "figures" in page.ids
    assert "<table>" in html and "<td>7685</td>" in html
    assert any(i.startswith("fn:") for i in page.ids)


def test_summary_defaults_to_the_first_paragraph(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    assert 'content="First paragraph."' in (out / "entries/courts-open/index.html").read_text()


def test_every_internal_link_resolves_under_the_base_path(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out, "--base-url", "https://site.test/kz-reform/")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        base = "https://site.test/kz-reform/" + path.relative_to(out).as_posix()
        for link in Page(path.read_text()).links:
            target = urlsplit(urljoin(base, link))
            if target.netloc != "site.test":
                continue
            assert target.path.startswith("/kz-reform/"), f"{path}: {link} leaves the base path"
            rel = target.path[len("/kz-reform/") :]
            file = out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
            assert file.is_file(), f"{path.relative_to(out)} links to missing {link}"


def test_same_input_builds_byte_identical_output(basic_site: Path, tmp_path: Path) -> None:
    digests = []
    for name in ("one", "two"):
        out = tmp_path / name
        build(basic_site, out)
        digests.append(
            {
                p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
        )
    assert digests[0] == digests[1]


def test_drafts_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/entries/2019-a.md": entry("Public", "2019"),
            "content/entries/2020-b.md": entry("Work in progress", "2020", draft="true"),
        },
    )
    build(root, tmp_path / "plain")
    build(root, tmp_path / "drafts", "--drafts")
    assert read(tmp_path / "plain", "index.html").card_titles == ["Public"]
    assert not (tmp_path / "plain/entries/b").exists()
    assert read(tmp_path / "drafts", "index.html").card_titles == ["Public", "Work in progress"]
    assert "Draft" in (tmp_path / "drafts/entries/b/index.html").read_text()


def test_a_field_left_empty_is_as_if_left_out(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/entries/2019-a.md": entry("Public", "2019", draft="", corrections="")})
    build(root, tmp_path / "out")
    assert read(tmp_path / "out", "index.html").card_titles == ["Public"]


def test_failed_build_leaves_the_previous_output_exactly_as_it_was(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    (basic_site / "content/entries/2019-year-only.md").write_text(entry("Broken", "2019-02-30"))
    result = run_cli("build", "--root", basic_site, "--out", out)
    assert result.returncode == 1
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_rebuild_of_an_unchanged_site_writes_nothing(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run_cli("build", "--root", basic_site, "--out", out)
    assert "0 files written" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times


def test_removed_entry_disappears_but_foreign_files_stay(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    (out / "notes.txt").write_text("mine")
    (basic_site / "content/entries/2019-year-only.md").unlink()
    build(basic_site, out)
    assert not (out / "entries/year-only").exists()
    assert (out / "notes.txt").read_text() == "mine"


def test_out_inside_the_sources_is_refused(basic_site: Path) -> None:
    result = run_cli("build", "--root", basic_site, "--out", basic_site / "content" / "out")
    assert result.returncode == 2  # a usage error, like every refused --out
    assert result.stderr.startswith("--out: ") and "cannot be the output folder" in result.stderr


def test_bom_and_crlf_files_are_fine(tmp_path: Path) -> None:
    text = "\ufeff" + entry("Windows file", "2019").replace("\n", "\r\n")
    root = make_site(tmp_path, {})
    (root / "content/entries").mkdir(parents=True)
    (root / "content/entries/2019-win.md").write_bytes(text.encode("utf-8"))
    build(root, tmp_path / "out")
    assert read(tmp_path / "out", "index.html").card_titles == ["Windows file"]


def test_root_templates_override_built_in_ones_file_by_file(basic_site: Path, tmp_path: Path) -> None:
    (basic_site / "templates/partials").mkdir(parents=True)
    (basic_site / "templates/partials/footer.html").write_text('<footer id="custom-footer">Ours</footer>\n')
    out = tmp_path / "out"
    build(basic_site, out)
    page = read(out, "index.html")
    assert "custom-footer" in page.ids
    assert "main" in page.ids  # the rest still comes from the built-in templates


def test_site_asset_overrides_built_in_asset_with_a_new_hashed_name(basic_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(basic_site, out)
    (basic_site / "assets").mkdir()
    (basic_site / "assets/style.css").write_text("body { color: red; }\n")
    build(basic_site, out)
    css = [link for link in read(out, "index.html").links if link.endswith(".css")]
    assert len(css) == 1
    assert (out / css[0].removeprefix("/reform/")).read_text() == "body { color: red; }\n"


def test_template_error_names_the_template_and_line(basic_site: Path, tmp_path: Path) -> None:
    (basic_site / "templates").mkdir()
    (basic_site / "templates/page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ page.title | nosuchfilter }}\n{% endblock %}\n'
    )
    result = run_cli("build", "--root", basic_site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("templates/page.html:3: template error: No filter named 'nosuchfilter'.")
