"""Every route kind's file under --out and its URL, at a site's root and under a sub-path, in every language."""

from __future__ import annotations

import gettext

import pytest

from sitegen.render import make_environment
from sitegen.urls import LANGUAGE_ROUTES, ROUTES, SHARED_ROUTES, Route, Urls, file_for, path_of_file

LANGUAGES = ("en", "ru", "kk")
ASSETS = {"style.css": "style.0123456789.css", "favicon.svg": "favicon.svg"}
# (kind, parameters, file under the first language's root) for every kind the site writes
EXPECTED = [
    ("timeline", {}, "index.html"),
    ("year", {"year": 2021}, "years/2021/index.html"),
    ("entry", {"slug": "court-opens"}, "entries/court-opens/index.html"),
    ("categories", {}, "categories/index.html"),
    ("category", {"slug": "courts"}, "categories/courts/index.html"),
    ("category_year", {"slug": "courts", "year": 2019}, "categories/courts/years/2019/index.html"),
    ("corrections", {}, "corrections/index.html"),
    ("search", {}, "search/index.html"),
    ("page", {"slug": "about"}, "about/index.html"),
    ("feed", {}, "feed.xml"),
    ("category_feed", {"slug": "courts"}, "categories/courts/feed.xml"),
    ("timeline_json", {}, "timeline.json"),
    ("entries_json", {}, "entries.json"),
    ("root", {}, "index.html"),
    ("not_found", {}, "404.html"),
    ("sitemap", {}, "sitemap.xml"),
    ("robots", {}, "robots.txt"),
    ("cname", {}, "CNAME"),
    ("asset", {"name": "style.css"}, "assets/style.0123456789.css"),
    ("image", {"name": "photo-480.0123456789ab.webp"}, "media/photo-480.0123456789ab.webp"),
    ("search_bundle", {}, "pagefind/index.html"),
]
SITES = [  # (base_url, the sub-path every URL starts with)
    (None, "/"),
    ("https://reform.example.org/", "/"),
    ("https://owner.github.io/reform/", "/reform/"),
]


def urls_for(base_url: str | None, base_path: str) -> Urls:
    return Urls(base_url, base_path, LANGUAGES, ASSETS)


def test_every_route_kind_is_named_once_and_checked_here() -> None:
    assert not LANGUAGE_ROUTES.keys() & SHARED_ROUTES.keys()
    assert [kind for kind, _, _ in EXPECTED] == list(ROUTES)


@pytest.mark.parametrize(("base_url", "base_path"), SITES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("kind", "params", "file"), EXPECTED)
def test_each_kind_has_its_file_and_url_in_each_language(
    kind: str, params: dict[str, object], file: str, lang: str, base_url: str | None, base_path: str
) -> None:
    urls = urls_for(base_url, base_path)
    route = urls.route(kind, lang, **params)
    folder = f"{lang}/" if kind in LANGUAGE_ROUTES and lang != "en" else ""
    assert urls.output(route) == f"{folder}{file}"
    assert urls.url(route) == f"{base_path}{folder}{path_of_file(file)}"
    assert urls.absolute(route) == f"{base_url or base_path}{folder}{path_of_file(file)}"


@pytest.mark.parametrize(("base_url", "base_path"), SITES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("kind", "params", "file"), EXPECTED)
def test_a_routes_url_serves_the_file_it_is_written_to(
    kind: str, params: dict[str, object], file: str, lang: str, base_url: str | None, base_path: str
) -> None:
    """Path and URL come from one pattern, so a route moved in ROUTES moves both."""
    urls = urls_for(base_url, base_path)
    route = urls.route(kind, lang, **params)
    output = urls.output(route)
    assert urls.url(route) == base_path + path_of_file(output)
    assert file_for(urls.url(route).removeprefix(base_path)) == output
    if output.endswith("/index.html"):
        assert urls.url(route).endswith("/" + output.removesuffix("index.html"))


def test_a_translation_keeps_its_key_under_its_language_folder() -> None:
    urls = urls_for("https://owner.github.io/reform/", "/reform/")
    entry_route = urls.route("entry", "en", slug="court-opens")
    assert [urls.url(entry_route.in_language(lang)) for lang in LANGUAGES] == [
        "/reform/entries/court-opens/",
        "/reform/ru/entries/court-opens/",
        "/reform/kk/entries/court-opens/",
    ]
    shared = urls.route("not_found", "kk")
    assert shared.lang is None and shared.in_language("ru") == shared


def test_an_asset_is_linked_by_its_hashed_name_and_shared_by_every_language() -> None:
    urls = urls_for("https://owner.github.io/reform/", "/reform/")
    assert {urls.url(urls.route("asset", lang, name="style.css")) for lang in LANGUAGES} == {
        "/reform/assets/style.0123456789.css"
    }
    assert urls.url(urls.route("asset", "ru", name="favicon.svg")) == "/reform/assets/favicon.svg"


def test_a_feed_id_is_its_address_or_a_stable_urn_without_one() -> None:
    feed = Route("feed", "ru", "feed.xml")
    assert urls_for("https://owner.github.io/reform/", "/reform/").identity(feed) == (
        "https://owner.github.io/reform/ru/feed.xml"
    )
    without = urls_for(None, "/")
    ids = {without.identity(feed.in_language(lang)) for lang in LANGUAGES}
    assert len(ids) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    assert without.identity(feed) == urls_for(None, "/").identity(feed)


def test_an_unknown_kind_or_a_missing_parameter_says_what_is_wrong() -> None:
    urls = urls_for(None, "/")
    with pytest.raises(ValueError, match=r"no route named 'entries'; the routes are timeline, year, entry"):
        urls.route("entries", "en", slug="a")
    with pytest.raises(ValueError, match=r"the 'entry' route needs slug="):
        urls.route("entry", "en")


def test_templates_get_urls_through_the_one_helper_in_their_language() -> None:
    urls = urls_for("https://owner.github.io/reform/", "/reform/")
    env = make_environment([], "ru", gettext.NullTranslations(), urls)
    template = env.from_string(
        "{{ url('entry', slug='a') }} {{ url('timeline', lang='en') }} {{ url('asset', name='style.css') }}"
    )
    assert template.render() == "/reform/ru/entries/a/ /reform/ /reform/assets/style.0123456789.css"
