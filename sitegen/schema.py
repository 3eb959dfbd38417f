"""Field kinds and schemas: each input field is declared once, with its doc.

Kinds check a value read from YAML (every scalar arrives as text) or TOML and
report problems in writers' words; the caller turns a report's sub-path into a
file line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from .content import PartialDate
from .errors import did_you_mean

Path = tuple[str | int, ...]
Report = Callable[[Path, str, str | None], None]


class _Invalid:
    """Marks a value that failed its check (the problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Quotes word processors type, which YAML reads as text: each one that may open a value, and its pair.
TYPOGRAPHIC_QUOTES = {"“": "“ ”", "”": "“ ”", "„": "„ “", "‘": "‘ ’", "’": "‘ ’", "‚": "‚ ‘", "«": "« »", "»": "» «"}


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a table of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "text"


class Kind:
    """A kind of value; `describe` is how a writer would say it."""

    describe = "a value"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        raise NotImplementedError


class Section(Kind):
    """A table whose keys another schema checks (such as [site] in site.toml)."""

    describe = "a table such as [site]"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if not isinstance(value, dict):
            report(at, f"must be {self.describe}, not {_type_name(value)}", None)
            return INVALID
        return value


class Text(Kind):
    describe = "text"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            hint = "put text that starts with [ or { in straight quotes" if isinstance(value, list | dict) else None
            report(at, f"must be {self.describe}, not {_type_name(value)}", hint)
            return INVALID
        text = str(value).strip()
        if not text:
            report(at, "must not be empty", None)
            return INVALID
        return text


class Slug(Text):
    describe = "a slug (lowercase letters, digits and hyphens)"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is not INVALID and not SLUG_RE.match(text):
            report(at, f"'{text}' is not a plain name", "use lowercase letters, digits and hyphens, e.g. 'new-courts'")
            return INVALID
        return text


# What the URL Standard allows in a URL besides letters and digits (https://url.spec.whatwg.org/#url-code-points).
URL_PUNCTUATION = frozenset("!$&'()*+,-./:;=?@_~")
FORBIDDEN_IN_HOST = frozenset(' #%/:<>?@[\\]^|"`{}')
PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _allowed_in_url(char: str) -> bool:
    """A URL code point: ASCII letters, digits and URL_PUNCTUATION, or any other character but
    controls, spaces, surrogates and noncharacters."""
    code = ord(char)
    if code < 0x80:
        return char.isalnum() or char in URL_PUNCTUATION
    return not (
        code < 0xA0 or char.isspace() or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    )


def normalise_url(url: str, start: int) -> str:
    """`url` with every character after `start` that a URL may not hold percent-encoded as UTF-8.

    Escapes already written (`%20`) stay as they are; the first `#` starts the
    fragment, any later one is encoded; letters of other scripts stay readable.
    """
    out = [url[:start]]
    fragment = False
    for index in range(start, len(url)):
        char = url[index]
        if char == "%" and PERCENT_ESCAPE.match(url, index):
            out.append(char)
        elif char == "#" and not fragment:
            fragment = True
            out.append(char)
        elif _allowed_in_url(char) and char != "%":
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")))
    return "".join(out)


class Url(Text):
    """An absolute http(s) address, as printed in pages: characters a URL may not hold are percent-encoded,
    so that a quote, space or bracket copied from a browser cannot break the page."""

    describe = "an absolute http(s) URL"

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
            if not host or any(c in FORBIDDEN_IN_HOST or not c.isprintable() for c in host) or not _idna(host):
                report(
                    at, f"'{text}' has an invalid host name '{host}'", "copy the address from the browser's address bar"
                )
                return INVALID
        return normalise_url(text, len(parts.scheme) + 3 + len(parts.netloc))


def _idna(host: str) -> bool:
    """Whether a host name has an ASCII form (punycode): an international name such as президент.рф has."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


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

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        text = super().parse(value, at, report)
        if text is not INVALID and not COLOR_RE.match(text):
            report(at, f"'{text}' is not a colour", "write it as #rrggbb, e.g. #1f5f8b")
            return INVALID
        return text.lower() if text is not INVALID else text


class ListOf(Kind):
    def __init__(self, item: Kind, describe: str, min_items: int = 0) -> None:
        self.item = item
        self.describe = describe
        self.min_items = min_items

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if isinstance(value, str | int) and not isinstance(self.item, Table):
            value = [value]  # `categories: courts` means a list of one
        if not isinstance(value, list):
            report(at, f"must be {self.describe}, not {_type_name(value)}", None)
            return INVALID
        if len(value) < self.min_items:
            report(at, f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}", None)
            return INVALID
        items = [self.item.parse(v, (*at, i), report) for i, v in enumerate(value)]
        return INVALID if any(i is INVALID for i in items) else tuple(items)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    doc: str = ""
    default: Any = None


class Schema:
    """An ordered set of fields; unknown keys are errors, with a did-you-mean."""

    def __init__(self, *fields: Field) -> None:
        self.fields = {f.name: f for f in fields}

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields.values())

    def parse(
        self,
        data: Any,
        at: Path,
        report: Report,
        *,
        extra: frozenset[str] = frozenset(),
        optional: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """Check `data` against the fields; `extra` names keys handled elsewhere, `optional` required
        fields this value may leave out (a draft's sources)."""
        if not isinstance(data, dict):
            report(at, f"must be a table of keys, not {_type_name(data)}", None)
            return {}
        values: dict[str, Any] = {}
        for key, value in data.items():
            field = self.fields.get(str(key))
            if field is None:
                if key not in extra:
                    report((*at, str(key)), "unknown key", did_you_mean(str(key), self.fields) or self._known())
                continue
            if value is None or value == "":
                if field.required and key not in optional:
                    report((*at, key), "is required but empty", field.doc or None)
                    values[key] = INVALID
                else:
                    values[key] = field.default  # `draft:` with nothing after it is no draft
                continue
            values[key] = field.kind.parse(value, (*at, key), report)
        for field in self.fields.values():
            if field.name not in data:
                if field.required and field.name not in optional:
                    report((*at, field.name), "is missing, and it is required", field.doc or None)
                    values[field.name] = INVALID
                else:
                    values[field.name] = field.default
        return values

    def _known(self) -> str:
        return "known keys: " + ", ".join(self.fields)


class Table(Kind):
    def __init__(self, schema: Schema, describe: str) -> None:
        self.schema = schema
        self.describe = describe

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        if not isinstance(value, dict):
            report(at, f"must be {self.describe}, not {_type_name(value)}", None)
            return INVALID
        problems_before: list[int] = [0]

        def counting(where: Path, message: str, hint: str | None) -> None:
            problems_before[0] += 1
            report(where, message, hint)

        values = self.schema.parse(value, at, counting)
        return INVALID if problems_before[0] else values


def field_label(at: Path) -> str:
    """`('sources', 1, 'url')` -> `sources[2].url`: list items counted from 1."""
    label = ""
    for part in at:
        if isinstance(part, int):
            label += f"[{part + 1}]"
        else:
            label += f".{part}" if label else str(part)
    return label
