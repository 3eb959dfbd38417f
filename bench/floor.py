"""The floor: our stack doing nothing but front matter -> Markdown -> a trivial template -> write.

Every Markdown file of a site (all languages) becomes `<out>/<path>/index.html`
with python-frontmatter, Python-Markdown (the generator's extensions and
settings) and one small Jinja template. No validation, no lists, no feeds: no
generator on this stack can build the same pages for less. `--processes 2`
splits the files between two worker processes.

    python bench/floor.py SITE OUT [--processes N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

import frontmatter
import jinja2
import markdown
from markupsafe import Markup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.markup import EXTENSION_CONFIGS, EXTENSIONS

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<h1>{{ title }}</h1>
<p><time>{{ date }}</time></p>
{{ body }}
</body>
</html>
"""


def convert(site: Path, out: Path, paths: list[Path]) -> int:
    """Convert and write `paths`; one Markdown instance reused, as a real generator would."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    for path in paths:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        md.reset()
        body = Markup(md.convert(post.content))
        rel = path.relative_to(site).with_suffix("")
        lang = rel.suffix[1:] or "en"
        html = template.render(title=post.get("title", ""), date=post.get("date", ""), lang=lang, body=body)
        target = out / rel / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return len(paths)


def _convert_chunk(args: tuple[Path, Path, list[Path]]) -> int:
    return convert(*args)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args(argv)
    site, out = args.site.resolve(), args.out.resolve()
    paths = sorted((site / "content").rglob("*.md"))
    if args.processes <= 1:
        pages = convert(site, out, paths)
    else:
        chunks = [(site, out, paths[i :: args.processes]) for i in range(args.processes)]
        with multiprocessing.get_context("fork").Pool(args.processes) as pool:
            pages = sum(pool.map(_convert_chunk, chunks))
    print(f"Floor: {pages} pages into {out} with {args.processes} process{'es' * (args.processes != 1)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
