"""`make bench`: how fast we build synthetic timelines of 100, 1,000 and 10,000 entries, against a floor, Pelican and Hugo.

For each size (sites from bench/synth.py, generated once into bench/work/ and
reused) and each file system (the work disk, and /dev/shm as tmpfs), every
measurement is a fresh process timed from start to exit, its peak memory taken
from the kernel (`wait4`). Prints one Markdown table of measurements and one of
ratios against the targets of the speed issue, and writes both to
bench/RESULTS.md. A benchmark, not a test: the numbers are what they are.

    .venv/bin/python bench/run.py [--sizes 100,1000,10000] [--fs disk,tmpfs] [--repeat N] [--fresh]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

from harness import FILESYSTEMS, PROJECT, RESULTS, SIZES, TMPFS, BenchError, Results, log
from measure import measure_size
from report import report
from tools import detect_features, ensure_corpus, find_tools


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="entries per site, comma-separated")
    parser.add_argument("--fs", default=",".join(FILESYSTEMS), help="disk, tmpfs or both (default both)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is kept")
    parser.add_argument("--fresh", action="store_true", help="regenerate the synthetic sites and conversions")
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.fs = [fs.strip() for fs in args.fs.split(",") if fs.strip()]
    unknown = set(args.fs) - set(FILESYSTEMS)
    if unknown or not args.sizes or args.repeat < 1:
        parser.error(f"--fs takes {', '.join(FILESYSTEMS)}; --sizes and --repeat need positive numbers")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run `finally`: put edited entries back
    started, load = time.monotonic(), os.getloadavg()
    try:
        features = detect_features()
    except subprocess.CalledProcessError as error:
        log(f"bench: `build.py build --help` failed:\n{error.stderr}")
        return 1
    tools = find_tools()
    filesystems = list(args.fs)
    if "tmpfs" in filesystems and not (TMPFS.is_dir() and os.access(TMPFS, os.W_OK)):
        tools = replace(tools, skipped={**tools.skipped, "tmpfs": f"{TMPFS} is not a writable folder"})
        filesystems.remove("tmpfs")
    for tool, why in tools.skipped.items():
        log(f"Skipping {tool}: {why}")
    results = Results(args.repeat)
    try:
        for size in args.sizes:
            corpus = ensure_corpus(size, tools, args.fresh)
            for fs in filesystems:
                measure_size(results, size, fs, corpus, tools, features)
    except BenchError as error:
        log(f"bench: {error}")
        return 1
    if not results.rows:
        log("bench: nothing was measured")
        return 1
    text = report(results, tools, features, load, started, argv)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    log(f"Written to {RESULTS.relative_to(PROJECT)}.")
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
