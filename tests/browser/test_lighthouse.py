"""Lighthouse 12 (the pinned npm package) on Debian's Chromium: the timeline and an entry page.

Two runs in all, about half a minute each: marked slow, so `pytest -m "not slow"` leaves them out.
Scores are printed (`pytest -rA` or `-s` shows them) and saved to test-artifacts/lighthouse.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, PROJECT, _chromium_or_skip

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIGHTHOUSE = PROJECT / "node_modules/.bin/lighthouse"
ARTIFACTS = PROJECT / "test-artifacts"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking --disable-gpu"
REQUIRED = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}


def _lighthouse_or_skip() -> str:
    _chromium_or_skip()
    node = shutil.which("node")
    if node and LIGHTHOUSE.exists():
        return str(LIGHTHOUSE)
    if os.environ.get("CI") == "true":
        pytest.fail("Lighthouse is missing under CI=true: node and `npm ci` are needed")
    pytest.skip("Lighthouse skipped: node or node_modules/.bin/lighthouse is missing (npm ci); it runs in CI")


def entry_page(out: Path) -> str:
    """The entry with the most sources: the heaviest entry page."""
    entries = json.loads((out / "entries.json").read_text(encoding="utf-8"))["entries"]
    heaviest = max(entries, key=lambda e: (len(e["sources"]), e["slug"]))
    return f"entries/{heaviest['slug']}/"


def failing_audits(report: dict, category: str) -> list[str]:
    """Audits that cost the category points, as 'id (score): title: shown value'."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            shown = audit.get("displayValue") or ""
            lines.append(f"{audit['id']} ({audit['score']:.2f}): {audit['title']} {shown}".rstrip())
    return lines


def save_scores(name: str, summary: dict) -> None:
    """Merge one page's scores into test-artifacts/lighthouse.json."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "lighthouse.json"
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    saved[name] = summary
    path.write_text(json.dumps(saved, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", ["timeline", "entry"])
def test_lighthouse_scores(name: str, bundled_build: Path, static_server, tmp_path: Path) -> None:
    lighthouse = _lighthouse_or_skip()
    base = static_server(bundled_build, "/kz-reform/")
    url = base + ("" if name == "timeline" else entry_page(bundled_build))
    report_path = tmp_path / "report.json"
    result = subprocess.run(
        [
            lighthouse,
            url,
            "--output=json",
            f"--output-path={report_path}",
            "--only-categories=performance,accessibility,best-practices,seo",
            f"--chrome-flags={CHROME_FLAGS}",
            "--no-enable-error-reporting",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
    misses = {key: lines for key in scores if (lines := failing_audits(report, key))}
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(report_path, ARTIFACTS / f"lighthouse-{name}.json")
    save_scores(
        name, {"url": url, "lighthouse": report["lighthouseVersion"], "scores": scores, "audits_below_1": misses}
    )
    print(
        f"\nLighthouse {report['lighthouseVersion']} {name} ({url}): "
        + ", ".join(f"{k} {v}" for k, v in scores.items())
    )
    for key, lines in misses.items():
        print(f"  {key}: " + "; ".join(lines))

    too_low = {key: scores[key] for key, minimum in REQUIRED.items() if scores[key] < minimum}
    detail = "\n".join(f"{key}: {scores[key]} < {REQUIRED[key]}; " + "; ".join(misses.get(key, [])) for key in too_low)
    assert not too_low, f"Lighthouse on {url}:\n{detail}"
