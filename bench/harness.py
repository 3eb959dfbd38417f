"""What every measurement shares: the paths, a timed process, a row of the table, the results so far."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
WORK = BENCH / "work"
TMPFS = Path("/dev/shm")
RESULTS = BENCH / "RESULTS.md"
PYTHON = sys.executable
SIZES = (100, 1000, 10000)
FILESYSTEMS = ("disk", "tmpfs")

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
