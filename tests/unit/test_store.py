"""The store on disk: a value comes back only under its own key, whole; anything else reads as absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.store import MAGIC, Store, cache_dir, read_blob, write_blob


def test_a_value_comes_back_under_its_key_only(tmp_path: Path) -> None:
    path = tmp_path / "part.pickle"
    write_blob(path, b"key", {"a": (1, "two")})
    assert read_blob(path, b"key") == {"a": (1, "two")}
    assert read_blob(path, b"other") is None  # another version, another site.toml
    assert read_blob(tmp_path / "absent.pickle", b"key") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-3] + b"xyz",
        lambda data: data.replace(MAGIC, b"sitegen-cache-0\n"),
        lambda data: b"",
    ],
    ids=["truncated", "flipped", "older-format", "empty"],
)
def test_a_damaged_file_reads_as_absent(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "part.pickle"
    write_blob(path, b"key", list(range(100)))
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert read_blob(path, b"key") is None


def test_a_folder_in_a_files_place_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "part.pickle"
    (path / "inside").mkdir(parents=True)
    write_blob(path, b"key", 1)
    assert read_blob(path, b"key") == 1


def test_the_store_sits_beside_the_output_and_its_ledger_starts_empty(tmp_path: Path) -> None:
    store = Store(tmp_path / "site/output")
    assert store.folder == cache_dir(tmp_path / "site/output") == tmp_path / "site/.cache/sitegen"
    assert cache_dir(tmp_path / "site/.cache/serve") == tmp_path / "site/.cache/sitegen"
    ledger = store.ledger()
    assert ledger.records == {} and ledger.made_from is None
