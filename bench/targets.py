"""The issue's targets as ratios of the measurements, with ✓/✗ where a target is stated for that size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness import SIZES, Row


@dataclass(frozen=True, slots=True)
class Ratio:
    name: str
    target: str
    value: Callable[[dict[str, Row], dict[str, Row] | None], float | None]  # (rows of a size+fs, rows at 100 same fs)
    holds: Callable[[int, float], bool | None] = lambda size, value: None  # None: no target at this size
    digits: int = 2


def _wall(rows: dict[str, Row], key: str) -> float | None:
    return rows[key].wall if key in rows else None


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _cold(rows: dict[str, Row], jobs: int | None = None) -> Row | None:
    """Our cold build with `--jobs jobs` (0: one process per core); None: the fastest we have."""
    if jobs is not None:
        return rows.get(f"ours-cold-{jobs}")
    colds = [r for key, r in rows.items() if key.startswith("ours-cold")]
    return min(colds, key=lambda r: r.wall) if colds else None


def _get(row: Row | None, name: str) -> float | None:
    return getattr(row, name, None)


def _at(limits: dict[int, float], strict: bool = False) -> Callable[[int, float], bool | None]:
    """Holds when the value is at most (`strict`: below) the limit stated for that size; None: none stated."""
    return lambda size, value: None if size not in limits else value < limits[size] if strict else value <= limits[size]


def _rendered_share(rows: dict[str, Row], _: object) -> float | None:
    dev = rows.get("ours-dev")
    return 100 * dev.rendered / dev.pages if dev and dev.rendered is not None and dev.pages else None


BUILDS = ("ours-cold-1", "ours-cold-0", "ours-warm", "ours-changed")  # `build.py build` runs, not the dev server

RATIOS = (
    Ratio(
        "cold, 1 job / floor, 1 process",
        "≤ 2.0 at 1,000, ≤ 1.8 at 10,000",
        lambda r, _: _div(_get(_cold(r, 1), "wall"), _wall(r, "floor-1")),
        _at({1000: 2.0, 10000: 1.8}),
    ),
    Ratio(
        "cold, --jobs 0 / floor, 1 process",
        "–",
        lambda r, _: _div(_get(_cold(r, 0), "wall"), _wall(r, "floor-1")),
    ),
    Ratio(
        "cold, --jobs 0 / floor, 2 processes",
        "–",
        lambda r, _: _div(_get(_cold(r, 0), "wall"), _wall(r, "floor-2")),
    ),
    Ratio(
        "cold, --jobs 0 ms/page / Pelican ms/page",
        "≤ 0.5 at 10,000",
        lambda r, _: _div(_get(_cold(r, 0), "ms_per_page"), _get(r.get("pelican"), "ms_per_page")),
        _at({10000: 0.5}),
    ),
    Ratio(
        "cold, fastest, ms/page / Hugo ms/page",
        "–",
        lambda r, _: _div(_get(_cold(r), "ms_per_page"), _get(r.get("hugo"), "ms_per_page")),
    ),
    Ratio(
        "warm, nothing changed / our cold (fastest)",
        "≤ 0.08 at 10,000",
        lambda r, _: _div(_wall(r, "ours-warm"), _get(_cold(r), "wall")),
        _at({10000: 0.08}),
    ),
    Ratio(
        "warm, one entry changed / Hugo cold",
        "≤ 0.12 at 10,000",
        lambda r, _: _div(_wall(r, "ours-changed"), _wall(r, "hugo")),
        _at({10000: 0.12}),
    ),
    Ratio(
        "warm, one entry changed / our cold (fastest)",
        "–",
        lambda r, _: _div(_wall(r, "ours-changed"), _get(_cold(r), "wall")),
    ),
    Ratio(
        "dev server, save to reload in Chromium (median), s",
        "≤ 0.15 at 1,000, ≤ 0.5 at 10,000",
        lambda r, _: _wall(r, "ours-reload"),
        _at({1000: 0.15, 10000: 0.5}),
        digits=3,
    ),
    Ratio("dev server one-entry rebuild, s", "–", lambda r, _: _wall(r, "ours-dev"), digits=3),
    Ratio("dev server: pages rendered, % of all", "≤ 2% + list pages at 1,000", _rendered_share),
    Ratio(
        "dev server's peak memory, MB (the whole preview in memory)",
        "≤ 700 at 10,000",
        lambda r, _: _get(r.get("ours-dev"), "peak_mb"),
        _at({10000: 700}),
        digits=0,
    ),
    Ratio(
        "a build's peak memory, MB",
        "< 1024 at 10,000",
        lambda r, _: max((row.peak_mb for key, row in r.items() if key in BUILDS), default=None),
        _at({10000: 1024}, strict=True),
        digits=0,
    ),
    Ratio(
        "cold ms/page / cold ms/page at 100 (linear cost)",
        "≤ 1.5 at 10,000",
        lambda r, small: _div(_get(_cold(r), "ms_per_page"), _get(_cold(small), "ms_per_page") if small else None),
        _at({10000: 1.5}),
    ),
)


def ratio_table(rows: list[Row]) -> str:
    groups: dict[tuple[int, str], dict[str, Row]] = {}
    for r in rows:
        groups.setdefault((r.size, r.fs), {})[r.key] = r
    columns = sorted(groups)
    lines = [
        "| ratio | target | " + " | ".join(f"{size:,} {fs}" for size, fs in columns) + " |",
        "|---|---|" + "---:|" * len(columns),
    ]
    for ratio in RATIOS:
        cells = []
        for size, fs in columns:
            value = ratio.value(groups[(size, fs)], groups.get((min(SIZES), fs)) if size != min(SIZES) else None)
            if value is None:
                cells.append("–")
                continue
            holds = ratio.holds(size, value)
            mark = "" if holds is None else (" ✓" if holds else " ✗")
            cells.append(f"{value:,.{ratio.digits}f}{mark}")
        lines.append(f"| {ratio.name} | {ratio.target} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
