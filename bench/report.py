"""RESULTS.md: the machine, the table of measurements, the ratios against the targets, how each is taken."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import time

from harness import PROJECT, TMPFS, WORK, Results, Row
from targets import ratio_table
from tools import Features, Tools


def _n(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def measurement_table(rows: list[Row]) -> str:
    lines = [
        "| entries | fs | measurement | wall s | ms/page | pages | rendered | files written | peak MB |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.size:,} | {r.fs} | {r.label} | {r.wall:.2f} | {r.ms_per_page:.2f} | {r.pages:,} "
            f"| {_n(r.rendered)} | {_n(r.written)} | {r.peak_mb:.0f} |"
        )
    return "\n".join(lines)


def machine(tools: Tools, features: Features, load: tuple[float, ...]) -> list[str]:
    disk = subprocess.run(["df", "-T", str(WORK)], capture_output=True, text=True).stdout.splitlines()[-1].split()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    flags = [f"--{name.replace('_', '-')}" for name in ("no_cache", "timings", "jobs") if getattr(features, name)]
    lines = [
        f"- Machine: {os.cpu_count()} cores, {memory / 2**30:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, "
        + ", ".join(f"{tool.capitalize()} {version}" for tool, version in sorted(tools.versions.items())),
        f"- Disk: {disk[1] if len(disk) > 1 else 'unknown'} at {WORK.relative_to(PROJECT)}; tmpfs: {TMPFS}",
        f"- Load average (1 min) before and after: {load[0]:.2f}, {os.getloadavg()[0]:.2f}",
        f"- `build.py build` flags used: {', '.join(flags) or 'none'}",
    ]
    lines += [f"- Skipped {tool}: {why}" for tool, why in sorted(tools.skipped.items())]
    return lines


HOW = """\
How each number is taken:
- Every row but the dev server's is one process, timed from start to exit by the harness (interpreter start-up
  and imports included); *peak MB* is the kernel's peak resident set of the process tree's largest process (`wait4`).
  With `--repeat N`, the median of N runs.
- *pages* are the HTML pages the tool produced (ours: the `Built N pages` line; Pelican, Hugo: `.html` files
  written; floor: Markdown files converted); *ms/page* is wall / pages. Pelican lists (index, categories, tags,
  years) cover the default language only, and Hugo has no page for an untranslated entry in ru/kk, where we
  render the original marked "not yet translated": compare them per page.
- *cold*: empty output folder, no build cache (`--no-cache` when build.py has it); with `--jobs 1` and
  `--jobs 0` (one process per core) when build.py has the flag.
  *warm, nothing changed*: the same build again. *warm, one entry changed*: one entry's body gets a new
  paragraph, then the build. *dev server, one entry*: `bench/dev_rebuild.py` builds once through the dev
  server's `DevSite`, as `serve` does, waits for its search index, edits one entry and times
  `DevSite.rebuild([entry])` alone, in-process (peak MB covers the first build too). *dev server, save to
  reload*: `bench/serve_latency.py --site` runs `build.py serve` on a copy of the site, opens an entry page in
  headless Chromium and retitles that entry 5 times, waiting for the server to be idle between saves: the median
  time from the file write to the reloaded page's `load` event (its *peak MB* is the largest process: Chromium's
  or the server's).
- *floor*: `bench/floor.py`, python-frontmatter -> Python-Markdown (our extensions) -> a trivial Jinja template ->
  write, over every Markdown file of the site, on 1 or 2 processes.
- Sources are read from the page cache in every case: cold means no build cache, not a cold disk.
"""


def report(
    results: Results, tools: Tools, features: Features, load: tuple[float, ...], started: float, argv: list[str]
) -> str:
    rows = results.rows
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    minutes = (time.monotonic() - started) / 60
    command = " ".join([".venv/bin/python bench/run.py", *argv])
    parts = [
        "# Benchmark results",
        "",
        f"Last run: {when}, `{command}` (`make bench` runs it with every size), {minutes:.1f} minutes.",
        "",
        *machine(tools, features, load),
        "",
        "## Measurements",
        "",
        measurement_table(rows),
        "",
        "## Ratios and targets",
        "",
        "✓/✗: the issue's target at that size holds or not. The dev server's target counts from the save until",
        "Chromium has reloaded the page (bench/serve_latency.py, on disk, at 1,000 and 10,000 entries).",
        "",
        ratio_table(rows),
        "",
        HOW,
    ]
    if results.failures:
        parts += ["## Failed measurements", "", *(f"- {failure}" for failure in results.failures), ""]
    timings = [r for r in rows if r.detail.strip() and r.size == max(row.size for row in rows)]
    if timings:
        parts += ["## Stage timings (`--timings`), largest size", ""]
        for r in timings:
            parts += [f"{r.fs}, {r.label}:", "", "```text", r.detail.strip("\n"), "```", ""]
    return "\n".join(parts).rstrip() + "\n"
