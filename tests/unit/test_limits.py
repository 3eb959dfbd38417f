"""The body scan: each shape that exhausts Python's stack or takes minutes in Python-Markdown is caught
beyond its limit, and ordinary writing, however long, never is."""

from __future__ import annotations

import time

import pytest

from sitegen.limits import check_body
from sitegen.markup import Markup


def found(body: str) -> list[str]:
    return [str(problem) for problem in check_body("a.md", body, 10)]


def nested_list(levels: int) -> str:
    return "\n" + "".join("    " * level + "- x\n" for level in range(levels))


def test_nesting_and_emphasis_are_allowed_to_fifty_levels_and_no_further() -> None:
    assert found(nested_list(50)) == found("*a " * 50 + "x" + " a*" * 50) == found("> " * 50 + "x") == []
    assert found(nested_list(51)) == [
        "a.md:61: body: lists or quotes nested 51 levels deep, more than 50 (flatten them)"
    ]
    assert found("\n" + "> " * 51 + "x") == [
        "a.md:11: body: lists or quotes nested 51 levels deep, more than 50 (flatten them)"
    ]
    assert found("\n" + "*a " * 51 + "x" + " a*" * 51) == [
        "a.md:11: body: emphasis (* or _) nested 51 levels deep, more than 50"
        r" (close each * and _ you open; write \* or \_ for a literal one)"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "<a " * 50_000,  # each '<' scanned to the end: 50,000 of them
        "[a](" * 50_000,  # each '(' after ']' scanned for its ')'
        "[a][" * 20_000,  # reference links
        "[^" * 20_000,  # footnote references
    ],
    ids=["angle", "link-target", "reference", "footnote"],
)
def test_brackets_left_open_by_the_thousand_are_caught(body: str) -> None:
    assert found("\nFirst paragraph.\n\n" + body) == [
        "a.md:13: body: brackets ([ ] ( ) < >) in this paragraph are left open or nested too deeply to convert"
        r" (close each bracket you open, write \[ or \< for a literal one, or split the paragraph)"
    ]


def test_headings_and_rules_without_blank_lines_between_and_too_many_headings_are_caught() -> None:
    assert found("\n" + "* * *\n" * 2000) == [
        "a.md:11: body: too many headings or rules follow each other without a blank line"
        " (put a blank line before and after each heading and rule)"
    ]
    assert found("\n" + "".join(f"## Part {n}\n\nText.\n\n" for n in range(1001))) == [
        "a.md:11: body: has 1001 headings, more than 1000 (split it into several files)"
    ]


def test_long_ordinary_writing_passes_and_converts_quickly() -> None:
    link = "[the decree](https://adilet.zan.kz/rus/docs/U2200000001) of 2022 (see **Article 5**, `snake_case`)"
    table = "| court | cases |\n|---|---|\n" + "".join(f"| **Court {n}** | {n} * 2 < {n + 3} |\n" for n in range(1000))
    bodies = [
        " ".join([link] * 500),  # one paragraph with 500 links
        table,
        r"Literal stars \* and underscores \_ " * 500,
        "\n\n".join(f"## Section {n}\n\n- a\n    - b\n        - c\n\n> quoted [x](https://x.org)" for n in range(300)),
    ]
    markup = Markup()
    for body in bodies:
        assert found(body) == []
        start = time.perf_counter()
        markup.render(body)
        assert time.perf_counter() - start < 5
