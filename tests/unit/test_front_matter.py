"""Front matter split by hand: the same fields and body as python-frontmatter gave, and a problem where it raised."""

from __future__ import annotations

import itertools
from pathlib import Path

import frontmatter
import pytest

from sitegen.front_matter import read_front_matter
from tests.conftest import PROJECT


def problems(text: str) -> list[str]:
    return [str(problem) for problem in read_front_matter("a.md", text)[1]]


@pytest.mark.parametrize("path", sorted((PROJECT / "content").rglob("*.md")), ids=lambda p: p.name)
def test_every_bundled_file_splits_as_python_frontmatter_split_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    front, found = read_front_matter(path.name, text)
    assert front is not None and found == []
    _, body = frontmatter.YAMLHandler().split(text)
    assert front.body == body
    assert list(front.data) == list(frontmatter.loads(text).metadata)


@pytest.mark.parametrize("text", ["---", "---\n", "---\ntitle: A\ndate: 2021\n\nThe body.\n", "----  \ntitle: A"])
def test_front_matter_without_its_closing_line_is_a_problem_at_the_opening_line(text: str) -> None:
    assert problems(text) == [
        "a.md:1: front matter has no closing '---' (end the fields with a line '---' before the body)"
    ]


def test_lines_count_from_the_file_and_the_body_starts_after_the_closing_line() -> None:
    front, found = read_front_matter("a.md", "---\ntitle: A\nsources:\n  - title: S\n---  \nThe body.\n")
    assert front is not None and found == []
    assert front.lines[("title",)] == 2
    assert front.lines[("sources", 0, "title")] == 4
    assert front.body == "\nThe body.\n"
    assert front.body_line == 5  # the body's first character, the closing line's newline, is on line 5


def test_an_empty_front_matter_is_an_empty_table() -> None:
    front, found = read_front_matter("a.md", "---\n---\nBody.\n")
    assert front is not None and front.data == {} and found == []


def test_an_alias_bomb_is_refused_before_anything_is_expanded() -> None:
    levels = "abcdefghi"
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{name}: &{name} [{','.join(['*' + below] * 9)}]\n" for below, name in itertools.pairwise(levels)
    )
    assert len(bomb) < 600  # nine levels: 9**9 strings, some 40 GB once expanded
    assert problems("---\n" + bomb + "---\n") == [
        "a.md:3: YAML aliases (*a) are not allowed in front matter (write the value out)"
    ]


def test_a_merge_key_is_an_alias_too() -> None:
    assert problems("---\nbase: &b {title: A}\nentry:\n  <<: *b\n---\n") == [
        "a.md:4: YAML aliases (*b) are not allowed in front matter (write the value out)"
    ]


def test_a_star_or_ampersand_in_text_is_only_text() -> None:
    front, found = read_front_matter("a.md", '---\ntitle: "Courts & judges: *new* rules"\n---\n')
    assert front is not None and found == [] and front.data == {"title": "Courts & judges: *new* rules"}


def test_a_control_character_is_located_even_after_non_ascii_text() -> None:
    assert problems("---\ntitle: Сот ісі\nsummary: a\x00b\n---\n") == [
        "a.md:3: holds the character U+0000, which YAML does not allow"
        " (delete it; such characters often come with pasted text)"
    ]


def test_nesting_past_what_any_field_needs_is_a_problem_not_a_recursion_error() -> None:
    assert problems("---\ntitle: " + "[" * 990 + "]" * 990 + "\n---\n") == [
        "a.md:2: title[1][1][1][1][1][1][1][1][1][1]: is nested too deeply (fields hold text, lists or lists of fields)"
    ]


def test_a_bare_number_is_marked_and_quoted_digits_or_dates_are_plain_text() -> None:
    text = "---\na: 2019\nb: '2019'\nc: \"12\"\nd: 2019-06\ne: 1.5\nf: null\ng: ~\n---\n"
    front, problems = read_front_matter("x.md", text)
    assert problems == [] and front is not None
    kinds = {key: type(value).__name__ for key, value in front.data.items()}
    assert kinds == {
        "a": "Numeral",
        "b": "str",
        "c": "str",
        "d": "str",
        "e": "Numeral",
        "f": "NoneType",
        "g": "NoneType",
    }
