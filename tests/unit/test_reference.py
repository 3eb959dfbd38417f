from __future__ import annotations

from sitegen.reference import reference
from tests.conftest import PROJECT


def test_readme_holds_the_reference_generated_from_the_schemas() -> None:
    assert reference() in (PROJECT / "README.md").read_text(encoding="utf-8")
