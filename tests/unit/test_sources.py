"""sources.py without the network: settings from the environment, the cache file, `[sources]` in site.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen import sources
from sitegen.config import load_config, parse_config, toml_lines
from sitegen.errors import SiteError
from sitegen.probe import DEAD, FINE, Answer
from tests.conftest import SITE_TOML, make_site

NOW = 1_750_000_000.0
WEEK = 7 * 86400


def config_with(table: str) -> tuple[object, list[str]]:
    import tomllib

    text = SITE_TOML + table
    config, problems = parse_config(tomllib.loads(text), toml_lines(text))
    return config, [str(p) for p in problems]


def test_cache_days_defaults_to_a_week_and_zero_turns_the_cache_off() -> None:
    assert config_with("")[0].sources_cache_days == 7  # type: ignore[union-attr]
    assert config_with("\n[sources]\ncache_days = 0\n")[0].sources_cache_days == 0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("cache_days = -1", "site.toml:15: sources.cache_days: must be a whole number, 0 or more, not '-1'"),
        ('cache_days = "7"', "site.toml:15: sources.cache_days: must be a whole number, 0 or more, not '7'"),
        ("cache_dys = 7", "site.toml:15: sources.cache_dys: unknown key (did you mean 'cache_days'?)"),
    ],
)
def test_a_wrong_cache_days_is_a_problem_with_its_line(table: str, problem: str) -> None:
    assert config_with(f"\n[sources]\n{table}\n") == (None, [problem])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        '{"format": "sitegen-sources-1", "answers": {"',
        '["a list"]',
        '{"format": "other", "answers": {}}',
        '{"format": "sitegen-sources-1", "answers": []}',
    ],
    ids=["empty", "text", "cut-short", "a-list", "foreign", "answers-a-list"],
)
def test_a_corrupt_or_foreign_cache_is_no_cache(tmp_path: Path, text: str) -> None:
    path = tmp_path / "sources.json"
    path.write_text(text, encoding="utf-8")
    assert sources._read_cache(path, NOW, WEEK) == {}


def test_only_fresh_well_formed_answers_are_read(tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    answers = {
        "https://a.example/fresh": {"at": NOW - 60, "message": "200 OK", "verdict": FINE},
        "https://a.example/old": {"at": NOW - WEEK - 60, "message": "200 OK", "verdict": FINE},
        "https://a.example/future": {"at": NOW + 3600, "message": "200 OK", "verdict": FINE},
        "https://a.example/odd-verdict": {"at": NOW, "message": "200 OK", "verdict": "great"},
        "https://a.example/no-time": {"message": "404 Not Found", "verdict": DEAD},
        "https://a.example/true-time": {"at": True, "message": "404 Not Found", "verdict": DEAD},
    }
    path.write_text(json.dumps({"format": "sitegen-sources-1", "answers": answers}), encoding="utf-8")
    assert sources._read_cache(path, NOW, WEEK) == {"https://a.example/fresh": (Answer(FINE, "200 OK"), NOW - 60)}


def test_the_cache_file_is_deterministic(tmp_path: Path) -> None:
    answers = {
        "https://b.example/": (Answer(DEAD, "410 Gone"), NOW),
        "https://a.example/": (Answer(FINE, "200 OK"), NOW),
    }
    sources._write_cache(tmp_path / "one.json", answers)
    sources._write_cache(tmp_path / "two.json", dict(reversed(answers.items())))
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert list(json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))["answers"]) == [
        "https://a.example/",
        "https://b.example/",
    ]


def test_settings_from_the_environment(tmp_path: Path) -> None:
    config, _ = load_config(make_site(tmp_path, {}))
    settings, api, problem = sources.settings_from_environment(
        {"SITEGEN_SOURCES_TIMEOUT": "2.5", "SITEGEN_SOURCES_DELAY": "0", "SITEGEN_WAYBACK_API": "http://127.0.0.1:9/a"},
        config,
    )
    assert (settings.timeout, settings.delay, api, problem) == (2.5, 0.0, "http://127.0.0.1:9/a", None)
    settings, api, problem = sources.settings_from_environment({}, config)
    assert (settings.timeout, settings.delay, settings.retries, api) == (
        10.0,
        1.0,
        2,
        "https://archive.org/wayback/available",
    )
    assert sources.settings_from_environment({"SITEGEN_WAYBACK_API": "archive.org"}, config)[2] == (
        "SITEGEN_WAYBACK_API: 'archive.org' is not an http(s) address"
    )


def test_hosts_are_dealt_into_lanes_longest_first() -> None:
    urls = [f"https://a.example/{n}" for n in range(5)] + ["https://b.example/1"]
    assert sources._lanes(urls, 2) == [
        ["https://a.example/0", "https://a.example/2", "https://a.example/4"],
        ["https://a.example/1", "https://a.example/3"],
        ["https://b.example/1"],
    ]


def test_translations_carry_no_addresses_and_pages_none(tmp_path: Path) -> None:
    toml = (
        SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru"]')
        + '\n[categories.courts.ru]\ntitle = "Суды"\n'
    )
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-a.md": "---\ntitle: A\ndate: 2021\ncategories: [courts]\nsources:\n"
            "  - title: S\n    url: https://example.org/a\n    archived_url: https://example.org/copy\n---\nB.\n",
            "content/entries/2021-a.ru.md": "---\ntitle: А\nsources:\n  - title: С\n---\nТ.\n",
            "content/pages/about.md": "---\ntitle: About\n---\n[a link](https://example.org/page)\n",
        },
        toml=toml,
    )
    config, _ = load_config(root)
    links = sources.collect_links(root, config)
    assert [(link.path, link.line, link.label, link.url) for link in links] == [
        ("content/entries/2021-a.md", 7, "sources[1].url", "https://example.org/a"),
        ("content/entries/2021-a.md", 8, "sources[1].archived_url", "https://example.org/copy"),
    ]


def test_content_mistakes_stop_before_any_request(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/entries/2021-a.md": "---\ntitle: A\ndate: 2021\n---\nB.\n"})
    config, _ = load_config(root)
    with pytest.raises(SiteError) as error:
        sources.collect_links(root, config)
    assert [p.field for p in error.value.problems] == ["categories", "sources"]
