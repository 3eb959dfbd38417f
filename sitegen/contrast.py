"""WCAG 2 contrast of white label text on a category colour, and the nearest shade that is readable.

Category labels print white text on the category's colour, so a light colour
makes them unreadable. WCAG AA asks for a contrast of at least 4.5:1 for text
of ordinary size; the ratio comes from the colours' relative luminance.
"""

from __future__ import annotations

import colorsys

AA_TEXT = 4.5  # WCAG 2.2, success criterion 1.4.3, text of ordinary size


def _rgb(color: str) -> tuple[int, int, int]:
    """`#rrggbb` -> its three channels, 0-255."""
    value = int(color.removeprefix("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def _hex(red: float, green: float, blue: float) -> str:
    """Three channels in 0-1 -> `#rrggbb`."""
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


def relative_luminance(color: str) -> float:
    """WCAG's relative luminance of an sRGB colour: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(color: str) -> float:
    """The contrast ratio of white text on `color`, from 1 (white on white) to 21 (white on black)."""
    return (1.0 + 0.05) / (relative_luminance(color) + 0.05)


def readable_shade(color: str, minimum: float = AA_TEXT) -> str:
    """The lightest shade of `color`'s hue and saturation (HLS) carrying white text at `minimum` contrast.

    Lightness goes down a thousandth at a time, so the shade found is the one
    nearest the colour asked for, checked as the #rrggbb it is written as.
    """
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in _rgb(color)))
    shades = (
        _hex(*colorsys.hls_to_rgb(hue, step / 1000, saturation)) for step in range(round(lightness * 1000), -1, -1)
    )
    return next(shade for shade in shades if contrast_with_white(shade) >= minimum)  # black always passes
