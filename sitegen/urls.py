"""Every kind of output the site writes, its file path under --out and its URL: declared once.

A route kind is a pattern below a language's root (the site's root for the
first language, `ru/` for a further one) or, for a file every language
shares, below the site's root. A pretty URL ends in `/` and is written as
`index.html` in its folder. Plan, feeds, JSON-LD, the search bundle, the dev
server and the templates (through `url(kind, ...)`) all ask here, so moving
a route is one edit in ROUTES.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

INDEX = "index.html"

# kind -> key below a language's root; `{name}` fields are the route's parameters
LANGUAGE_ROUTES: dict[str, str] = {
    "timeline": "",
    "year": "years/{year}/",
    "entry": "entries/{slug}/",
    "categories": "categories/",
    "category": "categories/{slug}/",
    "category_year": "categories/{slug}/years/{year}/",
    "corrections": "corrections/",
    "search": "search/",
    "page": "{slug}/",
    "feed": "feed.xml",
    "category_feed": "categories/{slug}/feed.xml",
    "timeline_json": "timeline.json",
    "entries_json": "entries.json",
}
# kind -> path below the site's root, one file or folder for every language
SHARED_ROUTES: dict[str, str] = {
    "root": "",
    "not_found": "404.html",
    "sitemap": "sitemap.xml",
    "robots": "robots.txt",
    "cname": "CNAME",
    "asset": "assets/{name}",  # `name` is the asset's own path; it is written under its hashed name
    "image": "media/{name}",  # a processed image, `name` already hashed (media_files.py)
    "search_bundle": "pagefind/",  # a folder: search.py writes the Pagefind bundle's files into it
}
ROUTES = {**LANGUAGE_ROUTES, **SHARED_ROUTES}


@dataclass(frozen=True, slots=True)
class Route:
    """Where one output lives: `key` below its language's root, or below the site's root when `lang` is None."""

    kind: str
    lang: str | None
    key: str

    def in_language(self, lang: str) -> Route:
        """The same page in another language: a translation keeps its key."""
        return self if self.lang is None else replace(self, lang=lang)


def file_for(path: str) -> str:
    """The file a path is written to: `x/` is `x/index.html`."""
    return f"{path}{INDEX}" if path == "" or path.endswith("/") else path


def path_of_file(path: str) -> str:
    """The path a file is served at, the inverse of file_for: `x/index.html` is `x/`."""
    return path.removesuffix(INDEX) if path == INDEX or path.endswith(f"/{INDEX}") else path


@dataclass(frozen=True, slots=True)
class Urls:
    """Every route's output path and URL, under the site's base URL and sub-path."""

    base_url: str | None  # None: the public address is unknown, so URLs are root-relative
    base_path: str  # the sub-path every URL starts with, e.g. '/kz-reform/'
    languages: tuple[str, ...]
    assets: Mapping[str, str] = field(default_factory=dict)  # an asset's own path -> its hashed name

    def route(self, kind: str, lang: str | None, **params: object) -> Route:
        """The route of one output; `lang` is ignored for a file every language shares."""
        pattern = ROUTES.get(kind)
        if pattern is None:
            raise ValueError(f"no route named {kind!r}; the routes are {', '.join(ROUTES)}")
        if kind == "asset":
            name = str(params.get("name"))
            params = {"name": self.assets.get(name, name)}
        try:
            key = pattern.format(**params)
        except KeyError as missing:
            raise ValueError(f"the {kind!r} route needs {missing.args[0]}=") from None
        return Route(kind, None if kind in SHARED_ROUTES else lang, key)

    def prefix(self, lang: str | None) -> str:
        """A language's folder below the site's root: none for the first language or a shared file."""
        return "" if lang is None or lang == self.languages[0] else f"{lang}/"

    def output(self, route: Route) -> str:
        """The file path under --out."""
        return file_for(f"{self.prefix(route.lang)}{route.key}")

    def url(self, route: Route) -> str:
        """The site-relative URL, with the sub-path: what links print."""
        return f"{self.base_path}{self.prefix(route.lang)}{route.key}"

    def absolute(self, route: Route) -> str:
        """The full address; only the site-relative URL while the public address is unknown."""
        return f"{self.base_url or self.base_path}{self.prefix(route.lang)}{route.key}"

    def identity(self, route: Route) -> str:
        """A feed's or feed entry's id: Atom asks for an absolute IRI, so without a public address a
        urn:uuid made from the path stands in (it changes once the address is given)."""
        if self.base_url:
            return self.absolute(route)
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, self.url(route))}"
