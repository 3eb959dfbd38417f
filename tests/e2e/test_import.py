"""`build.py import`: a TimelineJS timeline becomes entries a writer can finish, with a report of what happened."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

from sitegen.content import PartialDate
from sitegen.contrast import AA_TEXT, contrast_with_white
from sitegen.names import DATE_PREFIX
from tests.conftest import PROJECT, make_site, run_cli
from tests.html_tree import parse

FIXTURES = PROJECT / "tests/fixtures/timelinejs"
JSON_FIXTURE = FIXTURES / "every-form.json"
CSV_FIXTURE = FIXTURES / "google-sheet.csv"
SITE = """\
[site]
title = "Test reform"
description = "A fixture site."
base_url = "https://example.org/reform/"

[categories.conflicts]
title = "Wars"
color = "#1f5f8b"
"""
OLD_ENTRY = """\
---
title: An older entry
date: 1848
categories: [conflicts]
sources:
  - title: A source
    url: https://example.org/s
---
Old.
"""


def front_matter(path: Path) -> tuple[dict[str, object], str]:
    """An entry file's fields, read as the loader reads them (every value text), and its body."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.load(head, Loader=yaml.BaseLoader), body


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"content/entries/1848-revolutions-across-europe.md": OLD_ENTRY}, toml=SITE)


def test_the_report_says_what_became_of_every_event_by_its_number(site: Path) -> None:
    result = run_cli("import", JSON_FIXTURE, "--root", site)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (
        result.stdout
        == f"""\
Read {JSON_FIXTURE} (TimelineJS JSON): 15 events, a title slide, 2 eras.
Entries written: 11
  content/entries/1848-revolutions-across-europe-2.md  (event 1)
  content/entries/1871-03-the-paris-commune.md  (event 2)
  content/entries/1914-07-28-the-first-world-war.md  (event 3)
  content/entries/1969-07-20-moon-landing.md  (event 4)
  content/entries/1989-11-09-the-berlin-wall-opens.md  (event 6)
  content/entries/1992-02-07-maastricht-treaty-signed.md  (event 7)
  content/entries/2001-09-11-report-published.md  (event 8)
  content/entries/2004-embedded-map.md  (event 9)
  content/entries/2010-12-arab-spring.md  (event 10)
  content/entries/2015-05-01-speech-recorded.md  (event 11)
  content/entries/2016-06-23-referendum-film.md  (event 12)
Drafts needing a source (2): the timeline gave no link to cite, so each is draft: true without sources; \
`check` and `build` report `sources: is missing` for each until you add one:
  content/entries/1992-02-07-maastricht-treaty-signed.md
  content/entries/2010-12-arab-spring.md
Drafts needing media details (1): the timeline gave no credit or alt text, so a placeholder stands in; write the real one, then remove draft: true (`check` refuses the placeholder):
  content/entries/1914-07-28-the-first-world-war.md
Skipped:
  event 5: “Ides of March”: the start date year -44 is before year 1 (BCE), and entries' dates have years 0001 to 9999
  event 13: “Far future”: the start date year 12000 is after 9999, and entries' dates have four-digit years
  event 14: “No date at all”: has no start date (TimelineJS skips it too)
  event 15: “Thirteenth month”: the start date has no month 13 (months run from 1 to 12)
Media:
  event 2: image, referenced as a link, not downloaded (import with --fetch-media to save it beside the entry): \
https://upload.wikimedia.org/wikipedia/commons/5/5f/Barricade_18March1871.jpg
  event 3: YouTube video, written as a media item; the timeline gives no credit or alt text, so a placeholder \
stands in and the entry is a draft: https://www.youtube.com/watch?v=abcdefghijk
  event 4: Wikipedia article, referenced as a link, not downloaded: https://en.wikipedia.org/wiki/Apollo_11
  event 6: a quotation given as the media, kept in the body
  event 7: Google map, referenced as a link, not downloaded: https://www.google.com/maps/place/Maastricht/@50.85,5.69,13z
  event 8: PDF, referenced as a link, not downloaded: https://example.org/report.pdf
  event 9: an embed given as the media
  event 10: post on X (Twitter), referenced as a link, not downloaded: https://twitter.com/example/status/1
  event 11: audio, referenced as a link, not downloaded: https://example.org/speech.mp3
  event 12: video, referenced as a link, not downloaded: https://example.org/film.mp4
Dropped:
  event 2: the media's thumbnail https://upload.wikimedia.org/thumb/Barricade.jpg
  event 4: <script> in the text (not allowed in entries)
  event 4: <iframe> in the text (an entry cannot embed; its address https://www.nasa.gov/embed/apollo11 is kept as a link)
  event 4: onclick attribute in the text (scripts are not allowed in entries)
  event 9: the link to 'javascript:alert(1)' in the text (not a full http(s) address; its text is kept)
  event 9: <iframe> in the media (an entry cannot embed; its address https://maps.example.org/embed/42 is kept as a link)
  event 12: the background (colour #333333)
  title: the title slide's media https://upload.wikimedia.org/wikipedia/commons/a/a0/Cover.jpg
  title: the title slide's background (colour #1f2a36)
Categories added to site.toml:
  [categories.revolutions] "Revolutions" #8a3b12
  [categories.imported] "Imported" #2e6b30
  [categories.speeches] "Speeches" #6a3d9a
Site title:
  site.toml keeps its own; the title slide suggests, for [site]:
  title = "Reforms & revolutions"
  description = "A timeline in TimelineJS's JSON format, with every date form and media kind."
Eras added to site.toml:
  era 1: Springtime of nations, 1848\u2009–\u20091871
  era 2: The war years, July 1914\u2009–\u2009November 1918
Media referenced as links stay where they are: a link in the entry's body, not an embedded or downloaded \
file; `import --fetch-media` downloads images beside their entries.
Next: `python3 build.py check --root {site}` lists what is left to do.
"""
    )


def test_entries_keep_each_dates_precision_and_what_the_date_cannot_hold_goes_in_the_body(site: Path) -> None:
    assert run_cli("import", JSON_FIXTURE, "--root", site).returncode == 0
    entries = site / "content/entries"
    assert (entries / "1848-revolutions-across-europe.md").read_text(encoding="utf-8") == OLD_ENTRY
    fields, body = front_matter(entries / "1848-revolutions-across-europe-2.md")
    assert fields == {
        "title": "Revolutions across Europe",
        "date": "1848",
        "categories": ["revolutions"],
        "sources": [{"title": "Palermo to Paris", "url": "https://en.wikipedia.org/wiki/Revolutions_of_1848"}],
    }
    assert (
        body
        == "Uprisings spread from [Palermo to Paris](https://en.wikipedia.org/wiki/Revolutions_of_1848), **fast**.\n"
    )
    assert front_matter(entries / "1871-03-the-paris-commune.md")[0]["date"] == "1871-03"
    fields, body = front_matter(entries / "1914-07-28-the-first-world-war.md")
    assert (fields["date"], fields["end_date"], fields["categories"]) == ("1914-07-28", "1918-11-11", ["conflicts"])
    assert "- Shown in the timeline as “The Great War”.\n" in body
    assert fields["sources"] == [
        {"title": "Armistice newsreel", "url": "https://www.iwm.org.uk/history/first-world-war"}
    ]
    fields, body = front_matter(entries / "1969-07-20-moon-landing.md")
    assert (fields["date"], fields["categories"]) == ("1969-07-20", ["imported"])
    assert "- Time: 20:17 (the timeline gave a time of day; entries hold dates only).\n" in body
    assert "- Media (Wikipedia article): <https://en.wikipedia.org/wiki/Apollo_11>" in body
    assert "track" not in body and "<script" not in body
    fields, body = front_matter(entries / "2010-12-arab-spring.md")
    assert (fields["date"], fields["end_date"], fields["draft"]) == ("2010-12", "2012", "true")
    assert "sources" not in fields
    assert "end_date" not in front_matter(entries / "2001-09-11-report-published.md")[0]  # the same day as the start
    _, body = front_matter(entries / "2015-05-01-speech-recorded.md")
    assert "- Time: 09:30:05.250 " in body
    _, body = front_matter(entries / "1871-03-the-paris-commune.md")
    assert body.endswith(
        "- Media (image): <https://upload.wikimedia.org/wikipedia/commons/5/5f/Barricade_18March1871.jpg>; caption: A"
        " barricade, [18 March 1871](https://commons.wikimedia.org/wiki/File:Barricade_18March1871.jpg); credit: Bruno"
        " Braquehais; alt text: “A street barricade with soldiers”\n"
    )
    assert not list(site.rglob("*.jpg")), "media are linked, not downloaded"


def test_a_dry_run_changes_nothing_and_prints_the_same_report(site: Path, tmp_path: Path) -> None:
    before = snapshot(site)
    dry = run_cli("import", JSON_FIXTURE, "--root", site, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert snapshot(site) == before
    real = run_cli("import", JSON_FIXTURE, "--root", site)
    expected = real.stdout.replace("Entries written:", "Entries would be written:").replace(
        f"Next: `python3 build.py check --root {site}` lists what is left to do.", "Dry run: nothing was written."
    )
    assert dry.stdout == expected


def test_site_toml_only_gains_readable_categories_and_eras_and_a_second_import_never_overwrites(site: Path) -> None:
    original = (site / "site.toml").read_bytes()
    assert run_cli("import", JSON_FIXTURE, "--root", site).returncode == 0
    grown = (site / "site.toml").read_bytes()
    assert grown.startswith(original)
    assert grown[len(original) :].decode() == (
        '\n[categories.revolutions]\ntitle = "Revolutions"\ncolor = "#8a3b12"\n'
        '\n[categories.imported]\ntitle = "Imported"\ncolor = "#2e6b30"\n'
        '\n[categories.speeches]\ntitle = "Speeches"\ncolor = "#6a3d9a"\n'
        '\n[[eras]]\ntitle = "Springtime of nations"\nstart = 1848\nend = 1871\n'
        '\n[[eras]]\ntitle = "The war years"\nstart = "1914-07"\nend = "1918-11"\n'
    )
    for color in re.findall(r'color = "(#[0-9a-f]{6})"', grown.decode()):
        assert contrast_with_white(color) >= AA_TEXT, color
    first = snapshot(site)
    again = run_cli("import", JSON_FIXTURE, "--root", site)
    assert again.returncode == 0, again.stderr
    assert "Categories added" not in again.stdout and "Eras added" not in again.stdout
    assert (
        "Eras not added:\n"
        '  era 1: Springtime of nations: site.toml has it already, as "Springtime of nations" (1848 to 1871)\n'
        '  era 2: The war years: site.toml has it already, as "The war years" (1914-07 to 1918-11)\n'
    ) in again.stdout
    assert (site / "site.toml").read_bytes() == grown
    assert "  content/entries/1848-revolutions-across-europe-3.md  (event 1)\n" in again.stdout
    assert "  content/entries/1871-03-the-paris-commune-2.md  (event 2)\n" in again.stdout
    assert {k: v for k, v in snapshot(site).items() if k in first} == first


def test_a_site_toml_with_a_bom_and_windows_line_ends_keeps_every_byte(tmp_path: Path) -> None:
    root = make_site(tmp_path, {})
    original = "\ufeff" + SITE.replace("\n", "\r\n")
    (root / "site.toml").write_bytes(original.encode("utf-8"))
    assert run_cli("import", JSON_FIXTURE, "--root", root).returncode == 0
    grown = (root / "site.toml").read_bytes()
    assert grown.startswith(original.encode("utf-8"))
    assert grown[len(original.encode("utf-8")) :].startswith(
        b'\r\n[categories.revolutions]\r\ntitle = "Revolutions"\r\n'
    )
    check = run_cli("check", "--root", root).stderr.splitlines()
    assert [line for line in check if line.startswith("site.toml") and ": warning: " not in line] == []


def test_headlines_that_give_the_same_slug_get_numbered(tmp_path: Path) -> None:
    root = make_site(tmp_path, {}, toml=SITE)
    timeline = tmp_path / "t.json"
    same = {"start_date": {"year": 2001}, "text": {"headline": "Court opens"}, "group": "Wars"}
    timeline.write_text(json.dumps({"events": [same, same, {**same, "start_date": {"year": 2002}}]}), encoding="utf-8")
    result = run_cli("import", timeline, "--root", root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "content/entries").iterdir()) == [
        "2001-court-opens-2.md",
        "2001-court-opens.md",
        "2002-court-opens-3.md",
    ]


def test_the_title_slide_names_a_fresh_site(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = run_cli("import", JSON_FIXTURE, "--root", fresh)
    assert result.returncode == 0, result.stderr
    text = (fresh / "site.toml").read_text(encoding="utf-8")
    assert text.startswith(
        '[site]\ntitle = "Reforms & revolutions"\n'
        'description = "A timeline in TimelineJS\'s JSON format, with every date form and media kind."\n'
        '\n[categories.revolutions]\ntitle = "Revolutions"\ncolor = "#1f5f8b"\n'
    )
    assert 'Site title:\n  site.title set from the title slide: "Reforms & revolutions"\n' in result.stdout
    described = make_site(tmp_path / "b", {}, toml='# My site\n[site]\ndescription = "Mine."\n')
    assert run_cli("import", JSON_FIXTURE, "--root", described).returncode == 0
    assert (
        (described / "site.toml")
        .read_text(encoding="utf-8")
        .startswith('# My site\n[site]\ntitle = "Reforms & revolutions"\ndescription = "Mine."\n')
    )


def test_the_imported_site_builds_once_each_draft_has_a_source_and_shows_every_event_at_its_precision(
    site: Path, tmp_path: Path
) -> None:
    result = run_cli("import", JSON_FIXTURE, "--root", site)
    written = re.findall(r"^  (content/entries/\S+\.md)  \(event \d+\)$", result.stdout, re.M)
    drafts = re.findall(r"^  (content/entries/\S+\.md)$", result.stdout.split("Drafts needing media")[0], re.M)
    assert len(written) == 11 and len(drafts) == 2
    check = run_cli("check", "--root", site)
    errors = [line for line in check.stderr.splitlines() if ": warning: " not in line and line.startswith("content/")]
    missing = {f"{rel}:1: sources: is missing, and it is required" for rel in drafts}
    assert {line.split(" (")[0] for line in errors} <= missing  # the drafts' sources are the one thing left
    for rel in drafts:  # what the writer does next
        path = site / rel
        source = "sources:\n  - title: A source\n    url: https://example.org/found"
        path.write_text(re.sub(r"^draft: true.*$", source, path.read_text(encoding="utf-8"), flags=re.M), "utf-8")
    out = tmp_path / "out"
    build = run_cli("build", "--root", site, "--out", out, "--drafts")
    assert build.returncode == 0, build.stderr
    cards = {card.attrs["id"]: card for card in parse(out / "index.html").find_all("li", "card")}
    for rel in written:
        fields, _ = front_matter(site / rel)
        slug = DATE_PREFIX.sub("", Path(rel).stem)
        card = cards[slug]
        assert card.find(cls="card-title").text == fields["title"]
        times = [t.attrs["datetime"] for t in card.find_all("time")]
        assert times == [fields["date"], *([fields["end_date"]] if "end_date" in fields else [])], slug
    assert cards["arab-spring"].find("time").text == "December 2010 – 2012"  # thin spaces, collapsed
    assert cards["revolutions-across-europe-2"].find("time").text == "1848"
    eras = parse(out / "index.html").find_all("li", "era-start")
    assert [(e.find("h3").text, e.find("p", "era-period").text) for e in eras] == [
        ("Springtime of nations", "1848 – 1871"),
        ("The war years", "July 1914 – November 1918"),
    ]
    items = [
        n for ol in parse(out / "index.html").find_all("ol", "cards") for n in ol.children if not isinstance(n, str)
    ]
    opened = [items[items.index(era) + 1].attrs["id"] for era in eras]  # the card under each heading
    assert opened == ["revolutions-across-europe", "the-first-world-war"]  # the site's own 1848 entry first


def test_the_sheet_is_imported_with_its_rows_named(tmp_path: Path) -> None:
    root = make_site(tmp_path, {}, toml=SITE)
    result = run_cli("import", CSV_FIXTURE, "--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"Read {CSV_FIXTURE} (TimelineJS sheet (CSV)): 7 events, a title slide, 1 era.\n"
        "Entries written: 5\n"
        "  content/entries/1815-12-10-ada-lovelace.md  (row 4)\n"
        "  content/entries/1943-07-and-the-women-who-made-it-work.md  (row 5)\n"
        "  content/entries/1969-07-20-moon-landing-software.md  (row 6)\n"
        "  content/entries/1971-04-unix-c-and-a-spring.md  (row 9)\n"
        "  content/entries/1984-01-24-the-macintosh.md  (row 11)\n"
    )
    assert (
        "Skipped:\n"
        "  row 7: “Hypatia teaches”: the start date year -400 is before year 1 (BCE), and entries' dates have years"
        " 0001 to 9999\n"
        "  row 10: “Typo in the year”: Year: '19x5' is not a whole number\n"
    ) in result.stdout
    assert "Eras added to site.toml:\n  row 3: The early years, 1815\u2009–\u20091950\n" in result.stdout
    assert '\n[[eras]]\ntitle = "The early years"\nstart = 1815\nend = 1950\n' in (root / "site.toml").read_text()
    entries = root / "content/entries"
    fields, body = front_matter(entries / "1815-12-10-ada-lovelace.md")
    assert (fields["end_date"], fields["categories"]) == ("1852-11-27", ["computing-early"])
    assert "alt text: “Ada Lovelace, seated, in a white dress”" in body
    assert front_matter(entries / "1943-07-and-the-women-who-made-it-work.md")[0]["end_date"] == "1946"
    assert "- Time: 20:17 – 02:56 " in front_matter(entries / "1969-07-20-moon-landing-software.md")[1]
    fields, body = front_matter(entries / "1971-04-unix-c-and-a-spring.md")
    assert fields["draft"] == "true" and "- Shown in the timeline as “Spring 1971”." in body
    assert '[categories.computing-early]\ntitle = "Computing, early"\n' in (root / "site.toml").read_text()


def test_importing_the_built_timeline_json_gives_back_titles_dates_and_categories(
    bundled_build: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(PROJECT / "site.toml", fresh / "site.toml")
    result = run_cli("import", bundled_build / "timeline.json", "--root", fresh)
    assert result.returncode == 0, result.stderr
    assert "Categories added" not in result.stdout and "Drafts" not in result.stdout
    out = tmp_path / "out"
    assert run_cli("build", "--root", fresh, "--out", out).returncode == 0

    def events(entries_json: Path) -> list[tuple[object, ...]]:
        data = json.loads(entries_json.read_text(encoding="utf-8"))["entries"]
        return sorted((e["title"], e["date"], e["end_date"], e["categories"]) for e in data)

    assert events(out / "entries.json") == events(bundled_build / "entries.json")
    assert any(len(e[3]) > 1 for e in events(out / "entries.json"))  # every category, not only the first


def test_importing_the_built_timeline_json_gives_back_the_eras_as_written(bundled_build: Path, tmp_path: Path) -> None:
    text = (PROJECT / "site.toml").read_text(encoding="utf-8")
    without = text[: text.index("\n[[eras]]\n") + 1]
    assert "eras" not in tomllib.loads(without)
    fresh = make_site(tmp_path, {}, toml=without)
    result = run_cli("import", bundled_build / "timeline.json", "--root", fresh, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert (fresh / "site.toml").read_text(encoding="utf-8") == without
    assert run_cli("import", bundled_build / "timeline.json", "--root", fresh).returncode == 0
    grown = (fresh / "site.toml").read_text(encoding="utf-8")
    assert grown.startswith(without)

    def eras(toml: str) -> list[tuple[object, ...]]:
        return [(e["title"], e["start"], e["end"], e.get("description")) for e in tomllib.loads(toml)["eras"]]

    assert eras(grown) == eras(text)
    assert "the new eras need a title in ru, kk: add [eras.<lang>] after each [[eras]]" in result.stdout


def test_an_era_site_toml_cannot_take_or_has_already_is_a_note_and_not_a_table(tmp_path: Path) -> None:
    root = make_site(tmp_path, {}, toml=SITE + '\n[[eras]]\ntitle = "Belle Époque"\nstart = 1871\nend = 1914\n')
    timeline = tmp_path / "t.json"

    def era(headline: str, start: dict, end: dict | None, **more: object) -> dict:
        return {"start_date": start, **({"end_date": end} if end else {}), "text": {"headline": headline}, **more}

    eras = [
        era("Interwar", {"year": 1918, "month": 11}, {"year": 1939, "month": 8, "day": 31}, end_precision="month"),
        era("Fin de siècle", {"year": 1871}, {"year": 1914, "month": 12, "day": 31}),  # the same span
        era("belle  époque", {"year": 1900}, {"year": 1901}),  # the same title
        era("Backwards", {"year": 1950}, {"year": 1940}),
        era("Open-ended", {"year": 1950}, None),
        era("", {"year": 1960}, {"year": 1970}),
    ]
    events = [{"start_date": {"year": 1920}, "text": {"headline": "Treaty"}, "group": "Wars"}]
    timeline.write_text(json.dumps({"events": events, "eras": eras}), encoding="utf-8")
    result = run_cli("import", timeline, "--root", root)
    assert result.returncode == 0, result.stderr
    assert (
        "Eras added to site.toml:\n"
        "  era 1: Interwar, November 1918\u2009–\u2009August 1939\n"
        "Eras not added:\n"
        '  era 2: Fin de siècle: site.toml has it already, as "Belle Époque" (1871 to 1914)\n'
        '  era 3: belle époque: site.toml has it already, as "Belle Époque" (1871 to 1914)\n'
        "  era 4: Backwards: ends (1940) before it starts (1950)\n"
        "  era 5: Open-ended: has no end date, and an era needs both\n"
        "  era 6: (no headline): has no headline, and an era needs a title\n"
    ) in result.stdout
    text = (root / "site.toml").read_text(encoding="utf-8")
    assert text.endswith('\n[[eras]]\ntitle = "Interwar"\nstart = "1918-11"\nend = "1939-08"\n')
    assert text.count("[[eras]]") == 2


def test_groups_of_a_foreign_timeline_json_become_categories_named_as_before(
    bundled_build: Path, tmp_path: Path
) -> None:
    root = make_site(tmp_path, {}, toml='[site]\ntitle = "New"\ndescription = "A new site."\n')
    assert run_cli("import", bundled_build / "timeline.json", "--root", root).returncode == 0
    toml = (root / "site.toml").read_text(encoding="utf-8")
    data = json.loads((bundled_build / "entries.json").read_text(encoding="utf-8"))
    titles = {c["slug"]: c["title"] for c in data["categories"]}
    made = dict(re.findall(r'\[categories\.([a-z0-9-]+)\]\ntitle = "([^"]+)"', toml))
    imported = {}
    for path in (root / "content/entries").iterdir():
        fields, _ = front_matter(path)
        imported[fields["title"]] = (
            PartialDate(*map(int, fields["date"].split("-"))).iso,
            made[fields["categories"][0]],
        )
    assert imported == {e["title"]: (e["date"]["iso"], titles[e["categories"][0]]) for e in data["entries"]}


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (
            ["missing.json"],
            1,
            "missing.json: not found (check the path; give the .json or .csv file exported from TimelineJS)\n1 error.\n",
        ),
        (
            ["--lang", "fr", str(JSON_FIXTURE)],
            1,
            "--lang: 'fr' is not one of the site's languages (site.languages: en)\n1 error.\n",
        ),
        ([], 2, "build.py import: error: the following arguments are required: file\n"),
    ],
)
def test_a_wrong_file_or_option_is_one_line_and_writes_nothing(
    site: Path, args: list[str], code: int, stderr: str
) -> None:
    before = snapshot(site)
    result = run_cli("import", *args, "--root", site)
    assert result.returncode == code
    assert result.stderr.endswith(stderr)  # after argparse's usage line, for a usage error
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert snapshot(site) == before


def test_a_malformed_timeline_names_each_key_and_writes_nothing(site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": [{"start_date": {"year": 2001}, "text": "a headline"}, 7]}', encoding="utf-8")
    before = snapshot(site)
    result = run_cli("import", bad, "--root", site)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{bad}: event 1: text: must be an object, not text\n"
        f"{bad}: event 2: must be an object (a slide), not a number\n"
        "2 errors.\n"
    )
    assert snapshot(site) == before
