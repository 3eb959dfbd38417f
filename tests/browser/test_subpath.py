"""A site built for https://example.org/sub/path/ works when served under /sub/path/, as on GitHub Pages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PREFIX = "/sub/path/"


@pytest.fixture(scope="module")
def subpath_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("subpath") / "output"
    result = run_cli("build", "--out", out, "--base-url", f"https://example.org{PREFIX}")
    assert result.returncode == 0, result.stderr
    return out


def visit(page: object, url: str, wait: str = "load") -> list[str]:
    """Open `url`; what went wrong: a status other than 200, console errors, failed or 4xx requests.

    The previous page is left for about:blank first, so a request it had not finished (the favicon,
    fetched after `load`) is cut off before the count starts instead of showing up as this page's failure.
    """
    page.goto("about:blank")  # type: ignore[attr-defined]
    page.problems.clear()  # type: ignore[attr-defined]
    response = page.goto(url, wait_until=wait)  # type: ignore[attr-defined]
    status = response.status if response else "no response"
    return ([] if status == 200 else [f"HTTP {status}"]) + list(page.problems)  # type: ignore[attr-defined]


def fetch_status(page: object, url: str) -> list[str]:
    """A feed or other file: a browser would download it or show it raw, so its status is what counts."""
    status = page.request.get(url).status  # type: ignore[attr-defined]
    return [] if status == 200 else [f"HTTP {status}"]


def site_links(page: object, origin: str) -> set[str]:
    """Every <a href> on the page that the local server should answer, without its fragment."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")  # type: ignore[attr-defined]
    return {href.split("#", 1)[0] for href in hrefs if href.startswith(origin)}


def first(links: set[str], pattern: str) -> str:
    """The first link, in sorted order, whose path below the prefix matches `pattern`."""
    return min(link for link in links if re.fullmatch(pattern, urlsplit(link).path.removeprefix(PREFIX)))


def test_every_link_of_timeline_entry_and_category_loads_under_the_sub_path(
    subpath_build: Path, static_server: object, page: object
) -> None:
    root = static_server(subpath_build, PREFIX)  # type: ignore[operator]
    origin = root.removesuffix(PREFIX)

    assert visit(page, root, "networkidle") == []
    walked = {root: site_links(page, origin)}
    for start in (first(walked[root], r"entries/[^/]+/"), first(walked[root], r"categories/[^/]+/")):
        assert visit(page, start, "networkidle") == [], start
        walked[start] = site_links(page, origin)

    links = set().union(*walked.values())
    assert len(links) > 20, links  # the timeline really lists entries, categories and languages
    outside = sorted(link for link in links if not urlsplit(link).path.startswith(PREFIX))
    assert outside == [], "links that leave the sub-path"
    pages = {link for link in links if link.endswith(("/", ".html"))}
    failures = {link: problems for link in sorted(pages) if (problems := visit(page, link))}
    failures |= {link: problems for link in sorted(links - pages) if (problems := fetch_status(page, link))}
    assert failures == {}, "\n".join(f"{link}: {problems}" for link, problems in failures.items())
