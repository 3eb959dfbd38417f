"""The command line, defined once: `sitegen` (installed) and `build.py` (in a clone) both run `main`.

They differ only in their name and in the site they build when `--root` is not given: the folder the
command runs in for `sitegen`, the clone itself for `build.py`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import Problem

COMMANDS = ("build", "check", "new", "serve", "sources", "import", "init")


@dataclass(frozen=True, slots=True)
class Launcher:
    """How the writer typed the command (for usage and advice) and the site it builds by default."""

    command: str  # e.g. "sitegen" or "python3 build.py"
    root: Path

    @property
    def prog(self) -> str:
        return self.command.split()[-1]


def run() -> None:
    """The `sitegen` console script."""
    sys.exit(main(sys.argv[1:], Launcher("sitegen", Path.cwd())))


def parser(launcher: Launcher) -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog=launcher.prog, description="Build a sourced, multilingual reform timeline from Markdown files."
    )
    commands = main.add_subparsers(dest="command", metavar="{" + ",".join(COMMANDS) + "}")

    build = commands.add_parser(
        "build",
        help="build the site into the output folder",
        description="Check everything, then write the site into --out. A failed build leaves --out as it was.",
    )
    _root(build, launcher)
    build.add_argument("--out", type=Path, help="output folder (default: <root>/output)")
    build.add_argument("--base-url", help="public address, overrides site.base_url, e.g. https://owner.github.io/repo/")
    build.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    build.add_argument("--timings", action="store_true", help="print time and counts per stage")
    build.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="processes parsing and rendering a cold build, and parts of the search index made at once "
        "(0: one per core; default 1)",
    )
    build.add_argument(
        "--no-cache", action="store_true", help="ignore and don't update the build cache in .cache/ beside --out"
    )

    check = commands.add_parser(
        "check",
        help="check site.toml and all content; write nothing",
        description="Report every problem in site.toml, content and templates, with file and line; print translation coverage.",
    )
    _root(check, launcher)

    new = commands.add_parser(
        "new",
        help="start a new entry file",
        description="Write content/entries/<date>-<slug>.md with front matter to fill in, and print its path. Never overwrites.",
    )
    _root(new, launcher)
    new.add_argument("title", help="the entry's headline")
    new.add_argument("--date", help="YYYY, YYYY-MM or YYYY-MM-DD")
    new.add_argument("--category", action="append", default=[], help="a category slug from site.toml; repeat for more")
    new.add_argument("--lang", help="write a translation in this language of the entry with this slug")
    new.add_argument("--slug", help="the file and URL name (default: made from the title, transliterated to ASCII)")

    serve = commands.add_parser(
        "serve",
        help="preview the site with live reload",
        description="Build, serve on 127.0.0.1 and rebuild + reload the browser on every save.",
    )
    _root(serve, launcher)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--base-url", help="serve under this address's path (default: site.base_url)")
    serve.add_argument("--no-drafts", action="store_true", help="hide drafts (they are shown by default while serving)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    _sources_parser(commands, launcher)

    timeline = commands.add_parser(
        "import",
        help="turn a TimelineJS timeline (JSON, or its Google Sheet as CSV) into entries",
        description="Write one entry per event of a TimelineJS timeline into content/entries/, add its groups as "
        "categories to site.toml and print a report. Never overwrites a file.",
    )
    _root(timeline, launcher)
    timeline.add_argument("file", type=Path, help="the timeline's .json, or its sheet saved as .csv")
    timeline.add_argument("--dry-run", action="store_true", help="print the report; write or download nothing")
    timeline.add_argument(
        "--fetch-media",
        action="store_true",
        help="download the events' images beside their entries (default: keep them as links); "
        "SITEGEN_FETCH_TIMEOUT sets the seconds to wait for each",
    )
    timeline.add_argument(
        "--lang",
        help="the language the timeline is written in (default: the site's first): for its dates and group names",
    )
    _init_parser(commands)
    return main


def _init_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser(
        "init",
        help="start a new, empty site",
        description="Write site.toml with these languages and first categories, a first entry, the GitHub Pages "
        "workflow and a .gitignore into DIR, which must be new or empty. The site needs no templates of its own.",
    )
    init.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder")
    init.add_argument(
        "--lang", action="append", default=[], help="a language code, the default first; repeat for more (default: en)"
    )
    init.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="SLUG:TITLE",
        help='a category, e.g. courts:"Courts and judges"; repeat for more (at least one)',
    )


def _sources_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], launcher: Launcher) -> None:
    sources = commands.add_parser(
        "sources",
        help="check that every source's address still answers",
        description="Ask every url and archived_url in the entries over HTTP; report each dead or moved one "
        "as file:line, then a count. Answers are remembered for [sources] cache_days (7 by default).",
    )
    _root(sources, launcher)
    sources.add_argument(
        "--archive",
        action="store_true",
        help="write the Internet Archive's closest copy as archived_url under each dead source that has none",
    )
    sources.add_argument("--strict", action="store_true", help="exit 1 when a dead source has no archived copy")


def _root(command: argparse.ArgumentParser, launcher: Launcher) -> None:
    here = "this project" if launcher.prog.endswith(".py") else "the current folder"
    command.add_argument(
        "--root", type=Path, default=launcher.root, help=f"site folder holding site.toml and content/ (default: {here})"
    )


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(
            f"{errors} error{'s' * (errors != 1)}"
            + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else "")
            + ".",
            file=sys.stderr,
        )


def main(argv: list[str], launcher: Launcher) -> int:
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    from .errors import SiteError

    args = parser(launcher).parse_args(argv)
    if args.command == "init":
        try:
            return command_init(args, launcher)
        except SiteError as error:  # one line per mistake: nothing was written, so there is nothing to count
            for problem in error.problems:
                print(problem, file=sys.stderr)
            return 1
    root = args.root.resolve()
    if not root.is_dir():
        print(f"--root: {root} is not a folder", file=sys.stderr)
        return 2
    try:
        if args.command == "build":
            return command_build(args, root)
        if args.command == "check":
            return command_check(root)
        if args.command == "new":
            return command_new(args, root)
        if args.command == "sources":
            return command_sources(args, root)
        if args.command == "import":
            return command_import(args, root, launcher)
        from .serve import serve

        return serve(
            root,
            host=args.host,
            port=args.port,
            base_url=args.base_url,
            drafts=not args.no_drafts,
            open_browser=args.open,
        )
    except SiteError as error:
        print_problems(error.problems)
        return 1
    except KeyboardInterrupt:
        return 130


def command_build(args: argparse.Namespace, root: Path) -> int:
    from .journal import Terminated, raise_terminated
    from .write import shown

    signal.signal(signal.SIGTERM, raise_terminated)  # stops like Ctrl-C: the output is left whole
    out = (args.out or root / "output").resolve()
    builder = None
    try:
        from .pipeline import BuildOptions, SiteBuilder

        wrong = out_problem(root, out)
        if wrong:
            print(wrong, file=sys.stderr)
            return 2
        options = BuildOptions(root, out, args.base_url, args.drafts, cache=not args.no_cache, jobs=args.jobs)
        builder = SiteBuilder(options)
        result = builder.build()
    except KeyboardInterrupt as stop:
        done = builder is not None and builder.written is not None
        print(f"Interrupted: {shown(out)}/ {'completed' if done else 'left as it was'}", file=sys.stderr)
        return 128 + (signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT)
    print_problems(result.warnings)
    stats = result.stats
    assert stats is not None
    print(
        f"Built {result.pages} pages into {out} ({result.rendered} rendered): "
        f"{stats.written} files written, {stats.unchanged} unchanged, {stats.deleted} removed."
    )
    if args.timings:
        for stage, value in result.timings.items():
            print(f"  {stage:<10} {value:8.0f}" if stage == "cache hits" else f"  {stage:<10} {value * 1000:8.1f} ms")
    return 0


def out_problem(root: Path, out: Path) -> str | None:
    """Why --out cannot be the output folder (a usage error), or None."""
    from .errors import SiteError
    from .store import cache_dir
    from .write import check_output_folder, shown

    cache = cache_dir(out)
    try:
        check_output_folder(root, out, cache)
    except SiteError as error:
        return "\n".join(map(str, error.problems))
    for folder in (root / ".cache", cache.parent):
        if out.is_relative_to(folder.resolve()):
            return (
                f"--out: {shown(out)} is inside {shown(folder)}/, which holds the build cache and the preview "
                "(choose a separate folder, e.g. output/)"
            )
    return None


def command_init(args: argparse.Namespace, launcher: Launcher) -> int:
    from .newsite import init_site

    folder = args.folder.resolve()
    for path in init_site(folder, args.lang or ["en"], args.category):
        print(path.relative_to(folder).as_posix())
    print(f"Next: `{launcher.command} serve --root {args.folder}` previews it; README.md says how to publish it.")
    return 0


def command_check(root: Path) -> int:
    from .pipeline import check

    result, content, config, problems = check(root)
    print_problems(problems)
    entries = len(content.languages[0].entries)
    print(f"OK: {entries} entries, {result.pages} pages, {len(problems)} warning{'s' * (len(problems) != 1)}.")
    if len(config.languages) > 1:
        for lang, (translated, total) in content.coverage.items():
            share = 100 * translated / total if total else 100.0
            print(f"  {lang}: {translated}/{total} entries translated ({share:.0f}%)")
    return 0


def command_new(args: argparse.Namespace, root: Path) -> int:
    from .config import load_config
    from .scaffold import new_entry

    config, _ = load_config(root)
    path = new_entry(root, config, args.title, args.date, args.category, args.lang, args.slug)
    print(path.relative_to(root).as_posix())
    return 0


def command_sources(args: argparse.Namespace, root: Path) -> int:
    from .config import load_config
    from .sources import check_sources, settings_from_environment

    config, _ = load_config(root)
    settings, wayback_api, problem = settings_from_environment(os.environ, config)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    report = check_sources(
        root,
        config,
        settings,
        archive=args.archive,
        wayback_api=wayback_api,
        say=lambda line: print(line, file=sys.stderr, flush=True),
    )
    for found in report.problems:
        print(found)
    print(report.summary())
    return 1 if args.strict and report.uncovered else 0


def command_import(args: argparse.Namespace, root: Path, launcher: Launcher) -> int:
    from .importer import apply, plan_import, report
    from .importmedia import fetcher
    from .timelinejs import read_timeline

    downloader, usage = fetcher(os.environ) if args.fetch_media else (None, None)
    if usage:
        print(usage, file=sys.stderr)
        return 2
    plan = plan_import(root, read_timeline(args.file, str(args.file)), args.lang, downloader, args.dry_run)
    failed = [] if args.dry_run else apply(root, plan)
    print(report(plan, str(args.file), args.dry_run))
    if not args.dry_run:
        where = "" if root == launcher.root.resolve() else f" --root {args.root}"
        print(f"Next: `{launcher.command} check{where}` lists what is left to do.")
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0
