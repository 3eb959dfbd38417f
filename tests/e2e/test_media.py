"""Photos and videos in entries, built: a folder entry with its photo, in two languages, read back from disk."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from sitegen.devsite import DevSite
from sitegen.pipeline import BuildOptions, SiteBuilder, build
from tests.conftest import SITE_TOML, make_site, run_cli
from tests.e2e.test_incremental import assert_same
from tests.e2e.test_nu_validator import nu_errors
from tests.e2e.test_reader_html import BUDGET
from tests.html_tree import Node, parse

TOML = SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru"]')
TOML += '\n[categories.courts.ru]\ntitle = "Суды"\n\n[categories.rights.ru]\ntitle = "Права"\n'
FOLDER = "content/entries/2021-07-01-court"
HEAD = (
    "---\ntitle: {title}\n{date}categories: [courts]\nsources:\n  - title: A source\n    url: https://example.org/doc\n"
)
COURT = HEAD.format(title="A court opens", date="date: 2021-07-01\n") + (
    "media:\n"
    "  - image: photo.jpg\n    alt: The courtroom on its first day\n    caption: The new courtroom\n    credit: Jane Doe\n"
    "    license: CC BY 4.0\n"
    "  - video: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n    caption: The opening\n    credit: Court TV\n"
    '---\nThe court opened.\n\n![An empty bench](bench.png "The judges\' bench")\n'
)
COURT_RU = HEAD.format(title="Открылся суд", date="") + (
    "media:\n  - alt: Зал суда в первый день\n    credit: Джейн Доу\n  - credit: Судебное ТВ\n"
    '---\nСуд открылся.\n\n![Пустая скамья](bench.png "Скамья судей")\n'
)
SEAL = HEAD.format(title="A seal is chosen", date="date: 2021-08-01\n") + (
    "media:\n  image: ../media/seal.png\n  decorative: true\n  credit: The court\n---\nA seal.\n"
)
HEARING = HEAD.format(title="The first hearing", date="date: 2021-09-01\n") + (
    "media:\n  - video: https://vimeo.com/76979871\n    poster: ../media/seal.png\n    credit: The court\n"
    "---\nA hearing.\n"
)
GPS_TAG = 0x8825


def photo(width: int, height: int, orientation: int) -> bytes:
    """A camera's photo: GPS position, orientation tag and XMP, left half red."""
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_TAG)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 10.0, 0.0), "E", (71.0, 26.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    return buffer.getvalue()


def png(width: int, height: int, alpha: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 120, 10, alpha)).save(buffer, "PNG")
    return buffer.getvalue()


def media_site(tmp_path: Path) -> Path:
    root = make_site(
        tmp_path,
        {
            f"{FOLDER}/index.md": COURT,
            f"{FOLDER}/index.ru.md": COURT_RU,
            "content/entries/2021-08-01-seal.md": SEAL,
            "content/entries/2021-09-01-hearing.md": HEARING,
        },
        toml=TOML,
    )
    (root / FOLDER / "photo.jpg").write_bytes(photo(1600, 1000, orientation=6))
    (root / FOLDER / "bench.png").write_bytes(png(600, 300))
    (root / "content/media").mkdir()
    (root / "content/media/seal.png").write_bytes(png(200, 200, alpha=255))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = media_site(tmp_path_factory.mktemp("media"))
    build(BuildOptions(root=root, out=root / "out"))
    return root / "out"


def pictures(page: Node) -> list[Node]:
    return [img for pic in page.find_all("picture") for img in pic.find_all("img")]


def file_of(out: Path, url: str) -> Path:
    return out / url.removeprefix("/reform/")


def test_a_folder_entry_takes_its_folders_name_in_every_language(built: Path) -> None:
    assert (built / "entries/court/index.html").is_file()
    assert (built / "ru/entries/court/index.html").is_file()


def test_each_picture_has_sources_sizes_and_its_dimensions_and_only_the_first_loads_at_once(built: Path) -> None:
    page = parse(built / "entries/court/index.html")
    imgs = pictures(page)
    assert [img.attrs["alt"] for img in imgs] == ["The courtroom on its first day", "An empty bench"]
    assert "loading" not in imgs[0].attrs and imgs[1].attrs["loading"] == "lazy"
    for img in imgs:
        assert img.attrs["decoding"] == "async" and img.attrs["sizes"]
        with Image.open(file_of(built, img.attrs["src"])) as shown:
            assert shown.size == (int(img.attrs["width"]), int(img.attrs["height"]))
    assert (imgs[0].attrs["width"], imgs[0].attrs["height"]) == ("1000", "1600")  # upright: the tag turned it
    for picture in page.find_all("picture"):
        sets = [s.attrs["srcset"] for s in picture.find_all("source")] + [picture.find("img").attrs["srcset"]]
        assert {s.attrs["type"] for s in picture.find_all("source")} >= {"image/webp"}
        for srcset in sets:
            for url, width in re.findall(r"(\S+) (\d+)w", srcset):
                with Image.open(file_of(built, url)) as variant:
                    assert variant.width == int(width) <= 1200


def test_the_first_photos_widths_are_never_wider_than_the_original(built: Path) -> None:
    img = pictures(parse(built / "entries/court/index.html"))[0]
    assert [int(w) for w in re.findall(r" (\d+)w", img.attrs["srcset"])] == [480, 800, 1000]


def test_captions_credits_and_a_body_image_alone_in_its_paragraph_make_figures(built: Path) -> None:
    page = parse(built / "entries/court/index.html")
    captions = [figure.find("figcaption").text for figure in page.find_all("figure")]
    assert captions == [
        "The new courtroom Credit: Jane Doe · CC BY 4.0",
        "The opening Credit: Court TV",
        "The judges' bench",
    ]


def test_a_translation_shows_the_same_files_with_its_own_alt_and_credit(built: Path) -> None:
    en, ru = (parse(built / f"{p}entries/court/index.html") for p in ("", "ru/"))
    assert [i.attrs["src"] for i in pictures(en)] == [i.attrs["src"] for i in pictures(ru)]
    assert [i.attrs["alt"] for i in pictures(ru)] == ["Зал суда в первый день", "Пустая скамья"]
    assert "Автор: Джейн Доу" in ru.find("figure").text


def test_a_file_under_content_media_and_a_decorative_image(built: Path) -> None:
    img = pictures(parse(built / "entries/seal/index.html"))[0]
    assert img.attrs["alt"] == "" and img.attrs["src"].endswith(".png")


def test_no_published_image_carries_exif_gps_or_xmp(built: Path) -> None:
    files = sorted((built / "media").iterdir())
    assert {f.suffix for f in files} >= {".jpg", ".png", ".webp"}
    for file in files:
        with Image.open(file) as image:
            image.load()
            assert not image.getexif() and not image.getexif().get_ifd(GPS_TAG), file.name
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile"} & image.info.keys(), file.name
        assert b"adobe:ns:meta" not in file.read_bytes()


def test_only_a_page_with_a_video_may_frame_the_two_players_and_it_frames_none_before_a_click(built: Path) -> None:
    def frames(path: str) -> str:
        policy = next(m for m in parse(built / path).find_all("meta") if m.attrs.get("http-equiv")).attrs
        return re.search(r"frame-src ([^;]*)", policy["content"]).group(1)

    assert frames("entries/court/index.html") == "https://www.youtube-nocookie.com https://player.vimeo.com"
    assert frames("entries/seal/index.html") == frames("index.html") == "'none'"
    video = parse(built / "entries/court/index.html").find("figure", "video")
    assert not video.find_all("iframe")
    assert video.attrs["data-player"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert video.find("a").attrs["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"  # without JavaScript


def test_a_vimeo_video_asks_not_to_be_tracked_and_shows_the_writers_still(built: Path) -> None:
    video = parse(built / "entries/hearing/index.html").find("figure", "video")
    assert video.attrs["data-player"] == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    link = video.find("a")
    assert link.attrs["href"] == "https://vimeo.com/76979871"
    still = link.find("img")
    assert still.attrs["alt"] == "" and (built / still.attrs["src"].removeprefix("/reform/")).is_file()
    assert link.text == "Play the video on Vimeo: The first hearing"


def test_media_styles_and_script_load_only_where_media_shows(built: Path) -> None:
    def loaded(path: str) -> list[str]:
        page = parse(built / path)
        names = [n.attrs.get("href", "") for n in page.find_all("link")]
        names += [n.attrs.get("src", "") for n in page.find_all("script")]
        return sorted(name.rpartition(".")[2] for name in names if "/assets/media." in name)

    assert loaded("entries/court/index.html") == ["css", "js"]
    assert loaded("entries/seal/index.html") == ["css"]  # a picture but no video: no script
    assert loaded("index.html") == []
    page = parse(built / "entries/court/index.html")
    linked = [n.attrs["href"] for n in page.find_all("link") if n.attrs.get("rel") == "stylesheet"]
    linked += [n.attrs["src"] for n in page.find_all("script") if "src" in n.attrs]
    assert sum(file_of(built, url).stat().st_size for url in linked) <= BUDGET


def test_the_same_input_builds_the_same_image_bytes(built: Path, tmp_path: Path) -> None:
    """Also from two processes, with a page showing a copy of a picture an entry shows: the same files."""
    root = media_site(tmp_path)
    (root / "content/media/copies").mkdir()
    (root / "content/media/copies/seal.png").write_bytes((root / "content/media/seal.png").read_bytes())
    (root / "content/pages").mkdir()
    (root / "content/pages/about.md").write_text("---\ntitle: About\n---\n![Our seal](../media/copies/seal.png)\n")
    build(BuildOptions(root=root, out=root / "again", cache=False, jobs=2))  # images made in two processes
    again = {f.name: f.read_bytes() for f in (root / "again/media").iterdir()}
    assert again == {f.name: f.read_bytes() for f in (built / "media").iterdir()}
    assert pictures(parse(root / "again/about/index.html"))[0].attrs["alt"] == "Our seal"


def test_a_replaced_photo_gets_new_files_and_the_old_ones_go(tmp_path: Path) -> None:
    root = media_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root=root, out=root / "out"))
    builder.build()
    before = {f.name for f in (root / "out/media").iterdir()}
    (root / FOLDER / "photo.jpg").write_bytes(photo(900, 600, orientation=1))
    builder.build()
    after = {f.name for f in (root / "out/media").iterdir()}
    assert {n for n in before if n.startswith("photo-")}.isdisjoint(after)
    img = pictures(parse(root / "out/entries/court/index.html"))[0]
    assert (img.attrs["width"], img.attrs["height"]) == ("900", "600")
    assert (root / "out" / img.attrs["src"].removeprefix("/reform/")).is_file()


def test_a_warm_build_in_a_new_process_sees_a_replaced_photo_though_no_text_changed(tmp_path: Path) -> None:
    """A warm build makes nothing when no input changed: a picture beside an entry is an input too."""
    root = media_site(tmp_path)
    build(BuildOptions(root=root, out=root / "out"))
    (root / FOLDER / "photo.jpg").write_bytes(photo(900, 600, orientation=1))
    result = build(BuildOptions(root=root, out=root / "out"))
    assert result.made, "the warm build skipped a changed picture"
    img = pictures(parse(root / "out/entries/court/index.html"))[0]
    assert (img.attrs["width"], img.attrs["height"]) == ("900", "600")
    assert (root / "out" / img.attrs["src"].removeprefix("/reform/")).is_file()


def test_check_says_a_broken_image_is_an_error_where_it_once_said_ok(tmp_path: Path) -> None:
    root = media_site(tmp_path)
    (root / FOLDER / "bench.png").write_bytes(png(600, 300)[:120])  # cut short, as by a failed copy
    result = run_cli("check", "--root", root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:-1] == [
        f"{FOLDER}/index.md:20: body: {FOLDER}/bench.png is damaged or cut short (export it again from the original)"
    ]
    assert not (root / ".cache").exists()  # check writes nothing


def test_pages_with_media_pass_the_nu_html_checker(built: Path, tmp_path: Path) -> None:
    pages = [
        built / f"{lang}entries/{slug}/index.html" for lang in ("", "ru/") for slug in ("court", "seal", "hearing")
    ]
    errors = nu_errors(pages, built, tmp_path)
    assert not errors, errors


def test_the_preview_after_adding_replacing_and_deleting_a_photo_equals_a_full_build(tmp_path: Path) -> None:
    root = media_site(tmp_path)
    site = DevSite(root, drafts=True)
    site.rebuild()
    photo_path, text = root / FOLDER / "photo.jpg", (root / FOLDER / "index.md").read_text(encoding="utf-8")
    steps = [
        lambda: photo_path.write_bytes(photo(700, 500, orientation=1)),
        lambda: (root / FOLDER / "index.md").write_text(text.replace("image: photo.jpg", "image: extra.png")),
        lambda: (root / FOLDER / "extra.png").write_bytes(png(300, 300)),
        lambda: photo_path.unlink(),  # no longer named: the site stays as it was
    ]
    for number, step in enumerate(steps):
        step()
        changed = [root / FOLDER / name for name in ("photo.jpg", "index.md", "extra.png")]
        outcome = site.rebuild(changed)
        if number == 1:  # extra.png is named before it is saved: the preview says so at the line
            assert [p.line for p in site.status.problems] == [9], site.status.problems
            continue
        assert not site.status.problems, site.status.problems
        assert outcome.reload == ("*" if number < 3 else None)
        assert site.later.wait(timeout=120)
        build(BuildOptions(root=root, out=tmp_path / f"full-{number}", drafts=True))
        assert_same(site.out, tmp_path / f"full-{number}")
