"""`init`'s texts: site.toml that the schema accepts whatever the titles hold, and the engine's address for the
new site's workflow, taken from how pip installed it."""

from __future__ import annotations

import importlib.metadata
import json
import tomllib
from typing import Any

import pytest

from sitegen import __version__, newsite
from sitegen.config import parse_config, toml_lines


def test_titles_with_quotes_backslashes_and_cyrillic_survive_the_toml() -> None:
    titles = [
        ("courts", 'Courts "and" judges \\ appeals'),
        ("rights", "Права человека"),
        ("odd", "Tab\tbell\x07del\x7f"),
    ]
    text = newsite.site_toml("my_news-room", ["en", "ru"], titles)
    data = tomllib.loads(text)
    assert data["site"]["title"] == "My news room"
    assert [(slug, table["title"]) for slug, table in data["categories"].items()] == titles
    config, problems = parse_config(data, toml_lines(text))
    assert config is not None and [p for p in problems if not p.warning] == []


class _Installed:
    def __init__(self, direct_url: dict[str, Any] | None) -> None:
        self.text = json.dumps(direct_url) if direct_url else None

    def read_text(self, name: str) -> str | None:
        return self.text if name == "direct_url.json" else None


@pytest.mark.parametrize(
    ("direct_url", "line"),
    [
        (
            {"url": "https://github.com/o/r", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
            "sitegen @ git+https://github.com/o/r@abc123",
        ),
        ({"url": "file:///home/me/r", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}, f"sitegen=={__version__}"),
        ({"url": "file:///home/me/r", "dir_info": {}}, f"sitegen=={__version__}"),
        (None, f"sitegen=={__version__}"),
    ],
    ids=["public-git", "local-git", "local-folder", "no-record"],
)
def test_the_site_installs_the_engine_from_where_it_came(
    monkeypatch: pytest.MonkeyPatch, direct_url: dict[str, Any] | None, line: str
) -> None:
    monkeypatch.setattr(newsite.importlib.metadata, "distribution", lambda name: _Installed(direct_url))
    lines = newsite.requirements().splitlines()
    assert lines[-1] == line
    assert any("Replace with" in text for text in lines) == line.startswith("sitegen==")


def test_run_from_a_clone_the_engine_has_no_address(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(newsite.importlib.metadata, "distribution", missing)
    assert newsite.requirements().splitlines()[-1] == f"sitegen=={__version__}"
