"""YAML's errors are explained the same way whichever parser reads the front matter, LibYAML or PyYAML's own."""

from __future__ import annotations

import pytest
import yaml

from sitegen.front_matter import read_front_matter
from sitegen.yaml_errors import explain

LOADERS = [loader for loader in (getattr(yaml, "CBaseLoader", None), yaml.BaseLoader) if loader is not None]
STRAIGHT = "use straight quotes \" or '"

# (front matter after the opening '---' line, file line, message, hint)
CASES = [
    ("title: “Court: first ruling”\n", 2, "typographic quotes “ ” are not YAML quotes", STRAIGHT),
    ("title: ‘Court: first ruling’\n", 2, "typographic quotes ‘ ’ are not YAML quotes", STRAIGHT),
    ("title: «Суд: первое решение»\n", 2, "typographic quotes « » are not YAML quotes", STRAIGHT),
    ("sources:\n  - title: „Gericht: Urteil“\n", 3, "typographic quotes „ “ are not YAML quotes", STRAIGHT),
    ("title: A\nsources:\n\t- title: B\n", 4, "a tab at column 1", "indent with spaces"),
    ("sources:\n  - title: B\n  \t url: https://example.org/\n", 4, "a tab at column 3", "indent with spaces"),
    (
        "title: Court: first ruling\n",
        2,
        "text that holds ': ' must be in quotes",
        'put the whole text in straight quotes: "Court: first ruling"',
    ),
    (
        'title: The law "On courts": adopted\n',
        2,
        "text that holds ': ' must be in quotes",
        "put the whole text in straight quotes: 'The law \"On courts\": adopted'",
    ),
    (
        "categories: [courts\nsources:\n",
        2,
        "a list in [ ] is not closed on its line",
        "end it with ], and quote an item that holds ': '",
    ),
    (
        'title: "Court\ndate: 2021\n',
        2,
        "a quote opened on this line is not closed",
        "end the text with the same quote mark",
    ),
    (
        "title: 'The Court's ruling'\n",
        2,
        "the text goes on after its closing quote",
        "inside '…' write an apostrophe as '', or quote the whole text",
    ),
    (
        "title: A\n  date: 2021\n",
        3,
        "this line is indented more than the field above it",
        "line up each field with the one above",
    ),
    (
        "sources:\n  - title: A\n   url: https://example.org/\n",
        4,
        "this line does not line up with the fields above it",
        "indent a list item's fields as far as its first",
    ),
    (
        "title: A\n- title: B\n",
        3,
        "a list item where a field was expected",
        "indent the list under its field, e.g. '  - title: ...'",
    ),
    ("title: @court\n", 2, "a value cannot start with @", 'put the text in straight quotes: "…"'),
    ("title: {Court\n", 2, "a { is not closed on its line", "put text that starts with { in straight quotes"),
]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize(("source", "line", "message", "hint"), CASES, ids=[c[0][:24] for c in CASES])
def test_each_mistake_is_explained_at_its_line_by_either_parser(
    loader: type, source: str, line: int, message: str, hint: str
) -> None:
    text = "\n" + source  # as front_matter passes it: the opening line's end first, so YAML line n is file line n+1
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=loader)
    found, said, fix = explain(caught.value, text)
    assert (found + 1 if found is not None else None, said, fix) == (line, message, hint)


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_anything_else_is_explained_first_with_yamls_words_after_it_in_brackets(loader: type) -> None:
    text = "\ntitle: A\nsummary: ]\n"
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=loader)
    line, message, hint = explain(caught.value, text)
    assert (line, message) == (2, "the fields cannot be read as YAML here")
    reason = caught.value.problem
    assert (
        hint == f"check quotes, colons and indentation; quote text that contains ': ' or starts with a quote [{reason}]"
    )


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("\n---\ntitle: A\n---\n", "remove the blank line(s) before it"),
        (" \n\n---\ntitle: A\n---\n", "remove the blank line(s) before it"),
        ("  ---\ntitle: A\n---\n", "remove the spaces before it"),
    ],
)
def test_something_before_the_first_fence_is_named(text: str, hint: str) -> None:
    front, problems = read_front_matter("content/entries/a.md", text)
    assert front is None
    assert [str(p) for p in problems] == [f"content/entries/a.md:1: the first line must be '---' ({hint})"]
