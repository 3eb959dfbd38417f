from __future__ import annotations

import importlib
import pkgutil

import sitegen
from sitegen.fields import Schema
from sitegen.reference import REGISTRY, reference
from sitegen.translations import RULE
from tests.conftest import PROJECT


def test_readme_holds_the_reference_generated_from_the_schemas() -> None:
    assert reference() in (PROJECT / "README.md").read_text(encoding="utf-8")


def test_the_guides_state_the_translation_rule_in_the_same_words() -> None:
    assert RULE in reference()
    assert RULE in (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_every_schema_a_writer_fills_in_is_in_the_registry() -> None:
    """A schema declared in any module of the engine is in the README's reference, unless it is only part of one."""
    registered = {id(schema) for _, schema, _ in REGISTRY}
    declared = {}
    for module in pkgutil.iter_modules(sitegen.__path__):
        for name, value in vars(importlib.import_module(f"sitegen.{module.name}")).items():
            if isinstance(value, Schema):
                declared[f"{module.name}.{name}"] = value
    assert "load.PAGE_TRANSLATION_SCHEMA" in declared and "texts.LANGUAGE_TEXT_SCHEMA" in declared
    assert [name for name, schema in declared.items() if id(schema) not in registered] == []
