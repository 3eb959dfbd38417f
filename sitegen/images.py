"""A photo's bytes to the files a page shows: upright, stripped of every tag, in a few widths and formats.

Pure: bytes in, bytes out, the same bytes for the same input and Pillow.
The pixels are copied into a new image before saving, so nothing the camera
or an editor wrote (EXIF with GPS, XMP, ICC text, comments) can reach a file.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import PIL
from PIL import Image, ImageOps, UnidentifiedImageError, features

from .digest import digest

WIDTHS = (480, 800, 1200)  # the text column is 40rem: 1200 covers it on a screen of three pixels per point
MAX_PIXELS = 40_000_000  # a larger image is a mistake or an attack; Pillow's own guard stops far larger ones
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
QUALITY = {"avif": 55, "webp": 78, "jpeg": 82}
MODERN = ("avif", "webp") if features.check("avif") else ("webp",)
SETTINGS = f"pillow={PIL.__version__};widths={WIDTHS};quality={sorted(QUALITY.items())};modern={MODERN};v=1"
MIME = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


class ImageError(Exception):
    """An image that cannot be published, in a writer's words."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Variant:
    name: str  # the file's name, with a hash of its bytes
    data: bytes
    width: int
    height: int
    format: str  # avif, webp, jpg or png: the file's extension

    @property
    def mime(self) -> str:
        return MIME[self.format]


def decode(data: bytes) -> Image.Image:
    """The picture upright, as bare pixels; an ImageError for what Pillow cannot or must not read."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("over MAX_PIXELS")
            if image.format not in FORMATS:
                raise ImageError(f"is a {image.format} image, which is not published", "save it as JPEG or PNG")
            image.load()
            image = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            hint = f"make it smaller than {MAX_PIXELS // 1_000_000} million pixels, e.g. 4000×3000"
            raise ImageError("has too many pixels to process safely", hint) from None
        except UnidentifiedImageError:
            raise ImageError("is not an image Pillow can read", "save it as JPEG or PNG") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageError("is damaged or cut short", "export it again from the original") from None
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())  # pixels only: no info, no tags


def widths(width: int) -> tuple[int, ...]:
    """The widths made: those of WIDTHS below the original's, and the original's up to the largest."""
    return tuple(sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])}))


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "avif":
        image.save(buffer, "AVIF", quality=QUALITY["avif"], speed=6, max_threads=1)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=QUALITY["webp"], method=4, exact=False)
    elif fmt == "jpg":
        image.save(buffer, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def process(data: bytes, stem: str) -> tuple[Variant, ...]:
    """Every variant of one image: each width in each modern format and the fallback (PNG if transparent)."""
    image = decode(data)
    fallback = "png" if image.mode == "RGBA" else "jpg"
    variants = []
    for width in widths(image.width):
        height = max(1, round(image.height * width / image.width))
        sized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in (*MODERN, fallback):
            encoded = _encode(sized, fmt)
            name = f"{stem}-{width}.{digest(encoded)[:12]}.{fmt}"
            variants.append(Variant(name, encoded, width, height, fmt))
    return tuple(variants)
