"""Share, correction and print in Chromium: the copy button, no request elsewhere, axe, and the printed page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import copy_project_site, run_axe, run_cli

pytestmark = pytest.mark.browser

PREFIX = "/kz-reform/"
PUBLIC = f"https://reform.example{PREFIX}"  # the address the site is built for; it is served from 127.0.0.1
REPOSITORY_LINE = '# repository = "https://github.com/OWNER/REPO"'


@pytest.fixture(scope="module")
def repository_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site with the one line README asks for set: its correction and edit links show."""
    root = copy_project_site(tmp_path_factory.mktemp("share") / "site")
    toml = (root / "site.toml").read_text(encoding="utf-8")
    assert REPOSITORY_LINE in toml
    (root / "site.toml").write_text(
        toml.replace(REPOSITORY_LINE, 'repository = "https://github.com/owner/kz-reform"'), encoding="utf-8"
    )
    out = root.parent / "output"
    result = run_cli("build", "--root", root, "--out", out, "--base-url", PUBLIC)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def base(static_server: Callable[[Path, str], str], repository_build: Path) -> str:
    return static_server(repository_build, PREFIX)


@pytest.fixture(scope="module")
def entry(repository_build: Path) -> str:
    return sorted(p.name for p in (repository_build / "entries").iterdir())[0]


def test_copy_link_puts_the_canonical_address_on_the_clipboard_and_says_so(
    contexts: Callable[..., BrowserContext], base: str, entry: str
) -> None:
    context = contexts(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}ru/entries/{entry}/", wait_until="networkidle")
    button = page.get_by_role("button", name="Скопировать ссылку")
    button.click()
    expect(page.locator(".share [role=status]")).to_have_text("Ссылка скопирована")
    assert page.evaluate("navigator.clipboard.readText()") == f"{PUBLIC}ru/entries/{entry}/"
    assert [url for url in requests if not url.startswith(base)] == []  # no share service asked until a click
    expect(page.get_by_role("link", name="Поделиться в Telegram")).to_be_visible()
    expect(page.get_by_role("link", name="Предложить исправление")).to_be_visible()


def test_without_javascript_the_copy_button_stays_hidden_and_the_links_work(
    contexts: Callable[..., BrowserContext], base: str, entry: str
) -> None:
    page = contexts(java_script_enabled=False).new_page()
    page.goto(f"{base}entries/{entry}/")
    expect(page.locator(".copy-link")).to_be_hidden()
    expect(page.get_by_role("link", name="Share by email")).to_be_visible()
    expect(page.get_by_role("link", name="Edit this entry")).to_be_visible()


@pytest.mark.parametrize(("lang", "scheme"), [("", "light"), ("kk/", "light"), ("ru/", "dark")])
def test_axe_finds_no_violations_on_an_entry_with_its_share_and_edit_links(
    contexts: Callable[..., BrowserContext], base: str, entry: str, lang: str, scheme: str
) -> None:
    page = contexts(color_scheme=scheme, permissions=["clipboard-write"]).new_page()
    page.goto(f"{base}{lang}entries/{entry}/")
    expect(page.locator(".copy-link")).to_be_visible()
    result = run_axe(page)
    assert result["violations"] == []
    assert result["passes"] > 20


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("", "Judicial reform in Kazakhstan"),
        ("entries/{entry}/", "Judicial reform in Kazakhstan"),
        ("ru/about/", "Судебная реформа в Казахстане"),
        ("kk/search/", "Қазақстандағы сот реформасы"),
    ],
)
def test_a_printed_page_shows_the_site_and_its_own_address_and_no_controls(
    page: Page, base: str, entry: str, path: str, title: str
) -> None:
    address = path.format(entry=entry)
    page.goto(base + address, wait_until="networkidle")
    line = page.locator(".print-only")
    expect(line).to_be_hidden()
    page.emulate_media(media="print")
    expect(line).to_be_visible()
    expect(line).to_have_text(f"{title} · {PUBLIC}{address}")
    controls = page.locator(".share, .edit-links, .timeline-tools, .site-search, .language-switcher, button")
    assert controls.count() > 0
    for index in range(controls.count()):
        expect(controls.nth(index)).to_be_hidden()
