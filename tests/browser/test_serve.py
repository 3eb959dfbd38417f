"""`build.py serve` in a subprocess, watched through headless Chromium: saves show up in the open tab."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT, entry, make_site
from tests.devserver import Server, free_port, get

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAIT_MS = 20_000  # a save must show well before this; the bound only keeps a broken test from hanging

FILES = {
    "content/entries/2020-03-01-first.md": entry("First event", "2020-03-01"),
    "content/entries/2021-05-02-second.md": entry("Second event", "2021-05-02", "[courts, rights]"),
    "content/entries/2021-06-third.md": entry("Third event", "2021-06", "[rights]", draft="true"),
    "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
}

# Set on every load of the page: livereload.js fires LiveReloadConnect once its websocket is up.
CONNECTED = "document.addEventListener('LiveReloadConnect', () => { window.liveReloadConnected = true; });"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_site(tmp_path, FILES)
    # The site's own stylesheet, so that editing it leaves the project's alone.
    (root / "assets").mkdir()
    (root / "assets" / "style.css").write_bytes((PROJECT / "assets" / "style.css").read_bytes())
    return root


@pytest.fixture
def server(site: Path) -> Iterator[Server]:
    running = Server(site, free_port())
    running.wait_for(r"^Serving http://")
    yield running
    assert running.stop() == 0, running.err
    assert not any("Traceback" in line for line in running.err), "".join(running.err)


def open_connected(page: object, url: str) -> None:
    """Open `url` and wait until livereload listens, so that the next save reaches this tab."""
    page.add_init_script(CONNECTED)  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    connected(page)


def connected(page: object) -> None:
    page.wait_for_function("() => window.liveReloadConnected === true", timeout=WAIT_MS)  # type: ignore[attr-defined]


def card_titles(page: object) -> list[str]:
    return page.locator(".card-title").all_inner_texts()  # type: ignore[attr-defined]


def wait_for_titles(page: object, present: str | None = None, absent: str | None = None) -> None:
    """Wait, without navigating, until the open timeline shows `present` and not `absent`."""
    page.wait_for_function(  # type: ignore[attr-defined]
        """([present, absent]) => {
            const titles = [...document.querySelectorAll('.card-title')].map(e => e.textContent.trim());
            return (!present || titles.includes(present)) && (!absent || !titles.includes(absent));
        }""",
        arg=[present, absent],
        timeout=WAIT_MS,
    )


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_saves_show_in_the_open_timeline_without_navigating(server: Server, page: object) -> None:
    navigations: list[str] = []
    open_connected(page, server.url)
    page.on("framenavigated", lambda frame: navigations.append(frame.url))  # type: ignore[attr-defined]
    assert card_titles(page) == ["First event", "Second event", "Third event"]
    draft = page.locator("#third .badge-draft")  # type: ignore[attr-defined]
    assert draft.count() == 1, "drafts are shown while serving, with their badge"

    replace(server.root / "content/entries/2020-03-01-first.md", "First event", "First event, retitled")
    wait_for_titles(page, present="First event, retitled", absent="First event")
    line = server.wait_for(r"2020-03-01-first\.md changed: \d+ of \d+ pages rendered, \d+ files written")
    rendered, total = map(int, re.search(r"(\d+) of (\d+) pages", line).groups())  # type: ignore[union-attr]
    assert rendered < total, f"one entry's edit re-rendered every page: {line}"
    connected(page)

    (server.root / "content/entries/2022-01-10-fourth.md").write_text(entry("A fourth event", "2022-01-10"))
    wait_for_titles(page, present="A fourth event")
    connected(page)

    second = server.url + "entries/second/"
    assert page.request.get(second).status == 200  # type: ignore[attr-defined]
    (server.root / "content/entries/2021-05-02-second.md").unlink()
    wait_for_titles(page, absent="Second event")
    assert page.request.get(second).status == 404  # type: ignore[attr-defined]

    assert navigations and all(url == server.url for url in navigations), "only livereload's reloads happened"
    assert not [p for p in page.problems if "entries/second/" not in p], page.problems  # type: ignore[attr-defined]


def test_a_broken_entry_shows_its_problems_and_the_page_recovers(server: Server, page: object) -> None:
    entry_url = server.url + "entries/second/"
    open_connected(page, entry_url)
    path = server.root / "content/entries/2021-05-02-second.md"
    replace(path, "date: 2021-05-02", "date: 2021-02-30")

    problems = page.locator(".problems li")  # type: ignore[attr-defined]
    problems.first.wait_for(timeout=WAIT_MS)
    listed = problems.all_inner_texts()
    problem = "content/entries/2021-05-02-second.md:3: date: 2021-02-30 is not a real day"
    assert any(text.startswith(problem) for text in listed), listed
    assert any(line.startswith(problem) for line in server.err), "the terminal shows the problem too"
    connected(page)  # the problems page reloads by itself as well

    replace(path, "date: 2021-02-30", "date: 2021-05-02")
    page.locator("h1", has_text="Second event").wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert page.locator(".problems").count() == 0  # type: ignore[attr-defined]


def test_a_stylesheet_edit_restyles_the_open_page_in_place(server: Server, page: object) -> None:
    open_connected(page, server.url)
    page.evaluate("window.notReloaded = true")  # type: ignore[attr-defined]
    outline = "getComputedStyle(document.body).outlineColor"
    assert page.evaluate(outline) != "rgb(1, 2, 3)"  # type: ignore[attr-defined]

    with (server.root / "assets" / "style.css").open("a", encoding="utf-8") as css:
        css.write("\nbody { outline: 3px solid rgb(1, 2, 3) !important; }\n")
    page.wait_for_function(f"() => {outline} === 'rgb(1, 2, 3)'", timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert page.evaluate("window.notReloaded") is True, "the page was reloaded instead of restyled"  # type: ignore[attr-defined]


def test_a_reload_takes_scripts_from_the_cache_and_a_changed_stylesheet_anew(server: Server, page: object) -> None:
    transferred = "name => performance.getEntriesByType('resource').find(e => e.name.includes(name)).transferSize"
    outline = "getComputedStyle(document.body).outlineColor"
    open_connected(page, server.url)
    page.reload()  # type: ignore[attr-defined]
    assert page.evaluate(transferred, "/assets/site.") == 0  # type: ignore[attr-defined]
    connected(page)
    with (server.root / "assets" / "style.css").open("a", encoding="utf-8") as css:
        css.write("\nbody { outline: 3px solid rgb(4, 5, 6) !important; }\n")
    page.wait_for_function(f"() => {outline} === 'rgb(4, 5, 6)'", timeout=WAIT_MS)  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert page.evaluate(outline) == "rgb(4, 5, 6)"  # type: ignore[attr-defined]  # the new name, fetched anew


def test_live_reload_works_under_the_pages_content_security_policy(server: Server, page: object) -> None:
    """The reload script is a file the preview serves, not inline code the pages' policy refuses."""
    open_connected(page, server.url)
    policy = page.locator("meta[http-equiv=Content-Security-Policy]")  # type: ignore[attr-defined]
    assert policy.count() == 1
    assert "script-src 'self'" in policy.get_attribute("content")
    assert "unsafe-inline" not in policy.get_attribute("content")
    replace(server.root / "content/entries/2020-03-01-first.md", "First event", "First event, retitled")
    wait_for_titles(page, present="First event, retitled", absent="First event")
    assert page.problems == []  # type: ignore[attr-defined]


def test_no_drafts_hides_them(site: Path, page: object) -> None:
    running = Server(site, free_port(), "--no-drafts")
    try:
        running.wait_for(r"^Serving http://.*drafts hidden")
        page.goto(running.url)  # type: ignore[attr-defined]
        assert card_titles(page) == ["First event", "Second event"]
        assert page.request.get(running.url + "entries/third/").status == 404  # type: ignore[attr-defined]
    finally:
        assert running.stop() == 0


def test_serves_only_the_site_under_its_base_path(server: Server) -> None:
    assert get(server.port, "/")[:2] == (302, "/reform/")
    status, _, body, _ = get(server.port, "/reform/")
    assert status == 200 and b"livereload.js" in body, "the live-reload script is in every page"
    secret = (server.root / "site.toml").read_bytes()
    for path in (
        "/reform/../site.toml",
        "/reform/%2e%2e/site.toml",
        "/reform/..%2fsite.toml",
        "/reform/.sitegen-files",
    ):
        status, _, body, _ = get(server.port, path)
        assert status == 404 and secret not in body, path
    status, _, body, _ = get(server.port, "/favicon.ico")
    assert status == 200 and body.startswith(b"<svg"), "the site's icon, not a 404 at the host root"


def test_a_port_in_use_is_named_with_the_option_to_change_it(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"Port {port} is already in use" in result.stderr and "--port" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_stops_cleanly(site: Path) -> None:
    running = Server(site, free_port())
    running.wait_for(r"^Serving http://")
    assert running.stop() == 0
    assert running.out[-1].strip() == "Stopped."
    assert not any("Traceback" in line for line in running.err), "".join(running.err)
