"""Save-to-reload latency of `build.py serve` on synthetic sites of 100 and 1,000 entries.

    .venv/bin/python bench/serve_latency.py [--sizes 100 1000] [--edits 7]
    .venv/bin/python bench/serve_latency.py --site DIR [--edits 7] --json

Not a test: prints a table. For each size it generates the seeded site of
bench/synth.py, times a full `build.py build` of it, starts `build.py serve`,
opens an entry page in headless Chromium and edits that entry's title several
times: the latency runs from the file write to the reloaded page's `load`
event, whose time the page itself reports. Then it appends to the site's
stylesheet and times until the open page's computed style changes without a
reload. Between edits it waits until the server is idle (the search index,
made after each reload, has caught up), so each edit is timed alone.

With `--site`, it measures a copy of that site instead (no full build), and
`--json` prints the figures as one JSON line: `make bench` (bench/run.py) uses
both for its save-to-reload row.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import synth  # bench/synth.py: run as a script, its folder is on sys.path

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """CPU time of the process and all its descendants (the search indexer runs as a child)."""
    stats = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            fields = (folder / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(folder.name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    family, ticks = {pid}, 0
    for _ in range(4):  # children, grandchildren, ...
        family |= {child for child, (parent, _) in stats.items() if parent in family}
    ticks = sum(stats[member][1] for member in family if member in stats)
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, quiet: float = 1.0, timeout: float = 900) -> None:
    """Until the server has used no CPU for `quiet` seconds: the search index has caught up."""
    end = time.monotonic() + timeout
    last, since = cpu_seconds(pid), time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.2)
        now = cpu_seconds(pid)
        if now - last > 0.02:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


class Server:
    def __init__(self, root: Path, port: int) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=lambda: self.lines.extend(iter(self.process.stdout.readline, "")), daemon=True).start()

    def wait_for(self, pattern: str, start: int = 0, timeout: float = 900) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in self.lines[start:]:
                if re.search(pattern, line):
                    return line
            time.sleep(0.02)
        raise RuntimeError(f"no line matching {pattern!r} in {self.lines}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)


CONNECTED = "document.addEventListener('LiveReloadConnect', () => { window.liveReloadConnected = true; });"
LOADED_AT = "performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventStart"


def measure(root: Path, edits: int, restyles: int, browser: object, full: float | None = None) -> dict[str, float]:
    """Edit a copy's entry and stylesheet while Chromium shows it; `full`: a full build's seconds, for the ratio."""
    (root / "assets").mkdir(exist_ok=True)
    shutil.copy(PROJECT / "assets" / "style.css", root / "assets" / "style.css")
    size = len(synth.entry_paths(root))
    port = free_port()
    server = Server(root, port)
    first = server.wait_for(r"first build: ")
    url = server.wait_for(r"^Serving http://").split()[1]
    wait_idle(server.process.pid)
    entry = synth.entry_paths(root)[size // 2]
    slug = synth.DATE_PREFIX.sub("", entry.stem)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.add_init_script(CONNECTED)
    page.goto(f"{url}entries/{slug}/")
    page.wait_for_function("window.liveReloadConnected === true")
    latencies, rebuilds, rendered, written = [], [], [], []
    for number in range(edits):
        marker = f"Edited {number}"
        text = re.sub(
            r'^title: "(Edited \d+ )?', f'title: "{marker} ', entry.read_text(encoding="utf-8"), count=1, flags=re.M
        )
        seen = len(server.lines)
        with page.expect_event("load", timeout=120_000):
            saved = time.time() * 1000
            entry.write_text(text, encoding="utf-8")
        latencies.append(page.evaluate(LOADED_AT) - saved)
        assert marker in page.locator("h1").first.inner_text()
        line = server.wait_for(r"changed: ", seen)
        numbers = re.search(r"(\d+) of \d+ pages rendered, (\d+) files written, (\d+) removed \((\d+) ms\)", line)
        assert numbers, line
        rendered.append(int(numbers[1]))
        written.append(int(numbers[2]) + int(numbers[3]))
        rebuilds.append(float(numbers[4]))
        page.wait_for_function("window.liveReloadConnected === true")
        wait_idle(server.process.pid)
    restyled = []
    css = root / "assets" / "style.css"
    page.evaluate("window.notReloaded = true")
    for number in range(restyles):
        colour = f"rgb({number + 1}, 2, 3)"
        saved = time.time() * 1000
        with css.open("a", encoding="utf-8") as stream:
            stream.write(f"\nbody {{ outline: 1px solid {colour} !important; }}\n")
        page.wait_for_function(
            f"getComputedStyle(document.body).outlineColor === '{colour}'", timeout=120_000, polling=10
        )
        restyled.append(time.time() * 1000 - saved)
        assert page.evaluate("window.notReloaded") is True
        wait_idle(server.process.pid)
    page.close()
    server.stop()
    pages = int(re.search(r"of (\d+) pages", first)[1])  # type: ignore[index]
    figures = {
        "entries": size,
        "pages": pages,
        "serve first build s": float(re.search(r"\(([\d.]+) (m?s)\)", first)[1])  # type: ignore[index]
        / (1000 if "ms)" in first else 1),
        "rebuild ms": statistics.median(rebuilds),
        "save-to-reload ms": statistics.median(latencies),
        "pages rendered": statistics.median(rendered),
        "files written": statistics.median(written),
    }
    if restyled:
        figures["css save-to-restyle ms"] = statistics.median(restyled)
    if full is not None:
        figures |= {"full build s": full, "reload / full build": statistics.median(latencies) / 1000 / full}
    return figures


def generated(size: int, work: Path) -> tuple[Path, float]:
    """The seeded site of `size` entries, and the seconds a full build of it takes."""
    root = synth.generate(work / f"site-{size}", size).root
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root), "--out", str(work / f"full-{size}")],
        check=True,
        capture_output=True,
    )
    return root, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--site", type=Path, help="measure a copy of this site instead of generated ones")
    parser.add_argument("--edits", type=int, default=7, help="title edits per size (the median is shown)")
    parser.add_argument("--restyles", type=int, help="stylesheet edits per size (default: half the title edits)")
    parser.add_argument("--json", action="store_true", help="one JSON line per site instead of a table")
    args = parser.parse_args()
    restyles = max(1, args.edits // 2) if args.restyles is None else args.restyles
    work = PROJECT / "bench" / "work"
    work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        if args.site:
            copy = work / "serve-latency-site"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(args.site, copy, ignore=shutil.ignore_patterns(".cache"))
            try:
                rows.append(measure(copy, args.edits, restyles, browser))
            finally:
                shutil.rmtree(copy, ignore_errors=True)
        for size in [] if args.site else args.sizes:
            root, full = generated(size, work)
            rows.append(measure(root, args.edits, restyles, browser, full))
        browser.close()
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    columns = list(rows[0])
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    for row in rows:
        print(" | ".join(f"{row[c]:.0f}" if row[c] >= 10 else f"{row[c]:.2f}" for c in columns))
    print(
        f"\nCPU: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end (other work skews the figures)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
