"""A heading's permalink in Russian works in Chromium: the address names it and the browser goes there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import entry, make_site, run_cli

pytestmark = pytest.mark.browser

BODY = "Intro.\n\n" + "\n\n".join(["Filler paragraph. " * 40] * 12) + "\n\n## Судебная реформа\n\nThe reform.\n"


def test_a_cyrillic_heading_permalink_is_followed_and_shared(
    tmp_path: Path, static_server: Callable[[Path, str], str], page: Page
) -> None:
    root = make_site(tmp_path, {"content/entries/2021-07-01-reform.md": entry("Reform", body=BODY)})
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out, "--base-url", "http://127.0.0.1/reform/").returncode == 0
    base = static_server(out, "/reform/")

    page.goto(f"{base}entries/reform/#судебная-реформа")
    heading = page.get_by_role("heading", name="Судебная реформа")
    expect(heading).to_have_id("судебная-реформа")
    assert page.evaluate("document.querySelector(':target')?.id") == "судебная-реформа"
    expect(heading).to_be_in_viewport()

    page.goto(f"{base}entries/reform/")
    expect(heading).not_to_be_in_viewport()
    heading.locator("a.headerlink").click()
    assert page.evaluate("decodeURIComponent(location.hash)") == "#судебная-реформа"
    expect(heading).to_be_in_viewport()
