from __future__ import annotations

from sitegen.reference import reference
from sitegen.translations import RULE
from tests.conftest import PROJECT


def test_readme_holds_the_reference_generated_from_the_schemas() -> None:
    assert reference() in (PROJECT / "README.md").read_text(encoding="utf-8")


def test_the_guides_state_the_translation_rule_in_the_same_words() -> None:
    assert RULE in reference()
    assert RULE in (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
