"""The engine's environment: built-in templates found from a clone, and a cache key that covers every package
whose version can change a built byte."""

from __future__ import annotations

import importlib.metadata

import pytest

from sitegen import environment
from tests.conftest import PROJECT
from tests.locked import pins, runtime_closure

# Runtime packages that cannot change a built byte: the dev server's, and what they install.
NOT_OUTPUT = {"livereload", "tornado", "six", "typing-extensions"}


def test_the_key_names_every_runtime_package_but_the_dev_servers() -> None:
    assert set(environment.OUTPUT_PACKAGES) | NOT_OUTPUT == runtime_closure()
    assert not set(environment.OUTPUT_PACKAGES) & NOT_OUTPUT


def test_the_lock_pins_every_runtime_package_at_the_version_in_use() -> None:
    locked = pins()
    for name in runtime_closure():
        assert locked.get(name) == importlib.metadata.version(name), name


def test_another_markupsafe_changes_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = environment.versions()
    real = importlib.metadata.version
    monkeypatch.setattr(
        environment.importlib.metadata, "version", lambda name: "0.0" if name == "markupsafe" else real(name)
    )
    environment.versions.cache_clear()  # another install is another process: versions are read once per process
    after = environment.versions()
    environment.versions.cache_clear()
    assert [v for v in after if v not in before] == ["markupsafe=0.0"]


def test_run_from_a_clone_the_built_in_files_are_the_clones() -> None:
    assert environment.BUILTIN == PROJECT
    assert (environment.BUILTIN / "templates" / "base.html").is_file()
    assert (environment.BUILTIN / "assets" / "style.css").is_file()
