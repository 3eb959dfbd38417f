"""Every built page names a strict Content-Security-Policy, and holds nothing inline that it would block."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from sitegen.config import load_config
from tests.conftest import PROJECT
from tests.html_tree import parse

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' {style}; img-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'"
)


def test_every_page_carries_the_policy_before_anything_it_governs(bundled_build: Path) -> None:
    pages = sorted(bundled_build.rglob("*.html"))
    assert len(pages) > 100 and bundled_build / "404.html" in pages
    colours = {c.slug: c.color for c in load_config(PROJECT)[0].categories}
    for path in pages:
        where = path.relative_to(bundled_build)
        head = parse(path).find("head")
        children = [node for node in head.children if not isinstance(node, str)]
        at = next(i for i, node in enumerate(children) if node.attrs.get("http-equiv") == "Content-Security-Policy")
        policies = [m.attrs["content"] for m in head.find_all("meta") if m.attrs.get("http-equiv")]
        style = head.find("style").text
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert policies == [POLICY.format(style=f"'sha256-{digest}'")], where
        assert [node.tag for node in children[:at]] == ["meta", "meta"], where  # charset and viewport only
        assert style == "".join(f".cat-{slug}{{--category:{colour}}}" for slug, colour in colours.items())


def test_no_page_has_an_inline_style_attribute_or_an_inline_script(bundled_build: Path) -> None:
    """The policy would block them: colours are classes, scripts are files (JSON-LD is data, not run)."""
    for path in sorted(bundled_build.rglob("*.html")):
        where = path.relative_to(bundled_build)
        doc = parse(path)
        assert [n.tag for n in doc.iter() if "style" in n.attrs] == [], where
        assert [n.tag for n in doc.iter() if any(name.startswith("on") for name in n.attrs)] == [], where
        for script in doc.find_all("script"):
            external = script.attrs.get("src", "").startswith("/kz-reform/assets/") and not script.children
            assert external or script.attrs.get("type") == "application/ld+json", f"{where}: {script.attrs}"
    card = parse(bundled_build / "index.html").find("li", "card")
    assert any(c.startswith("cat-") for c in card.classes)
