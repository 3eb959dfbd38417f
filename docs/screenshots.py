"""Make the screenshots in docs/screenshots/ again from the bundled site: `.venv/bin/python docs/screenshots.py`.

Builds the site into a temporary folder, serves it under /kz-reform/ as GitHub Pages would, and saves
the timeline's first screen on a 375x800 phone in each language (timeline-375-<lang>.png), and the
timeline and an entry at 1280x800 and 375x800 (timeline-1280.png, entry-1280.png, entry-375.png).
Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and Playwright, as the browser tests do.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
SHOTS = PROJECT / "docs/screenshots"
PREFIX = "/kz-reform/"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


class Handler(http.server.SimpleHTTPRequestHandler):
    """The built folder under PREFIX."""

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(PREFIX))

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "output"
        build = [sys.executable, str(PROJECT / "build.py"), "build", "--out", str(out)]
        subprocess.run([*build, "--base-url", f"http://127.0.0.1{PREFIX}"], check=True, capture_output=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        entry = f"entries/{min(p.name for p in (out / 'entries').iterdir())}/"
        shots = {f"timeline-375-{lang}": (375, f"{lang}/" if lang != "en" else "") for lang in ("en", "ru", "kk")}
        shots |= {"timeline-1280": (1280, ""), "entry-1280": (1280, entry), "entry-375": (375, entry)}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, (width, path) in shots.items():
                page = browser.new_page(viewport={"width": width, "height": 800}, reduced_motion="reduce")
                page.goto(base + path)
                page.evaluate("document.fonts.ready")
                page.screenshot(path=SHOTS / f"{name}.png")
                page.close()
                print(SHOTS.relative_to(PROJECT) / f"{name}.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
