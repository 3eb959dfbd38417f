"""Odd states of the output folder and the build cache: one clear line each, never a traceback or a mixed folder."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest

from sitegen import store
from sitegen.errors import SiteError
from sitegen.pipeline import BuildOptions, build
from tests.conftest import entry, make_site, run_cli

CHOOSE = "(choose a separate folder, e.g. output/)"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site(
        tmp_path, {f"content/entries/2020-e{i}.md": entry(f"Event {i}", f"2020-0{i + 1}") for i in range(4)}
    )


def tree(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("site.toml", "site.toml is a file, not a folder"),
        ("site.toml/x", "site.toml is a file, not a folder"),
        ("/dev/null", "/dev/null is a device or other special file, not a folder"),
        (".cache", ".cache would mix the site with the build cache in .cache/sitegen/"),
        (".cache/sitegen", ".cache/sitegen would mix the site with the build cache in .cache/sitegen/"),
        (".cache/x", ".cache/x is inside .cache/, which holds the build cache and the preview"),
        ("content/out", "content/out holds the site's sources and cannot be the output folder"),
    ],
)
def test_an_out_that_cannot_be_the_output_folder_is_a_usage_error(root: Path, out: str, message: str) -> None:
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run_cli("build", "--root", root, "--out", out, cwd=root)
    assert (result.returncode, result.stderr, result.stdout) == (2, f"--out: {message} {CHOOSE}\n", "")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing made, nothing removed


@pytest.mark.parametrize("blocked", [".cache", ".cache/sitegen"])
def test_a_cache_folder_that_is_a_file_means_a_build_without_the_cache(
    root: Path, tmp_path: Path, blocked: str
) -> None:
    (root / blocked).parent.mkdir(parents=True, exist_ok=True)
    (root / blocked).write_text("not a folder")
    result = run_cli("build", "--root", root, cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"{blocked}: warning: is not a folder, so this build runs without the build cache "
        "(remove it, and the next build keeps a cache again)\n"
    )
    assert (root / blocked).read_text() == "not a folder"
    assert run_cli("build", "--root", root, "--out", tmp_path / "cold", "--no-cache").returncode == 0
    assert tree(root / "output") == tree(tmp_path / "cold")


def test_a_cache_file_that_is_a_folder_is_ignored_like_any_damaged_one(root: Path, tmp_path: Path) -> None:
    assert run_cli("build", "--root", root).returncode == 0
    folder = root / ".cache/sitegen"
    damaged = sorted(folder.glob("*.pickle"))
    names = {p.name for p in damaged}
    assert "ledger.pickle" in names and {n[:7] for n in names} >= {"parsed-", "search-"}, names
    for path in damaged:
        path.unlink()
        (path / "inside").mkdir(parents=True)
    (root / "content/entries/2020-e1.md").write_text(entry("Event 1, edited", "2020-02"))
    result = run_cli("build", "--root", root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (folder / "ledger.pickle").is_file() and (folder / "search-en.0.pickle").is_file()  # written again
    assert run_cli("build", "--root", root, "--out", tmp_path / "cold", "--no-cache").returncode == 0
    assert tree(root / "output") == tree(tmp_path / "cold")


def no_space(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))


def test_a_full_disk_while_saving_the_cache_leaves_the_output_as_it_was(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(BuildOptions(root, out))
    before = tree(out)
    (root / "content/entries/2020-e1.md").write_text(entry("Event 1, edited", "2020-02"))
    monkeypatch.setattr(store, "write_blob", no_space)  # parsed files and search parts, saved before the write
    with pytest.raises(SiteError) as caught:
        build(BuildOptions(root, out))
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{tmp_path}/.cache/sitegen/")
    assert str(problem).endswith(
        f".pickle: No space left on device; {out}/ was left as it was "
        "(free some space, then build again, or build with --no-cache)"
    )
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sitegen-stage-")] == []


def test_a_full_disk_while_saving_the_ledger_says_the_output_is_complete(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(BuildOptions(root, out))
    (root / "content/entries/2020-e1.md").write_text(entry("Event 1, edited", "2020-02"))
    write_blob = store.write_blob

    def no_space_for_the_ledger(path: Path, key: bytes, value: object) -> None:
        (no_space if path.name == "ledger.pickle" else write_blob)(path, key, value)

    monkeypatch.setattr(store, "write_blob", no_space_for_the_ledger)  # saved once the output is written
    with pytest.raises(SiteError) as caught:
        build(BuildOptions(root, out))
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path}/.cache/sitegen/ledger.pickle: No space left on device; {out}/ was written all the same "
        "(free some space, then build again, or build with --no-cache)"
    ]
    assert "Event 1, edited" in (out / "entries/e1/index.html").read_text()
    build(BuildOptions(root, tmp_path / "cold", cache=False))
    assert tree(out) == tree(tmp_path / "cold")
