"""YAML's errors told in a writer's words: what is wrong on the line and how to fix it.

LibYAML and PyYAML word the same mistake differently ("mapping values are
not allowed in this context" / "... here") and point at the character where
parsing stopped, which is rarely where the writer has to look. So each
explanation is chosen from the line itself (a tab, a typographic quote, a
colon in unquoted text) and the kind of error; YAML's own wording is kept,
in brackets, only when nothing better can be said.
"""

from __future__ import annotations

import re

import yaml

from .schema import TYPOGRAPHIC_QUOTES

VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*:(?:\s+|$))?(?P<value>.*)$")  # `key: value`, `- value`
FALLBACK_HINT = "check quotes, colons and indentation; quote text that contains ': ' or starts with a quote"


def explain(error: yaml.MarkedYAMLError, source: str) -> tuple[int | None, str, str]:
    """(YAML line, message, hint) for a front matter YAML could not read; line 0 is the opening '---'."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None, "the fields cannot be read as YAML", f"{FALLBACK_HINT} [{error.problem or error}]"
    lines = source.split("\n")
    line = mark.line
    text = lines[line] if line < len(lines) else ""
    problem, context = error.problem or "", error.context or ""
    opened = error.context_mark.line if error.context_mark else line
    value = _value(text)
    tab = _tab(text, anywhere="tab" in problem or "'\\t'" in problem)
    if tab is None:  # a tab that indents an earlier line can make YAML stop further down
        line, tab = next(((n, at) for n in range(line + 1) if (at := _tab(lines[n], anywhere=False))), (line, None))
    if tab:
        return line, f"a tab at column {tab}", "indent with spaces"
    if value[:1] in TYPOGRAPHIC_QUOTES:
        return (
            line,
            f"typographic quotes {TYPOGRAPHIC_QUOTES[value[0]]} are not YAML quotes",
            "use straight quotes \" or '",
        )
    if "mapping values are not allowed" in problem:
        if ": " in value:
            return (
                line,
                "text that holds ': ' must be in quotes",
                f"put the whole text in straight quotes: {_quoted(value)}",
            )
        return line, "this line is indented more than the field above it", "line up each field with the one above"
    if "flow sequence" in context:
        return opened, "a list in [ ] is not closed on its line", "end it with ], and quote an item that holds ': '"
    if "flow mapping" in context:
        return opened, "a { is not closed on its line", "put text that starts with { in straight quotes"
    if "quoted scalar" in context:
        return opened, "a quote opened on this line is not closed", "end the text with the same quote mark"
    if "block mapping" in context and value[:1] in ("'", '"'):
        inside = "write an apostrophe as ''" if value[0] == "'" else 'write a quote as \\"'
        return (
            line,
            "the text goes on after its closing quote",
            f"inside {value[0]}…{value[0]} {inside}, or quote the whole text",
        )
    if "block mapping" in context and text.lstrip().startswith("- "):
        return line, "a list item where a field was expected", "indent the list under its field, e.g. '  - title: ...'"
    if "block collection" in context or "block mapping" in context:
        return (
            line,
            "this line does not line up with the fields above it",
            "indent a list item's fields as far as its first",
        )
    if "cannot start any token" in problem and value[:1] in ("@", "`", "%"):
        return line, f"a value cannot start with {value[0]}", 'put the text in straight quotes: "…"'
    return line, "the fields cannot be read as YAML here", f"{FALLBACK_HINT} [{problem.strip() or 'invalid YAML'}]"


def _quoted(value: str) -> str:
    """`value` as YAML reads it back, in the quotes it needs; a long one cut short, for the example."""
    shown = value if len(value) <= 60 else value[:50].rstrip() + "…"
    if '"' not in value:
        return f'"{shown}"'
    if "'" not in value:
        return f"'{shown}'"
    return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value(text: str) -> str:
    """What follows `key: ` or `- ` on a line."""
    match = VALUE.match(text)
    return match.group("value").strip() if match else text.strip()


def _tab(text: str, *, anywhere: bool) -> int | None:
    """The column (from 1) of a tab in the line's indentation, or anywhere when YAML names the tab."""
    indent = len(text) - len(text.lstrip(" \t"))
    at = text.find("\t", 0, None if anywhere else indent)
    return at + 1 if at >= 0 else None
