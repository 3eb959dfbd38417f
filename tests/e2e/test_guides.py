"""A writer's path: a fresh clone of the committed project, `make serve` once, then the commands README.md
and CONTRIBUTING.md write, typed exactly as written, with a `python3` that has none of the packages."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sysconfig
import time
import urllib.error
import urllib.request
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.e2e.test_check import snapshot

pytestmark = pytest.mark.slow

SLUG = "administrative-procedural-code-takes-effect"
NEW = 'python3 build.py new "Administrative Procedural Code takes effect" --date 2021-07-01 --category administrative-justice'
MAKE_NEW = (
    'make new TITLE="Administrative Procedural Code takes effect" DATE=2021-07-01 CATEGORY=administrative-justice'
)
TRANSLATE = f'python3 build.py new "Вступил в силу АППК" --lang ru --slug {SLUG}'
CHECK = "python3 build.py check"
MAKE_CHECK = "make check"
BUILD = "python3 build.py build"
SERVE = "make serve"
PHONE = "make serve HOST=0.0.0.0"
IMPORT_DRY = "python3 build.py import timeline.csv --dry-run"
IMPORT = "python3 build.py import timeline.csv"
# The guides' commands the walk types as written; a server also gets `PORT=<a free port>`, as 8000 may be taken.
WALKED = {NEW, MAKE_NEW, TRANSLATE, CHECK, MAKE_CHECK, BUILD, SERVE, PHONE, IMPORT_DRY, IMPORT}
INSTALLED = "installs the engine from the network: tests/e2e/test_install.py installs a clone into a fresh venv, then"
NOT_WALKED = {
    "python3 -m venv ~/.venvs/sitegen": f"{INSTALLED} runs init, build",
    '~/.venvs/sitegen/bin/pip install "git+https://github.com/OWNER/REPO"': f"{INSTALLED} runs init, build",
    '~/.venvs/sitegen/bin/sitegen init my-timeline --lang en --lang ru --category courts:"Courts and judges"': (
        f"{INSTALLED} runs this init; tests/e2e/test_init.py runs it with build.py"
    ),
    "~/.venvs/sitegen/bin/sitegen serve --root my-timeline": f"{INSTALLED} builds the new site; serve is build.py's",
    "make test": "runs this very suite: the walk checks with `make -n test` what it would run",
    "python3 build.py sources": "asks every source's address on the web: tests/e2e/test_sources.py runs it"
    " against a server on 127.0.0.1",
    "python3 build.py import timeline.csv --fetch-media": "downloads the timeline's pictures from the web:"
    " tests/e2e/test_import_media.py runs it against a server on 127.0.0.1",
    "python3 build.py sources --archive": "asks the Internet Archive: tests/e2e/test_sources.py runs it against"
    " a stand-in on 127.0.0.1",
}

ENTRY = """---
title: Administrative Procedural Code takes effect
date: 2021-07-01
categories: [administrative-justice]
summary: The new code comes into force and specialised administrative courts start hearing cases.
sources:
  - title: "Административный процедурно-процессуальный кодекс Республики Казахстан"
    publisher: Adilet legal database (Ministry of Justice)
    url: https://adilet.zan.kz/rus/docs/K2000000350/compare/eng
---
On 1 July 2021 the Administrative Procedural Code came into force.
"""
TRANSLATION = """---
title: Вступил в силу АППК
summary: Вступил в силу новый Административный процедурно-процессуальный кодекс.
---
1 июля 2021 года вступил в силу Административный процедурно-процессуальный кодекс.
"""


def guide_commands() -> list[tuple[str, str]]:
    """(guide, command) for every line of every ```sh block in the two guides, comments dropped."""
    found = []
    for guide in ("README.md", "CONTRIBUTING.md"):
        text = (PROJECT / guide).read_text(encoding="utf-8")
        for block in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S):
            for line in block.splitlines():
                command = re.sub(r"\s+#.*$", "", line).strip()
                if command:
                    found.append((guide, command))
    return found


def test_every_command_in_the_guides_is_walked_or_says_why_not() -> None:
    commands = guide_commands()
    assert len(commands) >= 6
    missing = [f"{guide}: {command}" for guide, command in commands if command not in WALKED | NOT_WALKED.keys()]
    assert not missing, "commands the walk below does not type:\n" + "\n".join(missing)
    assert NOT_WALKED.keys() <= {command for _, command in commands}, "NOT_WALKED names a command the guides dropped"


def _tools_or_skip(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"missing under CI=true: {', '.join(missing)}")
    pytest.skip(f"the writer's walk needs {', '.join(missing)}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Walk:
    """A clone and a shell whose `python3` is a bare Python: what a writer has after `git clone`."""

    def __init__(self, tmp_path: Path) -> None:
        self.clone = tmp_path / "timeline"
        subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(self.clone)], check=True, timeout=120)
        bare = tmp_path / "bare-python"
        venv.create(bare, with_pip=False, symlinks=True)
        # none in a writer's shell: not even make's own, which `make test` hands down to the walk
        unset = (
            "VIRTUAL_ENV",
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONDONTWRITEBYTECODE",
            "MAKELEVEL",
            "MAKEFLAGS",
            "MFLAGS",
        )
        env = {k: v for k, v in os.environ.items() if k not in unset}
        self.env = {**env, "PATH": f"{bare / 'bin'}{os.pathsep}{env['PATH']}"}

    def run(self, command: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, shell=True, cwd=self.clone, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def install(self) -> None:
        """What `make serve` leaves the first time: .venv with the pinned packages and make's stamp.

        The packages are those this test runs with, named in a .pth file, so that no network is needed.
        """
        folder = self.clone / ".venv"
        venv.create(folder, with_pip=False, symlinks=True)
        packages = Path(sysconfig.get_path("purelib", vars={"base": str(folder), "platbase": str(folder)}))
        ours = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
        (packages / "pinned-packages.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
        lock = (self.clone / "requirements.lock").read_bytes()
        (folder / f".installed-{hashlib.sha256(lock).hexdigest()[:12]}").touch()

    @contextmanager
    def serving(self, command: str, page: str = "") -> Iterator[str]:
        """Run a `make serve ...` command until the page answers; Ctrl-C afterwards. Yields the page's HTML."""
        process = subprocess.Popen(
            command,
            shell=True,
            cwd=self.clone,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        port = re.search(r"PORT=(\d+)", command)
        url = f"http://127.0.0.1:{port[1] if port else 8000}/kz-reform/{page}"
        try:
            yield self._fetch(url, process)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
            try:
                out, err = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                out, err = process.communicate()
        assert "Stopped." in out, out + err
        assert "Traceback" not in err, err

    @staticmethod
    def _fetch(url: str, process: subprocess.Popen[str]) -> str:
        end = time.monotonic() + 180
        while time.monotonic() < end and process.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    return response.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        out, err = process.communicate(timeout=30) if process.poll() is not None else ("", "")
        raise AssertionError(f"{url} never answered; {out}{err}")


def test_a_writer_follows_the_guides_from_a_fresh_clone(tmp_path: Path) -> None:
    _tools_or_skip("git", "make")
    walk = Walk(tmp_path)
    assert walk.run('python3 -c "import babel"').returncode == 1, "the writer's python3 should lack the packages"

    # Before the first `make serve`: a one-line message saying what to do, not a traceback.
    result = walk.run(CHECK)
    assert result.returncode == 1
    assert re.fullmatch(
        r"build\.py: the packages it needs \(babel, .*\) are not installed for \S+; "
        r"run `make serve` once first to install them into \.venv\n",
        result.stderr,
    ), result.stderr
    walk.install()

    # 1. Add an entry, with build.py or with make: the same file.
    path = f"content/entries/2021-07-01-{SLUG}.md"
    result = walk.run(NEW)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{path}\n", "")
    scaffold = (walk.clone / path).read_bytes()
    (walk.clone / path).unlink()
    result = walk.run(MAKE_NEW)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{path}\n", "")
    assert (walk.clone / path).read_bytes() == scaffold
    assert walk.run(NEW).returncode == 1, "new never overwrites"
    (walk.clone / path).write_text(ENTRY, encoding="utf-8")

    # 4. Translations.
    result = walk.run(TRANSLATE)
    translation = f"content/entries/2021-07-01-{SLUG}.ru.md"
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{translation}\n", "")
    (walk.clone / translation).write_text(TRANSLATION, encoding="utf-8")
    # README's make forms of the same: a translation, and two categories in quotes.
    result = walk.run(f'make new TITLE="Әкімшілік рәсімдік кодекс" TRANSLATION=kk SLUG={SLUG}')
    assert (result.returncode, result.stdout) == (0, f"content/entries/2021-07-01-{SLUG}.kk.md\n"), result.stderr
    (walk.clone / result.stdout.strip()).unlink()
    result = walk.run('make new TITLE="Two categories" DATE=2022 CATEGORY="e-justice courts-and-judges"')
    assert (result.returncode, result.stdout) == (0, "content/entries/2022-two-categories.md\n"), result.stderr
    assert "categories: [e-justice, courts-and-judges]" in (walk.clone / result.stdout.strip()).read_text("utf-8")
    (walk.clone / result.stdout.strip()).unlink()
    assert walk.run("make new DATE=2022").stderr.startswith("make new: give a title, e.g. make new TITLE=")

    # 5. Preview: the new entry is served; a port in use gets advice in make's words, and the advice works.
    with walk.serving(f"{SERVE} PORT={free_port()}", f"entries/{SLUG}/") as html:
        assert "Administrative Procedural Code takes effect" in html
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        result = walk.run(f"{SERVE} PORT={busy}")
        assert result.returncode != 0
        advice = re.search(
            rf"^Port {busy} is already in use on 127\.0\.0\.1: stop the program using it, "
            r"or choose another port, e\.g\. (make serve PORT=\d+)\.$",
            result.stderr,
            re.M,
        )
        assert advice, result.stderr
        with walk.serving(advice[1], f"ru/entries/{SLUG}/") as html:
            assert "Вступил в силу АППК" in html
    # README, "Previewing on a phone": every address of the computer, 127.0.0.1 included.
    with walk.serving(f"{PHONE} PORT={free_port()}") as html:
        assert "<html" in html

    # 6. Check before you send: every file read, nothing written anywhere in the clone, not even the
    # compiled modules Python would cache after an update of the code.
    shutil.rmtree(walk.clone / "sitegen" / "__pycache__")
    before = snapshot(walk.clone)
    for command in (CHECK, MAKE_CHECK):
        result = walk.run(command)
        assert result.returncode == 0, result.stderr
        assert "OK: 41 entries" in result.stdout
        assert "  ru: 41/41 entries translated (100%)" in result.stdout
        assert snapshot(walk.clone) == before, f"{command} wrote into the project"

    # The build a reviewer would run, and what `make test` would run.
    result = walk.run(BUILD)
    assert result.returncode == 0, result.stderr
    page = (walk.clone / "output/ru/entries" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Вступил в силу АППК" in page
    dry_run = walk.run("make -n test").stdout
    assert ".venv/bin/ruff check ." in dry_run and ".venv/bin/python -m pytest" in dry_run

    # 8. Coming from TimelineJS: the sheet saved as timeline.csv, looked at, then imported.
    shutil.copy(PROJECT / "tests/fixtures/timelinejs/google-sheet.csv", walk.clone / "timeline.csv")
    before = snapshot(walk.clone)
    result = walk.run(IMPORT_DRY)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert "Entries would be written: 5\n" in result.stdout and result.stdout.endswith(
        "Dry run: nothing was written.\n"
    )
    assert snapshot(walk.clone) == before, f"{IMPORT_DRY} wrote into the project"
    result = walk.run(IMPORT)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert "Entries written: 5\n" in result.stdout
    assert (walk.clone / "content/entries/1815-12-10-ada-lovelace.md").is_file()
    checked = walk.run(CHECK)
    problems = [line for line in checked.stderr.splitlines() if line.startswith("content/")]
    assert checked.returncode == 0, checked.stderr
    assert problems == [
        "content/entries/1971-04-unix-c-and-a-spring.md:5: warning: a draft without sources (add one before you publish)"
    ]
