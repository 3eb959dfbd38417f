"""Problems are values: collected across every file, printed one line each."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the site's input, located as precisely as we can."""

    path: str  # relative to the site root, with forward slashes
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        hint = f" ({self.hint})" if self.hint else ""
        label = "warning: " if self.warning else ""
        return f"{where}: {label}{what}{hint}"


class SiteError(Exception):
    """Raised at the end of a stage that found problems; carries all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known word closest to `word`, or None when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known word, or None when nothing is close."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None
