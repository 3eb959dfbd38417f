"""The dev server's one-entry rebuild, timed: what `serve` does after a writer saves a file.

    python bench/dev_rebuild.py SITE OUT ENTRY

Builds once as `serve` does when it starts (its `DevSite`, or a `SiteBuilder`
where there is none), waits for the work that follows (feeds, search index),
appends a paragraph to ENTRY, times the rebuild of that one change, puts ENTRY
back, removes the preview folder and prints one JSON line: wall seconds, pages,
pages rendered afresh (when known), files written. OUT is used only without
`DevSite`, which has its own folder.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synth import edit_entry

from sitegen.pipeline import BuildOptions, SiteBuilder

BACKGROUND_WAIT = 600.0  # seconds: the first build's search index must not compete with the timed rebuild
PAGES = re.compile(r"of (\d+) pages")


def with_dev_site(dev_site: type, site: Path, entry: Path) -> dict[str, Any]:
    dev = dev_site(site, freeze_memory=True)  # as `serve` runs it
    first = dev.rebuild()
    if first.problems and any(not p.warning for p in first.problems):
        raise SystemExit(f"the first build failed: {first.line}")
    dev.later.wait(BACKGROUND_WAIT)
    before = edit_entry(entry)
    try:
        start = time.perf_counter()
        outcome = dev.rebuild([entry])
        wall = time.perf_counter() - start
    finally:
        entry.write_text(before, encoding="utf-8")
    dev.later.wait(BACKGROUND_WAIT)
    dev.stopping.set()
    shutil.rmtree(dev.out, ignore_errors=True)  # the preview folder inside the benchmark's copy of the site
    with contextlib.suppress(OSError):
        dev.out.parent.rmdir()
    if outcome.problems and any(not p.warning for p in outcome.problems):
        raise SystemExit(f"the rebuild failed: {outcome.line}")
    pages = PAGES.search(outcome.line)
    return {
        "wall": wall,
        "pages": int(pages.group(1)) if pages else None,
        "rendered": outcome.rendered,
        "written": outcome.written,
    }


def with_site_builder(site: Path, out: Path, entry: Path) -> dict[str, Any]:
    builder = SiteBuilder(BuildOptions(root=site, out=out))
    builder.build()
    before = edit_entry(entry)
    try:
        start = time.perf_counter()
        result = builder.build()
        wall = time.perf_counter() - start
    finally:
        entry.write_text(before, encoding="utf-8")
    written = result.stats.written if result.stats else None
    return {"wall": wall, "pages": result.pages, "rendered": getattr(result, "rendered", None), "written": written}


def main(site: Path, out: Path, entry: Path) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run `finally`: put the entry back
    try:
        from sitegen.devsite import DevSite
    except ImportError:  # no dev server yet: serve would rebuild through a SiteBuilder
        DevSite = None
    if DevSite is not None:
        data = with_dev_site(DevSite, site.resolve(), entry.resolve())
    else:
        data = with_site_builder(site.resolve(), out.resolve(), entry.resolve())
    print(json.dumps(data))
    return 0


if __name__ == "__main__":
    sys.exit(main(*(Path(arg) for arg in sys.argv[1:4])))
