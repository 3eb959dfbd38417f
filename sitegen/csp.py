"""The pages' Content-Security-Policy: only the site's own files run, style or load.

Every page names its policy in a `<meta>` (GitHub Pages sends no headers of
ours). Scripts and stylesheets come from the site itself; the one inline
piece is the category colours from site.toml, allowed by its hash. Pagefind's
search runs WebAssembly, hence 'wasm-unsafe-eval'. `frame-ancestors` and
`report-uri` are ignored in a `<meta>`, so they are not given.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from .categories import CategoryConfig
from .media import PLAYER_HOSTS

SCRIPT_SRC = "script-src 'self' 'wasm-unsafe-eval'"


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script or style with exactly this text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def category_css(categories: Iterable[CategoryConfig]) -> str:
    """One class per category setting its colour: `class="cat-<slug>"` instead of an inline style."""
    return "".join(f".cat-{category.slug}{{--category:{category.color}}}" for category in categories)


def policy(style: str, frames: tuple[str, ...] = ()) -> str:
    """The policy for pages whose one inline `<style>` holds `style`, framing only `frames`."""
    styles = f"style-src 'self' {source_hash(style)}" if style else "style-src 'self'"
    framed = " ".join(frames) or "'none'"
    return (
        f"default-src 'self'; {SCRIPT_SRC}; {styles}; img-src 'self'; object-src 'none'; "
        f"base-uri 'self'; form-action 'self'; frame-src {framed}"
    )


def page_globals(categories: Iterable[CategoryConfig]) -> dict[str, Any]:
    """What base.html prints: the policy and the category colours it allows; a page with a video
    (and only such a page) may frame the two players its facade loads on a click (media.py)."""
    style = category_css(categories)
    return {
        "content_security_policy": Markup(policy(style)),
        "video_security_policy": Markup(policy(style, PLAYER_HOSTS)),
        "category_css": Markup(style),
    }
