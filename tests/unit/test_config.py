"""site.toml read from a folder: every key checked, defaults from the schemas, problems as lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import TABLES, load_config, toml_lines
from sitegen.errors import SiteError
from tests.conftest import SITE_TOML


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    (tmp_path / "site.toml").write_bytes(text.encode(encoding))
    return tmp_path


def problems(tmp_path: Path, text: str, base_url: str | None = None) -> list[str]:
    with pytest.raises(SiteError) as error:
        load_config(write(tmp_path, text), base_url)
    return [str(problem) for problem in error.value.problems]


def test_keys_left_out_take_the_schemas_defaults(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, SITE_TOML))
    assert warnings == ()
    for table, (prefix, schema) in TABLES.items():
        for field in schema:
            if table != "site" or field.name in ("order", "cname"):
                assert getattr(config, prefix + field.name) == field.default, f"[{table}] {field.name}"
    assert (config.page_size, config.feed_size, config.search_part_size, config.sources_cache_days) == (
        300,
        50,
        1000,
        7,
    )


def test_each_table_fills_its_own_fields(tmp_path: Path) -> None:
    text = (
        SITE_TOML
        + "\n[timeline]\npage_size = 20\nfeed_size = 5\n\n[search]\npart_size = 10\n\n[sources]\ncache_days = 0\n"
    )
    config, _ = load_config(write(tmp_path, text))
    assert (config.page_size, config.feed_size, config.search_part_size, config.sources_cache_days) == (20, 5, 10, 0)
    assert [c.slug for c in config.categories] == ["courts", "rights"]
    assert config.categories[1].color == "#8a3b12"  # the second colour of the default palette
    assert config.categories[1].description == ""


def test_cname_is_the_address_when_base_url_is_absent_and_the_option_wins_over_both(tmp_path: Path) -> None:
    text = SITE_TOML.replace('base_url = "https://example.org/reform/"', 'cname = "Reform.Example.kz"')
    config, _ = load_config(write(tmp_path, text))
    assert (config.cname, config.base_url, config.base_path) == ("reform.example.kz", "https://reform.example.kz/", "/")
    config, _ = load_config(tmp_path, "https://owner.github.io/repo")
    assert (config.base_url, config.base_path) == ("https://owner.github.io/repo/", "/repo/")


def test_without_an_address_links_are_relative_and_a_warning_says_how_to_give_one(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, SITE_TOML.replace('base_url = "https://example.org/reform/"\n', "")))
    assert (config.base_url, config.base_path) == (None, "/")
    assert [str(w).split(" (")[0][:47] for w in warnings] == ["site.toml:1: warning: site.base_url: not given,"]


def test_every_problem_is_one_line_with_its_key_and_line(tmp_path: Path) -> None:
    text = SITE_TOML.replace('languages = ["en"]', 'languages = []\ntitel = "x"') + "\n[timeline]\npage_size = 0\n"
    assert problems(tmp_path, text) == [
        "site.toml:5: site.languages: needs at least 1 item",
        "site.toml:6: site.titel: unknown key (did you mean 'title'?)",
        "site.toml:16: timeline.page_size: must be a whole number above zero, not '0'",
    ]


def test_a_number_for_text_asks_for_quotes(tmp_path: Path) -> None:
    text = SITE_TOML.replace('title = "Rights"', "title = 42")
    assert problems(tmp_path, text) == [
        'site.toml:12: categories.rights.title: must be text, not a number (write it in quotes: "42")'
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[site\n", "site.toml:1: invalid TOML: Expected ']' at the end of a table declaration"),
        ("[site]\ntitle = 'x'\ndescription = 'y'\nlanguages = ['xx-nowhere']\n", "site.toml:4: site.languages[1]:"),
    ],
)
def test_unreadable_or_unknown_values_name_their_line(tmp_path: Path, content: str, expected: str) -> None:
    assert problems(tmp_path, content)[0].startswith(expected)


def test_a_missing_or_non_utf8_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(SiteError) as missing:
        load_config(tmp_path)
    assert str(missing.value.problems[0]) == f"site.toml: not found (create site.toml in {tmp_path})"
    write(tmp_path, '[site]\ntitle = "Réforme"\n', encoding="latin-1")
    with pytest.raises(SiteError) as latin:
        load_config(tmp_path)
    assert str(latin.value.problems[0]) == "site.toml: is not UTF-8 text (save it as UTF-8)"


def test_toml_lines_follow_arrays_of_tables_and_their_sub_tables() -> None:
    lines = toml_lines('[site]\ntitle = "x"\n\n[[eras]]\ntitle = "a"\n[eras.ru]\ntitle = "b"\n[[eras]]\ntitle = "c"\n')
    assert lines[("site", "title")] == 2
    assert (lines[("eras", 0, "title")], lines[("eras", 0, "ru", "title")], lines[("eras", 1, "title")]) == (5, 7, 9)
