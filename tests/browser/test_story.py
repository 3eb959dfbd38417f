"""The story in real Chromium: citation marks by keyboard and axe, numbers kept on a line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import run_axe

pytestmark = pytest.mark.browser

PREFIX = "/kz-reform/"
REFERENDUM = "entries/constitutional-referendum/"

# The tops of the lines a span's characters are laid out on, measured a character at a time.
LINE_TOPS = """span => {
  const text = span.firstChild;
  const tops = new Set();
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
  }
  return [...tops];
}"""


@pytest.fixture
def base(static_server: Callable[[Path, str], str], bundled_build: Path) -> str:
    return static_server(bundled_build, PREFIX)


def test_a_number_and_its_suffix_stay_on_one_line_in_a_narrow_box(page: Page, base: str) -> None:
    page.goto(f"{base}kk/{REFERENDUM}")
    body = page.locator(".entry-body")
    body.evaluate("element => { element.style.width = '4.5em'; element.style.maxWidth = '4.5em'; }")
    spans = page.locator(".entry-body .nowrap")
    assert "6 163 863-і" in spans.all_inner_texts()
    for span in spans.all():
        assert len(span.evaluate(LINE_TOPS)) == 1, span.inner_text()
    # The same text without the class breaks in that box: the measure can tell.
    plain = spans.nth(spans.all_inner_texts().index("6 163 863-і")).element_handle()
    plain.evaluate("span => span.classList.remove('nowrap')")
    assert len(plain.evaluate(LINE_TOPS)) > 1


def test_a_marker_and_its_way_back_work_from_the_keyboard(page: Page, base: str) -> None:
    page.goto(f"{base}{REFERENDUM}")
    marker = page.locator(".entry-body a.cite").first
    expect(marker).to_have_accessible_name("source 1")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite')"):
            break
    else:
        pytest.fail("Tab never reached a citation mark")
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#source-1$"))
    source = page.locator("#source-1")
    expect(source).to_be_in_viewport()
    back = source.locator("a.cite-back")
    expect(back).to_have_accessible_name("Back to the text")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite-back')"):
            break
    else:
        pytest.fail("Tab never reached the way back from the source")
    expect(back).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#cite-1-1$"))
    expect(marker).to_be_in_viewport()
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["", "kk/"])
def test_axe_finds_no_violations_on_an_entry_with_markers(
    contexts: Callable[..., BrowserContext], base: str, lang: str
) -> None:
    page = contexts().new_page()
    page.goto(f"{base}{lang}{REFERENDUM}#source-2")
    expect(page.locator(".entry-body a.cite").first).to_be_visible()
    result = run_axe(page)
    assert result["violations"] == []
    assert result["passes"] > 20
