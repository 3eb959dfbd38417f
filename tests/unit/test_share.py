"""share.py: the repository's address and branch as a writer may give them, and links encoded once."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from sitegen.fields import INVALID
from sitegen.schema import Branch, GitHubRepository
from sitegen.share import correction_url, edit_url, share_links


def parse(kind: object, value: object) -> tuple[object, list[str]]:
    problems: list[str] = []
    result = kind.parse(value, ("site", "x"), lambda at, message, hint: problems.append(f"{message} ({hint})"))  # type: ignore[attr-defined]
    return result, problems


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://github.com/owner/repo", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo/", "https://github.com/owner/repo"),
        ("https://github.com/Owner-1/my.repo.git", "https://github.com/Owner-1/my.repo"),
        ("https://GitHub.com/owner/repo", "https://github.com/owner/repo"),
    ],
)
def test_a_repository_address_is_kept_in_one_spelling(given: str, kept: str) -> None:
    assert parse(GitHubRepository(), given) == (kept, [])


@pytest.mark.parametrize(
    "given",
    [
        "http://github.com/owner/repo",
        "https://gitlab.com/owner/repo",
        "https://github.com/owner",
        "https://github.com/owner/repo/tree/main",
        "https://github.com/owner/repo?tab=readme",
        "https://github.com/-owner/repo",
        "https://github.com/owner/..",
    ],
)
def test_anything_but_a_github_repository_is_refused_with_the_fix(given: str) -> None:
    result, problems = parse(GitHubRepository(), given)
    assert result is INVALID
    assert problems == [f"'{given}' is not a GitHub repository's address (write https://github.com/OWNER/REPO)"]


def test_an_address_that_is_no_url_gets_the_url_message() -> None:
    result, problems = parse(GitHubRepository(), "github.com/owner/repo")
    assert result is INVALID and problems == [
        "'github.com/owner/repo' is not an http(s) URL (write the full address, starting with https://)"
    ]


@pytest.mark.parametrize("name", ["main", "gh-pages", "release/2.0"])
def test_branch_names_git_allows_are_kept(name: str) -> None:
    assert parse(Branch(), name) == (name, [])


@pytest.mark.parametrize("name", ["a..b", "two words", "/main", "main/", "main.lock", "x@{1}"])
def test_names_git_refuses_are_refused(name: str) -> None:
    result, problems = parse(Branch(), name)
    assert result is INVALID and len(problems) == 1


def test_share_links_encode_the_title_and_address_as_query_values() -> None:
    url = "https://site.test/r/entries/a/"
    title = "A & B? #1 = 100% «да»"
    links = dict(share_links(url, title))
    assert set(links) == {"email", "Telegram", "WhatsApp", "X", "Facebook"}
    for href in links.values():
        assert not set(href) & set(" \n#«»")
    assert parse_qs(urlsplit(links["Telegram"]).query) == {"url": [url], "text": [title]}
    assert parse_qs(urlsplit(links["email"]).query) == {"subject": [title], "body": [f"{title}\n{url}"]}


def test_correction_and_edit_addresses() -> None:
    repo = "https://github.com/o/r"
    correction = urlsplit(correction_url(repo, "https://s.test/e/", "A & B", "content/entries/a b.md"))
    assert correction.path == "/o/r/issues/new"
    assert parse_qs(correction.query) == {
        "template": ["correction.yml"],
        "title": ["Correction: A & B"],
        "entry": ["https://s.test/e/"],
        "file": ["content/entries/a b.md"],
    }
    assert edit_url(repo, "release/2.0", "content/entries/a b.md") == (
        "https://github.com/o/r/edit/release/2.0/content/entries/a%20b.md"
    )
