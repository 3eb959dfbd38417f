"""A build stopped while it writes (Ctrl-C, SIGTERM, kill -9) never leaves the output folder half old, half new.

Real processes build a 300-entry site. SITEGEN_TEST_PAUSE_WRITE=N stops a
build (SIGSTOP) once N changes have landed in the output folder, so that a
signal reaches it at a chosen point of its write; other tests signal at random
times. After each, the output folder is compared, file by file, with the old
and the new tree.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT, SITE_TOML, entry, make_site, run_cli

pytestmark = pytest.mark.slow  # builds of hundreds of pages, stopped and run again

ENTRIES = 300
SEED = 20250101


@dataclass(frozen=True)
class Sites:
    old: Path  # site A
    new: Path  # site B: another title, one entry more, one fewer
    broken: Path  # site B with a mistake: its build stops before writing
    home: Path  # A built into home/out, with its cache in home/.cache
    old_tree: dict[str, str]
    new_tree: dict[str, str]
    changes: int  # files the write from A to B puts or removes


def tree(out: Path) -> dict[str, str]:
    """Every file under `out` (hidden ones too) by its SHA-256."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def stages(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".sitegen-stage-*"))


def make(tmp: Path, name: str, toml: str, files: dict[str, str]) -> Path:
    return make_site(tmp / name, files, toml=toml)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    tmp = tmp_path_factory.mktemp("interrupt")
    common = {
        f"content/entries/{2000 + i % 25}-{i:03d}-event-{i}.md": entry(
            f"Event {i}", f"{2000 + i % 25}-{1 + i % 12:02d}", "[courts]" if i % 2 else "[rights]", f"Body {i}."
        )
        for i in range(ENTRIES)
    }
    old = make(tmp, "old", SITE_TOML, {**common, "content/entries/2001-only-old.md": entry("Only old", "2001")})
    new_toml = SITE_TOML.replace('title = "Test reform"', 'title = "New reform"')
    new_files = {**common, "content/entries/2030-only-new.md": entry("Only new", "2030")}
    new = make(tmp, "new", new_toml, new_files)
    broken = make(tmp, "broken", new_toml, {**new_files, "content/entries/2031-bad.md": entry("Bad", "2031-02-30")})
    home = tmp / "home"
    build(new, home / "out")
    new_tree = tree(home / "out")
    build(old, home / "out")
    old_tree = tree(home / "out")
    changes = sum(old_tree.get(rel) != digest for rel, digest in new_tree.items()) + len(old_tree.keys() - new_tree)
    assert "entries/only-new/index.html" in new_tree and "entries/only-new/index.html" not in old_tree
    assert changes > 300, changes
    return Sites(old, new, broken, home, old_tree, new_tree, changes)


def build(root: Path, out: Path) -> str:
    result = run_cli("build", "--root", root, "--out", out)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def home(sites: Sites, tmp_path: Path) -> Path:
    """A copy of the built old site, times kept: `home/out` and `home/.cache`."""
    shutil.copytree(sites.home, tmp_path / "home", symlinks=True)
    return tmp_path / "home"


def start(root: Path, out: Path, pause: int | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, **({"SITEGEN_TEST_PAUSE_WRITE": str(pause)} if pause is not None else {})}
    return subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def paused(process: subprocess.Popen[str], timeout: float = 60) -> bool:
    """Wait until the build has stopped itself (True) or ended (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with open(f"/proc/{process.pid}/stat") as stat:
            if stat.read().rsplit(")", 1)[1].split()[0] == "T":
                return True
        time.sleep(0.01)
    process.kill()
    raise AssertionError("the build neither paused nor ended")


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Started builds, killed and reaped if a test fails before they end."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr


def points(count: int) -> list[int]:
    """Change counts to stop at: the first, the last, and some between, the same every run."""
    rng = random.Random(SEED)
    return [0, 1, *sorted(rng.sample(range(2, count), 2)), count - 1]


@pytest.mark.parametrize("at", range(5), ids=["before-first", "after-first", "random-1", "random-2", "before-last"])
def test_a_build_killed_mid_write_is_undone_by_the_next_build(
    sites: Sites, home: Path, processes: list[subprocess.Popen[str]], at: int
) -> None:
    landed = points(sites.changes)[at]
    processes.append(process := start(sites.new, home / "out", pause=landed))
    assert paused(process), finish(process)
    process.kill()
    process.wait()
    assert tree(home / "out") != sites.new_tree
    (home / ".sitegen-stage-left-by-an-older-version").mkdir()  # the numbered files of an older build's stage
    (home / ".sitegen-stage-left-by-an-older-version/1").write_bytes(b"x" * 1000)
    assert len(stages(home)) == 2  # the killed build's stage, with its journal, and the older one

    failed = run_cli("build", "--root", sites.broken, "--out", home / "out")  # stops before it renders anything
    assert failed.returncode == 1 and "2031-bad.md" in failed.stderr
    assert tree(home / "out") == sites.old_tree  # put back as it was, the page of only-new gone with the rest
    assert stages(home) == []

    assert " 0 files written, " in build(sites.old, home / "out")  # every file back, byte for byte
    build(sites.new, home / "out")
    assert tree(home / "out") == sites.new_tree
    assert stages(home) == []


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_during_the_write_lets_it_complete(
    sites: Sites, home: Path, processes: list[subprocess.Popen[str]], signum: int, code: int
) -> None:
    processes.append(process := start(sites.new, home / "out", pause=points(sites.changes)[2]))
    assert paused(process), finish(process)
    process.send_signal(signum)
    process.send_signal(signal.SIGCONT)
    assert finish(process) == (code, f"Interrupted: {home / 'out'}/ completed\n")
    assert tree(home / "out") == sites.new_tree
    assert stages(home) == []


def test_ctrl_c_while_rendering_leaves_the_output_as_it_was(
    sites: Sites, home: Path, processes: list[subprocess.Popen[str]]
) -> None:
    processes.append(process := start(sites.new, home / "out"))
    deadline = time.monotonic() + 60
    while not stages(home) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)  # the stage appears with the first page rendered
    process.send_signal(signal.SIGINT)
    assert finish(process) == (130, f"Interrupted: {home / 'out'}/ left as it was\n")
    assert tree(home / "out") == sites.old_tree
    assert stages(home) == []


def test_kills_at_random_times_leave_the_old_or_the_new_site(
    sites: Sites, home: Path, processes: list[subprocess.Popen[str]]
) -> None:
    rng = random.Random(SEED)
    codes = []
    for sent in (signal.SIGKILL, signal.SIGINT, signal.SIGKILL, signal.SIGINT):
        started = time.monotonic()
        processes.append(process := start(sites.new, home / "out"))
        time.sleep(rng.uniform(0.2, 1.5))
        process.send_signal(sent)
        code, stderr = finish(process)
        assert run_cli("build", "--root", sites.broken, "--out", home / "out").returncode == 1  # puts back a kill's
        now = tree(home / "out")
        assert now in (sites.old_tree, sites.new_tree), f"mixed after {sent!r} at {time.monotonic() - started:.2f} s"
        if code == 130:
            state = "completed" if now == sites.new_tree else "left as it was"
            assert stderr == f"Interrupted: {home / 'out'}/ {state}\n"
        codes.append(code)
        assert stages(home) == []
        build(sites.old, home / "out")
    assert any(code != 0 for code in codes), codes  # some fell before the build had finished


def test_another_output_folder_keeps_a_killed_build_and_never_touches_a_running_one(
    sites: Sites, home: Path, processes: list[subprocess.Popen[str]]
) -> None:
    """Builds into two folders side by side share the place where stages go."""
    processes.append(killed := start(sites.new, home / "out", pause=5))
    assert paused(killed)
    killed.kill()
    killed.wait()
    left = stages(home)
    processes.append(running := start(sites.new, home / "out2", pause=3))
    assert paused(running)
    build(sites.old, home / "out3")  # cleans up beside it, but neither of these
    assert set(left) < set(stages(home))
    running.send_signal(signal.SIGCONT)
    assert finish(running) == (0, "")
    assert tree(home / "out2") == sites.new_tree
    assert stages(home) == left
    assert run_cli("build", "--root", sites.broken, "--out", home / "out").returncode == 1
    assert tree(home / "out") == sites.old_tree
    assert stages(home) == []


def test_a_file_that_cannot_be_replaced_stops_the_write_and_puts_everything_back(sites: Sites, home: Path) -> None:
    """The last file to change is made immutable (chattr +i: root may write anything else)."""
    out = home / "out"
    last = max(rel for rel, digest in sites.old_tree.items() if sites.new_tree.get(rel, digest) != digest)
    if subprocess.run(["chattr", "+i", out / last], capture_output=True).returncode:
        pytest.skip("chattr +i is not available on this file system")
    try:
        times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
        result = run_cli("build", "--root", sites.new, "--out", out)
        assert result.returncode == 1
        assert result.stderr == (
            f"{out / last}: Operation not permitted; {out}/ was left as it was "
            "(check the permissions of the file and its folder, then build again)\n1 error.\n"
        )
        assert tree(out) == sites.old_tree
        assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times
        assert stages(home) == []
    finally:
        subprocess.run(["chattr", "-i", out / last], check=True)
    build(sites.new, out)
    assert tree(out) == sites.new_tree


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 400 KB tmpfs: too small for the site."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", disk], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", disk], check=True)


def test_a_full_disk_is_one_line_and_leaves_the_output_as_it_was(sites: Sites, small_disk: Path) -> None:
    (small_disk / "out").mkdir()
    (small_disk / "out/mine.txt").write_text("kept")
    result = run_cli("build", "--root", sites.new, "--out", small_disk / "out")
    assert result.returncode == 1
    line, count = result.stderr.splitlines()
    assert line.endswith(
        f": No space left on device; {small_disk / 'out'}/ was left as it was (free some space, then build again)"
    ) or line.endswith("(free some space, then build again, or build with --no-cache)")
    assert count == "1 error."
    assert tree(small_disk / "out") == {"mine.txt": hashlib.sha256(b"kept").hexdigest()}
    assert stages(small_disk) == []


WRITE = """
import sys
from pathlib import Path
from sitegen.write import write_site
names = ("x.html", "y.html", "z.html")[: int(sys.argv[3])]
write_site(Path(sys.argv[1]), {name: sys.argv[2].encode() for name in names})
"""


def test_the_dev_servers_first_build_puts_back_a_write_killed_in_its_preview(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    from sitegen.devsite import DevSite

    root = make_site(tmp_path, {"content/entries/2020-a.md": entry("A", "2020")})
    preview = root / ".cache/serve"
    assert subprocess.run([sys.executable, "-c", WRITE, preview, "old", "2"], cwd=PROJECT).returncode == 0
    env = {**os.environ, "SITEGEN_TEST_PAUSE_WRITE": "3"}  # x and y replaced, z new, the list of files not yet
    processes.append(
        killed := subprocess.Popen([sys.executable, "-c", WRITE, preview, "new", "3"], cwd=PROJECT, env=env)
    )
    assert paused(killed)
    killed.kill()
    killed.wait()
    assert (preview / "z.html").read_bytes() == b"new" and stages(root / ".cache")
    site = DevSite(root)
    try:
        outcome = site.rebuild()
        assert site.status.built and not outcome.problems, outcome.problems
        assert not any((preview / name).exists() for name in ("x.html", "y.html", "z.html"))
        assert (preview / "entries/a/index.html").is_file()
        assert stages(root / ".cache") == []
    finally:
        site.stopping.set()
        site.later.wait(60)
