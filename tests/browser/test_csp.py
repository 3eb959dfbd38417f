"""The pages' Content-Security-Policy in Chromium: no page type breaks it, and nothing a body holds runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from sitegen.config import load_config
from tests.browser.test_serve import CONNECTED, FILES, Server, connected, free_port
from tests.conftest import PROJECT, SITE_TOML, copy_project_site, make_site, run_cli
from tests.html_tree import parse

pytestmark = pytest.mark.browser

PREFIX = "/kz-reform/"
# Before any of the page's own scripts: every violation of the page's policy, as Chromium reports it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} ${e.sample}`.trim());
});
"""
PAGES = {
    "timeline": "",
    "entry": "entries/{entry}/",
    "translation": "ru/entries/{entry}/",
    "category": "categories/{category}/",
    "categories": "categories/",
    "static page": "about/",
    "corrections": "corrections/",
    "search": "search/",
    "404": "no-such-page/",
}


@pytest.fixture(scope="module")
def split_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site with ten entries a page, so that the timeline splits into year pages."""
    root = copy_project_site(tmp_path_factory.mktemp("split") / "site")
    with (root / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n[timeline]\npage_size = 10\n")
    out = root.parent / "output"
    result = run_cli("build", "--root", root, "--out", out, "--base-url", f"http://127.0.0.1{PREFIX}")
    assert result.returncode == 0, result.stderr
    return out


def visit(page: Page, url: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url)
    page.wait_for_load_state("networkidle")


def violations(page: Page) -> list[str]:
    return page.evaluate("() => window.__violations")


def expected_problems(page: Page, kind: str) -> list[str]:
    """A missing page's own 404, which Chromium also logs; nothing else."""
    if kind != "404":
        return []
    return [
        f"HTTP 404: {page.url}",
        "console error: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_type_breaks_the_policy_and_its_scripts_still_work(
    page: Page, static_server: Callable[[Path, str], str], bundled_build: Path, kind: str
) -> None:
    base = static_server(bundled_build, PREFIX)
    entry = sorted(p.name for p in (bundled_build / "entries").iterdir())[0]
    categories = load_config(PROJECT)[0].categories
    visit(page, base + PAGES[kind].format(entry=entry, category=categories[0].slug))
    if kind == "timeline":  # site.js ran: chips are toggles, coloured by the page's hashed <style>
        chip = page.locator(f"button.chip[data-category='{categories[0].slug}']")
        assert chip.evaluate("c => getComputedStyle(c).getPropertyValue('--category')") == categories[0].color
        chip.click()
        expect(chip).to_have_attribute("aria-pressed", "true")
    if kind == "search":
        page.locator("#search-q").click()
        page.keyboard.type("court")
        expect(page.locator(".search-result").first).to_be_visible()  # Pagefind's WebAssembly ran
    if kind == "entry":  # the header's box loads the search code on focus
        page.locator("#site-search-q").click()
        page.keyboard.type("court")
        expect(page.locator(".site-search .search-result").first).to_be_visible()
    assert violations(page) == []
    assert sorted(page.problems) == sorted(expected_problems(page, kind))  # type: ignore[attr-defined]


def test_year_pages_do_not_break_the_policy(
    page: Page, static_server: Callable[[Path, str], str], split_build: Path
) -> None:
    base = static_server(split_build, PREFIX)
    years = sorted(p.relative_to(split_build).parent.as_posix() for p in split_build.glob("**/years/*/index.html"))
    assert "years/2021" in years and any(y.startswith("categories/") for y in years), years
    for path in ["", f"{years[0]}/", next(y for y in years if y.startswith("categories/")) + "/"]:
        visit(page, base + path)
        assert violations(page) == [], path
    assert page.problems == []  # type: ignore[attr-defined]


HOSTILE = """\
Intro.

<script>window.__pwned = "script"</script>

<img src="../media/pixel.png" alt="A pixel" onerror="window.__pwned = 'img onerror'">

<svg onload="window.__pwned = 'svg onload'"><circle r="4"/></svg>

[a javascript: link](javascript:window.__pwned=1) and [a data: link](data:text/html,<script>alert(1)</script>)

<iframe src="javascript:parent.__pwned='iframe'"></iframe>
"""
HOSTILE_FILES = {
    "content/entries/2021-07-01-hostile.md": (
        "---\ntitle: Hostile\ndate: 2021-07-01\ncategories: [courts]\n"
        "sources:\n  - title: A source\n    url: https://example.org/doc\n---\n" + HOSTILE
    ),
    "content/entries/2021-07-01-hostile.ru.md": "---\ntitle: Враждебная\n---\n"
    + HOSTILE.replace("Intro.", "Введение."),
    "content/pages/about.md": "---\ntitle: About\n---\n" + HOSTILE,
}
SCRIPTS = "scripts are not allowed in entries or pages: they would run in readers' browsers"


def hostile_warnings(path: str, body_line: int) -> list[str]:
    """What `check` says of HOSTILE in a file whose body starts at `body_line`."""
    at = f"{path}:{{}}: warning: body:"
    links = "links must start with https://, http://, mailto: or be relative"
    return [
        f"{at.format(body_line + 2)} <script> was removed ({SCRIPTS})",
        f"{at.format(body_line + 4)} attribute onerror on <img> was removed ({SCRIPTS})",
        f"{at.format(body_line + 6)} <svg> was removed (only the HTML Markdown makes and a few harmless tags"
        " are allowed: CONTRIBUTING.md lists them)",
        f"{at.format(body_line + 8)} link 'javascript:window.__pwned=1' was removed ({links})",
        f"{at.format(body_line + 8)} link 'data:text/html,<script>alert(1)</script>' was removed ({links})",
        f"{at.format(body_line + 10)} <iframe> was removed (embedded pages and objects are not allowed in"
        " entries or pages: link to them instead)",
    ]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    toml = SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru"]')
    toml += '\n[categories.courts.ru]\ntitle = "Суды"\n\n[categories.rights.ru]\ntitle = "Права"\n'
    root = make_site(tmp_path_factory.mktemp("hostile"), HOSTILE_FILES, toml=toml)
    (root / "content/media").mkdir()
    Image.new("RGB", (4, 4)).save(root / "content/media/pixel.png")  # an image must exist: a missing one is an error
    return root


def test_check_names_every_removal_at_its_line(hostile_site: Path) -> None:
    result = run_cli("check", "--root", hostile_site)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        *hostile_warnings("content/entries/2021-07-01-hostile.md", 9),
        *hostile_warnings("content/entries/2021-07-01-hostile.ru.md", 4),
        *hostile_warnings("content/pages/about.md", 4),
    ]


def test_nothing_a_hostile_body_holds_is_built_or_runs(
    page: Page, static_server: Callable[[Path, str], str], hostile_site: Path
) -> None:
    out = hostile_site.parent / "output"
    result = run_cli("build", "--root", hostile_site, "--out", out, "--base-url", "https://example.org/reform/")
    assert result.returncode == 0, result.stderr
    pages = sorted(out.rglob("*.html"))
    for path in pages:
        where = path.relative_to(out)
        assert "__pwned" not in path.read_text(encoding="utf-8"), where
        doc = parse(path)
        assert not doc.find_all("iframe") and not doc.find_all("object") and not doc.find_all("embed"), where
        for node in doc.iter():
            assert not [name for name in node.attrs if name.startswith("on")], f"{where}: <{node.tag} {node.attrs}>"
            for name in ("href", "src"):
                assert not node.attrs.get(name, "").startswith(("javascript:", "data:")), f"{where}: {node.attrs}"
        for body in doc.find_all("div", "prose"):
            assert not body.find_all("svg") and not body.find_all("script"), where
    base = static_server(out, "/reform/")
    intros = {"entries/hostile/": "Intro.", "ru/entries/hostile/": "Введение.", "about/": "Intro."}
    paths = tuple(intros)
    for path in paths:
        visit(page, base + path)
        expect(page.locator(".prose p").first).to_have_text(intros[path])
        for link in page.locator(".prose a").all():
            link.click()
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__pwned") is None, path
        assert page.url == base + path
        assert violations(page) == [], path
    assert page.problems == []  # type: ignore[attr-defined]  # the picture shows, without its handler


def test_the_policy_blocks_a_script_even_if_one_got_into_a_page(
    page: Page, static_server: Callable[[Path, str], str], bundled_build: Path, tmp_path: Path
) -> None:
    """A second line of defence: an inline script, handler or javascript: link on a built page does not run."""
    built = next((bundled_build / "entries").glob("*/index.html")).read_text(encoding="utf-8")
    injected = (
        "<script>window.__pwned = 'inline'</script>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' onerror=\"window.__pwned = 'handler'\">"
        "<a id='pwn' href=\"javascript:window.__pwned = 'link'\">x</a></main>"
    )
    (tmp_path / "index.html").write_text(built.replace("</main>", injected, 1), encoding="utf-8")
    visit(page, static_server(tmp_path, PREFIX))
    page.locator("#pwn").click()
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    assert sorted(violations(page)) == [
        "img-src blocked data",  # another host's or a data: image
        "script-src-attr blocked inline",  # the onerror handler
        "script-src-elem blocked inline",  # the <script>
        "script-src-elem blocked inline",  # the javascript: link
    ]


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Server]:
    running = Server(make_site(tmp_path, FILES), free_port())
    running.wait_for(r"^Serving http://")
    yield running
    assert running.stop() == 0, running.err


def test_the_preview_allows_live_reload_and_nothing_else(page: Page, preview: Server) -> None:
    page.add_init_script(CONNECTED)
    visit(page, preview.url)
    connected(page)  # livereload's inline loader ran, under the page's policy
    assert violations(page) == []
    assert page.problems == []  # type: ignore[attr-defined]
