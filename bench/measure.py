"""The measurements of one size on one file system: ours (cold, warm, dev server), the floor, Pelican, Hugo."""

from __future__ import annotations

import json
import os
from pathlib import Path

import hugo_site
import pelican_site
import synth
from harness import (
    BENCH,
    FLOOR,
    PYTHON,
    RENDERED,
    SUMMARY,
    BenchError,
    Results,
    Row,
    Run,
    count_files,
    measure,
    timed,
    wipe,
)
from tools import Corpus, Features, Tools, place

DEV_SIZES = (1000, 10000)  # the dev server's save to reload is measured in Chromium at these sizes
RELOAD_EDITS = 5


def measure_ours(results: Results, size: int, fs: str, site: Path, scratch: Path, features: Features) -> None:
    """Cold (per core count), warm, warm after one entry changed, and the dev server's one-entry rebuild."""
    home = scratch / "ours"  # out/ and whatever the generator keeps beside it (.cache/)
    out = home / "out"
    base = [PYTHON, "build.py", "build", "--root", str(site), "--out", str(out)]
    if features.timings:
        base.append("--timings")
    repeat = results.repeat

    def row(key: str, label: str, run: Run) -> Row:
        summary = SUMMARY.search(run.stdout)
        if not summary:
            raise BenchError(f"no 'Built N pages ...' line in the output:\n{run.stdout[-2000:]}")
        pages, written = int(summary.group(1)), int(summary.group(2))
        rendered = RENDERED.search(run.stdout)
        count = int(rendered.group(1)) if rendered else (pages if key.startswith("ours-cold") else None)
        detail = "\n".join(line for line in run.stdout.splitlines() if not SUMMARY.search(line))
        return Row(size, fs, key, label, run.wall, pages, count, written, run.peak_mb, detail)

    def cold(jobs: int | None, label: str) -> Row:
        """`jobs`: the --jobs given (0: one process per core); None: no such flag, one process."""
        flags = [*(["--no-cache"] if features.no_cache else []), *(["--jobs", str(jobs)] if jobs is not None else [])]
        key = f"ours-cold-{1 if jobs is None else jobs}"
        return row(key, label, measure([*base, *flags], repeat, lambda: wipe(home, site / ".cache")))

    def warm() -> Row:
        if features.no_cache or not out.is_dir():
            timed(base)  # fill the cache the cold builds were told to skip
        return row("ours-warm", "warm, nothing changed", measure(base, repeat))

    entries = synth.entry_paths(site)
    entry = entries[len(entries) // 2]

    def changed() -> Row:
        before = entry.read_text(encoding="utf-8")
        try:
            return row(
                "ours-changed", "warm, one entry changed", measure(base, repeat, lambda: synth.edit_entry(entry))
            )
        finally:
            entry.write_text(before, encoding="utf-8")

    def dev() -> Row:
        command = [PYTHON, str(BENCH / "dev_rebuild.py"), str(site), str(out), str(entry)]
        runs = [
            (json.loads(run.stdout.strip().splitlines()[-1]), run) for run in (timed(command) for _ in range(repeat))
        ]
        data, run = sorted(runs, key=lambda pair: pair[0]["wall"])[len(runs) // 2]
        known = (r.pages for r in results.rows if (r.size, r.fs) == (size, fs) and r.key.startswith("ours"))
        pages = data["pages"] or next(known, 0)
        label = "dev server, one entry"
        return Row(size, fs, "ours-dev", label, data["wall"], pages, data["rendered"], data["written"], run.peak_mb)

    cores = os.cpu_count() or 1
    colds = [(1, "cold, 1 job"), (0, f"cold, --jobs 0 ({cores} cores)")] if features.jobs else [(None, "cold")]
    for jobs, label in colds:
        results.attempt(size, fs, f"ours {label}", lambda jobs=jobs, label=label: cold(jobs, label))
    results.attempt(size, fs, "ours warm", warm)
    results.attempt(size, fs, "ours warm, one entry changed", changed)
    results.attempt(size, fs, "ours dev server, one entry", dev)


def measure_reload(results: Results, size: int, fs: str, site: Path) -> None:
    """`build.py serve` on a copy of the site, an entry page open in Chromium: save to reload, median of a few edits."""

    def reload() -> Row:
        command = [PYTHON, str(BENCH / "serve_latency.py"), "--site", str(site), "--edits", str(RELOAD_EDITS)]
        run = timed([*command, "--restyles", "0", "--json"])
        data = json.loads(run.stdout.strip().splitlines()[-1])
        label = "dev server, save to reload (Chromium)"
        pages, rendered, written = (int(data[name]) for name in ("pages", "pages rendered", "files written"))
        return Row(
            size, fs, "ours-reload", label, data["save-to-reload ms"] / 1000, pages, rendered, written, run.peak_mb
        )

    results.attempt(size, fs, "ours dev server, save to reload", reload)


def measure_floor(results: Results, size: int, fs: str, site: Path, scratch: Path) -> None:
    for processes in (1, 2):
        out = scratch / f"floor-{processes}"
        label = f"floor, {processes} process{'es' * (processes > 1)}"

        def floor(processes: int = processes, out: Path = out, label: str = label) -> Row:
            command = [PYTHON, str(BENCH / "floor.py"), str(site), str(out), "--processes", str(processes)]
            run = measure(command, results.repeat, lambda: wipe(out))
            found = FLOOR.search(run.stdout)
            pages = int(found.group(1)) if found else count_files(out, ".html")
            return Row(size, fs, f"floor-{processes}", label, run.wall, pages, pages, pages, run.peak_mb)

        results.attempt(size, fs, label, floor)


def measure_other(
    results: Results, size: int, fs: str, key: str, label: str, command: list[str], project: Path, out: Path
) -> None:
    """A cold full build of Pelican or Hugo into an empty `out`; pages are the HTML files it wrote."""

    def other() -> Row:
        run = measure(command, results.repeat, lambda: wipe(out), cwd=project)
        pages = count_files(out, ".html")
        return Row(size, fs, key, label, run.wall, pages, pages, count_files(out), run.peak_mb)

    results.attempt(size, fs, label, other)


def measure_size(results: Results, size: int, fs: str, corpus: Corpus, tools: Tools, features: Features) -> None:
    placed, scratch = place(corpus, fs, size)
    try:
        measure_ours(results, size, fs, placed.site, scratch, features)
        if tools.chromium and fs == "disk" and size in DEV_SIZES:
            measure_reload(results, size, fs, placed.site)
        measure_floor(results, size, fs, placed.site, scratch)
        if tools.pelican and placed.pelican:
            out = scratch / "pelican-out"
            command = pelican_site.command(tools.pelican, placed.pelican, out)
            label = "Pelican, cold (all languages)"
            measure_other(results, size, fs, "pelican", label, command, placed.pelican, out)
        if tools.hugo and placed.hugo:
            out = scratch / "hugo-out"
            command = hugo_site.command(tools.hugo, placed.hugo, out)
            measure_other(results, size, fs, "hugo", "Hugo, cold (all languages)", command, placed.hugo, out)
    finally:
        if fs != "disk":
            wipe(scratch.parent)
