"""Links that take an entry elsewhere: share links, and the site's repository for corrections and edits.

Each is a plain address built here, encoded once, so that a template never
pastes a title or a URL into a query string by hand. Nothing is asked of a
third party until a reader follows a link.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from .schema import INVALID, Path, Report, Text, Url

CORRECTION_FORM = "correction.yml"  # .github/ISSUE_TEMPLATE/correction.yml; its field ids are the query's keys


class GitHubRepository(Url):
    describe = "a GitHub repository's address, https://github.com/OWNER/REPO"
    NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")  # an owner: GitHub's user and organisation names
    REPO = re.compile(r"^[A-Za-z0-9._-]{1,100}$")

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        url = super().parse(value, at, report)
        if url is INVALID:
            return url
        parts = urlsplit(url)
        names = parts.path.strip("/").removesuffix(".git").split("/")
        if (
            parts.scheme != "https"
            or parts.netloc.lower() != "github.com"
            or parts.query
            or parts.fragment
            or len(names) != 2
            or not self.NAME.match(names[0])
            or not self.REPO.match(names[1])
            or names[1] in (".", "..")
        ):
            report(at, f"'{url}' is not a GitHub repository's address", "write https://github.com/OWNER/REPO")
            return INVALID
        return f"https://github.com/{names[0]}/{names[1]}"


class Branch(Text):
    describe = "a branch name such as main"
    NAME = re.compile(r"^(?!/)(?!.*(?:\.\.|//|@\{|\.lock$|/$|\.$))[A-Za-z0-9._/-]+$")

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        name = super().parse(value, at, report)
        if name is not INVALID and not self.NAME.match(name):
            report(at, f"'{name}' is not a branch name", "write the branch the site is published from, e.g. main")
            return INVALID
        return name


def share_links(url: str, title: str) -> tuple[tuple[str, str], ...]:
    """(service, address) for each service that shares `url` with `title`; `url` must be absolute.

    Services are named as their brands, except "email", which the template names in the reader's language.
    """
    text = f"{title}\n{url}"
    return (
        ("email", f"mailto:?{urlencode({'subject': title, 'body': text}, quote_via=quote)}"),
        ("Telegram", f"https://t.me/share/url?{urlencode({'url': url, 'text': title}, quote_via=quote)}"),
        ("WhatsApp", f"https://wa.me/?{urlencode({'text': text}, quote_via=quote)}"),
        ("X", f"https://x.com/intent/post?{urlencode({'url': url, 'text': title}, quote_via=quote)}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url}, quote_via=quote)}"),
    )


def correction_url(repository: str, url: str, title: str, path: str) -> str:
    """A new issue from the correction form, its title and fields filled with the entry's."""
    query = {"template": CORRECTION_FORM, "title": f"Correction: {title}", "entry": url, "file": path}
    return f"{repository}/issues/new?{urlencode(query, quote_via=quote)}"


def edit_url(repository: str, branch: str, path: str) -> str:
    """GitHub's web editor on a source file (a path relative to the site root, which is the repository's)."""
    return f"{repository}/edit/{quote(branch, safe='/')}/{quote(path, safe='/')}"
