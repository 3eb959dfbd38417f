"""What readers and assistive technology get from the built pages, read through an HTML parser."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import PROJECT, SITE_TOML, entry, make_site, run_cli
from tests.html_tree import parse

GENERIC_LINK_TEXT = {
    "here",
    "click here",
    "more",
    "read more",
    "link",
    "this",
    "details",
    "подробнее",
    "здесь",
    "толығырақ",
}
BUDGET = 30 * 1024  # bytes of CSS + JS a page loads before a reader does anything, uncompressed
LAZY = re.compile(r"search-ui\.|search\.[0-9a-f]+\.css|pagefind")  # the search code, loaded on use


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_page_has_one_h1_and_headings_that_never_skip_a_level(bundled_build: Path) -> None:
    pages = html_pages(bundled_build)
    assert len(pages) > 100
    for path in pages:
        levels = [int(n.tag[1]) for n in parse(path).iter() if re.fullmatch(r"h[1-6]", n.tag)]
        where = path.relative_to(bundled_build)
        assert levels[:1] == [1] and levels.count(1) == 1, f"{where}: headings {levels}"
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{where}: h{before} is followed by h{after}"


def test_every_page_has_landmarks_and_a_skip_link_to_the_main_content(bundled_build: Path) -> None:
    for path in html_pages(bundled_build):
        doc = parse(path)
        body = doc.find("body")
        first_link = body.find("a")
        where = path.relative_to(bundled_build)
        assert "skip-link" in first_link.classes and first_link.attrs["href"] == "#main", where
        assert [n.attrs.get("id") for n in doc.find_all("main")] == ["main"], where
        assert len(doc.find_all("header", "site-header")) == 1 and len(doc.find_all("footer", "site-footer")) == 1
        navs = doc.find_all("nav")
        assert navs and all(n.attrs.get("aria-label") or n.attrs.get("aria-labelledby") for n in navs), where


def test_link_text_makes_sense_out_of_context(bundled_build: Path) -> None:
    """No 'click here'; two links with the same words on a page go to the same place."""
    for path in html_pages(bundled_build):
        targets: dict[str, str] = {}
        for link in parse(path).find_all("a"):
            href, text = link.attrs.get("href", ""), link.text
            where = f"{path.relative_to(bundled_build)}: {href}"
            assert text, f"{where} has no text"
            assert text.casefold() not in GENERIC_LINK_TEXT, f"{where} says only {text!r}"
            if not href.startswith("#"):
                assert targets.setdefault(text, href) == href, f"{where}: {text!r} also links to {targets[text]}"


@pytest.mark.parametrize("prefix", ["", "ru/", "kk/"])
def test_each_chip_links_to_its_category_page_and_the_filter_texts_keep_their_placeholders(
    bundled_build: Path, prefix: str
) -> None:
    timeline = parse(bundled_build / prefix / "index.html")
    chips = timeline.find("nav", "filters").find_all("a", "chip")
    listed = [
        a.attrs["href"]
        for a in parse(bundled_build / prefix / "categories/index.html").find("ul", "category-list").find_all("a")
    ]
    assert [c.attrs["href"] for c in chips] == listed
    for chip in chips:
        page = bundled_build / chip.attrs["href"].removeprefix("/kz-reform/") / "index.html"
        assert parse(page).find("h1").text == chip.text
    status = timeline.find(cls="filter-status")
    assert status.attrs["role"] == "status"
    assert "{shown}" in status.attrs["data-template-some"] and "{total}" in status.attrs["data-template-some"]
    assert status.attrs["data-template-all"] and status.attrs["data-template-clear"]
    assert "hidden" in timeline.find(cls="empty-result").attrs


def test_cards_carry_the_ids_back_links_point_to(bundled_build: Path) -> None:
    timeline = parse(bundled_build / "index.html")
    card_ids = {card.attrs["id"] for card in timeline.find_all("li", "card")}
    assert card_ids == {p.name for p in (bundled_build / "entries").iterdir()}
    for slug in sorted(card_ids):
        back = parse(bundled_build / "entries" / slug / "index.html").find("li", "pager-back").find("a")
        assert back.attrs["href"] == f"/kz-reform/#{slug}"


def test_sources_are_numbered_with_publisher_date_archive_and_a_printable_address(tmp_path: Path) -> None:
    sources = (
        "\n"
        "  - title: The law\n    url: https://example.org/law\n    publisher: Adilet\n    date: 2021-07-01\n"
        "    archived_url: https://web.archive.org/web/2021/https://example.org/law\n"
        "  - title: A book without a link\n    publisher: A press"
    )
    root = make_site(tmp_path, {"content/entries/2021-x.md": entry("X", "2021", sources=sources)})
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out).returncode == 0
    items = parse(out / "entries/x/index.html").find("section", "sources").find("ol").find_all("li")
    assert [li.attrs["id"] for li in items] == ["source-1", "source-2"]
    law, book = items
    assert law.find("cite").find("a").attrs["href"] == "https://example.org/law"
    assert law.find("span", "publisher").text == "Adilet"
    assert law.find("time").attrs["datetime"] == "2021-07-01"
    archived = law.find("a", "archived")
    assert archived.attrs["href"].startswith("https://web.archive.org/")
    assert archived.text == "archived copy: The law"
    assert law.find("span", "source-url").text == "https://example.org/law"
    assert book.find_all("span", "source-url") == [] and book.find("cite").text == "A book without a link"


def test_draft_and_untranslated_entries_are_badged_in_the_readers_language(tmp_path: Path) -> None:
    toml = (
        '[site]\ntitle = "T"\ndescription = "D"\nbase_url = "https://example.org/r/"\nlanguages = ["en", "ru"]\n\n'
        '[categories.courts]\ntitle = "Courts"\n\n[categories.courts.ru]\ntitle = "Суды"\n'
    )
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-a.md": entry("Only English", "2021"),
            "content/entries/2022-b.md": entry("Draft one", "2022", draft="true"),
            "content/entries/2022-b.ru.md": "---\ntitle: Черновик\n---\nТекст.\n",
        },
        toml=toml,
    )
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out, "--drafts").returncode == 0

    def badges(rel: str) -> list[tuple[str, str]]:
        return [(b.text, b.attrs["lang"]) for b in parse(out / rel).find("main").find_all(cls="badge")]

    assert badges("ru/entries/a/index.html") == [("Ещё не переведено", "ru")]
    assert badges("ru/entries/b/index.html") == [("Черновик", "ru")]
    assert badges("entries/b/index.html") == [("Draft", "en")]
    assert badges("entries/a/index.html") == []
    card = next(c for c in parse(out / "ru/index.html").find_all("li", "card") if c.attrs["id"] == "a")
    assert card.attrs["lang"] == "en" and card.find(cls="badge").text == "Ещё не переведено"


def russian_form(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "событие"
    return "события" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "событий"


@pytest.mark.parametrize(("prefix", "form"), [("ru/", russian_form), ("kk/", lambda n: "оқиға")])
def test_event_counts_use_the_languages_plural_forms(
    bundled_build: Path, prefix: str, form: Callable[[int], str]
) -> None:
    counts = [p.text for p in parse(bundled_build / prefix / "categories/index.html").find_all("p", "count")]
    assert counts
    for text in counts:
        number, word = text.split()
        assert word == form(int(number)), text


@pytest.mark.parametrize(("lang", "plurals"), [("ru", 3), ("kk", 2)])
def test_catalogues_declare_their_plural_forms_and_translate_every_template_string(lang: str, plurals: int) -> None:
    with (PROJECT / "templates/i18n" / f"{lang}.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    assert catalogue.num_plurals == plurals
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert f"has no {lang} translation" not in result.stderr


def first_view_weight(out: Path, page: Path) -> dict[str, int]:
    """The bytes of CSS and JS a page loads as it opens: the files it links and its inline <style> and <script>."""
    weights: dict[str, int] = {}
    for node in parse(page).iter():
        name = ""
        if node.tag == "link" and node.attrs.get("rel") == "stylesheet":
            name = node.attrs["href"]
        elif node.tag == "script" and "src" in node.attrs:
            name = node.attrs["src"]
        elif node.tag == "style" or (node.tag == "script" and node.attrs.get("type") != "application/ld+json"):
            weights[f"inline <{node.tag}>"] = weights.get(f"inline <{node.tag}>", 0) + len(node.text.encode())
            continue
        else:
            continue
        assert name.startswith("/kz-reform/assets/"), f"{page}: {name}"
        file = out / name.removeprefix("/kz-reform/")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", file.read_text(encoding="utf-8")), file.name
        weights[file.name] = file.stat().st_size
    return weights


def test_every_page_loads_under_30_kb_of_local_css_and_js(bundled_build: Path) -> None:
    """The stylesheets and scripts a page names, uncompressed; nothing from another host, no remote fonts."""
    weights = {path: first_view_weight(bundled_build, path) for path in html_pages(bundled_build)}
    heaviest = max(weights, key=lambda path: sum(weights[path].values()))
    assert 0 < sum(weights[heaviest].values()) <= BUDGET, f"{heaviest}: {weights[heaviest]}"


@pytest.mark.parametrize("prefix", ["", "ru/", "kk/"])
def test_the_timeline_loads_its_tools_and_the_search_box_but_not_the_search_code(
    bundled_build: Path, prefix: str
) -> None:
    weights = first_view_weight(bundled_build, bundled_build / prefix / "index.html")
    print(f"\n{prefix or 'en/'}index.html: {sum(weights.values())} bytes of CSS and JS: {weights}")
    assert {re.sub(r"\.[0-9a-f]{10}\.", ".", name) for name in weights} == {
        "style.css",
        "site.js",
        "timeline.js",
        "search.js",
        "inline <style>",
    }
    assert sum(weights.values()) <= BUDGET
    html = (bundled_build / prefix / "index.html").read_text(encoding="utf-8")
    linked = [
        a
        for n in parse(bundled_build / prefix / "index.html").iter()
        for a in (n.attrs.get("href"), n.attrs.get("src"))
        if a
    ]
    assert [a for a in linked if LAZY.search(a)] == []
    assert LAZY.search(html)  # named only in the search box's data attributes, for search.js to load on use


def chart_bars(page: Path) -> list[tuple[int, int, str | None]]:
    """Each bar of a timeline's chart: its year, its count and where it links (None: nowhere)."""
    bars = parse(page).find("nav", "chart").find("ol", "chart-bars").find_all("li")
    return [
        (
            int(li.attrs["data-year"]),
            int(next(n for n in li.iter() if "data-count" in n.attrs).text),
            li.find(cls="chart-bar").attrs.get("href"),
        )
        for li in bars
    ]


@pytest.mark.parametrize("prefix", ["", "ru/", "kk/"])
def test_the_chart_has_a_bar_for_every_year_and_each_with_events_links_to_its_year(
    bundled_build: Path, prefix: str
) -> None:
    timeline = parse(bundled_build / prefix / "index.html")
    cards = {int(s.attrs["id"][1:]): len(s.find_all("li", "card")) for s in timeline.find_all("section", "year")}
    bars = chart_bars(bundled_build / prefix / "index.html")
    years = [year for year, _, _ in bars]
    assert years == list(range(min(cards), max(cards) + 1))
    assert bars == [(year, cards.get(year, 0), f"#y{year}" if year in cards else None) for year in years]


def test_a_timeline_split_by_year_links_each_bar_to_its_years_page(tmp_path: Path) -> None:
    files = {
        "content/entries/2019-a.md": entry("A", "2019"),
        "content/entries/2021-b.md": entry("B", "2021", categories="[rights, courts]"),
    }
    root = make_site(tmp_path, files, toml=SITE_TOML + "\n[timeline]\npage_size = 1\n")
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out).returncode == 0
    assert chart_bars(out / "index.html") == [
        (2019, 1, "/reform/years/2019/"),
        (2020, 0, None),
        (2021, 1, "/reform/years/2021/"),
    ]
    assert (out / "years/2019/index.html").is_file() and not (out / "years/2020").exists()
