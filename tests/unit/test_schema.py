from __future__ import annotations

from typing import Any

import pytest

from sitegen.content import PartialDate
from sitegen.fields import INVALID, Field, Numeral, Schema, field_label
from sitegen.schema import Bool, DateField, ListOf, Slug, Text, Url


def parse(kind: Any, value: Any) -> tuple[Any, list[str]]:
    messages: list[str] = []
    result = kind.parse(value, ("x",), lambda at, m, h: messages.append(m))
    return result, messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", PartialDate(2019)),
        ("2022-06", PartialDate(2022, 6)),
        ("2021-07-01", PartialDate(2021, 7, 1)),
        ("2024-02-29", PartialDate(2024, 2, 29)),
    ],
)
def test_dates_keep_the_precision_they_were_written_with(text: str, expected: PartialDate) -> None:
    assert parse(DateField(), text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021-02-30", "2021-02-30 is not a real day"),
        ("2023-02-29", "2023-02-29 is not a real day"),
        ("2021-13", "2021-13 has no month 13"),
        ("July 2021", "'July 2021' is not a date"),
        ("21-07-01", "'21-07-01' is not a date"),
    ],
)
def test_impossible_or_malformed_dates_are_reported(text: str, message: str) -> None:
    assert parse(DateField(), text) == (INVALID, [message])


def test_partial_dates_sort_year_before_month_before_day() -> None:
    dates = [PartialDate(2021, 7, 1), PartialDate(2021), PartialDate(2021, 7), PartialDate(2020, 12, 31)]
    assert sorted(dates, key=lambda d: d.sort_key) == [
        PartialDate(2020, 12, 31),
        PartialDate(2021),
        PartialDate(2021, 7),
        PartialDate(2021, 7, 1),
    ]
    assert PartialDate(2021, 2).last_day().isoformat() == "2021-02-28"
    assert PartialDate(2021).iso == "2021"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/x", "example.org/x", "/relative", "https://"]
)
def test_only_absolute_http_urls_pass(url: str) -> None:
    assert parse(Url(), url)[0] is INVALID


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("https://adilet.zan.kz/rus/docs/K2000000350", "https://adilet.zan.kz/rus/docs/K2000000350"),
        ('https://example.com/x?a=1&b="2"', "https://example.com/x?a=1&b=%222%22"),
        ("https://example.com/a b/c d", "https://example.com/a%20b/c%20d"),
        ("https://example.com/<x>?q=`y`&r=^|\\", "https://example.com/%3Cx%3E?q=%60y%60&r=%5E%7C%5C"),
        ("https://example.com/?q=[1]{2}", "https://example.com/?q=%5B1%5D%7B2%7D"),
        ("https://kk.wikipedia.org/wiki/Жоғарғы_Сот", "https://kk.wikipedia.org/wiki/Жоғарғы_Сот"),
        ("https://example.com/%D0%B0%20b", "https://example.com/%D0%B0%20b"),
        ("https://example.com/100%?x=%g1", "https://example.com/100%25?x=%25g1"),
        ("https://example.com/p#a#b", "https://example.com/p#a%23b"),
        ("https://президент.рф/новости", "https://президент.рф/новости"),
        ("https://example.com/a\u00a0b", "https://example.com/a%C2%A0b"),
        ("http://[::1]:8080/x y", "http://[::1]:8080/x%20y"),
    ],
)
def test_urls_keep_what_they_say_with_characters_a_url_may_not_hold_percent_encoded(url: str, normalised: str) -> None:
    assert parse(Url(), url) == (normalised, [])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://exa mple.com/x", "'https://exa mple.com/x' has an invalid host name 'exa mple.com'"),
        ('https://exa"mple.com/', "'https://exa\"mple.com/' has an invalid host name 'exa\"mple.com'"),
        ("https://example.com:http/", "'https://example.com:http/' has an invalid host or port"),
        ("https://[nope]/", "'https://[nope]/' has an invalid host or port"),
        ("https:/example.com", "'https:/example.com' is not an http(s) URL"),
    ],
)
def test_an_address_whose_host_cannot_be_repaired_is_reported(url: str, message: str) -> None:
    assert parse(Url(), url) == (INVALID, [message])


def test_slugs_are_plain_names() -> None:
    assert parse(Slug(), "new-courts-2021") == ("new-courts-2021", [])
    for bad in ("../x", "New", "a_b", "a--b", "-a"):
        assert parse(Slug(), bad)[0] is INVALID


def test_a_single_category_may_be_written_without_brackets() -> None:
    assert parse(ListOf(Slug(), "a list of category slugs", min_items=1), "courts") == (("courts",), [])
    assert parse(ListOf(Slug(), "a list of category slugs", min_items=1), {"a": 1})[1] == [
        "must be a list of category slugs, not a table of keys"
    ]


def test_booleans_accept_yaml_words() -> None:
    assert parse(Bool(), "true") == (True, [])
    assert parse(Bool(), "no") == (False, [])
    assert parse(Bool(), "maybe")[0] is INVALID


def test_field_labels_count_list_items_from_one() -> None:
    assert field_label(("sources", 1, "url")) == "sources[2].url"
    assert field_label(("site", "languages", 0)) == "site.languages[1]"


def test_a_key_left_empty_takes_its_default() -> None:
    """`draft:` or `corrections:` with nothing after it: as if left out, not a missing value."""
    schema = Schema(Field("draft", Bool(), default=False), Field("corrections", ListOf(Bool(), "a list"), default=()))
    messages: list[str] = []
    values = schema.parse({"draft": None, "corrections": ""}, (), lambda at, m, h: messages.append(m))
    assert (values, messages) == ({"draft": False, "corrections": ()}, [])


@pytest.mark.parametrize("value", [2019, 1.5, Numeral("2019"), Numeral("-0.5"), Numeral("1e3")])
def test_a_number_where_text_is_expected_is_refused_with_the_quoted_form(value: Any) -> None:
    hints: list[str | None] = []
    assert Text().parse(value, ("title",), lambda at, m, h: hints.append(f"{m} ({h})")) is INVALID
    assert hints == [f'must be text, not a number (write it in quotes: "{value}")']


def test_quoted_digits_are_text_and_a_slug_or_date_may_be_digits() -> None:
    assert parse(Text(), "2019") == ("2019", [])
    assert parse(Slug(), Numeral("2019")) == ("2019", [])
    assert parse(DateField(), Numeral("2019")) == (PartialDate(2019), [])
