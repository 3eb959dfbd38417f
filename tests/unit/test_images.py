"""Image processing: upright, stripped of every tag, a few widths, the same bytes each time, errors in words."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image, PngImagePlugin

from sitegen import images
from sitegen.images import ImageError, process

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def photo(width: int = 1000, height: int = 600, *, orientation: int | None = None, fmt: str = "JPEG") -> bytes:
    """A photo whose left half is red, with GPS and XMP tags (and an orientation tag if given)."""
    image = Image.new("RGB", (width, height), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (43.0, 15.0, 0.0), "E", (76.0, 55.0, 0.0)
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "taken at home")
        image.save(buffer, "PNG", exif=exif, pnginfo=info)
    else:
        image.save(buffer, fmt, exif=exif, xmp=XMP, icc_profile=b"fake icc profile")
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_source_carries_the_tags_the_outputs_must_not() -> None:
    source = opened(photo(orientation=6))
    assert source.getexif().get_ifd(0x8825)
    assert "xmp" in source.info


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_every_output_is_stripped_of_exif_gps_xmp_icc_and_text(fmt: str) -> None:
    variants = process(photo(orientation=6, fmt=fmt), "court")
    assert variants
    for variant in variants:
        image = opened(variant.data)
        assert not image.getexif(), variant.name
        assert not image.getexif().get_ifd(0x8825), variant.name
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "Comment", "comment"} & image.info.keys()
        assert b"taken at home" not in variant.data and b"xmpmeta" not in variant.data


def test_orientation_is_applied_so_the_picture_stands_upright() -> None:
    """Orientation 6 (turned 90° clockwise): a wide photo comes out tall, its red half on top."""
    variants = process(photo(1000, 600, orientation=6), "court")
    largest = [v for v in variants if v.format == "jpg"][-1]
    image = opened(largest.data).convert("RGB")
    assert (largest.width, largest.height) == image.size == (600, 1000)
    top, bottom = image.getpixel((300, 100)), image.getpixel((300, 900))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]


def test_widths_are_never_larger_than_the_original() -> None:
    assert images.widths(4000) == (480, 800, 1200)
    assert images.widths(900) == (480, 800, 900)
    assert images.widths(300) == (300,)
    variants = process(photo(900, 300), "wide")
    assert sorted({v.width for v in variants}) == [480, 800, 900]
    for variant in variants:
        assert opened(variant.data).size == (variant.width, variant.height)
        assert variant.height == round(300 * variant.width / 900)


def test_each_width_comes_in_a_modern_format_and_a_fallback() -> None:
    formats = {v.format for v in process(photo(500, 300), "court")}
    assert formats == {*images.MODERN, "jpg"}
    transparent = io.BytesIO()
    Image.new("RGBA", (200, 100), (0, 0, 0, 0)).save(transparent, "PNG")
    variants = process(transparent.getvalue(), "logo")
    png = next(v for v in variants if v.format == "png")
    assert opened(png.data).mode == "RGBA" and opened(png.data).getpixel((5, 5))[3] == 0


def test_same_input_gives_the_same_bytes_and_names() -> None:
    source = photo(orientation=3)
    first, second = process(source, "court"), process(source, "court")
    assert [(v.name, v.data) for v in first] == [(v.name, v.data) for v in second]
    assert all(v.name.startswith("court-") for v in first)
    assert len({v.name for v in first}) == len(first)


def test_a_changed_picture_gets_new_names() -> None:
    assert {v.name for v in process(photo(700, 400), "court")}.isdisjoint(
        v.name for v in process(photo(700, 401), "court")
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (photo()[:400], "is damaged or cut short"),
        (b"not an image at all", "is not an image Pillow can read"),
        (b"", "is not an image Pillow can read"),
    ],
)
def test_a_broken_file_is_an_image_error_not_a_traceback(data: bytes, message: str) -> None:
    with pytest.raises(ImageError) as caught:
        process(data, "broken")
    assert caught.value.message == message and caught.value.hint


def test_a_format_that_is_not_published_is_refused() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    with pytest.raises(ImageError, match="BMP"):
        process(buffer.getvalue(), "drawing")


def test_an_image_over_the_pixel_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    with pytest.raises(ImageError, match="too many pixels"):
        process(photo(40, 40), "bomb")


@pytest.mark.parametrize("side", [40, 100])
def test_pillows_bomb_warning_is_an_error_like_its_bomb_error(monkeypatch: pytest.MonkeyPatch, side: int) -> None:
    """Pillow only warns between its limit and twice it (40×40 here); past that (100×100) it refuses."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as a writer's Python runs: the warning must not slip through
        with pytest.raises(ImageError, match="too many pixels"):
            process(photo(side, side), "bomb")
