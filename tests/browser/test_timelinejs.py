"""TimelineJS3, served locally, loads each language's timeline.json and shows every event."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PROJECT

pytestmark = pytest.mark.browser

DIST = PROJECT / "node_modules/@knight-lab/timelinejs/dist"
HARNESS = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>TimelineJS embed</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="tl/css/timeline.css">
<script src="tl/js/timeline.js"></script>
</head>
<body>
<div id="timeline" style="width: 1100px; height: 700px"></div>
<script>
window.timeline = new TL.Timeline("timeline", "site/{prefix}timeline.json", {{
  language: "{tl_language}",
  script_path: new URL("tl/js/", location.href).href,
  hash_bookmark: false,
  duration: 1,
  font: "georgia-helvetica",
}});
window.timeline.on("loaded", () => {{ window.timelineLoaded = true; }});
</script>
</body>
</html>
"""

READ_EVENT = """uid => {
  const slide = document.getElementById(uid);
  const marker = document.getElementById(uid + "-marker");
  const text = (root, selector) => (root && root.querySelector(selector) || {}).textContent || null;
  return {
    slide: text(slide, ".tl-headline"),
    date: text(slide, ".tl-headline-date"),
    marker: text(marker, ".tl-headline"),
  };
}"""


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def harness_root(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the embed page, TimelineJS's dist files and the built site side by side."""
    if not (DIST / "js/timeline.js").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("TimelineJS is missing under CI=true: run `npm ci`")
        pytest.skip("TimelineJS is not installed (npm ci); it runs in CI")
    root = tmp_path_factory.mktemp("timelinejs")
    (root / "tl").symlink_to(DIST, target_is_directory=True)
    (root / "site").symlink_to(bundled_build, target_is_directory=True)
    return root


@pytest.mark.parametrize("lang, prefix", [("en", ""), ("ru", "ru/"), ("kk", "kk/")])
def test_timelinejs_shows_every_event_of_the_built_timeline_json(
    harness_root: Path, bundled_build: Path, static_server, page, lang: str, prefix: str
) -> None:
    tl_language = lang if (DIST / f"js/locale/{lang}.json").is_file() else "en"
    (harness_root / f"{lang}.html").write_text(
        HARNESS.format(lang=lang, prefix=prefix, tl_language=tl_language), encoding="utf-8"
    )
    base = static_server(harness_root)
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto(f"{base}{lang}.html")
    page.wait_for_function("window.timelineLoaded === true", timeout=20_000)

    data = json.loads((bundled_build / prefix / "entries.json").read_text(encoding="utf-8"))
    assert data["language"] == lang
    title = page.locator(".tl-slide-titleslide .tl-headline").first
    assert flat(title.text_content()) == flat(data["title"])
    for item in data["entries"]:
        shown = page.evaluate(READ_EVENT, item["slug"])
        assert flat(shown["slide"]) == flat(item["title"]), item["slug"]
        assert flat(shown["marker"]) == flat(item["title"]), item["slug"]
        assert flat(shown["date"]) == flat(item["display_date"]), item["slug"]
        page.evaluate("uid => window.timeline.goToId(uid)", item["slug"])
        expect(page.locator(f"[id='{item['slug']}'] .tl-headline")).to_be_in_viewport(ratio=0.9, timeout=5_000)
    events = page.evaluate("window.timeline.config.events.length")
    assert events == len(data["entries"])
    eras = json.loads((bundled_build / prefix / "timeline.json").read_text(encoding="utf-8"))["eras"]
    assert eras, "the bundled site declares eras"
    bands = page.locator(".tl-timeera .tl-timeera-text .tl-headline")
    expect(bands).to_have_count(len(eras))
    assert [flat(t) for t in bands.all_text_contents()] == [flat(era["text"]["headline"]) for era in eras]
    assert page.problems == []
