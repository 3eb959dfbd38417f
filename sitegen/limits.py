"""Bodies that Python-Markdown would recurse too deep on or take minutes over, found by a cheap scan first.

Python-Markdown recurses once per level of nested lists and emphasis (a few
hundred levels exhaust Python's stack), rescans the rest of a paragraph from
every bracket left open, and re-splits a block at every heading or rule in it.
Each measure here bounds one of those costs, far beyond anything a writer
needs; each is skipped when a count of the characters involved already shows
the body is harmless, so ordinary bodies cost a few `str.count` calls.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .errors import Problem

MAX_NESTING = 50  # levels of lists and quotes, or of emphasis
MAX_RESCAN = 1_000_000  # characters Markdown would scan again in one paragraph: about a quarter of a second
MAX_HEADINGS = 1_000  # each costs a unique id: a thousand take a tenth of a second

LEADING_SPACE = re.compile(r"\s*")
BLANK = re.compile(r"\n[^\S\n]*(?=\n)")  # a blank line ends a paragraph
CONTAINERS = re.compile(rf"\n([ \t>*+\-0-9.)]{{{MAX_NESTING},}})")  # a line starting with many markers
MARKER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")
EMPHASIS = re.compile(r"\\.|[*_]+|\n[^\S\n]*(?=\n)")
BRACKETS = re.compile(r"\\.|\]\(|[\[\])>]|<(?=[A-Za-z/!?])|\n[^\S\n]*(?=\n)")
SPLITS = re.compile(r"^ {0,3}(?:#{1,6}(?=[ \t]|$)|[=-]+[ \t]*$|([*_])[ \t]*(?:\1[ \t]*){2,}$)", re.M)
OPENS = {"[": "[", "](": "(", "<": "<"}
CLOSES = {"]": "[", "](": "[", ")": "(", ">": "<"}
HEADINGS = re.compile(r"^ {0,3}(?:#{1,6}(?=[ \t]|$)|[=-]+[ \t]*$)", re.M)


def check_body(rel: str, body: str, first_line: int) -> list[Problem]:
    """At most one problem per measure; `first_line` is the line the body's first character is on."""
    problems = []
    for at, message, hint in (*_nesting(body), *_emphasis(body), *_brackets(body), *_splits(body)):
        start = LEADING_SPACE.match(body, at).end()  # the line the text starts on, not a blank one before it
        problems.append(Problem(rel, first_line + body.count("\n", 0, start), "body", message, hint))
    return problems


def _nesting(body: str) -> Iterator[tuple[int, str, str]]:
    """Lists and quotes: each marker opens a level, and so does each four columns of indentation before them."""
    deepest, first = 0, 0
    for match in CONTAINERS.finditer("\n" + body):  # a search for newlines first is 10 times faster than ^
        prefix = match.group(1)
        markers = len(MARKER.findall(prefix))
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        depth = markers + (indent + 3 * prefix.count("\t", 0, indent)) // 4 if markers else 0
        if depth > MAX_NESTING >= deepest:
            first = match.start(1) - 1
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        yield first, f"lists or quotes nested {deepest} levels deep, more than {MAX_NESTING}", "flatten them"


def _emphasis(body: str) -> Iterator[tuple[int, str, str]]:
    """A run of * or _ before a word opens that many levels, one after a word closes them."""
    if body.count("*") + body.count("_") <= MAX_NESTING:
        return
    depth, deepest, first = 0, 0, 0
    for match in EMPHASIS.finditer(body):
        start, end = match.span()
        if body[start] == "\\":
            continue
        if body[start] == "\n":
            depth = 0
            continue
        before = body[start - 1] if start else " "
        after = body[end] if end < len(body) else " "
        if not before.isspace() and (after.isspace() or not after.isalnum()):
            depth = max(0, depth - (end - start))
        elif not after.isspace() and (before.isspace() or not before.isalnum()):
            depth += end - start
            if depth > MAX_NESTING >= deepest:
                first = start
            deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        hint = r"close each * and _ you open; write \* or \_ for a literal one"
        yield first, f"emphasis (* or _) nested {deepest} levels deep, more than {MAX_NESTING}", hint


def _brackets(body: str) -> Iterator[tuple[int, str, str]]:
    """From each '[', '](' and '<' Markdown scans to the bracket that closes it, or to the paragraph's end."""
    if (body.count("[") + body.count("<") + body.count("](")) * len(body) <= MAX_RESCAN:
        return
    opened: dict[str, list[int]] = {"[": [], "(": [], "<": []}  # where the brackets still open start
    scanned, paragraph = 0, 0
    for match in BRACKETS.finditer(body):
        token, at = match.group(0), match.start()
        if token[0] == "\\":
            continue
        if token[0] == "\n":
            if scanned + _left_open(opened, at) > MAX_RESCAN:
                break
            opened = {kind: [] for kind in opened}
            scanned, paragraph = 0, match.end() + 1
            continue
        if token in CLOSES and opened[CLOSES[token]]:
            scanned += at - opened[CLOSES[token]].pop()
        if token in OPENS:
            opened[OPENS[token]].append(at)
        if scanned > MAX_RESCAN:
            break
    else:
        if scanned + _left_open(opened, len(body)) <= MAX_RESCAN:
            return
    hint = r"close each bracket you open, write \[ or \< for a literal one, or split the paragraph"
    yield paragraph, "brackets ([ ] ( ) < >) in this paragraph are left open or nested too deeply to convert", hint


def _left_open(opened: dict[str, list[int]], end: int) -> int:
    return sum(end - at for starts in opened.values() for at in starts)


def _splits(body: str) -> Iterator[tuple[int, str, str]]:
    """Markdown splits a block at each heading or rule, copying the rest of the block each time."""
    lines = body.count("\n") + 1
    if lines * len(body) <= MAX_RESCAN and lines <= MAX_HEADINGS:
        return
    splits = [match.start() for match in SPLITS.finditer(body)]
    headings = len(HEADINGS.findall(body))
    if headings > MAX_HEADINGS:
        yield 0, f"has {headings} headings, more than {MAX_HEADINGS}", "split it into several files"
    ends = [match.start() for match in BLANK.finditer(body)] + [len(body)]
    copied: dict[int, tuple[int, int]] = {}  # block end -> its first split, characters copied so far
    for at in splits:
        end = ends[bisect.bisect_right(ends, at)]
        first, done = copied.get(end, (at, 0))
        copied[end] = (first, done + end - at)
        if done + end - at > MAX_RESCAN:
            hint = "put a blank line before and after each heading and rule"
            yield first, "too many headings or rules follow each other without a blank line", hint
            return
