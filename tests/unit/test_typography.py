"""Numbers a line must not break: spaced digit groups and hyphenated suffixes stay whole, as written."""

from __future__ import annotations

import pytest

from sitegen.markup import Markup
from sitegen.typography import unbroken_numbers
from tests.html_tree import parse_html


def kept_whole(html: str) -> list[str]:
    return ["".join(map(str, span.children)) for span in parse_html(html).find_all("span", "nowrap")]


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("6 163 863-і «иә» деп", ["6 163 863-і"]),
        ("11 734 642 азаматтың 7 985 769-ы (68,05%)", ["11 734 642", "7 985 769-ы"]),
        ("қатысушылардың 77,18%-ы", ["77,18%-ы"]),
        ("12-орын and Law No. 231-V", ["12-орын", "231-V"]),
        ("1\u00a0490\u00a0470 и 205\u202f924", ["1\u00a0490\u00a0470", "205\u202f924"]),
        ("6,163,516 of 7,985,769 on 2022-06-05, 17 regions, Article 27-1, COVID-19", []),
        ("in 2021 100 courts", []),
    ],
)
def test_numbers_that_could_wrap_are_kept_whole_in_bodies(text: str, whole: list[str]) -> None:
    rendered = Markup().render(text)
    assert kept_whole(rendered.html) == whole
    assert parse_html(rendered.html).text == text.replace("\u00a0", " ").replace("\u202f", " ")
    assert rendered.removed == ()


def test_code_and_link_addresses_keep_their_numbers_as_they_are() -> None:
    html = Markup().render("`6 163 863-і` and [12-орын](https://example.org/12-орын)").html
    assert kept_whole(html) == ["12-орын"]  # the link's text, not its address or the code
    assert "<code>6 163 863-і</code>" in html


def test_a_summary_keeps_its_numbers_whole_and_the_rest_escaped() -> None:
    assert str(unbroken_numbers("77,18%-ы <b> & 1 490 470-і")) == (
        '<span class="nowrap">77,18%-ы</span> &lt;b&gt; &amp; <span class="nowrap">1 490 470-і</span>'
    )
