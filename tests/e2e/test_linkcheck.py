"""The offline link checker: it finds planted mistakes in a built site and nothing in the bundled one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitegen.linkcheck import check_output
from tests.conftest import PROJECT, run_cli

FIXTURE = PROJECT / "tests" / "sites" / "linkcheck-broken"
FIXTURE_BASE = "https://example.org/reform/"


def linkcheck(out: Path, base_url: str) -> subprocess.CompletedProcess[str]:
    """`python -m sitegen.linkcheck OUT --base-url URL`, as the workflow runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen.linkcheck", str(out), "--base-url", base_url],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("linkcheck") / "out"
    result = run_cli("build", "--root", FIXTURE, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def write_output(root: Path, files: dict[str, str]) -> Path:
    """A hand-made output folder, for cases the generator never produces."""
    for rel, text in {"index.html": "<!doctype html><title>Home</title>", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_fixture_reports_exactly_the_planted_mistakes(broken_build: Path) -> None:
    expected = (FIXTURE / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = linkcheck(broken_build, FIXTURE_BASE)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    assert lines[:-1] == expected
    assert lines[-1].endswith(f": {len(expected)} problems.")


@pytest.mark.parametrize(
    ("mistake", "reported"),
    [
        ("broken link", "link ../no-such-entry/ leads to a missing page"),
        ("missing fragment", "#no-such-section, but entries/rights-law/index.html has no element with that id"),
        ("missing asset", "link ../../assets/report.pdf leads to a missing file"),
    ],
)
def test_each_planted_mistake_is_reported_against_its_page(broken_build: Path, mistake: str, reported: str) -> None:
    problems = [str(p) for p in check_output(broken_build, FIXTURE_BASE).problems]
    assert [p for p in problems if reported in p and p.startswith("entries/courts-open/index.html: ")], mistake


def test_a_mistyped_scheme_never_reaches_the_output_the_build_names_it(tmp_path: Path) -> None:
    """The body's sanitiser takes the link out, so the writer hears of it at its line, before the link check."""
    root = shutil.copytree(FIXTURE, tmp_path / "site")  # check keeps a cache beside the site
    result = run_cli("check", "--root", root)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "content/entries/2021-07-01-courts-open.md:17: warning: body: link 'htps://example.org/report' was removed"
        " (links must start with https://, http://, mailto: or be relative)"
    ]


def test_the_good_links_beside_the_mistakes_pass(broken_build: Path) -> None:
    """Links to a sibling entry, to its #background and to a heading on the same page resolve."""
    problems = "\n".join(str(p) for p in check_output(broken_build, FIXTURE_BASE).problems)
    assert "rights-law/ " not in problems
    assert "#background" not in problems
    assert "#what-came-next" not in problems


def test_bundled_site_has_no_problems(bundled_build: Path) -> None:
    report = check_output(bundled_build, "http://127.0.0.1/kz-reform/")
    assert [str(p) for p in report.problems] == []
    assert report.pages > 100 and report.references > 1000  # it really looked


def test_bundled_site_checked_with_another_base_path_fails(bundled_build: Path) -> None:
    """The checker understands the sub-path: the same pages are broken for a site at /elsewhere/."""
    result = linkcheck(bundled_build, "http://127.0.0.1/elsewhere/")
    assert result.returncode == 1
    assert "index.html: stylesheet link /kz-reform/assets/" in result.stdout
    assert "leaves the site: the base path is /elsewhere/" in result.stdout
    assert "sitemap.xml: http://127.0.0.1/kz-reform/ is outside the base URL http://127.0.0.1/elsewhere/" in (
        result.stdout
    )


def test_sitemap_and_feed_urls_must_exist(broken_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(broken_build, out)
    (out / "entries" / "rights-law" / "index.html").unlink()
    problems = [str(p) for p in check_output(out, FIXTURE_BASE).problems]
    gone = "https://example.org/reform/entries/rights-law/ leads to a missing page"
    assert f"sitemap.xml: {gone}: no entries/rights-law/index.html in the output" in problems
    assert f"feed.xml: {gone}: no entries/rights-law/index.html in the output" in problems
    assert any(p.startswith("categories/courts/feed.xml: ") and gone in p for p in problems)


def test_feed_that_is_not_xml_is_reported(tmp_path: Path) -> None:
    out = write_output(tmp_path, {"feed.xml": "<feed><link href='x'></feed"})
    problems = [str(p) for p in check_output(out, "https://example.org/").problems]
    assert len(problems) == 1 and problems[0].startswith("feed.xml: is not well-formed XML:")


def test_output_without_a_home_page_fails(tmp_path: Path) -> None:
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("<title>About</title>", encoding="utf-8")
    assert [str(p) for p in check_output(tmp_path, "https://example.org/").problems] == [
        "index.html: is missing: the site has no home page"
    ]


def test_hand_made_cases(tmp_path: Path) -> None:
    """srcset, <base>, social previews, pretty URLs, 'top', mailto, and malformed external addresses.

    A mistyped scheme cannot come from a body any more (the sanitiser removes it), but a template may hold one."""
    out = write_output(
        tmp_path,
        {
            "sub/index.html": """\
                <img src="/site/a.png" srcset="/site/a.png 1x, /site/b.png 2x" alt="">
                <a href="/site/sub">directory without slash</a> <a href="#top">top</a>
                <a href="mailto:desk@example.org">mail</a> <a href="https://example.kz:443/x">ok</a>
                <a href="https://exa mple.org/">space</a> <a href="https://example.org:99999/">port</a>
                <a href="https:///nohost">no host</a> <a href="http://localhost/">single label</a>
                <a href="htps://example.org/report">mistyped scheme</a>
                <meta property="og:image" content="https://example.org/site/preview.png">
                <a href="../../outside/">outside</a>
            """,
            "based/index.html": '<base href="/site/sub/"><a href="missing.html">via base</a>',
            "404.html": '<a href="/site/">home</a> <a href="sub/">relative</a>',
            "a.png": "",
        },
    )
    problems = [str(p) for p in check_output(out, "https://example.org/site/").problems]
    assert problems == [
        "404.html: link sub/ is relative (GitHub Pages serves this page at any missing address, "
        "so only root-relative URLs work in it)",
        "based/index.html: link missing.html leads to a missing page: no sub/missing.html in the output",
        "sub/index.html: image /site/b.png leads to a missing file: no b.png in the output",
        "sub/index.html: link https://exa mple.org/ contains a space or control character",
        "sub/index.html: link https://example.org:99999/ has an invalid host or port",
        "sub/index.html: link https:///nohost has no host",
        "sub/index.html: link http://localhost/ has an invalid host name 'localhost'",
        "sub/index.html: link htps://example.org/report is not an http(s) URL",
        "sub/index.html: social preview URL https://example.org/site/preview.png leads to a missing file: "
        "no preview.png in the output",
        "sub/index.html: link ../../outside/ leaves the site: the base path is /site/",
    ]


def test_cli_refuses_a_missing_folder_and_a_bad_base_url(tmp_path: Path) -> None:
    missing = linkcheck(tmp_path / "nothing", "https://example.org/")
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    bad = linkcheck(tmp_path, "https://example.org/?x=1")
    assert bad.returncode == 2 and bad.stderr.startswith("--base-url: ")
