"""Fields and schemas: a field's name, kind, default and doc, declared once.

A schema checks a table of values and reports each problem with its sub-path;
the kinds it checks them with are in schema.py. The value classes built from a
schema are checked against it when their module is imported (`check_fields`),
so adding a field is one edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import did_you_mean

Path = tuple[str | int, ...]
Report = Callable[[Path, str, str | None], None]


class _Invalid:
    """Marks a value that failed its check (the problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


class Numeral(str):
    """A YAML value written without quotes that YAML reads as a number, such as `title: 2019`: it stays
    text as typed, and a text field asks for quotes, as other YAML readers would give a number."""

    __slots__ = ()


def is_number(value: Any) -> bool:
    """A number from TOML, or a bare one from YAML."""
    return isinstance(value, Numeral) or (isinstance(value, int | float) and not isinstance(value, bool))


def type_name(value: Any) -> str:
    """A value's kind in a writer's words, for a problem's message."""
    if isinstance(value, dict):
        return "a table of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if is_number(value):
        return "a number"
    return "text"


class Kind:
    """A kind of value; `describe` is how a writer would say it."""

    describe = "a value"

    def parse(self, value: Any, at: Path, report: Report) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    doc: str = ""
    default: Any = None


class Schema:
    """An ordered set of fields; unknown keys are errors, with a did-you-mean."""

    def __init__(self, *fields: Field) -> None:
        self.fields = {f.name: f for f in fields}

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields.values())

    def defaults(self) -> dict[str, Any]:
        """Each field's default: the values of a table that could not be read (its problem is reported)."""
        return {f.name: f.default for f in self}

    def parse(
        self,
        data: Any,
        at: Path,
        report: Report,
        *,
        extra: frozenset[str] = frozenset(),
        optional: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """Check `data` against the fields; `extra` names keys handled elsewhere, `optional` required
        fields this value may leave out (a draft's sources)."""
        if not isinstance(data, dict):
            report(at, f"must be a table of keys, not {type_name(data)}", None)
            return {}
        values: dict[str, Any] = {}
        for key, value in data.items():
            field = self.fields.get(str(key))
            if field is None:
                if key not in extra:
                    report((*at, str(key)), "unknown key", did_you_mean(str(key), self.fields) or self._known())
                continue
            if value is None or value == "":
                if field.required and key not in optional:
                    report((*at, key), "is required but empty", field.doc or None)
                    values[key] = INVALID
                else:
                    values[key] = field.default  # `draft:` with nothing after it is no draft
                continue
            values[key] = field.kind.parse(value, (*at, key), report)
        for field in self.fields.values():
            if field.name not in data:
                if field.required and field.name not in optional:
                    report((*at, field.name), "is missing, and it is required", field.doc or None)
                    values[field.name] = INVALID
                else:
                    values[field.name] = field.default
        return values

    def _known(self) -> str:
        return "known keys: " + ", ".join(self.fields)


def field_label(at: Path) -> str:
    """`('sources', 1, 'url')` -> `sources[2].url`: list items counted from 1."""
    label = ""
    for part in at:
        if isinstance(part, int):
            label += f"[{part + 1}]"
        else:
            label += f".{part}" if label else str(part)
    return label


class FieldMismatch(TypeError):
    """A value class whose fields are not its schema's: a developer's mistake, raised on import."""


def check_fields(cls: type, fields: Schema | Mapping[str, Field], *, computed: Iterable[str] = ()) -> None:
    """Raise FieldMismatch unless `cls` holds each declared field, plus the `computed` ones made from
    other inputs, and nothing else; a default it gives must be the schema's."""
    declared = fields.fields if isinstance(fields, Schema) else fields
    computed = frozenset(computed)
    own = {f.name: f for f in dataclasses.fields(cls)}
    problems = [f"{name} is declared but {cls.__name__} has no such field" for name in declared if name not in own]
    problems += [
        f"{name} is not in the schema (declare it there, or name it in computed=)"
        for name in own
        if name not in declared and name not in computed
    ]
    problems += [
        f"{name} defaults to {own[name].default!r} here but to {field.default!r} in the schema"
        for name, field in declared.items()
        if name in own and own[name].default is not dataclasses.MISSING and own[name].default != field.default
    ]
    if problems:
        raise FieldMismatch(f"{cls.__module__}.{cls.__name__}: " + "; ".join(problems))
