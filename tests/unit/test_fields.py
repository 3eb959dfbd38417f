"""A value class and its schema name the same fields, or importing the module fails with a clear message."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sitegen.fields import Field, FieldMismatch, Schema, check_fields
from sitegen.schema import Integer, Text

SCHEMA = Schema(
    Field("title", Text(), required=True),
    Field("weight", Integer(), default=0),
)


def test_a_class_with_the_schemas_fields_and_its_computed_ones_passes() -> None:
    @dataclass(frozen=True)
    class Item:
        title: str
        path: str
        weight: int = 0

    check_fields(Item, SCHEMA, computed=("path",))


def test_a_field_added_to_the_schema_only_is_caught() -> None:
    @dataclass(frozen=True)
    class Item:
        title: str

    with pytest.raises(FieldMismatch, match=r"Item: weight is declared but Item has no such field"):
        check_fields(Item, SCHEMA)


def test_a_field_added_to_the_class_only_is_caught() -> None:
    @dataclass(frozen=True)
    class Item:
        title: str
        weight: int
        color: str

    with pytest.raises(
        FieldMismatch, match=r"color is not in the schema \(declare it there, or name it in computed=\)"
    ):
        check_fields(Item, SCHEMA)


def test_a_default_that_differs_from_the_schemas_is_caught() -> None:
    @dataclass(frozen=True)
    class Item:
        title: str
        weight: int = 1

    with pytest.raises(FieldMismatch, match=r"weight defaults to 1 here but to 0 in the schema"):
        check_fields(Item, SCHEMA)
