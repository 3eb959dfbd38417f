"""Offline link check of a built site, so that no broken link, fragment or asset reaches readers.

Every URL in every page (href, src, srcset, poster, social-preview meta) that
points into the site must name a file in the output, read the way GitHub Pages
serves it (`/x/` is `x/index.html`) under the base URL's sub-path; a `#fragment`
must be an id in the target page. Every URL in sitemap.xml, robots.txt and the
Atom feeds must exist too. Links that leave the site are only checked to be
well-formed http(s) URLs: nothing is fetched.

    python -m sitegen.linkcheck OUTPUT_DIR --base-url https://owner.github.io/repo/
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .config import BaseUrl
from .errors import Problem
from .fields import INVALID
from .urls import SHARED_ROUTES, path_of_file

URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "xlink:href"})
PREVIEW_META = frozenset({"og:url", "og:image", "twitter:image"})
NON_HTTP_SCHEMES = frozenset({"mailto", "tel", "data"})  # fine as they are: nothing to resolve
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
TAG_NAMES = {"a": "link", "area": "link", "img": "image", "source": "media source", "script": "script"}
NOT_FOUND_PAGE = SHARED_ROUTES["not_found"]  # GitHub Pages serves it at every missing address


@dataclass(frozen=True, slots=True)
class Reference:
    url: str
    what: str  # how a reader meets it: "link", "image", "stylesheet link", ...


@dataclass(frozen=True, slots=True)
class PageScan:
    ids: frozenset[str]
    references: tuple[Reference, ...]
    base: str | None = None  # a <base href>, which changes how relative URLs resolve


@dataclass(frozen=True, slots=True)
class LinkReport:
    problems: tuple[Problem, ...]
    pages: int
    references: int


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[Reference] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag == "base" and "href" in values:
            self.base = self.base or values["href"].strip()
            return
        if tag == "meta" and (values.get("property") or values.get("name")) in PREVIEW_META:
            self.references.append(Reference(values.get("content", "").strip(), "social preview URL"))
            return
        for name in sorted(URL_ATTRIBUTES & values.keys()):
            what = _describe(tag, name, values.get("rel", ""))
            urls = srcset_urls(values[name]) if name == "srcset" else [values[name].strip()]
            self.references.extend(Reference(url, what) for url in urls)


def _describe(tag: str, attribute: str, rel: str) -> str:
    if tag == "link":
        return f"{rel or 'link'} link"
    return TAG_NAMES.get(tag, f"<{tag} {attribute}>")


def scan_page(text: str) -> PageScan:
    """The ids a page defines and the URLs it references, read with an HTML parser."""
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return PageScan(frozenset(scanner.ids), tuple(scanner.references), scanner.base)


def srcset_urls(value: str) -> list[str]:
    """The image URLs of a srcset: each candidate is a URL, then optional descriptors, comma-separated."""
    urls: list[str] = []
    position = 0
    while position < len(value):
        while position < len(value) and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < len(value) and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while position < len(value) and (depth or value[position] != ","):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


def http_url_problem(url: str) -> str | None:
    """Why `url` is not a well-formed absolute http(s) URL, or None when it is."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "contains a space or control character"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "is not an http(s) URL" if parts.scheme else "has no http(s) scheme"
    try:
        host = parts.hostname
        _ = parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        return "has an invalid host or port"
    if not host:
        return "has no host"
    if _is_ip(host):
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"has an invalid host name '{host}'"
    labels = ascii_host.rstrip(".").split(".")
    if len(labels) < 2 or not all(HOST_LABEL.match(label) for label in labels):
        return f"has an invalid host name '{host}'"
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class LinkChecker:
    """Checks references against one output folder; holds the file list and every page's ids."""

    def __init__(self, files: frozenset[str], pages: dict[str, PageScan], base_url: str) -> None:
        self.files = files
        self.pages = pages
        self.base_url = base_url
        self.base = urlsplit(base_url)

    def page_url(self, path: str) -> str:
        """The public URL a file is served at: `x/index.html` at `x/`."""
        return self.base_url + path_of_file(path)

    def check_page(self, path: str) -> Iterator[Problem]:
        scan = self.pages[path]
        url = self.page_url(path)
        if scan.base:
            url = urljoin(url, scan.base)
        for reference in scan.references:
            if path == NOT_FOUND_PAGE and _is_path_relative(reference.url):
                yield Problem(
                    path,
                    None,
                    None,
                    f"{reference.what} {reference.url} is relative",
                    "GitHub Pages serves this page at any missing address, so only root-relative URLs work in it",
                )
                continue
            message = self.check_url(reference.url, url, relative_ok=True)
            if message:
                yield Problem(path, None, None, f"{reference.what} {reference.url} {message}")

    def check_url(self, url: str, context: str, *, relative_ok: bool) -> str | None:
        """What is wrong with `url` met at `context` (a page or feed URL), or None."""
        if not url:
            return "is empty" if not relative_ok else None
        scheme = urlsplit(url).scheme.lower()
        if scheme in NON_HTTP_SCHEMES:
            return None
        if not scheme and not url.startswith("//") and not relative_ok:
            return "is not an absolute URL"
        absolute = url if scheme else urljoin(context, url)
        target = urlsplit(absolute)
        if target.scheme not in ("http", "https") or target.netloc.lower() != self.base.netloc.lower():
            return http_url_problem(absolute)
        path = target.path if target.path != self.base.path.rstrip("/") else self.base.path
        if not path.startswith(self.base.path):
            if scheme:
                return None  # another site on the same host, e.g. a sibling project page
            return f"leaves the site: the base path is {self.base.path}"
        return self.check_target(unquote(path[len(self.base.path) :]), unquote(target.fragment))

    def check_target(self, rel: str, fragment: str) -> str | None:
        """Whether the output has the file a site path names, and the fragment's id in it."""
        candidates = [f"{rel}index.html"] if rel == "" or rel.endswith("/") else [rel, f"{rel}/index.html"]
        found = next((c for c in candidates if c in self.files), None)
        if found is None:
            kind = "page" if candidates[0].endswith(".html") else "file"
            return f"leads to a missing {kind}: no {candidates[0]} in the output"
        page = self.pages.get(found)
        if fragment and page is not None and fragment not in page.ids and fragment.lower() != "top":
            return f"points to #{fragment}, but {found} has no element with that id"
        return None

    def check_listed_urls(self, path: str, urls: Iterable[str]) -> Iterator[Problem]:
        """URLs listed in the sitemap, feeds or robots.txt: absolute, inside the site, present in the output."""
        for url in urls:
            if not url.startswith(self.base_url):
                yield Problem(path, None, None, f"{url} is outside the base URL {self.base_url}")
                continue
            message = self.check_url(url, self.base_url, relative_ok=False)
            if message:
                yield Problem(path, None, None, f"{url} {message}")


def _is_path_relative(url: str) -> bool:
    return bool(url) and not urlsplit(url).scheme and not url.startswith(("/", "#", "?"))


def sitemap_urls(text: bytes) -> list[str]:
    root = ET.fromstring(text)
    locs = [(e.text or "").strip() for e in root.iter(f"{SITEMAP}loc")]
    return locs + [e.get("href", "").strip() for e in root.iter(f"{XHTML}link")]


def feed_urls(text: bytes) -> list[str]:
    root = ET.fromstring(text)
    links = [e.get("href", "").strip() for e in root.iter(f"{ATOM}link")]
    return links + [(e.text or "").strip() for tag in ("icon", "logo") for e in root.iter(f"{ATOM}{tag}")]


def robots_urls(text: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in text.splitlines() if line.lower().startswith("sitemap:")]


def check_output(out: Path, base_url: str) -> LinkReport:
    """Check every page, the sitemap, robots.txt and every feed.xml under `out`."""
    files = frozenset(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    pages = {
        rel: scan_page((out / rel).read_text(encoding="utf-8", errors="replace"))
        for rel in sorted(files)
        if rel.endswith(".html")
    }
    checker = LinkChecker(files, pages, base_url)
    problems: list[Problem] = []
    if "index.html" not in files:
        problems.append(Problem("index.html", None, None, "is missing: the site has no home page"))
    for rel in pages:
        problems.extend(checker.check_page(rel))
    xml_files = [("sitemap.xml", sitemap_urls)] if "sitemap.xml" in files else []
    xml_files += [(rel, feed_urls) for rel in sorted(files) if rel.rsplit("/", 1)[-1] == "feed.xml"]
    for rel, read_urls in xml_files:
        try:
            urls = read_urls((out / rel).read_bytes())
        except ET.ParseError as error:
            problems.append(Problem(rel, None, None, f"is not well-formed XML: {error}"))
            continue
        problems.extend(checker.check_listed_urls(rel, urls))
    if "robots.txt" in files:
        problems.extend(checker.check_listed_urls("robots.txt", robots_urls((out / "robots.txt").read_text("utf-8"))))
    references = sum(len(scan.references) for scan in pages.values())
    return LinkReport(tuple(problems), len(pages), references)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitegen.linkcheck",
        description="Check every internal link, fragment and asset of a built site, offline. Exit 1 on any problem.",
    )
    parser.add_argument("out", type=Path, metavar="OUTPUT_DIR", help="the built site, e.g. output")
    parser.add_argument(
        "--base-url", required=True, help="the address the site was built for, e.g. https://o.github.io/r/"
    )
    args = parser.parse_args(argv)
    errors: list[str] = []
    base_url = BaseUrl().parse(args.base_url, (), lambda at, message, hint: errors.append(message))
    if base_url is INVALID:
        print(f"--base-url: {errors[0]}", file=sys.stderr)
        return 2
    if not args.out.is_dir():
        print(f"{args.out}: not a folder; build the site first", file=sys.stderr)
        return 2
    report = check_output(args.out, base_url)
    for problem in report.problems:
        print(problem)
    count = len(report.problems)
    print(
        f"Checked {report.references} references in {report.pages} pages, the sitemap and the feeds: "
        + (f"{count} problem{'s' * (count != 1)}." if count else "no problems.")
    )
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
