"""Read a TimelineJS timeline, JSON or the Google-Sheet template as CSV, into neutral values.

The two formats are Knight Lab's: the JSON of `timeline.knightlab.com/docs/json-format.html`
(`title`, `events`, `eras`, `scale`; slides with `start_date`, `text`, `media`, ...) and the
template sheet's columns (Year, Month, Day, Time, ..., Type, Group, Background, Alt Text).
Reading checks the shape only: a file that is not a timeline is a SiteError naming the key or
row; dates that cannot be read mark their slide, so that the import skips it and says why.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, SiteError

TEMPLATE_COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
    "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
    "Background", "Alt Text",
)  # fmt: skip
REQUIRED_COLUMNS = ("Year", "Headline")
OLD_NAMES = {"Tag": "Group"}  # the first version of the template called the group a tag
DATE_PARTS = ("year", "month", "day", "hour", "minute", "second", "millisecond")
TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{1,2})(?:[:.](\d{1,2})(?:[:.](\d{1,3}))?)?)?\s*(?:([AaPp])\.?[Mm]\.?)?$")


@dataclass(frozen=True, slots=True)
class When:
    """A TimelineJS date as given: each part a whole number or None, and its own display text."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    millisecond: int | None = None
    display_date: str = ""


@dataclass(frozen=True, slots=True)
class Media:
    url: str = ""
    caption: str = ""
    credit: str = ""
    thumbnail: str = ""
    alt: str = ""
    title: str = ""
    link: str = ""


@dataclass(frozen=True, slots=True)
class Slide:
    """One slide (an event, the title or an era); `where` names it as the writer counts: 'event 3', 'row 5'."""

    where: str
    start: When | None
    end: When | None = None
    display_date: str = ""
    headline: str = ""  # HTML
    text: str = ""  # HTML
    media: Media | None = None
    group: str = ""
    background: str = ""  # described for the report: 'colour #333', 'image https://...'
    unique_id: str = ""
    categories: tuple[str, ...] = ()  # category slugs, written by this generator's own timeline.json
    end_precision: str = ""  # 'year' or 'month': how our own timeline.json's era end was written
    problem: str | None = None  # why its dates cannot be read; the import skips it


@dataclass(frozen=True, slots=True)
class Timeline:
    kind: str
    title: Slide | None
    events: tuple[Slide, ...]
    eras: tuple[Slide, ...]
    scale: str = "human"
    notes: tuple[str, ...] = ()  # what was read but is not used, for the report


class _Bad(Exception):
    """A date part or time that is not a number; the slide is skipped with this message."""


def read_timeline(path: Path, shown: str) -> Timeline:
    """Read `path` (shown to the writer as `shown`): JSON when it looks like JSON, else the sheet's CSV."""

    def fail(message: str, hint: str | None = None, line: int | None = None) -> SiteError:
        return SiteError([Problem(shown, line, None, message, hint)])

    if path.is_dir():
        raise fail("is a folder, not a file", "give the .json or .csv file exported from TimelineJS")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("not found", "check the path; give the .json or .csv file exported from TimelineJS") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise fail("is not UTF-8 text", "export it again, or save it as UTF-8", line) from None
    if not text.strip():
        raise fail("is empty", "give the .json or .csv file exported from TimelineJS")
    looks_json = path.suffix.lower() == ".json" or (path.suffix.lower() != ".csv" and text.lstrip()[:1] in "{[")
    return _read_json(text, shown) if looks_json else _read_csv(text, shown)


def _read_json(text: str, shown: str) -> Timeline:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SiteError(
            [Problem(shown, error.lineno, None, f"is not valid JSON: {error.msg} (column {error.colno})")]
        ) from None
    problems: list[Problem] = []

    def bad(where: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(shown, None, where, message, hint))

    if not isinstance(data, dict):
        raise SiteError([Problem(shown, None, None, f"holds {_kind(data)}, not a TimelineJS timeline", _SHAPE)])
    events = data.get("events")
    if not isinstance(events, list):
        bad("events", "is missing" if events is None else f"must be a list of slides, not {_kind(events)}", _SHAPE)
        events = []
    eras = data.get("eras", [])
    if not isinstance(eras, list):
        bad("eras", f"must be a list of eras, not {_kind(eras)}")
        eras = []
    scale = data.get("scale") or "human"
    if not isinstance(scale, str):
        bad("scale", f"must be 'human' or 'cosmological', not {_kind(scale)}")
    title = _json_slide(data["title"], "title", bad) if data.get("title") is not None else None
    read = tuple(_json_slide(event, f"event {n}", bad) for n, event in enumerate(events, start=1))
    era_slides = tuple(_json_slide(era, f"era {n}", bad) for n, era in enumerate(eras, start=1))
    if problems:
        raise SiteError(problems)
    notes = ["scale: 'cosmological' is not kept (entries' dates have years 0001 to 9999)"] * (scale == "cosmological")
    return Timeline("TimelineJS JSON", title, read, era_slides, str(scale), tuple(notes))


_SHAPE = 'a TimelineJS timeline is an object with "events": [...], and optionally "title", "eras" and "scale"'


def _kind(value: Any) -> str:
    """A JSON value's kind in plain words."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return {str: "text", list: "a list", dict: "an object", type(None): "null"}.get(type(value), "a value")


def _json_slide(raw: Any, where: str, bad: Any) -> Slide:
    if not isinstance(raw, dict):
        bad(where, f"must be an object (a slide), not {_kind(raw)}")
        return Slide(where, None)

    def table(key: str) -> dict[str, Any]:
        value = raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            bad(f"{where}: {key}", f"must be an object, not {_kind(value)}")
            return {}
        return value

    def text(value: Any, key: str) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        bad(f"{where}: {key}", f"must be text, not {_kind(value)}")
        return ""

    words, media = table("text"), table("media")
    background = table("background")
    problem = None
    dates: list[When | None] = [None, None]
    for index, key in enumerate(("start_date", "end_date")):
        parts = table(key)
        try:
            dates[index] = _json_when(parts, text(parts.get("display_date"), f"{key}.display_date")) if parts else None
        except _Bad as error:
            problem = f"{key}.{error}"
    return Slide(
        where,
        dates[0],
        dates[1],
        display_date=text(raw.get("display_date"), "display_date"),
        headline=text(words.get("headline"), "text.headline"),
        text=text(words.get("text"), "text.text"),
        media=Media(**{k: text(media.get(k), f"media.{k}") for k in Media.__slots__}) if media else None,
        group=text(raw.get("group"), "group"),
        background=_describe_background(
            text(background.get("url"), "background.url"), text(background.get("color"), "background.color")
        ),
        unique_id=text(raw.get("unique_id"), "unique_id"),
        categories=tuple(c for c in raw.get("categories", ()) if isinstance(c, str))
        if isinstance(raw.get("categories"), list)
        else (),
        end_precision=raw.get("end_precision") if raw.get("end_precision") in ("year", "month") else "",
        problem=problem,
    )


def _json_when(parts: dict[str, Any], display: str) -> When:
    return When(**{name: _whole(parts.get(name), name) for name in DATE_PARTS}, display_date=display)


def _whole(value: Any, name: str) -> int | None:
    """A date part as TimelineJS reads it: a number, or text of digits ('1,815' and ' 3 ' too)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _Bad(f"{name}: {value!r} is not a whole number")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    cleaned = re.sub(r"[\s,]+", "", value) if isinstance(value, str) else None
    if cleaned is not None and re.fullmatch(r"[-+]?\d+", cleaned):
        return int(cleaned)
    if cleaned == "":
        return None
    raise _Bad(f"{name}: {value!r} is not a whole number")


def _describe_background(url: str, color: str) -> str:
    return f"image {url}" if url else f"colour {color}" if color else ""


def _read_csv(text: str, shown: str) -> Timeline:
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise SiteError([Problem(shown, reader.line_num, None, f"is not readable CSV: {error}")]) from None
    header = [OLD_NAMES.get(name.strip(), name.strip()) for name in rows[0]]
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    notes: list[str] = []
    for index, name in enumerate(header):
        if name in columns:
            problems.append(Problem(shown, None, f"row 1: {name}", "is a column twice", "keep one of them"))
        elif name in TEMPLATE_COLUMNS:
            columns[name] = index
        elif name:
            notes.append(f"row 1: column '{name}' is not one of the template's and was not read")
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        problems.append(
            Problem(
                shown,
                None,
                "row 1",
                f"has no {' or '.join(repr(m) for m in missing)} column, so this is not TimelineJS's sheet",
                "in Google Sheets use File > Download > Comma-separated values (.csv) on the timeline's sheet; "
                "its first row names the columns: " + ", ".join(TEMPLATE_COLUMNS),
            )
        )
    if problems:
        raise SiteError(problems)
    title: Slide | None = None
    events: list[Slide] = []
    eras: list[Slide] = []
    for number, cells in enumerate(rows[1:], start=2):
        row = {name: cells[i].replace("\r\n", "\n").strip() if i < len(cells) else "" for name, i in columns.items()}
        if not any(row.values()):
            continue
        slide = _csv_slide(row, f"row {number}")
        kind = row.get("Type", "").lower()
        if kind == "title" and title is None:
            title = slide
        elif kind == "era":
            eras.append(slide)
        else:
            if kind == "title":
                notes.append(f"row {number}: a second title row, read as an event")
            events.append(slide)
    return Timeline("TimelineJS sheet (CSV)", title, tuple(events), tuple(eras), notes=tuple(notes))


def _csv_slide(row: dict[str, str], where: str) -> Slide:
    problem = None
    dates: list[When | None] = [None, None]
    for index, prefix in enumerate(("", "End ")):
        try:
            dates[index] = _csv_when(row, prefix)
        except _Bad as error:
            problem = str(error)
    background = row.get("Background", "")
    url = re.match(r"^(https?:)?//?", background)
    return Slide(
        where,
        dates[0],
        dates[1],
        display_date=row.get("Display Date", ""),
        headline=row.get("Headline", ""),
        text=row.get("Text", ""),
        media=Media(
            url=row.get("Media", ""),
            caption=row.get("Media Caption", ""),
            credit=row.get("Media Credit", ""),
            thumbnail=row.get("Media Thumbnail", ""),
            alt=row.get("Alt Text", ""),
        )
        if row.get("Media")
        else None,
        group=row.get("Group", ""),
        background=_describe_background(background, "") if url else _describe_background("", background),
        problem=problem,
    )


def _csv_when(row: dict[str, str], prefix: str) -> When | None:
    """The sheet's Year, Month, Day and Time (or End ...) as a date; None when the year is empty."""
    if not row.get(f"{prefix}Year"):
        for part in ("Month", "Day", "Time"):
            if row.get(f"{prefix}{part}"):
                raise _Bad(f"{prefix}{part}: {row[prefix + part]!r} is given without {prefix}Year")
        return None
    parts = {name: _whole(row.get(f"{prefix}{name.title()}"), f"{prefix}{name.title()}") for name in DATE_PARTS[:3]}
    clock = row.get(f"{prefix}Time", "")
    return When(**parts, **(_time(clock, f"{prefix}Time") if clock else {}))


def _time(text: str, column: str) -> dict[str, int | None]:
    """The sheet's Time cell as TimelineJS reads it: '14:30', '2:30 PM', '1430', '14:30:15'."""
    compact = re.fullmatch(r"\s*(\d{1,2})(\d{2})\s*", text)
    found = TIME.match(f"{compact.group(1)}:{compact.group(2)}" if compact else text.strip())
    if not found:
        raise _Bad(f"{column}: {text!r} is not a time such as 14:30 or 2:30 PM")
    hour, minute, second, millisecond = (int(g) if g else None for g in found.groups()[:4])
    period = (found.group(5) or "").lower()
    assert hour is not None
    if period == "p" and hour != 12:
        hour += 12
    elif period == "a" and hour == 12:
        hour = 0
    if hour > 23 or (minute or 0) > 59 or (second or 0) > 59:
        raise _Bad(f"{column}: {text!r} is not a time of day")
    return {"hour": hour, "minute": minute, "second": second, "millisecond": millisecond}
