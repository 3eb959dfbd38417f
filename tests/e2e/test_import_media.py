"""`import --fetch-media`: a timeline's images downloaded beside their entries from a local server, its videos as
media items, every failure one report line and the image kept as a link; never the internet."""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from PIL import Image

from sitegen.probe import Pacer, ProbeError, Settings, fetch
from tests.conftest import make_site, run_cli
from tests.html_tree import parse

SITE = '[site]\ntitle = "Test reform"\ndescription = "A fixture site."\n'
SOURCE = '<p>Reported by <a href="https://example.org/news">the news</a>.</p>'


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


class Handler(http.server.BaseHTTPRequestHandler):
    """A picture, a missing file, a page that is no picture and a server too slow to wait for."""

    asked: ClassVar[list[str]] = []
    picture = png()

    def do_GET(self) -> None:
        self.asked.append(self.path)
        if self.path == "/slow.jpg":
            time.sleep(2)
        if self.path in ("/pictures/Court%20room.png", "/plain.png", "/slow.jpg"):
            body, kind, status = self.picture, "image/png", 200
        elif self.path == "/notes.jpg":
            body, kind, status = b"<!doctype html><title>Not a picture</title>", "text/html", 200
        else:
            body, kind, status = b"not found", "text/plain", 404
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up waiting
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    Handler.asked = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def event(day: int, headline: str, media: dict[str, str], text: str = SOURCE) -> dict[str, object]:
    return {
        "start_date": {"year": 2021, "month": 3, "day": day},
        "text": {"headline": headline, "text": text},
        "media": media,
    }


@pytest.fixture
def timeline(server: str, tmp_path: Path) -> Path:
    path = tmp_path / "timeline.json"
    events = [
        event(1, "Court hearing", {
            "url": f"{server}/pictures/Court%20room.png", "alt": "A courtroom, seen from the gallery",
            "caption": "The first <em>hearing</em>", "credit": "Photo: A. Person",
        }),
        event(2, "Missing picture", {"url": f"{server}/missing.png", "credit": "Agency"}),
        event(3, "Not a picture", {"url": f"{server}/notes.jpg", "alt": "Notes", "credit": "Agency"}),
        event(4, "Slow picture", {"url": f"{server}/slow.jpg", "alt": "Slow", "credit": "Agency"}),
        event(5, "Uncredited picture", {"url": f"{server}/plain.png"}),
        event(6, "Speech on video", {"url": "https://vimeo.com/123456789", "caption": "The speech", "credit": "Studio"}),
    ]  # fmt: skip
    path.write_text(json.dumps({"events": events}), encoding="utf-8")
    return path


def fields(path: Path) -> tuple[dict[str, object], str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def media_lines(stdout: str) -> list[str]:
    lines = stdout.split("\nMedia:\n")[1].splitlines()
    return [line.strip() for line in lines[: next(n for n, line in enumerate(lines) if not line.startswith("  "))]]


def test_images_are_downloaded_beside_their_entries_and_failures_stay_links(
    server: str, timeline: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITEGEN_FETCH_TIMEOUT", "0.5")
    root = make_site(tmp_path, {}, toml=SITE)
    result = run_cli("import", timeline, "--root", root, "--fetch-media")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert media_lines(result.stdout) == [
        f"event 1: image, downloaded beside the entry as court-room.png: {server}/pictures/Court%20room.png",
        f"event 2: image, not downloaded (404 Not Found), kept as a link: {server}/missing.png",
        f"event 3: image, not downloaded: what it gave is not an image Pillow can read, kept as a link: {server}/notes.jpg",
        f"event 4: image, not downloaded (no answer within 0.5 s), kept as a link: {server}/slow.jpg",
        "event 5: image, downloaded beside the entry as plain.png; the timeline gives no credit or alt text, "
        f"so a placeholder stands in and the entry is a draft: {server}/plain.png",
        "event 6: Vimeo video, written as a media item: https://vimeo.com/123456789",
    ]
    entries = root / "content/entries"
    court, court_body = fields(entries / "2021-03-01-court-hearing/index.md")
    assert court["media"] == [
        {
            "image": "court-room.png",
            "alt": "A courtroom, seen from the gallery",
            "caption": "The first hearing",
            "credit": "Photo: A. Person",
            "source_url": f"{server}/pictures/Court%20room.png",
        }
    ]
    assert "draft" not in court and "Court%20room" not in court_body
    with Image.open(entries / "2021-03-01-court-hearing/court-room.png") as picture:
        assert picture.size == (640, 360)
    for name, url in (("missing-picture", "missing.png"), ("not-a-picture", "notes.jpg"), ("slow-picture", "slow.jpg")):
        day = {"missing-picture": 2, "not-a-picture": 3, "slow-picture": 4}[name]
        meta, body = fields(entries / f"2021-03-0{day}-{name}.md")
        assert "media" not in meta and f"Media (image): <{server}/{url}>" in body
    plain, _ = fields(entries / "2021-03-05-uncredited-picture/index.md")
    assert plain["draft"] is True and plain["media"][0]["image"] == "plain.png"
    assert "2021-03-05-uncredited-picture/index.md" in result.stdout.split("Drafts needing media details")[1]
    video, video_body = fields(entries / "2021-03-06-speech-on-video.md")
    assert video["media"] == [{"video": "https://vimeo.com/123456789", "caption": "The speech", "credit": "Studio"}]
    assert "draft" not in video and "vimeo.com" not in video_body

    check = run_cli("check", "--root", root)
    assert check.returncode == 0, check.stderr
    out = tmp_path / "out"
    build = run_cli("build", "--root", root, "--out", out, "--drafts")
    assert build.returncode == 0, build.stderr
    page = parse(out / "entries/court-hearing/index.html")
    figure = page.find("figure", "media")
    assert figure.find("picture") is not None
    assert figure.find("img").attrs["alt"] == "A courtroom, seen from the gallery"
    assert "Photo: A. Person" in figure.find(cls="media-credit").text
    facade = parse(out / "entries/speech-on-video/index.html").find("figure", "video")
    assert facade.attrs["data-player"].startswith("https://player.vimeo.com/video/123456789")
    assert parse(out / "entries/uncredited-picture/index.html").find("picture") is not None

    (entries / "2021-03-05-uncredited-picture/index.md").write_text(
        (entries / "2021-03-05-uncredited-picture/index.md").read_text(encoding="utf-8").replace("draft: true", "#"),
        encoding="utf-8",
    )
    refused = run_cli("check", "--root", root)
    assert refused.returncode != 0
    assert "2021-03-05-uncredited-picture/index.md" in refused.stderr and "is a placeholder" in refused.stderr


def test_without_fetch_media_and_on_a_dry_run_nothing_is_downloaded(
    server: str, timeline: Path, tmp_path: Path
) -> None:
    root = make_site(tmp_path, {}, toml=SITE)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    dry = run_cli("import", timeline, "--root", root, "--fetch-media", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert media_lines(dry.stdout)[0] == (
        f"event 1: image, would be downloaded beside the entry as court-room.png: {server}/pictures/Court%20room.png"
    )
    assert "content/entries/2021-03-01-court-hearing/index.md  (event 1)" in dry.stdout
    assert Handler.asked == [] and sorted(p.relative_to(root) for p in root.rglob("*")) == before

    result = run_cli("import", timeline, "--root", root)
    assert result.returncode == 0, result.stderr
    assert Handler.asked == []
    assert media_lines(result.stdout)[0] == (
        "event 1: image, referenced as a link, not downloaded (import with --fetch-media to save it beside the "
        f"entry): {server}/pictures/Court%20room.png"
    )
    meta, body = fields(root / "content/entries/2021-03-01-court-hearing.md")
    assert "media" not in meta and f"Media (image): <{server}/pictures/Court%20room.png>" in body


def test_a_timeout_that_is_no_number_is_one_line(
    timeline: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITEGEN_FETCH_TIMEOUT", "soon")
    result = run_cli("import", timeline, "--root", make_site(tmp_path, {}, toml=SITE), "--fetch-media")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "SITEGEN_FETCH_TIMEOUT: 'soon' is not a number of seconds (e.g. SITEGEN_FETCH_TIMEOUT=20)"
    )


def test_a_download_over_the_limit_is_refused(server: str) -> None:
    settings = Settings("test", timeout=2, delay=0, retries=0)
    assert fetch(f"{server}/plain.png", settings, Pacer(0), "image/*", limit=len(Handler.picture)) == Handler.picture
    with pytest.raises(ProbeError, match="is over 100 bytes"):
        fetch(f"{server}/plain.png", settings, Pacer(0), "image/*", limit=100)
