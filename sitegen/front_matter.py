"""Front matter: the YAML between the first two `---` lines, as plain values with their lines.

Split by hand rather than with python-frontmatter, whose splitter raises on a
missing closing line; a half-written file must give a problem, never a
traceback. YAML anchors and aliases are refused before anything is expanded:
a few hundred bytes of nested aliases would otherwise expand to gigabytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Problem
from .fields import Numeral, Path, field_label
from .yaml_errors import explain

# Every scalar stays text (no implicit dates or numbers); LibYAML's parser when present, it is ~10x faster.
YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
LIBYAML = YAML_LOADER is not yaml.BaseLoader  # its error positions count bytes of UTF-8, not characters
FENCE = re.compile(r"^-{3,}[^\S\n]*$", re.M)  # a line of three or more hyphens, as python-frontmatter reads it
# What YAML 1.2's core schema reads as a number (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
YAML_NUMBER_RE = re.compile(
    r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
MAX_DEPTH = 10  # front matter holds text, lists and lists of fields: three levels at most


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: Any  # a dict when the YAML is a table of keys; the schema reports anything else
    lines: dict[Path, int]  # the line of each key and list item
    body: str
    body_line: int  # the body's first character is on this line (the closing '---' line's end)


def read_front_matter(rel: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """The file's fields and body; None when the front matter cannot be read, with the reason."""
    if not text.strip():
        return None, [Problem(rel, 1, None, "the file is empty", "start it with front matter between --- lines")]
    opening = FENCE.match(text)
    if not opening:
        return None, [_no_opening(rel, text)]
    closing = FENCE.search(text, opening.end())
    if not closing:
        hint = "end the fields with a line '---' before the body"
        return None, [Problem(rel, 1, None, "front matter has no closing '---'", hint)]
    source = text[opening.end() : closing.start()]  # starts with the opening line's end: YAML line n is file line n+1
    problems: list[Problem] = []
    node = _compose(rel, source, problems)
    if problems:
        return None, problems
    lines: dict[Path, int] = {}
    data = _to_python(node, (), lines, problems, rel) if node is not None else {}
    body_line = text.count("\n", 0, closing.start()) + 1
    return FrontMatter(data, lines, text[closing.end() :], body_line), problems


def _no_opening(rel: str, text: str) -> Problem:
    """A file that does not start with '---': most often a blank line or spaces crept in before it."""
    start = text.lstrip()
    if FENCE.match(start):
        before = "blank line(s)" if "\n" in text[: len(text) - len(start)] else "spaces"
        return Problem(rel, 1, None, "the first line must be '---'", f"remove the {before} before it")
    hint = "start the file with a line '---', the fields, then another '---'"
    return Problem(rel, 1, None, "has no front matter", hint)


def _compose(rel: str, source: str, problems: list[Problem]) -> yaml.Node | None:
    try:
        if "&" in source or "*" in source:  # only then can there be anchors or aliases
            named = [event for event in yaml.parse(source, Loader=YAML_LOADER) if getattr(event, "anchor", None)]
            if named:  # an alias is what expands; an anchor alone is reported when there is none
                event = next((e for e in named if isinstance(e, yaml.AliasEvent)), named[0])
                what = "aliases (*" if isinstance(event, yaml.AliasEvent) else "anchors (&"
                message = f"YAML {what}{event.anchor}) are not allowed in front matter"
                problems.append(Problem(rel, event.start_mark.line + 1, None, message, "write the value out"))
                return None
        return yaml.compose(source, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as error:
        line, message, hint = explain(error, source)
        problems.append(Problem(rel, line + 1 if line is not None else None, None, message, hint))
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as a control character
        before = source.encode()[: error.position].decode(errors="ignore") if LIBYAML else source[: error.position]
        line = before.count("\n") + 1
        message = f"holds the character U+{error.character:04X}, which YAML does not allow"
        problems.append(Problem(rel, line, None, message, "delete it; such characters often come with pasted text"))
    return None


def _to_python(node: yaml.Node, at: Path, lines: dict[Path, int], problems: list[Problem], rel: str) -> Any:
    """YAML nodes to plain values, scalars kept as text (a bare number as a Numeral), each path's line noted."""
    lines[at] = node.start_mark.line + 1
    if len(at) > MAX_DEPTH:
        problems.append(
            Problem(
                rel, lines[at], field_label(at), "is nested too deeply", "fields hold text, lists or lists of fields"
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                problems.append(
                    Problem(rel, key_node.start_mark.line + 1, field_label((*at, key)), "appears twice", "keep one")
                )
            value = _to_python(value_node, (*at, key), lines, problems, rel)
            lines[(*at, key)] = key_node.start_mark.line + 1
            out[key] = value
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*at, i), lines, problems, rel) for i, item in enumerate(node.value)]
    plain = not node.style  # written without quotes: None from PyYAML's parser, "" from LibYAML's
    if node.tag == "tag:yaml.org,2002:null" or (plain and node.value in ("", "~", "null")):
        return None
    return Numeral(node.value) if plain and YAML_NUMBER_RE.match(node.value) else node.value
