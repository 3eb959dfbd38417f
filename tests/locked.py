"""requirements.lock read back: its pins, and the part of it a site's build needs (pyproject.toml's
dependencies and everything they install, not the test tools)."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from packaging.requirements import Requirement

from tests.conftest import PROJECT

LOCK = PROJECT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)", re.M)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure() -> set[str]:
    """pyproject.toml's dependencies and everything they install, as installed here."""
    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    todo = [Requirement(line).name for line in declared]
    found: set[str] = set()
    while todo:
        name = normal(todo.pop())
        if name in found:
            continue
        found.add(name)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


def pins() -> dict[str, str]:
    return {normal(name): version for name, version in PIN.findall(LOCK.read_text(encoding="utf-8"))}


def runtime_lock() -> str:
    """The lock's entries (pin, hashes, comments) for the runtime packages only."""
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    wanted = runtime_closure()
    kept = [block for block in blocks if (pin := PIN.match(block)) and normal(pin[1]) in wanted]
    assert len(kept) == len(wanted), "the lock lacks a runtime package"
    return "\n".join(kept) + "\n"
