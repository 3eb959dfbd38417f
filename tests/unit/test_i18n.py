from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from sitegen.content import PartialDate
from sitegen.i18n import format_partial, format_period, language_name, missing_messages, og_locale

DAY, MONTH, YEAR = PartialDate(2021, 7, 1), PartialDate(2021, 7), PartialDate(2021)
# CLDR's own spacing, asserted exactly: a narrow no-break space before "г."/"ж.", thin spaces around dashes.
NNBSP, THIN = "\u202f", "\u2009"


@pytest.mark.parametrize(
    ("lang", "day", "month", "year"),
    [
        ("en", "July 1, 2021", "July 2021", "2021"),
        ("ru", f"1 июля 2021{NNBSP}г.", f"июль 2021{NNBSP}г.", "2021"),
        ("kk", f"2021{NNBSP}ж. 1 шілде", f"2021{NNBSP}ж. шілде", "2021"),
        ("en-GB", "1 July 2021", "July 2021", "2021"),
    ],
)
def test_each_precision_uses_the_cldr_form_of_the_language(lang: str, day: str, month: str, year: str) -> None:
    assert format_partial(DAY, lang) == day
    assert format_partial(MONTH, lang) == month
    assert format_partial(YEAR, lang) == year


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", f"July 2021{THIN}–{THIN}March 2022"),
        ("ru", f"июль 2021{NNBSP}г. – март 2022{NNBSP}г."),
        ("kk", f"2021{NNBSP}ж. шілде – 2022{NNBSP}ж. наурыз"),
    ],
)
def test_periods_use_cldr_interval_formats(lang: str, expected: str) -> None:
    assert format_period(MONTH, PartialDate(2022, 3), lang) == expected


@pytest.mark.parametrize(
    ("lang", "years", "months", "days"),
    [
        (
            "en",
            f"July 5, 2024{THIN}–{THIN}July 1, 2025",
            f"July 5{THIN}–{THIN}September 1, 2024",
            f"July 5{THIN}–{THIN}20, 2024",
        ),
        (
            "ru",
            f"5 июля 2024{NNBSP}г. – 1 июля 2025{NNBSP}г.",
            f"5 июля – 1 сентября 2024{NNBSP}г.",
            f"5–20 июля 2024{NNBSP}г.",
        ),
        (
            "kk",
            f"2024{NNBSP}ж. 5 шілде – 2025{NNBSP}ж. 1 шілде",
            f"2024{NNBSP}ж. 5 шілде – 1 қыркүйек",
            f"2024{NNBSP}ж. 5–20 шілде",
        ),
    ],
)
def test_periods_of_days_name_months_in_full_as_a_single_day_does(
    lang: str, years: str, months: str, days: str
) -> None:
    start = PartialDate(2024, 7, 5)
    assert format_period(start, PartialDate(2025, 7, 1), lang) == years
    assert format_period(start, PartialDate(2024, 9, 1), lang) == months
    assert format_period(start, PartialDate(2024, 7, 20), lang) == days
    assert format_partial(PartialDate(2025, 7, 1), lang) in years  # the same words as the day on its own


def test_periods_of_mixed_precision_join_with_the_locale_fallback() -> None:
    assert format_period(PartialDate(2022, 12, 29), PartialDate(2024), "en") == f"December 29, 2022{THIN}–{THIN}2024"
    assert format_period(YEAR, PartialDate(2025), "ru") == "2021–2025"


def test_language_names_are_in_their_own_language() -> None:
    assert [language_name(code) for code in ("en", "ru", "kk")] == ["English", "Русский", "Қазақ тілі"]


def test_a_plural_message_counts_as_translated_only_with_every_form() -> None:
    catalogue = Catalog(locale="ru")
    catalogue.add(("%(num)d event", "%(num)d events"), ("%(num)d событие", "%(num)d события", "%(num)d событий"))
    catalogue.add(("%(num)d source", "%(num)d sources"), ("%(num)d источник", "%(num)d источника", ""))
    catalogue.add("Sources", "Источники")
    wanted = ["%(num)d event", "%(num)d events", "%(num)d source", "%(num)d sources", "Sources", "Year"]
    assert missing_messages(catalogue, wanted) == ["%(num)d source", "%(num)d sources", "Year"]


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "en_US"), ("ru", "ru_RU"), ("kk", "kk_KZ"), ("en-GB", "en_GB"), ("zh-Hant", "zh_TW")]
)
def test_open_graph_locales_take_the_likely_territory_or_the_given_one(lang: str, expected: str) -> None:
    assert og_locale(lang) == expected
