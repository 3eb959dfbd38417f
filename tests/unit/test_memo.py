"""The memo: a job runs once per fingerprint; the output folder or memory answers for the rest."""

from __future__ import annotations

from typing import Any

from sitegen.content import Content
from sitegen.memo import Fingerprints, RenderMemo


def page(text: str) -> bytes:
    page.calls.append(text)  # type: ignore[attr-defined]
    return f"<p>{text}</p>".encode()


page.calls = []  # type: ignore[attr-defined]


def render(memo: RenderMemo, version: str, *texts: str, folder: Any = None, stow: Any = None) -> Any:
    session = memo.begin(Fingerprints(Content(()), {}, version), folder, stow)
    results = [session.cached(page, text, output=f"{text}.html") for text in texts]
    return results, memo.end(session)


def test_a_job_runs_once_per_fingerprint_and_again_under_a_new_version() -> None:
    page.calls.clear()  # type: ignore[attr-defined]
    memo = RenderMemo()
    results, first = render(memo, "v1", "a", "b")
    assert results == [b"<p>a</p>", b"<p>b</p>"] and first.made == ("a.html", "b.html")
    results, second = render(memo, "v1", "a", "b", "c")
    assert results[2] == b"<p>c</p>" and second.made == ("c.html",)
    assert {k: v for k, v in second.fingerprints.items() if k != "c.html"} == first.fingerprints
    _, third = render(memo, "v2", "a")  # templates or config changed: every fingerprint is new
    assert third.made == ("a.html",) and third.fingerprints["a.html"] != first.fingerprints["a.html"]
    assert page.calls == ["a", "b", "c", "a"]  # type: ignore[attr-defined]


def test_a_file_the_output_folder_holds_is_not_made_and_a_fresh_one_is_stowed() -> None:
    last = RenderMemo()  # the last build's, in another process
    _, made = render(last, "v1", "a", "b")

    class Folder:
        """The ledger: what each call read and each file's fingerprint, from the last build."""

        def __init__(self) -> None:
            self.reads = last.reads

        def kept(self, rel: str, fingerprint: str) -> str | None:
            return f"on disk: {rel}" if made.fingerprints.get(rel) == fingerprint and rel == "a.html" else None

    stowed: list[str] = []
    memo = RenderMemo()
    results, stats = render(memo, "v1", "a", "b", folder=Folder(), stow=lambda out, data: stowed.append(out) or out)
    assert results == ["on disk: a.html", "b.html"] and stats.made == ("b.html",) and stowed == ["b.html"]
    assert memo.results == {}  # stowed results live in the stage, which the write empties
