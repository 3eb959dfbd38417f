"""Photos and the video facade in Chromium: nothing from another host before a click, the player after,
no sideways scroll on a phone, and axe finds nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Route, expect

from sitegen.pipeline import BuildOptions, build
from tests.conftest import run_axe
from tests.e2e.test_media import media_site

pytestmark = pytest.mark.browser

PREFIX = "/reform/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = media_site(tmp_path_factory.mktemp("media-browser"))
    build(BuildOptions(root=root, out=root / "out"))
    return root / "out"


@pytest.fixture
def base(static_server: Callable[[Path, str], str], built: Path) -> str:
    return static_server(built, PREFIX)


def test_the_player_loads_only_after_the_click_and_nothing_else_leaves_the_site(
    contexts: Callable[..., BrowserContext], base: str
) -> None:
    page = contexts().new_page()
    elsewhere: list[str] = []

    def keep_inside(route: Route) -> None:
        """Another host is recorded and never reached: the test does not go on the internet."""
        elsewhere.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(base), keep_inside)
    page.goto(f"{base}entries/court/", wait_until="networkidle")
    assert elsewhere == []
    assert page.locator("iframe").count() == 0
    page.get_by_role("link", name="Play the video on YouTube: The opening").click()
    frame = page.locator(".video iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    expect(frame).to_have_attribute("title", "Play the video on YouTube: The opening")
    page.wait_for_timeout(300)
    assert elsewhere and all(url.startswith("https://www.youtube-nocookie.com/") for url in elsewhere)
    assert page.url == f"{base}entries/court/"  # the page stayed; only the frame asked YouTube


def test_without_javascript_the_video_is_a_plain_link(contexts: Callable[..., BrowserContext], base: str) -> None:
    page = contexts(java_script_enabled=False).new_page()
    page.route(lambda url: not url.startswith(base), lambda route: route.abort())
    page.goto(f"{base}entries/court/")
    link = page.get_by_role("link", name="Play the video on YouTube: The opening")
    expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("lang", ["", "ru/"])
def test_pictures_fit_the_column_and_axe_finds_nothing(
    contexts: Callable[..., BrowserContext], base: str, width: int, lang: str
) -> None:
    page = contexts(viewport={"width": width, "height": 800}).new_page()
    page.goto(f"{base}{lang}entries/court/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    column = page.evaluate("document.querySelector('.entry-body').getBoundingClientRect().width")
    for box in page.evaluate("[...document.querySelectorAll('figure img')].map(i => i.getBoundingClientRect().width)"):
        assert 0 < box <= max(column, 40 * 16)
    assert run_axe(page)["violations"] == []
