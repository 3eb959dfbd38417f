"""Links that take an entry elsewhere: share links, and the site's repository for corrections and edits.

Each is a plain address built here, encoded once, so that a template never
pastes a title or a URL into a query string by hand. Nothing is asked of a
third party until a reader follows a link.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

CORRECTION_FORM = "correction.yml"  # .github/ISSUE_TEMPLATE/correction.yml; its field ids are the query's keys


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
