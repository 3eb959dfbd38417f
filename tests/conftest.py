"""Shared fixtures: inline fixture sites, the CLI in a subprocess, a static server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# Debian's chromium; the Pages workflow points CHROMIUM_PATH at Playwright's build on GitHub's Ubuntu runners.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]

SITE_TOML = """\
[site]
title = "Test reform"
description = "A fixture site."
base_url = "https://example.org/reform/"
languages = ["en"]

[categories.courts]
title = "Courts"
description = "Courts and judges."

[categories.rights]
title = "Rights"
"""


def entry(
    title: str = "An event",
    date: str = "2021-07-01",
    categories: str = "[courts]",
    body: str = "Body text.",
    **extra: str,
) -> str:
    """The text of a valid entry file; keyword arguments add or replace front-matter lines."""
    fields = {"title": title, "date": date, "categories": categories, **extra}
    lines = [f"{k}: {v}" for k, v in fields.items() if v is not None]
    if "sources" not in extra:
        lines.append("sources:\n  - title: A source\n    url: https://example.org/doc")
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def make_site(tmp_path: Path, files: dict[str, str], *, toml: str = SITE_TOML) -> Path:
    """Write a site under tmp_path/site; `site.toml` defaults to a two-category site."""
    root = tmp_path / "site"
    root.mkdir(parents=True, exist_ok=True)
    all_files = {"site.toml": toml, **files}
    for rel, text in all_files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return root


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` as a writer would run it."""
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or PROJECT,
        timeout=120,
    )


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` only, like GitHub Pages serves a project site."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = unquote(urlsplit(path).path)
        if not clean.startswith(self.prefix):
            return "/nonexistent-outside-prefix"
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404:
            page = Path(self.directory) / "404.html"
            if page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_server() -> Iterator[object]:
    """Start a server for a folder under a URL prefix; returns a function giving the base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path, prefix: str = "/") -> str:
        handler = type("Handler", (_SubPathHandler,), {"prefix": prefix})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing under CI=true: .ci/run must install Debian's chromium")
    pytest.skip(f"browser test skipped: {CHROMIUM} is not installed here (apt install chromium); it runs in CI")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page that records console errors and failed requests in `page.problems`."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    context.close()


AXE = PROJECT / "node_modules/axe-core/axe.min.js"


def run_axe(page: Any) -> dict[str, Any]:
    """axe-core's verdict on the page as loaded: the number of passed rules and each violation, one line."""
    page.evaluate(AXE.read_text() + ";undefined")  # not a <script> tag: the pages' policy blocks inline scripts
    return page.evaluate(
        """async () => {
            const result = await axe.run();
            return {
                passes: result.passes.length,
                violations: result.violations.map(v =>
                    `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`),
            };
        }"""
    )


@pytest.fixture
def contexts(browser: Any) -> Iterator[Callable[..., Any]]:
    """Make browser contexts with options (viewport, colour scheme, no JavaScript); all closed afterwards."""
    made: list[Any] = []

    def make(**options: object) -> Any:
        made.append(browser.new_context(**options))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built once under the sub-path /kz-reform/."""
    out = tmp_path_factory.mktemp("bundled") / "output"
    result = run_cli("build", "--out", out, "--base-url", "http://127.0.0.1/kz-reform/")
    assert result.returncode == 0, result.stderr
    return out


def copy_project_site(dest: Path) -> Path:
    """A writable copy of the bundled site (site.toml + content) for tests that edit it."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "site.toml", dest / "site.toml")
    shutil.copytree(PROJECT / "content", dest / "content")
    return dest
