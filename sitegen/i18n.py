"""Languages: CLDR dates per precision through Babel, and gettext catalogues."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path as FsPath

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_interval, format_skeleton, parse_pattern
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .content import PartialDate

SKELETONS = {"month": "yMMMM", "year": "y"}
INTERVAL_SKELETONS = {"day": "yMMMd", "month": "yMMMM", "year": "y"}
ABBREVIATED_MONTH = re.compile(r"(?<![ML])([ML])\1\1(?![ML])")  # MMM or LLL, not MMMM


@cache
def babel_locale(lang: str) -> Locale:
    return Locale.parse(lang, sep="-")


@lru_cache(maxsize=65536)
def format_partial(date: PartialDate, lang: str) -> str:
    """A date in the reader's language at its own precision: never a made-up day."""
    locale = babel_locale(lang)
    if date.precision == "day":
        return format_date(date.first_day(), "long", locale=locale)
    return format_skeleton(SKELETONS[date.precision], date.first_day(), locale=locale)


@lru_cache(maxsize=65536)
def format_period(start: PartialDate, end: PartialDate | None, lang: str) -> str:
    """A date or a period, using CLDR's interval formats when both ends share a precision."""
    if end is None or end == start:
        return format_partial(start, lang)
    locale = babel_locale(lang)
    if start.precision == "day" and end.precision == "day":
        return _day_interval(start.first_day(), end.first_day(), locale)
    if start.precision == end.precision:
        return format_interval(start.first_day(), end.first_day(), INTERVAL_SKELETONS[start.precision], locale=locale)
    pattern = locale.interval_formats.get(None, "{0}–{1}")
    return pattern.replace("{0}", format_partial(start, lang)).replace("{1}", format_partial(end, lang))


def _day_interval(start: dt.date, end: dt.date, locale: Locale) -> str:
    """Two days as CLDR joins them, with the month named in full as a single day's long form names it.

    CLDR has no interval format for wide months (yMMMMd); UTS #35 lets the
    nearest one (yMMMd) widen its month fields, which Babel does not do itself.
    """
    formats = locale.interval_formats.get("yMMMd") or {}
    field = next((f for f, same in (("y", start.year == end.year), ("M", start.month == end.month)) if not same), "d")
    if field not in formats:
        return format_interval(start, end, "yMMMd", locale=locale)
    return "".join(
        parse_pattern(ABBREVIATED_MONTH.sub(r"\1\1\1\1", part)).apply(day, locale)
        for part, day in zip(formats[field], (start, end), strict=True)
    )


def language_name(lang: str) -> str:
    """The language's own name for itself, capitalised, for the switcher."""
    name = babel_locale(lang).get_display_name(babel_locale(lang)) or lang
    return name[:1].upper() + name[1:]


def og_locale(lang: str) -> str:
    """Open Graph wants language_TERRITORY: `kk` -> `kk_KZ`, from CLDR's likely subtags."""
    locale = babel_locale(lang)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    known = f"{locale.language}_{locale.script}" if locale.script else locale.language
    likely = get_global("likely_subtags").get(known, locale.language)
    return f"{locale.language}_{likely.split('_')[-1]}" if "_" in likely else locale.language


def catalogue_path(dirs: Iterable[FsPath], lang: str) -> FsPath | None:
    """The first `<lang>.po` (or its base language's) among the template folders."""
    candidates = [lang, lang.split("-")[0]]
    for folder in dirs:
        for code in candidates:
            path = folder / "i18n" / f"{code}.po"
            if path.is_file():
                return path
    return None


def read_catalogue(path: FsPath, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang.replace("-", "_"))


def translations_for(catalogue: Catalog | None) -> gettext.NullTranslations:
    """In-memory gettext translations; no compiled .mo files in the repository."""
    if catalogue is None:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(buffer)


def missing_messages(catalogue: Catalog | None, msgids: Iterable[str]) -> list[str]:
    """Interface strings that templates use but the catalogue does not translate."""
    translated: set[str] = set()
    for message in catalogue or ():
        # A plural message's id and string are tuples: it counts once every form is filled in.
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings) and not message.fuzzy:
            translated.update(ids)
    return sorted({m for m in msgids if m not in translated})
