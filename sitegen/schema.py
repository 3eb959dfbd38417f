"""Field kinds and schemas: each input field is declared once, with its doc.

Kinds check a value read from YAML (every scalar arrives as text, a bare number
as a fields.Numeral) or TOML and report problems in writers' words; the caller turns a
report's sub-path into a file line. Field and Schema, which put kinds
together, are in fields.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from .addresses import FORBIDDEN_IN_HOST, idna, normalise_url
from .content import PartialDate
from .contrast import AA_TEXT, contrast_with_white, readable_shade
from .fields import INVALID, Kind, Path, Report, Schema, is_number, type_name

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Quotes word processors type, which YAML reads as text: each one that may open a value, and its pair.
TYPOGRAPHIC_QUOTES = {"“": "“ ”", "”": "“ ”", "„": "„ “", "‘": "‘ ’", "’": "‘ ’", "‚": "‚ ‘", "«": "« »", "»": "» «"}


class Section(Kind):
    """A table whose keys another schema checks (such as [site] in site.toml)."""

    describe = "a table of keys"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if not isinstance(value, dict):
            report(at, f"must be {self.describe}, not {type_name(value)}", None)
            return INVALID
        return value


class Text(Kind):
    describe = "text"
    numbers_are_text: ClassVar[bool] = False  # a slug, address or choice checks a number's form itself

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            hint = "put text that starts with [ or { in straight quotes" if isinstance(value, list | dict) else None
            report(at, f"must be {self.describe}, not {type_name(value)}", hint)
            return INVALID
        if is_number(value) and not self.numbers_are_text:
            report(at, "must be text, not a number", f'write it in quotes: "{value}"')
            return INVALID
        text = str(value).strip()
        if not text:
            report(at, "must not be empty", None)
            return INVALID
        return text


class Slug(Text):
    describe = "a slug (lowercase letters, digits and hyphens)"
    numbers_are_text = True

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is not INVALID and not SLUG_RE.match(text):
            report(at, f"'{text}' is not a plain name", "use lowercase letters, digits and hyphens, e.g. 'new-courts'")
            return INVALID
        return text


class Url(Text):
    """An absolute http(s) address, as printed in pages: characters a URL may not hold are percent-encoded,
    so that a quote, space or bracket copied from a browser cannot break the page."""

    describe = "an absolute http(s) URL"
    numbers_are_text = True

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is INVALID:
            return text
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018  (reading it checks that the port is a number)
        except ValueError:  # a bracketed host that is no IPv6 address, or a port that is no number
            report(at, f"'{text}' has an invalid host or port", "copy the address from the browser's address bar")
            return INVALID
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or not text[len(parts.scheme) :].startswith(
                f"://{parts.netloc}"  # urlsplit drops tabs and line breaks: such a text is no address
            )
        ):
            report(at, f"'{text}' is not an http(s) URL", "write the full address, starting with https://")
            return INVALID
        host = parts.netloc.rpartition("@")[2]
        if not host.startswith("["):  # not an IPv6 address, which urlsplit has checked
            host = host.partition(":")[0]
            if not host or any(c in FORBIDDEN_IN_HOST or not c.isprintable() for c in host) or not idna(host):
                report(
                    at, f"'{text}' has an invalid host name '{host}'", "copy the address from the browser's address bar"
                )
                return INVALID
        return normalise_url(text, len(parts.scheme) + 3 + len(parts.netloc))


class DateField(Kind):
    describe = "a date: YYYY, YYYY-MM or YYYY-MM-DD"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, dt.date):
            return PartialDate(value.year, value.month, value.day)
        match = DATE_RE.match(str(value).strip()) if isinstance(value, str | int) else None
        quoted = str(value).strip() if isinstance(value, str) else ""
        if not match and quoted[:1] in TYPOGRAPHIC_QUOTES and DATE_RE.match(quoted[1:-1]):
            pair = TYPOGRAPHIC_QUOTES[quoted[0]]
            report(
                at,
                f"{quoted} is in typographic quotes {pair}, which are not YAML quotes",
                f"write {quoted[1:-1]}, without quotes",
            )
            return INVALID
        if not match:
            report(at, f"'{value}' is not a date", "use YYYY, YYYY-MM or YYYY-MM-DD")
            return INVALID
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            report(at, f"{value} has no month {month}", "months run from 01 to 12")
            return INVALID
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            report(at, f"{value} is not a real day", "check the day of the month")
            return INVALID
        return PartialDate(year, month, day)


WHOLE_NUMBER_RE = re.compile(r"^[+-]?\d+$")


class Integer(Kind):
    """A whole number, negative too: front matter gives it as text."""

    describe = "a whole number, such as 1 or -1"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and WHOLE_NUMBER_RE.match(value.strip()):
            return int(value.strip())
        report(at, f"must be a whole number, not '{value}'", "such as 1, 2 or -1: the lower comes first")
        return INVALID


class Bool(Kind):
    describe = "true or false"
    WORDS: ClassVar[dict[str, bool]] = {"true": True, "yes": True, "false": False, "no": False}

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in self.WORDS:
            return self.WORDS[value.strip().lower()]
        report(at, f"must be true or false, not '{value}'", None)
        return INVALID


class Choice(Text):
    numbers_are_text = True

    def __init__(self, *options: str) -> None:
        self.options = options
        self.describe = " or ".join(f"'{o}'" for o in options)

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is not INVALID and text not in self.options:
            report(at, f"'{text}' is not allowed", f"use {self.describe}")
            return INVALID
        return text


class Color(Text):
    describe = "a colour as #rrggbb"
    numbers_are_text = True

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is not INVALID and not COLOR_RE.match(text):
            report(at, f"'{text}' is not a colour", "write it as #rrggbb, e.g. #1f5f8b")
            return INVALID
        return text.lower() if text is not INVALID else text


class LabelColor(Color):
    """A category's colour: labels print white text on it, which WCAG AA asks to be readable."""

    describe = "a colour as #rrggbb, dark enough for white text"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        color = super().parse(value, at, report)
        if color is INVALID:
            return color
        ratio = contrast_with_white(color)
        if ratio < AA_TEXT:
            report(
                at,
                f"white text on {color} has a contrast of {int(ratio * 100) / 100}:1, below the {AA_TEXT}:1 of WCAG AA",
                f"use {readable_shade(color)}, the nearest shade of the same hue that reaches it",
            )
            return INVALID
        return color


class Language(Text):
    describe = "a language code that Babel knows, such as en, ru, kk or en-GB"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        code = super().parse(value, at, report)
        if code is INVALID:
            return code
        try:
            Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError):
            report(at, f"'{code}' is not a language Babel knows", "use a BCP 47 code such as en, ru, kk or en-GB")
            return INVALID
        return code


class BaseUrl(Url):
    describe = "the site's public address, ending with /"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        url = super().parse(value, at, report)
        if url is INVALID:
            return url
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            report(
                at,
                f"'{url}' has a query or fragment",
                "give only scheme, host and path, e.g. https://example.org/reform/",
            )
            return INVALID
        return url if url.endswith("/") else url + "/"


class Domain(Text):
    describe = "a domain name such as reform.example.kz"
    DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        name = super().parse(value, at, report)
        if name is not INVALID and not self.DOMAIN_RE.match(name.lower()):
            report(at, f"'{name}' is not a domain name", "write only the host, e.g. reform.example.kz")
            return INVALID
        return name.lower() if name is not INVALID else name


class PositiveInt(Kind):
    describe = "a whole number above zero"
    minimum = 1

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            report(at, f"must be {self.describe}, not '{value}'", None)
            return INVALID
        return value


class Count(PositiveInt):
    describe = "a whole number, 0 or more"
    minimum = 0


class EraTables(Kind):
    """The `eras` key of site.toml: parse_eras checks each table, this only that there are tables."""

    describe = "[[eras]] tables, each with a title, start and end"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            report(at, f"must be {self.describe}", "write each era as a [[eras]] table")
            return INVALID
        return value


class ListOf(Kind):
    def __init__(self, item: Kind, describe: str, min_items: int = 0) -> None:
        self.item = item
        self.describe = describe
        self.min_items = min_items

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, str | int) and not isinstance(self.item, Table):
            value = [value]  # `categories: courts` means a list of one
        if not isinstance(value, list):
            report(at, f"must be {self.describe}, not {type_name(value)}", None)
            return INVALID
        if len(value) < self.min_items:
            report(at, f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}", None)
            return INVALID
        items = [self.item.parse(v, (*at, i), report) for i, v in enumerate(value)]
        return INVALID if any(i is INVALID for i in items) else tuple(items)


class Table(Kind):
    def __init__(self, schema: Schema, describe: str) -> None:
        self.schema = schema
        self.describe = describe

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if not isinstance(value, dict):
            report(at, f"must be {self.describe}, not {type_name(value)}", None)
            return INVALID
        problems_before: list[int] = [0]

        def counting(where: Path, message: str, hint: str | None) -> None:
            problems_before[0] += 1
            report(where, message, hint)

        values = self.schema.parse(value, at, counting)
        return INVALID if problems_before[0] else values


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
