"""Search that forgives a keyboard: Kazakh typed with the Russian letters that look like its own.

Many readers type Kazakh on a Russian layout, writing а for ә, и for і, к for
қ, у for ү and ұ, н for ң, г for ғ, о for ө and х for һ. Each Kazakh page goes
to the index with one more block: the words it indexes, folded that way and
behind MARK, which no word a reader types starts with, so exact queries find
and rank what they did before. The search box folds a query the same way and
asks for both (assets/search-ui.js, which gets FOLDS and MARK from the page).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MARK = "ъъ"  # two hard signs: no Russian or Kazakh word starts with them
FOLDS = {"kk": {"ә": "а", "і": "и", "қ": "к", "ү": "у", "ұ": "у", "ң": "н", "ғ": "г", "ө": "о", "һ": "х"}}
WORD = re.compile(r"[^\W_]+")  # letters and digits: the search box splits a query the same way
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
UNREAD = {"script", "style", "template"}


def fold_table(lang: str) -> dict[str, str]:
    """The lookalike letters of a language's search, or none."""
    return FOLDS.get(lang.lower().split("-")[0], {})


def fold_attribute(lang: str) -> str:
    """The table as the search box reads it: letter and stand-in, pairs separated by spaces."""
    return " ".join(letter + stand_in for letter, stand_in in fold_table(lang).items())


class _IndexedText(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, whether their text is indexed)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        names = {name for name, _ in attrs}
        indexed = self.stack[-1][1] if self.stack else False
        if "data-pagefind-body" in names:
            indexed = True
        if "data-pagefind-ignore" in names or tag in UNREAD:
            indexed = False
        self.stack.append((tag, indexed))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1]:
            self.parts.append(data)


def folded_words(html: str, table: dict[str, str]) -> list[str]:
    """The words the page indexes, in lower case, folded and marked, each as often as the page has it:
    a folded query then ranks the pages as the same query typed with the right letters would."""
    parser = _IndexedText()
    parser.feed(html)
    parser.close()
    fold = str.maketrans(table)
    return [MARK + word.translate(fold) for word in WORD.findall(" ".join(parser.parts).lower())]


def with_folded_words(lang: str, html: str) -> str:
    """The page as Pagefind should read it: with its folded words before </body>, if its language folds."""
    table = fold_table(lang)
    if not table:
        return html
    words = folded_words(html, table)
    if not words:
        return html
    block = f"<div data-pagefind-body>{' '.join(words)}</div>"
    end = html.rfind("</body>")
    return html[:end] + block + html[end:] if end >= 0 else html + block
