"""Kazakh pages are indexed with their words folded to the Russian letters that look alike, and marked."""

from __future__ import annotations

from sitegen.lookalikes import MARK, fold_attribute, fold_table, folded_words, with_folded_words

PAGE = (
    '<html lang="kk"><head><title>Іздеу</title></head><body><nav>Санаттар</nav>'
    "<h1 data-pagefind-body>Әкімшілік соттар</h1>"
    "<div data-pagefind-body><p>ӘРПК-ге <span data-pagefind-ignore>https://adilet.zan.kz</span> 2021 жылғы</p>"
    "<br><p>Қазақ, Өңір, Ұлт, Үш, Һ</p><script>var ғ = 1</script></div></body></html>"
)


def test_only_the_indexed_words_are_folded_marked_and_kept_as_often_as_they_occur() -> None:
    words = folded_words(PAGE + PAGE.replace("<html", "<x"), fold_table("kk"))
    assert words[:12] == [
        f"{MARK}{word}"
        for word in (
            "акимшилик",
            "соттар",
            "арпк",
            "ге",
            "2021",
            "жылгы",
            "казак",
            "онир",
            "улт",
            "уш",
            "х",
            "акимшилик",
        )
    ]


def test_a_kazakh_page_gets_its_folded_words_before_body_end_and_others_stay_as_they_are() -> None:
    folded = with_folded_words("kk", PAGE)
    assert folded.startswith(PAGE.removesuffix("</body></html>"))
    assert folded.endswith(
        f"<div data-pagefind-body>{MARK}акимшилик {MARK}соттар {MARK}арпк {MARK}ге {MARK}2021 "
        f"{MARK}жылгы {MARK}казак {MARK}онир {MARK}улт {MARK}уш {MARK}х</div></body></html>"
    )
    assert with_folded_words("ru", PAGE) == PAGE
    assert with_folded_words("en", PAGE) == PAGE


def test_the_search_box_gets_the_same_table() -> None:
    assert fold_attribute("kk") == "әа іи қк үу ұу ңн ғг өо һх"
    assert fold_attribute("kk-KZ") == fold_attribute("kk")
    assert fold_attribute("ru") == ""
