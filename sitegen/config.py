"""site.toml: declared once as a schema, loaded into a frozen SiteConfig."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any
from urllib.parse import urlsplit

from .categories import CategoryConfig, parse_categories
from .eras import EraConfig, parse_eras
from .errors import Problem, SiteError
from .fields import INVALID, Field, Path, Schema, check_fields, field_label
from .schema import (
    BaseUrl,
    Branch,
    Choice,
    Count,
    Domain,
    EraTables,
    GitHubRepository,
    Language,
    ListOf,
    PositiveInt,
    Section,
    Text,
)
from .texts import LanguageText, language_texts

CONFIG_FILE = "site.toml"


SITE_SCHEMA = Schema(
    Field("title", Text(), required=True, doc="The site's name, shown in every page's header and title."),
    Field(
        "description", Text(), required=True, doc="One or two sentences for the home page, feeds and search engines."
    ),
    Field(
        "base_url",
        BaseUrl(),
        doc="Public address, may carry a sub-path: https://owner.github.io/repo/. `--base-url` gives it too;"
        " without either, links are root-relative and sitemap.xml is left out, with a warning.",
    ),
    Field(
        "languages",
        ListOf(Language(), "a list of language codes", min_items=1),
        default=("en",),
        doc="First is the default.",
    ),
    Field(
        "order",
        Choice("ascending", "descending"),
        default="ascending",
        doc="Timeline order; descending = newest first.",
    ),
    Field("cname", Domain(), doc="Custom domain: writes CNAME and is the base URL when base_url is absent."),
    Field(
        "repository",
        GitHubRepository(),
        doc="The site's GitHub repository: each entry then links to a correction form"
        " (.github/ISSUE_TEMPLATE/correction.yml) and to GitHub's editor on its file; pages get the editor link.",
    ),
    Field("branch", Branch(), default="main", doc="The branch the editor links open."),
)

TIMELINE_SCHEMA = Schema(
    Field(
        "page_size", PositiveInt(), default=300, doc="Entries the timeline shows on one page before it splits by year."
    ),
    Field(
        "feed_size",
        PositiveInt(),
        default=50,
        doc="Entries in each Atom feed: the most recently changed. entries.json always lists all.",
    ),
)

SEARCH_PART_SIZE = 1000  # Pagefind takes about 2 s for 1,000 pages; see search.SearchIndex

SEARCH_SCHEMA = Schema(
    Field(
        "part_size",
        PositiveInt(),
        default=SEARCH_PART_SIZE,
        doc="Pages of one language in one part of the search index; an edit re-indexes only its part.",
    ),
)

SOURCES_SCHEMA = Schema(
    Field(
        "cache_days",
        Count(),
        default=7,
        doc="Days `build.py sources` trusts an address's last answer before asking again; 0: ask every time.",
    ),
)

TOP_SCHEMA = Schema(
    Field("site", Section(), required=True, doc="The [site] table."),
    Field("categories", Section(), doc="One [categories.<slug>] table per category."),
    Field("timeline", Section(), doc="The [timeline] table."),
    Field("search", Section(), doc="The [search] table."),
    Field("sources", Section(), doc="The [sources] table."),
    Field("eras", EraTables(), doc="One [[eras]] table per era."),
)


# The tables SiteConfig is made from, each with the prefix its keys take there: [search] part_size is
# SiteConfig.search_part_size.
TABLES = {
    "site": ("", SITE_SCHEMA),
    "timeline": ("", TIMELINE_SCHEMA),
    "search": ("search_", SEARCH_SCHEMA),
    "sources": ("sources_", SOURCES_SCHEMA),
}


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """site.toml checked: a field per key of TABLES, plus what is made from the other tables."""

    title: str
    description: str
    base_url: str | None  # None: the public address is unknown, and links are root-relative
    languages: tuple[str, ...]
    order: str
    cname: str | None
    repository: str | None  # None: no correction or edit links
    branch: str
    page_size: int
    feed_size: int
    search_part_size: int
    sources_cache_days: int
    categories: tuple[CategoryConfig, ...]
    eras: tuple[EraConfig, ...]
    translations: dict[str, LanguageText] = field(default_factory=dict)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def base_path(self) -> str:
        """The URL path every page lives under, e.g. '/kz-reform/'."""
        return (urlsplit(self.base_url).path or "/") if self.base_url else "/"

    def with_base_url(self, base_url: str) -> SiteConfig:
        return replace(self, base_url=base_url if base_url.endswith("/") else base_url + "/")


check_fields(
    SiteConfig,
    {prefix + f.name: f for prefix, schema in TABLES.values() for f in schema},
    computed=("categories", "eras", "translations"),
)


def toml_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Map each table header and key in a TOML text to its line (tomllib keeps none).

    The n-th `[[eras]]` table is `("eras", n - 1)`, and a `[eras.ru]` after it is `("eras", n - 1, "ru")`.
    """
    lines: dict[tuple[str | int, ...], int] = {}
    arrays: dict[tuple[str | int, ...], int] = {}  # each array of tables: the index of its latest table
    table: tuple[str | int, ...] = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^(\[\[?)\s*([^\[\]]+?)\s*\]", line)
        if header:
            name = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
            for end in range(len(name), 0, -1):  # inside an array's latest table
                if name[:end] in arrays and (end < len(name) or header.group(1) == "["):
                    name = (*name[:end], arrays[name[:end]], *name[end:])
                    break
            if header.group(1) == "[[":
                arrays[name] = arrays.get(name, -1) + 1
                lines.setdefault(name, number)
                name = (*name, arrays[name])
            table = name
            lines.setdefault(table, number)
            continue
        key = re.match(r"^([A-Za-z0-9_\-\"'. ]+?)\s*=", line)
        if key:
            dotted = tuple(part.strip().strip("\"'") for part in key.group(1).split("."))
            lines.setdefault((*table, *dotted), number)
    return lines


def locate(lines: dict[tuple[str | int, ...], int], at: Path) -> int | None:
    """The line of the deepest part of `at` that the text names (a list's items are on its key's line)."""
    for end in range(len(at), 0, -1):
        if at[:end] in lines:
            return lines[at[:end]]
    return None


def load_config(root: FsPath, base_url: str | None = None) -> tuple[SiteConfig, tuple[Problem, ...]]:
    """Read and check `<root>/site.toml`: the config and its warnings, or SiteError."""
    path = root / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SiteError([Problem(CONFIG_FILE, None, None, "not found", f"create {CONFIG_FILE} in {root}")]) from None
    except UnicodeDecodeError:
        raise SiteError([Problem(CONFIG_FILE, None, None, "is not UTF-8 text", "save it as UTF-8")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        line = int(found.group(1)) if found else None
        raise SiteError([Problem(CONFIG_FILE, line, None, f"invalid TOML: {message}")]) from None
    config, problems = parse_config(data, toml_lines(text))
    if base_url is not None:
        checked = BaseUrl().parse(
            base_url, (), lambda at, m, h: problems.append(Problem("--base-url", None, None, m, h))
        )
        if checked is not INVALID and config is not None:
            config = config.with_base_url(checked)
    if config is None or any(not p.warning for p in problems):
        raise SiteError(problems)
    if config.base_url is None:
        problems.append(
            Problem(
                CONFIG_FILE,
                locate(toml_lines(text), ("site",)),
                "site.base_url",
                "not given, so links are root-relative and sitemap.xml is not written; feeds, canonical links,"
                " hreflang links and og:url need a full address and get a relative one",
                'add base_url = "https://owner.github.io/repo/" to [site], or build with --base-url',
                warning=True,
            )
        )
    return config, tuple(problems)


def parse_config(data: dict[str, Any], lines: dict[tuple[str, ...], int]) -> tuple[SiteConfig | None, list[Problem]]:
    """Check parsed TOML; pure, so tests can feed it tables directly."""
    problems: list[Problem] = []

    def report(at: Path, message: str, hint: str | None, warning: bool = False) -> None:
        problems.append(Problem(CONFIG_FILE, locate(lines, at), field_label(at), message, hint, warning))

    TOP_SCHEMA.parse(data, (), report)
    raw_site = data.get("site", {}) if isinstance(data.get("site"), dict) else {}
    languages_raw = raw_site.get("languages", ["en"])
    site = SITE_SCHEMA.parse(raw_site, ("site",), report, extra=frozenset(_codes(languages_raw)))
    languages = site.get("languages") if site.get("languages") not in (None, INVALID) else ("en",)
    if len(set(languages)) != len(languages):
        report(("site", "languages"), "lists a language twice", None)
    translations = language_texts(raw_site, ("site",), languages[1:], report)

    base_url = site.get("base_url")
    if base_url is None and site.get("cname") not in (None, INVALID):
        base_url = f"https://{site['cname']}/"

    categories = parse_categories(data.get("categories", {}), languages, report)
    eras = parse_eras(data.get("eras"), languages, report)
    tables = {"site": site}
    for name, (_, schema) in list(TABLES.items())[1:]:
        tables[name] = schema.parse(data.get(name, {}), (name,), report)
    if any(not p.warning for p in problems):
        return None, problems
    values = {prefix + name: value for table, (prefix, _) in TABLES.items() for name, value in tables[table].items()}
    config = SiteConfig(
        **{**values, "base_url": base_url, "languages": tuple(languages)},
        categories=tuple(categories),
        eras=eras,
        translations=translations,
    )
    return config, problems


def _codes(raw: Any) -> list[str]:
    return [str(c) for c in raw] if isinstance(raw, list) else []
