"""The engine's environment: built-in templates found from a clone, and a cache key that covers every package
whose version can change a built byte."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

import pytest
from packaging.requirements import Requirement

from sitegen import environment
from tests.conftest import PROJECT

# Runtime packages that cannot change a built byte: the dev server's, and what they install.
NOT_OUTPUT = {"livereload", "tornado", "six", "typing-extensions"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure() -> set[str]:
    """pyproject.toml's dependencies and everything they install, as installed here."""
    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    todo = [Requirement(line).name for line in declared]
    found: set[str] = set()
    while todo:
        name = _normal(todo.pop())
        if name in found:
            continue
        found.add(name)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


def locked() -> dict[str, str]:
    text = (PROJECT / "requirements.lock").read_text(encoding="utf-8")
    return {_normal(name): version for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


def test_the_key_names_every_runtime_package_but_the_dev_servers() -> None:
    assert set(environment.OUTPUT_PACKAGES) | NOT_OUTPUT == runtime_closure()
    assert not set(environment.OUTPUT_PACKAGES) & NOT_OUTPUT


def test_the_lock_pins_every_runtime_package_at_the_version_in_use() -> None:
    pins = locked()
    for name in runtime_closure():
        assert pins.get(name) == importlib.metadata.version(name), name


def test_another_markupsafe_changes_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = environment.versions()
    real = importlib.metadata.version
    monkeypatch.setattr(
        environment.importlib.metadata, "version", lambda name: "0.0" if name == "markupsafe" else real(name)
    )
    after = environment.versions()
    assert [v for v in after if v not in before] == ["markupsafe=0.0"]


def test_run_from_a_clone_the_built_in_files_are_the_clones() -> None:
    assert environment.BUILTIN == PROJECT
    assert (environment.BUILTIN / "templates" / "base.html").is_file()
    assert (environment.BUILTIN / "assets" / "style.css").is_file()
