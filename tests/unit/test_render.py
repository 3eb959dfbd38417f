"""A card is rendered once per entry and language, and made again for an edited entry."""

from __future__ import annotations

import gc

from sitegen.content import Entry, PartialDate
from sitegen.render import EntryFragments


class Card:
    """Stands in for the template's card macro, counting its calls."""

    name = "card"

    def __init__(self) -> None:
        self.made: list[str] = []

    def __call__(self, entry: Entry, lang: str) -> str:
        self.made.append(entry.title)
        return f'<li lang="{lang}">{entry.title}</li>'


def entry(title: str) -> Entry:
    return Entry("e", "en", title, PartialDate(2021), None, ("courts",), (), "Summary.", "<p>Body.</p>", "e.md")


def test_a_card_is_made_once_while_its_entry_lives_and_again_for_an_edited_entry() -> None:
    once, card = EntryFragments(), Card()
    first = entry("Courts open")
    assert once(card, first, "en") == once(card, first, "en") == '<li lang="en">Courts open</li>'
    assert card.made == ["Courts open"]
    edited = entry("Courts opened")  # an edit makes a new Entry: never the old card
    assert once(card, edited, "en") == '<li lang="en">Courts opened</li>'
    assert card.made == ["Courts open", "Courts opened"]
    del first
    gc.collect()
    assert len(once.made) == 1  # the old entry's card went with it
