"""The Nu HTML checker (vnu.jar) finds no error in any page of the bundled site, in one JVM run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow  # a JVM checks every page of the bundled site

VNU = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"
# A figcaption between two pieces of flow content: an error the checker must report.
CANARY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>
<body><figure><p>A</p><figcaption>B</figcaption><p>C</p></figure></body></html>
"""


def _checker_or_skip() -> str:
    java = shutil.which("java")
    missing = [name for name, found in (("java", java), (str(VNU), VNU.is_file())) if not found]
    if not missing:
        return str(java)
    if os.environ.get("CI") == "true":
        pytest.fail(f"missing under CI=true: {', '.join(missing)} (a JRE and `npm ci`)")
    pytest.skip(f"Nu checker skipped: missing {', '.join(missing)}; it runs in CI")


def nu_errors(pages: list[Path], root: Path, tmp_path: Path) -> str:
    """The checker's errors in `pages`, one line each, named relative to `root`; "" when there are none.

    A canary page with a known error goes first: a checker that reports nothing
    for it is not really checking.
    """
    java = _checker_or_skip()
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(canary), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_file: dict[str, list[str]] = {}
    for message in messages:
        path = Path(message.get("url", "").removeprefix("file:"))
        line = message.get("lastLine", "?")
        by_file.setdefault(path.name if path == canary else str(path.relative_to(root)), []).append(
            f"{line}: {message['type']}: {message['message']}"
        )
    assert by_file.pop("canary.html", []), "the checker did not report the canary's error: is it really checking?"
    report = "\n".join(f"{path}:{problem}" for path, problems in sorted(by_file.items()) for problem in problems)
    return f"Nu HTML checker errors in {len(by_file)} of {len(pages)} pages:\n{report}" if by_file else ""


def test_every_built_page_passes_the_nu_html_checker(bundled_build: Path, tmp_path: Path) -> None:
    pages = sorted(bundled_build.rglob("*.html"))
    assert len(pages) > 100, "the bundled site should have well over a hundred pages"
    errors = nu_errors(pages, bundled_build, tmp_path)
    assert not errors, errors
