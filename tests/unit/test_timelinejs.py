"""Reading TimelineJS's JSON and its Google-Sheet template (CSV): values as given, clear errors for anything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import SiteError
from sitegen.timelinejs import Media, When, read_timeline

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "timelinejs"


def test_json_slides_keep_every_date_form_as_given() -> None:
    timeline = read_timeline(FIXTURES / "every-form.json", "every-form.json")
    events = {e.where: e for e in timeline.events}
    assert timeline.kind == "TimelineJS JSON" and timeline.scale == "human"
    assert timeline.title is not None and timeline.title.headline == "Reforms &amp; revolutions"
    assert [e.headline for e in timeline.eras] == ["Springtime of nations", "The war years"]
    assert events["event 1"].start == When(year=1848)
    assert events["event 2"].start == When(year=1871, month=3)  # numbers given as strings
    assert events["event 3"].end == When(year=1918, month=11, day=11)
    assert events["event 3"].display_date == "The Great War"
    assert events["event 4"].start == When(1969, 7, 20, 20, 17, display_date="20 July 1969, 20:17 UTC")
    assert events["event 5"].start == When(year=-44, month=3, day=15)
    assert events["event 6"].start == When(year=1989, month=11, day=9)  # " 11 " as TimelineJS cleans it
    assert events["event 11"].start == When(2015, 5, 1, 9, 30, 5, 250)
    assert events["event 12"].background == "colour #333333"
    assert events["event 12"].unique_id == "referendum-film"
    assert events["event 14"].start is None
    assert events["event 2"].media == Media(
        url="https://upload.wikimedia.org/wikipedia/commons/5/5f/Barricade_18March1871.jpg",
        caption='A barricade, <a href="https://commons.wikimedia.org/wiki/File:Barricade_18March1871.jpg">18 March 1871</a>',
        credit="Bruno Braquehais",
        thumbnail="https://upload.wikimedia.org/thumb/Barricade.jpg",
        alt="A street barricade with soldiers",
    )


def test_the_sheet_is_read_by_column_name_with_its_bom_quotes_line_breaks_title_and_era_rows() -> None:
    assert (FIXTURES / "google-sheet.csv").read_bytes().startswith(b"\xef\xbb\xbfHeadline,Text,Year")
    timeline = read_timeline(FIXTURES / "google-sheet.csv", "google-sheet.csv")
    assert timeline.kind == "TimelineJS sheet (CSV)"
    assert timeline.title is not None and timeline.title.headline == "Women in Computing"
    assert [(e.where, e.headline, e.start, e.end) for e in timeline.eras] == [
        ("row 3", "The early years", When(year=1815), When(year=1950))
    ]
    rows = {e.where: e for e in timeline.events}
    assert list(rows) == ["row 4", "row 5", "row 6", "row 7", "row 9", "row 10", "row 11"]  # row 8 is blank
    assert rows["row 4"].group == "Computing, early"
    assert rows["row 4"].media is not None and rows["row 4"].media.alt == "Ada Lovelace, seated, in a white dress"
    assert "Jean Bartik,\nMarlyn Wescoff Meltzer" in rows["row 5"].text
    assert rows["row 6"].start == When(1969, 7, 20, hour=20, minute=17)  # 8:17 PM
    assert rows["row 6"].end == When(1969, 7, 21, hour=2, minute=56)
    assert rows["row 9"].display_date == "Spring 1971"
    assert rows["row 10"].problem == "Year: '19x5' is not a whole number"
    assert rows["row 11"].start == When(1984, 1, 24)  # "1,984", as a spreadsheet may format a year


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("14:30", When(2000, 1, 2, 14, 30)),
        ("2:30 PM", When(2000, 1, 2, 14, 30)),
        ("12:05 a.m.", When(2000, 1, 2, 0, 5)),
        ("1430", When(2000, 1, 2, 14, 30)),
        ("9", When(2000, 1, 2, 9)),
        ("14:30:15:250", When(2000, 1, 2, 14, 30, 15, 250)),
    ],
)
def test_the_time_cell_is_read_as_timelinejs_reads_it(tmp_path: Path, cell: str, expected: When) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(f"Year,Month,Day,Time,Headline\n2000,1,2,{cell},A\n", encoding="utf-8")
    assert read_timeline(sheet, "t.csv").events[0].start == expected


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ("2000,1,2,25:00", "Time: '25:00' is not a time of day"),
        ("2000,1,2,noon", "Time: 'noon' is not a time such as 14:30 or 2:30 PM"),
        (",3,,", "Month: '3' is given without Year"),
        ("2000,1.5,,", "Month: '1.5' is not a whole number"),
    ],
)
def test_a_date_or_time_that_cannot_be_read_marks_its_row_to_be_skipped(
    tmp_path: Path, cells: str, problem: str
) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(f"Year,Month,Day,Time,Headline\n{cells},A\n", encoding="utf-8")
    assert read_timeline(sheet, "t.csv").events[0].problem == problem


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.json", '{"events": [', "t.json:1: is not valid JSON: Expecting value (column 13)"),
        (
            "t.json",
            "[1, 2]",
            't.json: holds a list, not a TimelineJS timeline (a TimelineJS timeline is an object with "events": [...],'
            ' and optionally "title", "eras" and "scale")',
        ),
        (
            "t.json",
            '{"title": {"text": {}}}',
            't.json: events: is missing (a TimelineJS timeline is an object with "events": [...],'
            ' and optionally "title", "eras" and "scale")',
        ),
        (
            "t.json",
            '{"events": [{"start_date": {"year": 1}}, "x", {"start_date": [], "text": {"headline": ["a"]}}], "eras": {}}',
            "t.json: eras: must be a list of eras, not an object\n"
            "t.json: event 2: must be an object (a slide), not text\n"
            "t.json: event 3: start_date: must be an object, not a list\n"
            "t.json: event 3: text.headline: must be text, not a list",
        ),
        (
            "t.csv",
            "Name,Date\nx,2001\n",
            "t.csv: row 1: has no 'Year' or 'Headline' column, so this is not TimelineJS's sheet (in Google Sheets use"
            " File > Download > Comma-separated values (.csv) on the timeline's sheet; its first row names the columns:"
            " Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline, Text, Media,"
            " Media Credit, Media Caption, Media Thumbnail, Type, Group, Background, Alt Text)",
        ),
        ("t.csv", "Year,Headline,Year\n2001,a,2002\n", "t.csv: row 1: Year: is a column twice (keep one of them)"),
        ("t.csv", "", "t.csv: is empty (give the .json or .csv file exported from TimelineJS)"),
    ],
)
def test_a_file_that_is_no_timeline_is_one_line_per_problem_naming_the_key_or_row(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SiteError) as raised:
        read_timeline(path, name)
    assert "\n".join(map(str, raised.value.problems)) == message


def test_a_file_not_in_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("Year,Headline\n1990,Ünïcode\n".encode("latin-1"))
    with pytest.raises(SiteError) as raised:
        read_timeline(path, "t.csv")
    assert [str(p) for p in raised.value.problems] == [
        "t.csv:2: is not UTF-8 text (export it again, or save it as UTF-8)"
    ]


def test_a_missing_file_or_a_folder_is_one_line(tmp_path: Path) -> None:
    for path, message in (
        (
            tmp_path / "gone.json",
            "gone.json: not found (check the path; give the .json or .csv file exported from TimelineJS)",
        ),
        (tmp_path, "gone.json: is a folder, not a file (give the .json or .csv file exported from TimelineJS)"),
    ):
        with pytest.raises(SiteError) as raised:
            read_timeline(path, "gone.json")
        assert [str(p) for p in raised.value.problems] == [message]


def test_a_cosmological_scale_is_read_and_noted_as_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{"scale": "cosmological", "events": [{"start_date": {"year": -13800000000}}]}', encoding="utf-8")
    timeline = read_timeline(path, "t.json")
    assert timeline.events[0].start == When(year=-13800000000)
    assert timeline.notes == ("scale: 'cosmological' is not kept (entries' dates have years 0001 to 9999)",)
