"""The bundled launch content: checks clean, every entry sourced and translated into every language."""

from __future__ import annotations

from tests.conftest import PROJECT, run_cli


def test_bundled_site_checks_with_zero_warnings_and_full_coverage() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "0 warnings" in result.stdout
    for lang in ("en", "ru", "kk"):
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(f"{lang}:"))
        assert line.strip().endswith("entries translated (100%)"), line


def test_every_entry_has_a_file_in_each_language() -> None:
    entries = PROJECT / "content/entries"
    originals = [p for p in entries.rglob("*.md") if p.name.count(".") == 1]
    assert len(originals) >= 40
    missing = [
        f"{p.stem}.{lang}.md"
        for p in originals
        for lang in ("ru", "kk")
        if not p.with_name(f"{p.stem}.{lang}.md").is_file()
    ]
    assert missing == []
