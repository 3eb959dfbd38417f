"""A second plan hands back the jobs an edit leaves as they were, equal to what a fresh plan makes."""

from __future__ import annotations

from pathlib import Path

from sitegen.content import Content
from sitegen.pipeline import BuildOptions, SiteBuilder
from sitegen.plan import PageJob, Plan, plan_site
from sitegen.urls import Urls
from tests.conftest import entry as entry_text
from tests.conftest import make_site


def test_a_second_plan_hands_back_every_job_an_edit_leaves_as_it_was(tmp_path: Path) -> None:
    files = {
        f"content/entries/2020-0{n}-01-{name}.md": entry_text(f"Event {name}", f"2020-0{n}-01")
        for n, name in enumerate("abcde", 1)
    }
    root = make_site(tmp_path, files)
    builder = SiteBuilder(BuildOptions(root=root, out=tmp_path / "out"))
    config, content, _ = builder.load()
    urls = Urls(config.base_url, config.base_path, config.languages)

    def reads(template: str) -> bool:
        return template == "timeline.html"

    def plan(content: Content, previous: Plan | None = None) -> list[PageJob]:
        return plan_site(content, config, urls, reads, previous)

    first = plan(content)
    previous = Plan({job.output: job for job in first}, {site.lang: site for site in content.languages})
    assert all(a is b for a, b in zip(plan(content, previous), first, strict=True))

    (root / "content/entries/2020-03-01-c.md").write_text(entry_text("Event c", "2020-03-01", body="Edited."))
    _, edited, _ = builder.load()
    again = plan(edited, previous)
    made = [job.output for job, old in zip(again, first, strict=True) if job is not old]
    # the entry, its neighbours (their links), the timeline (every entry) and its category (its card)
    assert made == [
        "index.html",
        "entries/b/index.html",
        "entries/c/index.html",
        "entries/d/index.html",
        "categories/courts/index.html",
    ]

    def values(jobs: list[PageJob]) -> list[tuple[object, ...]]:  # a kept job's `site` is an equal frame
        return [(j.output, j.template, j.inputs, {k: v for k, v in j.context.items() if k != "site"}) for j in jobs]

    assert values(again) == values(plan(edited))
