"""`build.py sources`: does every source's address still answer?

Every `url` and `archived_url` of every entry is asked over HTTP (see probe.py), each distinct
address once, several hosts at a time and each host gently. Definite answers are remembered in
`.cache/sitegen/sources.json` for `[sources] cache_days`, so a second run within a week asks
nothing again. With `archive=True`, a dead source without `archived_url` gets the Internet
Archive's closest copy written into its entry (see archive.py). Translations carry no addresses.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .archive import WAYBACK_API, Addition, add_archived_urls, closest_snapshot
from .config import SiteConfig
from .content import PartialDate
from .errors import Problem, SiteError
from .fields import field_label
from .load import parse_file
from .markup import Markup
from .probe import DEAD, FINE, MOVED, Answer, Pacer, ProbeError, Settings, check, host_key, opener, user_agent
from .read import read_sources
from .store import cache_dir

CACHE_FILE = "sources.json"
CACHE_FORMAT = "sitegen-sources-1"
DAY = 86400


@dataclass(frozen=True, slots=True)
class Link:
    """One address in an entry's front matter, where a writer finds it."""

    path: str
    line: int | None
    index: int  # the source's position in `sources`, from 0
    name: str  # "url" or "archived_url"
    url: str
    has_copy: bool  # the source gives an archived_url
    date: PartialDate  # the source's date, else the entry's: the moment a copy should show

    @property
    def label(self) -> str:
        return field_label(("sources", self.index, self.name))


@dataclass(frozen=True, slots=True)
class Report:
    """What a run found: a line per problem, in file order, and the counts of the summary."""

    problems: tuple[Problem, ...]
    checked: int
    fine: int
    dead: int
    uncovered: int  # dead sources with no working archived copy
    moved: int
    added: int = 0  # archived_url lines written
    missing: int = 0  # dead sources the Internet Archive holds no copy of

    def summary(self) -> str:
        line = (
            f"{self.checked} source address{'es' * (self.checked != 1)} checked: {self.fine} fine, "
            f"{self.dead} dead ({self.uncovered} without an archived copy), {self.moved} moved."
        )
        if self.added or self.missing:
            line += f" archived_url added to {self.added}; the Internet Archive has no copy of {self.missing}."
        return line


@dataclass
class _Archiving:
    """Per entry file, the copies found and what became of them."""

    additions: dict[str, list[Addition]] = field(default_factory=dict)
    notes: dict[Link, str] = field(default_factory=dict)  # a dead link's hint, when --archive speaks of it
    shifts: dict[str, list[int]] = field(default_factory=dict)  # lines after which a line was inserted
    missing: int = 0  # dead sources the Internet Archive holds no copy of


def settings_from_environment(environ: Mapping[str, str], config: SiteConfig) -> tuple[Settings, str, str | None]:
    """Settings, the availability API's address, and a usage error: `SITEGEN_SOURCES_TIMEOUT` and
    `SITEGEN_SOURCES_DELAY` (seconds) and `SITEGEN_WAYBACK_API` let tests and slow networks adjust them."""
    settings = Settings(user_agent(config.title, config.base_url))
    values = {}
    for name, key, least in (("SITEGEN_SOURCES_TIMEOUT", "timeout", 0.001), ("SITEGEN_SOURCES_DELAY", "delay", 0.0)):
        given = environ.get(name)
        if given:
            seconds = _seconds(given)
            if seconds is None or not least <= seconds <= 3600:
                return settings, "", f"{name}: '{given}' is not a number of seconds (e.g. {name}=10)"
            values[key] = seconds
    api = environ.get("SITEGEN_WAYBACK_API") or WAYBACK_API
    if urlsplit(api).scheme not in ("http", "https"):
        return settings, api, f"SITEGEN_WAYBACK_API: '{api}' is not an http(s) address"
    return replace(settings, **values), api, None


def _seconds(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def collect_links(root: Path, config: SiteConfig) -> list[Link]:
    """Every address of every entry, in file order, a translation's where it cites its language's version
    of a document; SiteError when the content has mistakes."""
    markup = Markup()
    links: list[Link] = []
    problems: list[Problem] = []
    entries = []
    for source in read_sources(root):
        parsed = parse_file(source, config, markup)
        problems.extend(parsed.problems)
        if parsed.kind == "entry" and not any(not p.warning for p in parsed.problems):
            entries.append(parsed)
    originals = {parsed.key: parsed for parsed in entries if parsed.lang is None}
    for parsed in entries:
        original = originals.get(parsed.key)
        if original is None:
            continue  # a translation without its original: check names it
        theirs = original.fields.get("sources") or ()
        for index, item in enumerate(parsed.fields.get("sources") or ()):
            their = theirs[index] if index < len(theirs) else {}
            for name in ("url", "archived_url"):
                url = item.get(name)
                if url and (parsed is original or url != their.get(name)):
                    date = item.get("date") or their.get("date") or original.fields["date"]
                    line = parsed.line("sources", index, name)
                    links.append(Link(parsed.path, line, index, name, url, bool(item.get("archived_url")), date))
    if any(not p.warning for p in problems):
        raise SiteError(problems)
    return links


def check_sources(
    root: Path,
    config: SiteConfig,
    settings: Settings,
    *,
    archive: bool = False,
    wayback_api: str = WAYBACK_API,
    say: Callable[[str], None] = lambda line: None,
    now: Callable[[], float] = time.time,
) -> Report:
    """Ask every address (or recall its answer), then, with `archive`, add copies of the dead."""
    links = collect_links(root, config)
    answers = ask_all(sorted({link.url for link in links}), root, config, settings, say, now)
    dead = {link.url for link in links if answers[link.url].verdict == DEAD}
    state = _Archiving()
    if archive:
        _archive(root, config, settings, wayback_api, links, dead, state)
    problems: list[Problem] = []
    uncovered = 0
    for link in links:
        answer = answers[link.url]
        line = None if link.line is None else link.line + sum(a < link.line for a in state.shifts.get(link.path, ()))
        if answer.verdict == MOVED:
            problems.append(Problem(link.path, line, link.label, answer.message, "update the link", warning=True))
        elif answer.verdict == DEAD:
            problems.append(Problem(link.path, line, link.label, answer.message, _hint(link, state)))
            added = any(a.index == link.index for a in state.additions.get(link.path, ()))
            copy = _copy(links, link)
            uncovered += link.name == "url" and not added and (copy is None or copy.url in dead)
    verdicts = [answers[link.url].verdict for link in links]
    return Report(
        problems=tuple(problems),
        checked=len(links),
        fine=verdicts.count(FINE),
        dead=verdicts.count(DEAD),
        uncovered=uncovered,
        moved=verdicts.count(MOVED),
        added=sum(len(a) for a in state.additions.values()),
        missing=state.missing,
    )


def _copy(links: list[Link], link: Link) -> Link | None:
    """The archived_url of `link`'s source, if it gives one."""
    return next((o for o in links if o.name == "archived_url" and (o.path, o.index) == (link.path, link.index)), None)


def _hint(link: Link, state: _Archiving) -> str:
    if link in state.notes:
        return state.notes[link]
    if link.name == "archived_url":
        return "replace it with a working copy, e.g. from web.archive.org"
    if link.has_copy:
        return "readers still have the archived copy; replace the link if the page moved"
    return "add an archived_url, or replace the link"


def _archive(
    root: Path,
    config: SiteConfig,
    settings: Settings,
    api: str,
    links: list[Link],
    dead: set[str],
    state: _Archiving,
) -> None:
    """Look up a copy of each dead source without one, and write the copies found into the entries."""
    pacer = Pacer(settings.delay)
    wanted = [link for link in links if link.name == "url" and not link.has_copy and link.url in dead]
    for link in wanted:
        try:
            snapshot = closest_snapshot(link.url, link.date, api, settings, pacer)
        except ProbeError as error:
            state.notes[link] = (
                f"the Internet Archive could not be asked: {error}; run --archive again later, or add an archived_url"
            )
            continue
        if snapshot is None:
            state.missing += 1
            state.notes[link] = "the Internet Archive has no copy: replace the link, or add an archived_url"
            continue
        state.additions.setdefault(link.path, []).append(Addition(link.index, link.url, snapshot))
        state.notes[link] = f"archived_url added: {snapshot}"
    by_source = {(link.path, link.index): link for link in wanted}
    for path, additions in sorted(state.additions.items()):
        inserted, refused = add_archived_urls(root, path, additions, config)
        state.shifts[path] = inserted
        state.additions[path] = [a for a in additions if a not in refused]
        for addition, reason in refused.items():
            note = f"{reason}: add `archived_url: {addition.snapshot}` under its url by hand"
            state.notes[by_source[(path, addition.index)]] = note


def ask_all(
    urls: list[str],
    root: Path,
    config: SiteConfig,
    settings: Settings,
    say: Callable[[str], None],
    now: Callable[[], float] = time.time,
) -> dict[str, Answer]:
    """Each address's answer: from the cache while fresh, else asked, several hosts at a time."""
    path = cache_dir(root / "output") / CACHE_FILE
    lifetime = config.sources_cache_days * DAY
    started = now()
    known = _read_cache(path, started, lifetime)
    answers = {url: known[url][0] for url in urls if url in known}
    lanes = _lanes([url for url in urls if url not in answers], settings.per_host)
    pacer = Pacer(settings.delay)
    asked = len(urls) - len(answers)
    if asked:
        hosts = len({host_key(url) for url in urls if url not in answers})
        remembered = f"; {len(answers)} answered within the last {config.sources_cache_days} days" if answers else ""
        say(f"Asking {asked} address{'es' * (asked != 1)} on {hosts} site{'s' * (hosts != 1)}{remembered}...")

    stop = threading.Event()  # set on Ctrl-C: the lanes end after the request they are making

    def run(lane: list[str]) -> list[tuple[str, Answer]]:
        browser = opener()
        return [(url, check(url, settings, pacer, browser)) for url in lane if not stop.is_set()]

    if lanes:
        pool = ThreadPoolExecutor(max_workers=settings.workers)
        try:
            for results in pool.map(run, lanes):
                answers.update(results)
        finally:
            stop.set()
            pool.shutdown(cancel_futures=True)
    if lifetime:
        kept = {url: known[url] for url in urls if url in known}
        kept.update({url: (answers[url], started) for url in urls if url not in known and answers[url].lasting})
        _write_cache(path, kept)
    return answers


def _lanes(urls: list[str], per_host: int) -> list[list[str]]:
    """Each host's addresses dealt into at most `per_host` lanes; the longest lanes first."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(host_key(url), []).append(url)
    lanes = [hosted[start::per_host] for hosted in by_host.values() for start in range(min(per_host, len(hosted)))]
    return sorted(lanes, key=lambda lane: (-len(lane), lane))


def _read_cache(path: Path, now: float, lifetime: float) -> dict[str, tuple[Answer, float]]:
    """Fresh answers from the cache file; a missing, corrupt or foreign file is no cache at all."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or not isinstance(data.get("answers"), dict):
        return {}
    fresh: dict[str, tuple[Answer, float]] = {}
    for url, item in data["answers"].items():
        if _valid(item) and now - lifetime < item["at"] <= now:
            fresh[url] = (Answer(item["verdict"], item["message"]), float(item["at"]))
    return fresh


def _valid(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and item.get("verdict") in (FINE, DEAD, MOVED)
        and isinstance(item.get("message"), str)
        and isinstance(item.get("at"), int | float)
        and not isinstance(item.get("at"), bool)
    )


def _write_cache(path: Path, answers: dict[str, tuple[Answer, float]]) -> None:
    """Replace the cache file whole, keys sorted: a crash never leaves half a file."""
    payload = {
        "format": CACHE_FORMAT,
        "answers": {
            url: {"at": int(at), "message": answer.message, "verdict": answer.verdict}
            for url, (answer, at) in sorted(answers.items())
        },
    }
    text = json.dumps(payload, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".sources-", suffix=".json")
    except OSError:  # the cache only saves requests; a read-only checkout still gets its report
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
