"""Category colours carry white label text at WCAG AA contrast; a light one is refused with a darker shade."""

from __future__ import annotations

import colorsys
import tomllib

import pytest

from sitegen.categories import DEFAULT_PALETTE
from sitegen.config import load_config, parse_config, toml_lines
from sitegen.contrast import contrast_with_white, readable_shade
from tests.conftest import PROJECT


@pytest.mark.parametrize(
    ("color", "ratio"),
    [("#ffffff", 1.0), ("#000000", 21.0), ("#767676", 4.54), ("#777777", 4.48), ("#0000ff", 8.59)],
)
def test_contrast_follows_wcag_relative_luminance(color: str, ratio: float) -> None:
    assert contrast_with_white(color) == pytest.approx(ratio, abs=0.005)


@pytest.mark.parametrize("color", ["#f0c020", "#ff0000", "#777777", "#7fd4ff", "#ffffff"])
def test_the_readable_shade_keeps_the_hue_and_is_the_lightest_that_passes(color: str) -> None:
    shade = readable_shade(color)
    assert contrast_with_white(shade) >= 4.5
    hue, lightness, saturation = colorsys.rgb_to_hls(*(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    shade_hls = colorsys.rgb_to_hls(*(int(shade[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    assert shade_hls[1] <= lightness
    assert shade_hls[0] == pytest.approx(hue, abs=0.01)
    assert shade_hls[2] == pytest.approx(saturation, abs=0.02)
    lighter = colorsys.hls_to_rgb(hue, shade_hls[1] + 0.01, saturation)
    assert contrast_with_white("#" + "".join(f"{round(c * 255):02x}" for c in lighter)) < 4.5


def test_a_colour_that_passes_is_its_own_readable_shade() -> None:
    assert readable_shade("#1f5f8b") == "#1f5f8b"


def test_a_light_category_colour_is_an_error_at_its_line_naming_a_shade_that_passes() -> None:
    text = '[site]\ntitle = "T"\ndescription = "D"\nbase_url = "https://example.org/"\n\n[categories.gold]\ntitle = "Gold"\ncolor = "#F0C020"\n'
    config, problems = parse_config(tomllib.loads(text), toml_lines(text))
    assert config is None
    assert [str(p) for p in problems] == [
        "site.toml:8: categories.gold.color: white text on #f0c020 has a contrast of 1.71:1, below the 4.5:1 "
        "of WCAG AA (use #92720a, the nearest shade of the same hue that reaches it)"
    ]


def test_the_default_palette_and_the_bundled_colours_pass() -> None:
    config, _ = load_config(PROJECT)
    written = tomllib.loads((PROJECT / "site.toml").read_text(encoding="utf-8"))["categories"]
    assert [c.color for c in config.categories] == [written[c.slug]["color"] for c in config.categories]
    for color in (*DEFAULT_PALETTE, *(c.color for c in config.categories)):
        assert contrast_with_white(color) >= 4.5, color
