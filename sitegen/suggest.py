"""Did-you-means for names writers get wrong: a language in a file name, a category by its title."""

from __future__ import annotations

from collections.abc import Sequence

from .config import CategoryConfig
from .errors import Problem, closest
from .names import make_slug

# Country codes taken for language codes, and other common confusions, as (wrong, right) pairs.
LANGUAGE_CONFUSIONS = {"kz": "kk", "ua": "uk", "cz": "cs", "gr": "el", "jp": "ja", "cn": "zh"}


def language_guess(code: str, languages: Sequence[str]) -> str | None:
    """The site's language a mistyped code most likely means: `kz` is Kazakhstan, `kk` its language."""
    lowered = code.lower()
    for lang in languages:
        if lowered == lang.lower() or LANGUAGE_CONFUSIONS.get(lowered) == lang.split("-")[0].lower():
            return lang
    return closest(lowered, languages)


def language_problem(rel: str, lang: str, key: str, languages: Sequence[str]) -> Problem:
    """A file whose name ends in a language the site does not publish, and the one it most likely means."""
    message = f"'.{lang}.md' names a language the site does not have"
    guess = language_guess(lang, languages)
    if guess:
        hint = f"did you mean '{guess}'? rename it to {key.rsplit('/', 1)[-1]}.{guess}.md"
    else:
        hint = f"site.languages adds: {', '.join(languages) or 'none'}"
    return Problem(rel, None, None, message, hint)


def category_guess(name: str, categories: Sequence[CategoryConfig]) -> str | None:
    """The slug of the category `name` most likely means: its slug mistyped, or its title in any language."""
    by_name: dict[str, str] = {}
    for category in categories:
        titles = [category.title, *(texts.title for texts in category.translations.values() if texts.title)]
        for title in titles:
            by_name[title.casefold()] = by_name[make_slug(title, max_length=0)] = category.slug
        by_name[category.slug] = category.slug
    match = closest(name.casefold(), by_name) or closest(make_slug(name, max_length=0), by_name)
    return by_name[match] if match else None
